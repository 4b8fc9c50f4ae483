"""framekit on a GPU, side by side with the hardware's limits (not an asv benchmark).

For each backend asked for (default ``torch:cuda`` and ``cupy``), float32, best of ROUNDS after
a warm-up, every timing synchronized:

* **roofline**: a device-to-device copy of the STFT's input, in GB/s counting bytes read and
  written: the memory bandwidth an elementwise-bound kernel can reach;
* **STFT** of B = 64 signals of 2^20 samples (periodic Hann, n_fft 1024, hop 256, circular):
  time, effective bandwidth (input read + coefficients written) and its fraction of the
  roofline; ``torch.stft`` (center=False, the same frames) as the peer on torch;
* **ISAC**: the 16 kHz, 40-channel filterbank on 64 one-second signals: analysis, exact
  frame bounds, exact dual, dual synthesis, and the reconstruction error;
* **max_bias sampling** of a 1000 x 100 Gaussian frame with 10^6 samples, against the rate
  of the bare matrix products it needs (the sampler's floor).

Run: ``python asv_bench/gpu_side_by_side.py [--backends torch:cuda,cupy] [--rounds 5]
[--small] [--out REPORT.md]``.  ``--small`` shrinks every size 64-fold (a smoke test that
also runs on ``numpy`` or ``torch:cpu``).  Writes a Markdown report (stdout, and ``--out``).
"""

from __future__ import annotations

import argparse
import importlib
import pathlib
import sys
import time
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import framekit  # after the path above
from framekit import _backend


def _namespace(name: str) -> tuple[Any, Any]:
    lib, _, dev = name.partition(":")
    mod = importlib.import_module(lib)
    xp = _backend.get_namespace(mod)
    return xp, (_backend.device_named(xp, dev) if dev else None)


def _best(func: Any, rounds: int) -> float:
    _backend.synchronize(func())
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        _backend.synchronize(func())
        times.append(time.perf_counter() - start)
    return min(times)


def _report_backend(name: str, rounds: int, scale: int) -> list[str]:
    xp, dev = _namespace(name)
    f32 = xp.float32
    rows = [f"### {name}", "", "| what | time | figure |", "|---|---|---|"]

    B, L, M, hop = 64 // scale or 1, 2**20 // scale, 1024, 256
    x = _backend.random_normal(xp, (B, L), seed=0, dtype=f32, device=dev)
    t_copy = _best(lambda: xp.asarray(x, copy=True), rounds)
    roof = 2 * B * L * 4 / t_copy / 1e9
    rows.append(f"| copy of {B} x {L} float32 (roofline) | {t_copy * 1e3:.2f} ms | {roof:.0f} GB/s |")
    t_stft = _best(lambda: framekit.stft(x, n_fft=M, hop_length=hop, pad_mode="reflect"), rounds)
    n_frames = L // hop + 1
    moved = B * L * 4 + B * (M // 2 + 1) * n_frames * 8
    bw = moved / t_stft / 1e9
    rows.append(f"| stft B={B} L={L} n_fft={M} hop={hop} | {t_stft * 1e3:.2f} ms | "
                f"{bw:.0f} GB/s = {bw / roof:.0%} of the roofline |")
    if name.startswith("torch"):
        import torch  # the peer

        win = torch.hann_window(M, periodic=True, dtype=torch.float32, device=x.device)
        t_peer = _best(lambda: torch.stft(x, M, hop, window=win, return_complex=True), rounds)  # same output
        rows.append(f"| torch.stft, same frames | {t_peer * 1e3:.2f} ms | framekit / torch = "
                    f"{t_stft / t_peer:.2f} |")

    fb = framekit.isac(16000, xp=xp, device=dev, dtype=f32)
    s = _backend.random_normal(xp, (B, fb.length), seed=1, dtype=f32, device=dev)
    t_an = _best(lambda: fb.analysis(s), rounds)
    c = fb.analysis(s)
    t_bd = _best(lambda: framekit.FilterBank(fb.kernels, fb.stride, fb.length).frame_bounds(), rounds)
    t_du = _best(lambda: framekit.FilterBank(fb.kernels, fb.stride, fb.length).dual().kernels, rounds)
    dual = fb.dual()
    t_sy = _best(lambda: dual.synthesis(c), rounds)
    lin = _backend.linalg(xp)
    err = float(lin.vector_norm(dual.synthesis(c) - s) / lin.vector_norm(s))
    rows += [
        f"| ISAC analysis, {B} x 1 s at 16 kHz (40 channels, stride {fb.stride}) | {t_an * 1e3:.2f} ms | |",
        f"| ISAC exact frame bounds | {t_bd * 1e3:.2f} ms | |",
        f"| ISAC exact dual | {t_du * 1e3:.2f} ms | |",
        f"| ISAC dual synthesis | {t_sy * 1e3:.2f} ms | relative error {err:.1e} (float32) |",
    ]

    n_samples = 10**6 // scale
    W = _backend.random_normal(xp, (1000, 100), seed=2, dtype=f32, device=dev)
    t_mb = _best(lambda: framekit.max_bias(W, n_samples=n_samples, seed=3), max(1, rounds // 2))
    chunk = 4096
    U = _backend.random_normal(xp, (100, chunk), seed=4, dtype=f32, device=dev)
    t_mm = _best(lambda: W @ U, rounds)
    t_gemm = t_mm * n_samples / chunk
    rows.append(f"| max_bias sampling, 1000 x 100, {n_samples} samples | {t_mb * 1e3:.1f} ms | "
                f"bare products {t_gemm * 1e3:.1f} ms: {t_gemm / t_mb:.0%} of the GEMM rate |")
    return [*rows, ""]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backends", default="torch:cuda,cupy", help="comma-separated backends")
    ap.add_argument("--rounds", type=int, default=5, help="timed repetitions (best is kept)")
    ap.add_argument("--small", action="store_true", help="64-fold smaller sizes (smoke test)")
    ap.add_argument("--out", default=None, help="also write the report to this file")
    args = ap.parse_args(argv)
    lines = ["# framekit on the GPU", ""]
    report = {b["backend"]: b for b in framekit.backends()}
    failed = False
    for name in args.backends.split(","):
        lib, _, dev = name.partition(":")
        info = report.get(lib)
        if info is None or not info["usable"] or (dev and not any(d.startswith(dev) for d in info["devices"])):
            why = "unknown backend" if info is None else info.get("reason") or f"no {dev} device"
            lines += [f"### {name}", "", f"not run: {why}", ""]
            failed = True
            continue
        lines += _report_backend(name, args.rounds, 64 if args.small else 1)
    text = "\n".join(lines)
    print(text)
    if args.out:
        pathlib.Path(args.out).write_text(text + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
