r"""Phase derivatives of the STFT and the reassigned spectrogram (Auger-Flandrin).

Three STFTs of x with the same hop a and n_fft M: ``c_g`` with the window g,
``c_d`` with its derivative window ``d = g' / (2 pi)`` and ``c_t`` with the
time-weighted window ``(k - o) g[k]`` (k - o: samples from the frame's anchor,
see :mod:`framekit.tf.gabor`).  With the energy floor

.. math::

    c_s = \max\bigl(|c_g|^2,\ \varepsilon E + \text{tiny}\bigr), \qquad
    E = \max_n \sum_k |x[n a - o + k]\, g[k]|^2 = \max_n \frac1M \sum_{m=0}^{M-1} |c_g[m, n]|^2

(E is the energy of the signal's loudest windowed frame, by Parseval the mean of
``|c_g|^2`` over that frame's M bins, taken as 1 when x is all zero;
``0 < epsilon < 1``, ``tiny`` the dtype's smallest normal number; so finite input
gives finite values, and finite torch gradients, even for an all-zero signal), the
two phase derivatives, in cycles per sample and in samples, are

.. math::

    \varphi_t = -\operatorname{Im}\frac{c_d\,\overline{c_g}}{c_s}, \qquad
    \varphi_f = \operatorname{Re}\frac{c_t\,\overline{c_g}}{c_s},

the deviation of the instantaneous frequency from the bin's centre frequency
and the local group delay relative to the frame's anchor.  They do not depend
on the phase convention.  Adding the bin frequency ``m / M`` and the anchor time
``n a`` and converting with ``fs`` gives the instantaneous frequency (Hz) and the
reassigned time (s).  At bins with ``|c_g|^2 < epsilon E`` both are pulled
towards the bin centre and frame anchor (they are exact at bins above the floor);
finite input never gives NaN or inf.  E comes from x directly, in O(L T / a)
(:func:`_loudest_frame_energy`), before any STFT, so that every bin can be
finished as soon as its frame is transformed.

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

**Speed.**  The formulas above are what :func:`_derivatives` computes over whole arrays
(GPUs, lazy backends, autograd).  On NumPy, and torch on the CPU without autograd, the
same numbers come faster from :mod:`framekit.tf._phase_chunked`: cache-sized chunks in
one pass with reused buffers, and two FFTs with few-tap combinations instead of three for
windows with a sparse DFT (hann, hamming, blackman).
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .._validate import positive_number, real_number
from ._phase_chunked import chunked_derivatives, energy_floor, spectrum
from .short_time import (
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


def _loudest_frame_energy(xp: Any, ext: Any, g: Any, hop: int, n_frames: int) -> Any:
    """``max_n sum_k |ext[n a + k] g[k]|^2`` for each signal (rows of ext), shape (n_sig,).

    By Parseval this is the mean of ``|c_g|^2`` over the M bins of the loudest frame.
    Cost O(L T / a): with ``q = ceil(T / a)`` and the squared signal cut into blocks of
    a samples, frame n's energy is ``sum_r blocks[n + r] . |g[r a : (r + 1) a]|^2``, one
    matrix product with q columns.
    """
    T = g.shape[0]
    q = -(-T // hop)
    n_sig, length = ext.shape
    rdt = _b.real_dtype(xp, ext.dtype)
    dev = _b.namespace_and_device(("x", ext))[1]
    n_blocks = n_frames - 1 + q
    extra = n_blocks * hop - length  # >= 0: ext holds (N - 1) a + T samples
    if extra:
        ext = xp.concat([ext, xp.zeros((n_sig, extra), dtype=ext.dtype, device=dev)], axis=1)
    g2 = xp.real(g * xp.conj(g)) if xp.isdtype(g.dtype, "complex floating") else g * g
    if q * hop > T:
        g2 = xp.concat([g2, xp.zeros(q * hop - T, dtype=rdt, device=dev)])
    weights = xp.reshape(g2, (q, hop)).T
    blocks = xp.reshape(ext, (n_sig * n_blocks, hop))
    if xp.isdtype(blocks.dtype, "complex floating"):
        squares = xp.real(blocks * xp.conj(blocks))
    else:
        squares = blocks * blocks
    per = xp.reshape(squares @ weights, (n_sig, n_blocks, q))
    energy = per[:, :n_frames, 0]
    for r in range(1, q):
        energy = energy + per[:, r : r + n_frames, r]
    return xp.max(energy, axis=1)


def _derivatives(
    x: Any, window: Any, hop: int, n_fft: int, fs: float, boundary: str, center: bool,
    floor: float, check_finite: bool, *, anchored: bool = True, magnitudes: bool = False,
) -> tuple[Any, Any, Any]:
    """Instantaneous frequency (Hz), reassigned time (s) and ``|c_g|``, all (..., N, F).

    With ``anchored=False`` the second output is the local group delay (s), relative to
    each frame's anchor.  The third is None unless ``magnitudes=True``.  The unit
    conversions (seconds, Hz) ride on the windows, which are cheap to scale.
    """
    fs = positive_number(fs, "fs")
    floor = real_number(floor, "floor", low=0.0, high=1.0)
    xp, device, x, g, lay, onesided = _prepare(x, window, hop, n_fft, boundary, center,
                                                "frequency-invariant", None, check_finite)
    rdt = _b.real_dtype(xp, x.dtype)
    T, M, N = lay.win_length, n_fft, lay.n_frames
    batch = x.shape[:-1]
    n_sig = math.prod(batch)
    ext = _extend(xp, xp.reshape(x, (n_sig, lay.length)), lay)
    frames = frame_signal(xp, ext, T, lay.hop, N)  # (n_sig, N, T)

    # the windows of c_g, c_t and c_d: conj g, (k - o) conj g / fs, conj g' fs / (2 pi)
    lam = _gauss_lambda(window, n_fft)
    wg = _conj(xp, g)
    wt = (xp.arange(T, dtype=rdt, device=device) - float(lay.offset)) * (1.0 / fs) * wg
    wd = None if lam is not None else _conj(xp, _spectral_derivative(xp, g) * fs)
    energy = _loudest_frame_energy(xp, ext, g, lay.hop, N)  # E, for the floor
    f = _b.fft(xp)
    bins = (f.rfftfreq(M, dtype=rdt, device=device) if onesided
            else f.fftfreq(M, dtype=rdt, device=device)) * fs
    anchors = None
    if anchored:
        anchors = xp.arange(lay.p0, lay.p0 + N, dtype=rdt, device=device) * float(lay.hop / fs)

    rows = _b.fft_chunk_rows(xp, M, x, g)
    if rows is not None:  # NumPy, torch CPU without autograd: the same numbers, faster
        freq, times, mags, W = chunked_derivatives(xp, frames, (wg, wt, wd), lam, energy, floor,
                                                   bins, anchors, M, onesided, fs, rows, magnitudes)
    else:
        # c_g, c_t (and c_d) by one batched FFT of the frames times the stacked windows
        windows = [wg, wt] + ([] if wd is None else [wd])
        stacked = xp.reshape(xp.stack(windows, axis=0), (len(windows), 1, 1, T))
        c = spectrum(xp, stacked * frames[None, ...], M, onesided)
        c_g, c_t = c[0, ...], c[1, ...]
        den = xp.real(c_g * xp.conj(c_g))  # |c_g|^2
        c_s = xp.maximum(den, energy_floor(xp, energy, floor))
        times = xp.real(c_t * xp.conj(c_g)) / c_s  # phi_f
        if lam is not None:  # the Gaussian shortcut: c_d = -c_t fs^2 / lambda
            freq = xp.imag(c_t * xp.conj(c_g)) * (fs * fs / lam) / c_s  # phi_t
        else:
            freq = -xp.imag(c[2, ...] * xp.conj(c_g)) / c_s  # phi_t
        times = times if anchors is None else times + anchors[:, None]
        freq = freq + bins
        mags = xp.sqrt(den) if magnitudes else None
        W = freq.shape[-1]

    F = M // 2 + 1 if onesided else M

    def shaped(v: Any) -> Any:
        return None if v is None else xp.reshape(v, (*batch, N, W))[..., :F]

    return shaped(freq), shaped(times), shaped(mags)


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
    ``("gauss", tfr)`` windows, and two FFTs with few-tap combinations for
    windows with a sparse DFT, such as hann, on NumPy and torch CPU).

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
        ``max(|c_g|^2, floor * E)`` in the denominators, E the energy of the
        loudest windowed frame (the mean ``|c_g|^2`` of that frame's M bins),
        so bins below ``floor`` times E are pulled towards their bin centre
        and frame anchor.  Never NaN/inf for finite input.
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
    >>> from framekit.tf.phase import phase_derivatives
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
    >>> from framekit.tf.phase import reassigned_spectrogram
    >>> x = np.zeros(1024); x[300] = 1.0                      # an impulse at t = 300
    >>> f, t, mag = reassigned_spectrogram(x, "hann", 64, 256)
    >>> n = int(np.argmax(mag[10]))                          # the frame that sees it best
    >>> round(float(t[10, n]), 9)
    300.0
    """
    inst_freq, times, mags = _derivatives(x, window, hop, n_fft, fs, boundary, center, floor,
                                          check_finite, magnitudes=True)
    xp = _b.namespace_and_device(("x", inst_freq))[0]
    t = xp.matrix_transpose
    return t(inst_freq), t(times), t(mags)
