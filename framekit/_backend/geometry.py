"""Host (NumPy/SciPy) geometry for the one-off steps of polytope bias estimation.

The convex hull, the omnidirectionality linear program and the cone projection
are not hot paths; they run on the host with SciPy (an optional dependency,
imported lazily), on small arrays handed over as NumPy copies.  Results go
back as Python numbers so the caller can rebuild arrays on its own backend.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import _backend

__all__ = ["cone_minimum", "hull_facets", "interior_margin", "polytope_bias", "to_host"]


def _scipy(what: str) -> Any:
    try:
        import scipy.optimize
        import scipy.spatial
    except ImportError as exc:  # pragma: no cover - scipy is installed in CI
        raise ImportError(
            f"{what} needs scipy (pip install scipy); it is an optional dependency of framekit "
            "used only for one-off geometry steps"
        ) from exc
    return scipy


def to_host(a: Any) -> np.ndarray:
    """A float64 NumPy copy of a real array of any backend (moved off the GPU if needed)."""
    return np.asarray(_backend.to_host(a), dtype=np.float64)


def hull_facets(points: Any) -> tuple[set[int], list[list[int]]]:
    """Vertices and facets of the convex hull of the rows of ``points``.

    Qhull triangulates non-simplicial facets; triangles with the same
    hyperplane are merged back into one facet.
    """
    hull = _scipy("max_bias(method='polytope')").spatial.ConvexHull(to_host(points))
    facets: dict[tuple[float, ...], set[int]] = {}
    for simplex, eq in zip(hull.simplices.tolist(), hull.equations.tolist(), strict=True):
        facets.setdefault(tuple(round(v, 9) for v in eq), set()).update(simplex)
    return set(hull.vertices.tolist()), [sorted(f) for f in facets.values()]


def interior_margin(points: Any) -> float:
    """Largest t with ``c >= t``, ``sum(c) = 1``, ``points^T c = 0`` (0 when infeasible).

    Solved with SciPy's HiGHS linear-programming solver.
    """
    P = to_host(points)
    m, n = P.shape
    a_eq = np.zeros((n + 1, m + 1))
    a_eq[:n, :m] = P.T
    a_eq[n, :m] = 1.0
    b_eq = np.zeros(n + 1)
    b_eq[n] = 1.0
    a_ub = np.hstack([-np.eye(m), np.ones((m, 1))])
    cost = np.zeros(m + 1)
    cost[m] = -1.0
    res = _scipy("is_omnidirectional").optimize.linprog(
        cost,
        A_ub=a_ub,
        b_ub=np.zeros(m),
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=[(0.0, None)] * m + [(0.0, 1.0)],
        method="highs",
    )
    return float(-res.fun) if res.status == 0 else 0.0


def cone_minimum(rows: Any, target: Any) -> float:
    """``min <target, y>`` over ``y`` in the cone of ``rows`` with ``||y|| <= 1``.

    The second-order cone step of PBE, solved exactly: by Moreau's decomposition
    the minimum is ``-||P(-target)||`` with P the projection onto the cone, a
    non-negative least-squares problem ``min_{c >= 0} ||F^T c + target||``.
    """
    F, a = to_host(rows), to_host(target)
    c, _ = _scipy("max_bias(method='polytope')").optimize.nnls(F.T, -a)
    return -math.sqrt(float(np.sum((F.T @ c) ** 2)))


def polytope_bias(normalized_rows: Any) -> list[float]:
    """Polytope bias estimation on the unit sphere for unit-norm rows (see ``max_bias``).

    For each facet of the hull and each vertex i of it: the smallest
    ``<w_i, w_j>`` over the facet's vertices when these are all >= 0 (the
    minimum of ``<x, w_i>`` over the facet's spherical cap is then attained
    at a vertex), else :func:`cone_minimum`; alpha_i is the minimum over the
    facets containing i.
    """
    W = to_host(normalized_rows)
    vertices, facets = hull_facets(W)
    if len(vertices) < W.shape[0]:
        raise ValueError(
            "W: some normalized rows are not vertices of their convex hull (repeated row "
            "directions); remove duplicates or use method='sampling'"
        )
    gram = W @ W.T
    alpha = np.full(W.shape[0], np.inf)
    for facet in facets:
        for i in facet:
            low = float(gram[i, facet].min())
            if low < 0:
                low = cone_minimum(W[facet], W[i])
            alpha[i] = min(alpha[i], low)
    return alpha.tolist()
