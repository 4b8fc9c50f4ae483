"""Side by side, the issue's size: B = 8 x 2**18, n_fft 1024, hop 256, 100 iterations.

framekit.griffin_lim on NumPy and on torch (CPU) against librosa.griffinlim (same STFT, zero
initial phase, momentum 0.99), and PGHI (heap; least squares) against one STFT.  Each row is
timed ``--runs`` times (default 3); the ratios are per run, framekit / librosa.  Usage:
``python asv_bench/retrieval_side_by_side.py [--runs 3] [--length 262144] [--iter 100]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from framekit import griffin_lim, pghi, stft


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--length", type=int, default=2**18)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--iter", type=int, default=100)
    ap.add_argument("--skip-pghi", action="store_true")
    args = ap.parse_args()
    import librosa
    import torch

    torch.set_num_threads(1)
    L, it = args.length, args.iter
    x = np.random.default_rng(0).standard_normal((args.batch, L))
    kw = {"n_fft": 1024, "hop_length": 256}
    S = np.abs(stft(x, **kw))
    St = torch.from_numpy(S)
    print(f"B = {args.batch} x {L}, n_fft 1024, hop 256, {it} iterations, {args.runs} runs (torch 1 thread)")
    for run in range(args.runs):
        t_lib = _timed(lambda: librosa.griffinlim(S, n_iter=it, hop_length=256, n_fft=1024, window="hann",
                                                  center=True, pad_mode="constant", momentum=0.99, init=None,
                                                  length=L))
        t_np = _timed(lambda: griffin_lim(S, n_iter=it, init="zeros", length=L, **kw))
        t_th = _timed(lambda: griffin_lim(St, n_iter=it, init="zeros", length=L, **kw))
        line = (f"run {run}: librosa {t_lib:7.2f} s  numpy {t_np:7.2f} s ({t_np / t_lib:.2f}x)  "
                f"torch-cpu {t_th:7.2f} s ({t_th / t_lib:.2f}x)")
        if not args.skip_pghi:
            t_stft = _timed(lambda: stft(x, **kw))
            t_heap = _timed(lambda: pghi(S, **kw))
            line += f"  | stft {t_stft:.3f} s, pghi heap {t_heap:.1f} s ({t_heap / t_stft:.0f}x)"
        print(line, flush=True)


if __name__ == "__main__":
    main()
