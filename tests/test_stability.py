"""Stability of strided conv layers: aliasing terms, Walnut and exact bounds, objectives."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import assert_backend, to_numpy, to_xp, tol_for, uses
from hypothesis import given, settings
from hypothesis import strategies as st

from framekit.stability.aliasing import (
    aliasing_objective,
    aliasing_terms,
    conv_filterbank,
    conv_frame_bounds,
    default_n_fft,
    littlewood_paley_condition,
    walnut_bounds,
)


def brute_aliasing(w, d, N):
    """G_k(omega) = sum_j H_j(omega) conj(H_j(omega + k N/d)), by loops (the oracle)."""
    if np.iscomplexobj(w):
        w = np.concatenate([w, w.conj()])
    H = np.fft.fft(w, n=N, axis=-1)
    G = np.zeros((d, N), dtype=complex)
    for k in range(d):
        for om in range(N):
            G[k, om] = np.sum(H[:, om] * H[:, (om + k * N // d) % N].conj())
    return G


def dense_operator(w, d, N):
    """The real frame operator of c_j[n] = sum_m x[m] w_j[(n d - m) mod N], on R^N."""
    if np.iscomplexobj(w):
        w = np.concatenate([w, w.conj()])
    J, K = w.shape
    h = np.zeros((J, N), dtype=complex)
    h[:, :K] = w
    n = np.arange(N // d)[:, None]
    m = np.arange(N)[None, :]
    C = h[:, (n * d - m) % N].reshape(J * (N // d), N)
    return (C.conj().T @ C).real


CASES = [(1, 5, 6, False), (2, 4, 7, False), (3, 5, 8, True), (4, 6, 12, False), (4, 3, 9, True), (8, 10, 8, False)]


@pytest.mark.parametrize("d,J,K,cplx", CASES)
@uses(aliasing_terms, walnut_bounds, conv_frame_bounds)
def test_terms_and_bounds_against_dense(xp, device, d, J, K, cplx):
    rng = np.random.default_rng(d * 100 + K)
    w = rng.standard_normal((J, K)) + (1j * rng.standard_normal((J, K)) if cplx else 0)
    N = default_n_fft(K, d) + d  # not the smallest grid
    wx = to_xp(w, xp, device)
    G = aliasing_terms(wx, d, N)
    assert_backend(G, xp, device, shape=(d, N))
    np.testing.assert_allclose(to_numpy(G), brute_aliasing(w, d, N), rtol=1e-12, atol=1e-12 * J * K)
    lam = np.linalg.eigvalsh(dense_operator(w, d, N))
    A, B = conv_frame_bounds(wx, d, N)
    np.testing.assert_allclose([float(A), float(B)], [lam[0], lam[-1]], rtol=1e-10)
    lo, up = walnut_bounds(wx, d, N)
    assert_backend(lo, xp, device, shape=())
    assert float(lo) <= lam[0] * (1 + 1e-12) and lam[-1] <= float(up) * (1 + 1e-12)
    if d == 1:  # no aliasing: the estimates are exact
        np.testing.assert_allclose([float(lo), float(up)], [lam[0], lam[-1]], rtol=1e-10)


@uses(conv_frame_bounds)
def test_conv1d_weights_and_complex_kernels(xp, device):
    rng = np.random.default_rng(3)
    w = rng.standard_normal((6, 1, 9))
    A3 = conv_frame_bounds(to_xp(w, xp, device), 3)
    A2 = conv_frame_bounds(to_xp(w[:, 0, :], xp, device), 3)
    np.testing.assert_allclose([float(a) for a in A3], [float(a) for a in A2], rtol=1e-13)
    # complex kernels: the augmented real layer has twice FilterBank(signal="real")'s bounds
    wc = to_xp(rng.standard_normal((4, 9)) + 1j * rng.standard_normal((4, 9)), xp, device)
    fb = conv_filterbank(wc, 3)
    assert fb.num_channels == 8
    from framekit.filterbanks.filterbank import FilterBank

    ref = FilterBank(wc, 3, default_n_fft(9, 3), signal="real", origin=0).frame_bounds()
    np.testing.assert_allclose([float(b) for b in conv_frame_bounds(wc, 3)], [2 * float(b) for b in ref], rtol=1e-12)


@uses(walnut_bounds, conv_frame_bounds)
def test_walnut_brackets_isac(xp, device):
    from framekit.filterbanks.isac_design import isac

    fb = isac(16000, kernel_size=64, num_channels=24, length=1600)
    k = to_xp(to_numpy(fb.kernels), xp, device)
    for d in (1, fb.stride // 2, fb.stride):
        A, B = conv_frame_bounds(k, d)
        lo, up = walnut_bounds(k, d)
        assert float(lo) <= float(A) * (1 + 1e-12) and float(B) <= float(up) * (1 + 1e-12)
        assert float(A) > 0
    # the layer with the design's stride has the design's condition number (L large enough)
    A, B = conv_frame_bounds(k, fb.stride, fb.length)
    np.testing.assert_allclose(float(B / A), float(fb.condition_number()), rtol=1e-9)


@uses(aliasing_terms, walnut_bounds, aliasing_objective, littlewood_paley_condition)
def test_dtype_kept_and_parseval(xp, device, dtype):
    # an orthogonal d x d matrix as kernels of length d at stride d: Parseval with A = B = 1
    d = 4
    Q, _ = np.linalg.qr(np.random.default_rng(1).standard_normal((d, d)))
    w = to_xp(Q, xp, device, dtype)
    G = aliasing_terms(w, d, 16)
    assert_backend(G, xp, device, dtype=xp.complex64 if dtype == xp.float32 else xp.complex128)
    tol = 10 * tol_for(dtype)
    np.testing.assert_allclose(to_numpy(G[0, ...]).real, d, rtol=tol)
    np.testing.assert_allclose(to_numpy(G[1:, ...]), 0, atol=tol * d)
    lo, up = walnut_bounds(w, d, 16)
    assert lo.dtype == dtype
    np.testing.assert_allclose([float(lo), float(up)], [1.0, 1.0], rtol=tol)
    assert float(aliasing_objective(w, d, 16)) < 100 * tol
    assert float(aliasing_objective(w, d, 16, level=2.0)) > 1.0
    # at stride 1 the Littlewood-Paley ratio is the exact condition number
    w2 = to_xp(np.random.default_rng(2).standard_normal((5, 7)), xp, device, dtype)
    A, B = conv_frame_bounds(w2, 1, 16)
    np.testing.assert_allclose(float(littlewood_paley_condition(w2, 16)), float(B / A), rtol=tol)


def test_objectives_match_definition():
    rng = np.random.default_rng(5)
    w = rng.standard_normal((6, 10))
    d, N = 2, 24
    G = brute_aliasing(w, d, N)
    R = np.linalg.norm(G[0].real - 0.5 * d) + sum(np.linalg.norm(G[k]) for k in range(1, d))
    np.testing.assert_allclose(float(aliasing_objective(w, d, N, level=0.5)), R, rtol=1e-12)
    lp = np.sum(np.abs(np.fft.fft(w, n=N)) ** 2, axis=0)
    np.testing.assert_allclose(float(littlewood_paley_condition(w, N)), lp.max() / lp.min(), rtol=1e-12)
    # a layer missing DC: the clipped denominator keeps the ratio finite
    hp = np.array([[1.0, -1.0]])
    assert float(littlewood_paley_condition(hp, 8, floor=1e-6)) == pytest.approx(1e6)


def test_gradients_torch():
    torch = pytest.importorskip("torch")
    gen = torch.Generator().manual_seed(0)
    w = torch.randn(5, 1, 7, generator=gen, dtype=torch.float64, requires_grad=True)
    d, N = 3, 15

    def parts(w):
        G = aliasing_terms(w, d, N)
        return torch.cat([torch.view_as_real(G).reshape(-1)])

    assert torch.autograd.gradcheck(parts, (w,))
    assert torch.autograd.gradcheck(lambda w: torch.stack(walnut_bounds(w, d, N)), (w,))
    assert torch.autograd.gradcheck(lambda w: torch.stack(conv_frame_bounds(w, d, N)), (w,))
    assert torch.autograd.gradcheck(lambda w: aliasing_objective(w, d, N, level=0.7), (w,))
    assert torch.autograd.gradcheck(lambda w: littlewood_paley_condition(w, N), (w,))
    wc = torch.randn(3, 6, generator=gen, dtype=torch.complex128, requires_grad=True)
    assert torch.autograd.gradcheck(lambda w: aliasing_objective(w, 2, 12), (wc,))
    assert torch.autograd.gradcheck(lambda w: torch.stack(walnut_bounds(w, 2, 12)), (wc,))
    assert torch.autograd.gradcheck(lambda w: torch.stack(conv_frame_bounds(w, 2, 12)), (wc,))


@pytest.mark.parametrize(
    "kernels_shape,stride,n_fft,error,match",
    [
        ((4,), 2, 8, ValueError, "kernels"),
        ((2, 3, 4, 5), 2, 8, ValueError, "kernels"),
        ((3, 2, 5), 2, 10, ValueError, "C == 1"),
        ((3, 5), 0, 10, ValueError, "stride"),
        ((3, 5), 2.0, 10, TypeError, "stride"),  # a float for an int: TypeError (framekit._validate)
        ((3, 5), 3, 10, ValueError, "n_fft=10 is not a multiple of stride=3"),
        ((3, 5), 1, 4, ValueError, "n_fft=4 is shorter"),
    ],
)
def test_bad_input(kernels_shape, stride, n_fft, error, match):
    w = np.ones(kernels_shape)
    for func in (aliasing_terms, walnut_bounds, conv_frame_bounds, aliasing_objective):
        with pytest.raises(error, match=match):
            func(w, stride, n_fft)
    with pytest.raises(ValueError, match="kernels contains NaN"):
        aliasing_terms(np.full((2, 3), np.nan), 1)
    with pytest.raises(TypeError, match="kernels"):
        aliasing_terms([[1.0, 2.0]], 1)
    with pytest.raises(ValueError, match="level"):
        aliasing_objective(np.ones((2, 3)), 1, level=0.0)


@uses(aliasing_terms, walnut_bounds, conv_frame_bounds, aliasing_objective, littlewood_paley_condition)
def test_same_results_as_numpy(xp, device):
    rng = np.random.default_rng(11)
    w_np = rng.standard_normal((7, 1, 20))
    w = to_xp(w_np, xp, device)
    for d in (1, 5):
        pairs = [
            (aliasing_terms(w, d), aliasing_terms(w_np, d)),
            (xp.stack(walnut_bounds(w, d)), np.stack(walnut_bounds(w_np, d))),
            (xp.stack(conv_frame_bounds(w, d)), np.stack(conv_frame_bounds(w_np, d))),
            (aliasing_objective(w, d, level=0.3), aliasing_objective(w_np, d, level=0.3)),
        ]
        for got, ref in pairs:
            assert_backend(got, xp, device)
            np.testing.assert_allclose(to_numpy(got), ref, rtol=1e-12, atol=1e-12 * float(np.max(np.abs(ref))))
    np.testing.assert_allclose(float(littlewood_paley_condition(w, 64)), float(littlewood_paley_condition(w_np, 64)), rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(
    J=st.integers(1, 6), K=st.integers(1, 12), d=st.integers(1, 6), extra=st.integers(0, 3),
    cplx=st.booleans(), seed=st.integers(0, 2**31 - 1),
)
def test_walnut_brackets_exact_property(J, K, d, extra, cplx, seed):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((J, K)) + (1j * rng.standard_normal((J, K)) if cplx else 0)
    N = default_n_fft(K, d) + extra * d
    A, B = (float(v) for v in conv_frame_bounds(w, d, N))
    lo, up = (float(v) for v in walnut_bounds(w, d, N))
    scale = float(np.sum(np.abs(w) ** 2)) * (2 if cplx else 1)
    assert lo <= A + 1e-12 * scale and B <= up + 1e-12 * scale
    assert A <= B


def test_demo_rows():
    from framekit import _backend
    from framekit.demo.stability import HEADER, demo

    text, figures = demo(_backend.get_namespace(np), None, None)
    lines = text.splitlines()
    assert figures == [] and all(line.split()[:2] == ["numpy", "float64"] for line in lines)
    assert len(lines) == 4 and "B/A" in HEADER
    assert "d=16" in lines[2] and "median B/A" in lines[3]
