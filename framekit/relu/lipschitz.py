"""Lower Lipschitz stability of ReLU layers ``C_b(x) = ReLU(W x - b)`` (conventions: :mod:`.layers`).

* :func:`lipschitz_bounds` -- the Freeman-Haider bounds ``sqrt(A_b)/2 <= kappa_L <= sqrt(A_b)``
  on a ball, ``A_b`` the smallest lower frame bound of the active subframes (sampled);
* :func:`lipschitz_lower_estimate` -- the empirical lower Lipschitz constant from sampled
  pairs of points, an independent check of those bounds.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .. import _backend as _b
from ._sampling import _domain, _layer, _min_ratio, _sample_pairs, _transpose, _zero_level
from .layers import _NO_DASK, _NO_DASK_EIGH, _active_bounds

__all__ = ["LipschitzBounds", "lipschitz_bounds", "lipschitz_lower_estimate"]


@_b.supports(skip=_NO_DASK)
def lipschitz_lower_estimate(
    W: Any,
    b: Any,
    *,
    domain: str = "ball",
    radius: float = 1.0,
    nonnegative: bool = False,
    n_pairs: int = 20_000,
    local_scale: float = 1e-3,
    seed: int | None = 0,
    check_finite: bool = True,
) -> Any:
    """Empirical lower Lipschitz constant of ``C_b`` on a domain, from sampled pairs.

    Returns ``min ||C_b(x) - C_b(y)|| / ||x - y||`` over ``n_pairs`` pairs:
    half of them independent uniform pairs of the domain, half local pairs
    ``y = P(x + local_scale * r * g)`` (g Gaussian, P the nearest point of the
    domain), since the infimum is typically approached by nearby pairs.  A
    minimum over samples is an *upper* estimate of the optimal lower Lipschitz
    constant kappa_L (it can only overshoot); it is the independent check of
    the bounds of :func:`lipschitz_bounds` (Freeman & Haider, arXiv:2502.09898),
    ``1/2 sqrt(A_b) <= kappa_L <= sqrt(A_b)``.

    Parameters
    ----------
    W : array, shape (m, n)
    b : array, shape (m,)
    domain : {"ball", "sphere"}
    radius : float
    nonnegative : bool
    n_pairs : int
    local_scale : float
        Relative size of the perturbation for local pairs.
    seed : int or None

    Returns
    -------
    kappa : 0-D array
        In W's backend and dtype; 0 when some pair collides (non-injective).

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.vstack([np.eye(2), -np.eye(2)])  # C(x) = (x+, x-): kappa_L = 1/sqrt(2)
    >>> k = framekit.lipschitz_lower_estimate(W, np.zeros(4), n_pairs=20_000)
    >>> bool(1 / np.sqrt(2) <= float(k) < 0.75)
    True
    """
    xp, device, W, b = _layer(W, b, check_finite=check_finite)
    radius = _domain(domain, radius)
    x, y = _sample_pairs(xp, W.shape[1], n_pairs, domain=domain, radius=radius,
                         nonnegative=nonnegative, local_scale=local_scale, seed=seed,
                         dtype=W.dtype, device=device)
    Wt = _transpose(xp, W)
    zx = xp.maximum(xp.matmul(x, Wt) - b, xp.zeros_like(b))
    zy = xp.maximum(xp.matmul(y, Wt) - b, xp.zeros_like(b))
    return _min_ratio(xp, zx, zy, _b.linalg(xp).vector_norm(x - y, axis=-1))


class LipschitzBounds(NamedTuple):
    """Outcome of :func:`lipschitz_bounds`.

    Attributes
    ----------
    lower : 0-D array
        ``sqrt(A_b) / 2``, a lower bound of the optimal lower Lipschitz constant.
    upper : 0-D array
        ``sqrt(A_b)``, an upper bound of it.
    frame_bound : 0-D array
        ``A_b``, the smallest lower frame bound of the active subframes over the
        sampled points (0 when some active set does not span: not injective).
    argmin : array, shape (n,)
        The sampled point whose active subframe has the lower frame bound ``A_b``.
    """

    lower: Any
    upper: Any
    frame_bound: Any
    argmin: Any


@_b.supports(skip=_NO_DASK_EIGH)
def lipschitz_bounds(
    W: Any,
    b: Any,
    *,
    radius: float = 1.0,
    nonnegative: bool = False,
    n_samples: int = 10_000,
    seed: int | None = 0,
    chunk_size: int = 2048,
    check_finite: bool = True,
) -> LipschitzBounds:
    r"""Bounds on the optimal lower Lipschitz constant of ``C_b`` on a ball (Freeman & Haider).

    On the closed ball K of radius r (or its non-negative part), the optimal
    lower Lipschitz constant
    :math:`\kappa_L = \inf_{x \ne y \in K} \|C_b(x) - C_b(y)\| / \|x - y\|`
    satisfies (Freeman & Haider, arXiv:2502.09898)

    .. math::

        \tfrac12 \sqrt{A_b} \le \kappa_L \le \sqrt{A_b}, \qquad
        A_b = \min_{x \in K} \lambda_{\min}\big(W_{I_x}^T W_{I_x}\big),
        \quad I_x = \{i : \langle x, w_i \rangle \ge b_i\},

    the smallest lower frame bound of the active subframes.  Both inequalities
    are short to check.  Upper: near a point x of the subframe attaining
    ``A_b``, moving along the smallest eigenvector v keeps the active set, and
    ``||C(x + t v) - C(x)|| = t sqrt(A_b)``.  Lower: along the segment from x
    to y each unit's output is monotone and the unit is active on a sub-segment
    that contains an end point; every unit active at the midpoint m is active on
    at least half of the segment, so
    ``||C(x) - C(y)||^2 >= 1/4 sum_{i in I_m} <x - y, w_i>^2 >= A_b/4 ||x - y||^2``.
    The midpoint argument needs a convex domain, so this function takes balls
    (and their non-negative parts) only; on the sphere of radius r the ball's
    lower bound still holds (a smaller domain has a larger kappa_L).

    ``A_b`` is the minimum over the cells of the hyperplane arrangement
    ``<x, w_i> = b_i`` that meet K.  It is estimated by the minimum over
    ``n_samples`` uniform points of K plus x = 0 (each cell with interior
    points in K is hit with positive probability), so the estimate approaches
    ``A_b`` from above as the sample count grows and equals it once the
    minimizing cell is hit.  ``A_b > 0`` iff the layer is injective on K.

    Parameters
    ----------
    W : array, shape (m, n)
    b : array, shape (m,)
        Bias, in the convention ``C_b(x) = ReLU(W x - b)``.
    radius : float
        Radius r > 0 of the ball.
    nonnegative : bool
        Restrict to the ball's non-negative part (also convex).
    n_samples, seed, chunk_size : int
        As for :func:`check_injectivity`.
    check_finite : bool

    Returns
    -------
    LipschitzBounds
        0-D arrays in W's backend and dtype (differentiable in torch), and the
        minimizing point.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.vstack([np.eye(2), -np.eye(2)])  # C(x) = (x+, x-): kappa_L = 1/sqrt(2)
    >>> lo, up, A, _ = framekit.lipschitz_bounds(W, np.zeros(4))
    >>> float(lo), float(up), float(A)
    (0.5, 1.0, 1.0)
    """
    xp, device, W, b = _layer(W, b, check_finite=check_finite)
    radius = _domain("ball", radius)
    A, argmin = _smallest_bound(xp, W, _active_bounds(xp, device, W, b, "ball", radius, nonnegative,
                                                      n_samples, seed, chunk_size))
    upper = xp.sqrt(A)
    return LipschitzBounds(upper / 2, upper, A, argmin)


def _smallest_bound(xp: Any, W: Any, batches: Any) -> tuple[Any, Any]:
    """The smallest lower frame bound over the batches of the shared sampler (0 below the
    zero level) and the sampled point where it was found."""
    best, argmin = None, None
    for x, _, lam in batches:
        i = int(xp.argmin(lam))
        if best is None or bool(lam[i] < best):
            best, argmin = lam[i], x[i, :]
    return xp.where(best > _zero_level(xp, W), best, xp.zeros_like(best)), argmin
