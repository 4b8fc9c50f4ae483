"""Streaming memory is flat in signal length (issue 20, part 4).

1. tracemalloc peak (NumPy) of FilterBankStream analysis + synthesis with the FIR dual
   (ISAC defaults at 44.1 kHz, dual of 4 T taps) over 1 s, 1 min and 10 min of audio,
   blocks of 65 536 samples, the signal generated block by block (never whole).
2. ``framekit analyze`` on a 10-minute 44.1 kHz WAV file written block by block
   (``wave``, pcm16): peak RSS of the child process (``resource.getrusage``).

Run: ``OMP_NUM_THREADS=1 python asv_bench/stream_memory.py [--skip-cli]``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import wave

import numpy as np

import framekit

FS, BLOCK = 44100, 65536


def stream_peak(seconds: float) -> tuple[float, float, float]:
    """(tracemalloc peak MiB, relative error of the round trip, seconds)."""
    fir = framekit.isac(FS).fir()
    T = int(fir.kernels.shape[-1])
    dual = fir.dual(4 * T)
    n = int(seconds * FS)
    rng = np.random.default_rng(0)
    err2 = ref2 = 0.0
    pending: list[np.ndarray] = []  # input blocks not yet matched by output (bounded: ~1 block)
    lag = 0
    t = time.perf_counter()
    tracemalloc.start()
    a, s = fir.stream(), dual.stream()

    def check(y: np.ndarray) -> None:
        nonlocal err2, lag
        i = 0
        while i < y.shape[-1]:
            x = pending[0]
            m = min(x.shape[-1] - lag, y.shape[-1] - i)
            err2 += float(np.sum((y[i : i + m] - x[lag : lag + m]) ** 2))
            i += m
            lag += m
            if lag == x.shape[-1]:
                pending.pop(0)
                lag = 0

    for i in range(0, n, BLOCK):
        x = rng.standard_normal(min(BLOCK, n - i))
        ref2 += float(np.sum(x**2))
        pending.append(x)
        check(s.synthesis(a.analysis(x)))
    check(s.synthesis(a.flush()))
    check(s.flush(length=n))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20, (err2 / ref2) ** 0.5, time.perf_counter() - t


def write_wav_blocks(path: str, seconds: float) -> None:
    n = int(seconds * FS)
    rng = np.random.default_rng(1)
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(FS)
        for i in range(0, n, BLOCK):
            x = 0.3 * rng.standard_normal(min(BLOCK, n - i))
            w.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())


def cli_peak_rss(seconds: float) -> tuple[float, float]:
    """(peak RSS MiB of ``framekit analyze`` on a WAV of that length, seconds)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "long.wav")
        write_wav_blocks(path, seconds)
        code = (
            "import resource, sys; from framekit.cli import main; "
            f"rc = main(['analyze', {path!r}, '--out', {tmp!r}, '--backend', 'numpy']); "
            "print('MAXRSS_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
        )
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
        dt = time.perf_counter() - t
        if out.returncode:
            raise RuntimeError(out.stderr[-2000:])
        kb = next(int(line.split()[1]) for line in out.stderr.splitlines() if line.startswith("MAXRSS_KB"))
        return kb / 1024, dt


def main() -> None:
    print("FilterBankStream, ISAC 44.1 kHz defaults, FIR dual 4T taps, blocks of 65536 (NumPy)")
    print(f"{'signal':>8s} {'samples':>10s} {'tracemalloc peak MiB':>21s} {'rel. error':>11s} {'s':>7s}")
    for label, sec in (("1 s", 1), ("1 min", 60), ("10 min", 600)):
        peak, err, dt = stream_peak(sec)
        print(f"{label:>8s} {int(sec * FS):10d} {peak:21.1f} {err:11.1e} {dt:7.1f}", flush=True)
    if "--skip-cli" not in sys.argv:
        for label, sec in (("1 s", 1), ("10 min", 600)):
            rss, dt = cli_peak_rss(sec)
            print(f"framekit analyze, {label} 44.1 kHz WAV: peak RSS {rss:.0f} MiB ({dt:.1f} s)", flush=True)
    print(f"(process max RSS so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
