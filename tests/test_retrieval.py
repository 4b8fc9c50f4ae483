"""Phase retrieval from STFT magnitudes: griffin_lim, pghi, spectral_convergence on every backend."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import uses

from framekit import griffin_lim, istft, pghi, spectral_convergence, stft
from framekit._backend import to_host
from framekit.demo.retrieval import music_like, speech_like

KW = {"n_fft": 256, "hop_length": 64}


def _host(a):
    return np.asarray(to_host(a))


def _chirp(length=8192):
    t = np.arange(length)
    return np.cos(2 * np.pi * (0.02 * t + 2e-6 * t**2)) + 0.5 * np.cos(2 * np.pi * 0.13 * t) * np.exp(-t / 4000)


@pytest.mark.peer
@pytest.mark.parametrize("n_iter", [1, 7, 32])
@uses(griffin_lim)
def test_librosa_variant_equals_librosa_griffinlim(xp, device, n_iter):
    librosa = pytest.importorskip("librosa")
    x = np.random.default_rng(0).standard_normal(3000)
    S = np.abs(stft(x, **KW))
    want = librosa.griffinlim(S, n_iter=n_iter, hop_length=64, win_length=256, n_fft=256, window="hann",
                              center=True, pad_mode="constant", momentum=0.99, init=None, length=3000)
    got = griffin_lim(xp.asarray(S, device=device), init="zeros", variant="librosa", momentum=0.99,
                      n_iter=n_iter, length=3000, **KW)
    np.testing.assert_allclose(_host(got), want, rtol=0, atol=1e-10)
    fgla = griffin_lim(xp.asarray(S, device=device), init="zeros", n_iter=n_iter, length=3000, **KW)
    np.testing.assert_allclose(_host(fgla), want, rtol=0, atol=1e-10)  # the same iteration


@uses(griffin_lim)
def test_sc_history_matches_separate_runs(xp, device):
    x = np.random.default_rng(1).standard_normal((2, 1500))
    S = xp.asarray(np.abs(stft(x, **KW)), device=device)
    y, sc = griffin_lim(S, n_iter=4, init="random", seed=3, length=1500, return_sc=True, **KW)
    assert tuple(sc.shape) == (2, 5)
    for k in (0, 2, 4):
        yk = griffin_lim(S, n_iter=k, init="random", seed=3, length=1500, **KW)
        np.testing.assert_allclose(_host(spectral_convergence(yk, S, **KW)), _host(sc[..., k]), atol=1e-9)
    np.testing.assert_allclose(_host(y), _host(yk), atol=1e-12)
    # deterministic with a seed; momentum 0 is plain Griffin-Lim and converges monotonically
    again = griffin_lim(S, n_iter=4, init="random", seed=3, length=1500, **KW)
    np.testing.assert_array_equal(_host(again), _host(y))
    _, sc0 = griffin_lim(S, n_iter=6, momentum=0.0, init="zeros", length=1500, return_sc=True, **KW)
    assert np.all(np.diff(_host(sc0), axis=-1) <= 1e-9)


@uses(griffin_lim, pghi)
@pytest.mark.parametrize("make", [speech_like, music_like], ids=["speech", "music"])
def test_pghi_init_beats_zero_phase_at_10_50_200(xp, device, make):
    kw = {"n_fft": 512, "hop_length": 128}
    x = make(2**14)
    S = xp.asarray(np.abs(stft(x, **kw)), device=device)
    _, sc_zero = griffin_lim(S, n_iter=200, init="zeros", length=2**14, return_sc=True, **kw)
    _, sc_pghi = griffin_lim(S, n_iter=200, init="pghi", length=2**14, return_sc=True, **kw)
    z, p = _host(sc_zero), _host(sc_pghi)
    for k in (10, 50, 200):
        assert p[k] < z[k] - 1.0, (k, p[k], z[k])


@uses(griffin_lim, pghi)
def test_consistent_magnitude_reaches_minus_40_db(xp, device):
    kw = {"n_fft": 512, "hop_length": 128}
    S = xp.asarray(np.abs(stft(_chirp(), **kw)), device=device)
    _, sc = griffin_lim(S, n_iter=50, init="pghi", length=8192, return_sc=True, **kw)
    assert _host(sc)[-1] <= -40.0


@uses(pghi)
@pytest.mark.parametrize("phase", ["timeinv", "freqinv"])
@pytest.mark.parametrize("window", ["hann", ("gauss", 64.0)])
def test_pghi_alone_recovers_a_chirp(xp, device, phase, window):
    kw = {"n_fft": 512, "hop_length": 64, "window": window}
    x = _chirp()
    S = np.abs(stft(x, phase=phase, **kw))
    Sx = xp.asarray(S, device=device)
    for integration, bound in (("heap", -30.0), ("lstsq", -15.0)):
        phi = pghi(Sx, phase=phase, integration=integration, **kw)
        assert phi.dtype == Sx.dtype and tuple(phi.shape) == S.shape
        y = istft(S * np.exp(1j * _host(phi)), phase=phase, length=8192, **kw)
        assert float(spectral_convergence(y, S, **kw)) < bound, (integration, phase, window)


@uses(pghi)
def test_pghi_phase_conventions_differ_by_the_stft_factor(xp, device):
    kw = {"n_fft": 256, "hop_length": 32}
    S = np.abs(stft(_chirp(2048), **kw))
    ti = _host(pghi(xp.asarray(S, device=device), phase="timeinv", **kw))
    fi = _host(pghi(xp.asarray(S, device=device), phase="freqinv", **kw))
    # c_freqinv = c_timeinv * e^{-2 pi i m s_n / M}, s_n = n a - M/2 the frame's start
    m = np.arange(S.shape[0])[:, None]
    s_n = np.arange(S.shape[1])[None, :] * 32 - 128
    np.testing.assert_allclose(np.exp(1j * fi), np.exp(1j * (ti - 2 * np.pi * m * s_n / 256)), atol=1e-9)


@uses(griffin_lim, pghi)
def test_batch_equals_loop(xp, device):
    x = np.stack([speech_like(3000, seed=s) for s in range(3)]).reshape(3, 1, 3000)
    S = xp.asarray(np.abs(stft(x, **KW)), device=device)
    for init in ("zeros", "pghi"):
        whole = _host(griffin_lim(S, n_iter=5, init=init, length=3000, **KW))
        for i in range(3):
            one = _host(griffin_lim(S[i, ...], n_iter=5, init=init, length=3000, **KW))
            np.testing.assert_allclose(whole[i], one, atol=1e-12)
    for integration in ("heap", "lstsq"):
        whole = _host(pghi(S, integration=integration, **KW))
        one = _host(pghi(S[1, ...], integration=integration, **KW))
        np.testing.assert_allclose(whole[1], one, atol=1e-9)


@uses(griffin_lim, pghi, spectral_convergence)
def test_float32_stays_float32(xp, device):
    x = speech_like(4096)
    S32 = xp.asarray(np.abs(stft(x, **KW)).astype(np.float32), device=device)
    y, sc = griffin_lim(S32, n_iter=10, init="pghi", length=4096, return_sc=True, **KW)
    assert y.dtype == xp.float32 and sc.dtype == xp.float32
    y64 = griffin_lim(xp.astype(S32, xp.float64), n_iter=10, init="pghi", length=4096, **KW)
    np.testing.assert_allclose(_host(y), _host(y64), atol=1e-3)
    assert pghi(S32, integration="lstsq", **KW).dtype == xp.float32
    assert spectral_convergence(y, S32, **KW).dtype == xp.float32


@pytest.mark.parametrize("init", ["random", "zeros"])
def test_torch_autograd_through_the_iterations(init):
    torch = pytest.importorskip("torch")
    x = speech_like(2048)
    # offset: the finite difference S - eps d below must stay a magnitude (S >= 0)
    S = torch.tensor(np.abs(stft(x, **KW)) + 0.1, dtype=torch.float64, requires_grad=True)
    y = griffin_lim(S, n_iter=3, init=init, seed=0, length=2048, **KW)
    loss = (y**2).sum()
    loss.backward()
    assert S.grad is not None and torch.isfinite(S.grad).all() and S.grad.abs().sum() > 0
    if init == "zeros":
        return  # zero phase: rebuilt coefficients near 0 flip phase under a finite difference
    # against a finite difference in one direction
    d = torch.randn(S.shape, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    eps = 1e-6
    with torch.no_grad():
        lp = (griffin_lim(S + eps * d, n_iter=3, init=init, seed=0, length=2048, **KW) ** 2).sum()
        lm = (griffin_lim(S - eps * d, n_iter=3, init=init, seed=0, length=2048, **KW) ** 2).sum()
    np.testing.assert_allclose(float((lp - lm) / (2 * eps)), float((S.grad * d).sum()), rtol=1e-5)


def test_torch_autograd_through_lstsq_pghi():
    torch = pytest.importorskip("torch")
    S = torch.tensor(np.abs(stft(_chirp(2048), **KW)) + 0.1, dtype=torch.float64, requires_grad=True)
    phi = pghi(S, integration="lstsq", **KW)
    phi.sin().sum().backward()
    assert torch.isfinite(S.grad).all()


@uses(griffin_lim)
def test_circular_and_array_init(xp, device):
    kw = {"n_fft": 128, "hop_length": 32, "pad_mode": "circular"}
    x = np.random.default_rng(2).standard_normal(1024)
    c = stft(x, **kw)
    S = xp.asarray(np.abs(c), device=device)
    # the true phase as init: already a fixed point, SC stays at rounding level
    y, sc = griffin_lim(S, init=xp.asarray(np.angle(c), device=device), n_iter=3, length=1024,
                        return_sc=True, **kw)
    assert np.all(_host(sc) < -200)
    np.testing.assert_allclose(_host(y), x, atol=1e-10)


@pytest.mark.parametrize("settings", [
    {"n_fft": 256, "hop_length": 64},
    {"n_fft": 256, "hop_length": 64, "win_length": 200},
    {"n_fft": 256, "hop_length": 64, "center": False, "window": "hamming"},
    {"n_fft": 256, "hop_length": 100, "win_length": 250, "phase": "freqinv"},
], ids=["hann", "short-window", "uncentred", "freqinv"])
@pytest.mark.parametrize("variant", ["fgla", "librosa"])
@pytest.mark.parametrize("backend", ["numpy", "torch"])
def test_chunked_iteration_equals_the_general_one(monkeypatch, backend, variant, settings):
    # NumPy and torch (CPU, no autograd) run the fused, chunked iteration; the general loop
    # (every other backend) must give the same numbers: force it, and force small chunks
    from framekit.tf import retrieval

    mod = pytest.importorskip(backend)
    x = np.random.default_rng(4).standard_normal((2, 1, 5056))
    stft_kw = {k: v for k, v in settings.items() if k != "phase"}
    S = mod.asarray(np.abs(stft(x, **stft_kw)))
    kw = dict(n_iter=40, variant=variant, length=5056, return_sc=True, **settings)
    chunked = retrieval._chunk_rows
    runs = {}
    for name, rows in (("general", lambda *a: None), ("chunked", lambda *a: 7), ("default", chunked)):
        monkeypatch.setattr(retrieval, "_chunk_rows", rows)
        for momentum in (0.99, 0.0):
            runs[name, momentum] = griffin_lim(S, init="random", seed=5, momentum=momentum, **kw)
    assert chunked(retrieval._plan(*retrieval._magnitudes(S, True), 256, settings["hop_length"],
                                   settings.get("win_length"), settings.get("window", "hann"),
                                   settings.get("center", True), "constant", 5056, "timeinv", True),
                   S, "random") is not None
    # NumPy: the same roundings (bit for bit but for the order of the SC sums).  torch's complex
    # product rounds the entries of a vectorized loop's scalar tail differently (no FMA), so a
    # frame-dependent phase factor (freqinv) times chunks of rows differs from the whole
    # product by an ulp here and there, which 40 momentum steps grow to ~1e-11
    tol = 1e-10 if backend == "torch" and "phase" in settings else 1e-12
    for momentum in (0.99, 0.0):
        want_x, want_sc = (_host(a) for a in runs["general", momentum])
        for name in ("chunked", "default"):
            got_x, got_sc = (_host(a) for a in runs[name, momentum])
            np.testing.assert_allclose(got_x, want_x, rtol=0, atol=tol * np.abs(want_x).max())
            np.testing.assert_allclose(got_sc, want_sc, rtol=tol, atol=1e-12)
