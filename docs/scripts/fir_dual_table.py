"""The FIR-dual table of docs/filterbanks.md: certified error ``||I - D*A||`` of
``fb.dual(support=S)`` (least squares) next to the canonical dual truncated to S taps
around each channel's peak, both certified the same way (operator norm from the
polyphase blocks, :meth:`FIRFilterBank.dual_error`).

Run: ``OMP_NUM_THREADS=1 python docs/scripts/fir_dual_table.py [fs ...] [--max-support N]``
(default fs 16000; one markdown row per line, printed as computed).
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

import framekit
from framekit import FIRFilterBank
from framekit.filterbanks import _fir_dual as fd

DESIGNS = ("isac", "gammatone", "cqt", "third_octave")


def truncated_exact_dual(fir: FIRFilterBank, S: int) -> FIRFilterBank:
    """The canonical (l2(Z)) dual cut to S taps around each channel's peak."""
    T, o, d = int(fir.kernels.shape[-1]), fir.origin, fir.stride
    W = T + 2 * S  # taps of the exact dual computed around the kernels' window
    t_start = fd.window_start(T, o, W)
    g = np.asarray(fd.canonical_dual_taps(np, np.asarray(fir.kernels), o, d, t_start, W, real_frame=fir.signal == "real"))
    peaks = np.argmax(np.abs(g), axis=-1)
    lo = np.clip(peaks - S // 2, 0, W - S)
    a, b = int(lo.min()), int(lo.max()) + S
    out = np.zeros((g.shape[0], b - a), dtype=g.dtype)
    for k, s in enumerate(lo):
        out[k, s - a : s - a + S] = g[k, s : s + S]
    if not np.iscomplexobj(np.asarray(fir.kernels)):
        out = out.real
    return FIRFilterBank(out, d, origin=-(t_start + a), signal=fir.signal, check_finite=False)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("fs", nargs="*", type=int, default=[16000])
    ap.add_argument("--max-support", type=int, default=1 << 30)
    ap.add_argument("--designs", default=",".join(DESIGNS))
    args = ap.parse_args()
    print("| design | fs | K x T, stride | S | least squares | truncated exact dual | LS / trunc. | solver, s |")
    print("|---|---|---|---|---|---|---|---|")
    for fs in args.fs:
        for name in args.designs.split(","):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fb = getattr(framekit, name)(fs)
            fir = fb.fir()
            K, T = fir.kernels.shape
            d = fir.stride
            for S in sorted({128, 256, 512, 1024, 2048, T, 2 * T, 4 * T}):
                if S > args.max_support:
                    continue
                m = d * (S + T - 1) ** 3
                t = time.perf_counter()
                ls = fir.dual(S).error
                dt = time.perf_counter() - t
                tr = fir.dual_error(truncated_exact_dual(fir, S))
                how = "dense" if m <= fd.DENSE_LIMIT else "CG"
                tag = {T: " (T)", 2 * T: " (2T)", 4 * T: " (4T)"}.get(S, "")
                print(f"| {name} | {fs} | {K} x {T}, {d} | {S}{tag} | {ls:.1e} | {tr:.1e} | "
                      f"{ls / tr if tr > 0 else float('nan'):.2g} | {how}, {dt:.1f} |", flush=True)
                fir._duals.clear()


if __name__ == "__main__":
    main()
