"""Phase retrieval: griffin_lim (FGLA) and pghi over backend x batch, with librosa's griffinlim as
the peer row (same STFT: Hann 1024, hop 256, center=True, pad_mode="constant").

The issue's size is B = 8 x 2**18 with 100 iterations (``python asv_bench/retrieval_side_by_side.py``
times it, 3 runs); here the sweep is smaller so that a full asv run stays short.
"""

import numpy as np

from framekit.tf.phase_gradient import pghi
from framekit.tf.retrieval import griffin_lim
from framekit.tf.short_time import stft

from .common import BACKENDS, XPBench, require_peer, smoke_or, sweep

LENGTHS = sweep([2**15, 2**18])
BATCHES = sweep([1, 8])
N_FFT, HOP = 1024, 256
N_ITER = smoke_or(2, 20)


def _magnitudes(length: int, batch: int) -> np.ndarray:
    x = np.random.default_rng(0).standard_normal((batch, length))
    return np.abs(stft(x, n_fft=N_FFT, hop_length=HOP))


class GriffinLim(XPBench):
    params = (BACKENDS, LENGTHS, BATCHES)
    param_names = ("backend", "length", "batch")
    functions = (griffin_lim,)

    def setup(self, backend, length, batch):
        self.setup_backend(backend)
        self.S = self.asarray(_magnitudes(length, batch))
        self.kw = {"n_fft": N_FFT, "hop_length": HOP, "init": "zeros", "length": length}
        self.sync(griffin_lim(self.S, n_iter=1, **self.kw))

    def time_griffin_lim(self, backend, length, batch):
        self.sync(griffin_lim(self.S, n_iter=N_ITER, **self.kw))


class PGHI(XPBench):
    params = (BACKENDS, LENGTHS[:1], BATCHES[:1])
    param_names = ("backend", "length", "batch")
    functions = (pghi,)

    def setup(self, backend, length, batch):
        self.setup_backend(backend)
        self.S = self.asarray(_magnitudes(length, batch))

    def time_pghi_heap(self, backend, length, batch):
        self.sync(pghi(self.S, n_fft=N_FFT, hop_length=HOP))

    def time_pghi_lstsq(self, backend, length, batch):
        self.sync(pghi(self.S, n_fft=N_FFT, hop_length=HOP, integration="lstsq"))


class PeerLibrosaGriffinLim:
    params = (LENGTHS, BATCHES)
    param_names = ("length", "batch")

    def setup(self, length, batch):
        self.librosa = require_peer("librosa")
        self.S = _magnitudes(length, batch)
        self.length = length

    def time_griffinlim(self, length, batch):
        self.librosa.griffinlim(self.S, n_iter=N_ITER, hop_length=HOP, n_fft=N_FFT, window="hann", center=True,
                                pad_mode="constant", momentum=0.99, init=None, length=self.length)
