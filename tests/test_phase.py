"""Phase derivatives and the reassigned spectrogram (framekit.tf.phase) against analytic truths."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from helpers import assert_backend, to_numpy, to_xp, uses

from framekit.tf.phase import phase_derivatives, reassigned_spectrogram
from framekit.tf.short_time import frame_times, stft
from framekit.tf.windows import get_window

FS = 8000.0


def _energy_mask(x, window, hop, n_fft, level, **kw):
    c = to_numpy(stft(x, window, hop, n_fft, **kw))
    p = np.abs(c) ** 2
    return p >= level * p.max(axis=(-2, -1), keepdims=True)


# windows, the energy level (relative to the peak) of the bins checked, and the float64 tolerance.
# A Gaussian's derivative window is exact; windows vanishing smoothly at their ends (hann,
# blackman) are exact to ~1e-7 on the main lobe; the truncation of the others limits them.
COSINE_WINDOWS = [
    (("gauss", 4.0), 1e-4, 1e-10),  # the two-STFT shortcut
    ("gauss-array", 1e-4, 1e-10),  # the same window through the general (three-STFT) path
    ("hann", 1e-1, 1e-6),
    ("blackman", 1e-2, 1e-6),
    ("hann-400", 1e-1, 2e-6),  # window shorter than n_fft
]


def _window(spec, xp, device, dtype, n_fft=512):
    if spec == "gauss-array":
        return to_xp(to_numpy(get_window(("gauss", 4.0), n_fft)), xp, device, dtype)
    if spec == "hann-400":
        return to_xp(to_numpy(get_window("hann", 400)), xp, device, dtype)
    return spec


@uses(phase_derivatives)
@pytest.mark.parametrize("spec", COSINE_WINDOWS, ids=lambda s: str(s[0]))
@pytest.mark.parametrize("center", [False, True])
def test_cosine_instantaneous_frequency(xp, device, dtype, spec, center):
    name, level, tol64 = spec
    L, hop, n_fft = 4096, 128, 512
    f0 = 513 * FS / L  # periodic on L samples, 64.125 bins: off the bin grid
    x = to_xp(np.cos(2 * np.pi * f0 * np.arange(L) / FS), xp, device, dtype)
    w = _window(name, xp, device, dtype)
    inst, times = phase_derivatives(x, w, hop, n_fft, fs=FS, center=center)
    assert_backend(inst, xp, device, dtype=dtype, shape=(n_fft // 2 + 1, L // hop))
    assert_backend(times, xp, device, dtype=dtype, shape=(n_fft // 2 + 1, L // hop))
    mask = _energy_mask(x, w, hop, n_fft, level, center=center)
    err = np.abs(to_numpy(inst)[mask] - f0) / f0
    assert mask.sum() >= 2 * (L // hop)
    assert err.max() <= (tol64 if dtype == xp.float64 else 1e-4)


@uses(phase_derivatives)
def test_complex_exponential_negative_frequency(xp, device):
    L, hop, n_fft = 2048, 64, 256
    f0 = -309 * FS / L  # periodic on L, 38.6 bins: off the bin grid
    x = to_xp(np.exp(2j * np.pi * f0 * np.arange(L) / FS), xp, device)
    inst, _ = phase_derivatives(x, ("gauss", 2.0), hop, n_fft, fs=FS)
    assert tuple(inst.shape) == (n_fft, L // hop)
    mask = _energy_mask(x, ("gauss", 2.0), hop, n_fft, 1e-4)
    assert np.abs(to_numpy(inst)[mask] - f0).max() <= 1e-9 * abs(f0)


@uses(phase_derivatives)
@pytest.mark.parametrize("window, tol", [(("gauss", 4.0), 1e-10), ("hann", 1e-5)], ids=["gauss", "hann"])
def test_linear_chirp_follows_the_chirp_law_on_the_ridge(xp, device, window, tol):
    L, hop, n_fft = 8192, 64, 512
    t = np.arange(L) / FS
    f0, beta = 500.0, 2000.0  # 500 Hz -> 2548 Hz
    x = to_xp(np.cos(2 * np.pi * (f0 * t + beta * t**2 / 2)), xp, device)
    kw = {"boundary": "zeros", "center": True}
    inst, times = (to_numpy(a) for a in phase_derivatives(x, window, hop, n_fft, fs=FS, **kw))
    p = np.abs(to_numpy(stft(x, window, hop, n_fft, **kw))) ** 2
    frames = np.arange(12, p.shape[1] - 12)  # away from the signal's ends
    ridge = np.argmax(p[:, frames], axis=0)
    f_hat, t_hat = inst[ridge, frames], times[ridge, frames]
    # the reassigned points lie on the chirp's line f = f0 + beta t ...
    assert np.max(np.abs(f_hat - (f0 + beta * t_hat)) / f_hat) <= tol
    # ... and the instantaneous frequency at the ridge is the chirp law at the frame centre
    centres = to_numpy(frame_times(L, n_fft, hop, fs=FS, **kw))[frames]
    assert np.max(np.abs(f_hat - (f0 + beta * centres)) / f_hat) <= 1e-2


@uses(phase_derivatives)
@pytest.mark.parametrize("window", ["hann", "hamming", ("gauss", 1.0), "random"], ids=str)
@pytest.mark.parametrize("boundary", ["circular", "zeros"])
def test_impulse_reassigned_time(xp, device, dtype, window, boundary):
    L, hop, n_fft, t0 = 2048, 32, 256, 1000
    if window == "random":
        window = to_xp(np.random.default_rng(0).uniform(0.2, 1.0, 200), xp, device, dtype)
    x = to_xp(np.eye(L)[t0], xp, device, dtype)
    _inst, times = phase_derivatives(x, window, hop, n_fft, fs=FS, boundary=boundary, center=True)
    mask = _energy_mask(x, window, hop, n_fft, 1e-4, boundary=boundary, center=True)
    err = np.abs(to_numpy(times)[mask] * FS - t0)
    assert mask.sum() >= n_fft // 2 + 1  # at least one whole frame
    assert err.max() <= (1e-9 if dtype == xp.float64 else 2e-3) * t0


@uses(phase_derivatives, reassigned_spectrogram)
def test_never_nan_and_floor(xp, device, dtype):
    L, hop, n_fft = 512, 64, 256
    z = to_xp(np.zeros((2, L)), xp, device, dtype)
    inst, times = (to_numpy(a) for a in phase_derivatives(z, "hann", hop, n_fft, fs=FS))
    # an all-zero signal: every bin sits at its own centre frequency and frame time
    np.testing.assert_allclose(inst, np.broadcast_to(np.fft.rfftfreq(n_fft, 1 / FS)[:, None], inst.shape),
                               rtol=1e-6)
    np.testing.assert_allclose(times, np.broadcast_to(np.arange(L // hop) * hop / FS, times.shape),
                               rtol=1e-6)
    # a short tone burst: most bins hold (numerically) no energy
    x = np.zeros(L)
    x[200:260] = np.sin(np.arange(60))
    for floor in (1e-15, 1e-6):
        f, t, mag = (to_numpy(a) for a in reassigned_spectrogram(to_xp(x, xp, device, dtype), "hann", hop,
                                                                 n_fft, fs=FS, floor=floor))
        assert np.all(np.isfinite(f)) and np.all(np.isfinite(t)) and np.all(np.isfinite(mag))


def _oracle(x, g, hop, fs, floor):
    """Instantaneous frequency and reassigned time from three plain FFTs of gathered frames
    (circular boundary, ``center=False``), with the floor of the docs: epsilon times the
    loudest frame's energy.  float64 NumPy, independent of framekit."""
    L, M = x.shape[-1], g.shape[0]
    N = L // hop
    idx = (np.arange(N)[:, None] * hop + np.arange(M)[None, :]) % L
    frames = x[..., idx]  # (..., N, M)
    nu = np.fft.rfftfreq(M)
    nu[-1] = 0.0 if M % 2 == 0 else nu[-1]  # the Nyquist term has no real derivative
    d = np.fft.irfft(np.fft.rfft(g) * 1j * nu, n=M) * fs  # g' / (2 pi), per second
    cg, cd, ct = (np.fft.rfft(frames * w, axis=-1) for w in (g, d, np.arange(M) / fs * g))
    energy = np.max(np.sum(np.abs(frames * g) ** 2, axis=-1), axis=-1)[..., None, None]
    c_s = np.maximum(np.abs(cg) ** 2, floor * energy + np.finfo(float).tiny)
    inst = np.fft.rfftfreq(M, 1 / fs) - np.imag(cd * np.conj(cg)) / c_s
    times = np.arange(N)[:, None] * hop / fs + np.real(ct * np.conj(cg)) / c_s
    return np.swapaxes(inst, -1, -2), np.swapaxes(times, -1, -2), np.abs(cg) ** 2 < floor * energy


@uses(phase_derivatives)
@pytest.mark.parametrize("rows", [None, 7])  # whole arrays; chunks (the tap path on NumPy, torch)
def test_floor_is_epsilon_times_the_loudest_frame_energy(xp, device, dtype, rows, monkeypatch):
    from framekit import _backend

    monkeypatch.setattr(_backend, "fft_chunk_rows", lambda xp, n, *a: rows)
    L, hop, M, floor = 1024, 32, 128, 1e-6
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, L))
    x[0, 512:] *= 1e-5  # quiet frames: their bins fall under the floor
    x[1, 300:700] = 0.0  # silent frames: |c_g| = 0 there
    g = scipy_window("hann", M)
    inst, times, floored = _oracle(x, g, hop, FS, floor)
    assert 0.1 < floored.mean() < 0.9  # both kinds of bins are checked
    got = phase_derivatives(to_xp(x, xp, device, dtype), to_xp(g, xp, device, dtype), hop, M,
                            fs=FS, floor=floor)
    tol = 1e-12 if dtype == xp.float64 else 1e-4
    for a, b in zip(got, (inst, times)):
        assert_backend(a, xp, device, dtype=dtype, shape=b.shape)
        assert _max_rel(a, b) <= tol


@pytest.mark.parametrize("win_length, hop", [(128, 32), (100, 32), (50, 64), (64, 64)])
@pytest.mark.parametrize("kind", ["real", "complex"])
def test_loudest_frame_energy_is_the_largest_windowed_frame_energy(xp, device, win_length, hop, kind):
    from framekit.tf.phase import _loudest_frame_energy

    rng = np.random.default_rng(4)
    n_frames = 20
    ext = rng.standard_normal((3, (n_frames - 1) * hop + win_length))
    if kind == "complex":
        ext = ext + 1j * rng.standard_normal(ext.shape)
    g = rng.uniform(0.1, 1.0, win_length)
    idx = np.arange(n_frames)[:, None] * hop + np.arange(win_length)[None, :]
    want = np.max(np.sum(np.abs(ext[:, idx] * g) ** 2, axis=-1), axis=-1)
    got = _loudest_frame_energy(xp, to_xp(ext, xp, device), to_xp(g, xp, device), hop, n_frames)
    assert_backend(got, xp, device, shape=(3,))
    np.testing.assert_allclose(to_numpy(got), want, rtol=1e-12)


@uses(phase_derivatives)
def test_bad_input(xp, device):
    x = to_xp(np.ones(256), xp, device)
    with pytest.raises(ValueError, match="fs"):
        phase_derivatives(x, "hann", 32, 64, fs=0.0)
    with pytest.raises(ValueError, match="floor"):
        phase_derivatives(x, "hann", 32, 64, floor=0.0)
    with pytest.raises(ValueError, match="hop"):
        phase_derivatives(x, "hann", 0, 64)
    with pytest.raises(ValueError, match="x contains NaN"):
        phase_derivatives(to_xp(np.full(256, np.inf), xp, device), "hann", 32, 64)


@pytest.mark.peer
def test_matches_librosa_reassigned_spectrogram():
    librosa = pytest.importorskip("librosa")
    L, hop, n_fft = 8192, 64, 512
    t = np.arange(L) / FS
    rng = np.random.default_rng(3)
    x = 10 * np.cos(2 * np.pi * 1000.3 * t) + np.cos(2 * np.pi * (300 * t + 900 * t**2)) + 0.1 * rng.standard_normal(L)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fl, tl, ml = librosa.reassigned_spectrogram(x, sr=FS, n_fft=n_fft, hop_length=hop, window="hann",
                                                    center=True, pad_mode="constant", fill_nan=True,
                                                    clip=False)
    f, tt, mag = reassigned_spectrogram(x, "hann", hop, n_fft, fs=FS, boundary="zeros", center=True)
    # our zero-padded mode starts at frame p_min < 0; librosa's frames are p = 0, 1, ...
    first = int(np.argmin(np.abs(frame_times(L, n_fft, hop, boundary="zeros", center=True))))
    f, tt, mag = (a[:, first : first + ml.shape[1]] for a in (f, tt, mag))
    np.testing.assert_allclose(mag, ml, rtol=0, atol=1e-12 * ml.max())
    mask = ml**2 >= 1e-3 * (ml**2).max()
    mask[:, :8] = mask[:, -8:] = False
    assert mask.sum() > 500
    # librosa's derivative window is a finite difference (ours is spectral): close, not equal
    assert np.max(np.abs(f - fl)[mask]) <= 1e-2
    # librosa weights the window by k - (n_fft - 1) / 2 on frames centred at k = n_fft / 2, so its
    # times are late by half a sample (an impulse at t0 comes out at t0 + 0.5 samples)
    np.testing.assert_allclose(tt[mask], tl[mask] - 0.5 / FS, rtol=0, atol=1e-9)


@pytest.mark.parametrize("window", ["hann", ("gauss", 2.0)], ids=str)
def test_torch_autograd(window):
    torch = pytest.importorskip("torch")
    x = torch.randn(2, 256, dtype=torch.float64, generator=torch.Generator().manual_seed(0),
                    requires_grad=True)
    f, t = phase_derivatives(x, window, 16, 64, fs=100.0)
    (f.sum() + t.sum()).backward()
    assert torch.isfinite(x.grad).all()
    # the gradient of the reassigned time matches a finite difference
    d = torch.randn(2, 256, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    x.grad = None
    _, t = phase_derivatives(x, window, 16, 64, fs=100.0)
    t[..., 5, 3].sum().backward()
    eps = 1e-6
    with torch.no_grad():
        tp = phase_derivatives(x + eps * d, window, 16, 64, fs=100.0)[1][..., 5, 3].sum()
        tm = phase_derivatives(x - eps * d, window, 16, 64, fs=100.0)[1][..., 5, 3].sum()
    assert abs(float((tp - tm) / (2 * eps)) - float((x.grad * d).sum())) < 1e-5 * max(1.0, abs(float((tp - tm) / (2 * eps))))


# --- the sparse-DFT tap path and the chunked two-pass path equal the plain computation ---------

def _max_rel(a, b):
    a, b = to_numpy(a), to_numpy(b)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def _windows(name, n_fft, xp, device, dtype):
    if name == "random":  # not sparse: falls back to three FFTs
        return to_xp(np.random.default_rng(5).uniform(0.2, 1.0, n_fft), xp, device, dtype)
    return to_xp(scipy_window(name, n_fft), xp, device, dtype)


def scipy_window(name, n):
    signal = pytest.importorskip("scipy.signal")
    return signal.get_window(name, n)  # periodic


@uses(phase_derivatives, reassigned_spectrogram)
@pytest.mark.parametrize("name", ["hann", "hamming", "blackman", "random"])
@pytest.mark.parametrize("kind", ["real", "complex"])
@pytest.mark.parametrize("rows", [7, 1000])  # several chunks, one chunk
def test_tap_path_equals_three_ffts(xp, device, dtype, name, kind, rows, monkeypatch):
    from framekit import _backend
    from framekit.tf import _phase_chunked

    monkeypatch.setattr(_backend, "fft_chunk_rows", lambda xp, n, *a: rows)  # taps need chunking
    n_fft, hop, L = 128, 32, 1024
    w = _windows(name, n_fft, xp, device, dtype)
    assert (_phase_chunked.window_taps(xp, w, n_fft, FS) is None) == (name == "random")
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, L)) + (1j * rng.standard_normal((2, L)) if kind == "complex" else 0)
    x = to_xp(x, xp, device, dtype)
    kw = {"fs": FS, "boundary": "zeros", "center": True}
    fast = reassigned_spectrogram(x, w, hop, n_fft, **kw)
    monkeypatch.setattr(_phase_chunked, "window_taps", lambda *a: None)
    plain = reassigned_spectrogram(x, w, hop, n_fft, **kw)
    for a, b in zip(fast, plain):
        assert_backend(a, xp, device, dtype=dtype, shape=tuple(b.shape))
        assert _max_rel(a, b) <= (1e-12 if dtype == xp.float64 else 1e-4)


@uses(phase_derivatives, reassigned_spectrogram)
@pytest.mark.parametrize("window", ["hann", ("gauss", 2.0), "random"], ids=str)
@pytest.mark.parametrize("rows", [None, 5, 40, 100])  # none; parts of a signal; whole signals
def test_chunked_equals_whole(xp, device, window, rows, monkeypatch):
    from framekit import _backend

    n_fft, hop, L = 64, 16, 512  # 32 frames per signal
    if window == "random":
        window = to_xp(np.random.default_rng(2).uniform(0.2, 1.0, 50), xp, device)
    x = np.random.default_rng(3).standard_normal((3, 2, L))
    x[0, 1, 100:] = 0.0  # many bins under the floor
    x = to_xp(x, xp, device)
    monkeypatch.setattr(_backend, "fft_chunk_rows", lambda xp, n, *a: None)
    whole = reassigned_spectrogram(x, window, hop, n_fft, fs=FS, center=True)
    monkeypatch.setattr(_backend, "fft_chunk_rows", lambda xp, n, *a: rows)
    chunked = reassigned_spectrogram(x, window, hop, n_fft, fs=FS, center=True)
    for a, b in zip(chunked, whole):
        assert_backend(a, xp, device, shape=tuple(b.shape))
        assert _max_rel(a, b) <= 1e-13
