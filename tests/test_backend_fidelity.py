"""Backend fidelity: every backend computes what NumPy computes.

* ``CASES``: the same float64 inputs (drawn with NumPy, moved with ``helpers.to_xp``) go
  through representative functions on the backend under test and on NumPy; each output must
  equal NumPy's to 1e-12 (relative, per output: ``||a - ref|| / ||ref||``), stay in the
  backend's namespace and on its device, and keep NumPy's dtype (float64 / complex128) and shape.
  Functions that draw random numbers are compared with their draws made identical on every
  backend (``numpy_draws``: NumPy's generator, moved to the backend), so that the arithmetic
  after the draws is what is compared.
* float32: perfect reconstruction (stft -> istft, FilterBank analysis -> dual synthesis,
  analysis -> canonical-dual synthesis) to 1e-5 relative, results kept in float32.
* Seeded functions: the same seed gives the same result twice on each backend (bitwise), and
  another seed a different one.  Their docstrings promise equal draws only *on the same backend*
  ("The generator is the backend's own: the same seed gives the same frame on the same backend",
  "Equal seeds give equal draws on the same backend and sizes", "Seed of the backend's
  generator"), so equality across backends is not asserted: ``SEEDED`` records, per function,
  whether its docstring promises it (none does), and ``test_seeded_docstrings_promise`` keeps
  that record honest.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from helpers import assert_backend, rel_error, to_numpy, to_xp

import framekit
from framekit import FilterBank, GaborFrame, _backend
from framekit.relu import _sampling

RTOL = 1e-12
RTOL32 = 1e-5

# --------------------------------------------------------------------------
# identical draws on every backend
# --------------------------------------------------------------------------


def _numpy_random_normal(xp: Any, shape: Any, *, seed: Any, dtype: Any, device: Any) -> Any:
    """NumPy's normals (PCG64, ``seed``) on any backend: the same numbers everywhere."""
    shape = tuple(int(s) for s in shape)
    g = np.random.default_rng(seed)
    if xp.isdtype(dtype, "complex floating"):
        v = (g.standard_normal(shape) + 1j * g.standard_normal(shape)) * 0.5**0.5
    else:
        v = g.standard_normal(shape)
    return xp.asarray(v, dtype=dtype, device=device)


@pytest.fixture
def numpy_draws(monkeypatch):
    """Make every random draw of framekit NumPy's, whatever the backend."""
    monkeypatch.setattr(_backend, "random_normal", _numpy_random_normal)
    monkeypatch.setattr(_sampling, "gaussian_rows", _numpy_random_normal)


# --------------------------------------------------------------------------
# inputs (NumPy, float64)
# --------------------------------------------------------------------------

_G = np.random.default_rng(20260101)
DATA = {
    "W_batch": _G.standard_normal((3, 12, 5)),
    "Wc": _G.standard_normal((10, 4)) + 1j * _G.standard_normal((10, 4)),
    "W": _G.standard_normal((12, 5)) / np.sqrt(12),
    "x5": _G.standard_normal((3, 5)),
    "c12": _G.standard_normal((3, 12)),
    "x100": _G.standard_normal((2, 100)),
    "x96": _G.standard_normal((2, 96)),
    "x600": _G.standard_normal((2, 600)),
    "w24": 0.5 - 0.5 * np.cos(2 * np.pi * (np.arange(24) + 0.5) / 24),
    "wrand": _G.uniform(0.3, 1.0, 20),
    "c_stft": _G.standard_normal((2, 17, 16)) + 1j * _G.standard_normal((2, 17, 16)),
    "k_conv": _G.standard_normal((4, 9)),
    "k_conv_c": _G.standard_normal((3, 7)) + 1j * _G.standard_normal((3, 7)),
    "W_relu": _G.standard_normal((16, 3)) / 4.0,
    "x_relu": 0.4 * _G.standard_normal((6, 3)),
    "x_energy": _G.standard_normal((2, 64)),
}
B_RELU = np.full(16, -0.25)


def _put(xp: Any, device: Any) -> Callable[[str], Any]:
    return lambda key: to_xp(DATA[key], xp, device)


def _gauss(xp: Any, device: Any, n: int, tfr: float) -> Any:
    return framekit.get_window(("gauss", tfr), n, xp=xp, device=device, dtype=xp.float64)


def _z_relu() -> np.ndarray:
    return np.maximum(DATA["x_relu"] @ DATA["W_relu"].T - B_RELU, 0.0)


Case = Callable[[Any, Any], "list[Any]"]


def case_finite(xp: Any, d: Any) -> list[Any]:
    p = _put(xp, d)
    A, B = framekit.frame_bounds(p("W_batch"))
    Wd = framekit.canonical_dual(p("Wc"))
    c = framekit.analysis(p("W"), p("x5"))
    return [
        A,
        B,
        Wd,
        framekit.canonical_tight(p("W")),
        framekit.frame_operator(p("Wc")),
        framekit.condition_number(p("W_batch")),
        c,
        framekit.synthesis(framekit.canonical_dual(p("W")), p("c12")),
        framekit.frame_algorithm(p("W"), p("c12"), method="cg"),
    ]


def case_stft(xp: Any, d: Any) -> list[Any]:
    p = _put(xp, d)
    kw = {"n_fft": 32, "hop_length": 6, "window": p("w24")}
    c = framekit.stft(p("x100"), **kw)
    return [
        c,
        framekit.stft(p("x100"), pad_mode="reflect", normalized=True, **kw),
        framekit.stft(p("x96"), n_fft=32, hop_length=8, window=p("wrand"), pad_mode="circular",
                      phase="freqinv"),
        framekit.istft(c, length=100, **kw),
    ]


def case_istft(xp: Any, d: Any) -> list[Any]:
    """istft of arbitrary coefficients: the least-squares signal (not a round trip)."""
    p = _put(xp, d)
    return [
        framekit.istft(p("c_stft"), n_fft=32, hop_length=6, window=p("w24"), pad_mode="circular"),
        framekit.istft(p("c_stft"), n_fft=32, hop_length=6, window=p("w24"), length=90),
    ]


def case_gabor(xp: Any, d: Any) -> list[Any]:
    p = _put(xp, d)
    lattice = {"n_fft": 32, "hop_length": 8, "window": p("wrand")}
    F = GaborFrame(length=96, **lattice)
    A, B = F.frame_bounds()
    A2, B2 = framekit.gabor_frame_bounds(**lattice)
    return [
        A,
        B,
        A2,
        B2,
        F.dual().window,
        F.tight().window,
        F.analysis(p("x96")),
        F.dual().synthesis(F.analysis(p("x96"))),
        framekit.gabor_dual_window(**lattice),
    ]


def case_phase_derivatives(xp: Any, d: Any) -> list[Any]:
    p = _put(xp, d)
    return list(framekit.phase_derivatives(p("x96"), n_fft=32, hop_length=8, window=_gauss(xp, d, 32, 2.0),
                                           pad_mode="circular", center=False, fs=8000.0))


def case_reassigned(xp: Any, d: Any) -> list[Any]:
    p = _put(xp, d)
    return list(
        framekit.reassigned_spectrogram(
            p("x100"), n_fft=32, hop_length=5, window=p("w24"), fs=8000.0, pad_mode="constant", center=True
        )
    )


def case_scattering(xp: Any, d: Any) -> list[Any]:
    p = _put(xp, d)
    g2 = framekit.get_window("hann", 6, xp=xp, device=d, dtype=xp.float64)
    layers = {"n_fft1": 16, "hop_length1": 4, "window1": _gauss(xp, d, 16, 2.0), "n_fft2": 8, "hop_length2": 2,
              "window2": g2, "pad_mode": "circular", "center": False}
    S1, S2 = framekit.phase_scattering(p("x96"), fs=1000.0, layer2="modulus", **layers)
    M1, M2 = framekit.modulus_scattering(p("x96"), average=False, **layers)
    return [S1, S2, M1, M2]


def case_isac(xp: Any, d: Any) -> list[Any]:
    p = _put(xp, d)
    fb = framekit.isac(8000, length=600, xp=xp, device=d, dtype=xp.float64)
    c = fb.analysis(p("x600"))
    A, B = fb.frame_bounds()
    return [
        fb.kernels,
        c,
        fb.dual().synthesis(c),
        A,
        B,
        fb.tight().kernels,
        fb.frequency_response(),
    ]


def case_designs(xp: Any, d: Any) -> list[Any]:
    kw = {"xp": xp, "device": d, "dtype": xp.float64}
    g = framekit.gammatone(8000, 8, 200.0, stride=2, length=1024, **kw)
    q = framekit.cqt(8000, 500.0, 12, length=512, **kw)
    t = framekit.third_octave(
        8000, 200, 3000, length=520, **kw
    )  # condition number 7: bounds to 1e-12
    return [
        g.kernels,
        q.kernels,
        t.kernels,
        *t.frame_bounds(),
        framekit.aud_space(100.0, 3000.0, 8, **kw),
    ]


def case_conv(xp: Any, d: Any) -> list[Any]:
    p = _put(xp, d)
    k = p("k_conv")
    return [
        *framekit.walnut_bounds(k, 3, 24),
        *framekit.conv_frame_bounds(k, 3, 24),
        framekit.aliasing_terms(k, 3, 24),
        framekit.aliasing_terms(p("k_conv_c"), 2, 16),
        *framekit.conv_frame_bounds(p("k_conv_c"), 2, 16),
        framekit.littlewood_paley_condition(k, 24),
        framekit.aliasing_objective(k, 3, 24),
    ]


def case_relu(xp: Any, d: Any) -> list[Any]:
    p = _put(xp, d)
    W, b, z = p("W_relu"), to_xp(B_RELU, xp, d), to_xp(_z_relu(), xp, d)
    return [
        framekit.relu_reconstruct(W, b, z),
        framekit.relu_reconstruct(W, b, z, method="frame_algorithm"),
        framekit.relu_layer(W, b, p("x_relu")),
        framekit.active_frame_bound(W, b, p("x_relu")),
    ]


def case_max_bias(xp: Any, d: Any) -> list[Any]:
    p = _put(xp, d)
    W = p("W_relu")
    return [
        framekit.max_bias(W, method="sampling", n_samples=2000, seed=7, chunk_size=256),
        framekit.max_bias(W, domain="ball", n_samples=2000, seed=7, conservative=True),
    ]


def case_lipschitz(xp: Any, d: Any) -> list[Any]:
    p = _put(xp, d)
    r = framekit.lipschitz_bounds(
        p("W_relu"), to_xp(B_RELU, xp, d), n_samples=1000, seed=3, chunk_size=128
    )
    return [r.lower, r.upper, r.frame_bound, r.argmin]


def case_random_kernels(xp: Any, d: Any) -> list[Any]:
    p = _put(xp, d)
    return [
        framekit.random_filterbank_condition_numbers(
            6, 8, 64, 50, seed=2, xp=xp, device=d, dtype=xp.float64
        ),
        framekit.random_filterbank_energies(p("x_energy"), 6, 8, 30, seed=2),
        framekit.energy_variance(p("x_energy"), 6, 8),
    ]


def case_gaussian_frame(xp: Any, d: Any) -> list[Any]:
    W = framekit.gaussian_frame(12, 5, seed=4, xp=xp, device=d, dtype=xp.float64)
    Wc = framekit.gaussian_frame(12, 5, seed=4, xp=xp, device=d, dtype=xp.complex128)
    return [W, Wc, *framekit.frame_bounds(W)]


CASES: dict[str, Case] = {
    "finite frames (bounds, duals, analysis/synthesis, frame_algorithm)": case_finite,
    "stft/istft": case_stft,
    "istft of coefficients": case_istft,
    "GaborFrame bounds/dual/tight": case_gabor,
    "phase_derivatives": case_phase_derivatives,
    "reassigned_spectrogram": case_reassigned,
    "phase/modulus scattering": case_scattering,
    "isac FilterBank analysis/dual synthesis/bounds": case_isac,
    "gammatone/cqt/third_octave designs": case_designs,
    "walnut/conv bounds, aliasing terms": case_conv,
    "relu_reconstruct": case_relu,
    "max_bias sampling": case_max_bias,
    "lipschitz_bounds": case_lipschitz,
    "random filterbanks": case_random_kernels,
    "gaussian_frame": case_gaussian_frame,
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_equals_numpy(case, xp, device, numpy_draws):
    np_xp = _backend.get_namespace(np)
    ref = case(np_xp, "cpu")
    got = case(xp, device)
    assert len(got) == len(ref)
    for i, (a, r) in enumerate(zip(got, ref)):
        r_np = to_numpy(r)
        assert_backend(a, xp, device, shape=r_np.shape)
        a_np = to_numpy(a)
        assert a_np.dtype == r_np.dtype, f"output {i}: dtype {a.dtype}, NumPy gives {r_np.dtype}"
        if np.linalg.norm(r_np) == 0:
            assert np.linalg.norm(a_np) == 0, f"output {i}: NumPy gives zeros"
        else:
            err = rel_error(a_np, r_np)
            assert err <= RTOL, f"output {i}: relative difference {err:.3g} from NumPy"


# --------------------------------------------------------------------------
# float32 perfect reconstruction
# --------------------------------------------------------------------------


def _check32(y: Any, x: Any, xp: Any, device: Any) -> None:
    assert_backend(y, xp, device, dtype=xp.float32, shape=x.shape)
    err = rel_error(y, x)
    assert err <= RTOL32, f"float32 reconstruction error {err:.3g}"


@pytest.mark.parametrize(
    ("pad_mode", "center"), [("circular", False), ("circular", True), ("constant", True), ("reflect", True)]
)
def test_float32_stft_istft(xp, device, pad_mode, center):
    x = to_xp(DATA["x96"], xp, device, xp.float32)
    w = to_xp(DATA["wrand"], xp, device, xp.float32)
    kw = {"n_fft": 32, "hop_length": 8, "window": w, "pad_mode": pad_mode, "center": center}
    c = framekit.stft(x, **kw)
    assert c.dtype == xp.complex64
    _check32(framekit.istft(c, length=96, **kw), x, xp, device)


def test_float32_filterbank_dual(xp, device):
    fb = framekit.isac(8000, length=600, xp=xp, device=device, dtype=xp.float32)
    x = to_xp(DATA["x600"], xp, device, xp.float32)
    c = fb.analysis(x)
    assert c.dtype == xp.complex64
    _check32(fb.dual().synthesis(c), x, xp, device)
    k = FilterBank(to_xp(DATA["k_conv"], xp, device, xp.float32), 3, 48)
    x48 = to_xp(DATA["x96"][:, :48], xp, device, xp.float32)
    _check32(k.dual().synthesis(k.analysis(x48)), x48, xp, device)


def test_float32_canonical_dual(xp, device):
    W = to_xp(DATA["W"], xp, device, xp.float32)
    x = to_xp(DATA["x5"], xp, device, xp.float32)
    Wd = framekit.canonical_dual(W)
    assert_backend(Wd, xp, device, dtype=xp.float32)
    _check32(framekit.synthesis(Wd, framekit.analysis(W, x)), x, xp, device)


# --------------------------------------------------------------------------
# seeded functions: reproducible on each backend
# --------------------------------------------------------------------------


def _relu_wb(xp: Any, d: Any) -> tuple[Any, Any]:
    return to_xp(DATA["W_relu"], xp, d), to_xp(B_RELU, xp, d)


def _report(r: Any) -> list[Any]:
    return [getattr(r, f) for f in r._fields]


#: name -> (call(xp, device, seed) -> outputs, docstring promises equal results across backends)
SEEDED: dict[str, tuple[Callable[[Any, Any, int], list[Any]], bool]] = {
    "gaussian_frame": (
        lambda xp, d, s: [
            framekit.gaussian_frame(9, 4, seed=s, xp=xp, device=d, dtype=xp.float64),
            framekit.gaussian_frame(9, 4, seed=s, xp=xp, device=d, dtype=xp.complex128),
        ],
        False,
    ),
    "random_filterbank_condition_numbers": (
        lambda xp, d, s: [
            framekit.random_filterbank_condition_numbers(
                4, 8, 32, 20, seed=s, xp=xp, device=d, dtype=xp.float64
            )
        ],
        False,
    ),
    "random_filterbank_energies": (
        lambda xp, d, s: [
            framekit.random_filterbank_energies(to_xp(DATA["x_energy"], xp, d), 4, 8, 20, seed=s)
        ],
        False,
    ),
    "max_bias": (
        lambda xp, d, s: [
            framekit.max_bias(_relu_wb(xp, d)[0], n_samples=1000, seed=s, chunk_size=128)
        ],
        False,
    ),
    "lipschitz_bounds": (
        lambda xp, d, s: _report(
            framekit.lipschitz_bounds(*_relu_wb(xp, d), n_samples=500, seed=s, chunk_size=128)
        ),
        False,
    ),
    "lipschitz_lower_estimate": (
        lambda xp, d, s: [framekit.lipschitz_lower_estimate(*_relu_wb(xp, d), n_pairs=500, seed=s)],
        False,
    ),
    "check_injectivity": (
        lambda xp, d, s: _report(
            framekit.check_injectivity(
                _relu_wb(xp, d)[0],
                to_xp(np.full(16, 0.3), xp, d),
                n_samples=500,
                seed=s,
                chunk_size=128,
            )
        ),
        False,
    ),
}


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None or isinstance(a, (bool, int, float)):
        return a == b
    return np.array_equal(to_numpy(a), to_numpy(b), equal_nan=True)


@pytest.mark.parametrize("name", sorted(SEEDED))
def test_seeded_reproducible_on_backend(name, xp, device):
    call, _ = SEEDED[name]
    first, second = call(xp, device, 5), call(xp, device, 5)
    for i, (a, b) in enumerate(zip(first, second)):
        assert _same(a, b), f"{name}: output {i} differs between two calls with seed=5"
    arrays = [a for a in first if a is not None and not isinstance(a, (bool, int, float))]
    for a in arrays:
        assert_backend(a, xp, device)


@pytest.mark.parametrize(
    "name",
    [
        "gaussian_frame",
        "random_filterbank_condition_numbers",
        "random_filterbank_energies",
        "max_bias",
        "lipschitz_lower_estimate",
    ],
)
def test_seeded_other_seed_differs(name, xp, device):
    call, _ = SEEDED[name]
    a, b = call(xp, device, 5), call(xp, device, 6)
    assert not all(_same(u, v) for u, v in zip(a, b)), f"{name}: seeds 5 and 6 give the same result"


def test_seeded_reproducible_across_backends(xp, device):
    """Only for the functions whose docstring promises it (none so far: see SEEDED)."""
    for name, (call, across) in SEEDED.items():
        if not across:
            continue
        ref = call(_backend.get_namespace(np), "cpu", 5)
        for i, (a, r) in enumerate(zip(call(xp, device, 5), ref)):
            assert _same(a, r), f"{name}: output {i} differs from NumPy's with the same seed"


def test_seeded_docstrings_promise():
    """Cross-backend equality is asserted exactly where the docstring promises it."""
    for name, (_, across) in SEEDED.items():
        doc = " ".join((inspect.getdoc(getattr(framekit, name)) or "").split()).lower()
        promise = "across backends" in doc and "not across backends" not in doc
        assert promise == across, (
            f"{name}: update SEEDED (docstring promise across backends: {promise})"
        )
