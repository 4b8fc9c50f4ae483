"""ReLU layers: conventions, active sets, injectivity checks, reconstruction, Lipschitz estimate."""

from __future__ import annotations

import math
import pathlib
import warnings

import numpy as np
import pytest
from helpers import assert_backend, assert_close, to_numpy, to_xp
from hypothesis import given, settings
from hypothesis import strategies as st

import framekit
from framekit.relu.layers import (
    active_frame_bound,
    active_set,
    check_injectivity,
    count_test,
    relu_layer,
    relu_reconstruct,
)
from framekit.relu.lipschitz import lipschitz_lower_estimate
from framekit.relu.maxbias import max_bias


def _gaussian(m, n, seed=0):
    return np.random.default_rng(seed).standard_normal((m, n))


def _ball_points(count, n, radius=1.0, seed=1):
    rng = np.random.default_rng(seed)
    g = rng.standard_normal((count, n))
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    return radius * g * rng.random((count, 1)) ** (1.0 / n)


@pytest.mark.uses(relu_layer, active_set, count_test)
def test_layer_active_set_and_count_match_numpy(xp, device, dtype):
    W, b, x = (
        _gaussian(30, 4),
        np.random.default_rng(2).standard_normal(30) * 0.3,
        _ball_points(50, 4),
    )
    Wx, bx, xx = (to_xp(a, xp, device, dtype) for a in (W, b, x))
    z = relu_layer(Wx, bx, xx)
    assert_backend(z, xp, device, dtype, (50, 30))
    assert_close(z, np.maximum(x @ W.T - b, 0.0), atol=1e-5 if dtype == xp.float32 else 1e-13)
    pre = x @ W.T - b
    clear = np.abs(pre) > 1e-4  # ignore float32 rounding right at the threshold
    act = to_numpy(active_set(Wx, bx, xx))
    assert act.dtype == bool and np.array_equal(act[clear], (pre >= 0)[clear])
    ok = to_numpy(count_test(Wx, bx, xx))
    assert np.array_equal(ok, act.sum(axis=1) >= 4)


def test_sign_convention_matches_torch_linear():
    torch = pytest.importorskip("torch")
    lin = torch.nn.Linear(3, 5, dtype=torch.float64)
    x = torch.randn(7, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        ref = torch.relu(lin(x))
        ours = relu_layer(lin.weight, -lin.bias, x)  # b = -beta
    assert torch.allclose(ours, ref, rtol=1e-14, atol=1e-14)


@pytest.mark.uses.with_args(active_frame_bound)
def test_active_frame_bound_dense_oracle(xp, device):
    W, b, x = _gaussian(12, 3), np.full(12, 0.2), _ball_points(40, 3, radius=2.0)
    A = to_numpy(active_frame_bound(*(to_xp(a, xp, device, xp.float64) for a in (W, b, x))))
    for k in range(40):
        rows = W[x[k] @ W.T >= b]
        expect = np.linalg.eigvalsh(rows.T @ rows)[0] if len(rows) else 0.0
        expect = expect if expect > 1e-10 else 0.0
        assert abs(A[k] - expect) <= 1e-10 * max(1.0, expect)


@pytest.mark.uses.with_args(check_injectivity)
def test_check_injectivity_simplex(xp, device):
    W = framekit.simplex_frame(3, xp=xp, device=device)  # 4 unit vectors, pairwise -1/3
    assert check_injectivity(
        W, xp.full((4,), -0.6, dtype=W.dtype, device=device), domain="ball"
    ).injective
    report = check_injectivity(
        W, xp.full((4,), 0.5, dtype=W.dtype, device=device), domain="sphere", n_samples=2000
    )
    assert not report.injective and report.n_failed > 0 and not report.count_ok
    assert_backend(report.witness, xp, device, W.dtype, (3,))
    w, x = to_numpy(W), to_numpy(report.witness)
    rows = w[x @ w.T >= 0.5]
    assert abs(np.linalg.norm(x) - 1.0) < 1e-6
    assert len(rows) < 3 or np.linalg.matrix_rank(rows) < 3
    # the ball includes x = 0, where a positive bias silences every unit
    assert not check_injectivity(
        W, xp.full((4,), 0.01, dtype=W.dtype, device=device), n_samples=10
    ).injective


@pytest.mark.uses.with_args(check_injectivity)
def test_check_injectivity_nonnegative_part(xp, device):
    W = to_xp(np.eye(2), xp, device, xp.float64)
    b = to_xp(np.full(2, -0.1), xp, device, xp.float64)
    assert check_injectivity(W, b, domain="ball", nonnegative=True, n_samples=500).injective
    assert not check_injectivity(W, b, domain="sphere", n_samples=500).injective


@pytest.mark.uses(relu_reconstruct, max_bias)
@pytest.mark.parametrize("method", ["dual", "frame_algorithm"])
def test_reconstruct_with_estimated_bias(xp, device, method):
    W = to_xp(_gaussian(100, 10), xp, device, xp.float64)
    alpha = max_bias(W, domain="ball", n_samples=20_000, seed=0)
    x_np = _ball_points(300, 10)
    x = to_xp(x_np, xp, device, xp.float64)
    z = relu_layer(W, alpha, x)
    rec, spans = relu_reconstruct(W, alpha, z, method=method, on_nonspanning="flag")
    assert_backend(rec, xp, device, xp.float64, (300, 10))
    assert bool(xp.all(spans))
    err = np.linalg.norm(to_numpy(rec) - x_np, axis=1) / np.linalg.norm(x_np, axis=1)
    assert err.max() < 1e-10


@pytest.mark.uses.with_args(relu_reconstruct)
def test_reconstruct_batched_float32(xp, device):
    W = to_xp(_gaussian(60, 5), xp, device, xp.float32)
    b = to_xp(np.full(60, -0.3), xp, device, xp.float32)
    x_np = _ball_points(24, 5).reshape(2, 12, 5)
    rec = relu_reconstruct(W, b, relu_layer(W, b, to_xp(x_np, xp, device, xp.float32)))
    assert_backend(rec, xp, device, xp.float32, (2, 12, 5))
    assert np.abs(to_numpy(rec) - x_np).max() < 1e-4


@pytest.mark.uses.with_args(relu_reconstruct)
@pytest.mark.parametrize("method", ["dual", "frame_algorithm"])
def test_reconstruct_reports_nonspanning(xp, device, method):
    W = to_xp(np.vstack([np.eye(2), -np.eye(2)]), xp, device, xp.float64)
    b = to_xp(np.zeros(4), xp, device, xp.float64)
    x = to_xp(np.array([[1.0, -2.0], [0.5, 0.0]]), xp, device, xp.float64)  # 2nd: only 1 unit fires
    z = relu_layer(W, b, x)
    with pytest.raises(ValueError, match="does not span R\\^2 for 1 of 2 inputs"):
        relu_reconstruct(W, b, z, method=method)
    rec, spans = relu_reconstruct(W, b, z, method=method, on_nonspanning="flag")
    assert to_numpy(spans).tolist() == [True, False]
    r = to_numpy(rec)
    assert np.all(np.isfinite(r)) and np.allclose(r[0], [1.0, -2.0], atol=1e-10)


@pytest.mark.uses.with_args(lipschitz_lower_estimate)
def test_lipschitz_estimate_known_value(xp, device):
    # W = [I; -I], b = 0: C(x) = (x+, x-), whose optimal lower Lipschitz constant is 1/sqrt(2)
    W = to_xp(np.vstack([np.eye(2), -np.eye(2)]), xp, device, xp.float64)
    b = to_xp(np.zeros(4), xp, device, xp.float64)
    k = lipschitz_lower_estimate(W, b, n_pairs=20_000, seed=3)
    assert_backend(k, xp, device, xp.float64, ())
    assert 1 / math.sqrt(2) - 1e-12 <= float(k) < 0.75


@pytest.mark.uses.with_args(lipschitz_lower_estimate)
def test_lipschitz_estimate_bounds(xp, device):
    Wn = _gaussian(40, 4)
    W = to_xp(Wn, xp, device, xp.float64)
    b = max_bias(W, domain="ball", n_samples=5000)
    k = float(lipschitz_lower_estimate(W, b, n_pairs=4000))
    assert 0 < k <= np.linalg.norm(Wn, 2) + 1e-12  # ReLU is 1-Lipschitz: kappa <= ||W||
    silent = to_xp(np.full(40, 100.0), xp, device, xp.float64)
    assert float(lipschitz_lower_estimate(W, silent, n_pairs=100)) == 0.0


def test_bad_input():
    W, b = np.ones((5, 3)), np.zeros(5)
    with pytest.raises(ValueError, match="W must be a weight matrix"):
        relu_layer(np.ones(3), b, np.ones(3))
    with pytest.raises(ValueError, match="W must be a weight matrix"):
        relu_layer(np.ones((2, 5, 3)), b, np.ones(3))
    with pytest.raises(ValueError, match="b must be a bias vector of shape \\(5,\\)"):
        relu_layer(W, np.zeros(4), np.ones(3))
    with pytest.raises(ValueError, match="x must have shape"):
        relu_layer(W, b, np.ones(4))
    with pytest.raises(ValueError, match="radius must be a positive finite number"):
        check_injectivity(W, b, radius=0.0)
    with pytest.raises(ValueError, match="radius must be a positive finite number"):
        check_injectivity(W, b, radius=-1.0)
    with pytest.raises(ValueError, match="domain must be"):
        check_injectivity(W, b, domain="cube")
    with pytest.raises(ValueError, match="method must be"):
        relu_reconstruct(W, b, np.ones(5), method="newton")
    with pytest.raises(ValueError, match="on_nonspanning must be"):
        relu_reconstruct(W, b, np.ones(5), on_nonspanning="ignore")
    with pytest.raises(ValueError, match="contains NaN"):
        relu_layer(W, np.full(5, np.nan), np.ones(3))
    with pytest.raises(TypeError, match="W must be real"):
        relu_layer(W + 0j, b, np.ones(3))
    with pytest.raises(ValueError, match="n_pairs"):
        lipschitz_lower_estimate(W, b, n_pairs=0)


def test_demo_rows_and_pictures(tmp_path):
    pytest.importorskip("matplotlib")
    from framekit import _backend
    from framekit.demo.relu import HEADER, demo

    text, figures = demo(_backend.get_namespace(np), None, tmp_path)
    lines = text.splitlines()
    assert len(lines) == 10 and all(line.split()[:2] == ["numpy", "float64"] for line in lines)
    assert HEADER.split() == ["backend", "dtype", "case", "value", "expected", "time"]
    start = HEADER.index("value") + len("value") + 1  # the right-aligned "expected" column
    assert all(line[start : start + 12].strip() for line in lines)  # every row says what to expect
    assert figures == [str(tmp_path / "relu_numpy.png")]
    assert all(pathlib.Path(f).stat().st_size > 10_000 for f in figures)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(1, 6),
    extra=st.integers(0, 30),
    shift=st.floats(-1.0, 0.5),
)
def test_reconstruction_property(seed, n, extra, shift):
    # wherever the observed active set spans, both methods recover x; elsewhere it is flagged
    rng = np.random.default_rng(seed)
    m = n + extra
    W = rng.standard_normal((m, n))
    b = shift * np.linalg.norm(W, axis=1) + 0.01 * rng.standard_normal(m)
    x = _ball_points(20, n, seed=seed)
    z = relu_layer(W, b, x)
    rank = np.array([np.linalg.matrix_rank(W[zk > 0]) if (zk > 0).any() else 0 for zk in z])
    for method in ("dual", "frame_algorithm"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", framekit.ConvergenceWarning)
            rec, spans = relu_reconstruct(
                W, b, z, method=method, on_nonspanning="flag", maxiter=20_000
            )
        assert np.all(np.isfinite(rec))
        assert np.array_equal(spans, rank == n)
        if method == "dual":
            good = spans & (
                np.array([np.linalg.cond(W[zk > 0]) if s else 0 for zk, s in zip(z, spans)]) < 1e3
            )
            assert np.allclose(rec[good], x[good], atol=1e-8)


@pytest.mark.uses.with_args(lipschitz_lower_estimate)
def test_lipschitz_estimate_always_active(xp, device):
    # with b_i <= -||w_i|| every unit fires on the unit ball, C is affine: kappa_L = sigma_min(W)
    Wn = _gaussian(30, 3, seed=5)
    W = to_xp(Wn, xp, device, xp.float64)
    b = to_xp(-1.01 * np.linalg.norm(Wn, axis=1), xp, device, xp.float64)
    k = float(lipschitz_lower_estimate(W, b, n_pairs=20_000))
    sigma_min = np.linalg.svd(Wn, compute_uv=False)[-1]
    assert sigma_min * (1 - 1e-12) <= k < 1.05 * sigma_min
