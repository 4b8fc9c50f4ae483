r"""The circular STFT as a Gabor frame: exact bounds, canonical dual and tight windows, ``GaborFrame``.

Frame theory (painless case ``T <= M``): the frame operator of the circular STFT
(``pad_mode="circular"``) is diagonal, ``S[t] = M sum_n |g[t - s_n - d]|^2``, ``a``-periodic,
so the bounds are its extreme values, the canonical dual window is ``g / S`` and the
canonical tight window ``g / sqrt(S)`` (computed in ``O(T)``).  The padded STFT has the
same diagonal away from the ends (where fewer frames overlap).  Windows longer than
``n_fft`` (the non-painless case) are refused with a ValueError.  Every function takes the
STFT family's keyword arguments (``n_fft``, ``hop_length``, ``win_length``, ``window``).

The transform itself (layout, phase conventions, padding) is :mod:`framekit.tf.short_time`.
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .._validate import check_elements, flag, float_dtype, positive_int, positive_number
from .short_time import (
    _check_coefficients,
    _coefficients,
    _device,
    _frame_diag,
    _layout,
    _phase,
    _signal,
    _signal_diag,
    _sizes,
    _synthesis_layout,
    _synthesize,
    _window_energy_mod_hop,
    bin_frequencies,
    frame_times,
    stft,
)
from .windows import _parse, get_window

__all__ = ["GaborFrame", "gabor_dual_window", "gabor_frame_bounds", "gabor_tight_window"]


def _painless_window(n_fft: Any, hop_length: Any, win_length: Any, window: Any, xp: Any, dtype: Any,
                     device: Any) -> tuple[Any, Any, int]:
    """``(xp, g, hop)``: the window on its backend (named: on xp with dtype) and the hop."""
    M, a, T = _sizes(n_fft, hop_length, win_length, window)
    if T > M:
        raise ValueError(f"win_length = {T} > n_fft = {M}; only the painless case "
                         "(win_length <= n_fft) is implemented")
    if not _b.is_array(window):
        _parse(window)  # its errors name the argument
        xp = _b.get_namespace(xp)
        dtype = float_dtype(xp, dtype, device=device)
        check_elements(T, f"win_length = {T} (the window, for n_fft = {M})")
        g = get_window(window, T, n_fft=M, xp=xp, dtype=dtype, device=device)
    else:
        xp, _ = _b.namespace_and_device(("window", window))
        (g,) = _b.as_float(xp, window)
        _b.check_finite(xp, g, "window")  # O(T); skipped for lazy arrays
        if g is window:
            g = _b.copy_array(xp, g)  # the caller may edit their array later
    return xp, g, a


def _require_lattice(xp: Any, G: Any, what: str, g: Any, hop: int, n_fft: int) -> None:
    if _b.is_lazy(G):
        return
    if not bool(xp.min(G) > 0):
        raise ValueError(
            f"the window (win_length = {g.shape[0]}), hop_length = {hop} and n_fft = {n_fft} do not "
            f"form a frame (lower frame bound A = 0: some samples are covered by no window, or only "
            f"by its zeros); the {what} needs a frame"
        )


@_b.supports()
def gabor_frame_bounds(
    *, n_fft: int, hop_length: int | None = None, win_length: int | None = None, window: Any = "hann",
    xp: Any = None, dtype: Any = None, device: Any = None,
) -> tuple[Any, Any]:
    """Optimal frame bounds of the circular Gabor frame (painless case), in ``O(T)``.

    ``A = min_t S[t]`` and ``B = max_t S[t]`` with
    ``S[t] = M sum_n |g[t - n a]|^2`` (``M = n_fft``, ``a = hop_length``), valid for every
    signal length that is a multiple of ``hop_length``, and for the padded STFT away from
    its ends.

    Parameters
    ----------
    n_fft, hop_length, win_length, window
        As for :func:`framekit.stft` (a named window is periodic, length win_length).
    xp, dtype, device : optional
        Backend, real dtype and device for a named window (default NumPy float64).

    Returns
    -------
    A, B : 0-d arrays
        ``A = 0`` when the parameters do not form a frame.

    Examples
    --------
    >>> from framekit.tf.gabor import gabor_frame_bounds
    >>> A, B = gabor_frame_bounds(n_fft=256, hop_length=64)   # hann at 75 % overlap is tight
    >>> print(round(float(A), 9), round(float(B), 9))
    384.0 384.0
    """
    xp, g, a = _painless_window(n_fft, hop_length, win_length, window, xp, dtype, device)
    G = n_fft * _window_energy_mod_hop(xp, g, a)
    return xp.min(G), xp.max(G)


@_b.supports()
def gabor_dual_window(
    *, n_fft: int, hop_length: int | None = None, win_length: int | None = None, window: Any = "hann",
    xp: Any = None, dtype: Any = None, device: Any = None,
) -> Any:
    """Canonical dual window ``g / S`` of the circular Gabor frame (painless case), in ``O(T)``.

    Synthesis with it (overlap-add of ``M``-point inverse DFTs) inverts the circular
    :func:`framekit.stft` with ``g``.

    Raises
    ------
    ValueError
        If the parameters do not form a frame (``A = 0``), or the window is longer than n_fft.

    Examples
    --------
    >>> from framekit.tf.gabor import gabor_dual_window
    >>> gd = gabor_dual_window(n_fft=4, hop_length=2)   # g = [0, .5, 1, .5], S = [4, 2, 4, 2]
    >>> print(gd)
    [0.   0.25 0.25 0.25]
    """
    xp, g, a = _painless_window(n_fft, hop_length, win_length, window, xp, dtype, device)
    G, S = _frame_diag(xp, g, a, n_fft)
    _require_lattice(xp, G, "dual window", g, a, n_fft)
    return g / S


@_b.supports()
def gabor_tight_window(
    *, n_fft: int, hop_length: int | None = None, win_length: int | None = None, window: Any = "hann",
    xp: Any = None, dtype: Any = None, device: Any = None,
) -> Any:
    """Canonical tight window ``g / sqrt(S)`` (painless case): a Parseval frame, bounds 1, 1.

    Raises
    ------
    ValueError
        If the parameters do not form a frame, or the window is longer than n_fft.

    Examples
    --------
    >>> from framekit.tf.gabor import gabor_frame_bounds, gabor_tight_window
    >>> gt = gabor_tight_window(n_fft=400, hop_length=100, window="hamming")
    >>> A, B = gabor_frame_bounds(n_fft=400, hop_length=100, window=gt)
    >>> print(round(float(A), 12), round(float(B), 12))
    1.0 1.0
    """
    xp, g, a = _painless_window(n_fft, hop_length, win_length, window, xp, dtype, device)
    G, S = _frame_diag(xp, g, a, n_fft)
    _require_lattice(xp, G, "tight window", g, a, n_fft)
    return g / xp.sqrt(S)


# --------------------------------------------------------------------------
# times and frequencies
# --------------------------------------------------------------------------


# --------------------------------------------------------------------------
# the object form
# --------------------------------------------------------------------------


class GaborFrame(_b.Portable):
    """The circular STFT of signals of a fixed length as a frame; implements :class:`~framekit.Frame`.

    Coefficients are those of :func:`framekit.stft` with ``pad_mode="circular"`` (shape
    ``(..., F, N)``, ``N = length / hop_length``).  For real signals with a real window they
    are stored one-sided; ``synthesis`` then applies the synthesis operator to their
    Hermitian extension, so that ``synthesis(analysis(x)) = S x`` as for the full frame.
    Bounds, dual and tight frames come from the diagonal frame operator in ``O(T)``.
    The window is copied at construction (a later edit of the caller's array changes
    nothing), and the object pickles, deep-copies and survives ``torch.save``.

    Parameters
    ----------
    length : int
        Signal length L (a multiple of hop_length).
    n_fft, hop_length, win_length, window, center, phase
        As for :func:`framekit.stft`; a named window is created on ``xp`` with ``dtype``.
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
    >>> F = GaborFrame(length=512, n_fft=128, hop_length=32)
    >>> x = np.random.default_rng(1).standard_normal(512)
    >>> np.allclose(F.dual().synthesis(F.analysis(x)), x)
    True
    >>> print(round(float(F.condition_number()), 12))
    1.0
    """

    def __init__(
        self,
        *,
        length: int,
        n_fft: int,
        hop_length: int | None = None,
        win_length: int | None = None,
        window: Any = "hann",
        center: bool = True,
        phase: str = "timeinv",
        fs: float = 1.0,
        onesided: bool | None = None,
        xp: Any = None,
        dtype: Any = None,
        device: Any = None,
    ) -> None:
        xp, g, hop = _painless_window(n_fft, hop_length, win_length, window, xp, dtype, device)
        self.xp, self.window = xp, g
        self.hop_length, self.n_fft, self.fs = hop, n_fft, positive_number(fs, "fs")
        self.center, self.phase = flag(center, "center"), _phase(phase)
        length = positive_int(length, "length")
        self.layout = _layout(length, g.shape[0], hop, n_fft, "circular", center,
                              signal=f"length = {length}")
        complex_window = xp.isdtype(g.dtype, "complex floating")
        onesided = flag(onesided, "onesided", optional=True)
        self.onesided = (not complex_window) if onesided is None else onesided
        if self.onesided and complex_window:
            raise ValueError("onesided=True needs a real window (window is complex)")
        _check_coefficients(1, self.layout, self.onesided,
                            names=f"length = {length} with hop_length and n_fft")
        self._energy, self._diag = _frame_diag(xp, g, hop, n_fft)

    @property
    def length(self) -> int:
        """The signal length L."""
        return self.layout.length

    def __repr__(self) -> str:
        return (f"GaborFrame(length={self.layout.length}, n_fft={self.n_fft}, hop_length={self.hop_length}, "
                f"win_length={self.window.shape[0]}, center={self.center}, phase={self.phase!r})")

    def _kw(self) -> dict[str, Any]:
        return {"n_fft": self.n_fft, "hop_length": self.hop_length, "center": self.center}

    def _like(self, window: Any) -> GaborFrame:
        return GaborFrame(length=self.layout.length, window=window, phase=self.phase, fs=self.fs,
                          onesided=self.onesided, **self._kw())

    @property
    def times(self) -> Any:
        """Frame centre times in seconds, shape (N,); see :func:`framekit.frame_times`."""
        return frame_times(self.layout.length, win_length=self.window.shape[0], pad_mode="circular",
                           fs=self.fs, xp=self.xp, dtype=_b.real_dtype(self.xp, self.window.dtype),
                           device=_device(self.window), **self._kw())

    @property
    def frequencies(self) -> Any:
        """Bin centre frequencies in Hz, shape (F,); see :func:`framekit.bin_frequencies`."""
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
        return stft(x, window=self.window, pad_mode="circular", phase=self.phase,
                    onesided=self.onesided, check_finite=False, **self._kw())

    def synthesis(self, c: Any) -> Any:
        """The adjoint ``sum_{m,n} c[m, n] g_{m,n}`` (overlap-add with the window itself)."""
        xp, device, c = _coefficients(c, True)
        _b.namespace_and_device(("c", c), ("window", self.window))
        lay, onesided = _synthesis_layout(c, self.window.shape[0], self.hop_length, self.n_fft,
                                          "circular", self.center, self.layout.length, self.onesided)
        h = self.window
        rdt = _b.real_dtype(xp, c.dtype)
        if _b.real_dtype(xp, h.dtype) != rdt:
            h = xp.astype(h, _b.complex_dtype(xp, rdt) if xp.isdtype(h.dtype, "complex floating") else rdt)
        return _synthesize(xp, c, h, lay, onesided, self.phase, device)

    def frame_operator(self, x: Any) -> Any:
        """``S x``: multiplication by the a-periodic diagonal ``S[t] = M sum_n |g[t - s_n - d]|^2``."""
        x = self._signal(x)
        diag = _signal_diag(self.xp, self.window, self.layout)
        return x * self.xp.astype(diag, _b.real_dtype(self.xp, x.dtype))

    def frame_bounds(self) -> tuple[Any, Any]:
        """Optimal bounds ``(A, B)``; see :func:`framekit.gabor_frame_bounds`."""
        return self.xp.min(self._energy), self.xp.max(self._energy)

    def condition_number(self) -> Any:
        """``B / A`` (inf when A = 0)."""
        A, B = self.frame_bounds()
        xp = self.xp
        return xp.where(A > 0, B / xp.where(A > 0, A, xp.ones_like(A)), xp.full_like(A, math.inf))

    def dual(self) -> GaborFrame:
        """The canonical dual frame: the same lattice with window :func:`framekit.gabor_dual_window`."""
        _require_lattice(self.xp, self._energy, "dual frame", self.window, self.hop_length, self.n_fft)
        return self._like(self.window / self._diag)

    def tight(self) -> GaborFrame:
        """The canonical tight frame: window :func:`framekit.gabor_tight_window`."""
        _require_lattice(self.xp, self._energy, "tight frame", self.window, self.hop_length, self.n_fft)
        return self._like(self.window / self.xp.sqrt(self._diag))
