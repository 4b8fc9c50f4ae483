"""Stability of conv layers: aliasing terms, Walnut and exact bounds (J=64, K=1024), and the
batched Monte Carlo of 1000 random filterbanks; plain-NumPy rows as the peers."""

import numpy as np

from framekit.stability.aliasing import (
    aliasing_terms,
    conv_frame_bounds,
    default_n_fft,
    walnut_bounds,
)
from framekit.stability.random_kernels import random_filterbank_condition_numbers

from .common import BACKENDS, XPBench, sweep

STRIDES = sweep([1, 4, 16, 64])
J, K = 64, 1024


def _kernels() -> np.ndarray:
    return np.random.default_rng(0).standard_normal((J, K)) / np.sqrt(J * K)


class ConvLayerStability(XPBench):
    params = (BACKENDS, STRIDES)
    param_names = ("backend", "stride")
    functions = (aliasing_terms, walnut_bounds, conv_frame_bounds)

    def setup(self, backend, stride):
        self.setup_backend(backend)
        self.w = self.asarray(_kernels())
        self.sync(conv_frame_bounds(self.w, stride))  # warm-up

    def time_aliasing_terms(self, backend, stride):
        self.sync(aliasing_terms(self.w, stride))

    def time_walnut_bounds(self, backend, stride):
        self.sync(walnut_bounds(self.w, stride))

    def time_exact_bounds(self, backend, stride):
        self.sync(conv_frame_bounds(self.w, stride))


class PeerNumpyAliasing:
    """Peer: G_k by one ``np.roll`` per k and the exact bounds by ``np.linalg.eigvalsh`` of
    blocks gathered by reshaping (plain NumPy, no framekit; the FFT is timed too)."""

    params = (STRIDES,)
    param_names = ("stride",)

    def setup(self, stride):
        self.N = default_n_fft(K, stride)
        self.w = _kernels()

    def time_numpy_aliasing_terms(self, stride):
        N = self.N
        H = np.fft.fft(self.w, n=N, axis=-1)
        return [np.sum(H * np.roll(H, -k * (N // stride), axis=-1).conj(), axis=0) for k in range(stride)]

    def time_numpy_exact_bounds(self, stride):
        H = np.fft.fft(self.w, n=self.N, axis=-1)
        M = H.reshape(J, stride, self.N // stride).transpose(2, 0, 1)
        lam = np.linalg.eigvalsh(M.conj().transpose(0, 2, 1) @ M / stride)
        return lam[:, 0].min(), lam[:, -1].max()


class RandomFilterbankMonteCarlo(XPBench):
    """1000 random filterbanks (J=40, T=128, N=1024), batched on the backend."""

    params = (BACKENDS,)
    param_names = ("backend",)
    functions = (random_filterbank_condition_numbers,)

    def setup(self, backend):
        self.setup_backend(backend)
        self.sync(random_filterbank_condition_numbers(40, 128, 1024, 10, seed=0, xp=self.xp, device=self.device))

    def time_condition_numbers_1000(self, backend):
        self.sync(random_filterbank_condition_numbers(40, 128, 1024, 1000, seed=0, xp=self.xp, device=self.device))


class PeerNumpyMonteCarloLoop:
    """Peer: the same Monte Carlo as a Python loop over draws in NumPy."""

    def time_numpy_loop_1000(self):
        rng = np.random.default_rng(0)
        out = np.empty(1000)
        for i in range(1000):
            h = rng.standard_normal((40, 128)) / np.sqrt(40 * 128)
            lp = np.sum(np.abs(np.fft.rfft(h, n=1024, axis=-1)) ** 2, axis=0)
            out[i] = lp.max() / lp.min()
        return out
