"""Maximal bias: polytope bias estimation, sampling, scaling, omnidirectionality."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import assert_backend, to_numpy, to_xp
from hypothesis import given, settings
from hypothesis import strategies as st

from framekit.relu.layers import check_injectivity
from framekit.relu.maxbias import _update_alpha, covering_radius, is_omnidirectional, max_bias

pytest.importorskip("scipy")

GOLDEN = (1 + math.sqrt(5)) / 2
_ICO = np.array([[0.0, s, t * GOLDEN] for s in (1, -1) for t in (1, -1)])
ICOSAHEDRON = np.vstack([_ICO, np.roll(_ICO, 1, axis=1), np.roll(_ICO, 2, axis=1)])
TETRAHEDRON = np.array([[1.0, 1, 1], [-1, -1, 1], [-1, 1, -1], [1, -1, -1]])


def _unit(a):
    return a / np.linalg.norm(a, axis=1, keepdims=True)


@pytest.mark.uses.with_args(max_bias)
def test_icosahedron_polytope(xp, device, dtype):
    W = to_xp(_unit(ICOSAHEDRON), xp, device, dtype)
    for domain, expect in (("sphere", 1 / math.sqrt(5)), ("ball", 0.0)):
        alpha = max_bias(W, method="polytope", domain=domain)
        assert_backend(alpha, xp, device, dtype, (12,))
        tol = 1e-9 if dtype == xp.float64 else 1e-6
        assert np.abs(to_numpy(alpha) - expect).max() < tol


@pytest.mark.uses.with_args(max_bias)
def test_tetrahedron_polytope(xp, device):
    # the minimum of <x, w_i> over the facets at vertex i is reached at the midpoint of the
    # opposite edge: <w_i, w_j + w_k> / ||w_j + w_k|| = (-2/3) / sqrt(4/3) = -1/sqrt(3)
    W = to_xp(TETRAHEDRON, xp, device, xp.float64)
    for domain in ("sphere", "ball"):
        alpha = to_numpy(max_bias(W, method="polytope", domain=domain))
        assert np.allclose(alpha, -1.0, rtol=0, atol=1e-12)  # -1/sqrt(3) * ||w_i|| = -1


def test_cone_step_matches_brute_force():
    # 7 random directions: most facets have obtuse vertex pairs, so the cone step decides;
    # the oracle samples each facet's spherical triangle densely
    W = _unit(np.random.default_rng(4).standard_normal((7, 3)))
    alpha = max_bias(W, method="polytope")
    from scipy.spatial import ConvexHull

    hull = ConvexHull(W)
    c = np.random.default_rng(5).dirichlet(np.full(3, 0.3), 200_000)
    for i in range(7):
        best = np.inf
        for s in hull.simplices:
            if i in s:
                y = c @ W[s]
                best = min(best, (y @ W[i] / np.linalg.norm(y, axis=1)).min())
        assert alpha[i] <= best + 1e-12 and best - alpha[i] < 2e-3


@pytest.mark.uses(max_bias, check_injectivity)
def test_polytope_bias_is_injective_random_frame(xp, device):
    Wn = np.random.default_rng(0).standard_normal((15, 3))
    W = to_xp(Wn, xp, device, xp.float64)
    for domain in ("sphere", "ball"):
        alpha = max_bias(W, method="polytope", domain=domain)
        assert check_injectivity(W, alpha, domain=domain, n_samples=20_000).injective
    # for the icosahedron the polytope value is maximal: any larger constant bias fails
    ico = to_xp(_unit(ICOSAHEDRON), xp, device, xp.float64)
    above = xp.full((12,), 1 / math.sqrt(5) + 0.01, dtype=xp.float64, device=device)
    assert not check_injectivity(ico, above, domain="sphere", n_samples=20_000).injective


@pytest.mark.uses.with_args(max_bias)
def test_sampling_approaches_polytope_from_above(xp, device):
    for rows, expect in ((ICOSAHEDRON, 1 / math.sqrt(5)), (TETRAHEDRON, -1 / math.sqrt(3))):
        W = to_xp(_unit(rows), xp, device, xp.float64)
        gaps = []
        for n_samples in (100, 3_000, 100_000):
            est = to_numpy(max_bias(W, n_samples=n_samples, include_rows=False, seed=1))
            assert est.min() >= expect - 1e-12
            gaps.append(est.max() - expect)
        assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 0.02


@pytest.mark.uses.with_args(max_bias)
def test_sampling_rows_and_conservative(xp, device):
    W = to_xp(_unit(ICOSAHEDRON), xp, device, xp.float64)
    raw = to_numpy(max_bias(W, n_samples=10_000))
    assert np.all(raw >= 1 / math.sqrt(5) - 1e-12) and raw.max() - 1 / math.sqrt(5) < 0.02
    cons = to_numpy(max_bias(W, n_samples=10_000, conservative=True))
    assert np.allclose(raw - cons, covering_radius(10_000, 3), rtol=0, atol=1e-14)
    ball = to_numpy(max_bias(W, n_samples=10_000, domain="ball", conservative=True))
    assert np.allclose(ball, np.minimum(cons, 0.0), atol=0)


def _direct_sampling(W, radius, n_samples, seed):
    """Oracle: inputs of norm r and the raw rows, ranked by normalized correlation."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_samples, W.shape[1]))
    x *= radius / np.linalg.norm(x, axis=1, keepdims=True)
    c = x @ W.T
    rank = np.argsort(-c / np.linalg.norm(W, axis=1), axis=1)[:, : W.shape[1]]
    alpha = np.full(W.shape[0], np.inf)
    np.minimum.at(alpha, rank.ravel(), np.take_along_axis(c, rank, axis=1).ravel())
    return alpha


@pytest.mark.uses.with_args(max_bias)
def test_radius_and_row_norm_scaling(xp, device):
    scales = np.array([0.5, 2.0, 3.0, 1.0, 0.25, 4.0, 1.5, 0.75, 2.5, 1.25, 3.5, 0.3])
    Wn = _unit(ICOSAHEDRON) * scales[:, None]
    W = to_xp(Wn, xp, device, xp.float64)
    r = 3.0
    poly = to_numpy(max_bias(W, method="polytope", radius=r))
    assert np.allclose(poly, r * scales / math.sqrt(5), rtol=1e-12)
    direct = _direct_sampling(Wn, r, 200_000, seed=7)
    samp = to_numpy(max_bias(W, radius=r, n_samples=200_000, include_rows=False, seed=7))
    for est in (direct, samp):
        rel = (est - poly) / (r * scales)
        assert rel.min() >= -1e-12 and rel.max() < 0.01
    # dividing by r (the research code's scaling) would be off by r**2 = 9
    assert np.all(np.abs(direct - poly / r**2) > 0.5 * poly)


@pytest.mark.uses.with_args(max_bias)
def test_sampling_backend_dtype_and_reproducible(xp, device, dtype):
    W = to_xp(np.random.default_rng(0).standard_normal((50, 6)), xp, device, dtype)
    a = max_bias(W, n_samples=3000, chunk_size=700, seed=11)
    assert_backend(a, xp, device, dtype, (50,))
    assert np.array_equal(
        to_numpy(a), to_numpy(max_bias(W, n_samples=3000, chunk_size=700, seed=11))
    )
    assert np.all(np.isfinite(to_numpy(a)))
    ball = to_numpy(max_bias(W, n_samples=3000, chunk_size=700, domain="ball", seed=11))
    assert np.array_equal(ball, np.minimum(to_numpy(a), 0.0))
    nonneg = max_bias(W, n_samples=3000, nonnegative=True, seed=11)
    assert_backend(nonneg, xp, device, dtype, (50,))


def _naive_update(alpha, C, n):
    top = np.argsort(-C, axis=1, kind="stable")[:, :n]
    out = alpha.copy()
    np.minimum.at(out, top.ravel(), np.take_along_axis(C, top, axis=1).ravel())
    return out


def test_filtered_update_is_exact(xp, device):
    rng = np.random.default_rng(3)
    W = _unit(rng.standard_normal((200, 8)))
    alpha = to_xp(np.full(200, np.inf), xp, device, xp.float64)
    ref = np.full(200, np.inf)
    for _ in range(20):
        C = rng.standard_normal((300, 8)) @ W.T
        alpha = _update_alpha(xp, alpha, to_xp(C, xp, device, xp.float64), 8)
        ref = _naive_update(ref, C, 8)
        assert np.array_equal(to_numpy(alpha), ref)


def test_omnidirectional():
    assert is_omnidirectional(TETRAHEDRON) and is_omnidirectional(ICOSAHEDRON)
    assert not is_omnidirectional(np.abs(TETRAHEDRON))  # all in one orthant
    assert not is_omnidirectional(
        np.vstack([np.eye(2), -np.eye(2)]) @ np.ones((2, 3))
    )  # rank 2 in R^3
    # 0 on the boundary of the hull (a facet through 0) is not interior
    assert not is_omnidirectional(np.array([[1.0, 0], [-1, 0], [0, 1]]))
    assert is_omnidirectional(np.array([[1.0, 0], [-1, 0], [0, 1], [0, -1]]))


def test_covering_radius_formula():
    n, N = 5, 10**5
    kappa = math.gamma((n + 1) / 2) / (n * math.sqrt(math.pi) * math.gamma(n / 2))
    assert math.isclose(
        covering_radius(N, n), (math.log(N) / (N * kappa)) ** (1 / n), rel_tol=1e-12
    )


def test_bad_input():
    W = ICOSAHEDRON
    with pytest.raises(ValueError, match="W must be a weight matrix"):
        max_bias(W[None])
    with pytest.raises(ValueError, match="W must be a weight matrix"):
        max_bias(W[0])
    with pytest.raises(ValueError, match="radius must be a positive finite number"):
        max_bias(W, radius=0.0)
    with pytest.raises(ValueError, match="radius must be a positive finite number"):
        max_bias(W, radius=-2.0)
    with pytest.raises(TypeError, match="radius"):
        max_bias(W, radius="1")
    with pytest.raises(ValueError, match="method must be"):
        max_bias(W, method="exact")
    with pytest.raises(ValueError, match="domain must be"):
        max_bias(W, domain="cube")
    with pytest.raises(ValueError, match="not omnidirectional"):
        max_bias(np.vstack([np.eye(3), np.ones((1, 3))]), method="polytope")  # one orthant
    with pytest.raises(ValueError, match="W has rank < n=3"):
        max_bias(np.vstack([np.eye(3)[:2], -np.eye(3)[:2]]))
    with pytest.raises(ValueError, match="zero row"):
        max_bias(np.vstack([W, np.zeros((1, 3))]))
    with pytest.raises(ValueError, match="m >= n"):
        max_bias(np.ones((2, 3)))
    with pytest.raises(ValueError, match="2 <= n <= 10"):
        max_bias(np.random.default_rng(0).standard_normal((30, 11)), method="polytope")
    with pytest.raises(ValueError, match="repeated row directions"):
        max_bias(np.vstack([W, 2 * W[:1]]), method="polytope")
    with pytest.raises(ValueError, match="conservative=True is supported by method='sampling'"):
        max_bias(W, method="polytope", conservative=True)
    with pytest.raises(ValueError, match="n_samples"):
        max_bias(W, n_samples=0)


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 5),
    extra=st.integers(1, 20),
    radius=st.floats(0.1, 10.0),
    domain=st.sampled_from(["sphere", "ball"]),
)
def test_scaling_law_property(seed, n, extra, radius, domain):
    # alpha_i = alpha~_i * r * ||w_i||: positive row scales and the radius factor out
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((n + extra, n))
    scales = rng.uniform(0.2, 5.0, n + extra)
    base = max_bias(_unit(W), domain=domain, n_samples=500, seed=seed)
    scaled = max_bias(W * scales[:, None], domain=domain, radius=radius, n_samples=500, seed=seed)
    expect = base * radius * scales * np.linalg.norm(W, axis=1)
    finite = np.isfinite(base)
    assert np.array_equal(finite, np.isfinite(scaled))
    assert np.allclose(scaled[finite], expect[finite], rtol=1e-10, atol=1e-12)


def test_default_chunk_size_fits_four_mebibytes():
    from framekit.relu.maxbias import default_chunk_size

    assert default_chunk_size(1000, 8) == 512 and default_chunk_size(1000, 4) == 1024
    assert default_chunk_size(10**7, 8) == 64  # at least 64 samples per product


def test_count_at_least_fast_path_matches_the_generic_count(xp, device):
    from framekit._backend.select import count_at_least

    rows = np.random.default_rng(0).standard_normal((300, 700))
    expected = np.count_nonzero(rows >= 0.25, axis=1)
    got = count_at_least(xp, to_xp(rows, xp, device, xp.float64), 0.25)
    assert to_numpy(got).tolist() == expected.tolist()


def test_matmul_into_reuses_the_block_and_matches_matmul(xp, device):
    from framekit._backend.select import matmul_into

    rng = np.random.default_rng(0)
    a, b = to_xp(rng.standard_normal((5, 3)), xp, device, xp.float64), to_xp(rng.standard_normal((3, 4)), xp, device, xp.float64)
    block = xp.zeros((8, 4), dtype=xp.float64, device=device)
    got = matmul_into(xp, a, b, block)
    assert_backend(got, xp, device, xp.float64, (5, 4))
    np.testing.assert_allclose(to_numpy(got), to_numpy(a) @ to_numpy(b), rtol=1e-14)
