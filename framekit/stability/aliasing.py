"""Stability of strided 1-D convolution layers: aliasing terms, bounds, Parseval objectives.

A convolution layer with J kernels ``w_j`` of length K and stride d, applied
circularly to signals of length N (``d | N``), is the filterbank frame
``c_j[n] = (x (*) w_j)[n d]`` (see :mod:`framekit.filterbanks.filterbank`).  Conventions:

* Kernels are given as ``(J, K)`` or as torch stores ``Conv1d`` weights,
  ``(J, C, K)``; only ``C == 1`` (one input channel) is accepted, since a layer
  with C > 1 input channels is a frame of ``C`` stacked signals whose blocks
  this module does not form.
* Kernel tap ``t`` sits at time ``t`` (origin 0).  A common shift of all kernels,
  or time reversal (``Conv1d`` computes a correlation, not a convolution),
  changes only the phases of the aliasing terms ``G_k`` (k >= 1), never
  ``G_0``, their moduli or the frame bounds.
* The layer acts on real signals.  Complex kernels are conjugate-augmented
  first: every quantity here refers to the real layer ``{w_j, conj(w_j)}``
  (2J channels), whose bounds are twice those of
  ``FilterBank(kernels, signal="real")``.
* ``DFT_N(w)[w] = sum_t w[t] exp(-2 pi i t w / N)``.  Frame bounds carry the 1/d
  factor of the polyphase blocks ``(1/d) M^H M`` (``framekit.filterbanks._polyphase``),
  so an undecimated layer (d = 1) has ``A = min G_0``, ``B = max G_0``.

Every function is written with array-API calls only; on torch tensors with
``requires_grad`` autograd flows through all of them.
"""

from __future__ import annotations

from typing import Any

from .. import _backend as _b
from .. import _validate as _v
from ..filterbanks import _polyphase as _pp
from ..filterbanks.filterbank import FilterBank

__all__ = [
    "aliasing_objective",
    "aliasing_terms",
    "conv_filterbank",
    "conv_frame_bounds",
    "default_n_fft",
    "littlewood_paley_condition",
    "walnut_bounds",
]

_NO_DASK = {"dask.array": "Dask has no eigh/eigvalsh"}


def default_n_fft(kernel_size: int, stride: int) -> int:
    """The smallest multiple of ``stride`` that is at least ``2 K - 1``.

    ``N = ceil((2K - 1) / d) d``: long enough that the circular autocorrelations
    of the kernels do not wrap; a larger N refines the frequency grid only.

    Examples
    --------
    >>> from framekit.stability.aliasing import default_n_fft
    >>> default_n_fft(128, 16)
    256
    """
    kernel_size = _v.positive_int(kernel_size, "kernel_size")
    stride = _v.positive_int(stride, "stride")
    return -(-(2 * kernel_size - 1) // stride) * stride


def _level(level: Any) -> float:
    return _v.positive_number(level, "level")


def _layer(
    kernels: Any, stride: Any, n_fft: Any, check_finite: bool, *, blocks: bool = True
) -> tuple[Any, Any, Any, int, int]:
    """Validate a layer; return (xp, device, real-layer kernels (J', K), stride, N).

    Sizes are checked before any array is made: the (J', N) responses and, with
    ``blocks``, the (N/d, d, d) polyphase blocks (N d elements) must stay within
    :data:`framekit._validate.MAX_ELEMENTS`.
    """
    _v.require_array(kernels, "kernels")
    xp, device = _b.namespace_and_device(("kernels", kernels))
    if kernels.ndim == 3:
        if kernels.shape[1] != 1:
            raise ValueError(
                f"kernels of shape (J, C, K) must have C == 1 input channel, got shape "
                f"{tuple(kernels.shape)}; a layer with C > 1 inputs is not a filterbank of one signal"
            )
        kernels = xp.reshape(kernels, (kernels.shape[0], kernels.shape[2]))
    elif kernels.ndim != 2:
        raise ValueError(
            f"kernels must have shape (J, K) or Conv1d's (J, 1, K), got shape {tuple(kernels.shape)}"
        )
    J, K = kernels.shape
    if J < 1 or K < 1:
        raise ValueError(f"kernels must have at least one kernel and one tap, got shape {tuple(kernels.shape)}")
    stride = _v.positive_int(stride, "stride")
    if n_fft is None:
        n_fft = default_n_fft(K, stride)
    n_fft = _v.positive_int(n_fft, "n_fft")
    if n_fft % stride:
        raise ValueError(
            f"n_fft={n_fft} is not a multiple of stride={stride}; use e.g. "
            f"n_fft={-(-n_fft // stride) * stride}"
        )
    if n_fft < K:
        raise ValueError(f"n_fft={n_fft} is shorter than the kernels (K={K} taps); use n_fft >= {K}")
    channels = 2 * J if xp.isdtype(kernels.dtype, "complex floating") else J
    _v.check_elements(
        max(channels * n_fft, n_fft * stride if blocks else 0),
        f"stride={stride} and n_fft={n_fft} with kernels of shape {tuple(kernels.shape)} (the "
        f"({channels}, {n_fft}) responses" + (" and (n_fft/stride, stride, stride) blocks)" if blocks else ")"),
    )
    (kernels,) = _b.as_float(xp, kernels)
    if check_finite:
        _b.check_finite(xp, kernels, "kernels")
    if xp.isdtype(kernels.dtype, "complex floating"):
        kernels = xp.concat([kernels, xp.conj(kernels)], axis=0)
    return xp, device, kernels, stride, n_fft


def _responses(xp: Any, kernels: Any, n_fft: int) -> Any:
    """DFT_N of the kernels (origin 0), complex, shape (J, N)."""
    cdt = _b.complex_dtype(xp, kernels.dtype)
    return _b.fft(xp).fft(xp.astype(kernels, cdt), n=n_fft, axis=-1)


def _aliasing(xp: Any, device: Any, H: Any, stride: int) -> Any:
    """G (d, N) from responses H (J, N), read off the polyphase blocks.

    With ``Gb`` the polyphase blocks of ``framekit.filterbanks._polyphase``
    (``Gb[m] = (1/d) M_m^H M_m``) and
    ``M = N / d``: ``G_k(r M + m) = d Gb[m, (r + k) mod d, r]``.
    """
    d, N = stride, H.shape[-1]
    if d == 1:  # only G_0: skip the N batched 1 x 1 products
        G0 = xp.sum(xp.real(H) ** 2 + xp.imag(H) ** 2, axis=0)
        return xp.reshape(xp.astype(G0, H.dtype), (1, N))
    M = N // d
    Gb = _pp.blocks(xp, _pp.to_polyphase(xp, H, d), d)  # (M, d, d)
    k = xp.reshape(xp.arange(d, device=device), (d, 1, 1))
    r = xp.reshape(xp.arange(d, device=device), (1, d, 1))
    m = xp.reshape(xp.arange(M, device=device), (1, 1, M))
    idx = m * (d * d) + ((r + k) % d) * d + r  # (d, d, M): [k, r, m]
    G = xp.take(xp.reshape(Gb, (-1,)), xp.reshape(idx, (-1,)), axis=0)
    return xp.reshape(G, (d, N)) * float(d)


def aliasing_terms(kernels: Any, stride: int, n_fft: int | None = None, *, check_finite: bool = True) -> Any:
    """Frequency correlation functions ``G_0 ... G_{d-1}`` of a strided conv layer.

    .. math::

        G_k(\\omega) = \\sum_j \\hat w_j(\\omega)\\,
        \\overline{\\hat w_j(\\omega + k N / d)}, \\qquad \\hat w_j = \\mathrm{DFT}_N(w_j),

    ``omega = 0 .. N-1`` (bins, modulo N).  ``G_0`` is the Littlewood-Paley sum
    (real, >= 0), ``G_k`` for k >= 1 are the aliasing terms.  The layer is
    Parseval with bound c exactly when ``G_0 = c d`` and ``G_k = 0`` (k >= 1).
    Computed from the polyphase blocks of ``framekit.filterbanks._polyphase`` in
    ``O(J N d)``.

    Parameters
    ----------
    kernels : array, shape (J, K) or (J, 1, K)
        Real or complex kernels (complex ones are conjugate-augmented).
    stride : int
        The stride d >= 1.
    n_fft : int, optional
        FFT length N, a multiple of d with N >= K; default ``default_n_fft``.
    check_finite : bool
        Check the kernels for NaN/inf once.

    Returns
    -------
    G : complex array, shape (d, N)
        ``G[k, omega] = G_k(omega)``.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.aliasing import aliasing_terms
    >>> w = np.array([[1.0, 1.0], [1.0, -1.0]])  # Haar: a Parseval layer at stride 2
    >>> G = aliasing_terms(w, 2, n_fft=4)
    >>> bool(np.allclose(G[0], 4.0)), bool(np.allclose(G[1], 0.0))
    (True, True)
    """
    xp, device, kernels, stride, n_fft = _layer(kernels, stride, n_fft, check_finite)
    return _aliasing(xp, device, _responses(xp, kernels, n_fft), stride)


def walnut_bounds(
    kernels: Any, stride: int, n_fft: int | None = None, *, check_finite: bool = True
) -> tuple[Any, Any]:
    """Cheap Walnut/Gershgorin estimates of the frame bounds of a strided conv layer.

    .. math::

        A \\ge \\frac1d \\min_\\omega \\Big(G_0(\\omega) - \\sum_{k=1}^{d-1} |G_k(\\omega)|\\Big),
        \\qquad
        B \\le \\frac1d \\max_\\omega \\Big(G_0(\\omega) + \\sum_{k=1}^{d-1} |G_k(\\omega)|\\Big).

    These are Gershgorin's discs of the polyphase blocks, so they bracket the
    exact bounds of :func:`conv_frame_bounds`; they are equal to them when the
    aliasing terms vanish.  The lower estimate may be negative (no information).

    Parameters
    ----------
    kernels, stride, n_fft, check_finite
        As in :func:`aliasing_terms`.

    Returns
    -------
    lower, upper : 0-d real arrays

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.aliasing import walnut_bounds
    >>> lo, up = walnut_bounds(np.array([[1.0, 1.0], [1.0, -1.0]]), 2, n_fft=4)
    >>> float(lo), float(up)
    (2.0, 2.0)
    """
    xp, device, kernels, stride, n_fft = _layer(kernels, stride, n_fft, check_finite)
    G = _aliasing(xp, device, _responses(xp, kernels, n_fft), stride)
    G0 = xp.real(G[0, ...])
    if stride == 1:
        return xp.min(G0), xp.max(G0)
    spread = xp.sum(xp.abs(G[1:, ...]), axis=0)
    return xp.min(G0 - spread) / float(stride), xp.max(G0 + spread) / float(stride)


def conv_filterbank(
    kernels: Any, stride: int, n_fft: int | None = None, *, check_finite: bool = True
) -> FilterBank:
    """The layer as a :class:`~framekit.filterbanks.filterbank.FilterBank` on real signals of length N.

    Kernels have their origin at tap 0 (``origin=0``); complex kernels are
    conjugate-augmented (2J channels).  Its exact bounds are those of
    :func:`conv_frame_bounds`.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.aliasing import conv_filterbank
    >>> fb = conv_filterbank(np.ones((3, 4)), 2, n_fft=8)
    >>> fb.num_channels, fb.stride, fb.length
    (3, 2, 8)
    """
    _, _, kernels, stride, n_fft = _layer(kernels, stride, n_fft, check_finite, blocks=False)
    return FilterBank(kernels, stride, n_fft, signal="real", origin=0, check_finite=False)


@_b.supports(skip=_NO_DASK)
def conv_frame_bounds(
    kernels: Any, stride: int, n_fft: int | None = None, *, check_finite: bool = True
) -> tuple[Any, Any]:
    """Exact (optimal) frame bounds of a strided conv layer on real signals of length N.

    ``A = min_m lambda_min(G_m)``, ``B = max_m lambda_max(G_m)`` over the d x d
    polyphase blocks ``G_m = (1/d) M_m^H M_m`` (computed by
    :meth:`~framekit.FilterBank.frame_bounds`: one batched ``eigvalsh``).  Differentiable
    where the extreme eigenvalues are simple.

    Parameters
    ----------
    kernels, stride, n_fft, check_finite
        As in :func:`aliasing_terms`.

    Returns
    -------
    A, B : 0-d real arrays

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.aliasing import conv_frame_bounds
    >>> A, B = conv_frame_bounds(np.array([[1.0, 1.0], [1.0, -1.0]]), 2, n_fft=4)
    >>> round(float(A), 12), round(float(B), 12)
    (2.0, 2.0)
    """
    _, _, kernels, stride, n_fft = _layer(kernels, stride, n_fft, check_finite)
    return FilterBank(kernels, stride, n_fft, signal="real", origin=0, check_finite=False).frame_bounds()


def aliasing_objective(
    kernels: Any,
    stride: int,
    n_fft: int | None = None,
    *,
    level: float = 1.0,
    check_finite: bool = True,
) -> Any:
    """Parseval objective: distance of ``G_0`` to its target plus the aliasing energy.

    .. math::

        R = \\|G_0 - c\\, d\\|_2 + \\sum_{k=1}^{d-1} \\|G_k\\|_2,

    norms over the N frequency bins, c = ``level``.  ``R = 0`` exactly when the
    layer is a tight frame with bounds ``A = B = c``.  (With d = 1 and c = 1 this
    is the authors' ``||G_0 - 1|| + sum ||G_k||``; the factor d keeps c the frame
    bound under this module's 1/d normalization.)

    Parameters
    ----------
    kernels, stride, n_fft, check_finite
        As in :func:`aliasing_terms`.
    level : float
        Target frame bound c > 0.

    Returns
    -------
    R : 0-d real array

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.aliasing import aliasing_objective
    >>> w = np.array([[1.0, 1.0], [1.0, -1.0]]) / 2 ** 0.5
    >>> round(float(aliasing_objective(w, 2, n_fft=4)), 12)
    0.0
    """
    level = _level(level)
    xp, device, kernels, stride, n_fft = _layer(kernels, stride, n_fft, check_finite)
    G = _aliasing(xp, device, _responses(xp, kernels, n_fft), stride)
    norm = _b.linalg(xp).vector_norm
    R = norm(xp.real(G[0, ...]) - float(level) * stride)
    if stride > 1:
        R = R + xp.sum(norm(G[1:, ...], axis=-1))
    return R


def littlewood_paley_condition(
    kernels: Any, n_fft: int | None = None, *, floor: float = 1e-12, check_finite: bool = True
) -> Any:
    """Undecimated condition-number proxy ``max G_0 / max(min G_0, floor max G_0)``.

    ``G_0(omega) = sum_j |DFT_N(w_j)(omega)|^2`` is the Littlewood-Paley sum; at
    stride 1 the ratio is the layer's exact condition number B/A.  The
    denominator is **clipped** at ``floor * max G_0`` so that the value stays
    finite (at most ``1/floor``) for layers that miss a frequency; gradients
    are the (sub)gradients of max and min.

    Parameters
    ----------
    kernels : array, shape (J, K) or (J, 1, K)
    n_fft : int, optional
        FFT length, default ``2K - 1``.
    floor : float
        Relative clip of the denominator, in (0, 1).
    check_finite : bool

    Returns
    -------
    kappa : 0-d real array

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.aliasing import littlewood_paley_condition
    >>> round(float(littlewood_paley_condition(np.array([[1.0, 0.0, 0.0]]))), 12)
    1.0
    """
    floor = _v.real_number(floor, "floor", low=0.0, high=1.0, what="a float in (0, 1)")
    xp, _, kernels, _, n_fft = _layer(kernels, 1, n_fft, check_finite, blocks=False)
    H = _responses(xp, kernels, n_fft)
    G0 = xp.sum(xp.real(H) ** 2 + xp.imag(H) ** 2, axis=0)
    top = xp.max(G0)
    return top / xp.maximum(xp.min(G0), top * floor)
