r"""The short-time Fourier transform and its exact inverse, in torch's and librosa's terms.

Window ``g`` of length ``T = win_length <= M = n_fft``, hop ``a = hop_length``, signal
length ``L``.  As in ``torch.stft`` and ``librosa.stft``, frame ``n`` covers the ``M``
samples that start at

.. math::

    s_n = n a - c, \qquad c = \lfloor M/2 \rfloor \text{ if center else } 0,

and the window sits centred in the frame, ``d = (M - T) // 2`` samples after its start
(the zero-padded window of length M).  The coefficients are

.. math::

    c[m, n] = \sum_{k=0}^{T-1} x[s_n + d + k]\, \overline{g[k]}\, e^{-2\pi i m (k + d - r_n)/M}

where ``r_n`` is where the phase is measured from (the **phase convention**, named as in
LTFAT):

* ``"timeinv"`` (``"time-invariant"``, the default; torch, librosa): ``r_n = 0``, the phase
  is measured from each frame's first sample, so a shift of x by ``a`` moves c by one frame
  and changes no phase;
* ``"freqinv"`` (``"frequency-invariant"``, LTFAT's default ``dgt``): ``r_n = -s_n``, the
  phase is measured from ``t = 0`` (the factor :math:`e^{-2\pi i m s_n/M}`), so a modulation
  of x by ``m_0/M`` moves c by ``m_0`` channels and changes no phase.

scipy's ``ShortTimeFFT`` (``phase_shift=0``) measures the phase from the frame's centre:
its coefficients are framekit's ``"timeinv"`` ones times :math:`e^{2\pi i m c/M}`
(:math:`(-1)^m` for even M).  ``normalized=True`` multiplies by :math:`M^{-1/2}`, as torch.

What lies outside ``[0, L)`` is set by ``pad_mode``:

* ``"constant"`` (the default, librosa's): zeros.  With ``center=True`` the signal is
  padded by ``c`` samples on each side, as torch and librosa do, and there are
  ``N = 1 + (L + 2c - M) // a`` frames.  The STFT is then a frame of ``R^L`` (``C^L``)
  and :func:`istft` applies its canonical dual: least-squares inverse.
* ``"reflect"`` (torch's default): the padding mirrors x about its end samples (needs
  ``c < L``).  Same frames; :func:`istft` inverts exactly, but as the padding is part of
  the analysis it is not the least-squares inverse of this map.
* ``"circular"``: framekit's finite Gabor frame on the cyclic group ``Z_L``: ``a`` must
  divide ``L``, the ``N = L / a`` frames wrap around, no padding.  (``torch.stft`` with
  ``pad_mode="circular"`` returns one frame more, a copy of the first.)

The frames must cover the signal: every sample of ``[0, L)`` lies under some frame's
window (never silently dropped, as ``torch.stft`` does with ``center=False``), and
``a <= T``.  Real input (with a real window) gives the ``M // 2 + 1`` non-negative
frequencies; complex input all ``M``.  Coefficients have shape ``(..., F, N)`` (frequency,
then time), as in scipy, librosa and torch.  The window is conjugated (the Gabor
convention); for the real windows every peer uses this changes nothing.

The frame theory of the circular STFT (bounds, dual and tight windows, the ``GaborFrame``
object) is in :mod:`framekit.tf.gabor`.  :func:`istft` synthesises with the window and
divides by the frame operator's diagonal ``S[t] = M sum_n |g[t - s_n - d]|^2``, which
inverts :func:`stft` exactly whenever ``S > 0`` on ``[0, L)`` (painless case ``T <= M``).

Backends: the frames are gathered once (a zero-copy strided view on NumPy, CuPy and
torch, see ``_backend.sliding_frames``; one ``xp.take`` elsewhere) and transformed by one
batched FFT.  Dask needs the signal in one chunk along the last axis.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from .. import _backend as _b
from .._validate import (
    check_elements,
    flag,
    float_dtype,
    positive_int,
    positive_number,
    require_array,
    shape_count,
)
from .windows import _parse, get_window

__all__ = ["bin_frequencies", "frame_times", "istft", "stft"]

PAD_MODES = ("constant", "reflect", "circular")
_PHASE_NAMES = {"timeinv": "timeinv", "time-invariant": "timeinv",
                "freqinv": "freqinv", "frequency-invariant": "freqinv"}


# --------------------------------------------------------------------------
# argument checks and the frame layout
# --------------------------------------------------------------------------


def _choice(value: Any, name: str, options: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def _phase(value: Any) -> str:
    """``"timeinv"`` or ``"freqinv"`` from either spelling."""
    if not isinstance(value, str) or value not in _PHASE_NAMES:
        raise ValueError(f"phase must be one of {tuple(_PHASE_NAMES)}, got {value!r}")
    return _PHASE_NAMES[value]


class _Layout(NamedTuple):
    """Where the frames sit: window sample k of frame j at signal index ``start + j a + k``."""

    length: int  # L
    win_length: int  # T
    hop: int  # a
    n_fft: int  # M
    pad: int  # c: frame j starts at j a - c
    n_frames: int  # N
    pad_mode: str

    @property
    def offset(self) -> int:
        """d: the window's first sample inside its frame, (M - T) // 2."""
        return (self.n_fft - self.win_length) // 2

    @property
    def start(self) -> int:
        """Signal index of window sample 0 of the first frame, ``d - c``."""
        return self.offset - self.pad


class _Names(NamedTuple):
    """The arguments' names in messages (``window1``, ``hop_length1``... in the scattering)."""

    window: str = "window"
    hop: str = "hop_length"
    n_fft: str = "n_fft"
    win_length: str = "win_length"


_NAMES = _Names()


def _layout(length: int, win_length: int, hop: int, n_fft: int, pad_mode: str, center: bool, *,
            signal: str | None = None, names: _Names = _NAMES) -> _Layout:
    """The frame layout, or a ValueError naming the argument at fault.

    ``signal`` describes the signal length in messages (default: x's last axis).
    """
    pad_mode = _choice(pad_mode, "pad_mode", PAD_MODES)
    center = flag(center, "center")
    if signal is None:
        signal = f"x has length {length} along its last axis"
    if win_length > n_fft:
        raise ValueError(
            f"{names.win_length} = {win_length} > {names.n_fft} = {n_fft}; only the painless case "
            f"({names.win_length} <= {names.n_fft}) is implemented: use a shorter window or a "
            f"larger {names.n_fft}"
        )
    if hop > win_length:
        raise ValueError(
            f"{names.hop} = {hop} > {names.win_length} = {win_length}: {hop - win_length} samples "
            f"of every hop would lie under no window; use {names.hop} <= {win_length}"
        )
    if length < 1:
        raise ValueError(f"{signal}; it needs at least one sample")
    c = n_fft // 2 if center else 0
    d = (n_fft - win_length) // 2
    if pad_mode == "circular":
        if length < win_length:
            raise ValueError(f"{signal}, shorter than the window ({names.win_length} = {win_length}); "
                             "pad_mode='circular' needs length >= win_length")
        if length % hop:
            raise ValueError(
                f"{signal}, not a multiple of {names.hop} = {hop}; pad_mode='circular' needs "
                f"{names.hop} | length (pad x, or use pad_mode='constant')"
            )
        return _Layout(length, win_length, hop, n_fft, c, length // hop, pad_mode)
    if pad_mode == "reflect" and c >= length:
        raise ValueError(f"{signal}; pad_mode='reflect' pads {c} samples (n_fft // 2) on each side "
                         f"and needs length > {c} (use pad_mode='constant')")
    if length + 2 * c < n_fft:
        raise ValueError(f"{signal}, shorter than {names.n_fft} = {n_fft}"
                         + ("" if center else " (with center=False no padding is added)"))
    lay = _Layout(length, win_length, hop, n_fft, c, 1 + (length + 2 * c - n_fft) // hop, pad_mode)
    if lay.start > 0:
        raise ValueError(
            f"samples 0 ... {lay.start - 1} lie under no window: with center=False the "
            f"{names.win_length} = {win_length} window sits {d} samples into each {names.n_fft} = {n_fft} "
            f"frame; use center=True or {names.win_length} >= {n_fft - 1}"
        )
    end = lay.start + (lay.n_frames - 1) * hop + win_length
    if end < length:
        raise ValueError(
            f"{signal}: its last {length - end} samples lie under no window (torch.stft drops "
            "them silently); " + ("pad x, or use center=True" if not center else
                                  f"use a smaller {names.hop}")
        )
    return lay


def _check_coefficients(n_sig: int | None, lay: _Layout, onesided: bool, names: str = "hop_length and n_fft") -> None:
    """Refuse a coefficient array over the size limit (before any FFT allocates it)."""
    if n_sig is not None:
        F = lay.n_fft // 2 + 1 if onesided else lay.n_fft
        check_elements(n_sig * F * lay.n_frames,
                       f"{names} (hop_length = {lay.hop}, n_fft = {lay.n_fft}; the {F} x {lay.n_frames} "
                       "coefficients)")


def _sizes(n_fft: Any, hop_length: Any, win_length: Any, window: Any,
           names: _Names = _NAMES) -> tuple[int, int, int]:
    """``(M, a, T)`` from the arguments: T from an array window, else win_length or n_fft;
    ``a`` defaults to ``T // 4`` (librosa's default)."""
    n_fft = positive_int(n_fft, names.n_fft)
    if win_length is not None:
        win_length = positive_int(win_length, names.win_length)
    if _b.is_array(window):
        if window.ndim != 1 or window.shape[0] < 1:
            raise ValueError(f"{names.window} must be a non-empty 1-D array, got shape {tuple(window.shape)}")
        if win_length is not None and win_length != window.shape[0]:
            raise ValueError(f"{names.window} has {window.shape[0]} samples but "
                             f"{names.win_length} = {win_length}")
        win_length = window.shape[0]
    elif win_length is None:
        win_length = n_fft
    hop = max(win_length // 4, 1) if hop_length is None else positive_int(hop_length, names.hop)
    return n_fft, hop, win_length


def _resolve_window(window: Any, win_length: int, n_fft: int, xp: Any, dtype: Any, device: Any,
                    names: _Names = _NAMES) -> Any:
    """A named window (length win_length, periodic; a Gaussian's tfr refers to n_fft) or the
    user's 1-D array, on xp."""
    if _b.is_array(window):
        return window
    _parse(window, names.window)  # its errors name the argument
    check_elements(win_length, f"{names.win_length} = {win_length} (the {names.window}, for {names.n_fft} = {n_fft})")
    return get_window(window, win_length, n_fft=n_fft, xp=xp, dtype=dtype, device=device)


def _signal(x: Any, check_finite: bool) -> tuple[Any, Any, Any]:
    check_finite = flag(check_finite, "check_finite")
    require_array(x, "x")
    xp, device = _b.namespace_and_device(("x", x))
    if x.ndim < 1:
        raise ValueError("x must have at least one dimension (time along the last axis)")
    (x,) = _b.as_float(xp, x)
    if check_finite:
        _b.check_finite(xp, x, "x")
    return xp, device, x


def _window_for(xp: Any, device: Any, window: Any, win_length: int, n_fft: int, like: tuple[str, Any],
                check_finite: bool, names: _Names = _NAMES) -> Any:
    """The window on the backend of ``like = (name, array)``, in its precision (complex stays complex)."""
    rdt = _b.real_dtype(xp, like[1].dtype)
    g = _resolve_window(window, win_length, n_fft, xp, rdt, device, names)
    if _b.is_array(window):
        _b.namespace_and_device(like, (names.window, g))
    (g,) = _b.as_float(xp, g)
    if check_finite and _b.is_array(window):
        _b.check_finite(xp, g, names.window)
    target = _b.complex_dtype(xp, rdt) if xp.isdtype(g.dtype, "complex floating") else rdt
    return g if g.dtype == target else xp.astype(g, target)


# --------------------------------------------------------------------------
# padding, framing, phase factors, overlap-add
# --------------------------------------------------------------------------


def _device(x: Any) -> Any:
    return _b.namespace_and_device(("x", x))[1]


def _padded(xp: Any, x: Any, lay: _Layout) -> Any:
    """x with ``c`` samples of padding on each side (none in circular mode): the signal the
    frames are cut from, index ``t + c`` holding sample t."""
    c, L = lay.pad, lay.length
    if lay.pad_mode == "circular" or c == 0:
        return x
    if lay.pad_mode == "reflect":
        left = xp.flip(x[..., 1 : c + 1], axis=-1)
        right = xp.flip(x[..., L - 1 - c : L - 1], axis=-1)
    else:
        left = right = xp.zeros((*x.shape[:-1], c), dtype=x.dtype, device=_device(x))
    return xp.concat([left, x, right], axis=-1)


def _extend(xp: Any, x: Any, lay: _Layout) -> Any:
    """The samples ``lay.start ... lay.start + (N - 1) a + T - 1`` of x (wrapped or padded)."""
    L, T, a, N = lay.length, lay.win_length, lay.hop, lay.n_frames
    total = (N - 1) * a + T
    if lay.pad_mode != "circular":
        first = lay.start + lay.pad  # >= 0: window sample 0 of frame 0 in the padded signal
        return _padded(xp, x, lay)[..., first : first + total]
    s0 = lay.start % L
    pieces, have = [x[..., s0:]], L - s0
    while have < total:
        pieces.append(x[..., : min(L, total - have)])
        have += pieces[-1].shape[-1]
    ext = xp.concat(pieces, axis=-1) if len(pieces) > 1 else pieces[0]
    return ext[..., :total]


def frame_signal(xp: Any, ext: Any, width: int, hop: int, n_frames: int, *, fast: bool = True) -> Any:
    """Frames ``(..., n_frames, width)`` of ``ext`` starting at ``0, hop, 2 hop, ...``.

    Uses the zero-copy view of ``_backend.sliding_frames`` where the backend
    has one (``fast=True``), else one ``xp.take`` with a flat index.
    """
    view = _b.sliding_frames(xp, ext, width, hop) if fast else None
    if view is not None:
        return view[..., :n_frames, :]
    dev = _device(ext)
    starts = xp.arange(n_frames, device=dev) * hop
    idx = xp.reshape(starts[:, None] + xp.arange(width, device=dev)[None, :], (-1,))
    frames = xp.take(ext, idx, axis=ext.ndim - 1)
    return xp.reshape(frames, (*ext.shape[:-1], n_frames, width))


def _phase_factor(xp: Any, lay: _Layout, n_bins: int, phase: str, cdt: Any, device: Any) -> Any:
    """``e^{-2 pi i m r / M}``, turning the window-start phase of the FFT into the convention.

    ``r = d`` (``"timeinv"``: from the frame's first sample; shape (n_bins,)) or the
    window's start ``s_n + d`` (``"freqinv"``: from t = 0; shape (N, n_bins)); None when
    it is 1.  The products ``m r`` are reduced modulo M in integers, so the factor is exact
    to rounding.
    """
    M = lay.n_fft
    m = xp.arange(n_bins, dtype=xp.int64, device=device)
    if phase == "timeinv":
        if lay.offset == 0:
            return None
        r = (m * lay.offset) % M
    else:
        starts = lay.start + lay.hop * xp.arange(lay.n_frames, dtype=xp.int64, device=device)
        r = ((starts[:, None] % M) * m[None, :]) % M
    angle = xp.astype(r, _b.real_dtype(xp, cdt)) * (-2.0 * math.pi / M)
    return xp.astype(xp.cos(angle), cdt) + xp.astype(xp.sin(angle), cdt) * 1j


def _transform(xp: Any, frames: Any, lay: _Layout, onesided: bool, phase: str, device: Any) -> Any:
    """FFT over the last axis of windowed frames ``(..., N, T)`` -> ``(..., N, F)`` in the convention."""
    fft = _b.fft(xp)
    M = lay.n_fft
    if onesided:
        spec = fft.rfft(frames, n=M, axis=-1)
    else:
        if not xp.isdtype(frames.dtype, "complex floating"):
            frames = xp.astype(frames, _b.complex_dtype(xp, frames.dtype))
        spec = fft.fft(frames, n=M, axis=-1)
    factor = _phase_factor(xp, lay, spec.shape[-1], phase, spec.dtype, device)
    if factor is not None:
        spec *= factor  # in place: spec is ours (saves an allocation on NumPy and torch)
    return spec


def _overlap_add(xp: Any, y: Any, lay: _Layout) -> Any:
    """Sum frames ``(..., N, T)`` into the signal ``[0, L)``: the adjoint of ``_extend`` + framing
    (circular: wrapped; padded: the padding's samples are dropped, as torch.istft does)."""
    L, T, a, N = lay.length, lay.win_length, lay.hop, lay.n_frames
    q = -(-T // a)
    batch = y.shape[:-2]
    dev = _device(y)
    if q * a > T:
        y = xp.concat([y, xp.zeros((*batch, N, q * a - T), dtype=y.dtype, device=dev)], axis=-1)
    blocks = xp.reshape(y, (*batch, N, q, a))
    if lay.pad_mode == "circular":
        out = blocks[..., 0, :]
        for i in range(1, q):
            out = out + xp.roll(blocks[..., i, :], i, axis=-2)
        return xp.roll(xp.reshape(out, (*batch, N * a)), lay.start, axis=-1)
    out = xp.zeros((*batch, N + q - 1, a), dtype=y.dtype, device=dev)
    for i in range(q):
        parts = []
        if i:
            parts.append(xp.zeros((*batch, i, a), dtype=y.dtype, device=dev))
        parts.append(blocks[..., i, :])
        if q - 1 - i:
            parts.append(xp.zeros((*batch, q - 1 - i, a), dtype=y.dtype, device=dev))
        out = out + (xp.concat(parts, axis=-2) if len(parts) > 1 else parts[0])
    flat = xp.reshape(out, (*batch, (N + q - 1) * a))
    return flat[..., -lay.start : -lay.start + L]


# --------------------------------------------------------------------------
# frame theory of the painless case
# --------------------------------------------------------------------------


def _window_energy_mod_hop(xp: Any, g: Any, hop: int) -> Any:
    """``G[r] = sum_{k = r mod hop} |g[k]|^2``, shape (hop,)."""
    T = g.shape[0]
    q = -(-T // hop)
    p = xp.real(g) ** 2 + xp.imag(g) ** 2 if xp.isdtype(g.dtype, "complex floating") else g**2
    if q * hop > T:
        p = xp.concat([p, xp.zeros(q * hop - T, dtype=p.dtype, device=_device(p))])
    return xp.sum(xp.reshape(p, (q, hop)), axis=0)


def _frame_diag(xp: Any, g: Any, hop: int, n_fft: int) -> tuple[Any, Any]:
    """The circular frame operator's values: ``M G`` (shape (hop,), one period) and
    ``S[k] = M G[k mod hop]`` at the window samples k (shape (T,))."""
    G = n_fft * _window_energy_mod_hop(xp, g, hop)
    T = g.shape[0]
    q = -(-T // hop)
    return G, xp.reshape(xp.broadcast_to(G, (q, hop)), (q * hop,))[:T]


def _signal_diag(xp: Any, g: Any, lay: _Layout) -> Any:
    """The frame operator's diagonal on the signal, ``S[t] = M sum_n |g[t - s_n - d]|^2``,
    shape (L,) (non-periodic at the padded ends)."""
    p = xp.real(g) ** 2 + xp.imag(g) ** 2 if xp.isdtype(g.dtype, "complex floating") else g**2
    return lay.n_fft * _overlap_add(xp, xp.broadcast_to(p, (lay.n_frames, lay.win_length)), lay)


def _require_frame(xp: Any, S: Any, what: str, lay: _Layout) -> None:
    if _b.is_lazy(S):
        return
    if not bool(xp.min(S) > 0):
        raise ValueError(
            f"the window (win_length = {lay.win_length}), hop_length = {lay.hop} and n_fft = "
            f"{lay.n_fft} do not form a frame for this length (lower frame bound A = 0: some "
            f"samples are covered by no window, or only by its zeros); the {what} needs a frame"
        )


def frame_times(
    length: int,
    *,
    n_fft: int,
    hop_length: int | None = None,
    win_length: int | None = None,
    center: bool = True,
    pad_mode: str = "constant",
    fs: float = 1.0,
    xp: Any = None,
    dtype: Any = None,
    device: Any = None,
) -> Any:
    """Times of the STFT frames' centres, ``(n a - c + M // 2) / fs`` (seconds for fs in Hz).

    ``n a`` with ``center=True``, ``n a + M // 2`` with ``center=False`` (librosa's
    ``frames_to_time`` with ``n_fft``); for the frames :func:`stft` returns with the same
    arguments on a signal of ``length`` samples.

    Examples
    --------
    >>> from framekit.tf.short_time import frame_times
    >>> print(frame_times(8, n_fft=4, hop_length=2, fs=2.0))
    [0. 1. 2. 3. 4.]
    """
    length = positive_int(length, "length")
    fs = positive_number(fs, "fs")
    M, a, T = _sizes(n_fft, hop_length, win_length, None)
    lay = _layout(length, T, a, M, pad_mode, center, signal=f"length = {length}")
    xp = _b.get_namespace(xp)
    dtype = float_dtype(xp, dtype, device=device)
    check_elements(lay.n_frames, f"length = {length} and hop_length = {a} (the frame times)")
    n = xp.arange(lay.n_frames, dtype=dtype, device=device)
    return (n * a + float(M // 2 - lay.pad)) * (1.0 / fs)


def bin_frequencies(
    n_fft: int, *, fs: float = 1.0, onesided: bool = True, xp: Any = None, dtype: Any = None,
    device: Any = None,
) -> Any:
    """Centre frequencies of the STFT bins: ``rfftfreq`` or ``fftfreq`` of n_fft, times fs.

    Cycles per sample for the default ``fs = 1``, Hz for fs in Hz.

    Examples
    --------
    >>> from framekit.tf.short_time import bin_frequencies
    >>> print(bin_frequencies(4, fs=8.0))
    [0. 2. 4.]
    """
    n_fft = positive_int(n_fft, "n_fft")
    fs = positive_number(fs, "fs")
    onesided = flag(onesided, "onesided")
    xp = _b.get_namespace(xp)
    dtype = float_dtype(xp, dtype, device=device)
    check_elements(n_fft // 2 + 1 if onesided else n_fft, f"n_fft = {n_fft} (the frequencies)")
    f = _b.fft(xp)
    d = 1.0 / fs
    if onesided:
        return f.rfftfreq(n_fft, d=d, dtype=dtype, device=device)
    return f.fftfreq(n_fft, d=d, dtype=dtype, device=device)


# --------------------------------------------------------------------------
# STFT and inverse
# --------------------------------------------------------------------------


class _Setup(NamedTuple):
    xp: Any
    device: Any
    x: Any
    window: Any  # g, on x's backend and precision
    layout: _Layout
    onesided: bool
    phase: str  # "timeinv" or "freqinv"


def _prepare(x: Any, n_fft: Any, hop_length: Any, win_length: Any, window: Any, center: Any,
             pad_mode: Any, phase: Any, onesided: Any, check_finite: Any) -> _Setup:
    """Everything the analysis needs, checked, before any work on x."""
    xp, device, x = _signal(x, check_finite)
    phase = _phase(phase)
    onesided = flag(onesided, "onesided", optional=True)
    M, a, T = _sizes(n_fft, hop_length, win_length, window)
    g = _window_for(xp, device, window, T, M, ("x", x), check_finite)
    lay = _layout(x.shape[-1], T, a, M, pad_mode, center)
    real = not (xp.isdtype(x.dtype, "complex floating") or xp.isdtype(g.dtype, "complex floating"))
    if onesided is None:
        onesided = real
    elif onesided and not real:
        raise ValueError("onesided=True needs a real signal and a real window (x or window is complex)")
    _check_coefficients(shape_count(tuple(x.shape[:-1])), lay, onesided)
    return _Setup(xp, device, x, g, lay, onesided, phase)


def _conj(xp: Any, g: Any) -> Any:
    return xp.conj(g) if xp.isdtype(g.dtype, "complex floating") else g


@_b.supports()
@_b.lazy_batch()
def stft(
    x: Any,
    *,
    n_fft: int,
    hop_length: int | None = None,
    win_length: int | None = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "constant",
    normalized: bool = False,
    onesided: bool | None = None,
    phase: str = "timeinv",
    check_finite: bool = True,
) -> Any:
    r"""Short-time Fourier transform (Gabor analysis), batched over leading dimensions.

    .. math::

        c[m, n] = \sum_{k=0}^{T-1} x[n a - c + d + k]\, \overline{g[k]}\,
                  e^{-2\pi i m (k + d - r_n)/M}

    with ``M = n_fft``, ``a = hop_length``, ``T = win_length``, ``c = M // 2`` if ``center``
    else 0, ``d = (M - T) // 2`` and ``r_n`` set by ``phase``; see the module docstring.
    With ``center=True, pad_mode="reflect"`` this equals ``torch.stft(x, n_fft, hop_length,
    win_length, window, center=True, pad_mode="reflect", return_complex=True)``, and with
    ``pad_mode="constant"`` ``librosa.stft`` with the same arguments, coefficient by
    coefficient.

    Parameters
    ----------
    x : array, shape (..., L)
        Real or complex signal(s); integer input becomes the default float.
    n_fft : int
        FFT length M (frame length); ``M // 2 + 1`` frequencies for real input.
    hop_length : int, optional
        Hop a between frames (default ``win_length // 4``, as librosa).
    win_length : int, optional
        Window length ``T <= n_fft`` (default: the window array's length, else n_fft); the
        window is centred in the frame.
    window : str, (str, float) or array
        A name from :data:`framekit.tf.windows.WINDOW_NAMES` (periodic, length win_length;
        default ``"hann"``; a Gaussian ``("gauss", tfr)`` with its tfr relative to n_fft) or
        a 1-D array (real or complex).
    center : bool
        Frame n centred on sample ``n a`` (padding x by ``n_fft // 2`` on each side), as
        torch and librosa by default; else frame n starts at ``n a``.
    pad_mode : {"constant", "reflect", "circular"}
        Zeros or mirror images outside x, or framekit's circular Gabor frame (``hop_length``
        divides L, ``L / hop_length`` frames); see the module docstring.
    normalized : bool
        Multiply by ``n_fft ** -0.5`` (torch's ``normalized=True``).
    onesided : bool, optional
        Keep the ``M // 2 + 1`` non-negative frequencies; default: True for a real signal
        with a real window, False otherwise.
    phase : {"timeinv", "freqinv"}
        Phase measured from each frame's first sample (``"time-invariant"``; torch,
        librosa), or from ``t = 0`` (``"frequency-invariant"``; LTFAT's default).
    check_finite : bool
        Check x (and an array window) for NaN/inf.

    Returns
    -------
    c : complex array, shape (..., F, N)
        ``F = M // 2 + 1`` (one-sided) or ``M``; ``N = 1 + (L + 2c - M) // a`` (padded) or
        ``L / a`` (circular); :func:`frame_times` and :func:`bin_frequencies` give the axes.

    Raises
    ------
    ValueError
        For sizes below 1, ``win_length > n_fft``, ``hop_length > win_length``, samples of x
        under no window, ``pad_mode="circular"`` with L not a multiple of hop_length, more
        than 2**36 coefficients, unknown option values or non-finite input.
    TypeError
        For positional arguments after x, non-integer sizes, non-bool flags, x (or an array
        window) not an array, float16 input, or arrays of two libraries.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.tf.short_time import stft, istft
    >>> x = np.cos(2 * np.pi * 8 * np.arange(128) / 128)
    >>> c = stft(x, n_fft=64, hop_length=16)
    >>> c.shape
    (33, 9)
    >>> int(np.argmax(abs(c[:, 4])))
    4
    >>> np.allclose(istft(c, n_fft=64, hop_length=16, length=128), x)
    True
    """
    s = _prepare(x, n_fft, hop_length, win_length, window, center, pad_mode, phase, onesided, check_finite)
    normalized = flag(normalized, "normalized")
    xp, lay = s.xp, s.layout
    g = _conj(xp, s.window)
    if normalized:
        g = g * (1.0 / math.sqrt(lay.n_fft))
    frames = frame_signal(xp, _extend(xp, s.x, lay), lay.win_length, lay.hop, lay.n_frames)
    spec = _transform(xp, frames * g, lay, s.onesided, s.phase, s.device)
    return xp.matrix_transpose(spec)


def _synthesize(xp: Any, c: Any, h: Any, lay: _Layout, onesided: bool, phase: str, device: Any) -> Any:
    """``sum_{m,n} c[m, n] h_{m,n}``: inverse DFTs of the frames times ``M h``, overlap-added."""
    spec = xp.matrix_transpose(c)
    factor = _phase_factor(xp, lay, spec.shape[-1], phase, spec.dtype, device)
    if factor is not None:
        spec = spec * xp.conj(factor)
    fft = _b.fft(xp)
    M = lay.n_fft
    seg = fft.irfft(spec, n=M, axis=-1) if onesided else fft.ifft(spec, n=M, axis=-1)
    return _overlap_add(xp, seg[..., : lay.win_length] * (M * h), lay)


def _coefficients(c: Any, check_finite: bool) -> tuple[Any, Any, Any]:
    check_finite = flag(check_finite, "check_finite")
    require_array(c, "c")
    xp, device = _b.namespace_and_device(("c", c))
    if c.ndim < 2:
        raise ValueError(f"c must have shape (..., F, N) (frequency, time), got shape {tuple(c.shape)}")
    if c.shape[-1] == 0:
        raise ValueError(f"c has 0 frames (shape {tuple(c.shape)}); it needs at least one")
    (c,) = _b.as_float(xp, c)
    if not xp.isdtype(c.dtype, "complex floating"):
        c = xp.astype(c, _b.complex_dtype(xp, c.dtype))
    if check_finite:
        _b.check_finite(xp, c, "c")
    return xp, device, c


def _synthesis_layout(c: Any, T: int, hop: int, n_fft: int, pad_mode: str, center: bool,
                      length: int | None, onesided: bool | None) -> tuple[_Layout, bool]:
    onesided = flag(onesided, "onesided", optional=True)
    pad_mode = _choice(pad_mode, "pad_mode", PAD_MODES)
    center = flag(center, "center")
    F, N = c.shape[-2], c.shape[-1]
    if onesided is None:
        onesided = F != n_fft
    if F != (n_fft // 2 + 1 if onesided else n_fft):
        raise ValueError(
            f"c has {F} frequency rows; n_fft = {n_fft} needs {n_fft // 2 + 1} (one-sided) "
            f"or {n_fft} (two-sided)"
        )
    if length is None:
        length = N * hop if pad_mode == "circular" else (N - 1) * hop + n_fft - 2 * (n_fft // 2 if center else 0)
        if length < 1:
            raise ValueError(f"c has {N} frames, too few for n_fft = {n_fft} with center=True; pass length")
    length = positive_int(length, "length")
    lay = _layout(length, T, hop, n_fft, pad_mode, center, signal=f"length = {length}")
    if lay.n_frames != N:
        raise ValueError(
            f"c has {N} frames but length = {length}, hop_length = {hop} and n_fft = {n_fft} "
            f"(pad_mode={pad_mode!r}, center={center}) give {lay.n_frames}"
        )
    return lay, onesided


@_b.supports()
@_b.lazy_batch("c", core=2)
def istft(
    c: Any,
    *,
    n_fft: int,
    hop_length: int | None = None,
    win_length: int | None = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "constant",
    normalized: bool = False,
    onesided: bool | None = None,
    length: int | None = None,
    phase: str = "timeinv",
    check_finite: bool = True,
) -> Any:
    r"""Inverse STFT: synthesis with the window, divided by the frame operator's diagonal.

    .. math::

        x[t] = \frac{1}{S[t]} \sum_{m, n} c[m, n]\, g[t - s_n - d]\,
               e^{2\pi i m (t - s_n - r_n)/M}, \qquad
        S[t] = M \sum_n |g[t - s_n - d]|^2

    (the notation of :func:`stft`), i.e. the overlap-add of the frames' M-point inverse DFTs
    times ``M g``, divided by S: the canonical dual frame.  It inverts :func:`stft` with the
    same arguments exactly (to rounding), and ``torch.stft``'s output as ``torch.istft``
    does.  With ``pad_mode`` ``"constant"`` or ``"circular"`` it is the least-squares
    (pseudo-)inverse; with ``"reflect"`` an exact left inverse (the padding is inverted by
    dropping it; ``pad_mode`` ``"reflect"`` and ``"constant"`` give the same ``istft``).

    Parameters
    ----------
    c : complex array, shape (..., F, N)
    n_fft, hop_length, win_length, window, center, pad_mode, normalized, phase
        As given to :func:`stft`.
    onesided : bool, optional
        Whether c holds one-sided spectra of real signals (real output); default:
        ``F != n_fft``.
    length : int, optional
        Signal length L; default ``N hop_length`` (circular) or
        ``(N - 1) hop_length + n_fft - 2 c`` (padded, as torch.istft).
    check_finite : bool
        Check c (and an array window) for NaN/inf.

    Returns
    -------
    x : array, shape (..., L)
        Real for one-sided c, complex otherwise.

    Raises
    ------
    ValueError
        If some sample of ``[0, L)`` has ``S = 0`` (no frame), or shapes disagree.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.tf.short_time import stft, istft
    >>> x = np.random.default_rng(0).standard_normal((2, 300))
    >>> kw = dict(n_fft=120, hop_length=30, window=("gauss", 2.0))
    >>> float(np.max(abs(istft(stft(x, **kw), length=300, **kw) - x))) < 1e-12
    True
    """
    xp, device, c = _coefficients(c, check_finite)
    phase = _phase(phase)
    normalized = flag(normalized, "normalized")
    M, a, T = _sizes(n_fft, hop_length, win_length, window)
    g = _window_for(xp, device, window, T, M, ("c", c), check_finite)
    lay, onesided = _synthesis_layout(c, T, a, M, pad_mode, center, length, onesided)
    if onesided and xp.isdtype(g.dtype, "complex floating"):
        raise ValueError("onesided coefficients need a real window (window is complex)")
    S = _signal_diag(xp, g, lay)
    _require_frame(xp, S, "inverse STFT", lay)
    if normalized:
        g = g * math.sqrt(M)
    return _synthesize(xp, c, g, lay, onesided, phase, device) / S
