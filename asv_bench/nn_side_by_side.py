"""framekit.nn vs hybra (and murenn), side by side in one run (not an asv benchmark; run it directly).

ISAC: ``framekit.nn.ISAC(16000)`` (40 channels, kernel 128, stride 16, mel) forward and exact
inverse (canonical dual of the current kernels) vs ``hybra.ISAC`` forward and decoder, B = 16
signals x 16000 samples, float32, torch CPU, under ``torch.no_grad()``; the module's cached
filterbank and dual are warm (as at inference, or between optimiser steps for the dual once
built).  Each timing is the best of ``REPEATS`` calls (the minimum is the least disturbed by
other processes); the whole comparison is done ``RUNS`` times.  Issue goals: forward <= 0.5x,
exact inverse <= 0.3x hybra's decoder.  Also ISAC's condition number vs hybra's (1.5902, mel,
d = 16).

hybra needs torchaudio, which the stand-in in ``tests/_torchaudio_stub.py`` replaces::

    PYTHONPATH=. /tmp/venvhybra/bin/python asv_bench/nn_side_by_side.py

MuReNN vs ``murenn.MuReNNDirect`` (murenn pins numpy < 2: a separate environment with
numpy 1.26, PyWavelets, array-api-compat/-extra, never the main test one)::

    PYTHONPATH=. /tmp/venvmurenn/bin/python asv_bench/nn_side_by_side.py --murenn
"""

from __future__ import annotations

import os
import sys
import time

import torch

REPEATS = 10
RUNS = 3
B, FS = 16, 16000


def best(func, *args, repeats=REPEATS):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def rel(a, b):
    return float(torch.linalg.vector_norm(a - b) / torch.linalg.vector_norm(b))


def isac_vs_hybra():
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
    import _torchaudio_stub

    _torchaudio_stub.install()
    import hybra

    import framekit.nn

    torch.set_default_dtype(torch.float32)
    ref = hybra.ISAC(fs=FS, kernel_size=128, num_channels=40, L=FS, scale="mel")
    mod = framekit.nn.ISAC(FS, dtype=torch.float32)
    assert (mod.stride, mod.length, mod.num_channels) == (ref.stride, ref.Ls, 40)
    x = torch.randn(B, ref.Ls, generator=torch.Generator().manual_seed(0))
    print(f"ISAC fs={FS}, 40 channels, kernel 128, stride {mod.stride}, x {tuple(x.shape)} float32")
    rows = []
    with torch.no_grad():
        c_ref = ref(x)
        c = mod(x)
        y = mod.inverse(c)  # builds (and caches) the dual
        err, err_ref = rel(y, x), rel(ref.decoder(c_ref).real, x)
        for run in range(1, RUNS + 1):
            t_hf = best(ref, x)
            t_hd = best(ref.decoder, c_ref, repeats=max(3, REPEATS // 2))
            t_f = best(mod, x)
            t_i = best(mod.inverse, c)
            rows.append((t_f, t_hf, t_i, t_hd))
            print(f"run {run}: forward  framekit {1e3 * t_f:8.2f} ms  hybra {1e3 * t_hf:8.2f} ms  ratio {t_f / t_hf:.3f} (goal <= 0.5)")
            print(f"       inverse  framekit {1e3 * t_i:8.2f} ms  hybra decoder {1e3 * t_hd:8.2f} ms  ratio {t_i / t_hd:.3f} (goal <= 0.3)")
    print(f"reconstruction error: framekit exact inverse {err:.2e}, hybra decoder {err_ref:.3f}")
    # a fresh dual (what the first inverse after an optimiser step pays), for reference
    def cold():
        mod.clear_cache()
        return mod.inverse(c)

    with torch.no_grad():
        t_cold = best(cold, repeats=3)
    print(f"inverse with the dual rebuilt (after a kernel update): {1e3 * t_cold:.2f} ms")
    mod64 = framekit.nn.ISAC(FS, dtype=torch.float64)
    from hybra.utils import frame_bounds as hybra_bounds

    A_ref, B_ref = hybra_bounds(ref.kernels.to(torch.complex128), ref.stride, ref.Ls)
    print(f"condition number: framekit.nn.ISAC {float(mod64.condition_number().detach()):.5f}, "
          f"hybra {float(B_ref / A_ref):.5f} (worked value 1.5902)")
    return rows


def murenn_vs_framekit():
    import murenn

    import framekit.nn

    torch.set_default_dtype(torch.float32)
    J, Q, T, L = 8, 6, 16, FS  # hop 2^8 = 256; framekit's T multiplies Q (kernel 2 T Q taps)
    L = (L // 2**J) * 2**J
    x = torch.randn(B, 1, L, generator=torch.Generator().manual_seed(0))
    ref = murenn.MuReNNDirect(J=J, Q=Q, T=T, in_channels=1)
    mod = framekit.nn.MuReNN(J, Q, T=T // 2, seed=0, dtype=torch.float32)  # kernels 2*8*6 = 96 taps
    print(f"MuReNN J={J}, Q={Q}, x {tuple(x.shape)} float32: murenn T={T} taps (+ modulus, 'same' conv), "
          f"framekit kernels {mod.kernel_sizes[0]} taps (linear stage; modulus added below)")
    rows = []
    with torch.no_grad():
        ref(x)
        mod(x)
        for run in range(1, RUNS + 1):
            t_r = best(ref, x)
            t_m = best(lambda z: torch.abs(mod(z)), x)
            rows.append((t_m, t_r))
            print(f"run {run}: forward framekit {1e3 * t_m:8.2f} ms  murenn {1e3 * t_r:8.2f} ms  ratio {t_m / t_r:.3f} (goal <= 1)")
    return rows


def main():
    print("torch", torch.__version__, "threads", torch.get_num_threads(), "interop", torch.get_num_interop_threads())
    if "--murenn" in sys.argv[1:]:
        murenn_vs_framekit()
    else:
        isac_vs_hybra()


if __name__ == "__main__":
    main()
