r"""Phase derivatives of the STFT and the reassigned spectrogram (Auger-Flandrin), exact for every window.

The STFT is :func:`framekit.stft`'s, with its framing (torch's and librosa's): window g of
length ``T = win_length``, hop ``a``, ``M = n_fft`` bins, frame n centred at sample
``n a - c + M // 2`` (:func:`framekit.frame_times`; ``c = M // 2`` with ``center=True``),
the window at sample ``o = M // 2 - (M - T) // 2`` of itself under that centre.  Three
STFTs with the same framing are computed:

* ``c_g``: x with the window g;
* ``c_t``: x with the time-weighted window ``(k - o) g[k]`` (compact, like g);
* ``c_{x'}``: the signal's spectral derivative x' with the window g, where

  .. math::

      x' = \mathrm{IDFT}_P\bigl(i\,\nu\, \mathrm{DFT}_P(y)\bigr) \quad
      (\nu \text{ the } P\text{-point DFT frequencies in cycles per sample, the
      Nyquist term dropped for even } P)

  with y and P set by ``pad_mode``: ``"circular"``: ``y = x``, ``P = L`` (the exact time
  derivative on the cyclic group ``Z_L``: the derivative of x's L-periodic trigonometric
  interpolation); ``"constant"`` and ``"reflect"``: y is the padded signal the frames are
  cut from (x with ``c`` samples of padding on each side, as :func:`framekit.stft` pads it),
  zero-extended after its end to ``P``, the smallest ``2^i 3^j 5^k >= L + 2c`` (a length
  the FFTs are fast for; the extra zeros also keep x's two ends apart).

With the energy floor

.. math::

    c_s = \max\bigl(|c_g|^2,\ \varepsilon E + \text{tiny}\bigr), \qquad
    E = \max_n \sum_k |x_n[k]\, g[k]|^2 = \max_n \frac1M \sum_{m=0}^{M-1} |c_g[m, n]|^2

(E is the energy of the signal's loudest windowed frame, by Parseval the mean of
``|c_g|^2`` over that frame's M bins, taken as 1 when x is all zero; ``0 < epsilon < 1``,
``tiny`` the dtype's smallest normal number; so finite input gives finite values, and
finite torch gradients, even for an all-zero signal), the two phase derivatives, in
cycles per sample and in samples, are

.. math::

    \varphi_t = \frac{\operatorname{Im}(c_{x'}\,\overline{c_g}) - \nu_m |c_g|^2}{c_s},
    \qquad
    \varphi_f = \frac{\operatorname{Re}(c_t\,\overline{c_g})}{c_s},

the deviation of the instantaneous frequency from the bin's centre frequency
``nu_m = m / M`` (``fftfreq``: negative above M/2 for two-sided spectra) and the local group
delay relative to the frame's centre.  The instantaneous frequency is
``(nu_m + phi_t) fs`` and the reassigned time ``(n a - c + M // 2 + phi_f) / fs``: Hz and
seconds for fs in Hz, cycles per sample and samples for the default ``fs = 1``.  At bins
with ``|c_g|^2 < epsilon E`` both are pulled towards the bin centre and frame centre; finite
input never gives NaN or inf.

**Exactness.**  The window is differentiated by moving the signal: since the STFT is a
circular correlation, the derivative of ``c_g`` along a (trigonometric) shift of the window
is the STFT of x' with the window itself, so ``c_{x'}`` is the STFT with the exact
derivative of the window zero-padded to length P (LTFAT's ``gabphasederiv(..., 'dgt')``
route), while the window stays compact.  On a signal that repeats exactly every L samples
(a complex tone of frequency j/L, or a sum of such) the circular mode's instantaneous
frequency is the true one to rounding at every bin well above the floor, for every window
(hann, hamming, blackman, boxcar, gauss, arrays); the T-periodic derivative of the window
used before was off by up to 5.5e-4 cycles/sample (hann) and 0.11 (hamming) at bins 60 dB
below the peak.  No Gaussian shortcut: ``c_d = -c_t / lambda`` holds only where the
Gaussian is negligible at both ends of its window and at the Nyquist frequency, and away
from the Nyquist bin, so it is not the definition above in general; every window takes the
same route.

**Phase convention.**  The phase derivatives are quotients of coefficients in one and the
same convention, so they do not depend on it: ``phi_t`` is the time derivative of the phase
of the ``"freqinv"`` (frequency-invariant, LTFAT's default) coefficients divided by 2 pi,
the deviation from the bin centre, and ``phi_f`` is minus the frequency derivative of the
phase of the ``"timeinv"`` coefficients (torch's, librosa's) divided by 2 pi, the delay
from the frame's centre.  They are LTFAT's ``gabphasegrad('dgt', ...)`` relative
derivatives of its ``'freqinv'`` DGT (``tgrad`` up to LTFAT's scaling of frequencies, with
the Nyquist frequency at L/2, i.e. ``tgrad = L phi_t``; ``fgrad = phi_f`` in samples,
LTFAT's frames being centred on ``n a``).

**Speed.**  One long FFT pair gives x' (``rfft``/``irfft`` of length P); the frames of x
and x' are gathered once and transformed by one batched FFT with the stacked windows.
That is what :func:`_derivatives` computes over whole arrays (GPUs, lazy backends,
autograd).  On NumPy, and torch on the CPU without autograd, the same numbers come faster
from :mod:`framekit.tf._phase_chunked`: cache-sized chunks in one pass with reused
buffers, and, for windows with a sparse DFT (hann, hamming, blackman, boxcar), the raw
frames' FFTs with few-tap combinations instead of windowing.  Three real FFTs per frame
and the long FFT pair: about 3 times one :func:`framekit.stft` on NumPy.
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .._validate import flag, positive_number, real_number
from ._phase_chunked import chunked_derivatives, energy_floor, spectrum
from .short_time import _conj, _extend, _Layout, _padded, _prepare, frame_signal

__all__ = ["phase_derivatives", "reassigned_spectrogram"]


def _fast_length(n: int) -> int:
    """The smallest ``2^i 3^j 5^k >= n``."""
    best = 1 << max(n - 1, 0).bit_length()
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            p = p35
            while p < n:
                p *= 2
            best = min(best, p)
            p35 *= 3
        p5 *= 5
    return best


def _derivative_length(lay: _Layout) -> int:
    """P, the period of the signal derivative: L (circular) or a fast length >= L + 2c."""
    if lay.pad_mode == "circular":
        return lay.length
    return _fast_length(lay.length + 2 * lay.pad)


def _signal_derivative(xp: Any, y: Any, P: int, fs: float, device: Any) -> Any:
    """``IDFT_P(i nu DFT_P(y)) fs`` over the last axis (y zero-extended to P), length P.

    ``nu`` in cycles per sample, the Nyquist term dropped for even P (it has no real
    derivative); real y gives real x' (``rfft``/``irfft``).
    """
    fft = _b.fft(xp)
    rdt = _b.real_dtype(xp, y.dtype)
    real = not xp.isdtype(y.dtype, "complex floating")
    if real:
        Y = fft.rfft(y, n=P, axis=-1)
        nu = fft.rfftfreq(P, dtype=rdt, device=device)
    else:
        Y = fft.fft(y, n=P, axis=-1)
        nu = fft.fftfreq(P, dtype=rdt, device=device)
    if P % 2 == 0:
        nu = xp.where(xp.abs(nu) == 0.5, xp.zeros_like(nu), nu)
    Y = Y * (xp.astype(nu * fs, Y.dtype) * 1j)
    return fft.irfft(Y, n=P, axis=-1) if real else fft.ifft(Y, n=P, axis=-1)


def _covered(xp: Any, y: Any, lay: _Layout) -> Any:
    """The samples of y (the padded signal, or x itself in circular mode, or their derivative)
    that the frames cover, as :func:`framekit.tf.short_time._extend` gives them for x."""
    if lay.pad_mode == "circular":
        return _extend(xp, y, lay)
    first = lay.offset  # lay.start + lay.pad: window sample 0 of frame 0 in the padded signal
    return y[..., first : first + (lay.n_frames - 1) * lay.hop + lay.win_length]


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
    x: Any, n_fft: Any, hop_length: Any, win_length: Any, window: Any, center: Any, pad_mode: Any,
    fs: Any, floor: Any, check_finite: Any, *, anchored: bool = True, magnitudes: bool = False,
) -> tuple[Any, Any, Any, bool]:
    """Instantaneous frequency (Hz), reassigned time (s) and ``|c_g|``, all (..., N, F), and
    whether the spectra are one-sided.

    With ``anchored=False`` the second output is the local group delay (s), relative to
    each frame's centre.  The third is None unless ``magnitudes=True``.  The unit
    conversions (seconds, Hz) ride on the windows and on x', which are cheap to scale.
    """
    fs = positive_number(fs, "fs")
    floor = real_number(floor, "floor", low=0.0, high=1.0)
    s = _prepare(x, n_fft, hop_length, win_length, window, center, pad_mode, "timeinv", None,
                 check_finite)
    xp, device, x, g, lay, onesided = s.xp, s.device, s.x, s.window, s.layout, s.onesided
    rdt = _b.real_dtype(xp, x.dtype)
    T, M, N, a = lay.win_length, lay.n_fft, lay.n_frames, lay.hop
    batch = x.shape[:-1]
    n_sig = math.prod(batch)
    y = _padded(xp, xp.reshape(x, (n_sig, lay.length)), lay)
    dy = _signal_derivative(xp, y, _derivative_length(lay), fs, device)  # x' fs (Hz)
    ext, dext = _covered(xp, y, lay), _covered(xp, dy, lay)
    frames = frame_signal(xp, ext, T, a, N)  # (n_sig, N, T)
    dframes = frame_signal(xp, dext, T, a, N)

    # the windows of c_g (and c_x') and c_t: conj g and (k - o) conj g / fs
    o = M // 2 - lay.offset  # the frame's centre, in window samples
    wg = _conj(xp, g)
    wt = (xp.arange(T, dtype=rdt, device=device) - float(o)) * (1.0 / fs) * wg
    energy = _loudest_frame_energy(xp, ext, g, a, N)  # E, for the floor
    f = _b.fft(xp)
    bins = (f.rfftfreq(M, dtype=rdt, device=device) if onesided
            else f.fftfreq(M, dtype=rdt, device=device)) * fs
    anchors = None
    if anchored:  # the frames' centres (frame_times)
        anchors = (xp.arange(N, dtype=rdt, device=device) * float(a) + float(M // 2 - lay.pad)) * (1.0 / fs)

    rows = _b.fft_chunk_rows(xp, M, x, g)
    if rows is not None:  # NumPy, torch CPU without autograd: the same numbers, faster
        freq, times, mags, W = chunked_derivatives(xp, frames, dframes, (wg, wt), energy, floor,
                                                   bins, anchors, M, onesided, rows, magnitudes)
    else:
        # c_g, c_t and c_x' by one batched FFT of the frames times the stacked windows
        stacked = xp.reshape(xp.stack([wg, wt], axis=0), (2, 1, 1, T))
        windowed = xp.concat([stacked * frames[None, ...], (wg * dframes)[None, ...]], axis=0)
        c = spectrum(xp, windowed, M, onesided)
        c_g, c_t, c_d = c[0, ...], c[1, ...], c[2, ...]
        den = xp.real(c_g * xp.conj(c_g))  # |c_g|^2
        c_s = xp.maximum(den, energy_floor(xp, energy, floor))
        times = xp.real(c_t * xp.conj(c_g)) / c_s  # phi_f
        freq = (xp.imag(c_d * xp.conj(c_g)) - bins * den) / c_s + bins  # nu + phi_t
        times = times if anchors is None else times + anchors[:, None]
        mags = xp.sqrt(den) if magnitudes else None
        W = freq.shape[-1]

    F = M // 2 + 1 if onesided else M

    def shaped(v: Any) -> Any:
        return None if v is None else xp.reshape(v, (*batch, N, W))[..., :F]

    return shaped(freq), shaped(times), shaped(mags), onesided


@_b.supports()
@_b.lazy_batch()
def phase_derivatives(
    x: Any,
    *,
    n_fft: int,
    hop_length: int | None = None,
    win_length: int | None = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "constant",
    fs: float = 1.0,
    floor: float = 1e-6,
    check_finite: bool = True,
) -> tuple[Any, Any]:
    r"""Instantaneous frequency and reassigned time of every STFT bin (Auger-Flandrin), exact.

    ``inst_freq[m, n] = (m / M + phi_t[m, n]) fs`` and
    ``time[m, n] = (n a - c + M // 2 + phi_f[m, n]) / fs`` (the frame's centre,
    :func:`framekit.frame_times`, plus the group delay), with the phase derivatives of
    the module docstring: three STFTs (x and its spectral derivative with the window, x
    with the time-weighted window) sharing one framing pass.

    Parameters
    ----------
    x : array, shape (..., L)
        Real or complex signal(s).
    n_fft, hop_length, win_length, window, center, pad_mode
        As for :func:`framekit.stft` (same defaults).  Any window (array or name) works,
        exactly.  With ``pad_mode="circular"`` the time derivative is the exact one on
        ``Z_L``; with the padded modes it is that of the padded signal, zero-extended to a
        fast length (see the module docstring).
    fs : float
        Sampling rate: with the default ``fs = 1`` frequencies are in cycles per sample
        and times in samples; with fs in Hz, Hz and seconds.
    floor : float
        Relative energy floor epsilon: ``|c_g|^2`` is replaced by
        ``max(|c_g|^2, floor * E)`` in the denominators, E the energy of the
        loudest windowed frame (the mean ``|c_g|^2`` of that frame's M bins),
        so bins below ``floor`` times E are pulled towards their bin centre
        and frame centre.  Never NaN/inf for finite input.
    check_finite : bool
        Check x (and an array window) for NaN/inf.

    Returns
    -------
    inst_freq : real array, shape (..., F, N)
        Instantaneous frequency at each bin (cycles per sample, or Hz), as
        :func:`framekit.stft`'s shape: ``F = n_fft // 2 + 1`` for real x (and window),
        else ``n_fft`` (negative frequencies above ``n_fft / 2``).
    time : real array, shape (..., F, N)
        Reassigned (group-delay corrected) time (samples, or seconds) from the signal's
        first sample.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.tf.phase import phase_derivatives
    >>> x = np.cos(2 * np.pi * 0.125 * np.arange(4096))        # 1/8 cycle per sample
    >>> f, t = phase_derivatives(x, n_fft=512, hop_length=128, pad_mode="circular")
    >>> f.shape
    (257, 32)
    >>> print(round(float(f[63, 5]), 12), round(float(f[65, 5]), 12))   # bins 63 and 65 of 512
    0.125 0.125
    """
    inst_freq, times, _, _ = _derivatives(x, n_fft, hop_length, win_length, window, center, pad_mode,
                                          fs, floor, check_finite)
    xp = _b.namespace_and_device(("x", inst_freq))[0]
    return xp.matrix_transpose(inst_freq), xp.matrix_transpose(times)


@_b.supports()
@_b.lazy_batch()
def reassigned_spectrogram(
    x: Any,
    *,
    n_fft: int,
    hop_length: int | None = None,
    win_length: int | None = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "constant",
    fs: float = 1.0,
    clip: bool = True,
    floor: float = 1e-6,
    check_finite: bool = True,
) -> tuple[Any, Any, Any]:
    """Reassigned spectrogram: every bin's magnitude with its reassigned frequency and time.

    The points ``(times[m, n], freqs[m, n])`` carry the magnitudes ``|c[m, n]|``;
    plotting them (or accumulating them on a grid) gives the sharpened time-frequency
    picture.  Same outputs as librosa's ``reassigned_spectrogram`` (``freqs, times, mags``,
    with ``sr`` named ``fs``), with two differences: low-energy bins get the floored values
    of :func:`phase_derivatives` (librosa: NaN, or with ``fill_nan=True`` the bin centre
    and frame time), and the derivatives are exact (librosa's derivative window is a
    finite difference, and its time weights ``k - (n_fft - 1) / 2`` put its times half a
    sample late for even n_fft).

    Parameters
    ----------
    x, n_fft, hop_length, win_length, window, center, pad_mode, fs, floor, check_finite
        As for :func:`phase_derivatives`.
    clip : bool
        As librosa's ``clip`` (default True): frequencies are clipped to ``[0, fs / 2]``
        (``[-fs / 2, fs / 2]`` for two-sided spectra of complex x) and times to
        ``[0, L / fs]`` (L the signal's length), the spectrogram's bounds; with False
        they may lie beyond.

    Returns
    -------
    freqs : real array, shape (..., F, N)
        Reassigned frequencies (cycles per sample for ``fs = 1``, Hz for fs in Hz).
    times : real array, shape (..., F, N)
        Reassigned times (samples for ``fs = 1``, seconds for fs in Hz).
    mags : real array, shape (..., F, N)
        STFT magnitudes ``|c|`` (those of :func:`framekit.stft` with the same arguments).

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.tf.phase import reassigned_spectrogram
    >>> x = np.zeros(1024); x[300] = 1.0                      # an impulse at t = 300
    >>> f, t, mag = reassigned_spectrogram(x, n_fft=256, hop_length=64)
    >>> n = int(np.argmax(mag[10]))                          # the frame that sees it best
    >>> round(float(t[10, n]), 9)                            # in samples (fs = 1)
    300.0
    """
    clip = flag(clip, "clip")
    inst_freq, times, mags, onesided = _derivatives(x, n_fft, hop_length, win_length, window, center,
                                                    pad_mode, fs, floor, check_finite, magnitudes=True)
    xp = _b.namespace_and_device(("x", inst_freq))[0]
    if clip:
        fs = float(fs)
        inst_freq = xp.clip(inst_freq, min=0.0 if onesided else -0.5 * fs, max=0.5 * fs)
        times = xp.clip(times, min=0.0, max=x.shape[-1] / fs)
    t = xp.matrix_transpose
    return t(inst_freq), t(times), t(mags)
