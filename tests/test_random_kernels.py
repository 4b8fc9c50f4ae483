"""Random kernels: closed forms against Monte Carlo, energy variance, tail bounds, the law."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import assert_backend, to_numpy, to_xp, tol_for, uses

from framekit.stability.aliasing import aliasing_terms
from framekit.stability.random_kernels import (
    cantelli_deviation,
    chernoff_deviation,
    condition_number_law,
    energy_variance,
    gaussian_aliasing_moments,
    random_filterbank_condition_numbers,
    random_filterbank_energies,
)


def mc_aliasing(J, K, d, N, draws, seed):
    """G_k of `draws` Gaussian layers (taps N(0, 1/(J K))), by batched NumPy FFTs."""
    w = np.random.default_rng(seed).standard_normal((draws, J, K)) / math.sqrt(J * K)
    H = np.fft.fft(w, n=N, axis=-1)
    return np.stack([np.sum(H * np.roll(H, -k * N // d, axis=-1).conj(), axis=1) for k in range(d)], axis=1), w


@pytest.mark.parametrize("K", [12, 10])  # d = 4 divides K, and not
def test_moments_against_monte_carlo(K):
    J, d, N, draws = 8, 4, 48, 20000
    G, w = mc_aliasing(J, K, d, N, draws, seed=K)
    # the oracle's G_k agree with framekit's on a few draws
    for i in range(3):
        np.testing.assert_allclose(aliasing_terms(w[i], d, N), G[i], atol=1e-13)
    mean, var = gaussian_aliasing_moments(J, K, d, N)
    err = np.abs(G.mean(axis=0) - mean) / np.sqrt(var / draws)
    assert err.max() < 4.5  # within Monte Carlo error (192 bins)
    rel = np.mean(np.abs(G - mean) ** 2, axis=0) / var - 1
    assert np.abs(rel).max() < 0.05
    if K % d == 0:
        np.testing.assert_allclose(mean[1:], 0, atol=1e-15)
    else:
        np.testing.assert_allclose(np.abs(mean[1:, 0]), [abs(math.sin(math.pi * K * k / d) / math.sin(math.pi * k / d)) / K for k in range(1, d)])


@uses(gaussian_aliasing_moments)
def test_moments_backends(xp, device, dtype):
    mean, var = gaussian_aliasing_moments(8, 10, 4, 48, variance=0.5, xp=xp, device=device, dtype=dtype)
    ref_m, ref_v = gaussian_aliasing_moments(8, 10, 4, 48, variance=0.5)
    assert_backend(var, xp, device, dtype, shape=(4, 48))
    assert_backend(mean, xp, device, xp.complex64 if dtype == xp.float32 else xp.complex128, shape=(4, 48))
    tol = 1e-12 if dtype == xp.float64 else 1e-5
    np.testing.assert_allclose(to_numpy(mean), ref_m, rtol=tol, atol=tol)
    np.testing.assert_allclose(to_numpy(var), ref_v, rtol=tol)


def signals(N):
    imp = np.zeros(N)
    imp[0] = 1.0
    brown = np.cumsum(np.random.default_rng(7).standard_normal(N))
    alt = np.sin(np.pi * (np.arange(N) + 0.5))  # alternating sine, period 2 samples
    return {"impulse": imp, "brownian": brown, "alternating": alt}


def test_energy_variance_against_simulation():
    J, T, N = 10, 32, 256
    for name, x in signals(N).items():
        E = np.sum(x * x)
        e = random_filterbank_energies(x, J, T, 20000, seed=1)
        assert abs(e.mean() / E - 1) < 0.01, name
        v = float(energy_variance(x, J, T))
        assert abs(e.var() / v - 1) < 0.05, name
        dev = (e - E) / E
        for bound in (cantelli_deviation, chernoff_deviation):
            alpha = float(bound(x, J, T, 0.05))
            assert np.mean(dev >= alpha) <= 0.05, (name, bound.__name__)
    imp = signals(N)["impulse"]
    np.testing.assert_allclose(float(energy_variance(imp, J, T)), 2 / (J * T), rtol=1e-12)
    # a periodic signal: about 2/J (times ||x||^4)
    alt = signals(N)["alternating"]
    assert abs(float(energy_variance(alt, J, T)) / np.sum(alt**2) ** 2 / (2 / J) - 1) < 0.05


def dense_variance(x, J, T):
    """2 sigma^4 J ||Q||_F^2 with Q = C_T^T C_T built from the circulant matrix."""
    C = np.stack([np.roll(x, t) for t in range(T)], axis=1)
    return 2 * J * np.sum((C.T @ C) ** 2) / (J * T) ** 2


@uses(energy_variance, cantelli_deviation, chernoff_deviation)
def test_energy_functions_backends(xp, device, dtype):
    rng = np.random.default_rng(3)
    x_np = rng.standard_normal((2, 40))
    x = to_xp(x_np, xp, device, dtype)
    v = energy_variance(x, 6, 9)
    assert_backend(v, xp, device, dtype, shape=(2,))
    tol = 1e-12 if dtype == xp.float64 else 1e-4
    np.testing.assert_allclose(to_numpy(v), [dense_variance(r, 6, 9) for r in x_np], rtol=tol)
    a = cantelli_deviation(x, 6, 9, 0.1)
    np.testing.assert_allclose(to_numpy(a), np.sqrt(9 * to_numpy(v)) / np.sum(x_np**2, axis=-1), rtol=tol)
    c = chernoff_deviation(x, 6, 9, 0.1)
    assert_backend(c, xp, device, dtype, shape=(2,))
    # alpha solves the bound's equation exp(-f(alpha)) = p
    for i in range(2):
        C = np.stack([np.roll(x_np[i], t) for t in range(9)], axis=1)
        Q = C.T @ C
        E, al = np.sum(x_np[i] ** 2), float(c[i])
        f = al**2 * 6 * 81 * E**2 / (4 * al * 9 * np.linalg.norm(Q, 2) * E + 4 * np.sum(Q**2))
        np.testing.assert_allclose(f, math.log(10), rtol=max(tol, 1e-10))


@uses(random_filterbank_condition_numbers, random_filterbank_energies)
def test_monte_carlo_backends(xp, device, dtype):
    k = random_filterbank_condition_numbers(40, 8, 256, 600, seed=0, xp=xp, device=device, dtype=dtype)
    assert_backend(k, xp, device, dtype, shape=(600,))
    k_np = to_numpy(k)
    assert np.all(k_np >= 1) and np.median(k_np) < condition_number_law(8, 40)
    again = random_filterbank_condition_numbers(40, 8, 256, 600, seed=0, xp=xp, device=device, dtype=dtype)
    np.testing.assert_array_equal(to_numpy(again), k_np)
    imp = np.zeros(64)
    imp[0] = 1.0
    e = random_filterbank_energies(to_xp(np.stack([imp, 2 * imp]), xp, device, dtype), 5, 16, 3000, seed=2)
    assert_backend(e, xp, device, dtype, shape=(3000, 2))
    e = to_numpy(e)
    np.testing.assert_allclose(e[:, 1], 4 * e[:, 0], rtol=10 * tol_for(dtype))
    assert abs(e[:, 0].mean() - 1) < 0.03 and abs(e[:, 0].var() / (2 / 80) - 1) < 0.15


def test_law_and_chunks():
    assert condition_number_law(1024, 5) == math.inf
    r = 2 * math.sqrt(math.log(64) / 40)
    assert condition_number_law(64, 40) == pytest.approx((1 + r) / (1 - r))
    # more draws than one chunk: chunked batches, same statistics
    k = random_filterbank_condition_numbers(40, 16, 1024, 300, seed=4)
    assert k.shape == (300,) and np.all(np.isfinite(k))


def test_bad_input():
    with pytest.raises(ValueError, match="n_fft=50 is not a multiple of stride=4"):
        gaussian_aliasing_moments(8, 12, 4, 50)
    with pytest.raises(ValueError, match="variance"):
        gaussian_aliasing_moments(8, 12, 4, 48, variance=-1.0)
    with pytest.raises(ValueError, match="filter_length=65 exceeds"):
        energy_variance(np.ones(64), 4, 65)
    with pytest.raises(ValueError, match="p must be"):
        cantelli_deviation(np.ones(64), 4, 8, 1.5)
    with pytest.raises(TypeError, match="real"):
        energy_variance(np.ones(8) * 1j, 2, 4)
    with pytest.raises(ValueError, match="draws"):
        random_filterbank_condition_numbers(4, 8, 64, 0)
    with pytest.raises(ValueError, match="filter_length"):
        condition_number_law(0, 4)
