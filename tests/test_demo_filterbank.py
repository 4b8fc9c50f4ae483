"""The filterbank demo and the WAV analysis (framekit demo / framekit analyze)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import uses

from framekit import write_wav
from framekit.demo.filterbank import analyze, demo
from framekit.filterbanks.filterbank import FilterBank


def _error(text):
    return float(re.search(r"relative error ([0-9.e+-]+)", text).group(1))


@uses(FilterBank.frame_bounds, FilterBank.dual)
def test_demo_every_backend_in_float64(xp, device, tmp_path):
    text, figures = demo(xp, device, str(tmp_path))
    assert "float64" in text.splitlines()[0]
    assert "condition number B/A = 1.5902" in text
    assert _error(text) < 1e-12  # the figure the README and the output claim for float64
    if figures:  # matplotlib is installed
        library = text.split()[3].split(".")[0]  # "jax.numpy" draws filterbank_jax.png
        assert [p.rsplit("/", 1)[-1] for p in figures] == [f"filterbank_{library}.png"]
        assert all((tmp_path / p.rsplit("/", 1)[-1]).stat().st_size > 10_000 for p in figures)


# (format, bits) of every sample format framekit.io writes; the reader's own tests are in test_io.py
FORMATS = [("pcm8", 8), ("pcm16", 16), ("pcm24", 24), ("pcm32", 32), ("float32", 32), ("float64", 64)]


@pytest.mark.parametrize("sample_format,bits", FORMATS)
@pytest.mark.parametrize("channels", [1, 2, 3])
def test_analyze_every_format_and_channel(tmp_path, sample_format, bits, channels):
    fs, n = 8000, 3001  # ISAC's stride at 8 kHz is 15: padded to 3015
    t = np.arange(n) / fs
    sig = np.stack([0.5 * np.sin(2 * np.pi * (300 + 200 * c) * t) for c in range(channels)])
    path = tmp_path / f"tone_{sample_format}.wav"
    write_wav(path, sig, fs, sample_format=sample_format)
    text, figures = analyze(str(path), np, None, str(tmp_path))
    plural = "channel" if channels == 1 else "channels"
    assert f"{channels} {plural}, {bits}-bit" in text and "analysed: all channels" in text
    assert "stride 15, linear mode (any length), L = 3001" in text and "streamed in blocks" in text
    assert _error(text) < 1e-12
    if figures:
        assert figures == [str(tmp_path / f"tone_{sample_format}_numpy.png")]


def test_analyze_one_channel_and_bad_channel(tmp_path):
    sig = np.stack([np.zeros(2000), 0.5 * np.sin(np.arange(2000) / 3.0)])
    path = tmp_path / "two.wav"
    write_wav(path, sig, 8000, sample_format="pcm16")
    text, _ = analyze(str(path), np, None, str(tmp_path), channel=1)
    assert "analysed: channel 1" in text
    with pytest.raises(ValueError, match=r"channel: .* has 2 channel\(s\) \(0 \.\. 1\), got channel=2"):
        analyze(str(path), np, None, str(tmp_path), channel=2)


def test_analyze_bad_files(tmp_path):
    with pytest.raises(FileNotFoundError):
        analyze(str(tmp_path / "missing.wav"), np, None, str(tmp_path))
    bad = tmp_path / "bad.wav"
    bad.write_text("not a wav file")
    with pytest.raises(ValueError, match="bad.wav"):
        analyze(str(bad), np, None, str(tmp_path))
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        analyze(str(empty), np, None, str(tmp_path))
