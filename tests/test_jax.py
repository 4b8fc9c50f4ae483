"""The transforms under jax.jit: compiled once per shape (no retrace on a second call), equal
to NumPy, value checks skipped on tracers (``framekit._backend.is_lazy``).  Skipped without jax.

Static arguments: everything but the arrays (n_fft, hop_length, win_length, a window *name*,
center, pad_mode, fs, floor, ...) decides shapes or Python branches, so it is either closed
over (``functools.partial``) or listed in ``static_argnames``; arrays (x, c, a window array,
a FilterBank's responses closed over) are traced.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

import framekit
from framekit import _backend
from framekit.stability import random_filterbank_energies

jax = pytest.importorskip("jax")
jnp = pytest.importorskip("jax.numpy")
jax.config.update("jax_enable_x64", True)

L = 2048
X = np.random.default_rng(0).standard_normal((3, L))
STFT = {"n_fft": 256, "hop_length": 64}
FB = framekit.isac(16000.0, kernel_size=64, num_channels=12, stride=8, length=L)
FBJ = framekit.isac(16000.0, kernel_size=64, num_channels=12, stride=8, length=L, xp=jnp)
STATIC = ("n_fft", "hop_length", "win_length", "window", "center", "pad_mode", "length", "fs",
          "n_fft1", "n_fft2")

# name -> (framekit callable taking the array first, NumPy twin, input maker, keywords, rtol)
CASES = {
    "stft": (framekit.stft, framekit.stft, lambda: X, STFT, 1e-12),
    "stft_reflect": (framekit.stft, framekit.stft, lambda: X, {**STFT, "pad_mode": "reflect"}, 1e-12),
    "istft": (framekit.istft, framekit.istft, lambda: framekit.stft(X, **STFT), {**STFT, "length": L}, 1e-12),
    "phase_derivatives": (framekit.phase_derivatives, framekit.phase_derivatives, lambda: X, STFT, 1e-12),
    "reassigned_spectrogram": (framekit.reassigned_spectrogram, framekit.reassigned_spectrogram,
                               lambda: X, STFT, 1e-12),
    # the second layer divides by first-layer derivatives near the floor: XLA's fused
    # rounding differs from NumPy's by a few 1e-12 of the largest value there
    "phase_scattering": (framekit.phase_scattering, framekit.phase_scattering, lambda: X,
                         {"n_fft1": 256, "n_fft2": 16}, 1e-10),
    "FilterBank.analysis": (FBJ.analysis, FB.analysis, lambda: X, {}, 1e-12),
    "FilterBank.synthesis": (FBJ.synthesis, FB.synthesis, lambda: FB.analysis(X), {}, 1e-12),
}


def _jitted(func, kw):
    traces = []

    def traced(x, **k):
        traces.append(1)  # a Python side effect: runs once per trace, not per call
        assert _backend.is_lazy(x)  # value checks see a tracer and skip
        return func(x, **k)

    static = tuple(k for k in kw if k in STATIC)
    return jax.jit(traced, static_argnames=static), traces


@pytest.mark.parametrize("name", list(CASES))
def test_jit_once_per_shape_equal_numpy(name):
    func, twin, make, kw, rtol = CASES[name]
    a = make()
    f, traces = _jitted(func, kw)
    out = f(jnp.asarray(a), **kw)
    again = f(jnp.asarray(a[::-1].copy()), **kw)  # same shape, new values: no retrace
    assert len(traces) == 1
    f(jnp.asarray(a[:2]), **kw)  # a new batch shape compiles once more
    assert len(traces) == 2
    want, want_again = twin(a, **kw), twin(a[::-1].copy(), **kw)
    for got, ref in ((out, want), (again, want_again)):
        got = got if isinstance(got, tuple) else (got,)
        ref = ref if isinstance(ref, tuple) else (ref,)
        for g, r in zip(got, ref, strict=True):
            assert isinstance(g, jax.Array) and g.dtype == r.dtype and g.shape == r.shape
            np.testing.assert_allclose(np.asarray(g), r, rtol=0, atol=rtol * float(np.max(np.abs(r))))


def test_monte_carlo_under_jit_equals_eager_jax():
    """JAX draws with jax.random (equal seeds give equal draws per backend, not across)."""
    kw = {"num_filters": 8, "filter_length": 16, "draws": 20, "seed": 3}
    f = jax.jit(functools.partial(random_filterbank_energies, **kw))
    x = jnp.asarray(X)
    np.testing.assert_allclose(np.asarray(f(x)), np.asarray(random_filterbank_energies(x, **kw)), rtol=1e-12)


def test_value_checks_skip_tracers_but_shape_checks_raise():
    f = jax.jit(functools.partial(framekit.stft, n_fft=256, hop_length=64))
    bad = X.copy()
    bad[0, 3] = np.nan
    assert bool(jnp.isnan(f(jnp.asarray(bad))).any())  # NaN flows through (no check on a tracer)
    with pytest.raises(ValueError, match="NaN or inf"):
        framekit.stft(jnp.asarray(bad), n_fft=256, hop_length=64)  # eager JAX: checked
    with pytest.raises(ValueError, match="win_length"):
        jax.jit(functools.partial(framekit.stft, n_fft=64, win_length=128))(jnp.asarray(X))
