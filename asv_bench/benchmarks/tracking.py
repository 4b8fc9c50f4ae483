"""Tracked over commits (asv_bench/track.sh): peak memory of the hot paths, framekit/peer time
ratios of the headline comparisons, and jax.jit against NumPy.

* ``peakmem_*`` (NumPy, batch 8 x 2**17 samples; 2**14 in a smoke run): asv records the
  process's peak resident memory, setup included, so the figures move with what the hot
  path allocates on top of its input.
* ``track_*_ratio`` (unit "ratio", lower is better for framekit): framekit's time divided by
  the peer's on the same task, each the best of a few timed runs in the same process, so the
  dashboard shows the ratio per commit with machine drift mostly cancelled.  A missing peer
  skips its class with the pip command (``common.require_peer``).
* ``JitVsNumpy``: the transform under ``jax.jit`` (shape parameters static, compiled in
  ``setup``) and on NumPy, and their ratio; skipped without jax.
"""

import inspect
import time
import warnings

import numpy as np

import framekit

from .common import SMOKE, require_peer, smoke_or

LENGTH = 2**14 if SMOKE else 2**17
BATCH = 8
N_FFT, HOP = 1024, 256
REPEAT = smoke_or(2, 5)


# The STFT family took (x, window, hop, n_fft, boundary=..., center=...) before commit aea3587
# and keyword-only (n_fft, hop_length, pad_mode) since: the tracked rows call it either way,
# so the dashboard spans the change (zero padding, centred frames, Hann, in both).
_NEW_API = "hop_length" in inspect.signature(framekit.stft).parameters


def _tf(func, x, *, pad_mode="constant", **kw):
    """``func(x, ...)`` with n_fft=N_FFT, hop HOP and a periodic Hann window, in either API."""
    if _NEW_API:
        return func(x, n_fft=N_FFT, hop_length=HOP, pad_mode=pad_mode, **kw)
    window = framekit.get_window("hann", N_FFT)  # the old API had no reflect padding
    return func(x, window, HOP, N_FFT, boundary="zeros", center=True, **kw)


def _signal(length=LENGTH, batch=BATCH):
    return np.random.default_rng(0).standard_normal((batch, length))


def _best(fn, repeat=REPEAT):
    fn()
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _ratio(ours, theirs):
    return _best(ours) / _best(theirs)


class PeakMem:
    """Peak resident memory of the hot paths on NumPy."""

    timeout = 300

    def setup(self):
        self.x = _signal()
        self.fb = framekit.isac(16000.0, length=LENGTH)
        self.c = _tf(framekit.stft, self.x)

    def peakmem_stft(self):
        _tf(framekit.stft, self.x)

    def peakmem_istft(self):
        _tf(framekit.istft, self.c, length=LENGTH)

    def peakmem_phase_derivatives(self):
        _tf(framekit.phase_derivatives, self.x)

    def peakmem_reassigned_spectrogram(self):
        _tf(framekit.reassigned_spectrogram, self.x)

    def peakmem_isac_analysis(self):
        self.fb.analysis(self.x)


class RatioScipy:
    """framekit.stft / scipy ShortTimeFFT.stft (both zero padding, every overlapping frame)."""

    unit = "ratio"
    timeout = 300

    def setup(self):
        require_peer("scipy")
        from scipy.signal import ShortTimeFFT

        self.x = _signal()
        w = np.asarray(framekit.get_window("hann", N_FFT))
        self.S = ShortTimeFFT(w, HOP, fs=1.0, mfft=N_FFT)

    def track_stft_over_scipy_ratio(self):
        return _ratio(lambda: _tf(framekit.stft, self.x),
                      lambda: self.S.stft(self.x))


class RatioTorch:
    """framekit.stft(pad_mode="reflect") on NumPy / torch.stft on CPU (torch's default framing)."""

    unit = "ratio"
    timeout = 300

    def setup(self):
        self.torch = torch = require_peer("torch")
        self.x = _signal()
        self.xt = torch.asarray(self.x)
        self.wt = torch.asarray(np.asarray(framekit.get_window("hann", N_FFT)))

    def track_stft_over_torch_ratio(self):
        return _ratio(
            lambda: _tf(framekit.stft, self.x, pad_mode="reflect"),
            lambda: self.torch.stft(self.xt, N_FFT, HOP, window=self.wt, return_complex=True),
        )


class RatioLibrosa:
    """framekit.reassigned_spectrogram / librosa.reassigned_spectrogram (NumPy, zero padding)."""

    unit = "ratio"
    timeout = 300

    def setup(self):
        self.librosa = require_peer("librosa")
        self.x = _signal()
        self._librosa()  # its lazy imports, outside the timing

    def _librosa(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.librosa.reassigned_spectrogram(self.x, sr=16000.0, n_fft=N_FFT, hop_length=HOP,
                                                window="hann", pad_mode="constant")

    def track_reassigned_over_librosa_ratio(self):
        return _ratio(
            lambda: _tf(framekit.reassigned_spectrogram, self.x, fs=16000.0),
            self._librosa,
        )


class RatioHybra:
    """framekit ISAC analysis (NumPy, float64) / hybra ISAC forward (torch CPU, float32), at
    hybra's defaults (16 kHz, 40 channels, kernel 128, stride 16, 1 s), batch 16."""

    unit = "ratio"
    timeout = 300

    def setup(self):
        hybra = require_peer("hybra")
        import torch

        torch.set_default_dtype(torch.float32)
        self.torch = torch
        self.hfb = hybra.ISAC(fs=16000, kernel_size=128, num_channels=40, L=16000)
        self.xt = torch.randn(16, self.hfb.Ls)
        self.fb = framekit.isac(16000.0, length=self.hfb.Ls)
        self.x = self.xt.double().numpy()

    def _hybra(self):
        with self.torch.no_grad():
            self.hfb(self.xt)

    def track_isac_over_hybra_ratio(self):
        return _ratio(lambda: self.fb.analysis(self.x), self._hybra)


_JIT = {  # shape parameters are Python constants closed over: static for jax.jit
    "stft": lambda x: _tf(framekit.stft, x),
    "phase_derivatives": lambda x: _tf(framekit.phase_derivatives, x),
}


class JitVsNumpy:
    """The transform compiled by jax.jit (x64, CPU; compiled once in setup) against NumPy."""

    params = (("stft", "phase_derivatives", "isac_analysis"),)
    param_names = ("transform",)
    timeout = 300

    def setup(self, transform):
        try:
            import jax
            import jax.numpy as jnp
        except ImportError as exc:
            raise NotImplementedError(f'jax not installed ({exc}); pip install -e ".[jax]"') from exc
        jax.config.update("jax_enable_x64", True)
        self.jax = jax
        x = _signal()
        if transform == "isac_analysis":
            fb_np = framekit.isac(16000.0, length=LENGTH)
            fb_jax = framekit.isac(16000.0, length=LENGTH, xp=jnp)
            self.f_np = fb_np.analysis
            self.f_jit = jax.jit(fb_jax.analysis)
        else:
            f = _JIT[transform]
            self.f_np, self.f_jit = f, jax.jit(f)
        self.x, self.xj = x, jnp.asarray(x)
        jax.block_until_ready(self.f_jit(self.xj))  # compile outside the timing

    def time_numpy(self, transform):
        self.f_np(self.x)

    def time_jit(self, transform):
        self.jax.block_until_ready(self.f_jit(self.xj))

    def track_jit_over_numpy_ratio(self, transform):
        return _ratio(lambda: self.jax.block_until_ready(self.f_jit(self.xj)), lambda: self.f_np(self.x))

    track_jit_over_numpy_ratio.unit = "ratio"
