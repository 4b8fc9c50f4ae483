"""framekit's FIR duals side by side with hybra and torch conv1d (not an asv benchmark; run it).

Two cases, ISAC's defaults (``framekit.isac(fs)`` = ``hybra.ISAC(fs)``: 40 channels, kernel
128; stride 16 at 16 kHz, 17 at 44.1 kHz), a speech-like signal (``framekit.demo.retrieval.
speech_like``: harmonics of a gliding f0 through moving formants, noise bursts):

* (a) 6 s at 16 kHz;
* (b) 60 s at 44.1 kHz.

Routes (each: relative reconstruction error ||y - x|| / ||x||, best of ``--runs`` times, peak
memory of one more run, or of the one timed call when runs = 1):

* hybra ISAC forward + its default decoder (the encoder kernels / B; ``decoder`` recomputes B
  by its polyphase loop on every call), and the same with B computed once;
* hybra with ``fit_decoder=True`` (fitting time reported; error of its ``decoder``);
* framekit linear mode: FIRFilterBank analysis + FIR-dual synthesis, S = 128 and S = 512 taps
  (certified worst-case error ``dual.error``; dual built beforehand, its time reported);
* framekit streaming of the same (blocks of 65536 samples, FIR dual 128);
* framekit's circular exact-dual route (FilterBank of the signal's length, dual included):
  case (a) only (at 60 s, 44.1 kHz its exact dual holds 40 x 2.6M complex kernels);
* torch.nn.functional.conv1d + conv_transpose1d with framekit's analysis kernels and the
  128-tap FIR dual (real and imaginary parts as 80 real channels), float64 and float32.

hybra computes in complex64 (its float32 default); framekit and the float64 conv1d route in
float64.  Peak memory: ``traced`` = tracemalloc's peak (NumPy allocations; torch's CPU
allocator is invisible to it); ``RSS+`` = the process's peak resident set above its size
before the call (VmHWM of /proc/self/status, reset through /proc/self/clear_refs), for every
route.  Threads: torch.set_num_threads(OMP_NUM_THREADS or 1).

Without hybra (or torch) those rows are skipped with a message.  hybra imports torchaudio,
which tests/_torchaudio_stub.py stands in for when it has no build.

    OMP_NUM_THREADS=1 MALLOC_MMAP_THRESHOLD_=65536 python asv_bench/fir_side_by_side.py \\
        [--cases a b] [--runs 3] [--hybra-runs-b 1] [--no-fit-b]

(MALLOC_MMAP_THRESHOLD_ makes glibc return large freed blocks at once, so that RSS+ of a
route is not hidden by memory an earlier route freed but glibc kept.)  Case (b)'s hybra rows
take minutes each (its decoder's polyphase bound loop runs over 155 648 blocks): one timed
call by default.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import sys
import time
import tracemalloc

import numpy as np

import framekit

STREAM_BLOCK = 65536


# ----------------------------------------------------------------------------- helpers


def _rss_kb() -> tuple[int, int] | None:
    """(VmHWM, VmRSS) in kB, or None where /proc is unavailable."""
    try:
        with open("/proc/self/status") as f:
            s = f.read()
        return int(re.search(r"VmHWM:\s+(\d+)", s).group(1)), int(re.search(r"VmRSS:\s+(\d+)", s).group(1))
    except (OSError, AttributeError):
        return None


def _reset_hwm() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak(func) -> tuple[float, float]:
    """(tracemalloc peak, RSS peak above the start) in bytes for one call of func."""
    before = _rss_kb()
    reset = before is not None and _reset_hwm()
    before = _rss_kb() if reset else None
    tracemalloc.start()
    func()
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    after = _rss_kb() if reset else None
    rss = float("nan") if before is None or after is None else 1024.0 * (after[0] - before[1])
    return float(traced), rss


def _timed(func, runs: int, memory: bool = True):
    """(best time, all times, traced peak, RSS peak, output)."""
    if runs == 1:  # one call measures both (slow routes); tracemalloc adds little to big arrays
        box = []
        t = time.perf_counter()
        traced, rss = _peak(lambda: box.append(func()))
        t = time.perf_counter() - t
        return t, [t], traced, rss, box[0]
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - t)
    traced, rss = _peak(func) if memory else (float("nan"), float("nan"))
    return min(times), times, traced, rss, out


def _rel(y, x) -> float:
    y = np.asarray(y)
    return float(np.linalg.norm(y - x) / np.linalg.norm(x))


def _signal(n: int, fs: int) -> np.ndarray:
    try:
        from framekit.demo.retrieval import speech_like
    except ImportError:  # a stand-in: harmonics of a gliding f0, noise bursts
        def speech_like(length, fs, seed=0):
            rng = np.random.default_rng(seed)
            t = np.arange(length) / fs
            f0 = 120.0 + 40.0 * np.sin(2 * np.pi * 0.7 * t)
            ph = 2 * np.pi * np.cumsum(f0) / fs
            v = sum(np.sin(k * ph) / k for k in range(1, 30) if 30 * 160 < fs / 2)
            x = v * np.clip(np.sin(2 * np.pi * 2.5 * t), 0, 1) + 0.1 * rng.standard_normal(length)
            return 0.5 * x / np.max(np.abs(x))
    return np.asarray(speech_like(n, float(fs)), dtype=np.float64)


def _version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except ImportError:
        return "?"
    except Exception:  # noqa: BLE001 (PackageNotFoundError and the like)
        return "?"


def _import_hybra():
    try:
        import torch  # noqa: F401
    except ImportError:
        return None, "torch is not installed"
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
    try:
        import _torchaudio_stub

        _torchaudio_stub.install()
    except ImportError:
        pass
    try:
        import hybra
    except ImportError as e:
        return None, f"hybra is not importable ({e})"
    return hybra, ""


# ----------------------------------------------------------------------------- one case


def run_case(label: str, fs: int, seconds: float, runs: int, fit_hybra: bool, circular: bool, hybra,
             hybra_runs: int) -> None:
    n = round(fs * seconds)
    x = _signal(n, fs)
    fb0 = framekit.isac(fs)
    d, T, o = fb0.stride, fb0.kernels.shape[-1], fb0.origin
    fir = fb0.fir()
    print(f"\n=== ({label}) {seconds:g} s at {fs} Hz, speech-like, n = {n}; ISAC defaults: K = "
          f"{fb0.num_channels}, kernel {T}, stride {d}, origin {o}")
    rows: list[tuple] = []  # (name, best, times, traced, rss, err, note)
    info: list[str] = []

    # ---- hybra
    torch = None
    if hybra is not None:
        import torch
        from hybra.utils import circ_conv_transpose, frame_bounds

        default = torch.get_default_dtype()
        torch.set_default_dtype(torch.float32)  # hybra is written for torch's float32 default
        try:
            ref = hybra.ISAC(fs=fs, kernel_size=128, num_channels=40, L=n)
        finally:
            torch.set_default_dtype(default)
        kh = ref.kernels.numpy().astype(np.complex128)
        k0 = np.asarray(fb0.kernels)
        scale = complex(np.vdot(kh, k0) / np.vdot(kh, kh))
        dev = np.abs(k0 - scale * kh).max() / np.abs(k0).max()
        same_support = bool(np.array_equal(np.abs(k0) > 0, np.abs(kh) > 0))
        info.append(f"kernels: hybra {tuple(kh.shape)} stride {ref.stride}, framekit {k0.shape} stride {d}; "
                    f"framekit = {scale.real:.6f}{scale.imag:+.1e}j x hybra, max deviation {dev:.1e} of max|k| "
                    f"(float32), same supports: {same_support}")
        Ls = ref.Ls
        xh = torch.from_numpy(np.concatenate([x, np.zeros(Ls - n)]).astype(np.float32))[None, :]

        def hy_default():
            with torch.no_grad():
                return ref.decoder(ref(xh)).real[0, :n].numpy()

        best, ts, tr, rss, y = _timed(hy_default, hybra_runs)
        rows.append(("hybra forward + default decoder", best, ts, tr, rss, _rel(y, x), "decoder recomputes B"))
        t = time.perf_counter()
        with torch.no_grad():
            _, B = frame_bounds(ref.decoder_kernels, ref.stride, ref.Ls)
        t_b = time.perf_counter() - t
        dec_k = ref.decoder_kernels / B

        def hy_cached():
            with torch.no_grad():
                return circ_conv_transpose(ref(xh), dec_k, ref.stride).squeeze(1).real[0, :n].numpy()

        best, ts, tr, rss, y = _timed(hy_cached, hybra_runs)
        rows.append(("hybra forward + default decoder, B cached", best, ts, tr, rss, _rel(y, x), f"B: {t_b:.2f} s"))

        if fit_hybra:
            torch.manual_seed(0)
            log = io.StringIO()
            t = time.perf_counter()
            torch.set_default_dtype(torch.float32)
            try:
                with contextlib.redirect_stdout(log):
                    fitted = hybra.ISAC(fs=fs, kernel_size=128, num_channels=40, L=n, fit_decoder=True)
            finally:
                torch.set_default_dtype(default)
            t_fit = time.perf_counter() - t
            stats = " ".join(s.strip() for s in log.getvalue().splitlines()[-3:])

            def hy_fit():
                with torch.no_grad():
                    return fitted.decoder(fitted(xh)).real[0, :n].numpy()

            best, ts, tr, rss, y = _timed(hy_fit, hybra_runs)
            rows.append(("hybra forward + fitted decoder", best, ts, tr, rss, _rel(y, x), f"fit {t_fit:.1f} s"))
            info.append(f"hybra fit_decoder=True: {t_fit:.1f} s; its log: {stats}")
            # diagnostic: the fit minimises ||x - D*_{g/B_enc} A x|| (B of the encoder, Ls=None);
            # the decoder then divides by the B of the fitted kernels at Ls
            with torch.no_grad():
                _, B_enc = frame_bounds(fitted.kernels, fitted.stride, None)
                y = circ_conv_transpose(fitted(xh), fitted.decoder_kernels / B_enc, fitted.stride)
            info.append(f"hybra fitted kernels scaled by the encoder's B (what the fit optimises): error "
                        f"{_rel(y.squeeze(1).real[0, :n].numpy(), x):.3e}")
        else:
            info.append("hybra fit_decoder=True: not run for this case (--no-fit-b)")

    # ---- framekit linear mode
    duals = {}
    for S in (T, 4 * T):
        t = time.perf_counter()
        duals[S] = fir.dual(S)
        info.append(f"fir.dual({S}): built in {time.perf_counter() - t:.2f} s, certified error "
                    f"{duals[S].error:.2e} (l2(Z) bound {duals[S].error_bound:.2e})")
    for S, dual in duals.items():
        best, ts, tr, rss, y = _timed(lambda dual=dual: dual.synthesis(fir.analysis(x), n), runs)
        rows.append((f"framekit linear, FIR dual S={S}", best, ts, tr, rss, _rel(y, x), f"cert. {dual.error:.1e}"))

    def stream():
        a, s = fir.stream(), duals[T].stream()
        out = [s.synthesis(a.analysis(x[i : i + STREAM_BLOCK])) for i in range(0, n, STREAM_BLOCK)]
        out.append(s.synthesis(a.flush()))
        out.append(s.flush(length=n))
        return np.concatenate(out)

    best, ts, tr, rss, y = _timed(stream, runs)
    rows.append((f"framekit streaming, blocks {STREAM_BLOCK}, S={T}", best, ts, tr, rss, _rel(y, x), ""))

    if circular:
        L = -(-n // d) * d

        def circ():
            fb = framekit.isac(fs, length=L)
            xp_ = np.concatenate([x, np.zeros(L - n)])
            return fb.dual().synthesis(fb.analysis(xp_))[:n]

        best, ts, tr, rss, y = _timed(circ, runs)
        rows.append(("framekit circular, exact dual (dual incl.)", best, ts, tr, rss, _rel(y, x), ""))
    else:
        info.append(f"framekit circular exact-dual route: skipped (its dual would hold "
                    f"{fb0.num_channels} x {n} complex128 kernels = {fb0.num_channels * n * 16 / 2**30:.1f} GiB)")

    # ---- torch conv1d / conv_transpose1d with the same kernels
    if torch is None:
        try:
            import torch
        except ImportError:
            info.append("torch is not installed: conv1d rows skipped")
    if torch is not None:
        import torch.nn.functional as F

        N = fir.num_frames(n)
        g = duals[T]
        S, og = g.kernels.shape[-1], g.origin
        k = np.asarray(fb0.kernels)
        gk = np.asarray(g.kernels)
        # analysis: c_i = sum_m x[m] h[(i - o // d) d - m + o] (conv1d correlates: reversed kernels)
        pl = T - 1 - o + (o // d) * d
        pr = (N - 1) * d + T - n - pl
        # synthesis: y[m] = Re sum_i c_i conj(g[(i - o // d) d - m + og]) = out[m + S - 1 - og + (o // d) d]
        shift = S - 1 - og + (o // d) * d
        assert pl >= 0 and pr >= 0 and shift >= 0 and shift + n <= (N - 1) * d + S
        for dt in (torch.float64, torch.float32):
            w = torch.from_numpy(np.concatenate([k.real, k.imag])[:, None, ::-1].copy()).to(dt)
            wg = torch.from_numpy(np.concatenate([gk.real, gk.imag])[:, None, ::-1].copy()).to(dt)
            xt = torch.from_numpy(x).to(dt)[None, None, :]

            def conv(w=w, wg=wg, xt=xt):
                with torch.no_grad():
                    c = F.conv1d(F.pad(xt, (pl, pr)), w, stride=d)
                    return F.conv_transpose1d(c, wg, stride=d)[0, 0, shift : shift + n]

            best, ts, tr, rss, y = _timed(conv, runs)
            rows.append((f"torch conv1d + conv_transpose1d, {str(dt)[6:]}", best, ts, tr, rss,
                         _rel(y.double().numpy(), x), f"FIR dual S={T}"))

    # ---- table
    def ref_time(prefix):
        return next((r[1] for r in rows if r[0].startswith(prefix)), float("nan"))

    t_hy, t_conv = ref_time("hybra forward + default decoder"), ref_time("torch conv1d + conv_transpose1d, float64")
    if hybra is None:
        info.append("hybra rows skipped: hybra is not importable")
    for line in info:
        print("  " + line)
    print(f"{'route':46s} {'best s':>8s} {'/hybra':>7s} {'/conv64':>7s} {'traced MB':>9s} {'RSS+ MB':>8s} "
          f"{'rel. error':>10s}  runs (s); note")
    for name, best, ts, tr, rss, err, note in rows:
        print(f"{name:46s} {best:8.3f} {best / t_hy:7.3f} {best / t_conv:7.3f} {tr / 2**20:9.1f} "
              f"{rss / 2**20:8.1f} {err:10.2e}  " + ", ".join(f"{t:.3f}" for t in ts) + (f"; {note}" if note else ""))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", nargs="+", default=["a", "b"], choices=["a", "b"])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--no-fit-b", action="store_true", help="skip hybra's decoder fit in case (b)")
    p.add_argument("--hybra-runs-b", type=int, default=1,
                   help="timed runs of hybra's rows in case (b) (each takes minutes; 1: time and memory in one call)")
    args = p.parse_args()
    hybra, why = _import_hybra()
    threads = int(os.environ.get("OMP_NUM_THREADS", "1") or 1)
    try:
        import torch

        torch.set_num_threads(threads)
        tinfo = f"torch {torch.__version__} threads {torch.get_num_threads()}"
    except ImportError:
        tinfo = "torch not installed"
    print(f"numpy {np.__version__}, framekit {getattr(framekit, '__version__', '?')}, {tinfo}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')}, "
          f"hybra {_version('hybra') if hybra else 'skipped: ' + why}")
    try:
        print("load average: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    except OSError:
        pass
    if hybra is None:
        print(f"{why}: the hybra rows are skipped (pip install hybra)")
    for case in args.cases:
        if case == "a":
            run_case("a", 16000, 6, args.runs, True, True, hybra, args.runs)
        else:
            run_case("b", 44100, 60, args.runs, not args.no_fit_b, False, hybra, args.hybra_runs_b)


if __name__ == "__main__":
    main()
