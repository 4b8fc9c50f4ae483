"""framekit.nn: learnable ISAC, HybrA, MuReNN, baselines, distillation (torch CPU, CUDA if present)."""

from __future__ import annotations

import copy
import io
import pickle

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pywt = pytest.importorskip("pywt")

import framekit
from framekit.nn import (
    ISAC,
    Conv1D,
    Gabor1D,
    HybrA,
    MuReNN,
    distill,
    distillation_loss,
    heisenberg_spread,
    synthetic_signals,
)

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
DTYPES = [torch.float64, torch.float32]
TOL = {torch.float64: 1e-12, torch.float32: 1e-5}
L = 1024  # short signals: every module here accepts them


def _rel(a, b):
    return float(torch.linalg.vector_norm(a - b).detach() / torch.linalg.vector_norm(b).detach())


def _signal(B, n, dtype, device, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(B, n, generator=g, dtype=dtype).to(device)


# ------------------------------------------------------------------ ISAC


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_isac_initialisation_equals_the_design(dtype, device):
    m = ISAC(16000, length=L, dtype=dtype, device=device)
    fb = framekit.isac(16000, length=L, xp=torch, dtype=dtype, device=device)
    assert m.kernels.dtype == fb.kernels.dtype and m.kernels.device.type == device
    assert torch.equal(m.kernels.detach(), fb.kernels)
    assert (m.stride, m.length, m.num_channels) == (16, L, 40)
    with torch.no_grad():
        assert abs(float(m.condition_number()) - float(fb.condition_number())) < 1e-4


def test_isac_condition_number_matches_hybra_worked_value():
    with torch.no_grad():
        kappa = ISAC(16000, dtype=torch.float64).condition_number()
    assert round(float(kappa), 4) == 1.5902  # hybra's mel value at d = 16 (filterbanks.md)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mask", [False, True])
def test_isac_inverse_is_exact_at_every_training_step(dtype, device, mask):
    torch.manual_seed(0)
    n = 256  # small: 20 steps, each through the polyphase eigen-solve and its backward
    m = ISAC(8000, kernel_size=64, num_channels=20, stride=8, length=n, support_mask=mask, dtype=dtype, device=device)
    opt = torch.optim.Adam(m.parameters(), lr=1e-3)
    x = _signal(2, n, dtype, device)
    target = _signal(2, n, dtype, device, seed=1)
    kappas = []
    for _ in range(20):
        c = m(x)
        y = m.inverse(c)
        assert y.dtype == dtype and y.device.type == device
        assert _rel(y, x) < TOL[dtype]
        # a loss that moves the kernels, through the coefficients and the exact inverse
        loss = torch.mean(torch.abs(c) ** 2) + 0.1 * m.condition_number() + torch.mean((y - target) ** 2)
        opt.zero_grad()
        loss.backward()
        opt.step()
        kappas.append(float(m.condition_number().detach()))
    with torch.no_grad():
        assert _rel(m.inverse(m(x)), x) < TOL[dtype]
    assert kappas[0] != kappas[-1]  # the kernels moved
    if mask:
        k = m.kernels.detach()
        assert torch.all(k[~m.mask] == 0)
        assert torch.all(m.kernels_real.detach()[~m.mask] == 0) and torch.all(m.kernels_imag.detach()[~m.mask] == 0)


def test_isac_explicit_mask_and_mask_keeps_hann_support():
    m = ISAC(16000, length=L, support_mask=True, dtype=torch.float64)
    fb = framekit.isac(16000, length=L, xp=torch, dtype=torch.float64)
    assert torch.equal(m.kernels.detach(), fb.kernels)  # the Hann windows lie inside the mask
    assert int(m.mask.sum()) < m.mask.numel()
    mask = torch.zeros(40, 128, dtype=torch.bool)
    mask[:, 32:96] = True
    m2 = ISAC(16000, length=L, support_mask=mask, dtype=torch.float64)
    assert torch.all(m2.kernels.detach()[:, :32] == 0)


def test_isac_cache_is_reused_and_invalidated():
    m = ISAC(16000, length=L, dtype=torch.float64)
    with torch.no_grad():
        fb1 = m.to_filterbank()
        assert m.to_filterbank() is fb1  # cached
        d1 = fb1.dual()
        assert m.to_filterbank().dual() is d1
        m.kernels_real.add_(1e-3 * torch.randn_like(m.kernels_real))  # in place: version bump
        fb2 = m.to_filterbank()
        assert fb2 is not fb1
        x = _signal(1, L, torch.float64, "cpu")
        assert _rel(m.inverse(m(x)), x) < 1e-12
    # a bank built without autograd is not reused when gradients are needed
    fb3 = m.to_filterbank()
    assert fb3 is not fb2 and fb3.kernels.requires_grad
    assert m.to_filterbank() is fb3
    m.condition_number().backward()  # the backward pass drops the graph-holding bank
    assert m._cache is None
    m.condition_number().backward()  # and a second loss on the same parameters works
    # load_state_dict changes the kernels in place: invalidated too
    other = ISAC(16000, length=L, dtype=torch.float64)
    with torch.no_grad():
        other.kernels_imag.mul_(0.5)
        before = m.to_filterbank()
        m.load_state_dict(other.state_dict())
        assert m.to_filterbank() is not before
        assert torch.equal(m.kernels, other.kernels)


def test_isac_gradcheck_frame_bounds_and_condition_number():
    m = ISAC(1000, kernel_size=16, num_channels=6, stride=2, length=32, dtype=torch.float64)
    k0 = (m.kernels_real.detach().clone(), m.kernels_imag.detach().clone())

    def bounds(kr, ki):
        with torch.no_grad():
            m.kernels_real.copy_(kr.detach())
            m.kernels_imag.copy_(ki.detach())
        # rebuild the bank from the inputs so that gradcheck differentiates through it
        fb = framekit.FilterBank(torch.complex(kr, ki), m.stride, m.length, signal="real", origin=m.origin)
        A, B = fb.frame_bounds()
        return A, B, fb.condition_number()

    kr = k0[0].clone().requires_grad_(True)
    ki = k0[1].clone().requires_grad_(True)
    assert torch.autograd.gradcheck(bounds, (kr, ki))
    # the module's own methods give the same gradients
    with torch.no_grad():
        m.kernels_real.copy_(k0[0])
        m.kernels_imag.copy_(k0[1])
    kappa = m.condition_number()
    (g_mod,) = torch.autograd.grad(kappa, m.kernels_real)
    (g_ref,) = torch.autograd.grad(bounds(kr, ki)[2], kr)
    assert torch.allclose(g_mod, g_ref, atol=1e-12)


def test_to_filterbank_bounds_equal_the_module():
    m = ISAC(16000, length=L, dtype=torch.float64)
    fb = m.to_filterbank()
    A, B = m.frame_bounds()
    A2, B2 = framekit.FilterBank(m.kernels.detach(), m.stride, m.length, origin=m.origin).frame_bounds()
    assert abs(float(A.detach()) - float(A2)) < 1e-12 and abs(float(B.detach()) - float(B2)) < 1e-12
    assert isinstance(fb, framekit.FilterBank)


# ------------------------------------------------------------------ HybrA


@pytest.mark.parametrize("dtype", DTYPES)
def test_hybra_inverse_exact_during_tightness_training(dtype):
    m = HybrA(8000, kernel_size=64, num_channels=20, stride=8, length=256, seed=0, dtype=dtype)
    assert m.kernels.shape == (20, 64 + 23 - 1)
    x = _signal(2, 256, dtype, "cpu")
    opt = torch.optim.Adam([m.encoder_real, m.encoder_imag], lr=1e-2)
    pen = []
    for _ in range(10):
        assert _rel(m.inverse(m(x)), x) < TOL[dtype]
        loss = m.tightness()
        pen.append(float(loss.detach()))
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert pen[-1] < pen[0]
    assert not m.isac.kernels_real.requires_grad  # the auditory part is fixed by default


def test_hybra_equals_isac_then_encoder():
    m = HybrA(16000, length=L, seed=1, dtype=torch.float64)
    x = _signal(1, L, torch.float64, "cpu")
    with torch.no_grad():
        c = m(x)
        # ISAC at stride 1, then each channel's encoder (circular, centred), then decimation
        isac1 = framekit.FilterBank(m.isac.kernels, 1, L, origin=m.isac.origin)
        u = isac1.analysis(x)  # (1, K, L)
        e = m.encoder_kernels()
        E = torch.fft.fft(torch.roll(torch.nn.functional.pad(e, (0, L - e.shape[-1])), -(e.shape[-1] // 2), -1))
        v = torch.fft.ifft(torch.fft.fft(u, dim=-1) * E, dim=-1)[..., :: m.stride]
    assert torch.allclose(c, v, atol=1e-12)
    assert isinstance(m.to_filterbank(), framekit.FilterBank)


# ------------------------------------------------------------------ MuReNN


@pytest.mark.parametrize("wavelet", ["sym8", "db4", "coif3"])
def test_murenn_dwt_equals_pywavelets(wavelet):
    m = MuReNN(5, 1, wavelet=wavelet, dtype=torch.float64)
    x = np.random.default_rng(0).standard_normal((2, 1024))
    ref = pywt.wavedec(x, wavelet, mode="periodization", level=5, axis=-1)
    got = m.dwt(torch.from_numpy(x))
    assert len(got) == len(ref)
    for a, b in zip(got, ref):
        np.testing.assert_allclose(a.numpy(), b, atol=1e-10)


@pytest.mark.parametrize("wavelet", ["sym8", "db4"])
@pytest.mark.parametrize("analytic", [True, False])
def test_murenn_subbands_are_the_dwt_not_decimated_at_the_last_level(wavelet, analytic):
    # x_j = (x * psi_j)[2^j t]: decimated by 2, the pywt details; the analytic subband's real
    # part is the real one; the approximation band (x * phi_J)[2^(J-1) t] decimated gives cA_J
    J = 4
    m = MuReNN(J, 1, wavelet=wavelet, analytic=analytic, dtype=torch.float64)
    x = np.random.default_rng(1).standard_normal((2, 512))
    ref = pywt.wavedec(x, wavelet, mode="periodization", level=J, axis=-1)
    sub = m.subbands(torch.from_numpy(x))
    assert len(sub) == J + 1 and sub[0].is_complex() == analytic
    for j in range(J):
        assert sub[j].shape[-1] == 512 // 2**j
        np.testing.assert_allclose(torch.real(sub[j])[..., ::2].numpy(), ref[J - j], atol=1e-10)
    assert sub[J].shape[-1] == 512 // 2 ** (J - 1)
    np.testing.assert_allclose(torch.real(sub[J])[..., ::2].numpy(), ref[0], atol=1e-10)


@pytest.mark.parametrize("analytic", [True, False])
@pytest.mark.parametrize("dtype", DTYPES)
def test_murenn_to_filterbank_equals_linear_stage(dtype, analytic):
    m = MuReNN(J=5, Q=[3, 2, 2, 0, 1, 2], T=4, fs=16000, seed=0, analytic=analytic, dtype=dtype)
    assert m.kernel_sizes == [24, 16, 16, 0, 8, 16]  # the last: the approximation band
    x = _signal(2, 512, dtype, "cpu")
    fb = m.to_filterbank(512)
    assert fb.stride == 32 and fb.num_channels == 10
    with torch.no_grad():
        c = m(x)
        assert c.shape == (2, 10, 16)
        assert _rel(fb.analysis(x), c) < (1e-12 if dtype == torch.float64 else 1e-5)
        # frame bounds, condition number and exact dual from the existing tools
        A, B = fb.frame_bounds()
        assert float(B) >= float(A) >= 0.0
    # with a (B, C, L) batch
    with torch.no_grad():
        assert m(x[:, None, :]).shape == (2, 1, 10, 16)


def test_murenn_octaves_and_kernel_sizes_follow_the_paper():
    m = MuReNN.from_frequencies([100.0, 300.0, 700.0, 1500.0, 3000.0, 6000.0, 7000.0], 16000, J=6)
    # 6000 and 7000 Hz share the top octave (4-8 kHz); 100 Hz is below the lowest detail
    # octave (125-250 Hz, left empty): it goes to the approximation band (0-125 Hz)
    assert m.Q == [2, 1, 1, 1, 1, 0, 1]
    assert m.kernel_sizes == [2 * 8 * q for q in m.Q]  # 2 L_j, L_j = 8 M_j
    assert m.hop == 64
    assert MuReNN(3, [1, 2, 0]).Q == [1, 2, 0, 0]  # J counts: no approximation-band filter


def _teacher_banks(fs, length):
    return {
        "gammatone": framekit.gammatone(fs, 32, f_min=100.0, length=length),
        "cqt": framekit.cqt(fs, f_min=65.0, bins_per_octave=8, length=length, stride=1),
        "third_octave": framekit.third_octave(fs, f_min=50.0, length=length, stride=1),
    }


@pytest.mark.parametrize("J", [4, 6, 8])
@pytest.mark.parametrize("name", ["gammatone", "cqt", "third_octave"])
def test_murenn_student_filters_see_their_teacher_channel(name, J):
    # every teacher channel's centre frequency lies in the band of the subband its student
    # filter is applied to (and that subband's wavelet passes it): no channel is left in an
    # octave that does not contain it, however low the teacher goes
    fs, length = 16000, 4096
    teacher = _teacher_banks(fs, length)[name]
    keep = framekit.nn.teacher_channels(teacher)
    fcs = [float(teacher.center_frequencies[k]) for k in keep]
    m = MuReNN.from_frequencies(fcs, fs, J, T=2, dtype=torch.float64)
    bands = [b for b in reversed(range(J + 1)) for _ in range(m.Q[b])]  # channel order of forward
    assert len(bands) == len(fcs) and sorted(fcs) == fcs
    freqs = np.fft.fftfreq(length, 1 / fs)
    for f, b in zip(fcs, bands):
        lo, hi = m.band_edges(b)
        assert lo <= f <= hi or (b == 0 and f == fs / 2), (f, b, lo, hi)
        # the band's wavelet response at f is within 3 dB of its peak or above it
        with torch.no_grad():
            k = torch.zeros(m.kernel_sizes[b], dtype=torch.float64)
            k[m.kernel_sizes[b] // 2] = 1.0  # impulse kernels: the filter is psi_b itself
            m.kernels_real[b].copy_(k.expand_as(m.kernels_real[b]))
            m.kernels_imag[b].zero_()
            row = bands.index(b)
            H = np.abs(m.frequency_responses(length)[row].numpy())
        at = H[np.argmin(np.abs(freqs - f))]
        assert at >= H.max() / np.sqrt(2.0) - 1e-9 or (lo < f < hi), (f, b)


@pytest.mark.parametrize("analytic", [True, False])
def test_murenn_tone_kernel_peaks_at_its_frequency_in_hz(analytic):
    # a kernel initialised as a pure tone at f Hz (w[t] = exp(2 pi i f d_b t / fs) on the
    # subband decimated by d_b) gives an equivalent filter peaked at f: the frequency map
    # of each band's learned kernel (decimation, per-band conv, subsampling to the hop)
    fs, length, J = 16000, 4096, 6
    m = MuReNN(J, [4] * (J + 1), T=8, fs=fs, analytic=analytic, dtype=torch.float64)
    freqs = np.fft.fftfreq(length, 1 / fs)
    pos = np.arange(length // 2 + 1)
    for b in range(J + 1):
        lo, hi = m.band_edges(b)
        d, S = m.subband_rate(b), m.kernel_sizes[b]
        for frac in (0.1, 0.5, 0.9):
            f0 = lo + frac * (hi - lo)
            t = torch.arange(S, dtype=torch.float64) - S // 2
            w = torch.exp(2j * np.pi * f0 * d * t / fs) * torch.hann_window(S, periodic=False, dtype=torch.float64)
            with torch.no_grad():
                m.kernels_real[b].copy_(w.real.expand(4, S))
                m.kernels_imag[b].copy_(w.imag.expand(4, S))
                H = np.abs(m.frequency_responses(length)[(J - b) * 4].numpy())
            R = np.hypot(H[pos], H[(-pos) % length])  # the response to real signals, at |f|
            peak = freqs[pos][np.argmax(R)]
            assert abs(peak - f0) <= max(0.04 * (hi - lo), 2 * fs / length), (b, f0, peak)
            if analytic and not (b == 0 and frac == 0.9):  # (7.6 kHz: near fs/2, real signals)
                # no mirror image across the octave edges, nothing a quarter octave away
                far = np.abs(freqs[pos] - f0) > 0.25 * (hi - lo) + 2 * fs / length
                assert R[far].max() < 0.05 * R.max(), (b, f0, R[far].max() / R.max())


def test_murenn_gradient_flows_through_the_dwt():
    m = MuReNN(3, 2, T=2, seed=0, dtype=torch.float64)
    x = _signal(1, 64, torch.float64, "cpu").requires_grad_(True)
    torch.abs(m(x)).sum().backward()
    assert x.grad is not None and torch.isfinite(x.grad).all()
    assert all(p.grad is not None for p in m.parameters() if p.numel())  # (empty: the unused approximation band)


# ------------------------------------------------------------------ baselines, spread


def test_baselines_shapes_and_to_filterbank():
    conv = Conv1D(5, 64, 16, seed=0, dtype=torch.float64)
    gab = Gabor1D(5, 64, 16, fs=16000, dtype=torch.float64)
    x = _signal(2, 256, torch.float64, "cpu")
    for mod in (conv, gab):
        with torch.no_grad():
            c = mod(x)
            assert c.shape == (2, 5, 16)
            assert torch.allclose(mod.to_filterbank(256).analysis(x), c)
    # Gabor centre frequencies ascend (mel initialisation) and the kernels peak there
    H = torch.abs(torch.fft.fft(gab.current_kernels().detach(), n=1024))
    assert torch.all(torch.diff(torch.argmax(H[:, :512], dim=-1)) > 0)


def test_heisenberg_spread():
    t = torch.arange(512, dtype=torch.float64) - 256
    gauss = torch.exp(-0.5 * (t / 12.0) ** 2)
    box = (t.abs() < 20).to(torch.float64)
    s = heisenberg_spread(torch.stack([gauss, box]))
    assert abs(float(s.time[0]) - 12.0 / 2**0.5) < 1e-6  # |g|^2 has std 12 / sqrt(2)
    assert abs(float(s.product[0]) * 4 * np.pi - 1.0) < 1e-6  # the Gaussian attains the bound
    assert float(s.product[1]) > float(s.product[0])
    fb = framekit.isac(16000)
    sf = heisenberg_spread(fb)
    assert sf.time.shape == (40,) and bool(torch.all(sf.product * 4 * np.pi >= 1 - 1e-9))


# ------------------------------------------------------------------ distillation


def test_distill_decreases_the_loss_and_returns_history(capsys):
    fs, seg = 8000, 1024
    teacher = framekit.gammatone(fs, 8, f_min=200.0, length=seg, level_db=-40.0)
    keep = framekit.nn.teacher_channels(teacher)
    assert keep == list(range(1, 10))  # DC (the lowpass residual) dropped
    fcs = [float(teacher.center_frequencies[k]) for k in keep]
    train = synthetic_signals(4, 2 * seg, fs, seed=0)
    test = synthetic_signals(2, seg, fs, seed=1)
    student = MuReNN.from_frequencies(fcs, fs, J=4, T=4, seed=0, dtype=torch.float64)
    hist = distill(student, teacher, train, steps=15, lr=1e-2, segment=seg, batch_size=4,
                   test_signals=test, progress=True)
    assert len(hist["loss"]) == 15
    assert np.mean(hist["loss"][-5:]) < np.mean(hist["loss"][:5])
    assert hist["test_loss"] < hist["test_loss_initial"]
    assert abs(hist["test_loss"] - distillation_loss(student, teacher, test, segment=seg)) < 1e-12
    assert "distill MuReNN" in capsys.readouterr().err  # the plain progress line (no tqdm needed)


def test_distillation_ordering_ci_size():
    """The paper's hold-out comparison at CI size (about 10 s on 2 cores): one gammatone teacher
    (fs 8 kHz, 9 channels above 200 Hz), 300 Adam steps, 3 seeds (student init, segment draws,
    training and hold-out signals), mean hold-out spectral cosine distance per student.

    Measured (torch 2.13 CPU, float32), means of 3 seeds:
    MuReNN 0.2048 (0.1792 0.1849 0.2502), Conv1D 0.1095 (0.1428 0.0694 0.1164),
    Gabor1D 0.2896 (0.2762 0.2656 0.3268).  At 60 steps instead: MuReNN 0.2427, Conv1D 0.3374,
    Gabor1D 0.3125.  So only "Gabor1D fits worst" holds once the fit has run a few hundred
    steps (and per seed, by a margin of 0.08 or more); the paper's MuReNN < Conv1D does NOT
    reproduce at this size (reversed at 300 steps, where the 256-tap full-band Conv1D has
    caught up with MuReNN's short per-octave kernels, J=4, T=4): nothing is asserted about it.
    The full-size comparison (three teachers) is docs/scripts/nn_distillation.py.
    """
    fs, seg, hop, steps = 8000, 1024, 16, 300
    teacher = framekit.gammatone(fs, 8, f_min=200.0, length=seg, level_db=-40.0)
    keep = framekit.nn.teacher_channels(teacher)
    fcs = [float(teacher.center_frequencies[k]) for k in keep]
    K = len(keep)
    losses = {"MuReNN": [], "Conv1D": [], "Gabor1D": []}
    for seed in range(3):
        train = synthetic_signals(8, 4 * seg, fs, seed=seed)
        test = synthetic_signals(4, seg, fs, seed=100 + seed)
        students = {
            "MuReNN": MuReNN.from_frequencies(fcs, fs, J=4, T=4, seed=seed, dtype=torch.float32),
            "Conv1D": Conv1D(K, 256, hop, fs=fs, seed=seed, dtype=torch.float32),
            "Gabor1D": Gabor1D(K, 256, hop, fs=fs, dtype=torch.float32),
        }
        for name, student in students.items():
            hist = distill(student, teacher, train, steps=steps, lr=1e-2, segment=seg, batch_size=4,
                           test_signals=test, seed=seed, progress=False)
            losses[name].append(hist["test_loss"])
    mean = {name: float(np.mean(v)) for name, v in losses.items()}
    assert all(0.0 <= v <= 1.0 for v in mean.values()), mean
    assert mean["Gabor1D"] > max(mean["MuReNN"], mean["Conv1D"]), mean


def test_synthetic_signals_are_deterministic():
    a, b = synthetic_signals(2, 500, 8000, seed=3), synthetic_signals(2, 500, 8000, seed=3)
    assert np.array_equal(a, b) and a.shape == (2, 500) and np.isfinite(a).all()


# ------------------------------------------------------------------ persistence, device, dtype


def _modules():
    return [
        ISAC(16000, length=L, support_mask=True, dtype=torch.float64),
        HybrA(16000, length=L, seed=0, dtype=torch.float64),
        MuReNN(4, 2, T=2, seed=0, dtype=torch.float64),
        Conv1D(4, 32, 16, seed=0, dtype=torch.float64),
        Gabor1D(4, 32, 16, fs=16000, dtype=torch.float64),
    ]


@pytest.mark.parametrize("index", range(5))
def test_modules_pickle_deepcopy_and_torch_save(index):
    m = _modules()[index]
    x = _signal(1, L, torch.float64, "cpu")
    c = m(x)  # leaves a graph-holding cache on the filterbank modules
    for clone in (pickle.loads(pickle.dumps(m)), copy.deepcopy(m)):
        with torch.no_grad():
            assert torch.allclose(clone(x), c.detach())
    buf = io.BytesIO()
    torch.save(m, buf)
    buf.seek(0)
    loaded = torch.load(buf, weights_only=False)
    with torch.no_grad():
        assert torch.allclose(loaded(x), c.detach())
    fresh = _modules()[index]
    with torch.no_grad():
        for p in fresh.parameters():
            p.add_(1.0)
    fresh.load_state_dict(m.state_dict())
    with torch.no_grad():
        assert torch.allclose(fresh(x), c.detach())


def test_module_to_float32_keeps_complex_kernels_and_exact_inverse():
    m = ISAC(16000, length=L, dtype=torch.float64).to(torch.float32)
    assert m.kernels.dtype == torch.complex64
    x = _signal(2, L, torch.float32, "cpu")
    with torch.no_grad():
        assert _rel(m.inverse(m(x)), x) < 1e-5


# ------------------------------------------------------------------ bad input


BAD = [
    (lambda: ISAC(16000, length=1000, stride=16), ValueError, "stride"),
    (lambda: ISAC(16000, length=L, dtype=torch.float16), TypeError, "dtype"),
    (lambda: ISAC(16000, length=L, support_mask="yes"), TypeError, "support_mask"),
    (lambda: ISAC(16000, length=L, support_mask=torch.ones(3, 3, dtype=torch.bool)), ValueError, "support_mask"),
    (lambda: ISAC(-1.0), ValueError, "fs"),
    (lambda: HybrA(16000, length=L, encoder_size=0), ValueError, "encoder_size"),
    (lambda: MuReNN(0, 2), ValueError, "J"),
    (lambda: MuReNN(3, [1, 2]), ValueError, "Q"),
    (lambda: MuReNN(3, "2"), TypeError, "Q"),
    (lambda: MuReNN(3, 2, wavelet="bior2.2"), ValueError, "wavelet"),
    (lambda: MuReNN(3, 2, wavelet="nope"), ValueError, "wavelet"),
    (lambda: Conv1D(4, 0, 16), ValueError, "kernel_size"),
    (lambda: Gabor1D(4, 32, 16, fs=0.0), ValueError, "fs"),
]


@pytest.mark.parametrize("case", range(len(BAD)))
def test_bad_constructor_arguments(case):
    build, exc, name = BAD[case]
    with pytest.raises(exc, match=name):
        build()


@pytest.mark.parametrize("which", ["isac", "murenn", "conv"])
def test_bad_signals_name_the_argument(which):
    m = {"isac": lambda: ISAC(16000, length=L, dtype=torch.float32),
         "murenn": lambda: MuReNN(4, 1, T=2, dtype=torch.float32),
         "conv": lambda: Conv1D(2, 16, 16, dtype=torch.float32)}[which]()
    with pytest.raises(ValueError, match="x must have shape"):
        m(torch.ones(L))  # rank 1
    with pytest.raises(ValueError, match="x must"):
        m(torch.ones(1, L + 8))  # wrong length / not a multiple of the hop
    with pytest.raises(TypeError, match="x has dtype"):
        m(torch.ones(1, L, dtype=torch.float16))
    with pytest.raises(ValueError, match="x contains NaN"):
        m(torch.full((1, L), float("nan")))
    with pytest.raises(TypeError, match="x must be a torch.Tensor"):
        m(np.ones((1, L)))


@pytest.mark.filterwarnings("ignore::framekit.IllConditionedWarning")
def test_bad_distill_arguments():
    teacher = framekit.gammatone(8000, 4, f_min=300.0, length=512, level_db=-30.0)
    good = MuReNN.from_frequencies([float(f) for f in teacher.center_frequencies[1:]], 8000, J=3, T=2)
    sig = np.zeros((1, 1024))
    with pytest.raises(ValueError, match="student has 3 channels"):
        distill(MuReNN(3, 1, T=2), teacher, sig, steps=1, segment=512, progress=False)
    with pytest.raises(TypeError, match="teacher"):
        distill(good, "gammatone", sig, steps=1, segment=512, progress=False)
    with pytest.raises(ValueError, match="steps"):
        distill(good, teacher, sig, steps=0, segment=512, progress=False)
    with pytest.raises(ValueError, match="signals must be at least segment"):
        distill(good, teacher, sig[:, :100], steps=1, segment=512, progress=False)
    with pytest.raises(ValueError, match="segment"):
        distill(good, teacher, sig, steps=1, segment=100, progress=False)
    with pytest.raises(TypeError, match="student"):
        distill("murenn", teacher, sig, steps=1, segment=512, progress=False)
    with pytest.raises(ValueError, match="signals contains NaN"):
        distill(good, teacher, np.full((1, 1024), np.nan), steps=1, segment=512, progress=False)


def test_import_framekit_does_not_load_nn():
    import subprocess
    import sys

    code = "import sys, framekit; print('framekit.nn' in sys.modules, 'pywt' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
