"""Phase scattering and modulus scattering (framekit.tf.scattering) on the spec's two examples.

The spec's examples (fs = 16 kHz, Gaussian windows) are kept, with shorter signals and a
smaller second layer so that the tests stay fast on every backend:

* 880 Hz tone with 20 Hz vibrato: a1 = 10, M1 = 1000 as in the spec; 0.5 s instead of
  longer, and a2 = 10, M2 = 400 (4 Hz modulation bins) instead of M2 = 3200.
* 20 Hz impulse train: a1 = 100, M1 = 400, group delay in layer 1 as in the spec; 2 s
  instead of 6 s, and a2 = 4, M2 = 320 (0.5 Hz modulation bins) instead of a2 = 1, M2 = 3200.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import assert_backend, to_numpy, to_xp, uses

from framekit.tf.scattering import modulus_scattering, phase_scattering
from framekit.tf.windows import get_window

FS = 16000.0


def _vibrato(seconds=0.5, f0=880.0, depth=40.0, rate=20.0):
    t = np.arange(int(seconds * FS)) / FS
    return np.cos(2 * np.pi * (f0 * t + depth / (2 * np.pi * rate) * np.sin(2 * np.pi * rate * t)))


def _impulse_train(seconds=2.0, rate=20.0):
    x = np.zeros(int(seconds * FS))
    x[:: int(FS / rate)] = 1.0
    return x


@uses(phase_scattering)
def test_vibrato_shows_20_hz_in_the_second_layer(xp, device):
    x = to_xp(_vibrato(), xp, device)
    w2 = get_window(("gauss", 17.0), 400, xp=xp, device=device)  # sigma ~ 33 frames (20 ms)
    layers = {"window1": ("gauss", 8.0), "hop_length1": 10, "n_fft1": 1000, "window2": w2,
              "hop_length2": 10, "n_fft2": 400, "pad_mode": "circular"}
    S1, mod = phase_scattering(x, fs=FS, layer2="modulus", **layers)
    assert_backend(S1, xp, device, shape=(501,))
    assert_backend(mod, xp, device, shape=(501, 201))
    S1, mod = to_numpy(S1), to_numpy(mod)
    m1 = round(880.0 / (FS / 1000))  # the tone's channel (16 Hz apart)
    assert abs(S1[m1] - 880.0) < 1.0  # time-averaged instantaneous frequency: the carrier
    rates = np.fft.rfftfreq(400, 10 / FS)  # modulation frequencies of layer 2, 4 Hz apart
    peak = int(np.argmax(mod[m1, 2:])) + 2
    assert rates[peak] == 20.0
    # the second-layer phase derivative at the tone's channel: 20 Hz where the energy is
    _, inst = phase_scattering(x, fs=FS, average=False, **layers)
    assert_backend(inst, xp, device, shape=(501, 201, 80))
    assert abs(np.median(to_numpy(inst)[m1, peak, 10:-10]) - 20.0) < 0.05


@uses(phase_scattering)
def test_impulse_train_group_delay_shows_20_hz(xp, device):
    x = to_xp(_impulse_train(), xp, device)
    layers = {"window1": ("gauss", 10.0), "hop_length1": 100, "n_fft1": 400, "window2": ("gauss", 30.0),
              "hop_length2": 4, "n_fft2": 320, "pad_mode": "circular"}
    S1, mod = phase_scattering(x, fs=FS, layer1="delay", layer2="modulus", **layers)
    assert_backend(mod, xp, device, shape=(201, 161))
    mod = to_numpy(mod)
    rates = np.fft.rfftfreq(320, 100 / FS)  # 0.5 Hz apart
    total = mod.sum(axis=0)  # over all first-layer channels
    peak = int(np.argmax(total[10:])) + 10  # above 5 Hz (the mean's own lobe)
    # the delays (relative to the frames' centres) repeat every 8 frames: 20 Hz and its harmonics
    assert rates[peak] in (20.0, 40.0)
    harmonic, between = total[np.isin(rates, (20.0, 40.0))], total[np.isin(rates, (10.0, 30.0, 50.0))]
    assert harmonic.min() > 10 * between.max()
    peak = int(np.argmin(np.abs(rates - 20.0)))
    assert np.all(np.abs(to_numpy(S1)) < 100 / FS)  # a local group delay is within a hop
    # mixed variant: group delay in layer 1, instantaneous frequency in layer 2
    _, inst = phase_scattering(x, fs=FS, layer1="delay", layer2="frequency", **layers)
    assert abs(np.median(to_numpy(inst)[:, peak]) - 20.0) < 0.05


@uses(modulus_scattering)
def test_modulus_scattering_tremolo_and_shapes(xp, device, dtype):
    fs = 2000.0
    t = np.arange(4000) / fs
    x = (1 + 0.5 * np.cos(2 * np.pi * 10 * t)) * np.cos(2 * np.pi * 500 * t)
    xx = to_xp(np.stack([x, 2 * x]), xp, device, dtype)
    kw1, kw2 = {"n_fft": 100, "hop_length": 10}, {"n_fft": 100, "hop_length": 10, "window": ("gauss", 8.0)}
    layers = {"n_fft1": 100, "hop_length1": 10, "n_fft2": 100, "hop_length2": 10, "window2": ("gauss", 8.0),
              "pad_mode": "circular"}
    S1, S2 = modulus_scattering(xx, **layers)
    assert_backend(S1, xp, device, dtype=dtype, shape=(2, 51))
    assert_backend(S2, xp, device, dtype=dtype, shape=(2, 51, 51))
    S1, S2 = to_numpy(S1), to_numpy(S2)
    tol = 1e-5 if dtype == xp.float32 else 1e-12
    np.testing.assert_allclose(S2[1], 2 * S2[0], rtol=0, atol=tol * S2.max())
    m1 = int(np.argmax(S1[0]))
    assert m1 == 25  # 500 Hz
    assert np.fft.rfftfreq(100, 10 / fs)[np.argmax(S2[0, m1, 3:]) + 3] == 10.0
    # the same through the definition: |STFT_2(|STFT_1 x|)| averaged over frames
    from framekit.tf.short_time import stft

    s1 = np.abs(to_numpy(stft(xx, pad_mode="circular", **kw1)))
    s2 = np.abs(to_numpy(stft(to_xp(s1, xp, device, dtype), pad_mode="circular", **kw2))).mean(-1)
    np.testing.assert_allclose(S2, s2, rtol=0, atol=tol * S2.max())
    S1f, S2f = modulus_scattering(xx, average=False, **layers)
    assert tuple(S1f.shape) == (2, 51, 400) and tuple(S2f.shape) == (2, 51, 51, 40)
    # the defaults: stft's (centred frames, zero padding), both layers
    S1c, S2c = modulus_scattering(xx, n_fft1=100, hop_length1=10, n_fft2=100, hop_length2=10,
                                  window2=("gauss", 8.0), average=False)
    s1 = np.abs(to_numpy(stft(xx, **kw1)))
    s2 = np.abs(to_numpy(stft(to_xp(s1, xp, device, dtype), **kw2)))
    assert tuple(S1c.shape) == (2, 51, 401) and tuple(S2c.shape) == s2.shape
    np.testing.assert_allclose(to_numpy(S2c), s2, rtol=0, atol=tol * s2.max())


@uses(phase_scattering)
def test_bad_input(xp, device):
    x = to_xp(_vibrato(0.05), xp, device)
    kw = {"n_fft1": 100, "hop_length1": 10, "n_fft2": 40, "hop_length2": 10}
    with pytest.raises(ValueError, match="layer1"):
        phase_scattering(x, layer1="modulus", **kw)
    with pytest.raises(ValueError, match="layer2"):
        phase_scattering(x, layer2="phase", **kw)
    with pytest.raises(ValueError, match="win_length2 = 400"):
        phase_scattering(x, **{**kw, "n_fft2": 400, "pad_mode": "circular"})
    with pytest.raises(ValueError, match="hop_length2 = 50 > win_length2 = 40"):
        phase_scattering(x, **{**kw, "hop_length2": 50})
    with pytest.raises(TypeError, match="positional"):
        phase_scattering(x, "hann", 10, 100, "hann", 10, 40)
    with pytest.raises(TypeError, match="real"):
        phase_scattering(to_xp(_vibrato(0.05) + 0j, xp, device), **kw)


def test_time_frequency_demo(tmp_path):
    import framekit._backend as fb
    from framekit.demo.tf import HEADER, demo

    row, figures = demo(fb.get_namespace(np), None, tmp_path)
    assert HEADER.split()[:2] == ["backend", "dtype"]
    assert row.split()[:2] == ["numpy", "float64"] and len(row.splitlines()[0].split()) == 8
    err = float(row.split()[5])
    assert err < 1e-12
    if figures:  # matplotlib is installed
        assert figures == [str(tmp_path / "tf_numpy.png")]
        assert (tmp_path / "tf_numpy.png").stat().st_size > 10_000
    else:
        assert "matplotlib is not installed" in row


def test_torch_autograd_is_finite():
    torch = pytest.importorskip("torch")
    x = torch.randn(1, 4000, dtype=torch.float64, generator=torch.Generator().manual_seed(0),
                    requires_grad=True)
    for layer2 in ("frequency", "delay", "modulus"):
        x.grad = None
        S1, S2 = phase_scattering(x, n_fft1=100, hop_length1=10, window1=("gauss", 4.0), n_fft2=100,
                                  hop_length2=10, window2=("gauss", 8.0), fs=2000.0, layer2=layer2)
        (S1.sum() + S2.sum()).backward()
        assert bool(torch.isfinite(x.grad).all())
    z = torch.zeros(1, 4000, dtype=torch.float64, requires_grad=True)  # every channel constant
    S1, S2 = phase_scattering(z, n_fft1=100, hop_length1=10, n_fft2=100, hop_length2=10, fs=2000.0)
    assert bool(torch.isfinite(S2).all())
    S2.sum().backward()
    assert bool(torch.isfinite(z.grad).all())
