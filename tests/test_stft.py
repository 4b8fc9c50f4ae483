"""STFT / ISTFT in torch's and librosa's terms, Gabor frame bounds, dual and tight windows.

Oracles: torch.stft / torch.istft (a peer computed on the CPU with NumPy data, whatever
the backend under test), librosa.stft (peer marker), scipy's ShortTimeFFT, the sums of the
definition at small size, and dense matrices.
"""

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


def _hann(T):
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(T) / T)


def _covered(L, M, a, T, center):
    """Whether every sample lies under a window with torch's framing (else framekit raises)."""
    c = M // 2 if center else 0
    if L + 2 * c < M:
        return False
    N = 1 + (L + 2 * c - M) // a
    start = (M - T) // 2 - c
    return start <= 0 and start + (N - 1) * a + T >= L


# --------------------------------------------------------------------------
# equality with torch.stft / torch.istft
# --------------------------------------------------------------------------

TORCH_GRID = [
    # n_fft, hop_length, win_length (None: n_fft), L
    (64, 16, None, 300),
    (64, 16, None, 320),
    (64, 13, 57, 301),
    (63, 16, 40, 517),
    (63, 21, None, 400),
    (48, 12, 31, 97),
    (16, 4, 16, 64),
]


@uses(stft, istft)
@pytest.mark.parametrize("case", TORCH_GRID, ids=lambda c: "-".join(map(str, c)))
@pytest.mark.parametrize("center", [True, False], ids=["center", "nocenter"])
@pytest.mark.parametrize("pad_mode", ["reflect", "constant"])
def test_equals_torch_stft_and_istft(xp, device, dtype, case, center, pad_mode):
    torch = pytest.importorskip("torch")
    M, a, T, L = case
    T = M if T is None else T
    x = _signal((2, L), seed=L)
    w = _hann(T)
    xx, ww = to_xp(x, xp, device, dtype), to_xp(w, xp, device, dtype)
    kw = {"n_fft": M, "hop_length": a, "win_length": T, "window": ww, "center": center,
          "pad_mode": pad_mode}
    if not _covered(L, M, a, T, center):
        with pytest.raises(ValueError, match="under no window"):
            stft(xx, **kw)
        return
    c = stft(xx, **kw)
    ref = torch.stft(torch.from_numpy(x), M, a, T, torch.from_numpy(w), center=center,
                     pad_mode=pad_mode, return_complex=True).numpy()
    cdt = xp.complex64 if dtype == xp.float32 else xp.complex128
    assert_backend(c, xp, device, dtype=cdt, shape=ref.shape)
    tol = 1e-12 if dtype == xp.float64 else 1e-5
    assert rel_error(c, ref) <= tol
    if not center:  # torch.istft needs every sample under a nonzero window value; hann(0) = 0
        return
    # framekit.istft inverts torch.stft's output, torch.istft inverts framekit's
    y = istft(to_xp(ref, xp, device, cdt), length=L, **kw)
    assert_backend(y, xp, device, dtype=dtype, shape=(2, L))
    assert rel_error(y, x) <= tol
    yt = torch.istft(torch.from_numpy(to_numpy(c).astype(np.complex128)), M, a, T, torch.from_numpy(w),
                     center=True, length=L)
    assert rel_error(yt.numpy(), x) <= tol


@uses(stft, istft)
@pytest.mark.parametrize("complex_", [False, True], ids=["real", "complex"])
def test_torch_options_normalized_onesided_named_window(xp, device, complex_):
    torch = pytest.importorskip("torch")
    x = _signal((3, 250), complex_, seed=4)
    xx = to_xp(x, xp, device)
    ref = torch.stft(torch.from_numpy(x), 100, 25, 80, torch.hann_window(80, dtype=torch.float64),
                     normalized=True, onesided=False, pad_mode="reflect", return_complex=True).numpy()
    c = stft(xx, n_fft=100, hop_length=25, win_length=80, window="hann", normalized=True,
             onesided=False, pad_mode="reflect")
    assert rel_error(c, ref) <= 1e-12
    y = istft(c, n_fft=100, hop_length=25, win_length=80, normalized=True, onesided=False, length=250)
    assert rel_error(y, x) <= 1e-12
    # torch's default hop_length is n_fft // 4; framekit's, like librosa's, win_length // 4
    assert tuple(stft(xx, n_fft=100).shape) == tuple(torch.stft(
        torch.from_numpy(x), 100, window=torch.hann_window(100, dtype=torch.float64),
        return_complex=True).shape)


def test_torch_circular_padding_is_the_circular_frame_plus_one_frame():
    torch = pytest.importorskip("torch")
    x = _signal((256,), seed=9)
    c = stft(x, n_fft=64, hop_length=16, pad_mode="circular")
    ref = torch.stft(torch.from_numpy(x), 64, 16, window=torch.hann_window(64, dtype=torch.float64),
                     pad_mode="circular", return_complex=True).numpy()
    assert ref.shape[-1] == c.shape[-1] + 1
    assert rel_error(c, ref[:, :-1]) <= 1e-12
    assert rel_error(ref[:, -1], ref[:, 0]) <= 1e-12


@pytest.mark.peer
@pytest.mark.parametrize("pad_mode", ["constant", "reflect"])
@pytest.mark.parametrize("case", [(2048, 512, None, 22050), (1000, 256, 801, 9999), (63, 10, 31, 500)],
                         ids=lambda c: "-".join(map(str, c)))
def test_equals_librosa_stft_and_istft(case, pad_mode):
    librosa = pytest.importorskip("librosa")
    M, a, T, L = case
    x = _signal((2, L), seed=1)
    ref = librosa.stft(x, n_fft=M, hop_length=a, win_length=T, window="hann", center=True,
                       pad_mode=pad_mode)
    c = stft(x, n_fft=M, hop_length=a, win_length=T, window="hann", pad_mode=pad_mode)
    assert c.shape == ref.shape
    assert rel_error(c, ref) <= 1e-12
    y = librosa.istft(c, n_fft=M, hop_length=a, win_length=T, length=L)
    assert rel_error(y, x) <= 1e-12
    assert rel_error(istft(ref, n_fft=M, hop_length=a, win_length=T, length=L), x) <= 1e-12
    np.testing.assert_allclose(frame_times(L, n_fft=M, hop_length=a, win_length=T, fs=22050.0),
                               librosa.frames_to_time(np.arange(c.shape[-1]), sr=22050, hop_length=a),
                               rtol=1e-12)


@uses(stft)
def test_positional_calls_in_a_peers_order_raise(xp, device):
    x = to_xp(_signal((2, 256)), xp, device)
    with pytest.raises(TypeError, match="positional"):
        stft(x, 64, 16)  # torch.stft(input, n_fft, hop_length)
    with pytest.raises(TypeError, match="positional"):
        stft(x, "hann", 16, 64)  # framekit's old order
    with pytest.raises(TypeError, match="n_fft"):
        stft(x)
    with pytest.raises(TypeError, match="unexpected keyword"):
        stft(x, n_fft=64, hop=16)


# --------------------------------------------------------------------------
# equality with scipy.signal.ShortTimeFFT
# --------------------------------------------------------------------------

SCIPY_CASES = [
    # window, T, hop, n_fft, L
    ("hann", 256, 64, 256, 1000),
    ("hamming", 255, 50, 255, 777),
    ("blackman", 100, 33, 128, 1024),
    (("gauss", 2.0), 128, 32, 128, 512),
    ("random", 9, 4, 16, 65),
]


@uses(stft)
@pytest.mark.parametrize("case", SCIPY_CASES, ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}-{c[3]}-{c[4]}")
@pytest.mark.parametrize("complex_", [False, True], ids=["real", "complex"])
def test_matches_scipy_shorttimefft(xp, device, dtype, case, complex_):
    """scipy's slices p = 0 ... N - 1 are framekit's frames; its phase is measured from the
    frame's centre, framekit's ("timeinv") from its first sample: scipy = framekit e^{2 pi i m c / M}."""
    ss = pytest.importorskip("scipy.signal")
    name, T, hop, M, L = case
    w = RNG.standard_normal(T) if name == "random" else to_numpy(get_window(name, T, n_fft=M))
    x = _signal((2, 3, L), complex_)
    c = stft(to_xp(x, xp, device, dtype), n_fft=M, hop_length=hop, window=to_xp(w, xp, device, dtype))
    N = c.shape[-1]
    wM = np.zeros(M, w.dtype)
    wM[(M - T) // 2 : (M - T) // 2 + T] = w  # the window centred in the frame, as torch pads it
    ref = ss.ShortTimeFFT(wM, hop, fs=1.0, mfft=M, fft_mode="twosided" if complex_ else "onesided")
    expected = np.stack([ref.stft(row, p0=0, p1=N) for row in x.reshape(-1, L)]).reshape(c.shape)
    m = np.fft.fftfreq(M, 1 / M)[: c.shape[-2]] if complex_ else np.arange(c.shape[-2])
    expected = expected * np.exp(-2j * np.pi * m * (M // 2) / M)[:, None]
    assert_backend(c, xp, device, shape=expected.shape)
    tol = 1e-12 if dtype == xp.float64 else 1e-5
    assert rel_error(c, expected) <= tol
    np.testing.assert_allclose(to_numpy(frame_times(L, n_fft=M, hop_length=hop, win_length=T)),
                               ref.t(L)[-ref.p_min:][:N], rtol=0, atol=1e-12)
    np.testing.assert_allclose(to_numpy(bin_frequencies(M, onesided=not complex_)), ref.f, atol=1e-15)


@uses(stft)
def test_named_window_is_the_periodic_window(xp, device):
    ss = pytest.importorskip("scipy.signal")
    for name in ("hann", "hamming", "blackman", "boxcar"):
        np.testing.assert_allclose(to_numpy(get_window(name, 64)), ss.get_window(name, 64), atol=1e-15)
        w = get_window(name, 33, sym=True)
        np.testing.assert_allclose(to_numpy(w), ss.get_window(name, 33, fftbins=False), atol=1e-15)
        x = _signal((300,))
        c = stft(to_xp(x, xp, device), n_fft=64, hop_length=16, window=name)
        c_arr = stft(to_xp(x, xp, device), n_fft=64, hop_length=16,
                     window=to_xp(ss.get_window(name, 64), xp, device))
        assert rel_error(c, c_arr) <= 1e-14
    np.testing.assert_allclose(to_numpy(get_window(("gauss", 1.0), 64)),
                               ss.get_window(("gaussian", math.sqrt(64 / (2 * math.pi))), 64),
                               atol=1e-15)


# --------------------------------------------------------------------------
# definition, phase conventions, framing paths
# --------------------------------------------------------------------------


def _definition(x, g, a, M, center, phase, pad_mode="circular"):
    """The sum of the module docstring, term by term (circular, or zero padding)."""
    L, T = x.shape[-1], g.shape[0]
    c = M // 2 if center else 0
    d = (M - T) // 2
    N = L // a if pad_mode == "circular" else 1 + (L + 2 * c - M) // a
    m = np.arange(M)[:, None]
    k = np.arange(T)
    out = np.zeros((M, N), complex)
    for n in range(N):
        s = n * a - c
        t = s + d + k
        if pad_mode == "circular":
            seg = x[t % L]
        else:
            seg = np.where((t >= 0) & (t < L), x[np.clip(t, 0, L - 1)], 0)
        r = 0 if phase == "timeinv" else -s
        out[:, n] = (seg * np.conj(g) * np.exp(-2j * np.pi * m * (k + d - r) / M)).sum(1)
    return out


@uses(stft, istft)
@pytest.mark.parametrize("center", [False, True])
@pytest.mark.parametrize("phase", ["timeinv", "freqinv"])
@pytest.mark.parametrize("pad_mode", ["circular", "constant"])
def test_definition_and_phase_conventions(xp, device, center, phase, pad_mode):
    L, T, a, M = 48, 11, 4, 12
    if pad_mode == "constant" and not center:
        T = M  # with center=False the window must reach the first and last samples
    x = _signal((L,), True, seed=3)
    g = _signal((T,), True, seed=4)
    xx, gg = to_xp(x, xp, device), to_xp(g, xp, device)
    kw = {"n_fft": M, "hop_length": a, "window": gg, "center": center, "phase": phase, "pad_mode": pad_mode}
    c = stft(xx, **kw)
    assert rel_error(c, _definition(x, g, a, M, center, phase, pad_mode)) <= 1e-13
    assert rel_error(istft(c, length=L, **kw), x) <= 1e-13
    long = {"timeinv": "time-invariant", "freqinv": "frequency-invariant"}[phase]
    assert rel_error(stft(xx, **{**kw, "phase": long}), c) == 0.0


@uses(stft)
def test_what_each_convention_keeps_invariant(xp, device):
    """freqinv: modulating x by m0/M moves c by m0 channels, no extra phase (M | L);
    timeinv: translating x by a moves c by one frame, no extra phase."""
    L, a, M, m0 = 96, 4, 16, 3
    x = _signal((L,), True, seed=5)
    kw = {"n_fft": M, "hop_length": a, "win_length": 12, "pad_mode": "circular", "onesided": False}
    mod = x * np.exp(2j * np.pi * m0 * np.arange(L) / M)
    c = stft(to_xp(x, xp, device), phase="freqinv", **kw)
    cm = stft(to_xp(mod, xp, device), phase="freqinv", **kw)
    assert rel_error(cm, np.roll(to_numpy(c), m0, axis=0)) <= 1e-13
    c = stft(to_xp(x, xp, device), phase="timeinv", **kw)
    cs = stft(to_xp(np.roll(x, a), xp, device), phase="timeinv", **kw)
    assert rel_error(cs, np.roll(to_numpy(c), 1, axis=1)) <= 1e-13


@uses(stft)
def test_generic_framing_path_equals_fast_path(xp, device):
    x = to_xp(_signal((2, 100)), xp, device)
    generic = S.frame_signal(xp, x, 16, 6, 15, fast=False)
    fast = S.frame_signal(xp, x, 16, 6, 15, fast=True)
    assert_backend(generic, xp, device, shape=(2, 15, 16))
    np.testing.assert_array_equal(to_numpy(generic), to_numpy(fast))
    np.testing.assert_array_equal(to_numpy(generic)[1, 3], _signal((2, 100))[1, 18:34])


@uses(stft, istft)
def test_batch_dtype_and_integer_input(xp, device, dtype):
    x = to_xp(_signal((2, 3, 256)), xp, device, dtype)
    c = stft(x, n_fft=128, hop_length=32)
    cdt = xp.complex64 if dtype == xp.float32 else xp.complex128
    assert_backend(c, xp, device, dtype=cdt, shape=(2, 3, 65, 9))
    y = istft(c, n_fft=128, hop_length=32)
    assert_backend(y, xp, device, dtype=dtype, shape=(2, 3, 256))
    ci = stft(xp.asarray(np.arange(64) % 5, device=device), n_fft=16, hop_length=8)
    default = xp.__array_namespace_info__().default_dtypes(device=device)["real floating"]
    assert ci.dtype == (xp.complex64 if default == xp.float32 else xp.complex128)


# --------------------------------------------------------------------------
# perfect reconstruction
# --------------------------------------------------------------------------

PR_CASES = [
    # window, T, hop, n_fft, L, pad_mode, center, phase
    ("hann", 128, 32, 128, 512, "circular", False, "timeinv"),
    ("hamming", 100, 40, 128, 480, "circular", True, "freqinv"),
    (("gauss", 2.0), 64, 16, 64, 333, "constant", True, "timeinv"),
    ("blackman", 90, 30, 96, 301, "reflect", True, "freqinv"),
    ("hamming", 96, 32, 96, 320, "constant", False, "timeinv"),
    ("random", 21, 7, 25, 70, "circular", True, "timeinv"),
    ("random", 21, 21, 21, 84, "circular", False, "timeinv"),  # critical sampling
]


@uses(stft, istft)
@pytest.mark.parametrize("case", PR_CASES, ids=lambda c: f"{c[0]}-{c[5]}-{c[6]}-{c[7]}")
@pytest.mark.parametrize("complex_", [False, True], ids=["real", "complex"])
def test_perfect_reconstruction(xp, device, dtype, case, complex_):
    name, T, hop, M, L, pad_mode, center, phase = case
    w = RNG.uniform(0.5, 1.5, T) if name == "random" else to_numpy(get_window(name, T, n_fft=M))
    if complex_:
        w = w * np.exp(0.3j * np.arange(T))
    x = to_xp(_signal((2, L), complex_, seed=T), xp, device, dtype)
    kw = {"n_fft": M, "hop_length": hop, "window": to_xp(w, xp, device, dtype), "pad_mode": pad_mode,
          "center": center, "phase": phase}
    y = istft(stft(x, **kw), length=L, **kw)
    assert_backend(y, xp, device, dtype=x.dtype, shape=x.shape)
    assert rel_error(y, x) <= (1e-12 if dtype == xp.float64 else 1e-5)


@st.composite
def _frame_params(draw):
    T = draw(st.integers(1, 40))
    hop = draw(st.integers(1, T))  # hop <= T and a positive window: a frame where covered
    n_fft = draw(st.integers(T, 48))
    pad_mode = draw(st.sampled_from(S.PAD_MODES))
    center = draw(st.booleans())
    if pad_mode == "circular":
        L = hop * draw(st.integers(-(-T // hop), 60 // hop + 2))
    else:
        L = draw(st.integers(n_fft // 2 + 1, 90))
    return T, hop, n_fft, L, center, pad_mode


@uses(stft, istft)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=_frame_params(), seed=st.integers(0, 2**16))
def test_perfect_reconstruction_hypothesis(xp, device, params, seed):
    T, hop, n_fft, L, center, pad_mode = params
    rng = np.random.default_rng(seed)
    ww = to_xp(rng.uniform(0.2, 1.0, T), xp, device)
    x = rng.standard_normal((2, L))
    kw = {"n_fft": n_fft, "hop_length": hop, "window": ww, "center": center, "pad_mode": pad_mode}
    if pad_mode != "circular" and not _covered(L, n_fft, hop, T, center):
        with pytest.raises(ValueError, match="under no window|shorter than"):
            stft(to_xp(x, xp, device), **kw)
        return
    y = istft(stft(to_xp(x, xp, device), **kw), length=L, **kw)
    assert rel_error(y, x) <= 1e-12


# --------------------------------------------------------------------------
# frame bounds, dual and tight windows, least squares, the object form
# --------------------------------------------------------------------------


def _dense_analysis(L, **kw):
    """Analysis matrix (rows = frame vectors, conjugated), NumPy only."""
    eye = np.eye(L, dtype=complex)
    c = stft(eye, onesided=False, check_finite=False, **kw)  # (L, M, N)
    return c.reshape(L, -1).T


def test_frame_theory_against_dense_matrix():
    L, T, a, M = 36, 10, 4, 12
    w = np.random.default_rng(5).uniform(0.1, 1.0, T)
    lattice = {"n_fft": M, "hop_length": a}
    W = _dense_analysis(L, window=w, pad_mode="circular", **lattice)
    lam = np.linalg.eigvalsh(W.conj().T @ W)
    A, B = gabor_frame_bounds(window=w, **lattice)
    np.testing.assert_allclose([float(A), float(B)], [lam[0], lam[-1]], rtol=1e-12)
    # the dual window's frame is the canonical dual: W S^{-1}
    Wd = _dense_analysis(L, window=to_numpy(gabor_dual_window(window=w, **lattice)), pad_mode="circular",
                         **lattice)
    np.testing.assert_allclose(Wd, np.linalg.solve(W.conj().T @ W, W.conj().T).conj().T, atol=1e-13)
    # the tight window gives a Parseval frame
    Wt = _dense_analysis(L, window=to_numpy(gabor_tight_window(window=w, **lattice)), pad_mode="circular",
                         **lattice)
    np.testing.assert_allclose(Wt.conj().T @ Wt, np.eye(L), atol=1e-13)


@pytest.mark.parametrize("pad_mode", ["constant", "circular"])
def test_istft_is_the_least_squares_inverse(pad_mode):
    """On coefficients that are not an STFT, istft is the pseudo-inverse (canonical dual)."""
    L = 40
    kw = {"n_fft": 12, "hop_length": 4, "win_length": 10, "window": "hamming", "pad_mode": pad_mode}
    W = _dense_analysis(L, **kw)
    c = _signal(W.shape[0], True, seed=11).reshape(12, -1)
    np.testing.assert_allclose(istft(c, onesided=False, length=L, **kw),
                               np.linalg.pinv(W) @ c.reshape(-1), atol=1e-12)


@uses(stft, istft, framekit.frame_algorithm)  # (no Dask: its stopping test reads values)
def test_gabor_frame_protocol(xp, device):
    L = 96
    w = to_xp(np.random.default_rng(6).uniform(0.3, 1.0, 12), xp, device)
    lattice = {"n_fft": 16, "hop_length": 4, "window": w}
    F = GaborFrame(length=L, **lattice)
    assert isinstance(F, framekit.Frame)
    x = to_xp(_signal((2, L), seed=7), xp, device)
    c = F.analysis(x)
    assert rel_error(c, stft(x, pad_mode="circular", **lattice)) == 0.0
    assert rel_error(F.synthesis(c), F.frame_operator(x)) <= 1e-13
    assert rel_error(F.dual().synthesis(c), x) <= 1e-13
    assert rel_error(istft(c, pad_mode="circular", **lattice), x) <= 1e-13
    T = F.tight()
    A, B = T.frame_bounds()
    np.testing.assert_allclose([float(A), float(B)], [1.0, 1.0], rtol=1e-13)
    A, B = F.frame_bounds()
    assert abs(float(F.condition_number()) - float(B) / float(A)) <= 1e-12 * float(B) / float(A)
    assert rel_error(framekit.frame_algorithm(F, c), x) <= 1e-10
    assert tuple(F.times.shape) == (L // 4,) and tuple(F.frequencies.shape) == (9,)
    # the adjoint: <C x, c'> = <x, D c'> on the full (two-sided) frame
    Fc = GaborFrame(length=L, onesided=False, phase="freqinv", **lattice)
    z = to_xp(_signal((L,), True, seed=8), xp, device)
    d = to_xp(_signal((16, L // 4), True, seed=9), xp, device)
    lhs = np.vdot(to_numpy(d), to_numpy(Fc.analysis(z)))
    rhs = np.vdot(to_numpy(Fc.synthesis(d)), to_numpy(z))
    assert abs(lhs - rhs) <= 1e-12 * abs(lhs)


def test_painless_tight_hann_bounds():
    A, B = gabor_frame_bounds(n_fft=256, hop_length=64)
    np.testing.assert_allclose([float(A), float(B)], [256 * 1.5, 256 * 1.5], rtol=1e-14)
    A, _ = gabor_frame_bounds(n_fft=256, hop_length=256)  # hann(0) = 0: sample 0 of each hop uncovered
    assert float(A) == 0.0


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------


@uses(stft, istft)
def test_bad_input_names_the_argument(xp, device):
    x = to_xp(_signal((2, 64)), xp, device)
    with pytest.raises(ValueError, match="hop_length"):
        stft(x, n_fft=16, hop_length=0)
    with pytest.raises(ValueError, match="n_fft"):
        stft(x, n_fft=-1)
    with pytest.raises(ValueError, match="win_length = 20 > n_fft = 16"):
        stft(x, n_fft=16, window=to_xp(np.ones(20), xp, device))
    with pytest.raises(ValueError, match="window has 20 samples but win_length = 16"):
        stft(x, n_fft=32, win_length=16, window=to_xp(np.ones(20), xp, device))
    with pytest.raises(ValueError, match="multiple of hop_length"):
        stft(x, n_fft=16, hop_length=5, pad_mode="circular")
    with pytest.raises(ValueError, match="shorter than n_fft"):
        stft(x, n_fft=256, center=False)
    with pytest.raises(ValueError, match="reflect.*needs length > 64"):
        stft(x, n_fft=128, pad_mode="reflect")
    with pytest.raises(ValueError, match="last 6 samples lie under no window"):
        stft(x, n_fft=16, hop_length=7, center=False)
    with pytest.raises(ValueError, match="pad_mode"):
        stft(x, n_fft=16, pad_mode="zeros")
    with pytest.raises(ValueError, match="phase"):
        stft(x, n_fft=16, phase="centered")
    with pytest.raises(ValueError, match="unknown window"):
        stft(x, n_fft=16, window="kaiser")
    bad = to_xp(np.array([0.0] * 63 + [np.nan]), xp, device)
    with pytest.raises(ValueError, match="x contains NaN"):
        framekit._backend.synchronize(stft(bad, n_fft=16))  # Dask: raised when computed
    c = stft(x, n_fft=16, hop_length=4)
    with pytest.raises(ValueError, match="do not form a frame"):
        istft(stft(x, n_fft=16, hop_length=16, pad_mode="circular"), n_fft=16, hop_length=16,
              pad_mode="circular")
    with pytest.raises(ValueError, match="c has 17 frames but length = 70"):
        istft(c, n_fft=16, hop_length=4, length=70)
    with pytest.raises(ValueError, match="frequency rows"):
        istft(c, n_fft=32, hop_length=4)
    with pytest.raises(TypeError, match="window"):
        stft(x, n_fft=16, window=3.0)


def test_torch_autograd_through_stft_and_istft():
    torch = pytest.importorskip("torch")
    x = torch.randn(2, 256, dtype=torch.float64, generator=torch.Generator().manual_seed(0),
                    requires_grad=True)
    kw = {"n_fft": 64, "hop_length": 16, "phase": "freqinv"}
    y = istft(stft(x, **kw), length=256, **kw)
    (y**2).sum().backward()  # istft(stft(x)) = x, so the gradient is 2 x
    assert float((x.grad - 2 * x.detach()).abs().max()) < 1e-12
    x.grad = None
    c = stft(x, n_fft=64, hop_length=16, pad_mode="circular", onesided=False)
    (c.real**2 + c.imag**2).sum().backward()
    # ||c||^2 = <S x, x> with the diagonal frame operator S = M sum_n g^2 (hann, 75 %: 1.5 M)
    assert float((x.grad - 2 * 1.5 * 64 * x.detach()).abs().max()) < 1e-9
