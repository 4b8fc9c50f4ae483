"""Bad inputs of the misc topic: each raises a clear error naming the argument (see bad_input.py)."""

from __future__ import annotations

import os
import re
import struct
import tempfile
from typing import Any

import numpy as np
import pytest
from bad_input import Bad, check, params

import framekit as fk
from framekit import display

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
torch = pytest.importorskip("torch")

# --------------------------------------------------------------------------
# read_wav / write_wav: files in a folder made at import time
# --------------------------------------------------------------------------

DIR = tempfile.mkdtemp(prefix="framekit_bad_input_")
GOOD = os.path.join(DIR, "good.wav")
OUT = os.path.join(DIR, "out.wav")
fk.write_wav(GOOD, np.zeros((2, 16)), 8000)


def _file(name: str, content: bytes) -> str:
    path = os.path.join(DIR, name)
    with open(path, "wb") as f:
        f.write(content)
    return path


def _chunk(cid: bytes, body: bytes) -> bytes:
    return cid + struct.pack("<I", len(body)) + body + b"\x00" * (len(body) & 1)


def _riff(*chunks: bytes) -> bytes:
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _fmt(tag: int, channels: int, fs: int, bits: int) -> bytes:
    align = channels * bits // 8
    return _chunk(b"fmt ", struct.pack("<HHIIHH", tag, channels, fs, fs * align, align, bits))


EMPTY = _file("empty.wav", b"")
TEXT = _file("text.wav", b"this is not a WAV file at all\n")
NO_DATA = _file("nodata.wav", _riff(_fmt(1, 1, 8000, 16)))
CHANNELS0 = _file("channels0.wav", _riff(_fmt(1, 0, 8000, 16), _chunk(b"data", bytes(8))))
FS0 = _file("fs0.wav", _riff(_fmt(1, 1, 0, 16), _chunk(b"data", bytes(8))))
MULAW = _file("mulaw.wav", _riff(_fmt(7, 1, 8000, 8), _chunk(b"data", bytes(8))))
PCM12 = _file("pcm12.wav", _riff(_fmt(1, 1, 8000, 12), _chunk(b"data", bytes(8))))
EMPTY_DATA = _file("emptydata.wav", _riff(_fmt(1, 1, 8000, 16), _chunk(b"data", b"")))
MISALIGNED = _file("misaligned.wav", _riff(_fmt(1, 2, 8000, 16), _chunk(b"data", bytes(6))))
MISSING = os.path.join(DIR, "missing.wav")


def _cannot(path: str) -> str:
    return rf"cannot read {re.escape(repr(path))}"


def _first(wav: Any) -> Any:
    return wav.data[:, :1]


def _write(data: Any = None, fs: Any = 8000, path: Any = OUT, **kw: Any) -> Any:
    return fk.write_wav(path, np.zeros((2, 16)) if data is None else data, fs, **kw)


# --------------------------------------------------------------------------
# display: a small filterbank, valid coefficients and reassigned points
# --------------------------------------------------------------------------

FB = fk.isac(16000)
C = np.ones((5, 7))
T = np.tile(np.arange(7) / 100.0, (5, 1))
F = np.tile(np.arange(5)[:, None] * 100.0, (1, 7))
M = np.ones((5, 7))


def _image(c: Any = C, **kw: Any) -> Any:
    return display.coefficient_image(c, **({"fs": 8000.0, "hop_length": 4} | kw))


def _responses(fb: Any = FB, **kw: Any) -> Any:
    return display.filter_responses(fb, **({"bounds": False} | kw))


def _scatter(times: Any = T, freqs: Any = F, magnitudes: Any = M, **kw: Any) -> Any:
    return display.reassignment_scatter(times, freqs, magnitudes, **kw)


def _dr_cases(f: Any, name: str = "dynamic_range") -> list[Bad]:
    return [
        Bad(f"{name}=0", lambda: f(**{name: 0.0}), ValueError, rf"{name} must be a positive"),
        Bad(f"{name}<0", lambda: f(**{name: -10.0}), ValueError, rf"{name} must be a positive"),
        Bad(f"{name} NaN", lambda: f(**{name: float("nan")}), ValueError, rf"{name} must be a positive"),
        Bad(f"{name} inf", lambda: f(**{name: float("inf")}), ValueError, rf"{name} must be a positive"),
        Bad(f"{name} a string", lambda: f(**{name: "60"}), TypeError, rf"{name} must be a positive finite number"),
        Bad(f"{name} None", lambda: f(**{name: None}), TypeError, rf"{name} must be a positive finite number"),
    ]


def _plot_cases(f: Any) -> list[Bad]:
    """Arguments every display function has: ax and cmap."""
    return [
        Bad("cmap misspelt", lambda: f(cmap="magmaa"), ValueError, r"cmap must be a matplotlib colormap"),
        Bad("cmap None", lambda: f(cmap=None), ValueError, r"cmap must be a matplotlib colormap"),
        Bad("ax a string", lambda: f(ax="left"), TypeError, r"ax must be a matplotlib Axes"),
        Bad("ax an array", lambda: f(ax=np.zeros(2)), TypeError, r"ax must be a matplotlib Axes"),
    ]


CASES: dict[str, list[Bad]] = {
    "read_wav": [
        Bad("path None", lambda: fk.read_wav(None), TypeError, r"path must be a str or os\.PathLike"),
        Bad("path an int", lambda: fk.read_wav(3), TypeError, r"path must be a str or os\.PathLike"),
        Bad("path an array", lambda: fk.read_wav(np.zeros(3)), TypeError, r"path must be a str or os\.PathLike"),
        Bad("path missing", lambda: fk.read_wav(MISSING), FileNotFoundError, re.escape(MISSING)),
        Bad("path a folder", lambda: fk.read_wav(DIR), IsADirectoryError, re.escape(DIR)),
        Bad("empty file", lambda: fk.read_wav(EMPTY), ValueError, _cannot(EMPTY) + r": the file is empty"),
        Bad("text file", lambda: fk.read_wav(TEXT), ValueError, _cannot(TEXT) + r": not a RIFF/WAVE file"),
        Bad("no data chunk", lambda: fk.read_wav(NO_DATA), ValueError, _cannot(NO_DATA) + r": no 'data' chunk"),
        Bad("0 channels", lambda: fk.read_wav(CHANNELS0), ValueError, _cannot(CHANNELS0) + r": the header declares 0 channels"),
        Bad("fs = 0", lambda: fk.read_wav(FS0), ValueError, _cannot(FS0) + r": the header declares a sample rate of 0 Hz"),
        Bad("mu-law", lambda: fk.read_wav(MULAW), ValueError, _cannot(MULAW) + r": format tag 0x0007 \(mu-law\)"),
        Bad("12-bit PCM", lambda: fk.read_wav(PCM12), ValueError, _cannot(PCM12) + r": 12 bits per sample"),
        Bad("empty data chunk", lambda: fk.read_wav(EMPTY_DATA), ValueError, _cannot(EMPTY_DATA) + r": the file holds no audio"),
        Bad("data size not whole frames", lambda: fk.read_wav(MISALIGNED), ValueError, _cannot(MISALIGNED) + r": the 'data' chunk size"),
        Bad("dtype misspelt", lambda: fk.read_wav(GOOD, dtype="flaot32"), ValueError, r"dtype must be float32 or float64, got 'flaot32'"),
        Bad("dtype float16", lambda: fk.read_wav(GOOD, dtype="float16"), ValueError, r"dtype must be float32 or float64"),
        Bad("dtype int", lambda: fk.read_wav(GOOD, dtype=int), ValueError, r"dtype must be float32 or float64"),
        Bad("dtype complex", lambda: fk.read_wav(GOOD, dtype=np.complex128), ValueError, r"dtype must be float32 or float64"),
        Bad("dtype None", lambda: fk.read_wav(GOOD, dtype=None), TypeError, r"dtype must be float32 or float64"),
        Bad("dtype a number", lambda: fk.read_wav(GOOD, dtype=3.5), TypeError, r"dtype must be float32 or float64"),
    ],
    "write_wav": [
        Bad("path None", lambda: _write(path=None), TypeError, r"path must be a str or os\.PathLike"),
        Bad("path an array", lambda: _write(path=np.zeros(3)), TypeError, r"path must be a str or os\.PathLike"),
        Bad("path a folder", lambda: _write(path=DIR), IsADirectoryError, re.escape(DIR)),
        Bad("path in a missing folder", lambda: _write(path=os.path.join(MISSING, "x.wav")), FileNotFoundError, re.escape(MISSING)),
        Bad("data of rank 3", lambda: _write(np.zeros((1, 2, 3))), ValueError, r"data must have shape \(channels, frames\)"),
        Bad("data 0-D", lambda: _write(np.asarray(0.5)), ValueError, r"data must have shape \(channels, frames\)"),
        Bad("data with 0 frames", lambda: _write(np.zeros((2, 0))), ValueError, r"data must hold 1 to 65535 channels and at least one frame"),
        Bad("data with 0 channels", lambda: _write(np.zeros((0, 16))), ValueError, r"data must hold 1 to 65535 channels"),
        Bad("data empty 1-D", lambda: _write(np.zeros(0)), ValueError, r"data must hold .* at least one frame"),
        Bad("data (frames, channels) by mistake", lambda: _write(np.zeros((48000, 2))), ValueError, r"data has shape \(48000, 2\).*data\.T"),
        Bad("data with 70000 channels", lambda: _write(np.zeros((70000, 2))), ValueError, r"data must hold 1 to 65535 channels"),
        Bad("data of 2**33 frames (4 GiB limit)", lambda: _write(np.broadcast_to(np.zeros(1), (1, 2**33))), ValueError, r"data too large"),
        Bad("data with NaN (PCM)", lambda: _write(np.array([0.0, np.nan])), ValueError, r"data holds NaN or infinite"),
        Bad("data with inf (PCM)", lambda: _write(np.array([0.0, np.inf]), sample_format="pcm24"), ValueError, r"data holds NaN or infinite"),
        Bad("data int16", lambda: _write(np.zeros(4, dtype=np.int16)), TypeError, r"data must be floating point"),
        Bad("data bool", lambda: _write(np.zeros(4, dtype=bool)), TypeError, r"data must be floating point"),
        Bad("data complex", lambda: _write(np.zeros(4, dtype=complex)), TypeError, r"data must be floating point"),
        Bad("data float16", lambda: _write(np.zeros(4, dtype=np.float16)), TypeError, r"data has dtype float16"),
        Bad("data a list", lambda: _write([0.1, 0.2]), TypeError, r"data must be an array"),
        Bad("data a Python float", lambda: _write(0.5), TypeError, r"data must be an array"),
        Bad("data strings", lambda: _write(np.array(["a", "b"])), TypeError, r"data must be"),
        Bad("fs=0", lambda: _write(fs=0), ValueError, r"fs must be a positive int"),
        Bad("fs<0", lambda: _write(fs=-8000), ValueError, r"fs must be a positive int"),
        Bad("fs > 2**32 - 1", lambda: _write(fs=2**33), ValueError, r"fs must be a positive int .*4294967295"),
        Bad("fs a float", lambda: _write(fs=8000.5), TypeError, r"fs must be a positive int .*4294967295"),
        Bad("fs a string", lambda: _write(fs="8000"), TypeError, r"fs must be a positive int .*4294967295"),
        Bad("fs None", lambda: _write(fs=None), TypeError, r"fs must be a positive int .*4294967295"),
        Bad("fs True", lambda: _write(fs=True), TypeError, r"fs must be a positive int .*4294967295"),
        Bad("fs an array", lambda: _write(fs=np.array([8000, 16000])), TypeError, r"fs must be a positive int .*4294967295"),
        Bad("sample_format misspelt", lambda: _write(sample_format="pcm 16"), ValueError, r"sample_format must be one of"),
        Bad("sample_format upper case", lambda: _write(sample_format="PCM16"), ValueError, r"sample_format must be one of"),
        Bad("sample_format None", lambda: _write(sample_format=None), ValueError, r"sample_format must be one of"),
        Bad("sample_format a list", lambda: _write(sample_format=["pcm16"]), ValueError, r"sample_format must be one of"),
    ],
    "display.coefficient_image": [
        Bad("c of rank 1", lambda: _image(np.ones(4)), ValueError, r"c must have shape \(channels, frames\)"),
        Bad("c of rank 3", lambda: _image(np.ones((2, 3, 4))), ValueError, r"c must have shape \(channels, frames\)"),
        Bad("c with 1 channel", lambda: _image(np.ones((1, 4))), ValueError, r"c must have at least 2 channels"),
        Bad("c with 0 frames", lambda: _image(np.ones((3, 0))), ValueError, r"c must have at least 2 channels and 1 frame"),
        Bad("c with NaN", lambda: _image(np.where(C > 0, np.nan, C)), ValueError, r"c contains NaN or inf"),
        Bad("c with inf", lambda: _image(C * np.inf), ValueError, r"c contains NaN or inf"),
        Bad("c strings", lambda: _image(np.full((2, 3), "a")), TypeError, r"c must be an array of numbers"),
        Bad("c float16", lambda: _image(C.astype(np.float16)), TypeError, r"c has dtype float16"),
        Bad("c a list", lambda: _image(C.tolist()), TypeError, r"c must be an array"),
        Bad("c None", lambda: _image(None), TypeError, r"c must be an array"),
        Bad("c torch, freqs numpy", lambda: _image(torch.ones(5, 7), freqs=np.arange(5.0)), TypeError, r"different array libraries"),
        Bad("fs=0", lambda: _image(fs=0.0), ValueError, r"fs must be a positive"),
        Bad("fs<0", lambda: _image(fs=-8000), ValueError, r"fs must be a positive"),
        Bad("fs inf", lambda: _image(fs=float("inf")), ValueError, r"fs must be a positive"),
        Bad("fs NaN", lambda: _image(fs=float("nan")), ValueError, r"fs must be a positive"),
        Bad("fs a string", lambda: _image(fs="8k"), TypeError, r"fs must be a positive finite number"),
        Bad("fs None", lambda: _image(fs=None), TypeError, r"fs must be a positive finite number"),
        Bad("hop_length=0", lambda: _image(hop_length=0), ValueError, r"hop_length must be a positive int"),
        Bad("hop_length<0", lambda: _image(hop_length=-4), ValueError, r"hop_length must be a positive int"),
        Bad("hop_length float", lambda: _image(hop_length=1.5), TypeError, r"hop_length must be a positive int"),
        Bad("hop_length True", lambda: _image(hop_length=True), TypeError, r"hop_length must be a positive int"),
        Bad("hop_length None", lambda: _image(hop_length=None), TypeError, r"hop_length must be a positive int"),
        Bad("freqs of wrong length", lambda: _image(freqs=np.arange(4.0)), ValueError, r"freqs must have one value per row of c"),
        Bad("freqs decreasing", lambda: _image(freqs=np.arange(5.0)[::-1]), ValueError, r"freqs must be strictly increasing"),
        Bad("freqs with NaN", lambda: _image(freqs=np.array([0.0, 1, 2, 3, np.nan])), ValueError, r"freqs contains NaN or inf"),
        Bad("freqs 2-D", lambda: _image(freqs=np.ones((5, 1))), ValueError, r"freqs must have one value per row"),
        Bad("freqs complex", lambda: _image(freqs=np.arange(5.0) + 1j), TypeError, r"freqs must be an array of real numbers"),
        Bad("freqs a list", lambda: _image(freqs=[0.0, 1, 2, 3, 4]), TypeError, r"freqs must be an array"),
        Bad("times of wrong length", lambda: _image(times=np.arange(3.0)), ValueError, r"times must have one value per column of c"),
        Bad("times with inf", lambda: _image(times=np.array([0.0, 1, 2, 3, 4, 5, np.inf])), ValueError, r"times contains NaN or inf"),
        Bad("times repeated", lambda: _image(times=np.zeros(7)), ValueError, r"times must be strictly increasing"),
        *_dr_cases(_image),
        Bad("ref misspelt", lambda: _image(ref="maxx"), ValueError, r"ref must be 'max' or a positive number"),
        Bad("ref=0", lambda: _image(ref=0.0), ValueError, r"ref must be a positive"),
        Bad("ref<0", lambda: _image(ref=-1.0), ValueError, r"ref must be a positive"),
        Bad("ref None", lambda: _image(ref=None), TypeError, r"ref must be a positive finite number"),
        Bad("yscale misspelt", lambda: _image(yscale="lin"), ValueError, r"yscale must be 'linear' or 'log'"),
        Bad("yscale None", lambda: _image(yscale=None), ValueError, r"yscale must be 'linear' or 'log'"),
        Bad("yscale='log' with no freqs > 0", lambda: _image(yscale="log", freqs=-np.arange(5.0)[::-1]), ValueError, r"yscale='log' needs some freqs > 0"),
        *_plot_cases(_image),
    ],
    "display.filter_responses": [
        Bad("fb an array", lambda: _responses(np.ones((3, 8))), TypeError, r"fb must be a framekit\.FilterBank"),
        Bad("fb None", lambda: _responses(None), TypeError, r"fb must be a framekit\.FilterBank"),
        Bad("fb a GaborFrame", lambda: _responses(fk.GaborFrame(length=16, n_fft=8, hop_length=4)), TypeError, r"fb must be a framekit\.FilterBank"),
        Bad("max_curves=0", lambda: _responses(max_curves=0), ValueError, r"max_curves must be a positive int"),
        Bad("max_curves<0", lambda: _responses(max_curves=-3), ValueError, r"max_curves must be a positive int"),
        Bad("max_curves float", lambda: _responses(max_curves=2.5), TypeError, r"max_curves must be a positive int"),
        Bad("max_curves True", lambda: _responses(max_curves=True), TypeError, r"max_curves must be a positive int"),
        Bad("max_curves a string", lambda: _responses(max_curves="10"), TypeError, r"max_curves must be a positive int"),
        *_dr_cases(_responses),
        *_plot_cases(_responses),
    ],
    "display.reassignment_scatter": [
        Bad("shapes differ", lambda: _scatter(freqs=F[:, :3]), ValueError, r"times, freqs and magnitudes must have the same shape"),
        Bad("rank 3", lambda: _scatter(T[None], F[None], M[None]), ValueError, r"magnitudes must have shape \(F, N\)"),
        Bad("empty", lambda: _scatter(np.zeros((0, 7)), np.zeros((0, 7)), np.zeros((0, 7))), ValueError, r"magnitudes is empty"),
        Bad("times with NaN", lambda: _scatter(times=np.where(T > 0, np.nan, T)), ValueError, r"times contains NaN or inf"),
        Bad("freqs with inf", lambda: _scatter(freqs=F + np.inf), ValueError, r"freqs contains NaN or inf"),
        Bad("magnitudes with NaN", lambda: _scatter(magnitudes=M * np.nan), ValueError, r"magnitudes contains NaN or inf"),
        Bad("magnitudes negative", lambda: _scatter(magnitudes=-M), ValueError, r"magnitudes must be non-negative"),
        Bad("magnitudes complex", lambda: _scatter(magnitudes=M + 1j), TypeError, r"magnitudes must be an array of real numbers"),
        Bad("times strings", lambda: _scatter(times=np.full((5, 7), "t")), TypeError, r"times must be an array of real numbers"),
        Bad("freqs float16", lambda: _scatter(freqs=F.astype(np.float16)), TypeError, r"freqs has dtype float16"),
        Bad("times a list", lambda: _scatter(times=T.tolist()), TypeError, r"times must be an array"),
        Bad("magnitudes None", lambda: _scatter(magnitudes=None), TypeError, r"magnitudes must be an array"),
        Bad("freqs a Python scalar", lambda: _scatter(freqs=100.0), TypeError, r"freqs must be an array"),
        Bad("times numpy, freqs torch", lambda: _scatter(freqs=torch.tensor(F)), TypeError, r"different array libraries"),
        *_dr_cases(_scatter),
        *_dr_cases(_scatter, "s"),
        *_plot_cases(_scatter),
    ],
    "map_files": [
        Bad("transform None", lambda: fk.map_files(None, [GOOD]), TypeError, r"transform must be callable"),
        Bad("transform an array", lambda: fk.map_files(np.zeros(3), [GOOD]), TypeError, r"transform must be callable"),
        Bad("paths a single str", lambda: fk.map_files(_first, GOOD), TypeError, r"paths must be a sequence"),
        Bad("paths None", lambda: fk.map_files(_first, None), TypeError, r"paths must be a sequence"),
        Bad("paths an array", lambda: fk.map_files(_first, np.zeros(3)), TypeError, r"paths must be a sequence"),
        Bad("paths holding None", lambda: fk.map_files(_first, [GOOD, None]), TypeError, r"paths\[1\] must be a str"),
        Bad("path missing", lambda: fk.map_files(_first, [GOOD, MISSING]), FileNotFoundError, re.escape(MISSING)),
        Bad("not a WAV file", lambda: fk.map_files(_first, [TEXT]), ValueError, _cannot(TEXT)),
        Bad("client a string", lambda: fk.map_files(_first, [GOOD], client="tcp://x"), TypeError, r"client must be a dask\.distributed\.Client"),
        Bad("files_per_task 0", lambda: fk.map_files(_first, [GOOD], files_per_task=0), ValueError, r"files_per_task must be a positive int"),
        Bad("files_per_task a float", lambda: fk.map_files(_first, [GOOD], files_per_task=2.0), TypeError, r"files_per_task must be a positive int"),
        Bad("dtype misspelt", lambda: fk.map_files(_first, [GOOD], dtype="flaot32"), ValueError, r"dtype must be float32 or float64"),
        Bad("compute a string", lambda: fk.map_files(_first, [GOOD], compute="no"), TypeError, r"compute must be a bool"),
    ],
}


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    check(case)
