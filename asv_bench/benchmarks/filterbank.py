"""Filterbanks: analysis, synthesis, exact bounds and dual over backend x L x K x stride.

Peer rows: hybra's ISAC (forward, decoder, frame_bounds; torch CPU, complex64) and
``scipy.signal.oaconvolve`` (linear convolution of the batch with all kernels, then
decimation: the cost of a direct strided analysis).  hybra imports torchaudio (for its MFCC
front end only, which no row times); where torchaudio is missing, as for torch 2.13, the
tests' stand-in (tests/_torchaudio_stub.py) serves it, as in the tests.  A missing peer
skips its row with the reason and the pip command (``common.require_peer``).
"""

import numpy as np

from framekit.filterbanks.filterbank import FilterBank

from .common import BACKENDS, XPBench, require_peer, sweep

LENGTHS = sweep([4096, 16384])
CHANNELS = sweep([16, 40])
STRIDES = sweep([1, 4, 16])
BATCH = 16
TAPS = 128


def _kernels(K: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    return (rng.standard_normal((K, TAPS)) + 1j * rng.standard_normal((K, TAPS))) / TAPS


class _FilterBankBench(XPBench):
    params = (BACKENDS, LENGTHS, CHANNELS, STRIDES)
    param_names = ("backend", "length", "channels", "stride")
    functions = (FilterBank.frame_bounds, FilterBank.dual)

    def setup(self, backend, length, channels, stride):
        self.setup_backend(backend)
        self.kernels = self.asarray(_kernels(channels))
        self.fb = FilterBank(self.kernels, stride, length)
        x = np.random.default_rng(1).standard_normal((BATCH, length))
        self.x = self.asarray(x)
        self.c = self.sync(self.fb.analysis(self.x))


class Analysis(_FilterBankBench):
    def time_analysis(self, backend, length, channels, stride):
        self.sync(self.fb.analysis(self.x))


class Synthesis(_FilterBankBench):
    def setup(self, backend, length, channels, stride):
        super().setup(backend, length, channels, stride)
        self.dual = self.fb.dual()

    def time_dual_synthesis(self, backend, length, channels, stride):
        self.sync(self.dual.synthesis(self.c))


class Bounds(_FilterBankBench):
    def time_frame_bounds(self, backend, length, channels, stride):
        # a fresh object each time: kernel FFTs, blocks and eigen-solve, no cache
        self.sync(FilterBank(self.kernels, stride, length, check_finite=False).frame_bounds())


class Dual(_FilterBankBench):
    def time_dual(self, backend, length, channels, stride):
        self.sync(FilterBank(self.kernels, stride, length, check_finite=False).dual().kernels)


class PeerOaconvolve:
    """scipy.signal.oaconvolve of the batch with all kernels, decimated by the stride."""

    params = (LENGTHS, CHANNELS, STRIDES)
    param_names = ("length", "channels", "stride")

    def setup(self, length, channels, stride):
        require_peer("scipy")
        from scipy.signal import oaconvolve

        self.oaconvolve = oaconvolve
        self.k = _kernels(channels)[None, :, :]
        self.x = np.random.default_rng(1).standard_normal((BATCH, 1, length))

    def time_oaconvolve_analysis(self, length, channels, stride):
        self.oaconvolve(self.x, self.k, mode="same", axes=-1)[..., ::stride]


class PeerHybraISAC:
    """hybra's ISAC at its defaults (fs 16 kHz, 40 channels, kernel 128, stride 16), B = 16."""

    timeout = 300

    def setup(self):
        hybra = require_peer("hybra")  # with the tests' torchaudio stand-in where needed
        import torch

        torch.set_default_dtype(torch.float32)
        self.torch = torch
        self.utils = hybra.utils
        self.fb = hybra.ISAC(fs=16000, kernel_size=128, num_channels=40, L=16000)
        self.x = torch.randn(BATCH, self.fb.Ls)
        with torch.no_grad():
            self.c = self.fb(self.x)

    def time_hybra_forward(self):
        with self.torch.no_grad():
            self.fb(self.x)

    def time_hybra_decoder(self):
        with self.torch.no_grad():
            self.fb.decoder(self.c)

    def time_hybra_frame_bounds(self):
        self.utils.frame_bounds(self.fb.kernels, self.fb.stride, self.fb.Ls)


class FramekitISAC(XPBench):
    """framekit's ISAC at the same settings, for the side-by-side with PeerHybraISAC."""

    params = (BACKENDS,)
    param_names = ("backend",)
    functions = (FilterBank.frame_bounds, FilterBank.dual)

    def setup(self, backend):
        self.setup_backend(backend)
        from framekit.filterbanks.isac_design import isac

        self.fb = isac(16000, xp=self.xp, device=self.device, dtype=self.xp.float64)  # x is float64
        x = np.random.default_rng(1).standard_normal((BATCH, self.fb.length))
        self.x = self.asarray(x)
        self.c = self.sync(self.fb.analysis(self.x))
        self.dual = self.fb.dual()

    def time_isac_analysis(self, backend):
        self.sync(self.fb.analysis(self.x))

    def time_isac_dual_synthesis(self, backend):
        self.sync(self.dual.synthesis(self.c))

    def time_isac_bounds(self, backend):
        fb = self.fb
        self.sync(FilterBank(fb.kernels, fb.stride, fb.length, check_finite=False).frame_bounds())
