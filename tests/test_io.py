"""Tests of framekit.io: WAV files built independently of the reader.

The files are made byte by byte with :mod:`struct` (headers and samples), with the
standard library's :mod:`wave` (plain PCM headers) and, where installed, with
``scipy.io.wavfile`` (an independent writer and reader).  Decoded values must equal the
known integers divided by ``2**(bits - 1)`` exactly, or the stored floats exactly.
"""

from __future__ import annotations

import struct
import uuid
import warnings
import wave

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from framekit.io import WavFile, WavInfo, read_wav, write_wav

GUID_TAIL = b"\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
PCM, FLOAT, EXT = 1, 3, 0xFFFE


# --- Building WAV files by hand ------------------------------------------------------------


def chunk(cid: bytes, payload: bytes, size: int | None = None) -> bytes:
    """A RIFF chunk: id, size (default: the payload's), payload, pad byte if odd."""
    n = len(payload) if size is None else size
    return cid + struct.pack("<I", n) + payload + b"\x00" * (len(payload) % 2)


def riff(*chunks: bytes, riff_id: bytes = b"RIFF", form: bytes = b"WAVE") -> bytes:
    body = form + b"".join(chunks)
    return riff_id + struct.pack("<I", len(body)) + body


def fmt_plain(tag: int, channels: int, fs: int, bits: int, *, block_align=None, extra=b"") -> bytes:
    ba = channels * (bits // 8) if block_align is None else block_align
    return chunk(b"fmt ", struct.pack("<HHIIHH", tag, channels, fs, fs * ba, ba, bits) + extra)


def fmt_ext(
    subtag: int, channels: int, fs: int, bits: int, *, valid=None, mask=0, guid=None
) -> bytes:
    ba = channels * (bits // 8)
    g = struct.pack("<I", subtag) + GUID_TAIL if guid is None else guid
    head = struct.pack("<HHIIHH", EXT, channels, fs, fs * ba, ba, bits)
    ext = struct.pack("<HHI", 22, bits if valid is None else valid, mask) + g
    return chunk(b"fmt ", head + ext)


def fmt_chunk(tag: int, channels: int, fs: int, bits: int, extensible: bool) -> bytes:
    return (fmt_ext if extensible else fmt_plain)(tag, channels, fs, bits)


def pcm_bytes(ints, bits: int) -> bytes:
    """Interleave a (channels, frames) integer array into little-endian PCM, sample by sample."""
    out = bytearray()
    for frame in np.asarray(ints).T.tolist():
        for v in frame:
            if bits == 8:
                out += struct.pack("<B", v + 128)  # 8-bit WAV is unsigned
            elif bits == 16:
                out += struct.pack("<h", v)
            elif bits == 24:
                out += v.to_bytes(3, "little", signed=True)
            else:
                out += struct.pack("<i", v)
    return bytes(out)


def float_bytes(values, bits: int) -> bytes:
    code = "<f" if bits == 32 else "<d"
    return b"".join(struct.pack(code, v) for frame in np.asarray(values).T.tolist() for v in frame)


def known_ints(bits: int, channels: int) -> np.ndarray:
    """(channels, 7) integers: the extremes, -1, 0, 1 and two more, rotated per channel."""
    lo, hi = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    vals = np.array([lo, hi, -1, 0, 1, lo // 3, hi // 5], dtype=np.int64)
    return np.stack([np.roll(vals, c) for c in range(channels)])


def write(tmp_path, content: bytes, name: str = "x.wav"):
    p = tmp_path / name
    p.write_bytes(content)
    return p


# --- PCM and float, plain and EXTENSIBLE headers --------------------------------------------


@pytest.mark.parametrize("channels", [1, 2, 6])
@pytest.mark.parametrize("extensible", [False, True], ids=["plain", "extensible"])
@pytest.mark.parametrize("bits", [8, 16, 24, 32])
def test_pcm_exact_values(tmp_path, bits, extensible, channels):
    ints = known_ints(bits, channels)  # 7 frames: odd, so 8-bit mono needs a pad byte
    p = write(
        tmp_path,
        riff(
            fmt_chunk(PCM, channels, 44100, bits, extensible), chunk(b"data", pcm_bytes(ints, bits))
        ),
    )
    data, fs, info = read_wav(p)
    assert fs == 44100 and isinstance(fs, int)
    assert data.dtype == np.float64 and data.shape == (channels, 7)
    np.testing.assert_array_equal(data, ints / 2.0 ** (bits - 1))
    assert info == WavInfo("PCM", bits, bits, channels, 44100, 7, extensible, 0)
    assert data.min() == -1.0 and data.max() < 1.0


@pytest.mark.parametrize("dtype", ["float64", "float32", np.float32])
def test_24bit_known_values(tmp_path, dtype):
    ints = [-8388608, 8388607, -1, 0, 1]
    payload = b"".join(v.to_bytes(3, "little", signed=True) for v in ints)
    p = write(tmp_path, riff(fmt_ext(PCM, 1, 48000, 24), chunk(b"data", payload)))
    data = read_wav(p, dtype=dtype).data
    assert data.dtype == np.dtype(dtype)
    expected = np.array([[-1.0, 8388607 / 2**23, -(2.0**-23), 0.0, 2.0**-23]])
    np.testing.assert_array_equal(data, expected.astype(dtype))  # exact in float32 too


def test_24bit_longer_than_one_decoding_block(tmp_path):
    frames = 2 * (1 << 16) + 5  # the 24-bit decoder works in blocks of 2**16 frames
    ints = np.random.default_rng(3).integers(-(2**23), 2**23, (2, frames))
    p = write(tmp_path, riff(fmt_plain(PCM, 2, 48000, 24), chunk(b"data", pcm_bytes(ints, 24))))
    for dtype in ("float64", "float32"):
        np.testing.assert_array_equal(read_wav(p, dtype=dtype).data, (ints / 2.0**23).astype(dtype))


def test_8bit_is_unsigned(tmp_path):
    p = write(
        tmp_path,
        riff(fmt_plain(PCM, 1, 8000, 8), chunk(b"data", bytes([0, 1, 127, 128, 129, 255]))),
    )
    np.testing.assert_array_equal(
        read_wav(p).data, [[-1.0, -127 / 128, -1 / 128, 0.0, 1 / 128, 127 / 128]]
    )


@pytest.mark.parametrize("channels", [1, 2, 6])
@pytest.mark.parametrize("extensible", [False, True], ids=["plain", "extensible"])
@pytest.mark.parametrize("bits", [32, 64])
def test_float_as_stored(tmp_path, bits, extensible, channels):
    vals = [0.25, -1.0, 1.5, -2.0, 1e-30, -0.0, np.inf, -np.inf, np.nan, 3.0e38]
    values = np.stack([np.roll(vals, c) for c in range(channels)])
    fmt = fmt_chunk(FLOAT, channels, 96000, bits, extensible)
    p = write(
        tmp_path,
        riff(fmt, chunk(b"fact", struct.pack("<I", 10)), chunk(b"data", float_bytes(values, bits))),
    )
    data, fs, info = read_wav(p)
    stored = values.astype(np.float32 if bits == 32 else np.float64)  # what the bytes hold
    np.testing.assert_array_equal(data, stored.astype(np.float64))
    np.testing.assert_array_equal(np.signbit(data), np.signbit(stored))
    assert info.format == "IEEE float" and info.bits_per_sample == bits and fs == 96000


def test_float32_and_float64_results(tmp_path):
    ints = known_ints(32, 2)
    p32 = write(
        tmp_path, riff(fmt_plain(PCM, 2, 8000, 32), chunk(b"data", pcm_bytes(ints, 32))), "a.wav"
    )
    got = read_wav(p32, dtype="float32").data
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, (ints / 2.0**31).astype(np.float32))  # rounded once
    values = np.array([[0.1, -1 / 3, 1e-300]])
    p64 = write(
        tmp_path,
        riff(fmt_plain(FLOAT, 1, 8000, 64), chunk(b"data", float_bytes(values, 64))),
        "b.wav",
    )
    np.testing.assert_array_equal(read_wav(p64, dtype=np.float32).data, values.astype(np.float32))
    with pytest.raises(ValueError, match="dtype must be float32 or float64, got int16"):
        read_wav(p64, dtype="int16")


def test_result_is_a_fresh_c_contiguous_array(tmp_path):
    p = write(
        tmp_path,
        riff(fmt_plain(PCM, 6, 8000, 16), chunk(b"data", pcm_bytes(known_ints(16, 6), 16))),
    )
    result = read_wav(p)
    assert isinstance(result, WavFile) and result.data is result[0]
    assert result.data.flags.c_contiguous and result.data.flags.writeable
    result.data[0, 0] = 0.5  # its own memory, not a read-only view of the file's bytes


# --- Independent writers: the standard library's wave and scipy ------------------------------


@pytest.mark.parametrize("channels", [1, 2])
@pytest.mark.parametrize("bits", [8, 16, 24, 32])
def test_headers_written_by_wave_module(tmp_path, bits, channels):
    ints = known_ints(bits, channels)
    p = tmp_path / "w.wav"
    with wave.open(str(p), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(bits // 8)
        w.setframerate(22050)
        w.writeframes(pcm_bytes(ints, bits))
    data, fs, info = read_wav(p)
    assert fs == 22050 and info.frames == 7 and not info.extensible
    np.testing.assert_array_equal(data, ints / 2.0 ** (bits - 1))


@pytest.mark.parametrize("dtype", ["float32", "float64", "int16", "int32", "uint8"])
@pytest.mark.parametrize("shape", [(50,), (50, 2), (13, 6)])
def test_files_written_by_scipy(tmp_path, dtype, shape):
    wavfile = pytest.importorskip("scipy.io.wavfile")
    rng = np.random.default_rng(1)
    if dtype.startswith("float"):
        x = rng.uniform(-1.5, 1.5, shape).astype(dtype)
        expected = x.astype(np.float64)
    else:
        info = np.iinfo(dtype)
        x = rng.integers(info.min, info.max, shape, endpoint=True).astype(dtype)
        x.flat[:2] = info.min, info.max
        bits = 8 * x.itemsize
        offset = 128 if dtype == "uint8" else 0
        expected = (x.astype(np.float64) - offset) / 2.0 ** (bits - 1)
    wavfile.write(tmp_path / "s.wav", 16000, x)
    data, fs, _ = read_wav(tmp_path / "s.wav")
    assert fs == 16000
    np.testing.assert_array_equal(data, np.atleast_2d(expected.T))


# --- Chunk layout ---------------------------------------------------------------------------


def test_unknown_and_odd_chunks_are_skipped(tmp_path):
    ints = np.array([[-128, 127, 0, 5, -5]])  # 5 bytes of 8-bit mono: odd, pad byte follows
    info_list = b"INFO" + chunk(b"INAM", b"odd")  # 'odd' gets a pad byte inside LIST too
    content = riff(
        chunk(b"JUNK", b"abc"),  # odd-sized before fmt
        chunk(b"LIST", info_list),
        fmt_plain(PCM, 1, 11025, 8),
        chunk(b"bext", bytes(601)),
        chunk(b"fact", struct.pack("<I", 5)),
        chunk(b"LIST", info_list),  # LIST right before data
        chunk(b"data", pcm_bytes(ints, 8)),
        chunk(b"cue ", struct.pack("<I", 0)),  # after data
    )
    data, fs, info = read_wav(write(tmp_path, content))
    assert fs == 11025 and info.frames == 5
    np.testing.assert_array_equal(data, ints / 128.0)


@pytest.mark.parametrize(
    "fmt",
    [
        fmt_plain(PCM, 2, 8000, 16, extra=struct.pack("<H", 0)),  # 18-byte fmt with cbSize = 0
        fmt_plain(PCM, 2, 8000, 16, extra=b"\x00\x00\xff"),  # odd size, extra bytes ignored
    ],
    ids=["cbsize", "odd-extra"],
)
def test_fmt_chunk_variants(tmp_path, fmt):
    ints = known_ints(16, 2)
    p = write(tmp_path, riff(fmt, chunk(b"data", pcm_bytes(ints, 16))))
    np.testing.assert_array_equal(read_wav(p).data, ints / 2.0**15)


def test_fmt_after_data(tmp_path):
    ints = known_ints(16, 1)
    p = write(tmp_path, riff(chunk(b"data", pcm_bytes(ints, 16)), fmt_plain(PCM, 1, 8000, 16)))
    np.testing.assert_array_equal(read_wav(p).data, ints / 2.0**15)


def test_extensible_valid_bits_and_mask_are_metadata(tmp_path):
    ints = known_ints(24, 6) // 16 * 16  # 20 significant bits, left-justified in 24
    fmt = fmt_ext(PCM, 6, 48000, 24, valid=20, mask=0x3F)
    data, _, info = read_wav(write(tmp_path, riff(fmt, chunk(b"data", pcm_bytes(ints, 24)))))
    np.testing.assert_array_equal(data, ints / 2.0**23)  # the container size decides the scale
    assert (info.valid_bits, info.channel_mask, info.extensible) == (20, 0x3F, True)
    assert str(info) == "6 channels, 24-bit PCM (20 valid bits), 48000 Hz, 0.00 s"
    fmt0 = fmt_ext(PCM, 1, 8000, 16, valid=0)  # 0: not given
    assert (
        read_wav(write(tmp_path, riff(fmt0, chunk(b"data", bytes(4))), "b.wav")).info.valid_bits
        == 16
    )


def test_describe(tmp_path):
    p = write(tmp_path, riff(fmt_plain(PCM, 2, 48000, 24), chunk(b"data", bytes(72000 * 6))))
    data, _, info = read_wav(p)
    assert info.describe() == str(info) == "2 channels, 24-bit PCM, 48000 Hz, 1.50 s"
    assert info.duration == 1.5 and info.frames == 72000 and data.shape == (2, 72000)
    p = write(tmp_path, riff(fmt_ext(FLOAT, 1, 8000, 32), chunk(b"data", bytes(4 * 8000))), "f.wav")
    assert str(read_wav(p).info) == "1 channel, 32-bit IEEE float, 8000 Hz, 1.00 s"


# --- Errors ---------------------------------------------------------------------------------

OK_FMT = fmt_plain(PCM, 2, 8000, 16)
AMBISONIC = uuid.UUID("00000001-0721-11d3-8644-c8c1ca000000").bytes_le

ERRORS = {
    "empty": (b"", r"the file is empty \(0 bytes\)"),
    "short": (b"RIF", r"not a RIFF/WAVE file \(only 3 bytes long\)"),
    "mp3": (b"ID3\x04" + bytes(100), r"not a RIFF/WAVE file \(starts with b'ID3\\x04'\)"),
    "avi": (
        riff(OK_FMT, form=b"AVI "),
        r"not a RIFF/WAVE file \(a RIFF file of form type b'AVI '\)",
    ),
    "rf64": (
        riff(OK_FMT, riff_id=b"RF64"),
        r"RF64 \(64-bit WAV for files over 4 GiB\) is not supported",
    ),
    "bw64": (riff(OK_FMT, riff_id=b"BW64"), r"BW64 .* is not supported"),
    "rifx": (riff(OK_FMT, riff_id=b"RIFX"), r"big-endian RIFX files are not supported"),
    "no-fmt": (riff(chunk(b"data", bytes(4))), r"no 'fmt ' chunk found"),
    "no-data": (riff(OK_FMT, chunk(b"LIST", b"INFO")), r"no 'data' chunk found"),
    "no-chunks": (riff(), r"no 'fmt ' or 'data' chunk found"),
    "cut-list": (
        riff(OK_FMT, b"LIST" + struct.pack("<I", 1000) + b"INFO"),
        r"no 'data' chunk found \(the file ends inside a b'LIST' chunk: truncated\?\)",
    ),
    "fmt-short": (
        riff(chunk(b"fmt ", bytes(14)), chunk(b"data", bytes(4))),
        r"'fmt ' chunk holds 14 bytes; at least 16",
    ),
    "fmt-cut": (
        riff(b"fmt " + struct.pack("<I", 16) + bytes(8)),
        r"the 'fmt ' chunk is cut off by the end of the file",
    ),
    "ext-short": (
        riff(fmt_plain(EXT, 2, 8000, 16, extra=struct.pack("<H", 0)), chunk(b"data", bytes(4))),
        r"WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk holds 18 bytes; 40 expected",
    ),
    "mp3-tag": (
        riff(fmt_plain(0x0055, 2, 44100, 0), chunk(b"data", bytes(400))),
        r"format tag 0x0055 \(MPEG Layer III \(MP3\)\) is not supported; PCM and IEEE float are",
    ),
    "adpcm": (
        riff(fmt_plain(0x0002, 1, 8000, 4), chunk(b"data", bytes(256))),
        r"format tag 0x0002 \(Microsoft ADPCM\)",
    ),
    "alaw": (
        riff(fmt_plain(0x0006, 1, 8000, 8), chunk(b"data", bytes(8))),
        r"format tag 0x0006 \(A-law\) is not",
    ),
    "mulaw": (
        riff(fmt_plain(0x0007, 1, 8000, 8), chunk(b"data", bytes(8))),
        r"format tag 0x0007 \(mu-law\) is not",
    ),
    "unknown-tag": (
        riff(fmt_plain(0x1234, 1, 8000, 16), chunk(b"data", bytes(8))),
        r"format tag 0x1234 \(unknown\)",
    ),
    "ext-mp3": (
        riff(fmt_ext(0x0055, 2, 44100, 16), chunk(b"data", bytes(8))),
        r"WAVE_FORMAT_EXTENSIBLE sub-format 0x0055 \(MPEG Layer III \(MP3\)\) is not supported",
    ),
    "ext-guid": (
        riff(fmt_ext(0, 4, 48000, 16, guid=AMBISONIC), chunk(b"data", bytes(8))),
        r"sub-format \{00000001-0721-11d3-8644-c8c1ca000000\} is not supported; PCM and IEEE float are",
    ),
    "pcm12": (
        riff(fmt_plain(PCM, 1, 8000, 12, block_align=2), chunk(b"data", bytes(8))),
        r"12 bits per sample \(PCM\) is not supported; 8, 16, 24 or 32 bits per sample are",
    ),
    "pcm0": (
        riff(fmt_plain(PCM, 1, 8000, 0), chunk(b"data", bytes(8))),
        r"0 bits per sample \(PCM\)",
    ),
    "float16": (
        riff(fmt_plain(FLOAT, 1, 8000, 16), chunk(b"data", bytes(8))),
        r"16 bits per sample \(IEEE float\) is not supported; 32 or 64 bits per sample are",
    ),
    "ext-pcm20": (
        riff(fmt_ext(PCM, 1, 8000, 20), chunk(b"data", bytes(8))),
        r"20 bits per sample \(PCM\)",
    ),
    "channels0": (
        riff(fmt_plain(PCM, 0, 8000, 16), chunk(b"data", bytes(8))),
        r"the header declares 0 channels",
    ),
    "fs0": (riff(fmt_plain(PCM, 1, 0, 16), chunk(b"data", bytes(8))), r"a sample rate of 0 Hz"),
    "no-samples": (
        riff(OK_FMT, chunk(b"data", b"")),
        r"holds no audio samples \(its 'data' chunk is empty\)",
    ),
    "misaligned": (
        riff(OK_FMT, chunk(b"data", bytes(6))),
        r"'data' chunk size \(6 bytes\) is not a multiple of the frame size \(4 bytes = 2 channels x 2",
    ),
    "cut-first-frame": (
        riff(OK_FMT) + b"data" + struct.pack("<I", 40) + bytes(3),
        r"no complete audio frame: the 'data' chunk declares 40 bytes, the file ends after 3",
    ),
}


@pytest.mark.parametrize("content, match", list(ERRORS.values()), ids=list(ERRORS))
def test_errors_name_the_file_and_the_problem(tmp_path, content, match):
    p = write(tmp_path, content)
    with pytest.raises(ValueError, match=match) as err:
        read_wav(p)
    assert repr(str(p)) in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.wav"):
        read_wav(tmp_path / "nope.wav")


# --- Truncated and streamed files -----------------------------------------------------------


@pytest.mark.parametrize("cut, frames, partial", [(18, 4, 2), (16, 4, 0), (39, 9, 3)])
def test_truncated_file_gives_complete_frames_and_warns(tmp_path, cut, frames, partial):
    ints = np.arange(-10, 10).reshape(2, 10) * 1000  # 16-bit stereo, 10 frames = 40 bytes
    full = riff(OK_FMT, chunk(b"data", pcm_bytes(ints, 16)))
    p = write(tmp_path, full[: len(full) - 40 + cut])
    msg = (
        rf"is truncated: the 'data' chunk declares 40 bytes but the file holds only {cut}; "
        rf"{40 - cut} bytes are missing\. Read {frames} complete frames"
    )
    with pytest.warns(UserWarning, match=msg) as rec:
        data, _, info = read_wav(p)
    assert repr(str(p)) in str(rec[0].message)
    assert ("dropped a partial last frame" in str(rec[0].message)) == bool(partial)
    if partial:
        assert f"({partial} of 4 bytes)" in str(rec[0].message)
    assert info.frames == frames
    np.testing.assert_array_equal(data, ints[:, :frames] / 2.0**15)


def test_streamed_file_with_unknown_sizes(tmp_path):
    ints = known_ints(16, 2)
    content = b"RIFF" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE" + OK_FMT
    content += b"data" + struct.pack("<I", 0xFFFFFFFF) + pcm_bytes(ints, 16)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the whole file is read, no warning
        data = read_wav(write(tmp_path, content)).data
    np.testing.assert_array_equal(data, ints / 2.0**15)
    with pytest.warns(
        UserWarning, match=r"Read 7 complete frames .*partial last frame \(1 of 4 bytes\)"
    ):
        read_wav(write(tmp_path, content + b"\x00", "b.wav"))


def test_wrong_block_align_warns_and_decodes(tmp_path):
    ints = known_ints(16, 2)
    p = write(
        tmp_path,
        riff(fmt_plain(PCM, 2, 8000, 16, block_align=0), chunk(b"data", pcm_bytes(ints, 16))),
    )
    with pytest.warns(
        UserWarning, match=r"block align \(0 bytes\) disagrees with 2 channels x 2 bytes"
    ):
        data = read_wav(p).data
    np.testing.assert_array_equal(data, ints / 2.0**15)


# --- Properties -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prop_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("prop")


SAMPLE_KINDS = {
    "int16": (PCM, 16, np.int16),
    "int24": (PCM, 24, np.int32),
    "float32": (FLOAT, 32, np.float32),
}


@st.composite
def wav_arrays(draw):
    kind = draw(st.sampled_from(sorted(SAMPLE_KINDS)))
    tag, bits, dt = SAMPLE_KINDS[kind]
    shape = (draw(st.integers(1, 8)), draw(st.integers(1, 40)))
    if kind == "float32":
        elements = st.floats(width=32, allow_nan=True, allow_infinity=True)
    else:
        elements = st.integers(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    return tag, bits, draw(hnp.arrays(dt, shape, elements=elements)), draw(st.booleans())


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=wav_arrays())
def test_random_arrays_round_trip_exactly(prop_dir, case):
    tag, bits, x, extensible = case
    channels, frames = x.shape
    payload = float_bytes(x, 32) if tag == FLOAT else pcm_bytes(x.astype(np.int64), bits)
    p = prop_dir / "r.wav"
    p.write_bytes(riff(fmt_chunk(tag, channels, 44100, bits, extensible), chunk(b"data", payload)))
    data, _, info = read_wav(p)
    expected = x.astype(np.float64) / (1.0 if tag == FLOAT else 2.0 ** (bits - 1))
    np.testing.assert_array_equal(data, expected)
    np.testing.assert_array_equal(np.signbit(data), np.signbit(expected))
    assert (info.channels, info.frames, info.bits_per_sample) == (channels, frames, bits)


VALID = riff(
    chunk(b"LIST", b"INFOxyz"),
    fmt_ext(PCM, 2, 8000, 24),
    chunk(b"data", pcm_bytes(known_ints(24, 2), 24)),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(0, len(VALID)),
    flips=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), max_size=4),
)
def test_damaged_files_raise_only_value_error(prop_dir, cut, flips):
    """Truncated or corrupted bytes give data, a warning or a ValueError: never struct.error,
    EOFError, IndexError or a crash."""
    content = bytearray(VALID)
    for i, v in flips:
        content[i] = v
    p = prop_dir / "d.wav"
    p.write_bytes(bytes(content[:cut]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            data, fs, info = read_wav(p)
        except ValueError as err:
            assert repr(str(p)) in str(err)
        else:
            assert data.shape == (info.channels, info.frames) and info.frames > 0 and fs > 0


# --- write_wav ------------------------------------------------------------------------------


@pytest.mark.parametrize("channels", [1, 2, 6])
@pytest.mark.parametrize("fmt, bits", [("pcm8", 8), ("pcm16", 16), ("pcm24", 24), ("pcm32", 32)])
def test_write_wav_pcm_round_trip_and_bytes(tmp_path, fmt, bits, channels):
    ints = known_ints(bits, channels)
    p = tmp_path / "w.wav"
    write_wav(p, ints / 2.0 ** (bits - 1), 8000, sample_format=fmt)
    assert p.read_bytes() == riff(
        fmt_plain(PCM, channels, 8000, bits), chunk(b"data", pcm_bytes(ints, bits))
    )
    np.testing.assert_array_equal(read_wav(p).data, ints / 2.0 ** (bits - 1))
    with wave.open(str(p), "rb") as w:  # the standard library reads it too
        params = (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes())
        assert params == (channels, bits // 8, 8000, 7)
        assert w.readframes(7) == pcm_bytes(ints, bits)


@pytest.mark.parametrize(
    "fmt, dtype",
    [("float32", np.float32), ("float64", np.float64), ("pcm16", np.int16), ("pcm32", np.int32)],
)
def test_write_wav_read_by_scipy(tmp_path, fmt, dtype):
    wavfile = pytest.importorskip("scipy.io.wavfile")
    x = np.random.default_rng(2).uniform(-1, 1, (3, 100))
    write_wav(tmp_path / "w.wav", x, 22050, sample_format=fmt)
    fs, y = wavfile.read(tmp_path / "w.wav")
    assert fs == 22050 and y.dtype == dtype and y.shape == (100, 3)
    if fmt.startswith("float"):
        np.testing.assert_array_equal(y.T, x.astype(dtype))
    else:
        full = 2.0 ** (np.iinfo(dtype).bits - 1)
        np.testing.assert_array_equal(y.T, np.clip(np.rint(x * full), -full, full - 1))


def test_write_wav_details(tmp_path):
    p = tmp_path / "w.wav"
    write_wav(p, np.array([0.5, -0.5, 0.25]), 8000, sample_format="pcm8")  # 3 bytes: pad byte
    raw = p.read_bytes()
    assert len(raw) % 2 == 0 and struct.unpack_from("<I", raw, 4)[0] == len(raw) - 8
    assert raw.endswith(bytes([192, 64, 160, 0]))
    with pytest.warns(UserWarning, match="2 samples outside"):
        write_wav(p, np.array([[1.0, 1.5, -3.0, -1.0]]), 8000)
    np.testing.assert_array_equal(read_wav(p).data, [[32767 / 32768, 32767 / 32768, -1.0, -1.0]])
    write_wav(p, np.array([1.5, np.nan]), 8000, sample_format="float32")  # stored as is
    np.testing.assert_array_equal(read_wav(p).data, [[1.5, np.nan]])
    with pytest.raises(TypeError, match="floating point"):
        write_wav(p, np.array([1, 2], dtype=np.int16), 8000)
    with pytest.raises(ValueError, match="NaN or infinite"):
        write_wav(p, np.array([0.0, np.inf]), 8000)
    with pytest.raises(ValueError, match="sample_format must be one of"):
        write_wav(p, np.zeros(4), 8000, sample_format="pcm12")
    with pytest.raises(ValueError, match="fs must be a positive int"):
        write_wav(p, np.zeros(4), 0)
    with pytest.raises(ValueError, match="shape"):
        write_wav(p, np.zeros((1, 2, 3)), 8000)
    with pytest.raises(ValueError, match="at least one frame"):
        write_wav(p, np.zeros((2, 0)), 8000)
