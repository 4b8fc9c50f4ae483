"""FIR filterbanks (linear mode): short-dual construction, any-length analysis + FIR-dual
synthesis, and streaming, with ISAC's defaults (16 kHz, 40 channels, kernel 128, stride 16)."""

import numpy as np

import framekit
from framekit.filterbanks.fir import FIRFilterBank
from framekit.filterbanks.streaming import FilterBankStream

from .common import BACKENDS, XPBench, sweep

SUPPORTS = sweep([128, 512])
LENGTHS = sweep([16_000, 160_000])
BLOCKS = sweep([256, 8192])


def _isac_kernels():
    fb = framekit.isac(16000)
    return np.asarray(fb.kernels), fb.stride


class FIRDual(XPBench):
    params = (BACKENDS, SUPPORTS)
    param_names = ("backend", "support")
    functions = (FIRFilterBank.dual,)

    def setup(self, backend, support):
        self.setup_backend(backend)
        self.k, self.d = _isac_kernels()
        self.k = self.asarray(self.k)

    def time_dual(self, backend, support):
        self.sync(FIRFilterBank(self.k, self.d).dual(support).kernels)


class LinearRoundTrip(XPBench):
    params = (BACKENDS, LENGTHS)
    param_names = ("backend", "length")
    functions = (FIRFilterBank.analysis, FIRFilterBank.synthesis)

    def setup(self, backend, length):
        self.setup_backend(backend)
        k, d = _isac_kernels()
        self.fir = FIRFilterBank(self.asarray(k), d)
        self.dual = self.fir.dual(128)
        self.x = self.asarray(np.random.default_rng(0).standard_normal(length))
        self.c = self.sync(self.fir.analysis(self.x))

    def time_analysis(self, backend, length):
        self.sync(self.fir.analysis(self.x))

    def time_synthesis(self, backend, length):
        self.sync(self.dual.synthesis(self.c, length))


class Streaming(XPBench):
    params = (BACKENDS, BLOCKS)
    param_names = ("backend", "block")
    functions = (FilterBankStream.analysis, FilterBankStream.synthesis)

    def setup(self, backend, block):
        self.setup_backend(backend)
        k, d = _isac_kernels()
        self.fir = FIRFilterBank(self.asarray(k), d)
        self.dual = self.fir.dual(128)
        self.x = self.asarray(np.random.default_rng(0).standard_normal(64_000))

    def time_stream_round_trip(self, backend, block):
        a, s = self.fir.stream(), self.dual.stream()
        for i in range(0, 64_000, block):
            s.synthesis(a.analysis(self.x[i : i + block]))
        s.synthesis(a.flush())
        self.sync(s.flush(length=64_000))
