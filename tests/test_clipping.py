"""Clipping (λ-saturation) layers: the map, unsaturated sets, injectivity, Freeman-Haider bounds
against a dense grid oracle and sampled pairs, reconstruction (dual and consistent)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from helpers import assert_backend, assert_close, to_numpy, to_xp, uses
from hypothesis import given, settings
from hypothesis import strategies as st

from framekit import ConvergenceWarning
from framekit.relu.clipping import (
    check_clipping_injectivity,
    clipping_layer,
    clipping_lipschitz_bounds,
    clipping_lower_estimate,
    clipping_reconstruct,
    unsaturated_frame_bound,
    unsaturated_set,
)

LEVEL = 0.7


def _clip_np(W, level, x):
    return np.clip(x @ W.T, -level, level)


def _example(m=9, seed=4):
    """m perturbed, roughly equispaced directions of R^2 with random norms."""
    rng = np.random.default_rng(seed)
    angle = np.arange(m) * np.pi / m + 0.1 * rng.standard_normal(m)
    return np.stack([np.cos(angle), np.sin(angle)], axis=1) * rng.uniform(0.5, 1.5, (m, 1))


def _grid_frame_bound(W, level, radius=1.0, size=801):
    """Oracle for n = 2: min over a dense grid of the disk of lambda_min of the unsaturated Gram matrix."""
    t = np.linspace(-radius, radius, size)
    X = np.stack(np.meshgrid(t, t), axis=-1).reshape(-1, 2)
    X = np.concatenate([X[np.linalg.norm(X, axis=1) <= radius], np.zeros((1, 2))])
    keep = (np.abs(X @ W.T) <= level).astype(float)
    return np.linalg.eigvalsh(np.einsum("pi,ij,ik->pjk", keep, W, W))[:, 0].min()


def _ball(count, n, seed, radius=1.0):
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((count, n))
    return radius * g / np.linalg.norm(g, axis=1, keepdims=True) * rng.random((count, 1)) ** (1 / n)


@uses(clipping_layer, unsaturated_set, unsaturated_frame_bound)
def test_layer_sets_and_bounds_match_numpy(xp, device, dtype):
    W, x = _example(), _ball(7, 2, 0, radius=1.5)
    Wx, xx = to_xp(W, xp, device, dtype), to_xp(x, xp, device, dtype)
    z = clipping_layer(Wx, LEVEL, xx)
    assert_backend(z, xp, device, dtype, (7, 9))
    assert_close(z, _clip_np(W, LEVEL, x), atol=1e-6)
    mask = unsaturated_set(Wx, LEVEL, xx)
    assert_backend(mask, xp, device, xp.bool, (7, 9))
    keep = np.abs(x @ W.T) <= LEVEL
    assert np.array_equal(to_numpy(mask), keep)
    A = unsaturated_frame_bound(Wx, LEVEL, xx)
    assert_backend(A, xp, device, dtype, (7,))
    want = np.array([np.linalg.eigvalsh(W[k].T @ W[k])[0] for k in keep])
    np.testing.assert_allclose(to_numpy(A), np.where(want > 1e-12, want, 0.0), atol=1e-5)


def test_boundary_counts_as_unsaturated():
    W = np.eye(2)
    assert unsaturated_set(W, 1.0, np.array([1.0, 2.0])).tolist() == [True, False]


@uses(clipping_lipschitz_bounds)
def test_frame_bound_matches_dense_grid_oracle(xp, device):
    W = _example()
    res = clipping_lipschitz_bounds(to_xp(W, xp, device, xp.float64), LEVEL, n_samples=20_000)
    A = float(res.frame_bound)
    assert A > 0
    assert abs(A - _grid_frame_bound(W, LEVEL)) <= 1e-10 * A
    assert float(res.upper) == pytest.approx(np.sqrt(A), rel=1e-15)
    assert float(res.lower) == pytest.approx(min(np.sqrt(A) / 2, LEVEL), rel=1e-15)


@uses(clipping_lipschitz_bounds)
def test_upper_bound_is_attained_along_the_smallest_eigenvector(xp, device):
    W = _example()
    res = clipping_lipschitz_bounds(to_xp(W, xp, device, xp.float64), LEVEL, n_samples=20_000)
    x = to_numpy(res.argmin)
    keep = np.abs(x @ W.T) <= LEVEL
    v = np.linalg.eigh(W[keep].T @ W[keep])[1][:, 0]
    step = 1e-7 * (-1.0 if x @ v > 0 else 1.0)  # towards the inside of the ball
    ratio = np.linalg.norm(_clip_np(W, LEVEL, x) - _clip_np(W, LEVEL, x + step * v)) / abs(step)
    assert abs(ratio - float(res.upper)) <= 1e-6 * ratio


@pytest.mark.parametrize("level", [0.3, 0.7, 2.0])
@uses(clipping_lipschitz_bounds, clipping_lower_estimate)
def test_bounds_hold_on_sampled_pairs(xp, device, level):
    # min(sqrt(A)/2, level/r) <= ||Φ(x) - Φ(y)|| / ||x - y|| <= ... on every pair of the ball;
    # the empirical constant (itself an upper estimate of kappa_L) lies above the lower bound
    W = np.random.default_rng(7).standard_normal((30, 3)) / 2
    Wx = to_xp(W, xp, device, xp.float64)
    res = clipping_lipschitz_bounds(Wx, level, radius=1.5, n_samples=20_000)
    lower = float(res.lower)
    x, y = _ball(20_000, 3, 8, radius=1.5), _ball(20_000, 3, 9, radius=1.5)
    y[:10_000] = x[:10_000] + 1e-3 * np.random.default_rng(10).standard_normal((10_000, 3))
    y *= np.minimum(1.5 / np.linalg.norm(y, axis=1, keepdims=True), 1.0)
    ratio = np.linalg.norm(_clip_np(W, level, x) - _clip_np(W, level, y), axis=1) / np.linalg.norm(x - y, axis=1)
    assert lower > 0 and ratio.min() >= lower
    est = clipping_lower_estimate(Wx, level, radius=1.5, n_pairs=20_000)
    assert_backend(est, xp, device, xp.float64, ())
    assert float(est) >= lower


def test_scaling_law_radius():
    # radius r with level λ equals radius 1 with level λ/r (same samples) for A
    W = _example()
    A1 = float(clipping_lipschitz_bounds(W, LEVEL / 2.0, n_samples=3000, seed=5).frame_bound)
    A2 = float(clipping_lipschitz_bounds(W, LEVEL, radius=2.0, n_samples=3000, seed=5).frame_bound)
    assert abs(A1 - A2) <= 1e-12 * A1


@uses(check_clipping_injectivity)
def test_injectivity_and_witness(xp, device, dtype):
    a = np.arange(7) * np.pi / 7
    W = np.stack([np.cos(a), np.sin(a)], axis=1)
    Wx = to_xp(W, xp, device, dtype)
    assert check_clipping_injectivity(Wx, 0.6, n_samples=2000).injective
    rep = check_clipping_injectivity(Wx, 0.1, n_samples=2000)
    assert not rep.injective and rep.n_failed > 0 and rep.min_frame_bound == 0.0
    assert_backend(rep.witness, xp, device, dtype, (2,))
    # the witness proves it: moving orthogonally to its unsaturated rows changes no output
    w = to_numpy(rep.witness).astype(float)
    keep = np.abs(W @ w) <= 0.1
    v = np.array([1.0, 0.0]) if not keep.any() else np.linalg.svd(W[keep])[2][-1]
    np.testing.assert_allclose(_clip_np(W, 0.1, w), _clip_np(W, 0.1, w + 1e-6 * v), rtol=0, atol=1e-15)
    assert not check_clipping_injectivity(Wx, 0.1, domain="sphere", n_samples=500).injective


@uses(clipping_reconstruct)
def test_dual_and_consistent_recover_x(xp, device):
    W = np.random.default_rng(1).standard_normal((40, 4)) / np.sqrt(40)
    x = _ball(6, 4, 2, radius=3.0)
    z = _clip_np(W, 0.25, x)
    assert (np.abs(z) >= 0.25).any(axis=1).all()  # every input has saturated coefficients
    Wx, zx = to_xp(W, xp, device, xp.float64), to_xp(z, xp, device, xp.float64)
    for method in ("dual", "consistent"):
        xr = clipping_reconstruct(Wx, 0.25, zx, method=method)
        assert_backend(xr, xp, device, xp.float64, (6, 4))
        np.testing.assert_allclose(to_numpy(xr), x, atol=1e-10)


def test_consistent_uses_the_saturated_constraints():
    # 2 unsaturated rows of R^3 (no span): the dual cannot determine x; the consistent point
    # meets every constraint, and the saturated ones pin x down to a small set
    rng = np.random.default_rng(3)
    W = rng.standard_normal((60, 3))
    x = np.array([3.0, -2.0, 1.0])
    level = np.sort(np.abs(W @ x))[2]  # exactly 2 coefficients strictly below the level
    z = _clip_np(W, level, x)
    with pytest.raises(ValueError, match="does not span"):
        clipping_reconstruct(W, level, z)
    xr, spans = clipping_reconstruct(W, level, z, method="consistent", on_nonspanning="flag")
    assert not bool(spans)
    np.testing.assert_allclose(_clip_np(W, level, xr), z, atol=1e-8)  # consistent
    xd, _ = clipping_reconstruct(W, level, z, on_nonspanning="flag")
    assert np.linalg.norm(xr - x) < np.linalg.norm(xd - x)


def test_consistent_warns_at_maxiter():
    W = np.random.default_rng(1).standard_normal((40, 4))
    z = _clip_np(W, 0.5, np.ones(4))
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        clipping_reconstruct(W, 0.5, z, method="consistent", maxiter=1, on_nonspanning="flag")
    assert any(issubclass(r.category, ConvergenceWarning) for r in rec)


def test_autograd_flows_to_the_weights():
    torch = pytest.importorskip("torch")
    Wt = torch.tensor(_example(), requires_grad=True)
    clipping_lipschitz_bounds(Wt, LEVEL, n_samples=500).upper.backward()
    assert Wt.grad is not None and float(Wt.grad.abs().sum()) > 0


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**31),
    level=st.floats(0.05, 5.0),
    scale=st.floats(0.1, 10.0),
)
def test_property_clipping_is_nonexpansive_and_dual_is_exact(seed, level, scale):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((24, 3)) / np.sqrt(24)
    x, y = scale * rng.standard_normal((2, 3))
    zx, zy = clipping_layer(W, level, x), clipping_layer(W, level, y)
    assert np.all(np.abs(zx) <= level)
    # ρ is 1-Lipschitz entrywise: ||Φ(x) - Φ(y)|| <= ||W(x - y)||
    assert np.linalg.norm(zx - zy) <= np.linalg.norm(W @ (x - y)) * (1 + 1e-12) + 1e-15
    xr, spans = clipping_reconstruct(W, level, zx, on_nonspanning="flag")
    if spans and np.linalg.eigvalsh(W[np.abs(zx) < level].T @ W[np.abs(zx) < level])[0] > 1e-6:
        np.testing.assert_allclose(xr, x, atol=1e-8 * max(1.0, np.abs(x).max()))
