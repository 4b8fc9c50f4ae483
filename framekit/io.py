"""Reading and writing WAV files with the standard library and NumPy only.

:func:`read_wav` parses the RIFF/WAVE chunks itself (:mod:`struct`) and decodes the
samples with vectorised NumPy operations, so it needs neither :mod:`wave` (which reads
no float files, and no WAVE_FORMAT_EXTENSIBLE ones before Python 3.12) nor scipy or
soundfile.  It reads

* PCM with 8 (unsigned), 16, 24 or 32 bits per sample (signed, little-endian),
  scaled to [-1, 1) by ``2**(bits - 1)``;
* IEEE float with 32 or 64 bits per sample, as stored (no scaling, no clipping);
* the plain ``fmt `` header (format tags 1 and 3) and WAVE_FORMAT_EXTENSIBLE
  (tag 0xFFFE with the KSDATAFORMAT_SUBTYPE_PCM or _IEEE_FLOAT sub-format);
* any number of interleaved channels, odd-sized chunks (with their pad byte) and
  chunks it does not need (``LIST``, ``fact``, ``bext``, ``cue `` ...), which it skips.

A truncated file (a ``data`` chunk declaring more bytes than the file holds) gives its
complete frames back with a :class:`UserWarning` that says how much is missing.
64-bit containers (``RF64``, ``BW64``), big-endian ``RIFX`` and compressed formats
(ADPCM, A-law, mu-law, MP3, ...) are refused with a :class:`ValueError` naming them.

(About 520 lines, one module: the reader and the writer share the format table and the
header layout; a third of it is the docstrings with their runnable examples.)

:func:`write_wav` writes PCM (8/16/24/32-bit) or IEEE float (32/64-bit) files with the
plain header, which every WAV reader accepts; it takes arrays of any array-API library
(copied to host memory through framekit's backend layer), not lists.
"""

from __future__ import annotations

import dataclasses
import os
import struct
import uuid
import warnings
from collections.abc import Iterator
from typing import NamedTuple

import numpy as np  # host-side file I/O: numpy builds the sample arrays

from . import _backend as _b
from . import _validate as _v

__all__ = ["WavFile", "WavInfo", "iter_wav", "read_wav", "write_wav"]

_PCM, _IEEE_FLOAT, _EXTENSIBLE = 0x0001, 0x0003, 0xFFFE
#: Bytes 4..15 of every KSDATAFORMAT_SUBTYPE_* GUID derived from a format tag
#: ({tag-0000-0010-8000-00AA00389B71}, stored with its first fields little-endian).
_GUID_TAIL = b"\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
#: A data chunk size that streaming writers use for "unknown, up to the end of the file".
_SIZE_UNKNOWN = 0xFFFFFFFF
#: Frames decoded per step of the 24-bit conversion (bounds its int32 temporary).
_BLOCK = 1 << 16
#: More channels than this, and than frames, is taken for a (frames, channels) array.
_MAX_PLAUSIBLE_CHANNELS = 256

#: Names of common format tags, for error messages (from mmreg.h).
_TAG_NAMES = {
    0x0000: "unknown",
    0x0001: "PCM",
    0x0002: "Microsoft ADPCM",
    0x0003: "IEEE float",
    0x0006: "A-law",
    0x0007: "mu-law",
    0x0011: "IMA ADPCM",
    0x0016: "ITU G.723 ADPCM",
    0x0031: "GSM 6.10",
    0x0040: "ITU G.721 ADPCM",
    0x0050: "MPEG",
    0x0055: "MPEG Layer III (MP3)",
    0x0092: "Dolby AC-3 SPDIF",
    0x00FF: "AAC",
    0x0160: "Windows Media Audio v1",
    0x0161: "Windows Media Audio",
    0x0162: "Windows Media Audio Pro",
    0x0163: "Windows Media Audio Lossless",
    0x0164: "Windows Media Audio SPDIF",
    0x1610: "MPEG-4 HE-AAC",
    0x2000: "Dolby AC-3",
    0x2001: "DTS",
    0xF1AC: "FLAC",
}

#: Sample formats :func:`write_wav` writes: name -> (format tag, bits per sample).
_SAMPLE_FORMATS = {
    "pcm8": (_PCM, 8),
    "pcm16": (_PCM, 16),
    "pcm24": (_PCM, 24),
    "pcm32": (_PCM, 32),
    "float32": (_IEEE_FLOAT, 32),
    "float64": (_IEEE_FLOAT, 64),
}


@dataclasses.dataclass(frozen=True)
class WavInfo:
    """What the header of a WAV file says about its samples.

    ``str(info)`` is :meth:`describe`, e.g. ``"2 channels, 24-bit PCM, 48000 Hz, 1.50 s"``.

    Attributes
    ----------
    format : str
        ``"PCM"`` or ``"IEEE float"``.
    bits_per_sample : int
        The container size that decides decoding: 8, 16, 24 or 32 (PCM), 32 or 64 (float).
    valid_bits : int
        Significant bits per sample (``wValidBitsPerSample`` of an EXTENSIBLE header;
        otherwise ``bits_per_sample``).  Metadata only: the samples are decoded
        and scaled by the container size.
    channels : int
        Number of interleaved channels.
    fs : int
        Sampling rate in Hz.
    frames : int
        Number of samples per channel that were read.
    extensible : bool
        Whether the header is WAVE_FORMAT_EXTENSIBLE.
    channel_mask : int
        ``dwChannelMask`` of an EXTENSIBLE header (speaker positions); 0 otherwise.
    """

    format: str
    bits_per_sample: int
    valid_bits: int
    channels: int
    fs: int
    frames: int
    extensible: bool = False
    channel_mask: int = 0

    @property
    def duration(self) -> float:
        """Length in seconds (``frames / fs``)."""
        return self.frames / self.fs

    def describe(self) -> str:
        """One report line, e.g. ``"2 channels, 24-bit PCM, 48000 Hz, 1.50 s"``."""
        ch = f"{self.channels} channel{'' if self.channels == 1 else 's'}"
        fmt = f"{self.bits_per_sample}-bit {self.format}"
        if self.valid_bits != self.bits_per_sample:
            fmt += f" ({self.valid_bits} valid bits)"
        return f"{ch}, {fmt}, {self.fs} Hz, {self.duration:.2f} s"

    def __str__(self) -> str:
        return self.describe()


class WavFile(NamedTuple):
    """The result of :func:`read_wav`; unpacks as ``data, fs, info = read_wav(path)``.

    Attributes
    ----------
    data : numpy.ndarray
        Samples, shape ``(channels, frames)``, C-contiguous and writeable.
    fs : int
        Sampling rate in Hz.
    info : WavInfo
        Format, bits per sample, channels, frames; ``str(info)`` is a report line.
    """

    data: np.ndarray
    fs: int
    info: WavInfo


def _tag_text(tag: int) -> str:
    return f"0x{tag:04X} ({_TAG_NAMES.get(tag, 'unknown')})"


def _path(path: object) -> str | bytes:
    """``os.fspath(path)``, with an error that names the argument (an int would otherwise
    be taken by :func:`open` as a file descriptor)."""
    try:
        return os.fspath(path)  # type: ignore[call-overload, no-any-return]
    except TypeError:
        raise TypeError(
            f"path must be a str or os.PathLike (a file name), got {type(path).__name__}"
        ) from None


def _out_dtype(dtype: object) -> np.dtype:
    """float32 or float64 from a dtype or its name; None and misspelt names are refused."""
    expected = "dtype must be float32 or float64 (a NumPy dtype or its name)"
    if dtype is None:
        raise TypeError(f"{expected}, got None")
    try:
        out = np.dtype(dtype)  # type: ignore[call-overload]
    except TypeError:
        if isinstance(dtype, str):  # a misspelt name is a bad value, like a wrong dtype
            raise ValueError(f"dtype must be float32 or float64, got {dtype!r}") from None  # noqa: TRY004
        raise TypeError(f"{expected}, got {type(dtype).__name__} {dtype!r}") from None
    if out not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(f"dtype must be float32 or float64, got {out}")
    return out


def read_wav(
    path: str | os.PathLike[str],
    *,
    dtype: str | type | np.dtype = "float64",
    offset: int = 0,
    count: int | None = None,
) -> WavFile:
    """Read a PCM or IEEE-float WAV file into a ``(channels, frames)`` array.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    dtype : {"float64", "float32"}
        Floating dtype of ``data``.  float64 holds every PCM sample exactly;
        float32 holds 8-, 16- and 24-bit PCM exactly and rounds 32-bit PCM and
        float64 files to the nearest float32.
    offset, count : int, optional
        Read only the frames ``offset .. offset + count - 1`` (clipped to the file; ``count``
        None: to the end), for reading a long file in blocks (:func:`iter_wav`);
        ``info.frames`` still counts the whole file.

    Returns
    -------
    WavFile
        ``(data, fs, info)``: ``data`` has shape ``(channels, frames)``; PCM samples
        are divided by ``2**(bits - 1)`` (8-bit ones, which are unsigned, first have
        128 subtracted), so they lie in [-1, 1); float samples are returned as stored.
        ``fs`` is the sampling rate in Hz and ``info`` a :class:`WavInfo`.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    TypeError
        If ``path`` is not a file name (str or os.PathLike), or ``dtype`` is None or not a
        dtype.
    ValueError
        If the file is not one :func:`read_wav` can decode, with a message that names
        ``path`` and the problem: an empty or non-RIFF/WAVE file, an RF64/BW64/RIFX
        container, no ``fmt `` or ``data`` chunk, a compressed or unknown format,
        unsupported bits per sample, zero channels or a zero sampling rate, a
        ``data`` chunk that is empty, holds no complete frame, or whose size is not
        a multiple of the frame size (channels times bytes per sample).  Also for
        a ``dtype`` other than float32 and float64.

    Warns
    -----
    UserWarning
        If the file is truncated (the ``data`` chunk declares more bytes than the
        file holds): the complete frames are returned, and the warning says how many
        bytes are missing and whether a partial last frame was dropped.  Also if the
        header's block align disagrees with channels times bytes per sample (the
        latter is used).

    Notes
    -----
    The RIFF size field is not trusted (streamed files often leave it wrong): the
    chunks are walked up to the end of the file.  A ``data`` size of 0xFFFFFFFF
    (written by streaming tools that cannot seek back) means "up to the end of the
    file".  The first ``fmt `` and the first ``data`` chunk are used; a ``fmt `` chunk
    after the ``data`` chunk is accepted.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from framekit.io import read_wav, write_wav
    >>> path = os.path.join(tempfile.mkdtemp(), "tone.wav")
    >>> t = np.arange(72000) / 48000
    >>> x = np.stack([np.sin(2 * np.pi * 440 * t), np.zeros_like(t)]) * 0.5
    >>> write_wav(path, x, 48000, sample_format="pcm24")
    >>> data, fs, info = read_wav(path)
    >>> print(info)
    2 channels, 24-bit PCM, 48000 Hz, 1.50 s
    >>> data.shape, data.dtype, fs
    ((2, 72000), dtype('float64'), 48000)
    >>> bool(np.max(np.abs(data - x)) <= 2.0**-24)  # within half a 24-bit step
    True
    """
    out_dtype = _out_dtype(dtype)
    name = _path(path)

    def fail(msg: str) -> ValueError:
        return ValueError(f"cannot read {name!r}: {msg}")

    with open(name, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size == 0:
            raise fail("the file is empty (0 bytes)")
        head = f.read(12)
        if len(head) < 12:
            raise fail(f"not a RIFF/WAVE file (only {len(head)} bytes long)")
        riff_id, _riff_size, form = struct.unpack("<4sI4s", head)
        if riff_id in (b"RF64", b"BW64"):
            raise fail(
                f"{riff_id.decode()} (64-bit WAV for files over 4 GiB) is not supported; "
                "convert it to a RIFF WAV file or split it"
            )
        if riff_id == b"RIFX":
            raise fail("big-endian RIFX files are not supported; little-endian RIFF is")
        if riff_id != b"RIFF" or form != b"WAVE":
            what = (
                f"a RIFF file of form type {form!r}"
                if riff_id == b"RIFF"
                else f"starts with {head[:4]!r}"
            )
            raise fail(f"not a RIFF/WAVE file ({what})")

        # Walk the chunks: keep the first 'fmt ' payload and the place of the first 'data'.
        fmt: bytes | None = None
        data_pos = data_size = -1
        cut_chunk = b""  # a chunk the end of the file cuts off (truncated file)
        pos = 12
        while pos + 8 <= size and (fmt is None or data_pos < 0):
            f.seek(pos)
            cid, csize = struct.unpack("<4sI", f.read(8))
            body = pos + 8
            if cid == b"data" and data_pos < 0:
                data_pos, data_size = body, csize
                if csize == _SIZE_UNKNOWN or body + csize > size:
                    break  # the audio runs to the end of the file: no chunk follows
            elif cid == b"fmt " and fmt is None:
                if body + csize > size:
                    raise fail("the 'fmt ' chunk is cut off by the end of the file")
                fmt = f.read(min(csize, 40))
            pos = body + csize + (csize & 1)  # odd-sized chunks are followed by a pad byte
            if pos > size:
                cut_chunk = cid
        missing = [c for c, absent in (("'fmt '", fmt is None), ("'data'", data_pos < 0)) if absent]
        if missing:
            msg = f"no {' or '.join(missing)} chunk found"
            if cut_chunk:
                msg += f" (the file ends inside a {cut_chunk!r} chunk: truncated?)"
            raise fail(msg)
        assert fmt is not None

        # The format.
        if len(fmt) < 16:
            raise fail(f"the 'fmt ' chunk holds {len(fmt)} bytes; at least 16 expected")
        tag, channels, fs, _byte_rate, block_align, bits = struct.unpack_from("<HHIIHH", fmt)
        valid_bits, mask, extensible = bits, 0, tag == _EXTENSIBLE
        what = "format tag"
        if extensible:
            if len(fmt) < 40:
                raise fail(
                    f"the WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk holds {len(fmt)} bytes; 40 expected"
                )
            valid_bits, mask = struct.unpack_from("<HI", fmt, 18)
            guid = fmt[24:40]
            if guid[4:] != _GUID_TAIL:
                raise fail(
                    f"WAVE_FORMAT_EXTENSIBLE sub-format {{{uuid.UUID(bytes_le=guid)}}} is not "
                    "supported; PCM and IEEE float are"
                )
            tag = struct.unpack_from("<I", guid)[0]
            what = "WAVE_FORMAT_EXTENSIBLE sub-format"
            if valid_bits == 0 or valid_bits > bits:  # 0: not given
                valid_bits = bits
        if tag not in (_PCM, _IEEE_FLOAT):
            raise fail(f"{what} {_tag_text(tag)} is not supported; PCM and IEEE float are")
        fmt_name = _TAG_NAMES[tag]
        if channels == 0:
            raise fail("the header declares 0 channels")
        if fs == 0:
            raise fail("the header declares a sample rate of 0 Hz")
        allowed = (8, 16, 24, 32) if tag == _PCM else (32, 64)
        if bits not in allowed:
            raise fail(
                f"{bits} bits per sample ({fmt_name}) is not supported; "
                f"{', '.join(map(str, allowed[:-1]))} or {allowed[-1]} bits per sample are"
            )
        width = bits // 8
        frame = channels * width
        if block_align != frame:
            warnings.warn(
                f"{name!r}: the header's block align ({block_align} bytes) disagrees with "
                f"{channels} channels x {width} bytes per sample; decoding {frame}-byte frames",
                UserWarning,
                stacklevel=2,
            )

        # The amount of audio.
        if data_size == 0:
            raise fail("the file holds no audio samples (its 'data' chunk is empty)")
        streamed = data_size == _SIZE_UNKNOWN
        if not streamed and data_size % frame:
            raise fail(
                f"the 'data' chunk size ({data_size} bytes) is not a multiple of the frame size "
                f"({frame} bytes = {channels} channels x {width} bytes per sample)"
            )
        available = size - data_pos
        declared = available if streamed else data_size
        present = min(declared, available)
        frames, partial = divmod(present, frame)
        if frames == 0:
            raise fail(
                f"the file holds no complete audio frame: the 'data' chunk declares {declared} "
                f"bytes, the file ends after {present} ({frame}-byte frames)"
            )
        if present < declared or partial:
            msg = f"{name!r} is truncated: " if present < declared else f"{name!r}: "
            if present < declared:
                msg += (
                    f"the 'data' chunk declares {declared} bytes but the file holds only "
                    f"{present}; {declared - present} bytes are missing. "
                )
            msg += f"Read {frames} complete frames ({frames / fs:.3f} s)"
            if partial:
                msg += f"; dropped a partial last frame ({partial} of {frame} bytes)"
            warnings.warn(msg + ".", UserWarning, stacklevel=2)

        # The frames asked for (offset, count), then the samples: read into a NumPy buffer
        # (one leading spare byte for 24-bit, below).
        total = frames
        offset = _v.int_in_range(offset, "offset", low=0, what="an int >= 0")
        if count is not None:
            count = _v.int_in_range(count, "count", low=0, what="an int >= 0 or None")
        first = min(offset, total)
        frames = total - first if count is None else min(count, total - first)
        nbytes = frames * frame
        lead = 1 if width == 3 else 0
        buf = np.empty(lead + nbytes, dtype=np.uint8)
        f.seek(data_pos + first * frame)
        got = f.readinto(buf[lead:].data)
        if got != nbytes:
            raise fail(f"the file changed while being read ({got} of {nbytes} bytes read)")

    data = np.empty((channels, frames), dtype=out_dtype)
    # De-interleave, convert and scale (by a power of two: exact) in one pass.
    if width == 3:
        # View each 3-byte sample as the top bytes of a little-endian int32 that starts one
        # byte earlier (at the spare byte, or the last byte of the previous sample), then
        # shift the stray low byte out: the arithmetic shift sign-extends.  In blocks, so
        # the int32 temporary stays small.
        buf[0] = 0
        packed = np.ndarray(
            (frames, channels), dtype="<i4", buffer=buf, offset=0, strides=(frame, 3)
        )
        for start in range(0, frames, _BLOCK):
            stop = start + _BLOCK
            ints = packed[start:stop] >> 8
            np.multiply(ints.T, 2.0**-23, out=data[:, start:stop], casting="same_kind")
    else:
        if tag == _IEEE_FLOAT:
            samples = buf.view("<f4" if width == 4 else "<f8")
            scale = 1.0
        elif width == 1:  # unsigned: flipping the top bit gives the signed value - 128
            samples = (buf ^ np.uint8(0x80)).view(np.int8)
            scale = 2.0**-7
        else:
            samples = buf.view("<i2" if width == 2 else "<i4")
            scale = 2.0 ** (1 - bits)
        frames_view = samples.reshape(frames, channels)
        np.multiply(frames_view.T, scale, out=data, casting="same_kind")
    info = WavInfo(fmt_name, bits, valid_bits, channels, fs, total, extensible, mask)
    return WavFile(data, fs, info)


def iter_wav(
    path: str | os.PathLike[str], block: int = 1 << 16, *, dtype: str | type | np.dtype = "float64"
) -> Iterator[WavFile]:
    """Read a WAV file in blocks of ``block`` frames: :func:`read_wav` of each block in turn.

    Memory is bounded by the block, whatever the file's length.  Each item is a
    :class:`WavFile` whose ``data`` has shape ``(channels, b)`` (``b <= block``; the last
    block is shorter) and whose ``info.frames`` is the whole file's length.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from framekit.io import iter_wav, write_wav
    >>> path = os.path.join(tempfile.mkdtemp(), "noise.wav")
    >>> write_wav(path, np.zeros((1, 1000)), 8000)
    >>> [w.data.shape for w in iter_wav(path, 400)]
    [(1, 400), (1, 400), (1, 200)]
    """
    block = _v.positive_int(block, "block")
    first = read_wav(path, dtype=dtype, offset=0, count=block)
    yield first
    for start in range(block, first.info.frames, block):
        yield read_wav(path, dtype=dtype, offset=start, count=block)


def write_wav(
    path: str | os.PathLike[str], data: np.ndarray, fs: int, *, sample_format: str = "pcm16"
) -> None:
    """Write a ``(channels, frames)`` (or 1-D, mono) float array as a WAV file.

    Parameters
    ----------
    path : str or os.PathLike
        The file to create (overwritten if it exists).
    data : array, floating
        Samples, shape ``(channels, frames)`` or ``(frames,)``.  For PCM, values in
        [-1, 1].  An array of any array-API library (GPU and lazy arrays are copied to
        host memory); not a list.
    fs : int
        Sampling rate in Hz.
    sample_format : {"pcm16", "pcm24", "pcm32", "pcm8", "float32", "float64"}
        PCM stores ``round(x * 2**(bits - 1))`` (ties to even), clipped to the integer
        range, so ``x = k / 2**(bits - 1)`` round-trips exactly through
        :func:`read_wav`; 8-bit PCM is stored unsigned.  Float formats store the
        values as they are.

    Raises
    ------
    TypeError
        If ``data`` is not a floating-point array (integer, bool, complex or float16
        samples, a list, None), ``fs`` is not an int or ``path`` not a file name.
    ValueError
        For a bad shape, no samples, a non-positive ``fs``, an unknown
        ``sample_format``, NaN or infinite values for PCM, or more than 4 GiB of audio.
        Also for more than 256 channels with fewer frames than channels: that is a
        ``(frames, channels)`` array, to be transposed first.

    Warns
    -----
    UserWarning
        If PCM samples lie outside [-1, 1] and are clipped (says how many).

    Notes
    -----
    The header is the plain ``fmt `` chunk (format tag 1 or 3; float files also get a
    ``fact`` chunk), which every WAV reader, Python's :mod:`wave` included, accepts.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np
    >>> from framekit.io import read_wav, write_wav
    >>> path = os.path.join(tempfile.mkdtemp(), "steps.wav")
    >>> write_wav(path, np.array([-1.0, -0.5, 0.0, 0.5]), 8000)
    >>> print(read_wav(path).data)
    [[-1.  -0.5  0.   0.5]]
    """
    if not isinstance(sample_format, str) or sample_format not in _SAMPLE_FORMATS:
        raise ValueError(
            f"sample_format must be one of {sorted(_SAMPLE_FORMATS)}, got {sample_format!r}"
        )
    tag, bits = _SAMPLE_FORMATS[sample_format]
    name = _path(path)
    _v.require_array(data, "data")
    _b.namespace_and_device(("data", data))  # arrays only (no lists), no float16
    a = np.asarray(_b.to_host(data))
    if not np.issubdtype(a.dtype, np.floating):
        raise TypeError(
            f"data must be floating point (PCM values in [-1, 1]), got {a.dtype}; "
            "divide integer samples by 2**(bits - 1) first"
        )
    if a.ndim == 1:
        a = a[None, :]
    if a.ndim != 2:
        raise ValueError(f"data must have shape (channels, frames) or (frames,), got {a.shape}")
    channels, frames = a.shape
    transposed = (
        f"data has shape {a.shape}: {channels} channels of {frames} frames each; write_wav "
        "takes (channels, frames): pass data.T for a (frames, channels) array"
    )
    if not 1 <= channels <= 0xFFFF or frames == 0:
        hint = f" ({transposed})" if channels > 0xFFFF and frames < channels else ""
        raise ValueError(
            f"data must hold 1 to 65535 channels and at least one frame, got {a.shape}{hint}"
        )
    if channels > _MAX_PLAUSIBLE_CHANNELS and channels > frames:
        raise ValueError(transposed)
    width = bits // 8
    if channels * width > 0xFFFF:
        raise ValueError(
            f"data has {channels} channels: a WAV frame holds at most 65535 bytes, "
            f"{0xFFFF // width} channels of {sample_format}"
        )
    fs = _v.int_in_range(
        fs, "fs", low=1, high=2**32, what="a positive int of at most 4294967295 (the sampling rate in Hz)"
    )
    if width * channels * frames > 0xFFFFFFFF - 64:
        raise ValueError(
            f"data too large for a RIFF WAV file (4 GiB of audio at most): {channels} x "
            f"{frames} samples of {width} bytes"
        )

    interleaved = a.T  # (frames, channels)
    if tag == _IEEE_FLOAT:
        payload = np.ascontiguousarray(interleaved, dtype="<f4" if bits == 32 else "<f8").tobytes()
    else:
        if not np.all(np.isfinite(a)):
            raise ValueError(
                f"data holds NaN or infinite values, which {sample_format} cannot store"
            )
        clipped = int(np.count_nonzero(np.abs(a) > 1.0))
        if clipped:
            warnings.warn(
                f"{clipped} samples outside [-1, 1] clipped in {name!r}",
                UserWarning,
                stacklevel=2,
            )
        full = 2.0 ** (bits - 1)
        scaled = np.multiply(interleaved, full, dtype=np.float64, order="C")  # frames, channels
        np.rint(scaled, out=scaled)
        np.clip(scaled, -full, full - 1, out=scaled)
        ints = scaled.astype("<i4")
        if bits == 8:
            payload = (ints + 128).astype(np.uint8).tobytes()
        elif bits == 16:
            payload = ints.astype("<i2").tobytes()
        elif bits == 24:
            payload = ints.reshape(-1, 1).view(np.uint8)[:, :3].tobytes()
        else:
            payload = ints.tobytes()

    block_align = channels * width
    fmt = struct.pack("<HHIIHH", tag, channels, fs, fs * block_align, block_align, bits)
    chunks = [b"fmt ", fmt]
    if tag == _IEEE_FLOAT:  # non-PCM formats carry cbSize and a 'fact' chunk (frame count)
        chunks[1] += struct.pack("<H", 0)
        chunks += [b"fact", struct.pack("<I", frames)]
    body = b"WAVE"
    for cid, payload_ in zip(chunks[::2], chunks[1::2]):
        body += cid + struct.pack("<I", len(payload_)) + payload_
    pad = b"\x00" * (len(payload) & 1)
    riff_size = len(body) + 8 + len(payload) + len(pad)
    with open(name, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", riff_size) + body)
        f.write(b"data" + struct.pack("<I", len(payload)))
        f.write(payload)
        f.write(pad)
