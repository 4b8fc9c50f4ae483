"""FilterBank: transform against a dense matrix built independently, exact bounds, duals."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import assert_backend, rel_error, to_numpy, to_xp, tol_for, uses
from hypothesis import given, settings
from hypothesis import strategies as st

import framekit
from framekit.filterbanks.filterbank import FilterBank


def dense_analysis(kernels, stride, L, origin):
    """Rows (k, n) of the analysis matrix: c_k[n] = sum_m x[m] h_k[(n d - m) mod L]."""
    K, T = kernels.shape
    h = np.zeros((K, L), dtype=complex)
    for t in range(T):
        h[:, (t - origin) % L] += kernels[:, t]
    n = np.arange(L // stride)[:, None]
    m = np.arange(L)[None, :]
    return h[:, (n * stride - m) % L].reshape(K * (L // stride), L)


def dense_operator(C, signal):
    S = C.conj().T @ C
    return S.real if signal == "real" else S


def random_kernels(rng, K, T, complex_):
    k = rng.standard_normal((K, T))
    return k + 1j * rng.standard_normal((K, T)) if complex_ else k


CASES = [(d, sig, cplx) for d in (1, 2, 3, 4, 8) for sig in ("real", "complex") for cplx in (True, False)]


@pytest.mark.parametrize("stride,signal,complex_kernels", CASES)
@uses(FilterBank.frame_bounds)
def test_bounds_equal_dense_eigenvalues(xp, device, stride, signal, complex_kernels):
    rng = np.random.default_rng(stride)
    L = 8 * stride * 3 if stride < 8 else 64
    K, T = stride + 2, stride + 5  # T > stride: no sample falls between the kernels
    k_np = random_kernels(rng, K, T, complex_kernels)
    fb = FilterBank(to_xp(k_np, xp, device), stride, L, signal=signal)
    C = dense_analysis(k_np, stride, L, T // 2)
    lam = np.linalg.eigvalsh(dense_operator(C, signal))
    A, B = fb.frame_bounds()
    assert_backend(A, xp, device, shape=())
    assert lam[0] > 1e-6 * lam[-1]
    np.testing.assert_allclose([float(A), float(B)], [lam[0], lam[-1]], rtol=1e-10)
    np.testing.assert_allclose(float(fb.condition_number()), lam[-1] / lam[0], rtol=1e-9)
    # analysis and synthesis agree with the dense matrix and its (real) adjoint
    x_np = rng.standard_normal((2, L))
    if signal == "complex":
        x_np = x_np + 1j * rng.standard_normal((2, L))
    c = fb.analysis(to_xp(x_np, xp, device))
    np.testing.assert_allclose(to_numpy(c).reshape(2, -1), (C @ x_np.T).T, atol=1e-11)
    c_np = rng.standard_normal(c.shape) + 1j * rng.standard_normal(c.shape)
    y = fb.synthesis(to_xp(c_np, xp, device))
    ref = (C.conj().T @ c_np.reshape(2, -1).T).T
    np.testing.assert_allclose(to_numpy(y), ref.real if signal == "real" else ref, atol=1e-11)
    Sx = fb.frame_operator(to_xp(x_np, xp, device))
    np.testing.assert_allclose(to_numpy(Sx), (dense_operator(C, signal) @ x_np.T).T, atol=1e-10)


@pytest.mark.parametrize("stride,signal", [(1, "real"), (3, "complex"), (4, "real"), (8, "complex")])
@uses(FilterBank.dual, FilterBank.tight)
def test_dual_and_tight_reconstruct(xp, device, dtype, stride, signal):
    rng = np.random.default_rng(10 + stride)
    L, K = 96, stride + 3
    k_np = random_kernels(rng, K, 9, True)
    fb = FilterBank(to_xp(k_np, xp, device, dtype), stride, L, signal=signal)
    x_np = rng.standard_normal((3, L))
    if signal == "complex":
        x_np = x_np + 1j * rng.standard_normal((3, L))
    x = to_xp(x_np, xp, device, dtype)
    c = fb.analysis(x)
    tol = 30 * tol_for(dtype)
    xr = fb.dual().synthesis(c)
    assert_backend(xr, xp, device, dtype=x.dtype, shape=x.shape)
    assert rel_error(xr, x) < tol
    tight = fb.tight()
    assert rel_error(tight.synthesis(tight.analysis(x)), x) < tol
    A, B = tight.frame_bounds()
    np.testing.assert_allclose([float(A), float(B)], [1.0, 1.0], rtol=tol)
    # the dual's bounds are 1/B, 1/A; cached objects are reused
    Ad, Bd = fb.dual().frame_bounds()
    A0, B0 = fb.frame_bounds()
    np.testing.assert_allclose([float(Ad) * float(B0), float(Bd) * float(A0)], [1.0, 1.0], rtol=tol)
    assert fb.dual() is fb.dual()


@uses(FilterBank.frame_bounds)
def test_undecimated_constant_littlewood_paley_is_tight(xp, device):
    # a DFT filterbank h_k[n] = exp(2 pi i k n / K) / sqrt(K), stride 1: Littlewood-Paley sum = K
    K, L = 8, 32
    n = np.arange(K)
    k_np = np.exp(2j * np.pi * np.outer(np.arange(K), n) / K) / np.sqrt(K)
    fb = FilterBank(to_xp(k_np, xp, device), 1, L, signal="complex")
    lp = np.sum(np.abs(to_numpy(fb.frequency_response())) ** 2, axis=0)
    A, B = fb.frame_bounds()
    np.testing.assert_allclose([float(A), float(B)], [lp.min(), lp.max()], rtol=1e-12)
    np.testing.assert_allclose([float(A), float(B)], [K, K], rtol=1e-12)


@uses(framekit.frame_algorithm, FilterBank.frame_bounds)
def test_frame_algorithm_on_filterbank(xp, device):
    rng = np.random.default_rng(3)
    fb = FilterBank(to_xp(random_kernels(rng, 6, 5, True), xp, device), 2, 40)
    x = to_xp(rng.standard_normal(40), xp, device)
    assert isinstance(fb, framekit.Frame)
    assert rel_error(framekit.frame_algorithm(fb, fb.analysis(x)), x) < 1e-10


@settings(max_examples=20, deadline=None)
@given(
    stride=st.sampled_from([1, 2, 4]),
    K=st.integers(1, 6),
    T=st.integers(1, 12),
    seed=st.integers(0, 2**16),
)
def test_bounds_property(stride, K, T, seed):
    rng = np.random.default_rng(seed)
    L = 48
    k_np = random_kernels(rng, K, T, True)
    fb = FilterBank(k_np, stride, L, signal="complex")
    lam = np.linalg.eigvalsh(dense_operator(dense_analysis(k_np, stride, L, T // 2), "complex"))
    A, B = fb.frame_bounds()
    assert abs(float(B) - lam[-1]) <= 1e-10 * lam[-1]
    assert abs(float(A) - lam[0]) <= 1e-9 * lam[-1]


def test_float32_and_integer_inputs(xp, device):
    k = to_xp(np.ones((3, 4)), xp, device, xp.float32)
    fb = FilterBank(k, 2, 16)
    c = fb.analysis(to_xp(np.ones(16), xp, device, xp.float32))
    assert_backend(c, xp, device, dtype=xp.float32, shape=(3, 8))
    ki = xp.asarray(np.ones((2, 3), dtype=np.int64), device=device)
    fbi = FilterBank(ki, 1, 8)
    assert xp.isdtype(fbi.kernels.dtype, "real floating")


@uses(FilterBank.frame_bounds, FilterBank.dual)
def test_bad_input(xp, device):
    k = to_xp(np.ones((3, 4)), xp, device)
    with pytest.raises(ValueError, match="stride=3 does not divide length=16"):
        FilterBank(k, 3, 16)
    with pytest.raises(ValueError, match="longer than the signal length"):
        FilterBank(k, 1, 3)
    with pytest.raises(ValueError, match="zero channels"):
        FilterBank(to_xp(np.ones((0, 4)), xp, device), 1, 16)
    with pytest.raises(ValueError, match="stride must be a positive int"):
        FilterBank(k, 0, 16)
    with pytest.raises(ValueError, match="signal must be"):
        FilterBank(k, 1, 16, signal="imaginary")
    fb = FilterBank(k, 1, 16)
    with pytest.raises(ValueError, match=r"x must have shape \(\.\.\., 16\)"):
        fb.analysis(to_xp(np.ones(15), xp, device))
    with pytest.raises(ValueError, match="c must have shape"):
        fb.synthesis(to_xp(np.ones((2, 16)), xp, device))
    with pytest.raises(TypeError, match="x must be real"):
        FilterBank(to_xp(np.ones((3, 4)) + 0j, xp, device), 1, 16).analysis(to_xp(np.ones(16) + 1j, xp, device))
    # three identical lowpass filters at stride 2 do not cover all frequencies: not a frame
    nf = FilterBank(k, 4, 16)
    assert float(nf.frame_bounds()[0]) == 0.0
    assert float(nf.condition_number()) == np.inf
    with pytest.raises(ValueError, match="do not form a frame.*canonical dual"):
        nf.dual()
    with pytest.raises(ValueError, match="NaN"):
        FilterBank(to_xp(np.full((2, 2), np.nan), xp, device), 1, 8)


def test_torch_autograd_through_analysis_and_bounds():
    torch = pytest.importorskip("torch")
    k = torch.randn(6, 9, dtype=torch.complex128, generator=torch.Generator().manual_seed(0))
    x = torch.randn(2, 48, dtype=torch.float64, generator=torch.Generator().manual_seed(1))

    def kappa(kk):
        return FilterBank(kk, 3, 48, check_finite=False).condition_number()

    def energy(kk):
        return torch.sum(torch.abs(FilterBank(kk, 3, 48, check_finite=False).analysis(x)) ** 2)

    assert torch.autograd.gradcheck(kappa, (k.clone().requires_grad_(),))
    assert torch.autograd.gradcheck(energy, (k.clone().requires_grad_(),))
