"""The filterbank demo and the WAV analysis (framekit demo / framekit analyze)."""

from __future__ import annotations

import re
import wave

import numpy as np
import pytest
from helpers import uses

from framekit._demo_filterbank import analyze, demo, read_wav
from framekit.filterbank import FilterBank


def _write_wav(path, data, fs, width, channels=1):
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(fs)
        w.writeframes(data.tobytes())


@uses(FilterBank.frame_bounds, FilterBank.dual)
def test_demo_every_backend(xp, device, tmp_path):
    text = demo(xp, device, str(tmp_path))
    assert "condition number B/A = 1.5902" in text
    err = float(re.search(r"relative error ([0-9.e+-]+)", text).group(1))
    dt = xp.__array_namespace_info__().default_dtypes()["real floating"]
    assert err < (1e-12 if dt == xp.float64 else 1e-5)
    if "wrote" in text:
        pngs = sorted(p.name for p in tmp_path.glob("isac_*.png"))
        assert len(pngs) == 2 and all((tmp_path / p).stat().st_size > 0 for p in pngs)


@pytest.mark.parametrize("channels,width", [(1, 2), (2, 2), (1, 1), (2, 3), (2, 4)])
def test_analyze_wav(tmp_path, channels, width):
    fs, n = 8000, 3000
    t = np.arange(n) / fs
    sig = np.stack([np.sin(2 * np.pi * (300 + 200 * c) * t) for c in range(channels)], axis=1) * 0.5
    if width == 1:
        data = (sig * 127 + 128).astype(np.uint8)
    elif width == 2:
        data = (sig * 32767).astype("<i2")
    elif width == 4:
        data = (sig * (2**31 - 1)).astype("<i4")
    else:  # 24-bit little-endian
        ints = (sig * (2**23 - 1)).astype("<i4")
        data = np.frombuffer(ints.tobytes(), dtype=np.uint8).reshape(-1, 4)[:, :3].copy()
    path = tmp_path / "tone.wav"
    _write_wav(path, data, fs, width, channels)
    chans, fs_read, w = read_wav(str(path))
    assert (len(chans), len(chans[0]), fs_read, w) == (channels, n, fs, width)
    np.testing.assert_allclose(np.array(chans).T, sig, atol=2.0 / 2 ** (8 * width - 1))
    text = analyze(str(path), np, None, str(tmp_path))
    assert f"{channels} channel(s)" in text and "zero-padded by" in text
    assert float(re.search(r"relative error ([0-9.e+-]+)", text).group(1)) < 1e-12


def test_analyze_float_wav(tmp_path):
    wavfile = pytest.importorskip("scipy.io.wavfile")
    sig = np.sin(2 * np.pi * 440 * np.arange(4000) / 8000).astype(np.float32)
    path = tmp_path / "float.wav"
    wavfile.write(str(path), 8000, np.stack([sig, -sig], axis=1))
    chans, fs, width = read_wav(str(path))
    assert (len(chans), fs, width) == (2, 8000, 4)
    np.testing.assert_allclose(chans[1], -sig, rtol=1e-7)
    assert "2 channel(s)" in analyze(str(path), np, None, str(tmp_path))


def test_analyze_bad_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        analyze(str(tmp_path / "missing.wav"), np, None, str(tmp_path))
    bad = tmp_path / "bad.wav"
    bad.write_text("not a wav file")
    with pytest.raises(ValueError, match="cannot read .* as a PCM WAV file"):
        analyze(str(bad), np, None, str(tmp_path))
    empty = tmp_path / "empty.wav"
    _write_wav(empty, np.zeros((0, 1), dtype="<i2"), 8000, 2)
    with pytest.raises(ValueError, match="no complete audio frames"):
        read_wav(str(empty))
