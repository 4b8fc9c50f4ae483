"""Freeman-Haider lower Lipschitz bounds of ReLU layers, checked against dense oracles."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import assert_backend, to_numpy, to_xp, uses

from framekit.relu.lipschitz import lipschitz_bounds, lipschitz_lower_estimate


def _layer_np(W, b, x):
    return np.maximum(x @ W.T - b, 0.0)


def _grid_frame_bound(W, b, radius=1.0, size=601):
    """Oracle for n = 2: min over a dense grid of the disk of lambda_min of the active Gram matrix."""
    t = np.linspace(-radius, radius, size)
    X = np.stack(np.meshgrid(t, t), axis=-1).reshape(-1, 2)
    X = np.concatenate([X[np.linalg.norm(X, axis=1) <= radius], np.zeros((1, 2))])
    act = (X @ W.T >= b).astype(float)
    grams = np.einsum("pi,ij,ik->pjk", act, W, W)
    return np.linalg.eigvalsh(grams)[:, 0].min()


def _example(m=9, seed=4):
    """m perturbed, roughly equispaced directions in R^2 with random norms; b_i = -0.2 ||w_i||."""
    rng = np.random.default_rng(seed)
    angle = np.arange(m) * 2 * np.pi / m + 0.2 * rng.standard_normal(m)
    W = np.stack([np.cos(angle), np.sin(angle)], axis=1) * rng.uniform(0.5, 2.0, (m, 1))
    return W, np.full(m, -0.2) * np.linalg.norm(W, axis=1)


@uses(lipschitz_bounds, lipschitz_lower_estimate)
def test_known_value_plus_minus_identity(xp, device):
    # C(x) = (x+, x-): every active subframe contains e1 or -e1 and e2 or -e2, so A = 1,
    # and the optimal constant 1/sqrt(2) lies between 1/2 and 1
    W = to_xp(np.vstack([np.eye(2), -np.eye(2)]), xp, device, xp.float64)
    b = to_xp(np.zeros(4), xp, device, xp.float64)
    res = lipschitz_bounds(W, b, n_samples=500)
    for v in (res.lower, res.upper, res.frame_bound):
        assert_backend(v, xp, device, xp.float64, ())
    assert_backend(res.argmin, xp, device, xp.float64, (2,))
    assert (float(res.lower), float(res.upper), float(res.frame_bound)) == (0.5, 1.0, 1.0)
    k = float(lipschitz_lower_estimate(W, b, n_pairs=20_000, seed=3))
    assert float(res.lower) <= k and 1 / math.sqrt(2) - 1e-12 <= float(res.upper)


@uses(lipschitz_bounds)
def test_frame_bound_matches_dense_grid_oracle(xp, device):
    W, b = _example()
    A = float(lipschitz_bounds(to_xp(W, xp, device, xp.float64), to_xp(b, xp, device, xp.float64),
                               n_samples=20_000).frame_bound)
    assert A > 0
    assert abs(A - _grid_frame_bound(W, b)) <= 1e-10 * A


@uses(lipschitz_bounds)
def test_upper_bound_is_attained_along_the_smallest_eigenvector(xp, device):
    # near the minimizing point, C moves by exactly sqrt(A) per unit step along v
    W, b = _example()
    res = lipschitz_bounds(to_xp(W, xp, device, xp.float64), to_xp(b, xp, device, xp.float64),
                           n_samples=20_000)
    x = to_numpy(res.argmin)
    act = x @ W.T >= b
    v = np.linalg.eigh(W[act].T @ W[act])[1][:, 0]
    step = 1e-7 * (-1.0 if x @ v > 0 else 1.0)  # towards the inside of the ball
    y = x + step * v
    ratio = np.linalg.norm(_layer_np(W, b, x) - _layer_np(W, b, y)) / abs(step)
    assert abs(ratio - float(res.upper)) <= 1e-6 * ratio


@uses(lipschitz_bounds)
def test_lower_bound_holds_on_sampled_pairs(xp, device):
    # 1/2 sqrt(A) <= ||C(x) - C(y)|| / ||x - y|| on every pair of the ball
    W = np.random.default_rng(7).standard_normal((30, 3))
    b = np.full(30, -0.2) * np.linalg.norm(W, axis=1)
    lower = float(lipschitz_bounds(to_xp(W, xp, device, xp.float64), to_xp(b, xp, device, xp.float64),
                                   n_samples=20_000).lower)
    rng = np.random.default_rng(8)
    g = rng.standard_normal((2, 20_000, 3))
    pts = g / np.linalg.norm(g, axis=-1, keepdims=True) * rng.random((2, 20_000, 1)) ** (1 / 3)
    x, y = pts
    y[:10_000] = x[:10_000] + 1e-3 * rng.standard_normal((10_000, 3))  # near pairs too
    y /= np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1.0)
    ratio = np.linalg.norm(_layer_np(W, b, x) - _layer_np(W, b, y), axis=1) / np.linalg.norm(x - y, axis=1)
    assert lower > 0 and ratio.min() >= lower


@uses(lipschitz_bounds)
def test_scaling_laws(xp, device):
    # radius r with bias b is radius 1 with b / r (same samples); scaling W and b by c scales A by c^2
    W, b = _example()
    Wx, bx = to_xp(W, xp, device, xp.float64), to_xp(b, xp, device, xp.float64)
    A1 = float(lipschitz_bounds(Wx, bx / 3.0, n_samples=3000, seed=5).frame_bound)
    A3 = float(lipschitz_bounds(Wx, bx, radius=3.0, n_samples=3000, seed=5).frame_bound)
    A_scaled = float(lipschitz_bounds(2.0 * Wx, 2.0 * bx / 3.0, n_samples=3000, seed=5).frame_bound)
    assert abs(A1 - A3) <= 1e-12 * A1 and abs(A_scaled - 4.0 * A1) <= 1e-12 * A1


@uses(lipschitz_bounds)
def test_not_injective_gives_zero(xp, device, dtype):
    W, _ = _example()
    res = lipschitz_bounds(to_xp(W, xp, device, dtype), to_xp(np.full(9, 0.5), xp, device, dtype),
                           n_samples=2000)
    assert_backend(res.frame_bound, xp, device, dtype, ())
    assert float(res.frame_bound) == 0.0 and float(res.lower) == 0.0 and float(res.upper) == 0.0


def test_nonnegative_ball_has_larger_or_equal_bound():
    # a subset of the ball: its minimum is over fewer cells
    W, b = _example()
    full = float(lipschitz_bounds(W, b, n_samples=5000).frame_bound)
    half = float(lipschitz_bounds(W, b, nonnegative=True, n_samples=5000).frame_bound)
    assert half >= full - 1e-12


def test_autograd_flows_to_the_weights():
    torch = pytest.importorskip("torch")
    W, b = _example()
    Wt = torch.tensor(W, requires_grad=True)
    lipschitz_bounds(Wt, torch.tensor(b), n_samples=500).lower.backward()
    assert Wt.grad is not None and bool(torch.isfinite(Wt.grad).all()) and float(Wt.grad.abs().sum()) > 0


def test_bad_input():
    W, b = _example()
    with pytest.raises(ValueError, match="radius must be a positive finite number"):
        lipschitz_bounds(W, b, radius=0.0)
    with pytest.raises(ValueError, match="b must be a bias vector"):
        lipschitz_bounds(W, b[:-1])
    with pytest.raises(ValueError, match="n_samples must be a positive int"):
        lipschitz_bounds(W, b, n_samples=0)
    with pytest.raises(ValueError, match="W must be a weight matrix"):
        lipschitz_bounds(W[0], b)
    with pytest.raises(ValueError, match="W must be finite|W.*NaN|non-finite"):
        lipschitz_bounds(np.where(W > 1, np.nan, W), b)
