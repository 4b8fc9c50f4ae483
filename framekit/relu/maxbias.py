"""Maximal bias of a ReLU layer: polytope bias estimation and sampling.

For weights W (rows w_i) and a domain K (sphere or closed ball of radius r),
a bias b makes ``C_b(x) = ReLU(W x - b)`` injective on K when every x in K has
a spanning active set ``{i : <x, w_i> >= b_i}`` (see :mod:`framekit.relu.layers`).
:func:`max_bias` estimates the largest such bias, entrywise; any ``b <= alpha``
is then injective (for the polytope method: provably; for the sampling
method: up to the sampling error, or provably up to the covering-radius
argument with ``conservative=True``).

Radius and row-norm scaling
---------------------------
Write ``x = r u`` with ``||u|| <= 1`` and ``w_i = ||w_i|| w~_i``.  Then
``<x, w_i> >= b_i``  iff  ``<u, w~_i> >= b_i / (r ||w_i||)``, so the active set
of x for (W, b) on the radius-r domain equals the active set of u for the
normalized rows and ``b~ = b / (r ||w_i||)`` on the unit domain.  Injectivity
is therefore invariant under this map and

    alpha_i = alpha~_i * r * ||w_i||,

where alpha~ is the maximal bias of the normalized rows on the unit domain.
(Dividing by r, as the research code does, is right only for r = 1.)  Both
methods compute alpha~ and apply this scaling; ``tests/test_maxbias.py``
checks it against sampling inputs of norm r with the raw rows directly.
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .. import _validate as _v
from .._backend import geometry
from .._backend.select import count_at_least, matmul_into, nth_largest
from ._sampling import (
    _chunk_seed,
    _domain,
    _sample_count,
    _sample_domain,
    _transpose,
    _weights,
)

__all__ = ["covering_radius", "is_omnidirectional", "max_bias"]

_NO_DASK = {"dask.array": "reads values (data-dependent selection) on every chunk"}
_MAX_POLYTOPE_DIM = 10
_BLOCK = 256  # samples sorted at a time by the exact update of the sampling method
# bytes of one chunk's correlation block by default: bounded memory, and large enough for an
# efficient matrix product (512 to 2048 samples of 1000 x 100 ran within noise of each other)
_CHUNK_BYTES = 2**22


def _normalized(xp: Any, W: Any) -> tuple[Any, Any]:
    """Rows scaled to unit norm, and the row norms; zero rows are an error."""
    norms = _b.linalg(xp).vector_norm(W, axis=1)
    if not _b.is_lazy(norms) and not bool(xp.all(norms > 0)):
        bad = int(xp.argmax(xp.astype(norms == 0, xp.int32)))
        raise ValueError(f"W has a zero row (row {bad}); the maximal bias needs non-zero rows")
    return W / norms[:, None], norms


def _full_rank(xp: Any, Wn: Any) -> bool:
    lam = _b.linalg(xp).eigvalsh(xp.matmul(xp.matrix_transpose(Wn), Wn))
    return bool(lam[0] > max(Wn.shape) * float(xp.finfo(Wn.dtype).eps) * lam[-1])


@_b.supports(skip={"dask.array": "Dask has no eigvalsh"})
def is_omnidirectional(W: Any, *, tol: float = 1e-9, check_finite: bool = True) -> bool:
    """Whether W is omnidirectional: rank n and 0 interior to the hull of the normalized rows.

    Solved as a linear program (scipy's HiGHS; W is converted to host memory):
    maximize t subject to ``W~^T c = 0``, ``sum(c) = 1``, ``c_i >= t`` for all
    i.  Given rank n, 0 lies in the interior of ``conv{w~_i}`` iff some
    strictly positive c has ``W~^T c = 0``, i.e. iff the optimum
    ``t* > 0``; it is accepted when ``t* > tol / m``.

    Parameters
    ----------
    W : array, shape (m, n)
    tol : float
        Margin below which the optimum counts as zero.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> framekit.is_omnidirectional(np.vstack([np.eye(3), -np.ones((1, 3))]))
    True
    >>> framekit.is_omnidirectional(np.eye(3))
    False
    """
    tol = _v.real_number(tol, "tol", low=0.0, low_inclusive=True)
    xp, _, W = _weights(W, check_finite=check_finite)
    Wn, _ = _normalized(xp, W)
    m, n = Wn.shape
    if m <= n or not _full_rank(xp, Wn):
        return False
    return geometry.interior_margin(Wn) > tol / m


def covering_radius(n_samples: int, n: int) -> float:
    """Expected covering radius of ``n_samples`` uniform points on the sphere S^{n-1}.

    ``eps = (log N / (N kappa_n))^(1/n)`` with
    ``kappa_n = Gamma((n+1)/2) / (n sqrt(pi) Gamma(n/2))``; subtracted from the
    sampling estimate (in normalized units) it gives the conservative estimate.

    Examples
    --------
    >>> import framekit
    >>> round(framekit.covering_radius(10**6, 3), 4)
    0.0402
    """
    n_samples, n = _v.positive_int(n_samples, "n_samples"), _v.positive_int(n, "n")
    log_kappa = math.lgamma((n + 1) / 2) - math.lgamma(n / 2) - math.log(n * math.sqrt(math.pi))
    return (
        math.exp((math.log(math.log(n_samples)) - math.log(n_samples) - log_kappa) / n)
        if n_samples > 1
        else 0.0
    )


def default_chunk_size(m: int, itemsize: int) -> int:
    """Samples per chunk of the sampling method when ``chunk_size=None``.

    The largest power of two k with ``k * m * itemsize <= 4 MiB`` (at least 64).
    """
    return max(64, 2 ** int(math.log2(max(_CHUNK_BYTES // (m * itemsize), 1))))


def _update_alpha(xp: Any, alpha: Any, C: Any, n: int) -> Any:
    """Lower alpha by the correlations of each sample's n most correlated rows.

    ``C`` holds normalized correlations, one sample per row.  A sample can
    lower some alpha_i only if its n-th largest correlation t is below
    ``max(alpha)``, i.e. only if fewer than n of its entries reach
    ``max(alpha)``; that cheap count filters the samples, and only the
    remaining ones go through an exact selection of the n-th largest entry
    (``partition`` in NumPy, ``topk`` in torch, a sort elsewhere), ``_BLOCK``
    at a time (bounded extra memory).
    Exact (ties at t count as selected).
    """
    # compare with a Python float: a 0-D array operand is several times slower in torch
    relevant = count_at_least(xp, C, float(xp.max(alpha))) < n
    count = int(xp.count_nonzero(relevant))
    if count == 0:
        return alpha
    order = xp.argsort(xp.astype(relevant, xp.int32), descending=True, stable=True)
    for start in range(0, count, _BLOCK):
        rows = xp.take(C, order[start : min(start + _BLOCK, count)], axis=0)
        t = nth_largest(xp, rows, n)
        alpha = xp.minimum(alpha, xp.min(xp.where(rows >= t, rows, math.inf), axis=0))
    return alpha


def _sampling(
    xp: Any,
    device: Any,
    Wn: Any,
    *,
    n_samples: int,
    nonnegative: bool,
    include_rows: bool,
    seed: int | None,
    chunk_size: int,
) -> Any:
    """Most-correlated-bases estimate on the unit sphere for normalized rows."""
    m, n = Wn.shape
    Wt = _transpose(xp, Wn)
    alpha = xp.full((m,), math.inf, dtype=Wn.dtype, device=device)
    if include_rows and not nonnegative:
        for start in range(0, m, chunk_size):
            alpha = _update_alpha(
                xp, alpha, xp.matmul(Wn[start : min(start + chunk_size, m), :], Wt), n
            )
    block = xp.empty((min(chunk_size, n_samples), m), dtype=Wn.dtype, device=device)
    for k, start in enumerate(range(0, n_samples, chunk_size)):
        u = _sample_domain(
            xp,
            n,
            min(chunk_size, n_samples - start),
            domain="sphere",
            radius=1.0,
            nonnegative=nonnegative,
            seed=_chunk_seed(seed, k),
            dtype=Wn.dtype,
            device=device,
        )
        alpha = _update_alpha(xp, alpha, matmul_into(xp, u, Wt, block), n)
    return alpha


@_b.supports(skip=_NO_DASK)
def max_bias(
    W: Any,
    *,
    method: str = "sampling",
    domain: str = "sphere",
    radius: float = 1.0,
    nonnegative: bool = False,
    n_samples: int = 100_000,
    seed: int | None = 0,
    chunk_size: int | None = None,
    include_rows: bool = True,
    conservative: bool = False,
    check_finite: bool = True,
) -> Any:
    """Estimate the maximal bias alpha for which ``ReLU(W x - alpha)`` is injective.

    Negative-bias convention: unit i fires when ``<x, w_i> > alpha_i``; any
    bias ``b <= alpha`` entrywise keeps the layer injective on the domain.
    Both methods work with the normalized rows ``w~_i = w_i / ||w_i||`` on the
    unit domain and return ``alpha_i = alpha~_i * r * ||w_i||`` (see the
    module docstring for the derivation).  On the ball,
    ``alpha~ = min(alpha~_sphere, 0)``: for ``x = t u`` (``0 <= t <= 1``) the
    ranking of the correlations does not depend on t, and the minimum of
    ``t <u, w~_i>`` over t is ``min(<u, w~_i>, 0)`` (x = 0 needs the rows with
    ``alpha_i <= 0`` to span).

    * ``method="polytope"`` (PBE, low dimensions, needs scipy): the rows must
      be omnidirectional (checked by :func:`is_omnidirectional`, else
      ValueError).  With P the convex hull of the normalized rows, each x of
      the sphere lies in the cone of a facet of P, whose vertices span R^n;
      alpha~_i is the minimum of ``<x, w~_i>`` over the cones of the facets
      containing vertex i: the smallest ``<w~_i, w~_j>`` over the facet's
      vertices when these are all >= 0, else the second-order cone program
      ``min <w~_i, y>`` over ``y`` in the facet's cone with ``||y|| <= 1``
      (solved exactly by a non-negative least-squares projection).  Taken per
      facet, this is never below the neighbourhood-cone value of the
      reference method and still gives a spanning active set everywhere.
      The hull is computed on the host (W is converted to NumPy); the result
      returns to W's backend, device and dtype.
    * ``method="sampling"`` (any dimension, batched, any backend): start from
      alpha~ = +inf; optionally (``include_rows``) use the rows themselves as
      sample points; then for ``n_samples`` uniform points u of the unit
      sphere compute ``c = W~ u`` (one matrix product per chunk of
      ``chunk_size`` points) and lower alpha~_i to c_i on the n largest
      entries of c.  The raw estimate approaches the maximal bias from above
      as ``n_samples`` grows; ``conservative=True`` subtracts the expected
      covering radius (:func:`covering_radius`) first.  Working memory is
      about ``chunk_size * m * (itemsize + 1)`` bytes (the correlations and
      one boolean mask) plus ``3 * 256 * m * itemsize`` for the exact update.  An entry stays ``inf`` if that row never ranks
      among the n most correlated (raise ``n_samples``).

    Parameters
    ----------
    W : array, shape (m, n)
        Weights (rows w_i), non-zero rows.
    method : {"sampling", "polytope"}
    domain : {"sphere", "ball"}
    radius : float
        Radius r > 0 of the domain.
    nonnegative : bool
        Restrict the domain to x >= 0 (sampling method only; the rows
        themselves are then not used as samples).
    n_samples : int
        Random points (sampling method).
    seed : int or None
        Seed of the backend's generator (sampling method): None or an int in ``[0, 2**63)``.
    chunk_size : int or None
        Points per matrix product (sampling method).  The default (None) is
        the largest power of two whose correlation block (chunk_size x m)
        fits in 4 MiB, at least 64.  NumPy and torch write every chunk's
        correlations into one reused block.
    include_rows : bool
        Also use the normalized rows as sample points (sampling method).
    conservative : bool
        Subtract the covering radius (sampling method).

    Returns
    -------
    alpha : array, shape (m,)
        In W's backend, device and floating dtype.

    Raises
    ------
    ValueError
        Bad W (not 2-D, rank < n, zero rows), unknown method/domain, non-positive radius,
        a non-omnidirectional W for the polytope method.

    Examples
    --------
    >>> import math, numpy as np, framekit
    >>> g = (1 + math.sqrt(5)) / 2
    >>> ico = np.array([[0, s, t * g] for s in (1, -1) for t in (1, -1)], dtype=float)
    >>> ico = np.vstack([ico, np.roll(ico, 1, axis=1), np.roll(ico, 2, axis=1)])
    >>> alpha = framekit.max_bias(ico, method="polytope")
    >>> np.allclose(alpha / np.linalg.norm(ico, axis=1), 1 / math.sqrt(5))
    True
    """
    if method not in ("sampling", "polytope"):
        raise ValueError(f"method must be 'sampling' or 'polytope', got {method!r}")
    radius = _domain(domain, radius)
    xp, device, W = _weights(W, check_finite=check_finite)
    m, n = W.shape
    if m < n:
        raise ValueError(f"W has m={m} rows and n={n} columns; an injective layer needs m >= n")
    Wn, norms = _normalized(xp, W)
    if not _full_rank(xp, Wn):
        raise ValueError(
            f"W has rank < n={n} (its rows do not span R^{n}); no bias makes the layer injective"
        )
    if method == "polytope":
        if nonnegative or conservative:
            name = "nonnegative" if nonnegative else "conservative"
            raise ValueError(f"{name}=True is supported by method='sampling' only")
        if not 2 <= n <= _MAX_POLYTOPE_DIM:
            raise ValueError(
                f"method='polytope' computes a convex hull and supports 2 <= n <= "
                f"{_MAX_POLYTOPE_DIM}, got n={n}; use method='sampling'"
            )
        if not is_omnidirectional(Wn, check_finite=False):
            raise ValueError(
                "W is not omnidirectional (rank < n, or 0 is not an interior point of the "
                "convex hull of the normalized rows); method='polytope' needs it. Use "
                "method='sampling', or add rows"
            )
        alpha = xp.asarray(geometry.polytope_bias(Wn), dtype=W.dtype, device=device)
    else:
        n_samples = _sample_count(n_samples, "n_samples", n)
        seed = _v.seed(seed)
        if chunk_size is None:
            chunk_size = default_chunk_size(W.shape[0], xp.finfo(W.dtype).bits // 8)
        chunk_size = _v.positive_int(chunk_size, "chunk_size")
        alpha = _sampling(
            xp,
            device,
            Wn,
            n_samples=n_samples,
            nonnegative=nonnegative,
            include_rows=include_rows,
            seed=seed,
            chunk_size=chunk_size,
        )
        if conservative:
            alpha = alpha - covering_radius(n_samples, n)
    if domain == "ball":
        alpha = xp.minimum(alpha, xp.zeros_like(alpha))
    return alpha * (radius * norms)
