"""Regularizers: condition-number regularizer (value, gradient), tightness penalty, spectral loss."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import assert_backend, to_numpy, to_xp, tol_for, uses
from hypothesis import given, settings
from hypothesis import strategies as st

from framekit.stability.aliasing import aliasing_objective, littlewood_paley_condition
from framekit.stability.regularizers import (
    compressed_spectral_loss,
    condition_number_regularizer,
    condition_number_regularizer_grad,
    tightness_penalty,
)


def reference_r(S):
    s = np.linalg.svd(S, compute_uv=False)
    return 0.5 * s[0] ** 2 - np.sum(s**2) / (2 * min(S.shape))


@uses(condition_number_regularizer, condition_number_regularizer_grad)
def test_value_and_gradient_backends(xp, device, dtype):
    rng = np.random.default_rng(0)
    S_np = rng.standard_normal((3, 5, 4))
    S = to_xp(S_np, xp, device, dtype)
    r = condition_number_regularizer(S)
    assert_backend(r, xp, device, dtype, shape=(3,))
    tol = 10 * tol_for(dtype)
    np.testing.assert_allclose(to_numpy(r), [reference_r(M) for M in S_np], rtol=tol)
    g = condition_number_regularizer_grad(S)
    assert_backend(g, xp, device, dtype, shape=(3, 5, 4))
    # central finite differences of the NumPy reference
    h = 1e-6
    for b in range(3):
        fd = np.zeros((5, 4))
        for i in range(5):
            for j in range(4):
                E = np.zeros((5, 4))
                E[i, j] = h
                fd[i, j] = (reference_r(S_np[b] + E) - reference_r(S_np[b] - E)) / (2 * h)
        np.testing.assert_allclose(to_numpy(g[b, ...]), fd, atol=1e-7 if dtype == xp.float64 else 1e-4)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 6), m=st.integers(1, 6), seed=st.integers(0, 2**31 - 1), scale=st.floats(0.01, 100.0))
def test_nonnegative_and_zero_iff_equal_singular_values(n, m, seed, scale):
    rng = np.random.default_rng(seed)
    S = scale * rng.standard_normal((n, m))
    r = float(condition_number_regularizer(S))
    assert r >= -1e-12 * scale**2
    # equal singular values: scale * a matrix with orthonormal rows or columns
    Q, _ = np.linalg.qr(rng.standard_normal((max(n, m), min(n, m))))
    E = scale * (Q if n >= m else Q.T)
    assert abs(float(condition_number_regularizer(E))) <= 1e-12 * scale**2 * max(n, m)
    if min(n, m) > 1:  # one singular value doubled: strictly positive
        U, s, Vt = np.linalg.svd(E, full_matrices=False)
        s[0] *= 2
        assert float(condition_number_regularizer((U * s) @ Vt)) > 0.1 * scale**2


def test_complex_and_autograd():
    torch = pytest.importorskip("torch")
    gen = torch.Generator().manual_seed(1)
    for dt in (torch.float64, torch.complex128):
        S = torch.randn(2, 4, 6, generator=gen, dtype=dt, requires_grad=True)
        assert torch.autograd.gradcheck(condition_number_regularizer, (S,))
        r = condition_number_regularizer(S).sum()
        (g,) = torch.autograd.grad(r, S)
        np.testing.assert_allclose(to_numpy(condition_number_regularizer_grad(S.detach())), to_numpy(g), atol=1e-12)


def reference_loss(S, T, c=0.3, lam=0.3, floor=1e-8):
    mS, mT = np.maximum(np.abs(S), floor), np.maximum(np.abs(T), floor)
    cS, cT = mS**c * np.exp(1j * np.angle(S)), mT**c * np.exp(1j * np.angle(T))
    return (1 - lam) * np.mean((mS**c - mT**c) ** 2) + lam * np.mean(np.abs(cS - cT) ** 2)


@uses(compressed_spectral_loss)
def test_compressed_spectral_loss(xp, device, dtype):
    rng = np.random.default_rng(2)
    S_np = rng.standard_normal((3, 8)) + 1j * rng.standard_normal((3, 8))
    T_np = rng.standard_normal((3, 8)) + 1j * rng.standard_normal((3, 8))
    S, T = to_xp(S_np, xp, device, dtype), to_xp(T_np, xp, device, dtype)
    L = compressed_spectral_loss(S, T)
    assert_backend(L, xp, device, dtype, shape=())
    tol = 10 * tol_for(dtype)
    np.testing.assert_allclose(float(L), reference_loss(S_np, T_np), rtol=tol)
    np.testing.assert_allclose(
        float(compressed_spectral_loss(S, T, compression=0.5, mix=0.7)), reference_loss(S_np, T_np, 0.5, 0.7), rtol=tol
    )
    assert float(compressed_spectral_loss(S, S)) == 0.0


def test_spectral_loss_gradient_and_bad_input():
    torch = pytest.importorskip("torch")
    gen = torch.Generator().manual_seed(3)
    S = torch.randn(4, 5, generator=gen, dtype=torch.complex128, requires_grad=True)
    T = torch.randn(4, 5, generator=gen, dtype=torch.complex128)
    assert torch.autograd.gradcheck(lambda s: compressed_spectral_loss(s, T), (S,))
    Z = torch.zeros(3, dtype=torch.complex128, requires_grad=True)  # gradients stay finite at 0
    compressed_spectral_loss(Z, T[0, :3]).backward()
    assert torch.all(torch.isfinite(torch.view_as_real(Z.grad)))
    with pytest.raises(ValueError, match="same shape"):
        compressed_spectral_loss(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="compression"):
        compressed_spectral_loss(np.ones(3), np.ones(3), compression=0.0)
    with pytest.raises(ValueError, match="mix"):
        compressed_spectral_loss(np.ones(3), np.ones(3), mix=1.5)
    with pytest.raises(ValueError, match="S must be a matrix"):
        condition_number_regularizer(np.ones(3))
    with pytest.raises(ValueError, match="S contains NaN"):
        condition_number_regularizer(np.full((2, 2), np.nan))


@uses(tightness_penalty)
def test_tightness_penalty(xp, device):
    rng = np.random.default_rng(4)
    w = to_xp(rng.standard_normal((6, 9)), xp, device)
    np.testing.assert_allclose(
        float(tightness_penalty(w, beta=0.5)), 0.5 * (float(littlewood_paley_condition(w)) - 1), rtol=1e-12
    )
    np.testing.assert_allclose(
        float(tightness_penalty(w, 3, beta=2.0, level=0.5)), 2 * float(aliasing_objective(w, 3, level=0.5)), rtol=1e-12
    )
    with pytest.raises(ValueError, match="beta"):
        tightness_penalty(w, beta=-1.0)
