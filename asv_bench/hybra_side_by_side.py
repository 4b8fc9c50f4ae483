"""framekit vs hybra, side by side in one run (not an asv benchmark; run it directly).

ISAC at fs 16 kHz, 40 channels, kernel 128, stride 16, B = 16 signals x 16000 samples, torch
CPU: analysis vs hybra's forward, exact-dual synthesis vs hybra's decoder (with both
reconstruction errors), exact bounds vs hybra's ``frame_bounds`` (a fresh FilterBank each
time, so kernel FFTs and blocks are included).  Best of several repeats (the minimum is the
least disturbed by other processes), torch's thread setting as is.

    python asv_bench/hybra_side_by_side.py
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import _torchaudio_stub

_torchaudio_stub.install()
import hybra
import torch
from hybra.utils import frame_bounds as hybra_bounds

from framekit import _backend
from framekit.filterbanks.filterbank import FilterBank
from framekit.filterbanks.isac_design import isac


def best(func, *args, repeats=15):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def fresh_bounds(fb):
    return FilterBank(fb.kernels, fb.stride, fb.length, check_finite=False).frame_bounds()


def fresh_dual(fb):
    return FilterBank(fb.kernels, fb.stride, fb.length, check_finite=False).dual()


def rel(a, b):
    return float(torch.linalg.norm(a - b) / torch.linalg.norm(b))


def main():
    print("torch", torch.__version__, "threads", torch.get_num_threads())
    torch.set_default_dtype(torch.float32)
    ref = hybra.ISAC(fs=16000, kernel_size=128, num_channels=40, L=16000, scale="mel")
    xp = _backend.get_namespace(torch)
    x = torch.randn(16, ref.Ls, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        c_ref = ref(x)
        t_fwd = best(ref, x)
        t_dec = best(ref.decoder, c_ref, repeats=5)
        err_ref = rel(ref.decoder(c_ref).real, x)
    for dt in (torch.float32, torch.float64):
        fb = isac(16000, xp=xp, device="cpu", dtype=dt)
        xx = x.to(dt)
        kh = ref.kernels if dt == torch.float32 else ref.kernels.to(torch.complex128)
        t_hb = best(hybra_bounds, kh, ref.stride, ref.Ls, repeats=5)
        A_ref, B_ref = hybra_bounds(kh, ref.stride, ref.Ls)
        c = fb.analysis(xx)
        dual = fb.dual()
        t_an = best(fb.analysis, xx)
        t_sy = best(dual.synthesis, c)
        t_bd = best(fresh_bounds, fb)
        t_du = best(fresh_dual, fb, repeats=5)
        A, B = fb.frame_bounds()
        print(f"--- framekit {dt}; hybra forward/decoder in complex64, its bounds on {kh.dtype} kernels")
        print(f"analysis   framekit {1e3 * t_an:8.2f} ms   hybra forward      {1e3 * t_fwd:8.2f} ms   ratio {t_an / t_fwd:.3f}")
        print(f"synthesis  framekit {1e3 * t_sy:8.2f} ms   hybra decoder      {1e3 * t_dec:8.2f} ms   ratio {t_sy / t_dec:.4f}")
        print(f"   reconstruction error: framekit exact dual {rel(dual.synthesis(c), xx):.2e}, hybra decoder {err_ref:.3f}")
        print(f"bounds     framekit {1e3 * t_bd:8.2f} ms   hybra frame_bounds {1e3 * t_hb:8.2f} ms   ratio {t_bd / t_hb:.4f}")
        print(f"dual filterbank from scratch (responses, blocks, eigh, filters): {1e3 * t_du:.2f} ms")
        print(f"condition number: framekit {float(B / A):.5f}, hybra {float(B_ref / A_ref):.5f}")


if __name__ == "__main__":
    main()
