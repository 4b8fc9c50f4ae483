"""STFT / ISTFT, Gabor frame bounds, dual and tight windows (framekit.tf.gabor)."""

from __future__ import annotations

import importlib
import math

import numpy as np
import pytest
from helpers import assert_backend, rel_error, to_numpy, to_xp, uses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framekit
from framekit.tf.gabor import GaborFrame, gabor_dual_window, gabor_frame_bounds, gabor_tight_window
from framekit.tf.short_time import bin_frequencies, frame_times, istft, stft
from framekit.tf.windows import get_window

S = importlib.import_module("framekit.tf.short_time")
RNG = np.random.default_rng(20261124)


def _signal(shape, complex_=False, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    if complex_:
        x = x + 1j * rng.standard_normal(shape)
    return x


def _dense_analysis(window, hop, n_fft, L, **kw):
    """Analysis matrix (rows = frame vectors, conjugated) from the definition, NumPy only."""
    eye = np.eye(L, dtype=complex)
    c = stft(eye, window, hop, n_fft, onesided=False, check_finite=False, **kw)  # (L, M, N)
    return c.reshape(L, -1).T


# --------------------------------------------------------------------------
# equality with scipy.signal.ShortTimeFFT
# --------------------------------------------------------------------------

SCIPY_CASES = [
    # window, T, hop, mfft, L
    ("hann", 256, 64, 256, 1000),
    ("hamming", 255, 50, 300, 777),
    ("blackman", 100, 33, 128, 1024),
    (("gauss", 2.0), 128, 32, 128, 512),
    ("random", 9, 4, 16, 65),
]


@uses(stft)
@pytest.mark.parametrize("case", SCIPY_CASES, ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}-{c[3]}-{c[4]}")
@pytest.mark.parametrize("complex_", [False, True], ids=["real", "complex"])
def test_matches_scipy_shorttimefft(xp, device, dtype, case, complex_):
    ss = pytest.importorskip("scipy.signal")
    name, T, hop, M, L = case
    w = RNG.standard_normal(T) if name == "random" else to_numpy(get_window(name, T, n_fft=M))
    x = _signal((2, 3, L), complex_)
    ref = ss.ShortTimeFFT(w, hop, fs=1.0, mfft=M, fft_mode="twosided" if complex_ else "onesided")
    # per signal: scipy's zero padding to mfft > len(window) fails on batches
    expected = np.stack([ref.stft(row) for row in x.reshape(-1, L)]).reshape(2, 3, -1, ref.p_num(L))
    c = stft(to_xp(x, xp, device, dtype), to_xp(w, xp, device, dtype), hop, M,
             boundary="zeros", center=True)
    assert_backend(c, xp, device, shape=expected.shape)
    tol = 1e-12 if dtype == xp.float64 else 1e-5
    assert rel_error(c, expected) <= tol
    # the axes agree with scipy's
    np.testing.assert_allclose(to_numpy(frame_times(L, T, hop, boundary="zeros", center=True)),
                               ref.t(L), rtol=0, atol=1e-12)
    np.testing.assert_allclose(to_numpy(bin_frequencies(M, onesided=not complex_)), ref.f, atol=1e-15)


@uses(stft)
def test_named_window_is_the_periodic_window_of_length_n_fft(xp, device):
    ss = pytest.importorskip("scipy.signal")
    x = _signal((400,))
    for name in ("hann", "hamming", "blackman", "boxcar"):
        ref = ss.ShortTimeFFT(ss.get_window(name, 64), 16, fs=1.0, mfft=64).stft(x)
        c = stft(to_xp(x, xp, device), name, 16, 64, boundary="zeros", center=True)
        assert rel_error(c, ref) <= 1e-12
        w = get_window(name, 33, sym=True)
        np.testing.assert_allclose(to_numpy(w), ss.get_window(name, 33, fftbins=False), atol=1e-15)
    np.testing.assert_allclose(to_numpy(get_window(("gauss", 1.0), 64)),
                               ss.get_window(("gaussian", math.sqrt(64 / (2 * math.pi))), 64),
                               atol=1e-15)


# --------------------------------------------------------------------------
# definition, conventions, framing paths
# --------------------------------------------------------------------------


@uses(stft)
@pytest.mark.parametrize("center", [False, True])
def test_circular_definition_and_phase_conventions(xp, device, center):
    L, T, a, M = 48, 10, 4, 12
    x = _signal((L,), True, seed=3)
    g = _signal((T,), True, seed=4)
    o = T // 2 if center else 0
    m = np.arange(M)[:, None]
    expected = np.zeros((M, L // a), complex)
    for n in range(L // a):
        k = np.arange(T)
        seg = x[(n * a - o + k) % L] * np.conj(g)
        expected[:, n] = (seg[None, :] * np.exp(-2j * np.pi * m * (k - o)[None, :] / M)).sum(1)
    xx, gg = to_xp(x, xp, device), to_xp(g, xp, device)
    c = stft(xx, gg, a, M, center=center)
    assert rel_error(c, expected) <= 1e-13
    n = np.arange(L // a)[None, :]
    ti = stft(xx, gg, a, M, center=center, phase="time-invariant")
    assert rel_error(ti, expected * np.exp(-2j * np.pi * m * n * a / M)) <= 1e-13
    assert rel_error(istft(ti, gg, a, M, center=center, phase="time-invariant"), x) <= 1e-13


@uses(stft)
def test_generic_framing_path_equals_fast_path(xp, device):
    x = to_xp(_signal((2, 100)), xp, device)
    generic = S.frame_signal(xp, x, 16, 6, 15, fast=False)
    fast = S.frame_signal(xp, x, 16, 6, 15, fast=True)
    assert_backend(generic, xp, device, shape=(2, 15, 16))
    np.testing.assert_array_equal(to_numpy(generic), to_numpy(fast))
    np.testing.assert_array_equal(to_numpy(generic)[1, 3], _signal((2, 100))[1, 18:34])


@uses(stft)
def test_batch_dtype_and_integer_input(xp, device, dtype):
    x = to_xp(_signal((2, 3, 256)), xp, device, dtype)
    c = stft(x, "hann", 32, 128)
    cdt = xp.complex64 if dtype == xp.float32 else xp.complex128
    assert_backend(c, xp, device, dtype=cdt, shape=(2, 3, 65, 8))
    y = istft(c, "hann", 32, 128)
    assert_backend(y, xp, device, dtype=dtype, shape=(2, 3, 256))
    ci = stft(xp.asarray(np.arange(64) % 5, device=device), "hann", 8, 16)
    default = xp.__array_namespace_info__().default_dtypes(device=device)["real floating"]
    assert ci.dtype == (xp.complex64 if default == xp.float32 else xp.complex128)


# --------------------------------------------------------------------------
# perfect reconstruction
# --------------------------------------------------------------------------

PR_CASES = [
    # window, T, hop, n_fft, L, boundary, center, phase
    ("hann", 128, 32, 128, 512, "circular", False, "frequency-invariant"),
    ("hamming", 100, 40, 128, 480, "circular", True, "time-invariant"),
    (("gauss", 2.0), 64, 16, 64, 333, "zeros", True, "frequency-invariant"),
    ("blackman", 90, 30, 96, 301, "zeros", False, "time-invariant"),
    ("random", 21, 7, 25, 70, "circular", True, "frequency-invariant"),
    ("random", 21, 21, 21, 84, "circular", False, "frequency-invariant"),  # critical sampling
]


@uses(stft, istft)
@pytest.mark.parametrize("case", PR_CASES, ids=lambda c: f"{c[0]}-{c[5]}-{c[6]}-{c[7][:4]}")
@pytest.mark.parametrize("complex_", [False, True], ids=["real", "complex"])
def test_perfect_reconstruction(xp, device, dtype, case, complex_):
    name, T, hop, M, L, boundary, center, phase = case
    w = RNG.uniform(0.5, 1.5, T) if name == "random" else to_numpy(get_window(name, T, n_fft=M))
    if complex_:
        w = w * np.exp(0.3j * np.arange(T))
    x = to_xp(_signal((2, L), complex_, seed=T), xp, device, dtype)
    ww = to_xp(w, xp, device, dtype)
    kw = {"boundary": boundary, "center": center, "phase": phase}
    c = stft(x, ww, hop, M, **kw)
    y = istft(c, ww, hop, M, length=L, **kw)
    assert_backend(y, xp, device, dtype=x.dtype, shape=x.shape)
    assert rel_error(y, x) <= (1e-12 if dtype == xp.float64 else 1e-5)


@st.composite
def _frame_params(draw):
    T = draw(st.integers(1, 40))
    hop = draw(st.integers(1, T))  # hop <= T and a positive window: always a frame
    n_fft = draw(st.integers(T, 48))
    L = hop * draw(st.integers(-(-T // hop), 60 // hop + 2))
    return T, hop, n_fft, L, draw(st.booleans()), draw(st.sampled_from(S._BOUNDARIES))


@uses(stft, istft)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=_frame_params(), seed=st.integers(0, 2**16))
def test_perfect_reconstruction_hypothesis(xp, device, params, seed):
    T, hop, n_fft, L, center, boundary = params
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.2, 1.0, T)
    x = rng.standard_normal((2, L))
    kw = {"boundary": boundary, "center": center}
    ww = to_xp(w, xp, device)
    y = istft(stft(to_xp(x, xp, device), ww, hop, n_fft, **kw), ww, hop, n_fft, length=L, **kw)
    assert rel_error(y, x) <= 1e-12


# --------------------------------------------------------------------------
# frame bounds, dual and tight windows, the object form
# --------------------------------------------------------------------------


@pytest.mark.parametrize("boundary", S._BOUNDARIES)
def test_frame_theory_against_dense_matrix(boundary):
    L, T, a, M = 36, 10, 4, 12
    w = np.random.default_rng(5).uniform(0.1, 1.0, T)
    W = _dense_analysis(w, a, M, L, boundary=boundary, center=True)
    lam = np.linalg.eigvalsh(W.conj().T @ W)
    A, B = gabor_frame_bounds(w, a, M)
    np.testing.assert_allclose([float(A), float(B)], [lam[0], lam[-1]], rtol=1e-12)
    # the dual window's frame is the canonical dual: W S^{-1}
    Wd = _dense_analysis(to_numpy(gabor_dual_window(w, a, M)), a, M, L, boundary=boundary, center=True)
    np.testing.assert_allclose(Wd, np.linalg.solve(W.conj().T @ W, W.conj().T).conj().T, atol=1e-13)
    # the tight window gives a Parseval frame
    Wt = _dense_analysis(to_numpy(gabor_tight_window(w, a, M)), a, M, L, boundary=boundary, center=True)
    np.testing.assert_allclose(Wt.conj().T @ Wt, np.eye(L), atol=1e-13)


@uses(stft, istft)
def test_gabor_frame_protocol(xp, device):
    L = 96
    w = to_xp(np.random.default_rng(6).uniform(0.3, 1.0, 12), xp, device)
    F = GaborFrame(w, 4, 16, L, center=True)
    assert isinstance(F, framekit.Frame)
    x = to_xp(_signal((2, L), seed=7), xp, device)
    c = F.analysis(x)
    assert rel_error(F.synthesis(c), F.frame_operator(x)) <= 1e-13
    assert rel_error(F.dual().synthesis(c), x) <= 1e-13
    assert rel_error(istft(c, w, 4, 16, center=True), x) <= 1e-13
    T = F.tight()
    A, B = T.frame_bounds()
    np.testing.assert_allclose([float(A), float(B)], [1.0, 1.0], rtol=1e-13)
    A, B = F.frame_bounds()
    assert abs(float(F.condition_number()) - float(B) / float(A)) <= 1e-12 * float(B) / float(A)
    assert rel_error(framekit.frame_algorithm(F, c), x) <= 1e-10
    assert tuple(F.times.shape) == (L // 4,) and tuple(F.frequencies.shape) == (9,)
    # the adjoint: <C x, c'> = <x, D c'> on the full (two-sided) frame
    Fc = GaborFrame(w, 4, 16, L, onesided=False)
    z = to_xp(_signal((L,), True, seed=8), xp, device)
    d = to_xp(_signal((16, L // 4), True, seed=9), xp, device)
    lhs = np.vdot(to_numpy(d), to_numpy(Fc.analysis(z)))
    rhs = np.vdot(to_numpy(Fc.synthesis(d)), to_numpy(z))
    assert abs(lhs - rhs) <= 1e-12 * abs(lhs)


def test_painless_tight_hann_bounds():
    A, B = gabor_frame_bounds("hann", 64, 256)
    np.testing.assert_allclose([float(A), float(B)], [256 * 1.5, 256 * 1.5], rtol=1e-14)
    A, _ = gabor_frame_bounds("hann", 256, 256)  # hann(0) = 0: sample 0 of each hop uncovered
    assert float(A) == 0.0


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------


@uses(stft, istft)
def test_bad_input_names_the_argument(xp, device):
    x = to_xp(_signal((2, 64)), xp, device)
    with pytest.raises(ValueError, match="hop"):
        stft(x, "hann", 0, 16)
    with pytest.raises(ValueError, match="n_fft"):
        stft(x, "hann", 4, -1)
    with pytest.raises(ValueError, match="window.*n_fft"):
        stft(x, to_xp(np.ones(20), xp, device), 4, 16)
    with pytest.raises(ValueError, match="multiple of hop"):
        stft(x, "hann", 5, 16)
    with pytest.raises(ValueError, match="x has length 64.*shorter than the window"):
        stft(x, "hann", 4, 128)
    with pytest.raises(ValueError, match="boundary"):
        stft(x, "hann", 4, 16, boundary="reflect")
    with pytest.raises(ValueError, match="phase"):
        stft(x, "hann", 4, 16, phase="centered")
    with pytest.raises(ValueError, match="unknown window"):
        stft(x, "kaiser", 4, 16)
    bad = to_xp(np.array([0.0] * 63 + [np.nan]), xp, device)
    with pytest.raises(ValueError, match="x contains NaN"):
        stft(bad, "hann", 4, 16)
    c = stft(x, "hann", 4, 16)
    with pytest.raises(ValueError, match="do not form a frame"):
        istft(stft(x, "hann", 16, 16), "hann", 16, 16)
    with pytest.raises(ValueError, match="length is required"):
        istft(c, "hann", 4, 16, boundary="zeros")
    with pytest.raises(ValueError, match="frequency rows"):
        istft(c, "hann", 4, 32)
    with pytest.raises(TypeError, match="window"):
        stft(x, 3.0, 4, 16)


def test_torch_autograd_through_stft_and_istft():
    torch = pytest.importorskip("torch")
    x = torch.randn(2, 256, dtype=torch.float64, generator=torch.Generator().manual_seed(0),
                    requires_grad=True)
    kw = {"center": True, "phase": "time-invariant"}
    y = istft(stft(x, "hann", 16, 64, **kw), "hann", 16, 64, **kw)
    (y**2).sum().backward()  # istft(stft(x)) = x, so the gradient is 2 x
    assert float((x.grad - 2 * x.detach()).abs().max()) < 1e-12
    x.grad = None
    c = stft(x, "hann", 16, 64, boundary="zeros", center=True, onesided=False)
    (c.real**2 + c.imag**2).sum().backward()
    # ||c||^2 = <S x, x> with the diagonal frame operator S = M sum_n g^2 (hann, 75 %: 1.5 M)
    assert float((x.grad - 2 * 1.5 * 64 * x.detach()).abs().max()) < 1e-9
