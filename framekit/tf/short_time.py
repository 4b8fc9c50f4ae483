r"""The short-time Fourier transform and its exact inverse.

(One module of about 575 lines: the transform and its inverse share the layout, framing,
phase-factor and frame-diagonal helpers, and splitting them would scatter one convention.)

Window ``g`` of length ``T <= M`` (``M = n_fft`` frequency channels), hop ``a``,
signal length ``L``.  Frame ``n`` places window sample ``k`` at signal sample
``t = n a - o + k``, where the *anchor* offset is ``o = 0`` (``center=False``,
frame n starts at ``n a``) or ``o = T // 2`` (``center=True``, frame n is
centred on ``n a`` as in librosa, torch.stft and scipy's ``ShortTimeFFT``):

.. math::

    c[m, n] = \sum_{k=0}^{T-1} x[n a - o + k]\, \overline{g[k]}\, e^{-2\pi i m (k - o)/M}

This is the **frequency-invariant** phase convention (phase measured from the
frame's anchor).  The **time-invariant** convention measures it from ``t = 0``
and multiplies by :math:`e^{-2\pi i m n a / M}`.

Boundary handling:

* ``"circular"`` (the default): ``a`` must divide ``L``; the ``N = L / a``
  frames wrap around, and the STFT is a finite frame of the signal space
  ``C^L`` (or ``R^L``).
* ``"zeros"``: the signal is zero outside ``[0, L)`` and every frame that
  overlaps it is kept, ``n = p_min, ..., p_max - 1``.  With ``center=True``
  this is exactly scipy's ``ShortTimeFFT.stft`` (same window, hop and
  ``mfft``; default ``phase_shift=0``, ``fft_mode="onesided"`` for real
  input, ``"twosided"`` for complex input).

Real input (with a real window) gives the ``M // 2 + 1`` non-negative
frequencies; complex input all ``M`` (in FFT order).  Coefficients have shape
``(..., F, N)`` (frequency, then time), as in scipy, librosa and torch.

The frame theory of this STFT (bounds, dual and tight windows, the ``GaborFrame`` object)
is in :mod:`framekit.tf.gabor`; :func:`istft` synthesises with the canonical dual window
``g / S``, ``S[t] = M sum_n |g[t - n a + o]|^2``, which inverts :func:`stft` exactly
whenever the parameters form a frame (``A > 0``, painless case ``T <= M``).

Backends: the frames are gathered once with ``xp.take`` (a zero-copy strided
view on NumPy, CuPy and torch, see ``_backend.sliding_frames``) and transformed
by one batched FFT.  Dask needs the signal in one chunk along the last axis.
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

_BOUNDARIES = ("circular", "zeros")
_PHASES = ("frequency-invariant", "time-invariant")


# --------------------------------------------------------------------------
# argument checks and the frame layout
# --------------------------------------------------------------------------


def _choice(value: Any, name: str, options: tuple[str, ...]) -> str:
    if value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


class _Layout(NamedTuple):
    """Where the frames sit: ``N`` frames, frame j anchored at ``(p0 + j) a``."""

    length: int  # L
    win_length: int  # T
    hop: int  # a
    n_fft: int  # M
    offset: int  # o, anchor offset inside the window
    p0: int  # index of the first frame
    n_frames: int  # N
    boundary: str

    @property
    def start(self) -> int:
        """Signal index of window sample 0 of the first frame."""
        return self.p0 * self.hop - self.offset


def _layout(length: int, win_length: int, hop: int, n_fft: int, boundary: str, center: bool, *,
            signal: str | None = None, names: tuple[str, str, str] = ("window", "hop", "n_fft")) -> _Layout:
    """The frame layout, or a ValueError naming the argument at fault.

    ``signal`` describes the signal length in messages (default: x's last axis); ``names``
    are the window, hop and n_fft arguments' names (``window1``, ... in the scattering).
    """
    wname, hname, nname = names
    hop = positive_int(hop, hname)
    n_fft = positive_int(n_fft, nname)
    boundary = _choice(boundary, "boundary", _BOUNDARIES)
    center = flag(center, "center")
    if signal is None:
        signal = f"x has length {length} along its last axis"
    if win_length > n_fft:
        raise ValueError(
            f"{wname} has length {win_length} > {nname} = {n_fft}; only the painless case "
            f"({wname} length <= {nname}) is implemented: use a shorter window or a larger {nname}"
        )
    if hop > win_length:
        raise ValueError(
            f"{hname} = {hop} > the {wname} length {win_length}: {hop - win_length} samples of every "
            f"hop would be covered by no window and silently dropped; use {hname} <= {win_length}"
        )
    if length < win_length:
        raise ValueError(f"{signal}, shorter than the {wname} ({win_length})")
    offset = win_length // 2 if center else 0
    if boundary == "circular":
        if length % hop:
            raise ValueError(
                f"{signal}, not a multiple of {hname} = {hop}; the circular boundary needs "
                f"{hname} | length (pad x, or use boundary='zeros')"
            )
        return _Layout(length, win_length, hop, n_fft, offset, 0, length // hop, boundary)
    p0 = -((win_length - 1 - offset) // hop)  # first frame whose window overlaps t >= 0
    p1 = (length - 1 + offset) // hop + 1  # one past the last frame starting at t <= L - 1
    return _Layout(length, win_length, hop, n_fft, offset, p0, p1 - p0, boundary)


def _check_coefficients(n_sig: int | None, lay: _Layout, onesided: bool, names: str = "hop and n_fft") -> None:
    """Refuse a coefficient array over the size limit (before any FFT allocates it)."""
    if n_sig is not None:
        F = lay.n_fft // 2 + 1 if onesided else lay.n_fft
        check_elements(n_sig * F * lay.n_frames,
                       f"{names} (hop = {lay.hop}, n_fft = {lay.n_fft}; the {F} x {lay.n_frames} coefficients)")


def _resolve_window(window: Any, n_fft: int, xp: Any, dtype: Any, device: Any, name: str = "window",
                    n_fft_name: str = "n_fft") -> Any:
    """A named window (length n_fft, periodic) or the user's 1-D array, on xp."""
    if _b.is_array(window):
        if window.ndim != 1 or window.shape[0] < 1:
            raise ValueError(f"{name} must be a non-empty 1-D array, got shape {tuple(window.shape)}")
        return window
    _parse(window, name)  # its errors name the argument
    check_elements(n_fft, f"{n_fft_name} = {n_fft} (the {name})")
    return get_window(window, n_fft, xp=xp, dtype=dtype, device=device)


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


def _window_for(xp: Any, device: Any, window: Any, n_fft: int, like: tuple[str, Any],
                check_finite: bool) -> Any:
    """The window on the backend of ``like = (name, array)``, in its precision (complex stays complex)."""
    n_fft = positive_int(n_fft, "n_fft")
    rdt = _b.real_dtype(xp, like[1].dtype)
    g = _resolve_window(window, n_fft, xp, rdt, device)
    if _b.is_array(window):
        _b.namespace_and_device(like, ("window", g))
    (g,) = _b.as_float(xp, g)
    if check_finite and _b.is_array(window):
        _b.check_finite(xp, g, "window")
    target = _b.complex_dtype(xp, rdt) if xp.isdtype(g.dtype, "complex floating") else rdt
    return g if g.dtype == target else xp.astype(g, target)


# --------------------------------------------------------------------------
# framing, phase factors, overlap-add
# --------------------------------------------------------------------------


def _extend(xp: Any, x: Any, lay: _Layout) -> Any:
    """The samples ``lay.start ... lay.start + (N - 1) a + T - 1`` of x (wrapped or zero)."""
    L, T, a, N = lay.length, lay.win_length, lay.hop, lay.n_frames
    start, stop = lay.start, lay.start + (N - 1) * a + T
    if lay.boundary == "circular":
        pieces = [x[..., L + start :]] if start < 0 else []  # -o <= start <= 0 here
        pieces.append(x)
        if stop > L:
            pieces.append(x[..., : stop - L])
        ext = xp.concat(pieces, axis=-1) if len(pieces) > 1 else x
        return ext[..., : stop - start]
    lo, hi = max(start, 0), min(stop, L)
    pieces = []
    if lo - start:
        pieces.append(xp.zeros((*x.shape[:-1], lo - start), dtype=x.dtype, device=_device(x)))
    pieces.append(x[..., lo:hi])
    if stop - hi:
        pieces.append(xp.zeros((*x.shape[:-1], stop - hi), dtype=x.dtype, device=_device(x)))
    return xp.concat(pieces, axis=-1) if len(pieces) > 1 else pieces[0]


def _device(x: Any) -> Any:
    return _b.namespace_and_device(("x", x))[1]


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
    """``e^{2 pi i m s / M}`` turning window-start phase into the requested convention.

    Shape (n_bins,) for the frequency-invariant phase (``s = o``), (N, n_bins)
    for the time-invariant one (``s = -(frame start)``); None when it is 1.
    The products ``m s`` are reduced modulo M in integers, so the factor is exact
    to rounding.
    """
    M = lay.n_fft
    m = xp.arange(n_bins, dtype=xp.int64, device=device)
    if phase == "frequency-invariant":
        if lay.offset == 0:
            return None
        r = (m * lay.offset) % M
    else:
        starts = lay.start + lay.hop * xp.arange(lay.n_frames, dtype=xp.int64, device=device)
        r = (-(starts[:, None] % M) * m[None, :]) % M
    angle = xp.astype(r, _b.real_dtype(xp, cdt)) * (2.0 * math.pi / M)
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
    """Sum frames ``(..., N, T)`` into the signal, inverse of the framing in ``_extend``."""
    L, T, a, N = lay.length, lay.win_length, lay.hop, lay.n_frames
    q = -(-T // a)
    batch = y.shape[:-2]
    dev = _device(y)
    if q * a > T:
        y = xp.concat([y, xp.zeros((*batch, N, q * a - T), dtype=y.dtype, device=dev)], axis=-1)
    blocks = xp.reshape(y, (*batch, N, q, a))
    if lay.boundary == "circular":
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
    """The frame operator's values: ``M G`` (shape (hop,), one period) and ``S[k] = M G[k mod hop]``
    at the window samples k (shape (T,))."""
    G = n_fft * _window_energy_mod_hop(xp, g, hop)
    T = g.shape[0]
    q = -(-T // hop)
    return G, xp.reshape(xp.broadcast_to(G, (q, hop)), (q * hop,))[:T]


def _require_frame(xp: Any, G: Any, what: str, hop: int, n_fft: int, T: int) -> None:
    if _b.is_lazy(G):
        return
    if not bool(xp.min(G) > 0):
        raise ValueError(
            f"window (length {T}), hop = {hop} and n_fft = {n_fft} do not form a frame "
            f"(lower frame bound A = 0: some samples are covered by no window); the {what} needs a frame"
        )


def frame_times(
    length: int,
    win_length: int,
    hop: int,
    *,
    fs: float = 1.0,
    boundary: str = "circular",
    center: bool = False,
    xp: Any = None,
    dtype: Any = None,
    device: Any = None,
) -> Any:
    """Times (seconds) of the STFT frames' anchors, ``n a / fs``.

    The anchor is the window's first sample (``center=False``) or its sample
    ``T // 2`` (``center=True``); in ``"zeros"`` mode n starts at ``p_min <= 0``,
    as scipy's ``ShortTimeFFT.t``.

    Examples
    --------
    >>> from framekit.tf.short_time import frame_times
    >>> print(frame_times(8, 4, 2, fs=2.0, boundary="zeros", center=True))
    [0. 1. 2. 3. 4.]
    """
    length = positive_int(length, "length")
    win_length = positive_int(win_length, "win_length")
    fs = positive_number(fs, "fs")
    lay = _layout(length, win_length, hop, win_length, boundary, center, signal=f"length = {length}",
                  names=("window", "hop", "win_length"))
    xp = _b.get_namespace(xp)
    dtype = float_dtype(xp, dtype, device=device)
    check_elements(lay.n_frames, f"length = {length} and hop = {hop} (the frame times)")
    n = xp.arange(lay.p0, lay.p0 + lay.n_frames, dtype=dtype, device=device)
    return n * (hop / fs)


def bin_frequencies(
    n_fft: int, *, fs: float = 1.0, onesided: bool = True, xp: Any = None, dtype: Any = None,
    device: Any = None,
) -> Any:
    """Centre frequencies (Hz) of the STFT bins: ``rfftfreq`` or ``fftfreq`` of n_fft.

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


def _prepare(x: Any, window: Any, hop: int, n_fft: int, boundary: str, center: bool, phase: str,
             onesided: bool | None, check_finite: bool) -> tuple[Any, Any, Any, Any, _Layout, bool]:
    xp, device, x = _signal(x, check_finite)
    _choice(phase, "phase", _PHASES)
    onesided = flag(onesided, "onesided", optional=True)
    g = _window_for(xp, device, window, n_fft, ("x", x), check_finite)
    lay = _layout(x.shape[-1], g.shape[0], hop, n_fft, boundary, center)
    real = not (xp.isdtype(x.dtype, "complex floating") or xp.isdtype(g.dtype, "complex floating"))
    if onesided is None:
        onesided = real
    elif onesided and not real:
        raise ValueError("onesided=True needs a real signal and a real window (x or window is complex)")
    _check_coefficients(shape_count(tuple(x.shape[:-1])), lay, onesided)
    return xp, device, x, g, lay, onesided


def _conj(xp: Any, g: Any) -> Any:
    return xp.conj(g) if xp.isdtype(g.dtype, "complex floating") else g


@_b.supports()
def stft(
    x: Any,
    window: Any,
    hop: int,
    n_fft: int,
    *,
    boundary: str = "circular",
    center: bool = False,
    phase: str = "frequency-invariant",
    onesided: bool | None = None,
    check_finite: bool = True,
) -> Any:
    r"""Short-time Fourier transform (Gabor analysis), batched over leading dimensions.

    .. math::

        c[m, n] = \sum_k x[n a - o + k]\, \overline{g[k]}\, e^{-2\pi i m (k - o)/M}

    with ``a = hop``, ``M = n_fft``, ``o = T // 2`` if ``center`` else 0; see
    the module docstring for the conventions.

    Parameters
    ----------
    x : array, shape (..., L)
        Real or complex signal(s); integer input becomes the default float.
    window : array, str or (str, float)
        A 1-D window of length ``T <= n_fft`` (real or complex), or a name
        from :data:`framekit.tf.windows.WINDOW_NAMES` (periodic, length n_fft),
        e.g. ``"hann"`` or ``("gauss", tfr)``.
    hop : int
        Hop size a (samples between frames).
    n_fft : int
        Number of frequency channels M (FFT length).
    boundary : {"circular", "zeros"}
        Circular frames (hop must divide L; a finite frame of the signal
        space), or zero padding with every overlapping frame kept (equal to
        scipy ``ShortTimeFFT.stft`` when ``center=True``).
    center : bool
        Anchor each frame at its window's centre sample ``T // 2`` (librosa,
        scipy and torch framing) instead of its first sample.
    phase : {"frequency-invariant", "time-invariant"}
        Phase measured from each frame's anchor, or from ``t = 0`` (times
        :math:`e^{-2\pi i m n a/M}`).
    onesided : bool, optional
        Keep the ``M // 2 + 1`` non-negative frequencies; default: True for a
        real signal with a real window, False otherwise.
    check_finite : bool
        Check x (and an array window) for NaN/inf.

    Returns
    -------
    c : complex array, shape (..., F, N)
        ``F = M // 2 + 1`` (one-sided) or ``M``; ``N = L / a`` (circular) or
        ``p_max - p_min`` (zeros); see :func:`frame_times` and
        :func:`bin_frequencies` for the axes.

    Raises
    ------
    ValueError
        For hop or n_fft below 1, a window longer than n_fft, hop longer than
        the window (samples no frame covers), a signal shorter than the window,
        L not a multiple of hop (circular), more than 2**36 coefficients, unknown
        option values or non-finite input.
    TypeError
        For non-integer hop or n_fft, non-bool flags, x (or an array window)
        not an array, float16 input, or arrays of two libraries.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.tf.short_time import stft, istft
    >>> x = np.cos(2 * np.pi * 8 * np.arange(128) / 128)
    >>> c = stft(x, "hann", 16, 64)
    >>> c.shape
    (33, 8)
    >>> int(np.argmax(abs(c[:, 0])))
    4
    >>> np.allclose(istft(c, "hann", 16, 64), x)
    True
    """
    xp, device, x, g, lay, onesided = _prepare(x, window, hop, n_fft, boundary, center, phase,
                                                onesided, check_finite)
    frames = frame_signal(xp, _extend(xp, x, lay), lay.win_length, lay.hop, lay.n_frames)
    spec = _transform(xp, frames * _conj(xp, g), lay, onesided, phase, device)
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


def _synthesis_layout(c: Any, T: int, hop: int, n_fft: int, boundary: str, center: bool,
                      length: int | None, onesided: bool | None) -> tuple[_Layout, bool]:
    hop = positive_int(hop, "hop")
    n_fft = positive_int(n_fft, "n_fft")
    onesided = flag(onesided, "onesided", optional=True)
    F, N = c.shape[-2], c.shape[-1]
    if onesided is None:
        onesided = F != n_fft
    if F != (n_fft // 2 + 1 if onesided else n_fft):
        raise ValueError(
            f"c has {F} frequency rows; n_fft = {n_fft} needs {n_fft // 2 + 1} (one-sided) "
            f"or {n_fft} (two-sided)"
        )
    if _choice(boundary, "boundary", _BOUNDARIES) == "circular":
        if length is None:
            length = N * hop
    elif length is None:
        raise ValueError("length is required with boundary='zeros' (the signal length is ambiguous)")
    length = positive_int(length, "length")
    lay = _layout(length, T, hop, n_fft, boundary, center, signal=f"length = {length}")
    if lay.n_frames != N:
        raise ValueError(
            f"c has {N} frames but length = {length}, hop = {hop} ({boundary}) give {lay.n_frames}"
        )
    return lay, onesided


@_b.supports()
def istft(
    c: Any,
    window: Any,
    hop: int,
    n_fft: int,
    *,
    boundary: str = "circular",
    center: bool = False,
    phase: str = "frequency-invariant",
    length: int | None = None,
    onesided: bool | None = None,
    check_finite: bool = True,
) -> Any:
    r"""Inverse STFT by the canonical dual window (painless case).

    .. math::

        x[t] = \sum_{m, n} c[m, n]\, \tilde g[t - n a + o]\, e^{2\pi i m (t - n a)/M},
        \qquad \tilde g = g / S,\quad S[t] = M \sum_n |g[t - n a + o]|^2

    i.e. the overlap-add of the frames' M-point inverse DFTs times ``M g~``.
    This is the pseudo-inverse of :func:`stft` with the same parameters: it
    reconstructs x exactly (to rounding) and maps any coefficient array to the
    least-squares signal.

    Parameters
    ----------
    c : complex array, shape (..., F, N)
    window, hop, n_fft, boundary, center, phase
        As given to :func:`stft`.
    length : int, optional
        Signal length L; required for ``boundary="zeros"``, default ``N hop``
        for circular.
    onesided : bool, optional
        Whether c holds one-sided spectra of real signals (real output);
        default: ``F != n_fft``.
    check_finite : bool
        Check c (and an array window) for NaN/inf.

    Returns
    -------
    x : array, shape (..., L)
        Real for one-sided c, complex otherwise.

    Raises
    ------
    ValueError
        If the parameters do not form a frame, or shapes disagree.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.tf.short_time import stft, istft
    >>> x = np.random.default_rng(0).standard_normal((2, 300))
    >>> c = stft(x, ("gauss", 2.0), 30, 120, boundary="zeros", center=True)
    >>> float(np.max(abs(istft(c, ("gauss", 2.0), 30, 120, boundary="zeros", center=True,
    ...                        length=300) - x))) < 1e-12
    True
    """
    xp, device, c = _coefficients(c, check_finite)
    _choice(phase, "phase", _PHASES)
    g = _window_for(xp, device, window, n_fft, ("c", c), check_finite)
    lay, onesided = _synthesis_layout(c, g.shape[0], hop, n_fft, boundary, center, length, onesided)
    if onesided and xp.isdtype(g.dtype, "complex floating"):
        raise ValueError("onesided coefficients need a real window (window is complex)")
    G, S = _frame_diag(xp, g, lay.hop, lay.n_fft)
    _require_frame(xp, G, "inverse STFT", lay.hop, lay.n_fft, lay.win_length)
    return _synthesize(xp, c, g / S, lay, onesided, phase, device)


