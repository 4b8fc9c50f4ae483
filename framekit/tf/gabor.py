r"""The STFT as a Gabor frame: exact bounds, canonical dual and tight windows, ``GaborFrame``.

Frame theory (painless case ``T <= M``): the frame operator is diagonal,
``S[t] = M sum_n |g[t - n a + o]|^2``, ``a``-periodic, so the bounds are its
extreme values, the canonical dual window is ``g / S`` and the canonical tight
window ``g / sqrt(S)`` (computed in ``O(T)``).  :func:`istft` synthesises with
the canonical dual window, which inverts :func:`stft` exactly whenever the
parameters form a frame (``A > 0``).  Windows longer than ``n_fft`` (the
non-painless case) are refused with a ValueError.

The transform itself (layout, phase conventions, boundaries) is :mod:`framekit.tf.short_time`.
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .._validate import check_elements, flag, float_dtype, positive_int, positive_number
from .short_time import (
    _PHASES,
    _check_coefficients,
    _choice,
    _coefficients,
    _device,
    _frame_diag,
    _layout,
    _require_frame,
    _signal,
    _synthesis_layout,
    _synthesize,
    _window_energy_mod_hop,
    bin_frequencies,
    frame_times,
    stft,
)
from .windows import _parse, get_window

__all__ = ["GaborFrame", "gabor_dual_window", "gabor_frame_bounds", "gabor_tight_window"]


def _painless_window(window: Any, hop: int, n_fft: int, xp: Any, dtype: Any, device: Any) -> tuple[Any, Any]:
    hop = positive_int(hop, "hop")
    n_fft = positive_int(n_fft, "n_fft")
    if not _b.is_array(window):
        _parse(window)  # its errors name the argument
        xp = _b.get_namespace(xp)
        dtype = float_dtype(xp, dtype, device=device)
        check_elements(n_fft, f"n_fft = {n_fft} (the window)")
        g = get_window(window, n_fft, xp=xp, dtype=dtype, device=device)
    else:
        xp, _ = _b.namespace_and_device(("window", window))
        if window.ndim != 1 or window.shape[0] < 1:
            raise ValueError(f"window must be a non-empty 1-D array, got shape {tuple(window.shape)}")
        (g,) = _b.as_float(xp, window)
        _b.check_finite(xp, g, "window")  # O(T); skipped for lazy arrays
    if g.shape[0] > n_fft:
        raise ValueError(
            f"window has length {g.shape[0]} > n_fft = {n_fft}; only the painless case "
            "(window length <= n_fft) is implemented"
        )
    return xp, g


@_b.supports()
def gabor_frame_bounds(
    window: Any, hop: int, n_fft: int, *, xp: Any = None, dtype: Any = None, device: Any = None
) -> tuple[Any, Any]:
    """Optimal frame bounds of the Gabor frame (painless case), in ``O(T)``.

    ``A = min_t S[t]`` and ``B = max_t S[t]`` with
    ``S[t] = M sum_n |g[t - n a]|^2`` (M = n_fft, a = hop), valid for every
    signal length that is a multiple of ``hop`` (circular) and for the
    zero-padded STFT.

    Parameters
    ----------
    window : array or str or (str, float)
        A 1-D window (length ``T <= n_fft``) or a window name (length n_fft).
    hop, n_fft : int
    xp, dtype, device : optional
        Backend, real dtype and device for a named window (default NumPy float64).

    Returns
    -------
    A, B : 0-d arrays
        ``A = 0`` when the parameters do not form a frame.

    Examples
    --------
    >>> from framekit.tf.gabor import gabor_frame_bounds
    >>> A, B = gabor_frame_bounds("hann", 64, 256)   # hann at 75 % overlap is tight
    >>> print(round(float(A), 9), round(float(B), 9))
    384.0 384.0
    """
    xp, g = _painless_window(window, hop, n_fft, xp, dtype, device)
    G = n_fft * _window_energy_mod_hop(xp, g, hop)
    return xp.min(G), xp.max(G)


@_b.supports()
def gabor_dual_window(
    window: Any, hop: int, n_fft: int, *, xp: Any = None, dtype: Any = None, device: Any = None
) -> Any:
    """Canonical dual window ``g / S`` of the Gabor frame (painless case), in ``O(T)``.

    Synthesis with it (overlap-add of ``M``-point inverse DFTs, see
    :func:`istft`) inverts :func:`stft` with ``g``.

    Raises
    ------
    ValueError
        If the parameters do not form a frame (``A = 0``), or the window is longer than n_fft.

    Examples
    --------
    >>> from framekit.tf.gabor import gabor_dual_window
    >>> gd = gabor_dual_window("hann", 2, 4)   # g = [0, .5, 1, .5], S = [4, 2, 4, 2]
    >>> print(gd)
    [0.   0.25 0.25 0.25]
    """
    xp, g = _painless_window(window, hop, n_fft, xp, dtype, device)
    G, S = _frame_diag(xp, g, hop, n_fft)
    _require_frame(xp, G, "dual window", hop, n_fft, g.shape[0])
    return g / S


@_b.supports()
def gabor_tight_window(
    window: Any, hop: int, n_fft: int, *, xp: Any = None, dtype: Any = None, device: Any = None
) -> Any:
    """Canonical tight window ``g / sqrt(S)`` (painless case): a Parseval frame, bounds 1, 1.

    Raises
    ------
    ValueError
        If the parameters do not form a frame, or the window is longer than n_fft.

    Examples
    --------
    >>> from framekit.tf.gabor import gabor_frame_bounds, gabor_tight_window
    >>> gt = gabor_tight_window("hamming", 100, 400)
    >>> A, B = gabor_frame_bounds(gt, 100, 400)
    >>> print(round(float(A), 12), round(float(B), 12))
    1.0 1.0
    """
    xp, g = _painless_window(window, hop, n_fft, xp, dtype, device)
    G, S = _frame_diag(xp, g, hop, n_fft)
    _require_frame(xp, G, "tight window", hop, n_fft, g.shape[0])
    return g / xp.sqrt(S)


# --------------------------------------------------------------------------
# times and frequencies
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# the object form
# --------------------------------------------------------------------------


class GaborFrame:
    """The STFT of signals of a fixed length as a frame; implements :class:`~framekit.Frame`.

    Coefficients are those of :func:`stft` (shape ``(..., F, N)``).  For real
    signals with a real window they are stored one-sided; ``synthesis`` then
    applies the synthesis operator to their Hermitian extension, so that
    ``synthesis(analysis(x)) = S x`` as for the full frame.  Bounds, dual and
    tight frames come from the diagonal frame operator in ``O(T)``.

    Parameters
    ----------
    window : array, str or (str, float)
        As for :func:`stft`; a name is created on ``xp`` with ``dtype``.
    hop, n_fft : int
    length : int
        Signal length L.
    boundary, center, phase : as for :func:`stft`
    fs : float
        Sampling rate, for :attr:`times` and :attr:`frequencies`.
    onesided : bool
        One-sided coefficients (real signals; the default for real windows).
    xp, dtype, device : optional
        Backend, dtype and device for a named window (default NumPy float64).

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.tf.gabor import GaborFrame
    >>> F = GaborFrame("hann", 32, 128, 512)
    >>> x = np.random.default_rng(1).standard_normal(512)
    >>> np.allclose(F.dual().synthesis(F.analysis(x)), x)
    True
    >>> print(round(float(F.condition_number()), 12))
    1.0
    """

    def __init__(
        self,
        window: Any,
        hop: int,
        n_fft: int,
        length: int,
        *,
        boundary: str = "circular",
        center: bool = False,
        phase: str = "frequency-invariant",
        fs: float = 1.0,
        onesided: bool | None = None,
        xp: Any = None,
        dtype: Any = None,
        device: Any = None,
    ) -> None:
        xp, g = _painless_window(window, hop, n_fft, xp, dtype, device)
        self.xp, self.window = xp, g
        self.hop, self.n_fft, self.fs = hop, n_fft, positive_number(fs, "fs")
        self.boundary, self.center, self.phase = boundary, center, _choice(phase, "phase", _PHASES)
        length = positive_int(length, "length")
        self.layout = _layout(length, g.shape[0], hop, n_fft, boundary, center,
                              signal=f"length = {length}")
        complex_window = xp.isdtype(g.dtype, "complex floating")
        onesided = flag(onesided, "onesided", optional=True)
        self.onesided = (not complex_window) if onesided is None else onesided
        if self.onesided and complex_window:
            raise ValueError("onesided=True needs a real window (window is complex)")
        _check_coefficients(1, self.layout, self.onesided, names=f"length = {length} with hop and n_fft")
        self._energy, self._diag = _frame_diag(xp, g, hop, n_fft)

    def __repr__(self) -> str:
        return (f"GaborFrame(T={self.window.shape[0]}, hop={self.hop}, n_fft={self.n_fft}, "
                f"length={self.layout.length}, boundary={self.boundary!r}, center={self.center})")

    def _kw(self) -> dict[str, Any]:
        return {"boundary": self.boundary, "center": self.center, "phase": self.phase}

    def _like(self, window: Any) -> GaborFrame:
        return GaborFrame(window, self.hop, self.n_fft, self.layout.length, fs=self.fs,
                          onesided=self.onesided, **self._kw())

    @property
    def times(self) -> Any:
        """Frame anchor times in seconds, shape (N,); see :func:`frame_times`."""
        return frame_times(self.layout.length, self.window.shape[0], self.hop, fs=self.fs,
                           xp=self.xp, dtype=_b.real_dtype(self.xp, self.window.dtype),
                           device=_device(self.window), **{k: v for k, v in self._kw().items()
                                                           if k != "phase"})

    @property
    def frequencies(self) -> Any:
        """Bin centre frequencies in Hz, shape (F,); see :func:`bin_frequencies`."""
        return bin_frequencies(self.n_fft, fs=self.fs, onesided=self.onesided, xp=self.xp,
                               dtype=_b.real_dtype(self.xp, self.window.dtype),
                               device=_device(self.window))

    def _signal(self, x: Any) -> Any:
        """x checked (array of the window's library, finite, of the frame's length), as a float."""
        _, _, x = _signal(x, True)
        _b.namespace_and_device(("x", x), ("window", self.window))
        if x.shape[-1] != self.layout.length:
            raise ValueError(f"x must have length {self.layout.length} along its last axis, "
                             f"got {x.shape[-1]}")
        return x

    def analysis(self, x: Any) -> Any:
        """The STFT coefficients of x, shape (..., F, N)."""
        x = self._signal(x)
        if self.onesided and self.xp.isdtype(x.dtype, "complex floating"):
            raise ValueError("x is complex but the frame is one-sided (onesided=True, for real "
                             "signals): create the GaborFrame with onesided=False for complex x")
        return stft(x, self.window, self.hop, self.n_fft, onesided=self.onesided, check_finite=False,
                    **self._kw())

    def synthesis(self, c: Any) -> Any:
        """The adjoint ``sum_{m,n} c[m, n] g_{m,n}`` (overlap-add with the window itself)."""
        xp, device, c = _coefficients(c, True)
        _b.namespace_and_device(("c", c), ("window", self.window))
        lay, onesided = _synthesis_layout(c, self.window.shape[0], self.hop, self.n_fft,
                                          self.boundary, self.center, self.layout.length,
                                          self.onesided)
        h = self.window
        rdt = _b.real_dtype(xp, c.dtype)
        if _b.real_dtype(xp, h.dtype) != rdt:
            h = xp.astype(h, _b.complex_dtype(xp, rdt) if xp.isdtype(h.dtype, "complex floating") else rdt)
        return _synthesize(xp, c, h, lay, onesided, self.phase, device)

    def frame_operator(self, x: Any) -> Any:
        """``S x``: multiplication by the a-periodic diagonal ``S[t] = M sum_n |g[t - n a + o]|^2``."""
        x = self._signal(x)
        lay = self.layout
        xp = self.xp
        q = -(-lay.length // self.hop) + 1
        tiled = xp.reshape(xp.broadcast_to(self._energy, (q, self.hop)), (q * self.hop,))
        shift = (-lay.start) % self.hop  # tiled[j] is S at t = j + start (mod a)
        diag = tiled[shift : shift + lay.length]
        return x * xp.astype(diag, _b.real_dtype(xp, x.dtype))

    def frame_bounds(self) -> tuple[Any, Any]:
        """Optimal bounds ``(A, B)``; see :func:`gabor_frame_bounds`."""
        return self.xp.min(self._energy), self.xp.max(self._energy)

    def condition_number(self) -> Any:
        """``B / A`` (inf when A = 0)."""
        A, B = self.frame_bounds()
        xp = self.xp
        return xp.where(A > 0, B / xp.where(A > 0, A, xp.ones_like(A)), xp.full_like(A, math.inf))

    def dual(self) -> GaborFrame:
        """The canonical dual frame: the same lattice with window :func:`gabor_dual_window`."""
        _require_frame(self.xp, self._energy, "dual frame", self.hop, self.n_fft, self.window.shape[0])
        return self._like(self.window / self._diag)

    def tight(self) -> GaborFrame:
        """The canonical tight frame: window :func:`gabor_tight_window`."""
        _require_frame(self.xp, self._energy, "tight frame", self.hop, self.n_fft, self.window.shape[0])
        return self._like(self.window / self.xp.sqrt(self._diag))
