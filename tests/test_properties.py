"""Hypothesis properties of the invertible transforms: round trip, linearity, batch = loop.

Already covered elsewhere (not repeated here): the real-signal stft -> istft round trip
(``test_stft.test_perfect_reconstruction_hypothesis``), the FilterBank frame bounds against a
dense operator (``test_filterbank.test_bounds_property``), the matrix dual round trip from
``W @ x`` and batch = loop of ``frame_bounds``/``canonical_dual`` (``test_finite``), and
``read_wav`` of hand-made files (``test_io``).  Here, for ``stft``/``istft`` (circular and
zero-padded, centred or not, both phase conventions, real and complex signals),
``GaborFrame``, ``FilterBank`` (random kernels of a frame, stride dividing the length) and
``MatrixFrame``/``analysis``/``synthesis``:

* round trip: the dual's synthesis after the analysis is the identity (and the tight
  frame's synthesis after its own analysis);
* linearity: ``analysis(a x + b y) = a analysis(x) + b analysis(y)`` (and for synthesis);
* batch = loop: a batch of signals gives the signals' results one by one;

and ``read_wav(write_wav(x))`` for float32 (bitwise, NaN and inf included) and pcm24 (exact
on the 24-bit grid, within half a step elsewhere).  float64, tolerances about 1e-10
(relative to the norms involved), on every backend of the ``xp`` fixture.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from helpers import rel_error, to_numpy, to_xp, uses
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import framekit
from framekit import FilterBank, GaborFrame, MatrixFrame, istft, read_wav, stft, write_wav

TOL = 1e-10
PROPS = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SEEDS = st.integers(0, 2**32 - 1)
#: scalars of the linear combinations
COEFS = st.floats(-3.0, 3.0, allow_nan=False, allow_infinity=False)


def _signals(rng: np.random.Generator, shape: tuple[int, ...], complex_: bool) -> np.ndarray:
    x = rng.standard_normal(shape)
    return x + 1j * rng.standard_normal(shape) if complex_ else x


def _norm(a: Any) -> float:
    return float(np.linalg.norm(to_numpy(a)))


def assert_linear(f: Any, x: Any, y: Any, a: complex, b: complex, xp: Any) -> None:
    """``f(a x + b y) == a f(x) + b f(y)`` to TOL relative to the terms' sizes."""
    fx, fy = f(x), f(y)
    lhs = f(a * x + b * y)
    rhs = to_numpy(fx) * a + to_numpy(fy) * b
    scale = abs(a) * _norm(fx) + abs(b) * _norm(fy) + 1e-300
    assert _norm(to_numpy(lhs) - rhs) <= TOL * scale


def assert_batch_is_loop(f: Any, x: Any, xp: Any) -> None:
    """``f`` of a batch (leading axis) equals the stack of ``f`` of each item."""
    whole = to_numpy(f(x))
    parts = np.stack([to_numpy(f(x[i, ...])) for i in range(x.shape[0])])
    assert whole.shape == parts.shape
    assert np.linalg.norm(whole - parts) <= 1e-12 * (np.linalg.norm(parts) + 1e-300)


def _scalars(a: float, b: float, complex_: bool) -> tuple[complex, complex]:
    return (complex(a, b), complex(b, -a)) if complex_ else (a, b)


# --------------------------------------------------------------------------
# stft / istft
# --------------------------------------------------------------------------


def _covered(L: int, M: int, a: int, T: int) -> bool:
    """Every sample under some window with the padded modes' framing (center=True)."""
    c = M // 2
    N = 1 + (L + 2 * c - M) // a
    start = (M - T) // 2 - c
    return start + (N - 1) * a + T >= L


@st.composite
def stft_params(draw: Any) -> dict[str, Any]:
    T = draw(st.integers(1, 24))
    hop = draw(st.integers(1, T))  # hop <= T and a positive window: a frame
    n_fft = draw(st.integers(T, 32))
    pad_mode = draw(st.sampled_from(["circular", "constant", "reflect"]))
    if pad_mode == "circular":
        L = hop * draw(st.integers(-(-T // hop), 48 // hop + 2))
        center = draw(st.booleans())
    else:  # center=True: every sample under a window when hop <= T / 2 (filtered below)
        L = draw(st.integers(n_fft // 2 + 1, 60))
        center = True
    return {
        "T": T,
        "hop": hop,
        "n_fft": n_fft,
        "L": L,
        "pad_mode": pad_mode,
        "center": center,
        "phase": draw(st.sampled_from(["freqinv", "timeinv"])),
        "complex_": draw(st.booleans()),
    }


def _valid(p: dict[str, Any]) -> bool:
    return p["pad_mode"] == "circular" or _covered(p["L"], p["n_fft"], p["hop"], p["T"])


def _stft_setup(p: dict[str, Any], seed: int, xp: Any, device: Any, batch: int = 3):
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.2, 1.0, p["T"])
    if p["complex_"]:
        w = w * np.exp(0.4j * np.arange(p["T"]))  # a complex window: two-sided coefficients
    x = _signals(rng, (batch, p["L"]), p["complex_"])
    kw = {"n_fft": p["n_fft"], "hop_length": p["hop"], "window": to_xp(w, xp, device),
          "pad_mode": p["pad_mode"], "center": p["center"], "phase": p["phase"]}
    return to_xp(w, xp, device), to_xp(x, xp, device), x, kw


@uses(stft, istft)
@PROPS
@given(p=stft_params().filter(_valid), seed=SEEDS, a=COEFS, b=COEFS)
def test_stft_istft_linear(xp, device, p, seed, a, b):
    _, x, _, kw = _stft_setup(p, seed, xp, device, batch=2)
    a, b = _scalars(a, b, p["complex_"])
    L = p["L"]
    assert_linear(lambda s: stft(s, **kw), x[0, ...], x[1, ...], a, b, xp)
    c = stft(x, **kw)
    assert_linear(lambda s: istft(s, length=L, **kw), c[0, ...], c[1, ...], a, b, xp)


@uses(stft, istft)
@PROPS
@given(p=stft_params().filter(_valid), seed=SEEDS)
def test_stft_istft_batch_is_loop(xp, device, p, seed):
    _, x, _, kw = _stft_setup(p, seed, xp, device)
    L = p["L"]
    assert_batch_is_loop(lambda s: stft(s, **kw), x, xp)
    assert_batch_is_loop(lambda s: istft(s, length=L, **kw), stft(x, **kw), xp)
    # two batch axes are the same as one
    x2 = to_xp(np.stack([to_numpy(x)] * 2), xp, device)
    np.testing.assert_allclose(
        to_numpy(stft(x2, **kw))[1],
        to_numpy(stft(x, **kw)),
        rtol=1e-12,
        atol=1e-12 * _norm(x),
    )


@uses(stft, istft)
@PROPS
@given(p=stft_params().filter(_valid), seed=SEEDS)
def test_stft_istft_round_trip(xp, device, p, seed):
    """Every padding, centring and phase convention, real and complex."""
    _, x, x_np, kw = _stft_setup(p, seed, xp, device, batch=2)
    y = istft(stft(x, **kw), length=p["L"], **kw)
    assert rel_error(y, x_np) <= TOL


# --------------------------------------------------------------------------
# GaborFrame
# --------------------------------------------------------------------------


@uses(stft, istft)
@PROPS
@given(p=stft_params().filter(lambda p: p["pad_mode"] == "circular"), seed=SEEDS, a=COEFS, b=COEFS)
def test_gabor_frame_properties(xp, device, p, seed, a, b):
    _, x, x_np, kw = _stft_setup(p, seed, xp, device)
    kw.pop("pad_mode")
    F = GaborFrame(length=p["L"], **kw)
    c = F.analysis(x)
    # round trip by the dual, and by the tight frame with itself
    assert rel_error(F.dual().synthesis(c), x_np) <= TOL
    Ft = F.tight()
    assert rel_error(Ft.synthesis(Ft.analysis(x)), x_np) <= TOL
    # the frame operator is synthesis after analysis
    assert rel_error(F.frame_operator(x), F.synthesis(c)) <= TOL
    # linearity of analysis and synthesis
    s, t = _scalars(a, b, p["complex_"])
    assert_linear(F.analysis, x[0, ...], x[1, ...], s, t, xp)
    assert_linear(F.dual().synthesis, c[0, ...], c[1, ...], s, t, xp)
    # batch = loop
    assert_batch_is_loop(F.analysis, x, xp)
    assert_batch_is_loop(F.dual().synthesis, c, xp)


# --------------------------------------------------------------------------
# FilterBank
# --------------------------------------------------------------------------


@st.composite
def filterbank_params(draw: Any) -> dict[str, Any]:
    stride = draw(st.sampled_from([1, 2, 3, 4]))
    signal = draw(st.sampled_from(["real", "complex"]))
    # enough channels for a frame: stride real channels (complex kernels: each counts twice
    # for real signals), or stride channels for complex signals
    K = draw(st.integers(stride, stride + 4))
    T = draw(st.integers(1, 10))
    L = stride * draw(st.integers(max(1, -(-T // stride)), 48 // stride))
    complex_kernels = signal == "complex" or draw(st.booleans())
    origin = draw(st.none() | st.integers(0, T - 1))
    return {
        "stride": stride,
        "K": K,
        "T": T,
        "L": L,
        "signal": signal,
        "ck": complex_kernels,
        "origin": origin,
    }


def _filterbank(
    p: dict[str, Any], seed: int, xp: Any, device: Any
) -> tuple[FilterBank, Any, np.ndarray]:
    rng = np.random.default_rng(seed)
    k = _signals(rng, (p["K"], p["T"]), p["ck"])
    fb = FilterBank(
        to_xp(k, xp, device), p["stride"], p["L"], signal=p["signal"], origin=p["origin"]
    )
    kappa = float(fb.condition_number())
    assume(math.isfinite(kappa) and kappa < 1e4)  # a frame, not too badly conditioned
    x_np = _signals(rng, (3, p["L"]), p["signal"] == "complex")
    return fb, to_xp(x_np, xp, device), x_np


@uses(FilterBank.frame_bounds, FilterBank.dual)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(p=filterbank_params(), seed=SEEDS, a=COEFS, b=COEFS)
def test_filterbank_properties(xp, device, p, seed, a, b):
    fb, x, x_np = _filterbank(p, seed, xp, device)
    c = fb.analysis(x)
    assert rel_error(fb.dual().synthesis(c), x_np) <= TOL
    tight = fb.tight()
    assert rel_error(tight.synthesis(tight.analysis(x)), x_np) <= TOL
    assert rel_error(fb.frame_operator(x), fb.synthesis(c)) <= TOL
    s, t = _scalars(a, b, p["signal"] == "complex")
    assert_linear(fb.analysis, x[0, ...], x[1, ...], s, t, xp)
    if p["signal"] == "complex":  # real signals: synthesis is Re(D c), linear over the reals only
        assert_linear(fb.dual().synthesis, c[0, ...], c[1, ...], s, t, xp)
    else:
        assert_linear(fb.dual().synthesis, c[0, ...], c[1, ...], a, b, xp)
    assert_batch_is_loop(fb.analysis, x, xp)
    assert_batch_is_loop(fb.dual().synthesis, c, xp)


@uses(framekit.frame_algorithm, FilterBank.frame_bounds)
@PROPS
@given(p=filterbank_params(), seed=SEEDS)
def test_filterbank_frame_algorithm_matches_dual(xp, device, p, seed):
    """The frame algorithm (CG) reconstructs what the exact dual does."""
    fb, x, x_np = _filterbank(p, seed, xp, device)
    assume(float(fb.condition_number()) < 1e3)
    y = framekit.frame_algorithm(fb, fb.analysis(x), maxiter=5000)
    assert rel_error(y, x_np) <= 1e-8


# --------------------------------------------------------------------------
# MatrixFrame, analysis, synthesis
# --------------------------------------------------------------------------


@st.composite
def matrix_params(draw: Any, batch: tuple[int, ...] = ()) -> dict[str, Any]:
    n = draw(st.integers(1, 6))
    return {
        "n": n,
        "m": n + draw(st.integers(0, 6)),
        "complex_": draw(st.booleans()),
        "batch": batch,
    }


def _matrix(p: dict[str, Any], seed: int, xp: Any, device: Any):
    """W of shape (*batch, m, n) and signals x of shape (3, *batch, n) (broadcast against W)."""
    rng = np.random.default_rng(seed)
    W = _signals(rng, (*p["batch"], p["m"], p["n"]), p["complex_"])
    assume(np.all(np.linalg.cond(W) < 100))  # frame operator: condition < 1e4
    x = _signals(rng, (3, *p["batch"], p["n"]), p["complex_"])
    return to_xp(W, xp, device), W, to_xp(x, xp, device), x


@uses(framekit.analysis, framekit.synthesis, framekit.canonical_dual)
@PROPS
@given(p=matrix_params(), seed=SEEDS, a=COEFS, b=COEFS)
def test_matrix_frame_properties(xp, device, p, seed, a, b):
    W, W_np, x, x_np = _matrix(p, seed, xp, device)
    # functional forms
    c = framekit.analysis(W, x)
    ref = x_np @ W_np.T
    np.testing.assert_allclose(to_numpy(c), ref, rtol=0, atol=1e-13 * (np.abs(ref).max() + 1))
    assert rel_error(framekit.synthesis(framekit.canonical_dual(W), c), x_np) <= TOL
    Wt = framekit.canonical_tight(W)
    assert rel_error(framekit.synthesis(Wt, framekit.analysis(Wt, x)), x_np) <= TOL
    s, t = _scalars(a, b, p["complex_"])
    assert_linear(lambda v: framekit.analysis(W, v), x[0, ...], x[1, ...], s, t, xp)
    assert_linear(lambda v: framekit.synthesis(W, v), c[0, ...], c[1, ...], s, t, xp)
    assert_batch_is_loop(lambda v: framekit.analysis(W, v), x, xp)
    assert_batch_is_loop(lambda v: framekit.synthesis(W, v), c, xp)
    # the object form
    F = MatrixFrame(W)
    cf = F.analysis(x)
    assert rel_error(cf, c) <= 1e-14
    assert rel_error(F.dual().synthesis(cf), x_np) <= TOL
    assert rel_error(F.tight().synthesis(F.tight().analysis(x)), x_np) <= TOL
    assert rel_error(F.frame_operator(x), F.synthesis(cf)) <= TOL
    assert_linear(F.analysis, x[0, ...], x[1, ...], s, t, xp)
    assert_linear(F.dual().synthesis, cf[0, ...], cf[1, ...], s, t, xp)
    assert_batch_is_loop(F.analysis, x, xp)
    assert_batch_is_loop(F.dual().synthesis, cf, xp)


@uses(framekit.analysis, framekit.synthesis, framekit.canonical_dual)
@PROPS
@given(p=matrix_params(batch=(2,)), seed=SEEDS)
def test_batch_of_frames_is_loop(xp, device, p, seed):
    """A batch of frames W (2, m, n), signals x (3, 2, n): frame i sees x[:, i]."""
    W, _, x, x_np = _matrix(p, seed, xp, device)
    F = MatrixFrame(W)
    c = F.analysis(x)  # (3, 2, m)
    y = F.dual().synthesis(c)
    assert rel_error(y, x_np) <= TOL
    assert (
        rel_error(framekit.synthesis(framekit.canonical_dual(W), framekit.analysis(W, x)), x_np)
        <= TOL
    )
    c_np, y_np = to_numpy(c), to_numpy(y)
    for i in range(2):
        Fi = MatrixFrame(W[i, ...])
        ci = to_numpy(Fi.analysis(x[:, i, ...]))
        assert np.linalg.norm(c_np[:, i] - ci) <= 1e-12 * np.linalg.norm(ci)
        yi = to_numpy(Fi.dual().synthesis(c[:, i, ...]))
        assert np.linalg.norm(y_np[:, i] - yi) <= TOL * np.linalg.norm(yi)


# --------------------------------------------------------------------------
# read_wav(write_wav(x))
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wav_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("wav_props")


SHAPES = st.tuples(st.integers(1, 4), st.integers(1, 50))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(x=hnp.arrays(np.float32, SHAPES, elements=st.floats(width=32)), mono=st.booleans())
def test_wav_float32_round_trip_is_exact(wav_dir, x, mono):
    if mono:
        x = x[0]
    p = wav_dir / "f32.wav"
    write_wav(p, x, 44100, sample_format="float32")
    data, fs, info = read_wav(p, dtype="float32")
    assert fs == 44100 and info.bits_per_sample == 32
    expected = x.reshape(1, -1) if mono else x
    assert data.dtype == np.float32 and data.shape == expected.shape
    assert data.tobytes() == np.ascontiguousarray(expected).tobytes()  # bitwise: NaN, inf, -0.0
    np.testing.assert_array_equal(
        read_wav(p).data, expected.astype(np.float64)
    )  # float64 read widens exactly


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    k=hnp.arrays(np.int64, SHAPES, elements=st.integers(-(2**23), 2**23 - 1)),
    dtype=st.sampled_from(["float64", "float32"]),
)
def test_wav_pcm24_round_trip_on_the_grid_is_exact(wav_dir, k, dtype):
    x = k / 2.0**23
    p = wav_dir / "p24.wav"
    write_wav(p, x, 8000, sample_format="pcm24")
    data, _, info = read_wav(p, dtype=dtype)
    assert info.bits_per_sample == 24 and data.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(data, x.astype(dtype))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(x=hnp.arrays(np.float64, SHAPES, elements=st.floats(-1.0, 1.0)))
def test_wav_pcm24_round_trip_within_half_a_step(wav_dir, x):
    p = wav_dir / "p24r.wav"
    write_wav(p, x, 8000, sample_format="pcm24")
    data = read_wav(p).data
    target = np.clip(x, -1.0, 1.0 - 2.0**-23)  # the largest code is 2**23 - 1
    assert np.max(np.abs(data - target)) <= 2.0**-24
    # and writing what was read gives the same samples again (idempotent on the grid)
    write_wav(p, data, 8000, sample_format="pcm24")
    np.testing.assert_array_equal(read_wav(p).data, data)
