"""Real phase retrieval: complement property (known cases), the strong complement constant and
A = kappa_L^2 against a grid oracle and sampled pairs, reconstruction modulo sign."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest
from helpers import assert_backend, to_numpy, to_xp, uses
from hypothesis import given, settings
from hypothesis import strategies as st

from framekit import ConvergenceWarning
from framekit.relu.modulus import complement_property, modulus_reconstruct


def _gauss(m, n, seed=0):
    return np.random.default_rng(seed).standard_normal((m, n))


def _brute(W):
    """sigma^2 and A by itertools over all subsets (the oracle of the enumeration)."""
    m = W.shape[0]

    def lam(rows):
        return np.linalg.eigvalsh(W[list(rows)].T @ W[list(rows)])[0] if rows else 0.0

    best_max, best_sum = np.inf, np.inf
    for k in range(m + 1):
        for S in itertools.combinations(range(m), k):
            C = tuple(i for i in range(m) if i not in S)
            a, b = max(lam(S), 0.0), max(lam(C), 0.0)
            best_max, best_sum = min(best_max, max(a, b)), min(best_sum, a + b)
    return best_max, best_sum


def _dist(a, b):
    return np.minimum(np.linalg.norm(a - b, axis=-1), np.linalg.norm(a + b, axis=-1))


@pytest.mark.parametrize("n", [2, 3, 4])
@uses(complement_property)
def test_known_cases(xp, device, n):
    W = _gauss(2 * n - 1, n, seed=n)
    res = complement_property(to_xp(W, xp, device, xp.float64))
    assert res.exact and res.holds  # m = 2n - 1 generic has it
    assert_backend(res.sigma, xp, device, xp.float64, ())
    assert_backend(res.split, xp, device, xp.bool, (2 * n - 1,))
    assert not complement_property(to_xp(W[:-1], xp, device, xp.float64)).holds  # m = 2n - 2
    repeated = np.vstack([W[:-1], W[:1]])  # 2n - 1 vectors, one of them twice
    bad = complement_property(to_xp(repeated, xp, device, xp.float64))
    assert not bad.holds and float(bad.frame_bound) == 0.0 and float(bad.sigma) == 0.0
    # the split is a proof: neither side spans
    S = to_numpy(bad.split)
    for side in (S, ~S):
        assert np.linalg.matrix_rank(repeated[side]) < n


@uses(complement_property)
def test_enumeration_matches_brute_force_and_bounds(xp, device, dtype):
    W = _gauss(7, 3, seed=11)
    sig2, A = _brute(W)
    res = complement_property(to_xp(W, xp, device, dtype), chunk_size=16)
    rtol = 1e-10 if dtype == xp.float64 else 1e-4
    assert float(res.frame_bound) == pytest.approx(A, rel=rtol)
    assert float(res.sigma) ** 2 == pytest.approx(sig2, rel=rtol)
    assert sig2 <= A * (1 + 1e-12) and A <= 2 * sig2 * (1 + 1e-12)  # σ² <= A <= 2σ²


def test_sampled_estimate_is_an_upper_estimate_and_says_so():
    W = _gauss(12, 4, seed=2)
    exact = complement_property(W, method="exact")
    sampled = complement_property(W, method="sampled", n_samples=400)
    assert exact.exact and not sampled.exact
    assert float(sampled.frame_bound) >= float(exact.frame_bound) * (1 - 1e-12)
    assert float(sampled.frame_bound) <= 1.5 * float(exact.frame_bound)
    assert complement_property(_gauss(30, 4, seed=3)).exact is False  # auto: m > 16 samples


def _kappa_grid(W, size=1500):
    """Oracle for n = 2: kappa_L^2 = min over unit u, w of sum_i min(<u, w_i>^2, <w, w_i>^2)."""
    t = np.linspace(0, np.pi, size, endpoint=False)
    U = np.stack([np.cos(t), np.sin(t)], axis=1) @ W.T  # (size, m)
    sq = U**2
    return min(np.minimum(sq[i][None, :], sq).sum(axis=1).min() for i in range(size))


@uses(complement_property)
def test_A_is_kappa_squared_grid_oracle_pairs_and_eigenvector_step(xp, device):
    W = _gauss(5, 2, seed=5)
    res = complement_property(to_xp(W, xp, device, xp.float64))
    A, sigma = float(res.frame_bound), float(res.sigma)
    assert sigma <= np.sqrt(A) <= np.sqrt(2) * sigma  # the paper's bounds, through kappa_L = sqrt(A)
    assert abs(_kappa_grid(W) - A) <= 1e-4 * A  # grid of step pi/1500 in both angles
    # sampled pairs never go below sqrt(A) (modulo sign)
    rng = np.random.default_rng(6)
    x, y = rng.standard_normal((2, 50_000, 2))
    y[:25_000] = x[:25_000] + 1e-3 * rng.standard_normal((25_000, 2))
    ratio = np.linalg.norm(np.abs(x @ W.T) - np.abs(y @ W.T), axis=1) / _dist(x, y)
    assert ratio.min() >= np.sqrt(A) * (1 - 1e-12)
    # the eigenvector step: u, w the smallest eigenvectors of the split attaining A give a pair
    # x = (u + w)/2, y = (w - u)/2 with ratio exactly sqrt(A)
    S = to_numpy(res.split)
    u = np.linalg.eigh(W[S].T @ W[S])[1][:, 0] if S.any() else np.array([1.0, 0.0])
    w = np.linalg.eigh(W[~S].T @ W[~S])[1][:, 0]
    px, py = (u + w) / 2, (w - u) / 2
    r = np.linalg.norm(np.abs(W @ px) - np.abs(W @ py)) / _dist(px, py)
    assert r == pytest.approx(np.sqrt(A), rel=1e-10)


@pytest.mark.parametrize(("m", "n"), [(40, 5), (96, 12)])
@uses(modulus_reconstruct)
def test_reconstruction_modulo_sign(xp, device, m, n):
    W = _gauss(m, n, seed=m) / np.sqrt(m)
    x = _gauss(8, n, seed=1)
    y = np.abs(x @ W.T)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        xr = modulus_reconstruct(to_xp(W, xp, device, xp.float64), to_xp(y, xp, device, xp.float64))
    assert_backend(xr, xp, device, xp.float64, (8, n))
    err = _dist(to_numpy(xr), x) / np.linalg.norm(x, axis=1)
    assert err.max() <= 1e-10


@uses(modulus_reconstruct)
def test_reconstruction_float32(xp, device):
    W, x = _gauss(48, 4, seed=3) / 7, _gauss(3, 4, seed=4)
    xr = modulus_reconstruct(to_xp(W, xp, device, xp.float32), to_xp(np.abs(x @ W.T), xp, device, xp.float32))
    assert_backend(xr, xp, device, xp.float32, (3, 4))
    assert (_dist(to_numpy(xr), x) / np.linalg.norm(x, axis=1)).max() <= 1e-4


def test_failure_warns_at_m_below_2n_minus_1():
    W, x = _gauss(5, 4, seed=1), _gauss(20, 4, seed=2)
    with pytest.warns(ConvergenceWarning, match="stopped above"):
        modulus_reconstruct(W, np.abs(x @ W.T) + 0.3, n_restarts=1, maxiter=50)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(2, 6), scale=st.floats(1e-3, 1e3))
def test_property_recovery_at_m_equals_8n(seed, n, scale):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((8 * n, n))
    x = scale * rng.standard_normal(n)
    xr = modulus_reconstruct(W, np.abs(W @ x))
    assert _dist(xr, x) <= 1e-9 * np.linalg.norm(x)
