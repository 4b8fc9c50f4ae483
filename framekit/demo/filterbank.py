"""The filterbank part of ``framekit demo`` and ``framekit analyze FILE.wav``.

:func:`demo` builds the ISAC filterbank (the defaults of ``hybra``: fs 16 kHz,
40 mel channels, kernel 128, stride 16) on the chosen backend in float64, analyses a
synthesized one-second audio example (a chirp, a harmonic tone with vibrato,
clicks and a little noise, faded in and out), and reports frame bounds, condition
number, the exact-dual reconstruction error and timings.  :func:`analyze` does the
same for each channel of a WAV file.  Both draw their figures with
:mod:`framekit.display` when matplotlib is importable and return the printed text
and the paths of the figures.
"""

from __future__ import annotations

import itertools
import math
import os
import time
from typing import Any

from .. import _backend as _b
from ..filterbanks.filterbank import FilterBank
from ..filterbanks.isac_design import isac
from ..io import iter_wav

__all__ = ["analyze", "demo"]

#: Length of the raised-cosine fade in and out of the demo signal (s): the filterbank is
#: circular, so without it the end of the chirp (6 kHz) would meet its start (100 Hz) in
#: one broadband click at t = 0.
FADE = 0.02


def _synth_audio(xp: Any, device: Any, fs: int, seconds: float) -> Any:
    """A float64 test signal: chirp + vibrato tone + clicks + noise, peak ~1, faded in and out."""
    dt = xp.float64
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
    ramp = xp.clip(xp.minimum(t, seconds - t) / FADE, 0.0, 1.0)
    return (chirp + tone + clicks + noise) * (0.5 - 0.5 * xp.cos(math.pi * ramp))


def _wait(xp: Any, a: Any) -> float:
    """Force the computation of ``a`` (GPU/lazy backends) and return a checksum."""
    return float(xp.sum(xp.abs(a)))


def _timed(xp: Any, func: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = func()
    _wait(xp, out[0] if isinstance(out, tuple) else out)
    return out, time.perf_counter() - start


def _pyplot() -> Any:
    """matplotlib's pyplot on the Agg backend, or None when matplotlib is not installed."""
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _plots(fb: FilterBank, c: Any, path: str, title: str, seconds: float | None = None,
           hop: int | None = None) -> list[str]:
    """One PNG: the filter responses with their Littlewood-Paley sum and frame bounds, and
    the coefficient image of each signal in ``c`` (K, N) or (S, K, N); [] without matplotlib."""
    plt = _pyplot()
    if plt is None:
        return []
    from .. import display

    signals = [c] if c.ndim == 2 else [c[i, ...] for i in range(c.shape[0])]
    fig, axes = plt.subplots(1 + len(signals), 1, figsize=(9, 3.4 * (1 + len(signals))),
                             layout="constrained")
    display.filter_responses(fb, ax=axes[0], title=f"{title}: filter responses")
    for i, (ax, ci) in enumerate(zip(axes[1:], signals, strict=True)):
        which = f", channel {i}" if len(signals) > 1 else ""
        display.coefficient_image(ci, fs=float(fb.fs or 1.0), hop_length=hop or fb.stride, freqs=fb.center_frequencies, ax=ax,
                                  title=f"{title}: |coefficients|{which}")
        if seconds is not None:
            ax.set_xlim(0.0, seconds)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return [path]


def _report(fb: FilterBank, x: Any, path: str, title: str, header: list[str], t_design: float,
            seconds: float | None = None) -> tuple[str, list[str]]:
    xp = fb.xp
    c, t_an = _timed(xp, lambda: fb.analysis(x))
    (A, B), t_bd = _timed(xp, fb.frame_bounds)
    _, t_du = _timed(xp, lambda: fb.dual().kernels)
    dual = fb.dual()  # cached
    y, t_sy = _timed(xp, lambda: dual.synthesis(c))
    lin = _b.linalg(xp)
    err = float(lin.vector_norm(y - x) / lin.vector_norm(x))
    lines = [
        *header,
        f"frame bounds: A = {float(A):.6g}, B = {float(B):.6g} (real-signal frame)",
        f"condition number B/A = {float(fb.condition_number()):.5f}",
        f"exact-dual reconstruction: relative error {err:.3e} (float64: expected below 1e-12)",
        "timings: "
        + ", ".join(
            f"{name} {1e3 * t:.1f} ms"
            for name, t in (("design", t_design), ("analysis", t_an), ("bounds", t_bd),
                            ("dual", t_du), ("synthesis", t_sy))
        ),
    ]
    figures = _plots(fb, c, path, title, seconds)
    if not figures:
        lines.append("no figure: matplotlib is not installed (pip install 'framekit[plot]')")
    return "\n".join(lines), figures


def demo(xp: Any, device: Any, out_dir: str) -> tuple[str, list[str]]:
    """ISAC on a synthesized audio example, in float64; the report and the figures written.

    Parameters
    ----------
    xp : array library or namespace (e.g. ``numpy``, ``torch``)
    device : the library's device (None for its default)
    out_dir : str
        Folder for ``filterbank_<backend>.png`` (filter responses with their
        Littlewood-Paley sum and frame bounds, and the coefficient image).

    Examples
    --------
    >>> import numpy, tempfile
    >>> from framekit.demo.filterbank import demo
    >>> text, figures = demo(numpy, None, tempfile.mkdtemp())
    >>> "condition number B/A = 1.59021" in text
    True
    """
    xp = _b.get_namespace(xp)
    if device is None:
        device = xp.__array_namespace_info__().default_device()
    fs = 16000
    start = time.perf_counter()
    fb = isac(fs, xp=xp, device=device, dtype=xp.float64)
    t_design = time.perf_counter() - start
    x = _synth_audio(xp, device, fs, fb.length / fs)
    name = _b.backend_name(xp)
    header = [
        (
            f"ISAC filterbank on {name} ({device}), float64: mel scale, fs {fs} Hz, "
            f"{fb.num_channels} channels, kernel {fb.kernels.shape[-1]}, stride {fb.stride}, L = {fb.length}"
        ),
        ("signal: synthesized 1 s (chirp 100-6000 Hz, 440 Hz harmonic tone with vibrato, clicks, noise; "
         f"{FADE * 1e3:.0f} ms fades)"),
    ]
    title = f"ISAC, {fb.num_channels} mel channels, fs 16 kHz ({name}, float64)"
    return _report(fb, x, os.path.join(out_dir, f"filterbank_{name.split('.')[0]}.png"), title, header, t_design)


def analyze(path: str, xp: Any, device: Any, out_dir: str, *, channel: int | None = None,
            block: int = 1 << 16) -> tuple[str, list[str]]:
    """ISAC analysis of a WAV file, every channel (or the one given); the report and figures.

    The filterbank is designed at the file's sampling rate with ISAC's defaults and run in
    linear mode (:class:`framekit.FIRFilterBank`) by a :class:`framekit.FilterBankStream`
    over blocks of ``block`` frames read with :func:`framekit.io.iter_wav`: memory stays
    bounded by the block and kernel sizes, whatever the file's length.  Each block's
    coefficients are synthesised at once by the streamed FIR dual of 4 x kernel_size taps
    (its certified operator-norm error is reported) and compared with the input, so the
    reconstruction error is measured on the whole file.  Each channel of the file is one
    signal of the batch, computed in float64; the figure ``<file>_<backend>.png`` in
    ``out_dir`` shows the filter responses and each channel's coefficient magnitudes
    (max-pooled to at most 2000 columns).

    Raises
    ------
    FileNotFoundError, ValueError
        Missing or unreadable files (see :func:`framekit.io.read_wav`), a channel the
        file does not have.
    """
    blocks = iter_wav(path, block)
    first = next(blocks)
    fs, info = first.fs, first.info
    if channel is not None and not 0 <= channel < info.channels:
        raise ValueError(f"channel: {path!r} has {info.channels} channel(s) (0 .. "
                         f"{info.channels - 1}), got channel={channel}")
    xp = _b.get_namespace(xp)
    if device is None:
        device = xp.__array_namespace_info__().default_device()
    n = info.frames
    start = time.perf_counter()
    fb = isac(fs, xp=xp, device=device, dtype=xp.float64)
    fir = fb.fir()
    dual = fir.dual(4 * fir.kernels.shape[-1])
    t_design = time.perf_counter() - start
    K, d = fb.num_channels, fb.stride
    pool = max(1, -(-fir.num_frames(n) // 2000))
    ana, syn = fir.stream(), dual.stream()
    pending: list[Any] = []  # input samples not yet compared with the synthesis
    err2 = ref2 = 0.0
    pooled: list[Any] = []
    rest: Any = None

    def compare(y: Any) -> None:
        nonlocal err2, ref2, pending
        m = y.shape[-1]
        if m == 0:
            return
        x_now = xp.concat(pending, axis=-1) if len(pending) > 1 else pending[0]
        err2 += float(xp.sum((y - x_now[..., :m]) ** 2))
        ref2 += float(xp.sum(x_now[..., :m] ** 2))
        pending = [x_now[..., m:]]

    def keep(c: Any) -> None:
        nonlocal rest
        mag = xp.abs(c)
        if rest is not None:
            mag = xp.concat([rest, mag], axis=-1)
        whole = (mag.shape[-1] // pool) * pool
        if whole:
            pooled.append(xp.max(xp.reshape(mag[..., :whole], (*mag.shape[:-1], whole // pool, pool)), axis=-1))
        rest = mag[..., whole:]

    t0 = time.perf_counter()
    for wav in itertools.chain([first], blocks):
        data = wav.data if channel is None else wav.data[channel : channel + 1]
        x = xp.asarray(data, dtype=xp.float64, device=device)
        pending.append(x)
        c = ana.analysis(x)
        keep(c)
        compare(syn.synthesis(c))
    c = ana.flush()
    keep(c)
    compare(syn.synthesis(c))
    compare(syn.flush(length=n))
    if rest is not None and rest.shape[-1]:
        pooled.append(xp.max(rest, axis=-1, keepdims=True))
    t_stream = time.perf_counter() - t0
    image = xp.concat(pooled, axis=-1)
    (A, B) = fb.frame_bounds()
    name = _b.backend_name(xp)
    which = "all channels" if channel is None else f"channel {channel}"
    lines = [
        (f"ISAC filterbank on {name} ({device}), float64: mel scale, fs {fs} Hz, "
         f"{K} channels, kernel {fb.kernels.shape[-1]}, stride {d}, linear mode (any length), L = {n}"),
        f"file: {path} ({info}); analysed: {which}; streamed in blocks of {block} frames",
        f"frame bounds: A = {float(A):.6g}, B = {float(B):.6g} (real-signal frame)",
        f"condition number B/A = {float(fb.condition_number()):.5f}",
        (f"FIR-dual reconstruction ({dual.kernels.shape[-1]} taps, certified operator-norm error "
         f"{dual.error:.2e}): relative error {math.sqrt(err2 / max(ref2, 1e-300)):.3e}"),
        f"timings: design + FIR dual {1e3 * t_design:.1f} ms, streamed analysis + synthesis {1e3 * t_stream:.1f} ms",
    ]
    stem = os.path.splitext(os.path.basename(path))[0] or "audio"
    title = f"{os.path.basename(path)} ({name})"
    img = image[0, ...] if image.shape[0] == 1 else image
    figures = _plots(fb, img, os.path.join(out_dir, f"{stem}_{name.split('.')[0]}.png"), title, n / fs,
                     hop=d * pool)
    if not figures:
        lines.append("no figure: matplotlib is not installed (pip install 'framekit[plot]')")
    return "\n".join(lines), figures
