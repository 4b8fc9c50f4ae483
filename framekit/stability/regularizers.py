"""Regularizers and losses for training stable layers (differentiable, any backend).

* :func:`condition_number_regularizer` ("almost smooth sailing"): a penalty on a
  weight matrix that is zero exactly when all its singular values are equal,
  with its analytic gradient :func:`condition_number_regularizer_grad`.
* :func:`tightness_penalty` ("hold me tight"): ``beta (B/A - 1)`` from the
  undecimated Littlewood-Paley sum, or the aliasing objective for strided
  conv layers.
* :func:`compressed_spectral_loss`: the mixed magnitude/complex loss between
  compressed spectral coefficients.

All are written with array-API calls only, so torch autograd differentiates
them as they are (checked with ``torch.autograd.gradcheck`` in the tests).
"""

from __future__ import annotations

from typing import Any

from .. import _backend as _b
from .. import _validate as _v
from .aliasing import _level, aliasing_objective, littlewood_paley_condition

__all__ = [
    "compressed_spectral_loss",
    "condition_number_regularizer",
    "condition_number_regularizer_grad",
    "tightness_penalty",
]


def _matrix(S: Any, check_finite: bool) -> tuple[Any, Any]:
    _v.require_array(S, "S")
    xp, _ = _b.namespace_and_device(("S", S))
    if S.ndim < 2:
        raise ValueError(f"S must be a matrix of shape (..., n, m), got shape {tuple(S.shape)}")
    if S.shape[-1] < 1 or S.shape[-2] < 1:
        raise ValueError(f"S must not be empty, got shape {tuple(S.shape)}")
    (S,) = _b.as_float(xp, S)
    if check_finite:
        _b.check_finite(xp, S, "S")
    return xp, S


def _abs2(xp: Any, Z: Any) -> Any:
    """``|Z|^2`` elementwise, real."""
    if xp.isdtype(Z.dtype, "complex floating"):
        return xp.real(Z) ** 2 + xp.imag(Z) ** 2
    return Z * Z


def condition_number_regularizer(S: Any, *, check_finite: bool = True) -> Any:
    """``r(S) = sigma_1(S)^2 / 2 - ||S||_F^2 / (2 nu)``, ``nu = min(n, m)``.

    .. math::

        r(S) = \\tfrac12 \\sigma_1^2 - \\tfrac1{2\\nu} \\sum_i \\sigma_i^2 \\ge 0,

    zero exactly when all ``nu`` singular values are equal (``kappa(S) = 1``, or
    ``S = 0``).  Use it as ``loss = task + beta * r(W)``.  The value comes from
    ``linalg.svdvals``, so autograd differentiates it (where ``sigma_1`` is
    simple); :func:`condition_number_regularizer_grad` gives the gradient in
    closed form.

    Parameters
    ----------
    S : array, shape (..., n, m)
        Real or complex; leading dimensions are a batch.
    check_finite : bool

    Returns
    -------
    r : real array, shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.regularizers import condition_number_regularizer
    >>> float(condition_number_regularizer(np.diag([3.0, 1.0])))  # 9/2 - 10/4
    2.0
    >>> float(condition_number_regularizer(2.0 * np.eye(3)))
    0.0
    """
    xp, S = _matrix(S, check_finite)
    nu = min(S.shape[-2], S.shape[-1])
    s1 = _b.linalg(xp).svdvals(S)[..., 0]
    return 0.5 * s1**2 - xp.sum(_abs2(xp, S), axis=(-2, -1)) / (2.0 * nu)


def condition_number_regularizer_grad(S: Any, *, check_finite: bool = True) -> Any:
    """Gradient of :func:`condition_number_regularizer`: ``sigma_1 u_1 v_1^H - S / nu``.

    Valid where the largest singular value is simple (elsewhere this is one
    element of the subdifferential).  For complex S it is the gradient in
    torch's convention (``dr/dRe S + i dr/dIm S``).

    Parameters
    ----------
    S : array, shape (..., n, m)
    check_finite : bool

    Returns
    -------
    grad : array, shape (..., n, m)

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.regularizers import condition_number_regularizer_grad
    >>> condition_number_regularizer_grad(np.diag([3.0, 1.0]))
    array([[ 1.5,  0. ],
           [ 0. , -0.5]])
    """
    xp, S = _matrix(S, check_finite)
    nu = min(S.shape[-2], S.shape[-1])
    U, s, Vh = _b.linalg(xp).svd(S, full_matrices=False)
    u1 = U[..., :, :1] * xp.astype(s[..., None, :1], U.dtype)
    return xp.matmul(u1, Vh[..., :1, :]) - S / float(nu)


def tightness_penalty(
    kernels: Any,
    stride: int = 1,
    n_fft: int | None = None,
    *,
    beta: float = 1.0,
    level: float = 1.0,
    check_finite: bool = True,
) -> Any:
    """Tightness penalty of a conv layer: ``beta (B/A - 1)``, or ``beta R`` when strided.

    At ``stride == 1``: ``beta (max G_0 / min G_0 - 1)`` with the
    Littlewood-Paley sum G_0 (the layer's exact condition number minus one;
    denominator clipped as in
    :func:`~framekit.littlewood_paley_condition`).  At ``stride > 1``
    the condition number needs eigenvalues, and the penalty is ``beta R`` with
    the aliasing objective R of :func:`~framekit.aliasing_objective`
    (target bound ``level``).

    Parameters
    ----------
    kernels : array, shape (J, K) or (J, 1, K)
    stride : int
    n_fft : int, optional
    beta : float
        Weight, >= 0.
    level : float
        Target frame bound of the strided objective.
    check_finite : bool

    Returns
    -------
    penalty : 0-d real array

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.regularizers import tightness_penalty
    >>> round(float(tightness_penalty(np.array([[1.0, 0.0]]))), 12)
    0.0
    """
    beta = _v.real_number(beta, "beta", low=0.0, low_inclusive=True, what="a finite number >= 0")
    stride = _v.positive_int(stride, "stride")
    level = _level(level)  # checked at every stride, though only the strided objective uses it
    if stride == 1:
        return beta * (littlewood_paley_condition(kernels, n_fft, check_finite=check_finite) - 1.0)
    return beta * aliasing_objective(kernels, stride, n_fft, level=level, check_finite=check_finite)


def compressed_spectral_loss(
    S: Any,
    S_hat: Any,
    *,
    compression: float = 0.3,
    mix: float = 0.3,
    floor: float = 1e-8,
    check_finite: bool = True,
) -> Any:
    """Mixed compressed spectral loss between coefficients S and estimates S_hat.

    With ``m = max(|S|, floor)`` and the compressed coefficients
    ``C(S) = m^c S / m`` (``= |S|^c e^{i angle(S)}`` wherever ``|S| >= floor``):

    .. math::

        L = (1 - \\lambda)\\, \\mathrm{mean}\\big((m^c - \\hat m^c)^2\\big)
          + \\lambda\\, \\mathrm{mean}\\big(|C(S) - C(\\hat S)|^2\\big),

    c = ``compression``, λ = ``mix``.  Below the floor the phase factor
    ``S / m`` shrinks smoothly to zero instead of jumping (no ``angle`` of 0,
    so gradients stay finite).

    Parameters
    ----------
    S, S_hat : arrays of the same shape
        Real or complex coefficients (e.g. STFT or filterbank outputs).
    compression : float
        c in (0, 1].
    mix : float
        λ in [0, 1].
    floor : float
        Magnitude clamp, > 0.
    check_finite : bool

    Returns
    -------
    loss : 0-d real array

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.regularizers import compressed_spectral_loss
    >>> S = np.array([1.0 + 1.0j, -2.0j])
    >>> float(compressed_spectral_loss(S, S))
    0.0
    >>> round(float(compressed_spectral_loss(np.array([1.0]), np.array([-1.0]))), 12)  # 0.3 * |1 - (-1)|^2
    1.2
    """
    _v.require_array(S, "S")
    _v.require_array(S_hat, "S_hat")
    xp, _ = _b.namespace_and_device(("S", S), ("S_hat", S_hat))
    if tuple(S.shape) != tuple(S_hat.shape):
        raise ValueError(f"S and S_hat must have the same shape, got {tuple(S.shape)} and {tuple(S_hat.shape)}")
    if any(n == 0 for n in S.shape):  # the mean of nothing is NaN
        raise ValueError(f"S must not be empty, got shape {tuple(S.shape)}")
    c = _v.real_number(compression, "compression", low=0.0, high=1.0, high_inclusive=True)
    mix = _v.real_number(mix, "mix", low=0.0, low_inclusive=True, high=1.0, high_inclusive=True)
    # an infinite floor makes every m^c / m an inf / inf = NaN
    floor = _v.positive_number(floor, "floor")
    S, S_hat = _b.as_float(xp, S, S_hat)
    if check_finite:
        _b.check_finite(xp, S, "S")
        _b.check_finite(xp, S_hat, "S_hat")

    def compress(Z: Any) -> tuple[Any, Any]:
        a = xp.abs(Z)
        m = xp.maximum(a, xp.full_like(a, float(floor)))
        mc = m**c
        return mc, Z * xp.astype(mc / m, Z.dtype)

    m1, c1 = compress(S)
    m2, c2 = compress(S_hat)
    return (1.0 - mix) * xp.mean((m1 - m2) ** 2) + mix * xp.mean(_abs2(xp, c1 - c2))
