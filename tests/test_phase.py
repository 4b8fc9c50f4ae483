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
CIRC = {"pad_mode": "circular"}


def _energy_mask(x, level, **kw):
    c = to_numpy(stft(x, **kw))
    p = np.abs(c) ** 2
    return p >= level * p.max(axis=(-2, -1), keepdims=True)


# --- the spec's periodic tones: exact in circular mode, for every window ----------------------

L_P, HOP_P, M_P = 4096, 128, 512
J1, J2 = 513, 1301  # frequencies j / L: off the bin grid (64.125 and 162.6 bins)
PERIODIC_WINDOWS = ["hann", "hamming", "blackman", "gauss", "boxcar", "user"]


def _periodic_window(name, xp=None, device=None, dtype=None):
    if name == "gauss":
        return ("gauss", 4.0)
    if name == "user":  # not symmetric, not vanishing at its ends, shorter than n_fft
        w = np.random.default_rng(0).uniform(0.2, 1.0, 400)
        return w if xp is None else to_xp(w, xp, device, dtype)
    return name


def _tone_truth(kind, w):
    """The signal and the exact instantaneous frequency at every bin, (F, N), in cycles/sample.

    A sum of tones a_j e^{2 pi i f_j t} has ``c = sum c_j`` and ``c_{x'} = sum i f_j c_j``, so
    its exact instantaneous frequency is ``Re(sum f_j c_j conj c) / |c|^2`` (one tone: f)."""
    t = np.arange(L_P)
    parts = [(1.0, J1 / L_P)] + ([(0.5, J2 / L_P)] if kind == "two" else [])
    comps = [a * np.exp(2j * np.pi * f * t) for a, f in parts]
    cs = [stft(c, n_fft=M_P, hop_length=HOP_P, window=w, **CIRC) for c in comps]
    c = sum(cs)
    with np.errstate(invalid="ignore", divide="ignore"):  # bins with c = 0 are masked out
            truth = np.real(sum(f * cj for (_, f), cj in zip(parts, cs)) * np.conj(c)) / np.abs(c) ** 2
    return sum(comps), truth, np.abs(c) ** 2 >= 1e-6 * np.max(np.abs(c) ** 2)  # above -60 dB


@uses(phase_derivatives)
@pytest.mark.parametrize("kind", ["tone", "two"])
@pytest.mark.parametrize("name", PERIODIC_WINDOWS)
def test_periodic_tones_exact_in_circular_mode(xp, device, dtype, name, kind):
    x, truth, mask = _tone_truth(kind, _periodic_window(name))
    w = _periodic_window(name, xp, device, dtype)
    inst, times = phase_derivatives(to_xp(x, xp, device, dtype), n_fft=M_P, hop_length=HOP_P, window=w, **CIRC)
    assert_backend(inst, xp, device, dtype=dtype, shape=(M_P, L_P // HOP_P))
    assert_backend(times, xp, device, dtype=dtype, shape=(M_P, L_P // HOP_P))
    assert mask.sum() >= 2 * (L_P // HOP_P)
    err = np.max(np.abs(to_numpy(inst) - truth)[mask])
    assert err <= (1e-10 if dtype == xp.float64 else 1e-4), err


def _old_t_periodic_if(x, w):
    """The previous method (a reference, reimplemented): the window's derivative taken as a
    T-periodic sequence, ``IDFT_T(i nu DFT_T(g))``, in the STFT of x itself."""
    T = len(w)
    nu = np.fft.fftfreq(T)
    if T % 2 == 0:
        nu[T // 2] = 0.0
    d = np.real(np.fft.ifft(np.fft.fft(w) * 1j * nu))
    kw = {"n_fft": M_P, "hop_length": HOP_P, **CIRC}
    cg, cd = stft(x, window=w, **kw), stft(x, window=d, **kw)
    return np.fft.fftfreq(M_P)[:, None] - np.imag(cd * np.conj(cg)) / np.abs(cg) ** 2


@pytest.mark.parametrize("name", ["hann", "hamming", "blackman", "user"])
def test_old_t_periodic_derivative_fails_the_bound(name):
    """The bound of the test above discriminates: the old method misses it, by far."""
    w = _periodic_window(name, np, "cpu", np.float64)
    w = w if isinstance(w, np.ndarray) else to_numpy(get_window(w, M_P))
    x, truth, mask = _tone_truth("tone", w)
    old = np.max(np.abs(_old_t_periodic_if(x, w) - truth)[mask])
    new = np.max(np.abs(to_numpy(phase_derivatives(x, n_fft=M_P, hop_length=HOP_P, window=w, **CIRC)[0])
                        - truth)[mask])
    assert new <= 1e-10
    assert old > 1e-8  # hann ~3e-6, hamming ~4e-2, blackman ~2e-8, user ~1.5 cycles/sample


# --- further known results -------------------------------------------------------------------

# windows, the energy level (relative to the peak) of the bins checked (the main lobe, where
# the cosine's negative-frequency twin does not interfere), and the float64 tolerance.
COSINE_WINDOWS = [
    (("gauss", 4.0), 1e-4, 1e-10),
    ("hann", 1e-1, 1e-6),
    ("blackman", 1e-2, 1e-6),
    ("hann-400", 1e-1, 2e-6),  # window shorter than n_fft
]


@uses(phase_derivatives)
@pytest.mark.parametrize("spec", COSINE_WINDOWS, ids=lambda s: str(s[0]))
@pytest.mark.parametrize("pad_mode, center", [("circular", False), ("circular", True), ("constant", True),
                                              ("reflect", True)])
def test_cosine_instantaneous_frequency(xp, device, dtype, spec, pad_mode, center):
    name, level, tol64 = spec
    L, hop, n_fft = 4096, 128, 512
    f0 = 513 * FS / L  # periodic on L samples, 64.125 bins: off the bin grid
    x = to_xp(np.cos(2 * np.pi * f0 * np.arange(L) / FS), xp, device, dtype)
    kw = {"n_fft": n_fft, "hop_length": hop, "pad_mode": pad_mode, "center": center}
    if name == "hann-400":
        kw["win_length"] = 400
        name = "hann"
    inst, times = phase_derivatives(x, window=name, fs=FS, **kw)
    F, N = n_fft // 2 + 1, tuple(inst.shape)[-1]
    assert_backend(inst, xp, device, dtype=dtype, shape=(F, N))
    assert_backend(times, xp, device, dtype=dtype, shape=(F, N))
    mask = _energy_mask(x, level, window=name, **kw)
    mask[:, :4] = mask[:, -4:] = False  # the padded modes' ends
    err = np.abs(to_numpy(inst)[mask] - f0) / f0
    assert mask.sum() >= 2 * (N - 8)
    assert err.max() <= (tol64 if dtype == xp.float64 else 1e-4)


@uses(phase_derivatives)
def test_complex_exponential_negative_frequency(xp, device):
    L, hop, n_fft = 2048, 64, 256
    f0 = -309 * FS / L  # periodic on L, 38.6 bins: off the bin grid
    x = to_xp(np.exp(2j * np.pi * f0 * np.arange(L) / FS), xp, device)
    kw = {"n_fft": n_fft, "hop_length": hop, "window": "hamming", **CIRC}
    inst, _ = phase_derivatives(x, fs=FS, **kw)
    assert tuple(inst.shape) == (n_fft, L // hop)
    mask = _energy_mask(x, 1e-6, **kw)
    assert np.abs(to_numpy(inst)[mask] - f0).max() <= 1e-9 * abs(f0)


@uses(phase_derivatives)
@pytest.mark.parametrize("window, tol", [(("gauss", 4.0), 1e-10), ("hann", 1e-5)], ids=["gauss", "hann"])
def test_linear_chirp_follows_the_chirp_law_on_the_ridge(xp, device, window, tol):
    L, hop, n_fft = 8192, 64, 512
    t = np.arange(L) / FS
    f0, beta = 500.0, 2000.0  # 500 Hz -> 2548 Hz
    x = to_xp(np.cos(2 * np.pi * (f0 * t + beta * t**2 / 2)), xp, device)
    kw = {"n_fft": n_fft, "hop_length": hop, "window": window}  # constant padding, centred
    inst, times = (to_numpy(a) for a in phase_derivatives(x, fs=FS, **kw))
    p = np.abs(to_numpy(stft(x, **kw))) ** 2
    frames = np.arange(12, p.shape[1] - 12)  # away from the signal's ends
    ridge = np.argmax(p[:, frames], axis=0)
    f_hat, t_hat = inst[ridge, frames], times[ridge, frames]
    # the reassigned points lie on the chirp's line f = f0 + beta t ...
    assert np.max(np.abs(f_hat - (f0 + beta * t_hat)) / f_hat) <= tol
    # ... and the instantaneous frequency at the ridge is the chirp law at the frame centre
    centres = to_numpy(frame_times(L, n_fft=n_fft, hop_length=hop, fs=FS))[frames]
    assert np.max(np.abs(f_hat - (f0 + beta * centres)) / f_hat) <= 1e-2


@uses(phase_derivatives)
@pytest.mark.parametrize("window", ["hann", "hamming", ("gauss", 1.0), "random", "hann-200"], ids=str)
@pytest.mark.parametrize("pad_mode, center", [("circular", True), ("circular", False), ("constant", True),
                                              ("reflect", True)])
def test_impulse_reassigned_time(xp, device, dtype, window, pad_mode, center):
    L, hop, n_fft, t0 = 2048, 32, 256, 1000
    kw = {"n_fft": n_fft, "hop_length": hop, "pad_mode": pad_mode, "center": center}
    if window == "random":
        window = to_xp(np.random.default_rng(0).uniform(0.2, 1.0, 200), xp, device, dtype)
    elif window == "hann-200":  # win_length < n_fft: the times still refer to the frames' centres
        window, kw["win_length"] = "hann", 200
    x = to_xp(np.eye(L)[t0], xp, device, dtype)
    _inst, times = phase_derivatives(x, window=window, fs=FS, **kw)
    mask = _energy_mask(x, 1e-4, window=window, **kw)
    err = np.abs(to_numpy(times)[mask] * FS - t0)
    assert mask.sum() >= n_fft // 2 + 1  # at least one whole frame
    assert err.max() <= (1e-9 if dtype == xp.float64 else 2e-3) * t0


@uses(phase_derivatives, reassigned_spectrogram)
def test_never_nan_and_floor(xp, device, dtype):
    L, hop, n_fft = 512, 64, 256
    z = to_xp(np.zeros((2, L)), xp, device, dtype)
    inst, times = (to_numpy(a) for a in phase_derivatives(z, n_fft=n_fft, hop_length=hop, fs=FS))
    # an all-zero signal: every bin sits at its own centre frequency and frame centre
    np.testing.assert_allclose(inst, np.broadcast_to(np.fft.rfftfreq(n_fft, 1 / FS)[:, None], inst.shape),
                               rtol=1e-6)
    centres = to_numpy(frame_times(L, n_fft=n_fft, hop_length=hop, fs=FS))
    np.testing.assert_allclose(times, np.broadcast_to(centres, times.shape), rtol=1e-6, atol=1e-9)
    # a short tone burst: most bins hold (numerically) no energy
    x = np.zeros(L)
    x[200:260] = np.sin(np.arange(60))
    for floor in (1e-15, 1e-6):
        f, t, mag = (to_numpy(a) for a in reassigned_spectrogram(to_xp(x, xp, device, dtype), n_fft=n_fft,
                                                                 hop_length=hop, fs=FS, floor=floor))
        assert np.all(np.isfinite(f)) and np.all(np.isfinite(t)) and np.all(np.isfinite(mag))


def _oracle(x, g, hop, fs, floor):
    """Instantaneous frequency and reassigned time of the module docstring, from plain FFTs of
    gathered frames (circular, ``center=False``: frame n starts at n hop and is centred at
    n hop + M / 2), with the floor of the docs: epsilon times the loudest frame's energy.
    float64 NumPy, independent of framekit."""
    L, M = x.shape[-1], g.shape[0]
    N = L // hop
    idx = (np.arange(N)[:, None] * hop + np.arange(M)[None, :]) % L
    nu = np.fft.rfftfreq(L)
    if L % 2 == 0:
        nu[-1] = 0.0  # the Nyquist term has no real derivative
    dx = np.fft.irfft(np.fft.rfft(x) * 1j * nu, n=L) * fs  # x' in Hz
    frames, dframes = x[..., idx], dx[..., idx]  # (..., N, M)
    cg, ct = (np.fft.rfft(frames * w, axis=-1) for w in (g, (np.arange(M) - M // 2) / fs * g))
    cd = np.fft.rfft(dframes * g, axis=-1)
    energy = np.max(np.sum(np.abs(frames * g) ** 2, axis=-1), axis=-1)[..., None, None]
    den = np.abs(cg) ** 2
    c_s = np.maximum(den, floor * energy + np.finfo(float).tiny)
    bins = np.fft.rfftfreq(M, 1 / fs)
    inst = bins + (np.imag(cd * np.conj(cg)) - bins * den) / c_s
    times = (np.arange(N)[:, None] * hop + M // 2) / fs + np.real(ct * np.conj(cg)) / c_s
    return np.swapaxes(inst, -1, -2), np.swapaxes(times, -1, -2), den < floor * energy


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
    got = phase_derivatives(to_xp(x, xp, device, dtype), n_fft=M, hop_length=hop, window=to_xp(g, xp, device, dtype),
                            center=False, fs=FS, floor=floor, **CIRC)
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


def test_fast_length():
    from framekit.tf.phase import _fast_length

    assert [_fast_length(n) for n in (1, 2, 7, 11, 97, 263168, 2**18)] == [1, 2, 8, 12, 100, 270000, 2**18]


@uses(phase_derivatives)
def test_bad_input(xp, device):
    x = to_xp(np.ones(256), xp, device)
    with pytest.raises(ValueError, match="fs"):
        phase_derivatives(x, n_fft=64, fs=0.0)
    with pytest.raises(ValueError, match="floor"):
        phase_derivatives(x, n_fft=64, floor=0.0)
    with pytest.raises(ValueError, match="hop_length"):
        phase_derivatives(x, n_fft=64, hop_length=0)
    with pytest.raises(ValueError, match="x contains NaN"):
        phase_derivatives(to_xp(np.full(256, np.inf), xp, device), n_fft=64)
    with pytest.raises(TypeError, match="positional"):
        phase_derivatives(x, "hann", 16, 64)
    with pytest.raises(TypeError, match="clip"):
        reassigned_spectrogram(x, n_fft=64, clip="yes")


@uses(reassigned_spectrogram)
def test_clip_bounds_as_librosa(xp, device):
    L, hop, n_fft = 1024, 64, 256
    rng = np.random.default_rng(9)
    x = rng.standard_normal(L)
    x[:40] += 50 * np.cos(np.pi * 0.98 * np.arange(40))  # energy near Nyquist, at the start
    x = to_xp(x, xp, device)
    f0, t0, m0 = (to_numpy(a) for a in reassigned_spectrogram(x, n_fft=n_fft, hop_length=hop, fs=FS,
                                                              clip=False))
    f1, t1, m1 = (to_numpy(a) for a in reassigned_spectrogram(x, n_fft=n_fft, hop_length=hop, fs=FS))
    assert (f0 > FS / 2).any() or (f0 < 0).any()
    assert (t0 < 0).any() and (t0 > L / FS).any()  # bins of the padded ends
    np.testing.assert_array_equal(f1, np.clip(f0, 0, FS / 2))
    np.testing.assert_array_equal(t1, np.clip(t0, 0, L / FS))
    np.testing.assert_array_equal(m1, m0)
    # two-sided spectra of complex x: frequencies clipped to [-fs/2, fs/2]
    fc, _, _ = (to_numpy(a) for a in reassigned_spectrogram(x * (1 + 0j), n_fft=n_fft, hop_length=hop, fs=FS))
    assert fc.shape == (n_fft, f1.shape[1]) and fc.min() >= -FS / 2 and fc.max() <= FS / 2 and fc.min() < 0


@pytest.mark.peer
@pytest.mark.parametrize("clip", [False, True])
def test_matches_librosa_reassigned_spectrogram(clip):
    librosa = pytest.importorskip("librosa")
    L, hop, n_fft = 8192, 64, 512
    t = np.arange(L) / FS
    rng = np.random.default_rng(3)
    x = 10 * np.cos(2 * np.pi * 1000.3 * t) + np.cos(2 * np.pi * (300 * t + 900 * t**2)) + 0.1 * rng.standard_normal(L)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fl, tl, ml = librosa.reassigned_spectrogram(x, sr=FS, n_fft=n_fft, hop_length=hop, window="hann",
                                                    center=True, pad_mode="constant", fill_nan=True,
                                                    clip=clip)
    f, tt, mag = reassigned_spectrogram(x, n_fft=n_fft, hop_length=hop, fs=FS, clip=clip)  # same defaults
    assert f.shape == fl.shape
    np.testing.assert_allclose(mag, ml, rtol=0, atol=1e-12 * ml.max())
    mask = ml**2 >= 1e-3 * (ml**2).max()
    mask[:, :8] = mask[:, -8:] = False
    assert mask.sum() > 500
    # librosa's derivative window is a finite difference (ours is exact): close, not equal
    assert np.max(np.abs(f - fl)[mask]) <= 1e-2
    # librosa weights the window by k - (n_fft - 1) / 2 on frames centred at k = n_fft / 2, so its
    # times are late by half a sample (an impulse at t0 comes out at t0 + 0.5 samples)
    np.testing.assert_allclose(tt[mask], tl[mask] - 0.5 / FS, rtol=0, atol=1e-9)
    if clip:
        assert f.min() >= 0 and f.max() <= FS / 2 and tt.min() >= 0 and tt.max() <= L / FS


@pytest.mark.parametrize("window", ["hann", ("gauss", 2.0)], ids=str)
def test_torch_autograd(window):
    torch = pytest.importorskip("torch")
    x = torch.randn(2, 256, dtype=torch.float64, generator=torch.Generator().manual_seed(0),
                    requires_grad=True)
    kw = {"n_fft": 64, "hop_length": 16, "window": window, "fs": 100.0}
    f, t = phase_derivatives(x, **kw)
    (f.sum() + t.sum()).backward()
    assert torch.isfinite(x.grad).all()
    # the gradients of the reassigned time and frequency match finite differences
    d = torch.randn(2, 256, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    for out in (0, 1):
        x.grad = None
        phase_derivatives(x, **kw)[out][..., 5, 3].sum().backward()
        eps = 1e-6
        with torch.no_grad():
            tp = phase_derivatives(x + eps * d, **kw)[out][..., 5, 3].sum()
            tm = phase_derivatives(x - eps * d, **kw)[out][..., 5, 3].sum()
        fd = float((tp - tm) / (2 * eps))
        assert abs(fd - float((x.grad * d).sum())) < 1e-5 * max(1.0, abs(fd))


# --- the sparse-DFT tap path and the chunked path equal the plain computation ------------------

def _max_rel(a, b):
    a, b = to_numpy(a), to_numpy(b)
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


def _windows(name, n_fft, xp, device, dtype):
    if name == "random":  # not sparse: the windowed FFTs
        return to_xp(np.random.default_rng(5).uniform(0.2, 1.0, n_fft), xp, device, dtype)
    return to_xp(scipy_window(name, n_fft), xp, device, dtype)


def scipy_window(name, n):
    signal = pytest.importorskip("scipy.signal")
    return signal.get_window(name, n)  # periodic


@uses(phase_derivatives, reassigned_spectrogram)
@pytest.mark.parametrize("name", ["hann", "hamming", "blackman", "boxcar", "random"])
@pytest.mark.parametrize("kind", ["real", "complex"])
@pytest.mark.parametrize("rows", [7, 1000])  # several chunks, one chunk
def test_tap_path_equals_whole_arrays(xp, device, dtype, name, kind, rows, monkeypatch):
    from framekit import _backend
    from framekit.tf import _phase_chunked

    n_fft, hop, L = 128, 32, 1024
    w = _windows(name, n_fft, xp, device, dtype)
    assert (_phase_chunked.window_taps(xp, w, n_fft) is None) == (name == "random")
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, L)) + (1j * rng.standard_normal((2, L)) if kind == "complex" else 0)
    x = to_xp(x, xp, device, dtype)
    kw = {"n_fft": n_fft, "hop_length": hop, "window": w, "fs": FS, "clip": False}
    monkeypatch.setattr(_backend, "fft_chunk_rows", lambda xp, n, *a: rows)  # taps need chunking
    fast = reassigned_spectrogram(x, **kw)
    monkeypatch.setattr(_backend, "fft_chunk_rows", lambda xp, n, *a: None)
    plain = reassigned_spectrogram(x, **kw)
    for a, b in zip(fast, plain):
        assert_backend(a, xp, device, dtype=dtype, shape=tuple(b.shape))
        assert _max_rel(a, b) <= (1e-12 if dtype == xp.float64 else 1e-4)


@uses(phase_derivatives, reassigned_spectrogram)
@pytest.mark.parametrize("window", ["hann", ("gauss", 2.0), "random", "hann-48"], ids=str)
@pytest.mark.parametrize("rows", [None, 5, 40, 100])  # none; parts of a signal; whole signals
@pytest.mark.parametrize("pad_mode", ["circular", "constant", "reflect"])
def test_chunked_equals_whole(xp, device, window, rows, pad_mode, monkeypatch):
    from framekit import _backend

    n_fft, hop, L = 64, 16, 512  # 32 frames per signal (circular)
    kw = {"n_fft": n_fft, "hop_length": hop, "pad_mode": pad_mode, "fs": FS}
    if window == "random":
        window = to_xp(np.random.default_rng(2).uniform(0.2, 1.0, 50), xp, device)
    elif window == "hann-48":
        window, kw["win_length"] = "hann", 48
    x = np.random.default_rng(3).standard_normal((3, 2, L))
    x[0, 1, 100:] = 0.0  # many bins under the floor
    x = to_xp(x, xp, device)
    monkeypatch.setattr(_backend, "fft_chunk_rows", lambda xp, n, *a: None)
    whole = reassigned_spectrogram(x, window=window, **kw)
    monkeypatch.setattr(_backend, "fft_chunk_rows", lambda xp, n, *a: rows)
    chunked = reassigned_spectrogram(x, window=window, **kw)
    for a, b in zip(chunked, whole):
        assert_backend(a, xp, device, shape=tuple(b.shape))
        assert _max_rel(a, b) <= 1e-13


@pytest.mark.peer
@pytest.mark.parametrize("name", ["hann", "hamming", "blackman", ("gauss", 1.0)], ids=str)
@pytest.mark.parametrize("signal", ["tone", "chirp"])
def test_against_ltfatpy_gabphasegrad(name, signal):
    """ltfatpy 1.1 (LTFAT's gabphasegrad('dgt', ...) on its 'freqinv' DGT, the window centred
    at index 0; builds only with Debian's libfftw3-dev, libblas-dev and liblapack-dev).

    Its DGT is framekit's circular freqinv STFT, and fgrad = phi_f (samples), on any signal.
    tgrad = L phi_t (modulo L) holds on signals that repeat every L samples at bins above
    -40 dB; below that, and on signals that do not repeat, ltfatpy's older gabphasegrad (not
    LTFAT's later, exact gabphasederiv) departs from the exact derivative: by up to 0.4
    cycles/sample for hamming at -60 dB on the tones, where framekit is exact to 2e-13
    (test_periodic_tones_exact_in_circular_mode), and by 5e-8 on the noisy chirp."""
    ltfatpy = pytest.importorskip("ltfatpy")
    L, a, M = 1024, 32, 128
    t = np.arange(L)
    if signal == "tone":  # repeats exactly every L samples
        x = np.exp(2j * np.pi * 37 * t / L) + 0.5 * np.exp(2j * np.pi * 301 * t / L)
    else:
        x = np.cos(2 * np.pi * (0.05 * t + 4e-5 * t**2)) + 0.01 * np.random.default_rng(0).standard_normal(L)
    w = to_numpy(get_window(name, M))
    g_ltfat = np.roll(np.concatenate([w, np.zeros(L - M)]), -(M // 2))  # centre sample at index 0
    tgrad, fgrad, c = ltfatpy.gabphasegrad("dgt", x, g_ltfat, a, M)
    kw = {"n_fft": M, "hop_length": a, "window": w, "pad_mode": "circular"}
    np.testing.assert_allclose(stft(x, phase="freqinv", onesided=False, **kw), c, rtol=0,
                               atol=1e-12 * np.abs(c).max())
    inst, times = phase_derivatives(x, **kw)
    F = inst.shape[0]
    keep = np.abs(c[:F]) > 1e-2 * np.abs(c).max()  # above -40 dB
    n = np.arange(L // a)[None, :]
    assert np.abs((times - n * a) - fgrad[:F])[keep].max() <= 1e-11
    if signal == "tone":
        m = np.fft.fftfreq(M, 1 / M)[:, None]
        d = (L * (inst - m / M) - tgrad) / L
        assert np.abs((d + 0.5) % 1.0 - 0.5)[keep].max() <= 1e-12
