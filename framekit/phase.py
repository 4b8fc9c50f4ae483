r"""Phase derivatives of the STFT and the reassigned spectrogram (Auger-Flandrin).

Three STFTs of x with the same hop a and n_fft M: ``c_g`` with the window g,
``c_d`` with its derivative window ``d = g' / (2 pi)`` and ``c_t`` with the
time-weighted window ``(k - o) g[k]`` (k - o: samples from the frame's anchor,
see :mod:`framekit.stft`).  With the energy floor

.. math::

    c_s = \max(|c_g|^2,\ \varepsilon \max_{m,n} |c_g|^2 + \text{tiny})

(the maximum is over each signal's whole STFT and taken as 1 when that STFT is
all zero, ``0 < epsilon < 1``, ``tiny`` the dtype's smallest normal number; so
finite input gives finite values, and finite torch gradients, even for an
all-zero signal), the two phase derivatives, in cycles per sample and in
samples, are

.. math::

    \varphi_t = -\operatorname{Im}\frac{c_d\,\overline{c_g}}{c_s}, \qquad
    \varphi_f = \operatorname{Re}\frac{c_t\,\overline{c_g}}{c_s},

the deviation of the instantaneous frequency from the bin's centre frequency
and the local group delay relative to the frame's anchor.  They do not depend
on the phase convention.  Adding the bin frequency ``m / M`` and the anchor time
``n a`` and converting with ``fs`` gives the instantaneous frequency (Hz) and the
reassigned time (s).  At bins with ``|c_g|^2 < eps max |c_g|^2`` both are pulled
towards the bin centre and frame anchor (they are exact at bins above the floor);
finite input never gives NaN or inf.

The derivative window is computed spectrally, as the DFT-domain derivative of
the window taken as T-periodic: ``d = IDFT_T(i nu DFT_T(g))`` with ``nu`` the
DFT frequencies in cycles per sample (the Nyquist term, for even T, dropped).

For a Gaussian window named ``("gauss", tfr)`` (``lambda = tfr * n_fft``,
``g = exp(-pi (k - k_c)^2 / lambda)``) the derivative window is
``-(k - k_c) g / lambda``, so ``c_d`` follows from ``c_t`` and only two STFTs
are computed (the time-frequency-ratio shortcut):
``phi_t = Im(c_t conj(c_g)) / (lambda c_s)``.

All the STFTs share one framing pass: the frames are gathered once, multiplied
by the stacked windows and transformed by one batched FFT.
"""

from __future__ import annotations

import math
from typing import Any

from . import _backend as _b
from .stft import (
    _conj,
    _extend,
    _prepare,
    frame_signal,
)
from .windows import _parse

__all__ = ["phase_derivatives", "reassigned_spectrogram"]


def _spectral_derivative(xp: Any, g: Any) -> Any:
    """``IDFT_T(i nu DFT_T(g)) / (2 pi)`` in samples: the window's derivative in cycles."""
    T = g.shape[0]
    fft = _b.fft(xp)
    rdt = _b.real_dtype(xp, g.dtype)
    dev = _b.namespace_and_device(("window", g))[1]
    if xp.isdtype(g.dtype, "complex floating"):
        nu = fft.fftfreq(T, dtype=rdt, device=dev)
        spec = fft.fft(g)
    else:
        nu = fft.rfftfreq(T, dtype=rdt, device=dev)
        spec = fft.rfft(g)
    if T % 2 == 0:  # the Nyquist term has no real derivative: drop it
        nu = xp.where(xp.abs(nu) == 0.5, xp.zeros_like(nu), nu)
    dspec = spec * xp.astype(nu, spec.dtype) * 1j
    if xp.isdtype(g.dtype, "complex floating"):
        return fft.ifft(dspec)
    return fft.irfft(dspec, n=T)


def _gauss_lambda(window: Any, n_fft: int) -> float | None:
    """``lambda = tfr * n_fft`` for a named Gaussian window, else None."""
    if _b.is_array(window):
        return None
    name, param = _parse(window)
    if name != "gauss":
        return None
    return (1.0 if param is None else param) * n_fft


def _derivatives(
    x: Any, window: Any, hop: int, n_fft: int, fs: float, boundary: str, center: bool,
    floor: float, check_finite: bool, *, anchored: bool = True,
) -> tuple[Any, Any, Any]:
    """Instantaneous frequency (Hz), reassigned time (s) and ``c_g``, all (..., N, F).

    With ``anchored=False`` the second output is the local group delay (s), relative to
    each frame's anchor.
    """
    if isinstance(fs, bool) or not isinstance(fs, (int, float)) or not (fs > 0 and math.isfinite(fs)):
        raise ValueError(f"fs must be a positive finite number, got {fs!r}")
    if isinstance(floor, bool) or not isinstance(floor, (int, float)) or not 0 < floor < 1:
        raise ValueError(f"floor must be a number in (0, 1), got {floor!r}")
    xp, device, x, g, lay, onesided = _prepare(x, window, hop, n_fft, boundary, center,
                                                "frequency-invariant", None, check_finite)
    rdt = _b.real_dtype(xp, x.dtype)
    T = lay.win_length
    k = xp.arange(T, dtype=rdt, device=device) - float(lay.offset)
    lam = _gauss_lambda(window, n_fft)
    # the unit conversions (seconds, Hz) ride on the windows, which are cheap to scale
    windows = [g, k * g * (1.0 / fs)]
    if lam is None:
        windows.append(_spectral_derivative(xp, g) * fs)
    stacked = _conj(xp, xp.stack(windows, axis=0))  # (K, T)

    frames = frame_signal(xp, _extend(xp, x, lay), T, lay.hop, lay.n_frames)
    prod = frames[..., None, :, :] * stacked[:, None, :]  # (..., K, N, T)
    fft = _b.fft(xp)
    if onesided:
        spec = fft.rfft(prod, n=n_fft, axis=-1)
    else:
        if not xp.isdtype(prod.dtype, "complex floating"):
            prod = xp.astype(prod, _b.complex_dtype(xp, prod.dtype))
        spec = fft.fft(prod, n=n_fft, axis=-1)
    c_g, c_t = spec[..., 0, :, :], spec[..., 1, :, :]

    # elementwise work on (..., N, F) arrays: in-place updates of arrays created here save
    # allocations (NumPy, torch); Re / Im of c_t conj(c_g) without forming the complex product
    re, im = xp.real(c_g), xp.imag(c_g)
    den = re * re
    den += im * im
    ref = xp.max(den, axis=(-2, -1), keepdims=True)
    # an all-zero STFT takes ref = 1, so that 1 / c_s (and its square, in autograd) stays finite
    ref = xp.where(ref > 0, ref, xp.ones_like(ref))
    tiny = float(xp.finfo(rdt).smallest_normal)
    inv = 1.0 / xp.maximum(den, floor * ref + tiny)
    del den

    f = _b.fft(xp)
    bins = f.rfftfreq(n_fft, dtype=rdt, device=device) if onesided else f.fftfreq(n_fft, dtype=rdt,
                                                                                  device=device)
    anchors = xp.arange(lay.p0, lay.p0 + lay.n_frames, dtype=rdt, device=device) * float(lay.hop)

    re_t, im_t = xp.real(c_t), xp.imag(c_t)
    times = re_t * re
    times += im_t * im
    times *= inv
    if anchored:
        times += anchors[:, None] * (1.0 / fs)
    if lam is None:
        c_d = spec[..., 2, :, :]
        inst_freq = xp.real(c_d) * im
        inst_freq -= xp.imag(c_d) * re
    else:
        inst_freq = im_t * re
        inst_freq -= re_t * im
        inst_freq *= fs * fs / lam  # not inv *= ...: inv is saved for autograd by times *= inv
    inst_freq *= inv
    inst_freq += bins * fs
    return inst_freq, times, c_g


@_b.supports()
def phase_derivatives(
    x: Any,
    window: Any,
    hop: int,
    n_fft: int,
    *,
    fs: float = 1.0,
    boundary: str = "circular",
    center: bool = False,
    floor: float = 1e-6,
    check_finite: bool = True,
) -> tuple[Any, Any]:
    r"""Instantaneous frequency and reassigned time of every STFT bin (Auger-Flandrin).

    ``inst_freq[m, n] = (m / M + phi_t[m, n]) fs`` and
    ``time[m, n] = (n a + phi_f[m, n]) / fs``, with the phase derivatives of
    the module docstring (three STFTs with the window, its spectral derivative
    and the time-weighted window, sharing one framing pass; two for
    ``("gauss", tfr)`` windows).

    Parameters
    ----------
    x : array, shape (..., L)
        Real or complex signal(s).
    window, hop, n_fft, boundary, center
        As for :func:`framekit.stft`.  Any window (array or name) works; a
        named Gaussian takes the two-STFT shortcut.
    fs : float
        Sampling rate in Hz.
    floor : float
        Relative energy floor epsilon: ``|c_g|^2`` is replaced by
        ``max(|c_g|^2, floor * max |c_g|^2)`` in the denominators, so bins
        below ``floor`` times the peak energy are pulled towards their bin
        centre and frame anchor.  Never NaN/inf for finite input.
    check_finite : bool
        Check x (and an array window) for NaN/inf.

    Returns
    -------
    inst_freq : real array, shape (..., F, N)
        Instantaneous frequency in Hz at each bin.
    time : real array, shape (..., F, N)
        Reassigned (group-delay corrected) time in seconds.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.phase import phase_derivatives
    >>> fs = 8000.0
    >>> x = np.cos(2 * np.pi * 1000.0 * np.arange(4096) / fs)   # periodic on 4096 samples
    >>> f, t = phase_derivatives(x, "hann", 128, 512, fs=fs)
    >>> m = int(np.argmax(abs(f[:, 5] - 1000.0) < 1e-3))         # a bin near 1 kHz
    >>> round(float(f[m + 1, 5]), 6)
    1000.0
    """
    inst_freq, times, _ = _derivatives(x, window, hop, n_fft, fs, boundary, center, floor,
                                       check_finite)
    xp = _b.namespace_and_device(("x", inst_freq))[0]
    return xp.matrix_transpose(inst_freq), xp.matrix_transpose(times)


@_b.supports()
def reassigned_spectrogram(
    x: Any,
    window: Any,
    hop: int,
    n_fft: int,
    *,
    fs: float = 1.0,
    boundary: str = "circular",
    center: bool = False,
    floor: float = 1e-6,
    check_finite: bool = True,
) -> tuple[Any, Any, Any]:
    """Reassigned spectrogram: every bin's magnitude with its reassigned frequency and time.

    The points ``(time[m, n], freq[m, n])`` carry the magnitudes
    ``|c[m, n]|``; plotting them (or accumulating them on a grid) gives the
    sharpened time-frequency picture.  Same outputs as librosa's
    ``reassigned_spectrogram`` (``freqs, times, mags``), but low-energy bins get
    the floored values of :func:`phase_derivatives` instead of NaN.

    Parameters
    ----------
    x, window, hop, n_fft, fs, boundary, center, floor, check_finite
        As for :func:`phase_derivatives`.

    Returns
    -------
    freqs : real array, shape (..., F, N)
        Reassigned frequencies in Hz.
    times : real array, shape (..., F, N)
        Reassigned times in seconds.
    mags : real array, shape (..., F, N)
        STFT magnitudes ``|c|``.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.phase import reassigned_spectrogram
    >>> x = np.zeros(1024); x[300] = 1.0                      # an impulse at t = 300
    >>> f, t, mag = reassigned_spectrogram(x, "hann", 64, 256)
    >>> n = int(np.argmax(mag[10]))                          # the frame that sees it best
    >>> round(float(t[10, n]), 9)
    300.0
    """
    inst_freq, times, c_g = _derivatives(x, window, hop, n_fft, fs, boundary, center, floor,
                                         check_finite)
    xp = _b.namespace_and_device(("x", inst_freq))[0]
    t = xp.matrix_transpose
    return t(inst_freq), t(times), t(xp.abs(c_g))
