r"""Clipping (λ-saturation) layers seen as frames: unsaturated sets, injectivity, Lipschitz
bounds, reconstruction.  The sibling of the ReLU tools (:mod:`.layers`, :mod:`.lipschitz`),
with their verbs and reports and their sampler (:func:`._sampling._subframe_bounds`).

A frame with analysis operator ``W`` of shape (m, n) (rows ``w_i``) and a clipping level
``lambda > 0`` (argument ``level``) give the layer

.. math::

    \Phi_\lambda(x)_i = \rho(\langle x, w_i \rangle), \qquad
    \rho(t) = \operatorname{sign}(t) \min(|t|, \lambda).

The unsaturated set of x is :math:`U_x = \{i : |\langle x, w_i \rangle| \le \lambda\}`: the
boundary counts, as it does for the ReLU active set.  (With the closed set the lower
Lipschitz bound below holds; a sampled point lies on the boundary with probability 0.)  From
an output z, the *observed* unsaturated set is ``{i : |z_i| < level}``: a coefficient equal to
``±level`` cannot be told from a saturated one and joins the saturated constraints
``sign(z_i) <x, w_i> >= level`` (which it meets with equality).

Injectivity on a ball of radius r: if every :math:`U_x` spans R^n, the lower Lipschitz bound
of :func:`clipping_lipschitz_bounds` is positive, so the layer is injective.  Conversely, if
:math:`U_x` does not span at an interior point x of a cell of the arrangement
:math:`\langle x, w_i \rangle = \pm\lambda`, moving x along a vector orthogonal to the
unsaturated rows changes no output: the layer is not injective.
"""

from __future__ import annotations

import warnings
from typing import Any

from .. import _backend as _b
from .. import _validate as _v
from ..frames.iterative import ConvergenceWarning
from ._sampling import (
    _domain,
    _inputs,
    _masked_gram,
    _min_ratio,
    _sample_pairs,
    _subframe_bounds,
    _transpose,
    _weights,
    _zero_level,
)
from .layers import _NO_DASK, _NO_DASK_EIGH, InjectivityReport, _injectivity_report
from .lipschitz import LipschitzBounds, _smallest_bound

__all__ = [
    "check_clipping_injectivity",
    "clipping_layer",
    "clipping_lipschitz_bounds",
    "clipping_lower_estimate",
    "clipping_reconstruct",
    "unsaturated_frame_bound",
    "unsaturated_set",
]


def _level(level: Any) -> float:
    return _v.positive_number(level, "level")


def _coefficients(W: Any, level: Any, x: Any, check_finite: bool) -> tuple[Any, Any, Any, float]:
    """Validate (W, level, x); return (xp, W, the coefficients x W^T) and the level."""
    level = _level(level)
    xp, _, W = _weights(W, check_finite=check_finite)
    x = _inputs(xp, W, x, "x", W.shape[1], check_finite)
    return xp, W, xp.matmul(x, _transpose(xp, W)), level


@_b.supports()
def clipping_layer(W: Any, level: float, x: Any, *, check_finite: bool = True) -> Any:
    r"""Apply the clipping layer :math:`\Phi_\lambda(x)_i = \operatorname{sign}(t_i)\min(|t_i|, \lambda)`,
    :math:`t_i = \langle x, w_i \rangle`, to a batch of inputs.

    Parameters
    ----------
    W : array, shape (m, n)
        Analysis operator; row i is ``w_i``.
    level : float
        The clipping level :math:`\lambda > 0`.
    x : array, shape (..., n)
    check_finite : bool

    Returns
    -------
    z : array, shape (..., m)

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> framekit.clipping_layer(W, 1.0, np.array([0.5, -2.0]))
    array([ 0.5, -1. , -1. ])
    """
    xp, _, c, level = _coefficients(W, level, x, check_finite)
    return xp.clip(c, min=-level, max=level)


@_b.supports()
def unsaturated_set(W: Any, level: float, x: Any, *, check_finite: bool = True) -> Any:
    r"""Unsaturated set :math:`U_x = \{i : |\langle x, w_i \rangle| \le \lambda\}` as a boolean mask
    (the boundary counts).

    Returns
    -------
    mask : bool array, shape (..., m)

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> framekit.unsaturated_set(W, 1.0, np.array([0.5, -1.0]))
    array([ True,  True,  True])
    """
    xp, _, c, level = _coefficients(W, level, x, check_finite)
    return xp.abs(c) <= level


@_b.supports(skip=_NO_DASK_EIGH)
def unsaturated_frame_bound(W: Any, level: float, x: Any, *, check_finite: bool = True) -> Any:
    r"""Lower frame bound of the unsaturated subframe, :math:`\lambda_{\min}(W_U^T W_U)`, :math:`U = U_x`.

    Positive iff the unsaturated rows span R^n, i.e. iff x is recovered from the layer's
    output through the unsaturated subframe's dual.

    Returns
    -------
    A : array, shape (...)
        Eigenvalues below ``max(m, n) * eps * ||W||_2^2`` are set to 0.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> framekit.unsaturated_frame_bound(W, 1.0, np.array([[0.2, 0.3], [3.0, 0.5]]))
    array([1., 0.])
    """
    xp, W, c, level = _coefficients(W, level, x, check_finite)
    mask = xp.astype(xp.abs(c) <= level, W.dtype)
    lam = _b.linalg(xp).eigvalsh(_masked_gram(xp, W, mask))[..., 0]
    return xp.where(lam > _zero_level(xp, W), lam, xp.zeros_like(lam))


def _unsaturated_bounds(xp: Any, device: Any, W: Any, level: float, domain: str, radius: float,
                        n_samples: Any, seed: Any, chunk_size: Any) -> Any:
    """The shared sampler with the unsaturated sets ``|c| <= level``."""
    return _subframe_bounds(xp, device, W, lambda c: xp.abs(c) <= level, domain, radius, False,
                            n_samples, seed, chunk_size)


@_b.supports(skip=_NO_DASK)
def check_clipping_injectivity(
    W: Any,
    level: float,
    *,
    domain: str = "ball",
    radius: float = 1.0,
    n_samples: int = 10_000,
    seed: int | None = 0,
    chunk_size: int = 2048,
    check_finite: bool = True,
) -> InjectivityReport:
    r"""Test whether the clipping layer :math:`\Phi_\lambda` is injective on a domain, by sampling.

    Draws ``n_samples`` uniform points of the domain (plus x = 0 on the ball) and checks
    that their unsaturated rows :math:`U_x = \{i : |\langle x, w_i\rangle| \le \lambda\}`
    span R^n (and the count test :math:`|U_x| \ge n`).  On the ball a failing point proves
    non-injectivity (a sampled point is interior to its cell, and moving it orthogonally to
    the unsaturated rows changes no output); passing is evidence, not a proof.  On the sphere
    the report is about this sufficient condition at the sampled points.

    Parameters
    ----------
    W : array, shape (m, n)
    level : float
        Clipping level :math:`\lambda > 0`.
    domain : {"ball", "sphere"}
    radius : float
    n_samples, seed, chunk_size : int
        As for :func:`framekit.check_injectivity`.

    Returns
    -------
    InjectivityReport
        The ReLU tools' report: ``injective``, ``count_ok``, ``n_failed``, ``witness`` (a
        point whose unsaturated rows do not span, or None), ``min_frame_bound``.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> a = np.arange(7) * np.pi / 7  # 7 unit vectors of R^2
    >>> W = np.stack([np.cos(a), np.sin(a)], axis=1)
    >>> framekit.check_clipping_injectivity(W, 0.6).injective
    True
    >>> framekit.check_clipping_injectivity(W, 0.1).injective
    False
    """
    level = _level(level)
    xp, device, W = _weights(W, check_finite=check_finite)
    radius = _domain(domain, radius)
    return _injectivity_report(xp, W, _unsaturated_bounds(xp, device, W, level, domain, radius,
                                                          n_samples, seed, chunk_size))


@_b.supports(skip=_NO_DASK_EIGH)
def clipping_lipschitz_bounds(
    W: Any,
    level: float,
    *,
    radius: float = 1.0,
    n_samples: int = 10_000,
    seed: int | None = 0,
    chunk_size: int = 2048,
    check_finite: bool = True,
) -> LipschitzBounds:
    r"""Bounds on the optimal lower Lipschitz constant of a clipping layer on a ball (Freeman & Haider).

    On the closed ball K of radius r, with
    :math:`\kappa_L = \inf_{x \ne y \in K} \|\Phi_\lambda(x) - \Phi_\lambda(y)\| / \|x - y\|`,

    .. math::

        \min\{\tfrac12 \sqrt{A_\lambda},\ \lambda / r\} \le \kappa_L \le \sqrt{A_\lambda},
        \qquad
        A_\lambda = \min_{x \in K} \lambda_{\min}\big(W_{U_x}^T W_{U_x}\big),
        \quad U_x = \{i : |\langle x, w_i \rangle| \le \lambda\}

    (the paper's statement is the unit ball, r = 1).  Upper: at a point x interior to the
    cell attaining :math:`A_\lambda`, a small step t along the smallest eigenvector v keeps
    every coefficient in its regime, and only the unsaturated ones move:
    :math:`\|\Phi(x + t v) - \Phi(x)\| = t \sqrt{A_\lambda}`.  Lower: with m the midpoint of
    x, y and :math:`a_i, b_i` the coefficients of x, y, for i in :math:`U_m` the interval
    between :math:`a_i` and :math:`b_i` meets :math:`[-\lambda, \lambda]` in a segment that
    contains the midpoint, so :math:`|\rho(a_i) - \rho(b_i)| \ge \tfrac12 |a_i - b_i|` unless
    :math:`a_i, b_i` lie beyond opposite ends, where :math:`|\rho(a_i) - \rho(b_i)| = 2\lambda
    \ge \lambda \|x - y\| / r`.  Summing over :math:`U_m` in the first case gives
    :math:`\tfrac14 A_\lambda \|x - y\|^2`.  Derivation in full: ``docs/relu.md``.

    ``A_λ`` is estimated by the shared active-set sampler (as :func:`framekit.lipschitz_bounds`):
    the minimum over ``n_samples`` uniform points of the ball plus x = 0, which comes down to
    ``A_λ`` from above and equals it once the minimizing cell is hit.

    Returns
    -------
    LipschitzBounds
        ``lower`` = :math:`\min(\sqrt{A_\lambda}/2, \lambda/r)`, ``upper`` =
        :math:`\sqrt{A_\lambda}`, ``frame_bound`` = :math:`A_\lambda` (0-D arrays in W's
        backend, differentiable in torch) and ``argmin``, the sampled minimizing point.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.vstack([np.eye(2), np.eye(2)])  # each coordinate twice: A = 2 wherever unsaturated
    >>> lo, up, A, _ = framekit.clipping_lipschitz_bounds(W, 2.0)
    >>> float(lo), float(up), float(A)
    (0.7071067811865476, 1.4142135623730951, 2.0)
    """
    level = _level(level)
    xp, device, W = _weights(W, check_finite=check_finite)
    radius = _domain("ball", radius)
    A, argmin = _smallest_bound(xp, W, _unsaturated_bounds(xp, device, W, level, "ball", radius,
                                                           n_samples, seed, chunk_size))
    upper = xp.sqrt(A)
    return LipschitzBounds(xp.minimum(upper / 2, xp.full_like(upper, level / radius)), upper, A, argmin)


@_b.supports(skip=_NO_DASK)
def clipping_lower_estimate(
    W: Any,
    level: float,
    *,
    domain: str = "ball",
    radius: float = 1.0,
    n_pairs: int = 20_000,
    local_scale: float = 1e-3,
    seed: int | None = 0,
    check_finite: bool = True,
) -> Any:
    r"""Empirical lower Lipschitz constant of a clipping layer, from sampled pairs.

    ``min ||Φ_λ(x) - Φ_λ(y)|| / ||x - y||`` over ``n_pairs`` pairs of the domain, half local
    and half independent (the pairs of :func:`framekit.lipschitz_lower_estimate`).  An upper
    estimate of :math:`\kappa_L`: the independent check of :func:`clipping_lipschitz_bounds`.

    Returns
    -------
    kappa : 0-D array

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.vstack([np.eye(2), np.eye(2)])
    >>> float(framekit.clipping_lower_estimate(W, 2.0)) >= 2 ** 0.5 - 1e-12
    True
    """
    level = _level(level)
    xp, device, W = _weights(W, check_finite=check_finite)
    radius = _domain(domain, radius)
    x, y = _sample_pairs(xp, W.shape[1], n_pairs, domain=domain, radius=radius, nonnegative=False,
                         local_scale=local_scale, seed=seed, dtype=W.dtype, device=device)
    Wt = _transpose(xp, W)
    zx = xp.clip(xp.matmul(x, Wt), min=-level, max=level)
    zy = xp.clip(xp.matmul(y, Wt), min=-level, max=level)
    return _min_ratio(xp, zx, zy, _b.linalg(xp).vector_norm(x - y, axis=-1))


# --------------------------------------------------------------------------
# reconstruction
# --------------------------------------------------------------------------


def _clipped_outputs(xp: Any, W: Any, z: Any, level: float, check_finite: bool) -> Any:
    """Validate layer outputs z of shape (..., m): finite and ``|z_i| <= level``."""
    z = _inputs(xp, W, z, "z", W.shape[0], check_finite)
    if not _b.is_lazy(z):
        slack = level * (1.0 + 8.0 * float(xp.finfo(z.dtype).eps))
        if bool(xp.any(xp.abs(z) > slack)):
            raise ValueError(
                f"z must satisfy |z_i| <= level = {level:g} (outputs of the clipping layer), got "
                f"{int(xp.count_nonzero(xp.abs(z) > slack))} entries beyond it (largest "
                f"{float(xp.max(xp.abs(z))):.6g}); pass the clipped coefficients"
            )
    return z


_LINE_SEARCH = 16  # step sizes 1, 1/2, ..., 2**-15 tried at once by the Newton line search


def _penalty(xp: Any, c: Any, z: Any, sign: Any, free: Any, level: float) -> Any:
    """``f = 1/2 sum_U (z_i - c_i)^2 + 1/2 sum_S (level - s_i c_i)_+^2`` over the last axis."""
    short = xp.maximum(level - sign * c, xp.zeros_like(c))
    return xp.sum(xp.where(free, (z - c) ** 2, short * short), axis=-1) / 2


@_b.supports(skip=_NO_DASK_EIGH)
def clipping_reconstruct(
    W: Any,
    level: float,
    z: Any,
    *,
    method: str = "dual",
    on_nonspanning: str = "raise",
    tol: float | None = None,
    maxiter: int = 200,
    check_finite: bool = True,
) -> Any:
    r"""Recover x from clipped coefficients :math:`z = \Phi_\lambda(x)` (batched over inputs).

    With the observed unsaturated set :math:`U = \{i : |z_i| < \lambda\}` and its complement
    S (saturated, signs :math:`s_i = \operatorname{sign}(z_i)`), x satisfies

    .. math::

        \langle x, w_i \rangle = z_i \ (i \in U), \qquad
        s_i \langle x, w_i \rangle \ge \lambda \ (i \in S).

    * ``method="dual"``: the unsaturated subframe's canonical dual,
      :math:`x = (W_U^T W_U)^{-1} W_U^T z_U` (one batched solve of the normal equations);
      exact when the rows of U span R^n.
    * ``method="consistent"``: a consistent reconstruction that also uses the saturated
      constraints: the small convex QP

      .. math::

          \min_y f(y) = \tfrac12 \sum_{i \in U} (z_i - \langle y, w_i \rangle)^2
               + \tfrac12 \sum_{i \in S} \big(\lambda - s_i \langle y, w_i \rangle\big)_+^2,

      whose minimum 0 is reached exactly on the consistent set (the signals whose clipping
      is z), which holds x.  Solved by a semismooth Newton method from :math:`y_0 = 0`: the
      frame-algorithm residual :math:`r_i = z_i - \langle y, w_i \rangle` on U and on the
      saturated units still short of the level (0 on those beyond it), the step
      :math:`d = H^{+} W^T r` with H the Gram matrix of those rows, and a backtracking
      (Armijo) line search over :math:`1, 1/2, \dots, 2^{-15}`.  Once the pieces are right,
      one step solves the QP exactly (finite convergence in practice: a few iterations).  It
      returns x itself when U spans, and a consistent signal otherwise (the saturated
      constraints then often pin x down closely).  Stops when
      ``||r|| <= tol * ||W||_2 * max(||y||, 1)`` for every input.

    Parameters
    ----------
    W : array, shape (m, n)
    level : float
        Clipping level :math:`\lambda > 0`.
    z : array, shape (..., m)
        Clipped coefficients, :math:`|z_i| \le \lambda`.
    method : {"dual", "consistent"}
    on_nonspanning : {"raise", "flag"}
        Where the rows of U do not span R^n, the equations do not determine x.  "raise":
        ValueError; "flag": return ``(x, spans)``, x the ridge-regularized least-squares
        solution (``dual``) or the consistent point found (``consistent``).
    tol : float, optional
        Tolerance of ``consistent``, default ``100 * eps``.
    maxiter : int
        Iteration limit of ``consistent``; :class:`framekit.ConvergenceWarning` when reached.

    Returns
    -------
    x : array, shape (..., n)
        Or ``(x, spans)`` with ``on_nonspanning="flag"``.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = framekit.gaussian_frame(30, 3, seed=1)
    >>> x = np.array([0.9, -0.4, 0.3])
    >>> z = framekit.clipping_layer(W, 0.3, x)
    >>> np.allclose(framekit.clipping_reconstruct(W, 0.3, z), x)
    True
    """
    if method not in ("dual", "consistent"):
        raise ValueError(f"method must be 'dual' or 'consistent', got {method!r}")
    if on_nonspanning not in ("raise", "flag"):
        raise ValueError(f"on_nonspanning must be 'raise' or 'flag', got {on_nonspanning!r}")
    maxiter = _v.positive_int(maxiter, "maxiter")
    tol = None if tol is None else _v.positive_number(tol, "tol")
    level = _level(level)
    xp, device, W = _weights(W, check_finite=check_finite)
    z = _clipped_outputs(xp, W, z, level, check_finite)
    n = W.shape[1]
    linalg = _b.linalg(xp)
    free = xp.abs(z) < level
    d = xp.astype(free, W.dtype)
    G = _masked_gram(xp, W, d)
    lam = linalg.eigvalsh(G)
    spans = lam[..., 0] > _zero_level(xp, W)
    if on_nonspanning == "raise" and not _b.is_lazy(spans) and not bool(xp.all(spans)):
        flat = xp.reshape(spans, (-1,))
        n_bad = int(xp.count_nonzero(~flat))
        raise ValueError(
            f"z: the unsaturated set {{i : |z_i| < level}} does not span R^{n} for {n_bad} of "
            f"{flat.shape[0]} inputs; x is not determined by the unsaturated coefficients there. "
            "Use a larger level, or on_nonspanning='flag' (with method='consistent' for a "
            "consistent reconstruction)"
        )
    if method == "dual":
        eye = xp.eye(n, dtype=W.dtype, device=device)
        ridge = xp.where(spans, xp.zeros_like(lam[..., -1]), lam[..., -1] + 1.0)
        x = linalg.solve(G + ridge[..., None, None] * eye, xp.matmul(d * z, W)[..., None])[..., 0]
        return (x, spans) if on_nonspanning == "flag" else x
    tol = 100 * float(xp.finfo(W.dtype).eps) if tol is None else tol
    scale = tol * linalg.matrix_norm(W, ord=2)
    zero = _zero_level(xp, W)
    Wt = _transpose(xp, W)
    sign = xp.sign(z)
    steps = xp.asarray([0.5**k for k in range(_LINE_SEARCH)], dtype=W.dtype, device=device)
    x = xp.zeros((*z.shape[:-1], n), dtype=W.dtype, device=device)
    lazy = _b.is_lazy(z)
    converged = False
    for _ in range(maxiter):
        Wy = xp.matmul(x, Wt)
        pieces = free | (sign * Wy < level)
        r = xp.where(pieces, z - Wy, xp.zeros_like(Wy))
        if not lazy:
            size = xp.maximum(linalg.vector_norm(x, axis=-1), xp.ones_like(x[..., 0]))
            if bool(xp.all(linalg.vector_norm(r, axis=-1) <= scale * size)):
                converged = True
                break
        g = xp.matmul(r, W)  # -grad f
        lam, V = linalg.eigh(_masked_gram(xp, W, xp.astype(pieces, W.dtype)))
        inv = xp.where(lam > zero, 1.0 / xp.where(lam > zero, lam, xp.ones_like(lam)), xp.zeros_like(lam))
        d = xp.matmul(V, (xp.matmul(g[..., None, :], V)[..., 0, :] * inv)[..., None])[..., 0]
        cand = x[..., None, :] + steps[:, None] * d[..., None, :]  # (..., T, n)
        f = _penalty(xp, xp.matmul(cand, Wt), z[..., None, :], sign[..., None, :], free[..., None, :], level)
        f0 = xp.sum(r * r, axis=-1)[..., None] / 2
        ok = f <= f0 - 1e-4 * steps * xp.sum(g * d, axis=-1)[..., None]
        ok = xp.concat([ok[..., :-1], xp.ones_like(ok[..., -1:])], axis=-1)  # else the smallest step
        first = xp.argmax(xp.astype(ok, xp.int32), axis=-1)
        pick = xp.astype(xp.arange(_LINE_SEARCH, device=device) == first[..., None], W.dtype)
        x = xp.sum(pick[..., None] * cand, axis=-2)
    if not (lazy or converged):
        warnings.warn(
            f"clipping_reconstruct(method='consistent') reached maxiter={maxiter} before "
            f"tol={tol:.1e}; raise maxiter",
            ConvergenceWarning,
            stacklevel=2,
        )
    return (x, spans) if on_nonspanning == "flag" else x

