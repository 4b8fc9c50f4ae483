"""Auditory scales: analytic values, inverses, bandwidths as slopes, backends."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import assert_backend, to_numpy, to_xp, uses
from hypothesis import given, settings
from hypothesis import strategies as st

from framekit.filterbanks import scales


def test_known_values():
    assert scales.freq_to_aud(1000.0, "mel") == pytest.approx(1000.0, rel=1e-12)
    assert scales.freq_to_aud(0.0, "mel") == 0.0
    assert scales.freq_to_aud(1000.0, "erb") == pytest.approx(9.2645 * math.log(5.37), rel=1e-12)
    assert scales.freq_to_aud(1960.0, "bark") == pytest.approx(26.81 / 2 - 0.53, rel=1e-12)
    assert scales.freq_to_aud(880.0, "log", f_ref=110.0) == pytest.approx(3.0, rel=1e-12)
    assert scales.aud_bandwidth(0.0, "erb") == pytest.approx(24.7)
    assert scales.aud_bandwidth(1000.0, "mel") == pytest.approx(math.log10(17 / 7) * 1.7)


@pytest.mark.parametrize("scale", ["erb", "log"])
def test_bandwidth_is_reciprocal_slope(scale):
    # for ERB and log the bandwidth is 1 / (d aud / d f); for mel the spec's (hybra's)
    # convention uses log10 instead of ln (checked in test_known_values)
    f, h = 1234.5, 1e-3
    slope = (scales.freq_to_aud(f + h, scale) - scales.freq_to_aud(f - h, scale)) / (2 * h)
    assert scales.aud_bandwidth(f, scale) == pytest.approx(1 / slope, rel=1e-3)


@pytest.mark.peer
def test_mel_matches_librosa_htk():
    librosa = pytest.importorskip("librosa")
    f = np.array([0.0, 100.0, 1000.0, 5000.0])
    # librosa's HTK mel is 2595 log10(1 + f/700); ours is 1000/ln(17/7) ln(1 + f/700)
    ratio = (1000 / math.log(17 / 7)) / (2595 / math.log(10))
    np.testing.assert_allclose(
        [scales.freq_to_aud(v, "mel") for v in f], librosa.hz_to_mel(f, htk=True) * ratio, rtol=1e-12
    )


@settings(max_examples=30, deadline=None)
@given(f=st.floats(1.0, 20000.0), scale=st.sampled_from(scales.SCALES))
def test_round_trip(f, scale):
    assert scales.aud_to_freq(scales.freq_to_aud(f, scale), scale) == pytest.approx(f, rel=1e-10)


@uses(scales.aud_space)
@pytest.mark.parametrize("scale", scales.SCALES)
def test_aud_space_backends(xp, device, dtype, scale):
    fc = scales.aud_space(50.0, 7000.0, 9, scale, xp=xp, device=device, dtype=dtype)
    assert_backend(fc, xp, device, dtype=dtype, shape=(9,))
    f = to_numpy(fc)
    assert f[0] == 50.0 and f[-1] == pytest.approx(7000.0, rel=1e-6)
    aud = to_numpy(scales.freq_to_aud(fc, scale))
    np.testing.assert_allclose(np.diff(aud), np.full(8, (aud[-1] - aud[0]) / 8), rtol=1e-4)
    x = to_xp(np.array([100.0, 2000.0]), xp, device, dtype)
    for func in (scales.freq_to_aud, scales.aud_bandwidth):
        y = func(x, scale)
        assert_backend(y, xp, device, dtype=dtype, shape=(2,))
        np.testing.assert_allclose(to_numpy(y), [func(100.0, scale), func(2000.0, scale)], rtol=1e-5)


def test_bad_input():
    with pytest.raises(ValueError, match="scale must be one of"):
        scales.freq_to_aud(1.0, "semitone")
    with pytest.raises(ValueError, match="f_min <= f_max"):
        scales.aud_space(500.0, 100.0, 3)
    with pytest.raises(ValueError, match="num must be a positive int"):
        scales.aud_space(100.0, 500.0, 0)
    with pytest.raises(ValueError, match="f_min must be > 0"):
        scales.aud_space(0.0, 500.0, 3, "log")
    with pytest.raises(TypeError, match="freq must be a real number"):
        scales.freq_to_aud("100", "mel")
