"""The filterbank part of ``framekit demo`` and ``framekit analyze FILE.wav``.

:func:`demo` builds the ISAC filterbank (the defaults of ``hybra``: fs 16 kHz,
40 mel channels, kernel 128, stride 16) on the chosen backend, analyses a
synthesized one-second audio example (a chirp, a harmonic tone with vibrato,
clicks and a little noise), and reports frame bounds, condition number, the
exact-dual reconstruction error and timings.  :func:`analyze` does the same for
a WAV file.  Both write PNGs of the filter responses and the coefficient
magnitudes into ``out_dir`` when matplotlib is importable (imported here only,
lazily) and return the printed text.
"""

from __future__ import annotations

import array
import math
import os
import sys
import time
import wave
from typing import Any

from . import _backend as _b
from .designs import isac
from .filterbank import FilterBank

__all__ = ["analyze", "demo", "read_wav"]


def _synth_audio(xp: Any, device: Any, fs: int, seconds: float) -> Any:
    """A test signal made on the backend: chirp + vibrato tone + clicks + noise, peak ~1."""
    dt = xp.__array_namespace_info__().default_dtypes()["real floating"]
    n = int(fs * seconds)
    t = xp.arange(n, dtype=dt, device=device) / float(fs)
    f0, f1 = 100.0, 6000.0
    chirp = 0.4 * xp.sin(2.0 * math.pi * (f0 * t + (f1 - f0) * t * t / (2.0 * seconds)))
    vib = 440.0 * t + (3.0 / (2.0 * math.pi * 5.0)) * xp.sin(2.0 * math.pi * 5.0 * t)
    tone = sum(0.2 / h * xp.sin(2.0 * math.pi * h * vib) for h in (1, 2, 3, 4))
    clicks = xp.zeros_like(t)
    for k in range(1, 5):
        start = int(k * n / 5)
        clicks = _b.at(clicks)[start : start + 8].set(0.8)
    noise = 0.01 * _b.random_normal(xp, (n,), seed=0, dtype=dt, device=device)
    return chirp + tone + clicks + noise


def _wait(xp: Any, a: Any) -> float:
    """Force the computation of ``a`` (GPU/lazy backends) and return a checksum."""
    return float(xp.sum(xp.abs(a)))


def _timed(xp: Any, func: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = func()
    _wait(xp, out[0] if isinstance(out, tuple) else out)
    return out, time.perf_counter() - start


def _plots(fb: FilterBank, c: Any, out_dir: str, stem: str) -> list[str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import numpy as np  # plotting works on host NumPy arrays
    except ImportError:
        return []
    os.makedirs(out_dir, exist_ok=True)
    H = np.abs(_b.to_host(fb.frequency_response()))
    L, fs = fb.length, fb.fs
    half = L // 2 + 1
    freqs = np.arange(half) * fs / L
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(freqs, 20 * np.log10(np.maximum(H[:, :half].T, 1e-12)), lw=0.8)
    ax.set(xlabel="frequency (Hz)", ylabel="magnitude (dB)", title=f"{stem}: filter responses", ylim=(-60, None))
    p1 = os.path.join(out_dir, f"{stem}_responses.png")
    fig.tight_layout()
    fig.savefig(p1, dpi=110)
    plt.close(fig)
    mag = np.abs(_b.to_host(c))
    mag = mag.reshape(-1, *mag.shape[-2:])[0]
    fig, ax = plt.subplots(figsize=(8, 4))
    dur = L / fs
    ax.imshow(20 * np.log10(mag + 1e-6), aspect="auto", origin="lower", extent=(0, dur, 0, fb.num_channels), cmap="magma")
    ax.set(xlabel="time (s)", ylabel="channel", title=f"{stem}: coefficient magnitudes (dB)")
    p2 = os.path.join(out_dir, f"{stem}_coefficients.png")
    fig.tight_layout()
    fig.savefig(p2, dpi=110)
    plt.close(fig)
    return [p1, p2]


def _report(fb: FilterBank, x: Any, out_dir: str, stem: str, header: list[str], t_design: float) -> str:
    xp = fb.xp
    c, t_an = _timed(xp, lambda: fb.analysis(x))
    (A, B), t_bd = _timed(xp, fb.frame_bounds)
    dual, t_du = _timed(xp, lambda: fb.dual().kernels)
    dual = fb.dual()
    y, t_sy = _timed(xp, lambda: dual.synthesis(c))
    lin = _b.linalg(xp)
    err = float(lin.vector_norm(y - x) / lin.vector_norm(x))
    lines = [
        *header,
        f"frame bounds: A = {float(A):.6g}, B = {float(B):.6g} (real-signal frame)",
        f"condition number B/A = {float(fb.condition_number()):.5f}",
        f"exact-dual reconstruction: relative error {err:.3e}",
        "timings: "
        + ", ".join(
            f"{name} {1e3 * t:.1f} ms"
            for name, t in (("design", t_design), ("analysis", t_an), ("bounds", t_bd),
                            ("dual", t_du), ("synthesis", t_sy))
        ),
    ]
    pngs = _plots(fb, c, out_dir, stem)
    lines.append("wrote " + ", ".join(pngs) if pngs else "matplotlib not importable: no PNGs written")
    return "\n".join(lines)


def demo(xp: Any, device: Any, out_dir: str) -> str:
    """ISAC on a synthesized audio example; returns the report (see the module docstring).

    Parameters
    ----------
    xp : array library or namespace (e.g. ``numpy``, ``torch``)
    device : the library's device (None for its default)
    out_dir : str
        Folder for ``isac_<backend>_responses.png`` and ``isac_<backend>_coefficients.png``.

    Examples
    --------
    >>> import numpy, tempfile
    >>> from framekit._demo_filterbank import demo
    >>> text = demo(numpy, None, tempfile.mkdtemp())
    >>> "condition number B/A = 1.59021" in text
    True
    """
    xp = _b.get_namespace(xp)
    if device is None:
        device = xp.__array_namespace_info__().default_device()
    fs = 16000
    start = time.perf_counter()
    fb = isac(fs, xp=xp, device=device)
    t_design = time.perf_counter() - start
    x = _synth_audio(xp, device, fs, fb.length / fs)
    header = [
        (
            f"ISAC filterbank on {_b.backend_name(xp)} ({device}): mel scale, fs {fs} Hz, "
            f"{fb.num_channels} channels, kernel {fb.kernels.shape[-1]}, stride {fb.stride}, L = {fb.length}"
        ),
        "signal: synthesized 1 s (chirp 100-6000 Hz, 440 Hz harmonic tone with vibrato, clicks, noise)",
    ]
    return _report(fb, x, out_dir, f"isac_{_b.backend_name(xp)}", header, t_design)


def _read_float_wav(path: str) -> tuple[list[list[float]], int, int] | None:
    """A 32/64-bit float WAV through scipy.io.wavfile (lazily imported), or None."""
    try:
        from scipy.io import wavfile

        fs, data = wavfile.read(path)
    except Exception:  # noqa: BLE001 - scipy missing or not a float WAV either: the caller reports
        return None
    if data.dtype.kind != "f" or data.size == 0:
        return None
    data = data.reshape(data.shape[0], -1)
    return [data[:, ch].tolist() for ch in range(data.shape[1])], int(fs), data.dtype.itemsize


def read_wav(path: str) -> tuple[list[list[float]], int, int]:
    """Read a WAV file: PCM with the standard library's :mod:`wave`, float through scipy.

    PCM samples are scaled to [-1, 1); IEEE-float WAV files (which :mod:`wave`
    does not read) are read with ``scipy.io.wavfile`` when scipy is installed.

    Returns
    -------
    channels : list of lists of float
        One list per channel, samples scaled to [-1, 1).
    fs : int
        Sampling rate.
    sampwidth : int
        Bytes per sample (1, 2, 3 or 4; 4 or 8 for float files).

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file is not a readable WAV file (compressed, truncated, not
        audio, or float without scipy).
    """
    if not os.path.isfile(path):
        raise FileNotFoundError(f"path: no such file: {path!r}")
    try:
        with wave.open(path, "rb") as w:
            nch, width, fs, n = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
            raw = w.readframes(n)
    except (wave.Error, EOFError, OSError) as exc:
        floats = _read_float_wav(path)
        if floats is None:
            raise ValueError(
                f"path: cannot read {path!r} as a PCM WAV file ({type(exc).__name__}: {exc})"
            ) from None
        return floats
    if n == 0 or len(raw) < n * nch * width:
        raise ValueError(f"path: {path!r} holds no complete audio frames")
    if width not in (1, 2, 3, 4):
        raise ValueError(f"path: {path!r} has {8 * width}-bit samples; PCM 8/16/24/32-bit expected")
    scale = float(2 ** (8 * width - 1))
    if width == 1:  # 8-bit WAV is unsigned
        flat = [(v - 128) / 128.0 for v in raw[: n * nch]]
    elif width == 3:
        flat = [int.from_bytes(raw[i : i + 3], "little", signed=True) / scale for i in range(0, 3 * n * nch, 3)]
    else:  # 16- and 32-bit little-endian integers, decoded by the array module
        ints = array.array("h" if width == 2 else "i")  # 2 and 4 bytes on supported platforms
        ints.frombytes(raw[: n * nch * width])
        if sys.byteorder == "big":
            ints.byteswap()
        flat = [v / scale for v in ints]
    channels = [flat[ch::nch] for ch in range(nch)]
    return channels, fs, width


def analyze(path: str, xp: Any, device: Any, out_dir: str) -> str:
    """ISAC analysis of a WAV file (mono or stereo); returns the report.

    The filterbank is designed at the file's sampling rate with ISAC's defaults
    and the file's length; the signal is zero-padded at the end to a multiple
    of the stride, and the report says by how much.  Each channel of a stereo
    file is one signal of the batch.

    Raises
    ------
    FileNotFoundError, ValueError
        Missing or unreadable files (see :func:`read_wav`), or a file too short
        for the filterbank's kernels.
    """
    channels, fs, width = read_wav(path)
    xp = _b.get_namespace(xp)
    if device is None:
        device = xp.__array_namespace_info__().default_device()
    n = len(channels[0])
    start = time.perf_counter()
    probe = isac(fs, length=None, xp=xp, device=device)
    d = probe.stride
    L = -(-max(n, probe.kernels.shape[-1]) // d) * d
    fb = isac(fs, length=L, xp=xp, device=device)
    t_design = time.perf_counter() - start
    dt = xp.__array_namespace_info__().default_dtypes()["real floating"]
    padded = [ch + [0.0] * (L - n) for ch in channels]
    x = xp.asarray(padded, dtype=dt, device=device)
    header = [
        (
            f"ISAC filterbank on {_b.backend_name(xp)} ({device}): mel scale, fs {fs} Hz, "
            f"{fb.num_channels} channels, kernel {fb.kernels.shape[-1]}, stride {fb.stride}, L = {L}"
        ),
        (
            f"file: {path} ({len(channels)} channel(s), {8 * width}-bit, {n} samples = "
            f"{n / fs:.2f} s; zero-padded by {L - n} samples to a multiple of the stride)"
        ),
    ]
    stem = os.path.splitext(os.path.basename(path))[0] or "audio"
    return _report(fb, x, out_dir, stem, header, t_design)
