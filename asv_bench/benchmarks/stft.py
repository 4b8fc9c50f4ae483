"""Time-frequency: STFT, inverse STFT and phase derivatives over backend x signal length x batch.

Peer rows: scipy ``ShortTimeFFT.stft``, ``torch.stft`` and librosa (``stft`` and
``reassigned_spectrogram``), on the same window (periodic Hann), hop_length and n_fft; each
skips when its library is missing.  ``STFT`` is framekit's default (``center=True``,
``pad_mode="constant"``: librosa's output), ``STFTReflect`` torch's default (its output),
``STFTCircular`` the circular Gabor frame.
"""

import warnings

import numpy as np

from framekit.tf.phase import phase_derivatives
from framekit.tf.short_time import istft, stft
from framekit.tf.windows import get_window

from .common import BACKENDS, XPBench, require_peer, sweep, torch_gpu_reason

LENGTHS = sweep([2**14, 2**17, 2**20])
BATCHES = sweep([1, 8])
N_FFT, HOP = 1024, 256


def _signal(length: int, batch: int) -> np.ndarray:
    return np.random.default_rng(0).standard_normal((batch, length))


def _window() -> np.ndarray:
    return np.asarray(get_window("hann", N_FFT))


class _TFBench(XPBench):
    params = (BACKENDS, LENGTHS, BATCHES)
    param_names = ("backend", "length", "batch")

    def setup_signal(self, backend, length, batch):
        self.setup_backend(backend)
        self.x = self.asarray(_signal(length, batch))
        self.w = self.asarray(_window())


class STFT(_TFBench):
    functions = (stft,)

    def setup(self, backend, length, batch):
        self.setup_signal(backend, length, batch)
        self.kw = {"n_fft": N_FFT, "hop_length": HOP, "window": self.w}
        self.sync(stft(self.x, **self.kw))

    def time_stft(self, backend, length, batch):
        self.sync(stft(self.x, **self.kw))


class STFTReflect(STFT):
    def time_stft(self, backend, length, batch):
        self.sync(stft(self.x, pad_mode="reflect", **self.kw))


class STFTCircular(STFT):
    def time_stft(self, backend, length, batch):
        self.sync(stft(self.x, pad_mode="circular", **self.kw))


class ISTFT(_TFBench):
    functions = (stft, istft)

    def setup(self, backend, length, batch):
        self.setup_signal(backend, length, batch)
        self.kw = {"n_fft": N_FFT, "hop_length": HOP, "window": self.w}
        self.c = self.sync(stft(self.x, **self.kw))
        self.sync(istft(self.c, length=length, **self.kw))

    def time_istft(self, backend, length, batch):
        self.sync(istft(self.c, length=length, **self.kw))


class PhaseDerivatives(_TFBench):
    functions = (phase_derivatives,)

    def setup(self, backend, length, batch):
        self.setup_signal(backend, length, batch)
        self.kw = {"n_fft": N_FFT, "hop_length": HOP, "fs": 16000.0}  # centred, zero-padded, as librosa
        self.sync(phase_derivatives(self.x, window=self.w, **self.kw))

    def time_phase_derivatives_hann(self, backend, length, batch):
        self.sync(phase_derivatives(self.x, window=self.w, **self.kw))

    def time_phase_derivatives_gauss(self, backend, length, batch):
        self.sync(phase_derivatives(self.x, window=("gauss", 4.0), **self.kw))


class PeerScipyShortTimeFFT:
    """scipy.signal.ShortTimeFFT.stft (NumPy): zero padding, every overlapping frame."""

    params = (LENGTHS, BATCHES)
    param_names = ("length", "batch")
    timeout = 120

    def setup(self, length, batch):
        require_peer("scipy")
        from scipy.signal import ShortTimeFFT

        self.S = ShortTimeFFT(_window(), HOP, fs=1.0, mfft=N_FFT)
        self.x = _signal(length, batch)

    def time_scipy_stft(self, length, batch):
        self.S.stft(self.x)


class PeerTorchSTFT:
    """torch.stft (center=True, reflect padding: its default) on CPU and, where present, CUDA."""

    params = (("cpu", "cuda"), LENGTHS, BATCHES)
    param_names = ("device", "length", "batch")
    timeout = 120

    def setup(self, device, length, batch):
        reason = torch_gpu_reason() if device == "cuda" else None  # before importing torch
        if reason:
            raise NotImplementedError(reason)
        self.torch = torch = require_peer("torch")
        self.x = torch.asarray(_signal(length, batch), device=device)
        self.w = torch.asarray(_window(), device=device)
        self.time_torch_stft(device, length, batch)

    def time_torch_stft(self, device, length, batch):
        self.torch.stft(self.x, N_FFT, HOP, window=self.w, return_complex=True)
        if device == "cuda":
            self.torch.cuda.synchronize()


class PeerLibrosa:
    """librosa.stft and librosa.reassigned_spectrogram (NumPy; center=True, zero padding)."""

    params = (LENGTHS, BATCHES)
    param_names = ("length", "batch")
    timeout = 300

    def setup(self, length, batch):
        self.librosa = require_peer("librosa")
        self.x = _signal(length, batch)
        short = self.x[..., : 4 * N_FFT]  # warm-up on a short signal: librosa's lazy imports
        self._stft(short)
        self._reassigned(short)

    def _stft(self, x):
        self.librosa.stft(x, n_fft=N_FFT, hop_length=HOP, window="hann", pad_mode="constant")

    def _reassigned(self, x):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.librosa.reassigned_spectrogram(x, sr=16000.0, n_fft=N_FFT, hop_length=HOP,
                                                window="hann", pad_mode="constant")

    def time_librosa_stft(self, length, batch):
        self._stft(self.x)

    def time_librosa_reassigned_spectrogram(self, length, batch):
        self._reassigned(self.x)
