"""Finite frames on every backend, checked against dense NumPy/SciPy oracles and known results."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg
import scipy.stats
from helpers import assert_backend, assert_close, rel_error, to_numpy, to_xp, tol_for, uses
from hypothesis import given, settings
from hypothesis import strategies as st

import framekit
from framekit import (
    analysis,
    canonical_dual,
    canonical_tight,
    condition_number,
    frame_bounds,
    frame_operator,
    synthesis,
)

rng = np.random.default_rng(1234)


def default_dtype(xp, device, kind):
    return xp.__array_namespace_info__().default_dtypes(device=device)[kind]


def random_frame(m, n, batch=(), complex_=False, seed=0):
    g = np.random.default_rng(seed)
    W = g.standard_normal((*batch, m, n))
    if complex_:
        W = W + 1j * g.standard_normal((*batch, m, n))
    return W / np.sqrt(m)


# ----------------------------------------------------------------------------- known results


@uses(frame_bounds, condition_number)
def test_stacked_orthonormal_basis_has_bounds_two(xp, device, dtype):
    Q, _ = np.linalg.qr(rng.standard_normal((5, 5)))
    W = to_xp(np.vstack([Q, Q]), xp, device, dtype)
    A, B = frame_bounds(W)
    assert_backend(A, xp, device, dtype, ())
    assert_close(A, np.asarray(2.0), rtol=tol_for(dtype))
    assert_close(B, np.asarray(2.0), rtol=tol_for(dtype))
    assert_close(condition_number(W), np.asarray(1.0), rtol=tol_for(dtype))


@uses(framekit.mercedes_benz_frame, frame_bounds)
def test_mercedes_benz_is_tight_with_three_halves(xp, device, dtype):
    W = framekit.mercedes_benz_frame(xp=xp, device=device, dtype=dtype)
    assert_backend(W, xp, device, dtype, (3, 2))
    norms = np.linalg.norm(to_numpy(W), axis=1)
    np.testing.assert_allclose(norms, 1.0, rtol=tol_for(dtype))
    angles = to_numpy(W) @ to_numpy(W).T
    np.testing.assert_allclose(angles[~np.eye(3, dtype=bool)], -0.5, rtol=tol_for(dtype))
    A, B = frame_bounds(W)
    assert_close(A, np.asarray(1.5), rtol=tol_for(dtype))
    assert_close(B, np.asarray(1.5), rtol=tol_for(dtype))


@pytest.mark.parametrize("n", [1, 3, 7])
@uses(framekit.simplex_frame, frame_operator)
def test_simplex_frame_is_tight(xp, device, n):
    W = framekit.simplex_frame(n, xp=xp, device=device)
    assert_backend(W, xp, device, default_dtype(xp, device, "real floating"), (n + 1, n))
    assert_close(frame_operator(W), (n + 1) / n * np.eye(n), atol=tol_for(W.dtype))


@pytest.mark.parametrize(("m", "n"), [(5, 3), (8, 8), (16, 5)])
@uses(framekit.harmonic_frame, frame_operator)
def test_harmonic_frame_is_parseval(xp, device, m, n):
    W = framekit.harmonic_frame(m, n, xp=xp, device=device)
    assert_backend(W, xp, device, default_dtype(xp, device, "complex floating"), (m, n))
    dft = np.fft.fft(np.eye(m))[:, :n] / np.sqrt(m)  # independent oracle: NumPy's DFT
    assert_close(W, dft, atol=tol_for(W.dtype))
    assert_close(frame_operator(W), np.eye(n, dtype=complex), atol=tol_for(W.dtype))


@uses(framekit.gaussian_frame, frame_bounds)
def test_gaussian_frame_bounds_near_marchenko_pastur_edges(xp, device):
    m, n = 4000, 100
    W = framekit.gaussian_frame(m, n, seed=3, xp=xp, device=device)
    assert_backend(W, xp, device, default_dtype(xp, device, "real floating"), (m, n))
    A, B = (float(v) for v in frame_bounds(W))
    ratio = math.sqrt(n / m)
    assert abs(A - (1 - ratio) ** 2) < 0.06
    assert abs(B - (1 + ratio) ** 2) < 0.06


@uses(framekit.gaussian_frame)
def test_gaussian_frame_is_seeded_and_complex_capable(xp, device):
    a = framekit.gaussian_frame(6, 3, seed=5, xp=xp, device=device)
    b = framekit.gaussian_frame(6, 3, seed=5, xp=xp, device=device)
    assert_close(a, b, rtol=0)
    c = framekit.gaussian_frame(600, 50, seed=1, xp=xp, device=device, dtype=xp.complex128)
    assert_backend(c, xp, device, xp.complex128)
    power = np.mean(np.abs(to_numpy(c)) ** 2) * 600
    assert abs(power - 1.0) < 0.05


# ----------------------------------------------------------------------------- dense oracles


@pytest.mark.parametrize("complex_", [False, True])
@uses(frame_bounds, condition_number, frame_operator)
def test_bounds_match_dense_svd_batched(xp, device, dtype, complex_):
    W_np = random_frame(9, 4, batch=(2, 3), complex_=complex_)
    W = to_xp(W_np, xp, device, dtype)
    s = np.linalg.svd(W_np, compute_uv=False)
    A, B = frame_bounds(W)
    assert_backend(A, xp, device, dtype, (2, 3))
    tol = 50 * tol_for(dtype)
    assert_close(A, s[..., -1] ** 2, rtol=tol)
    assert_close(B, s[..., 0] ** 2, rtol=tol)
    assert_close(condition_number(W), (s[..., 0] / s[..., -1]) ** 2, rtol=tol)
    assert_close(frame_operator(W), np.conj(np.swapaxes(W_np, -1, -2)) @ W_np, rtol=tol, atol=tol)


@pytest.mark.parametrize("complex_", [False, True])
@uses(canonical_dual, canonical_tight)
def test_dual_and_tight_match_pinv_and_polar(xp, device, complex_):
    W_np = random_frame(7, 4, batch=(3,), complex_=complex_, seed=2)
    W = to_xp(W_np, xp, device)
    dual_oracle = np.stack([np.linalg.pinv(w).conj().T for w in W_np])
    tight_oracle = np.stack([scipy.linalg.polar(w)[0] for w in W_np])
    assert_close(canonical_dual(W), dual_oracle, rtol=1e-11, xp=xp, device=device)
    assert_close(canonical_tight(W), tight_oracle, rtol=1e-11, xp=xp, device=device)


@pytest.mark.parametrize("complex_", [False, True])
@uses(canonical_dual, frame_bounds)
def test_dual_reconstructs_and_has_inverse_bounds(xp, device, dtype, complex_):
    W_np = random_frame(40, 16, complex_=complex_, seed=7)
    x_np = rng.standard_normal((5, 16)) + (1j * rng.standard_normal((5, 16)) if complex_ else 0)
    W, x = to_xp(W_np, xp, device, dtype), to_xp(x_np, xp, device, dtype)
    Wd = canonical_dual(W)
    assert_backend(Wd, xp, device, W.dtype, (40, 16))
    x_rec = synthesis(Wd, analysis(W, x))
    assert_backend(x_rec, xp, device, W.dtype, (5, 16))
    assert rel_error(x_rec, x_np) <= (1e-12 if dtype == xp.float64 else 1e-5)
    A, B = frame_bounds(W)
    Ad, Bd = frame_bounds(Wd)
    assert_close(Ad, 1.0 / to_numpy(B), rtol=100 * tol_for(dtype))
    assert_close(Bd, 1.0 / to_numpy(A), rtol=100 * tol_for(dtype))


@uses(canonical_tight, frame_bounds)
def test_tight_frame_is_parseval(xp, device, dtype):
    W = to_xp(random_frame(12, 5, seed=4), xp, device, dtype)
    A, B = frame_bounds(canonical_tight(W))
    assert_close(A, np.asarray(1.0), rtol=10 * tol_for(dtype))
    assert_close(B, np.asarray(1.0), rtol=10 * tol_for(dtype))


@uses(analysis, synthesis)
def test_analysis_synthesis_match_dense_products_with_broadcasting(xp, device):
    W_np = random_frame(6, 3, complex_=True)
    x_np = rng.standard_normal((4, 3))
    c_np = rng.standard_normal((4, 6)) + 1j * rng.standard_normal((4, 6))
    W = to_xp(W_np, xp, device)
    assert_close(analysis(W, to_xp(x_np, xp, device)), x_np @ W_np.T, xp=xp, device=device)
    assert_close(synthesis(W, to_xp(c_np, xp, device)), c_np @ W_np.conj(), xp=xp, device=device)


def test_results_equal_across_backends():
    """One frame, every usable backend: bounds and dual equal NumPy's to 1e-12."""
    W_np = random_frame(20, 8, seed=11)
    ref_bounds = [float(v) for v in frame_bounds(W_np)]
    ref_dual = canonical_dual(W_np)
    for info in framekit.backends():
        if not info["usable"] or info["backend"] == "dask.array":
            continue
        xp = framekit._backend.get_namespace(__import__(info["backend"], fromlist=["_"]))
        W = xp.asarray(W_np)
        np.testing.assert_allclose([float(v) for v in frame_bounds(W)], ref_bounds, rtol=1e-12)
        np.testing.assert_allclose(to_numpy(canonical_dual(W)), ref_dual, rtol=1e-12)


# ----------------------------------------------------------------------------- frame algorithm


@pytest.mark.parametrize("method", ["richardson", "cg"])
@uses(framekit.frame_algorithm)
def test_frame_algorithm_on_matrix_frames(xp, device, dtype, method):
    W_np = random_frame(30, 10, batch=(2,), seed=8)
    x_np = rng.standard_normal((2, 10))
    W, x = to_xp(W_np, xp, device, dtype), to_xp(x_np, xp, device, dtype)
    x_rec = framekit.frame_algorithm(W, analysis(W, x), method=method)
    assert_backend(x_rec, xp, device, dtype, (2, 10))
    assert rel_error(x_rec, x_np) <= (1e-11 if dtype == xp.float64 else 1e-4)


class CircularFilterBank:
    """A structured frame for the protocol test: K undecimated circular filters, via the FFT."""

    def __init__(self, xp, filters):
        self.xp, self.h_hat = xp, xp.fft.fft(filters)  # (K, L)
        self.lp = xp.sum(xp.real(self.h_hat * xp.conj(self.h_hat)), axis=0)  # Littlewood-Paley sum

    def analysis(self, x):
        return self.xp.fft.ifft(self.xp.fft.fft(x)[..., None, :] * self.xp.conj(self.h_hat))

    def synthesis(self, c):
        return self.xp.sum(self.xp.fft.ifft(self.xp.fft.fft(c) * self.h_hat), axis=-2)

    def frame_operator(self, x):
        return self.xp.fft.ifft(self.xp.fft.fft(x) * self.lp)

    def frame_bounds(self):
        return self.xp.min(self.lp), self.xp.max(self.lp)

    def condition_number(self):
        A, B = self.frame_bounds()
        return B / A

    def dual(self):
        raise NotImplementedError

    def tight(self):
        raise NotImplementedError


@pytest.mark.parametrize("method", ["richardson", "cg"])
@uses(framekit.frame_algorithm)
def test_frame_algorithm_on_any_protocol_frame(xp, device, method):
    L = 32
    filters = np.zeros((3, L), dtype=complex)
    filters[:, :5] = rng.standard_normal((3, 5))
    fb = CircularFilterBank(xp, to_xp(filters, xp, device))
    assert isinstance(fb, framekit.Frame)
    # Dense oracle: c_k[n] = sum_t x[t] conj(h_k[t - n]), a stack of circulant matrices.
    C = np.concatenate([np.stack([np.roll(f.conj(), n) for n in range(L)]) for f in filters])
    x_np = rng.standard_normal(L) + 0j
    c = fb.analysis(to_xp(x_np, xp, device))
    np.testing.assert_allclose(to_numpy(c).reshape(-1), C @ x_np, atol=1e-12)
    x_rec = framekit.frame_algorithm(fb, c, method=method, maxiter=5000)
    assert rel_error(x_rec, x_np) <= 1e-11


def test_frame_algorithm_warns_when_not_converged():
    W = random_frame(30, 10, seed=9)
    with pytest.warns(framekit.ConvergenceWarning, match="maxiter=2"):
        framekit.frame_algorithm(W, W @ np.ones(10), method="richardson", maxiter=2)


# ----------------------------------------------------------------------------- dtype, device, autograd


@uses(frame_bounds, canonical_dual)
def test_integer_input_becomes_default_float(xp, device):
    W = xp.asarray(np.vstack([np.eye(3, dtype=np.int64)] * 2), device=device)
    A, _ = frame_bounds(W)
    default = xp.__array_namespace_info__().default_dtypes(device=device)["real floating"]
    assert_backend(A, xp, device, default)
    assert_backend(canonical_dual(W), xp, device, default, (6, 3))


def test_autograd_flows_through_bounds_and_dual():
    torch = pytest.importorskip("torch")
    W = torch.asarray(random_frame(6, 3, seed=12), dtype=torch.float64).requires_grad_(True)
    assert torch.autograd.gradcheck(lambda w: frame_bounds(w)[1], (W,))
    assert torch.autograd.gradcheck(lambda w: canonical_dual(w), (W,))
    tight = torch.asarray(np.vstack([np.eye(3)] * 2), dtype=torch.float64).requires_grad_(True)
    canonical_dual(tight).sum().backward()  # repeated eigenvalues: the solve path stays finite
    assert torch.isfinite(tight.grad).all()


# ----------------------------------------------------------------------------- properties


def _frames():
    """(n, m - n, seed) for random frames of R^n or C^n."""
    return st.tuples(st.integers(1, 6), st.integers(0, 6), st.integers(0, 2**32 - 2))


@settings(max_examples=30, deadline=None)
@given(_frames())
def test_property_dual_reconstructs_and_bounds_are_ordered(args):
    n, extra, seed = args
    W = random_frame(n + extra, n, seed=seed)
    A, B = frame_bounds(W)
    assert 0 <= A <= B
    if float(condition_number(W)) < 1e6:
        x = np.random.default_rng(seed).standard_normal(n)
        assert rel_error(synthesis(canonical_dual(W), W @ x), x) < 1e-9


@settings(max_examples=30, deadline=None)
@given(_frames())
def test_property_bounds_invariant_under_unitary_maps(args):
    n, extra, seed = args
    m = n + extra
    W = random_frame(m, n, complex_=True, seed=seed)
    g = np.random.default_rng(seed + 1)
    U = scipy.stats.unitary_group.rvs(m, random_state=g) if m > 1 else np.ones((1, 1))
    V = scipy.stats.unitary_group.rvs(n, random_state=g) if n > 1 else np.ones((1, 1))
    ref = np.array(frame_bounds(W))
    np.testing.assert_allclose(np.array(frame_bounds(U @ W @ V)), ref, rtol=1e-9, atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_property_batch_equals_loop(batch, n, seed):
    W = random_frame(n + 3, n, batch=(batch,), seed=seed)
    A, B = frame_bounds(W)
    Wd = canonical_dual(W)
    for i in range(batch):
        Ai, Bi = frame_bounds(W[i])
        np.testing.assert_allclose([A[i], B[i]], [Ai, Bi], rtol=1e-12)
        np.testing.assert_allclose(Wd[i], canonical_dual(W[i]), rtol=1e-12, atol=1e-14)


# ----------------------------------------------------------------------------- bad input


@uses(frame_bounds, canonical_dual, canonical_tight)
def test_rank_deficient_frame(xp, device):
    W = to_xp(np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]), xp, device)
    A, B = frame_bounds(W)
    assert float(A) == 0.0 and float(B) > 0
    assert math.isinf(float(condition_number(W)))
    for func in (canonical_dual, canonical_tight):
        with pytest.raises(ValueError, match="W is not a frame"):
            func(W)


@uses(frame_bounds, canonical_dual)
def test_bad_input_errors(xp, device):
    with pytest.raises(ValueError, match=r"W must be .*shape \(\.\.\., m, n\)"):
        frame_bounds(to_xp(np.ones(3), xp, device))
    with pytest.raises(ValueError, match="m=2 rows and n=3 columns"):
        canonical_dual(to_xp(np.ones((2, 3)), xp, device))
    for bad in (np.nan, np.inf):
        W = np.eye(3)
        W[1, 2] = bad
        with pytest.raises(ValueError, match="W contains NaN or inf"):
            frame_bounds(to_xp(W, xp, device))
    with pytest.raises(ValueError, match="x must have shape"):
        analysis(to_xp(np.eye(3), xp, device), to_xp(np.ones(4), xp, device))
    A, _ = frame_bounds(to_xp(np.ones((2, 3)), xp, device))  # m < n: not a frame, not an error
    assert float(A) == 0.0


def test_mixed_backends_and_non_arrays_are_refused():
    torch = pytest.importorskip("torch")
    with pytest.raises(TypeError, match="different array libraries"):
        analysis(np.eye(3), torch.ones(3, dtype=torch.float64))
    with pytest.raises(TypeError, match="W must be an array"):
        frame_bounds([[1.0, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="method must be"):
        framekit.frame_algorithm(np.eye(2), np.ones(2), method="jacobi")
    with pytest.raises(TypeError, match="dtype must be a complex floating dtype"):
        framekit.harmonic_frame(4, 2, dtype=np.float64)
    with pytest.raises(ValueError, match="m >= n"):
        framekit.harmonic_frame(2, 4)
    with pytest.raises(ValueError, match="n must be a positive int"):
        framekit.simplex_frame(0)

