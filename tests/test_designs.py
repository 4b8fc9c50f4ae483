"""Designs: ISAC against hybra, CQT against librosa, third-octave bands, exact reconstruction."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from helpers import assert_backend, rel_error, to_numpy, to_xp, tol_for, uses

import framekit
from framekit.filterbanks import designs
from framekit.filterbanks.filterbank import FilterBank
from framekit.filterbanks.isac_design import isac


def _hybra():
    """hybra, importable here through the torchaudio stand-in (skips when missing)."""
    pytest.importorskip("torch")
    import _torchaudio_stub

    _torchaudio_stub.install()
    return pytest.importorskip("hybra")


@pytest.mark.parametrize(
    "scale,fc_min,kernel_min,stride,length,kappa",
    [("mel", 1487.44, 32, 16, 16000, 1.5902), ("erb", 1201.19, 22, 11, 16005, 1.5347)],
)
@uses(FilterBank.condition_number)
def test_isac_worked_numbers(xp, device, scale, fc_min, kernel_min, stride, length, kappa):
    fb = isac(16000, scale=scale, xp=xp, device=device)
    assert fb.design["fc_min"] == pytest.approx(fc_min, abs=0.01)
    assert (fb.design["kernel_min"], fb.stride, fb.length) == (kernel_min, stride, length)
    assert_backend(fb.kernels, xp, device, shape=(40, 128))
    assert float(fb.condition_number()) == pytest.approx(kappa, abs=1e-4)


@pytest.mark.peer
@pytest.mark.parametrize("scale", ["mel", "erb"])
def test_isac_agrees_with_hybra(scale):
    hybra = _hybra()
    import torch

    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)  # hybra is written for torch's float32 default
    try:
        ref = hybra.ISAC(fs=16000, kernel_size=128, num_channels=40, L=16000, scale=scale)
    finally:
        torch.set_default_dtype(default)
    fb = isac(16000, scale=scale)
    assert (fb.stride, fb.length) == (ref.stride, ref.Ls)
    k_ref = ref.kernels.numpy()
    # same supports (nonzero taps) and the same kernels up to hybra's float32 arithmetic
    np.testing.assert_array_equal(np.abs(fb.kernels) > 0, np.abs(k_ref) > 0)
    np.testing.assert_allclose(fb.kernels, k_ref, atol=1e-3 * np.abs(k_ref).max())
    np.testing.assert_allclose(fb.center_frequencies, ref.fc.numpy(), atol=0.05)
    # hybra's frame_bounds at stride > 1 are 4x the bounds of the real frame x -> c (it adds the
    # conjugate filters to the kernel set and the negative frequencies to each block); the
    # condition numbers agree
    A_ref, B_ref = hybra.utils.frame_bounds(ref.kernels, ref.stride, ref.Ls)
    A, B = fb.frame_bounds()
    np.testing.assert_allclose([4 * float(A), 4 * float(B)], [float(A_ref), float(B_ref)], rtol=1e-5)
    assert float(fb.condition_number()) == pytest.approx(float(B_ref / A_ref), rel=1e-5)
    # same analysis (hybra computes in complex64), exact dual against hybra's B-scaled adjoint
    x = torch.randn(2, ref.Ls, dtype=torch.float32, generator=torch.Generator().manual_seed(0))
    c_ref = ref(x).numpy()
    c = fb.analysis(x.numpy().astype(np.float64))
    assert rel_error(c, c_ref) < 1e-3  # hybra's kernels carry float32 phase errors ~1e-4
    same_kernels = FilterBank(k_ref.astype(np.complex128), ref.stride, ref.Ls)
    assert rel_error(same_kernels.analysis(x.numpy().astype(np.float64)), c_ref) < 1e-5
    energy = np.sum(np.abs(c) ** 2, axis=(-2, -1)) / np.sum(x.numpy().astype(np.float64) ** 2, axis=-1)
    assert np.all((float(A) <= energy) & (energy <= float(B)))
    # hybra's decoder is circ_conv_transpose(c, kernels / B) with its B; reuse B_ref (its
    # bounds loop is slow) rather than calling ref.decoder, which recomputes it
    dec = hybra.utils.circ_conv_transpose(ref(x), ref.kernels / B_ref, ref.stride).squeeze(1)
    err_hybra = rel_error(dec.real.numpy(), x.numpy())
    err_ours = rel_error(fb.dual().synthesis(c), x.numpy())
    assert err_ours < 1e-12
    assert err_hybra > 0.5


def _designs_small(xp, device, dtype):
    rng = np.random.default_rng(0)
    return {
        "isac": isac(8000, kernel_size=64, num_channels=24, xp=xp, device=device, dtype=dtype),
        "isac_erb_stride": isac(8000, 64, 24, stride=8, length=4000, scale="erb", xp=xp, device=device, dtype=dtype),
        "gammatone": designs.gammatone(8000, 24, stride=2, length=4096, xp=xp, device=device, dtype=dtype),
        "cqt": designs.cqt(8000, 110.0, 60, length=4020, xp=xp, device=device, dtype=dtype),
        "vqt": designs.cqt(8000, 110.0, 60, gamma=30.0, length=4020, xp=xp, device=device, dtype=dtype),
        "third_octave_10": designs.third_octave(8000, 100, 3150, length=4020, xp=xp, device=device, dtype=dtype),
        "third_octave_2": designs.third_octave(8000, 100, 3150, base=2, length=4020, xp=xp, device=device, dtype=dtype),
        "random": FilterBank(to_xp(rng.standard_normal((10, 33)) + 1j * rng.standard_normal((10, 33)), xp, device, dtype), 5, 4000),
    }


@uses(FilterBank.dual, FilterBank.tight)
def test_designs_reconstruct_exactly(xp, device, dtype):
    rng = np.random.default_rng(1)
    for name, fb in _designs_small(xp, device, dtype).items():
        x = to_xp(rng.standard_normal((2, fb.length)), xp, device, dtype)
        c = fb.analysis(x)
        kappa = float(fb.condition_number())
        assert np.isfinite(kappa), name
        tol = 10 * tol_for(dtype) * max(kappa, 10.0) if dtype == xp.float32 else 1e-12
        xr = fb.dual().synthesis(c)
        assert_backend(xr, xp, device, dtype=dtype, shape=x.shape)
        assert rel_error(xr, x) < tol, name
        t = fb.tight()
        assert rel_error(t.synthesis(t.analysis(x)), x) < tol, name


@pytest.mark.peer
@pytest.mark.filterwarnings("ignore::framekit.IllConditionedWarning")  # 48 bins: magnitudes only
def test_cqt_magnitudes_match_librosa():
    librosa = pytest.importorskip("librosa")
    sr, B, fmin, nb = 8000, 12, 110.0, 48
    fb = designs.cqt(sr, fmin, nb, B, stride=8, length=16000)
    y = np.cos(2 * np.pi * fmin * 2 ** (20 / B) * np.arange(fb.length) / sr)
    ours = np.abs(fb.analysis(y))[1:-1, 500:1500].mean(axis=1)  # drop the residual channels
    assert ours.max() == pytest.approx(0.5, rel=1e-6)  # unit gain at the centre: |c| = 1/2 of a cosine
    # librosa's Q is filter_scale / alpha; pick filter_scale so that it equals 1 / (2^(1/B) - 1)
    r = 2 ** (1 / B)
    scale = (r * r - 1) / (r * r + 1) / (r - 1)
    C = np.abs(librosa.cqt(y, sr=sr, hop_length=64, fmin=fmin, n_bins=nb, bins_per_octave=B, filter_scale=scale, scale=False))
    theirs = C[:, 60:180].mean(axis=1)
    assert ours.argmax() == theirs.argmax() == 20
    np.testing.assert_allclose(ours / ours.max(), theirs / theirs.max(), atol=0.05)


@pytest.mark.parametrize("base", [2, 10])
def test_third_octave_bands(base):
    fb = designs.third_octave(44100, base=base)
    assert fb.num_channels == 32  # 30 bands from 25 Hz to 20 kHz, plus the two residual channels
    fc = np.asarray(fb.center_frequencies)[1:-1]
    G = 2.0 if base == 2 else 10 ** 0.3
    np.testing.assert_allclose(fc, 1000 * G ** (np.arange(-16, 14) / 3), rtol=1e-12)
    assert fc[16] == pytest.approx(1000.0)
    lo, hi = np.array(fb.design["band_edges"]).T
    np.testing.assert_allclose(hi / lo, G ** (1 / 3), rtol=1e-12)
    # each band's equivalent noise bandwidth is its width (up to the integer support, which is
    # coarse for the short high-frequency kernels)
    np.testing.assert_allclose(np.asarray(fb.bandwidths)[1:21], (hi - lo)[:20], rtol=0.02)
    nominal = [25, 31.5, 40, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000]
    np.testing.assert_allclose(fc[:17], nominal, rtol=0.03)


@pytest.mark.filterwarnings("ignore::framekit.IllConditionedWarning")  # no residuals: shapes only
def test_gammatone_shape():
    fb = designs.gammatone(16000, 16, 100.0, 6000.0, stride=1, length=2048, residuals=False)
    fc = np.asarray(fb.center_frequencies)
    H = np.abs(fb.frequency_response())
    freqs = np.arange(fb.length) * 16000 / fb.length
    peaks = freqs[H[:, : fb.length // 2].argmax(axis=1)]
    np.testing.assert_allclose(peaks, fc, atol=16000 / fb.length)
    np.testing.assert_allclose(H[:, : fb.length // 2].max(axis=1), 1.0, atol=0.02)


def test_bad_input():
    with pytest.raises(ValueError, match="f_max must be in"):
        isac(16000, f_max=9000)
    with pytest.raises(ValueError, match="num_channels must be a positive int"):
        isac(16000, num_channels=0)
    with pytest.raises(ValueError, match="length=16000 is not a multiple of stride=11"):
        isac(16000, scale="erb", length=16000)
    with pytest.raises(ValueError, match="f_max must be at most fs/2"):
        designs.gammatone(16000, f_max=8001)
    with pytest.raises(ValueError, match="shorter than the longest kernel"):
        designs.gammatone(16000, length=256)
    with pytest.raises(ValueError, match="above Nyquist"):
        designs.third_octave(16000, f_max=20000.0)  # explicit: raises; the default is clipped
    with pytest.raises(ValueError, match="above Nyquist"):
        designs.cqt(8000, 1000.0, 60)
    with pytest.raises(ValueError, match="zero channels"):
        designs.from_center_frequencies(8000, [], [])
    with pytest.raises(ValueError, match="bandwidths must have one value"):
        designs.from_center_frequencies(8000, [100.0], [10.0, 20.0])
    with pytest.raises(ValueError, match="fs must be a positive"):
        designs.cqt(-1)
    # without residual channels only sidelobes cover DC and Nyquist: barely a frame
    with pytest.warns(framekit.IllConditionedWarning, match="residuals=True"):
        bare = designs.cqt(8000, 110.0, 60, residuals=False, stride=9, length=4005)
    full = designs.cqt(8000, 110.0, 60, stride=9, length=4005)
    assert float(bare.condition_number()) > 1e5
    assert float(full.condition_number()) < 1e2


# --------------------------------------------------------------------------
# good frames by default (issue 20, part 1)
# --------------------------------------------------------------------------

DEFAULT_DESIGNS = {
    "isac": framekit.isac,
    "gammatone": framekit.gammatone,
    "cqt": framekit.cqt,
    "third_octave": framekit.third_octave,
}


@pytest.mark.parametrize("fs", [8000, 16000, 22050, 44100, 48000])
@pytest.mark.parametrize("name", list(DEFAULT_DESIGNS))
@uses(FilterBank.condition_number)
def test_default_designs_are_good_frames(xp, device, name, fs):
    with warnings.catch_warnings():
        warnings.simplefilter("error", framekit.IllConditionedWarning)  # the defaults never warn
        fb = DEFAULT_DESIGNS[name](fs, xp=xp, device=device)
    assert_backend(fb.kernels, xp, device)
    kappa = float(fb.condition_number())
    assert kappa <= 10.0, (name, fs, kappa)
    # covers 0 .. fs/2: channels centred at 0 Hz and at fs/2, and at both ends the
    # Littlewood-Paley sum of the real frame (|h_k(w)|^2 + |h_k(-w)|^2) / 2 is at least a tenth
    # of its maximum: covered by passbands, not by sidelobes
    fc = to_numpy(fb.center_frequencies)
    assert fc.min() == 0.0 and fc.max() == pytest.approx(fs / 2.0), (name, fs)
    P = np.sum(np.abs(to_numpy(fb.frequency_response())) ** 2, axis=0)
    P = (P + np.roll(P[::-1], 1)) / 2.0
    L = fb.length
    assert P[0] >= 0.1 * P.max() and P[L // 2] >= 0.1 * P.max(), (name, fs, P[0], P[L // 2], P.max())


@pytest.mark.parametrize(
    "build, names",
    [
        (lambda xp, d: framekit.third_octave(16000, stride=24, xp=xp, device=d), "stride"),
        (lambda xp, d: framekit.gammatone(8000, stride=32, xp=xp, device=d), "stride"),
        (lambda xp, d: framekit.cqt(16000, residuals=False, xp=xp, device=d), "residuals"),
        (lambda xp, d: framekit.isac(16000, stride=64, xp=xp, device=d), "stride"),
        (lambda xp, d: framekit.from_center_frequencies(
            8000, [500.0, 1000.0, 2000.0], [200.0, 300.0, 500.0], xp=xp, device=d), "residuals"),
    ],
    ids=["third_octave", "gammatone", "cqt", "isac", "from_center_frequencies"],
)
@uses(FilterBank.condition_number)
def test_ill_conditioned_designs_warn_naming_the_parameter(xp, device, build, names):
    with pytest.warns(framekit.IllConditionedWarning, match=rf"(condition number \S+ > 1000|not a frame).*{names}"):
        fb = build(xp, device)
    assert float(fb.condition_number()) > 1e3
    assert issubclass(framekit.IllConditionedWarning, UserWarning)


def test_third_octave_default_is_clipped_to_nyquist():
    for fs, count in [(8000, 25), (16000, 28), (22050, 29), (44100, 32), (48000, 32)]:
        fb = designs.third_octave(fs)
        fc = np.asarray(fb.center_frequencies)
        assert fb.num_channels == count and fc[-2] < fs / 2, fs  # the top band (before the highpass)


def test_cqt_default_bins_reach_nyquist():
    for fs, B in [(8000, 12), (22050, 12), (44100, 24)]:
        fb = designs.cqt(fs, bins_per_octave=B)
        top = np.asarray(fb.center_frequencies)[-2]
        assert top * 2 ** (1 / B) <= fs / 2 < top * 2 ** (2 / B), fs  # the last bin that fits
