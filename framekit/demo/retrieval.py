"""The phase-retrieval part of ``framekit demo``: signals back from STFT magnitudes.

:func:`demo` makes two synthetic test signals on the chosen backend (:func:`speech_like`:
harmonic voiced segments with a moving pitch through moving formants, with noise bursts
between them; :func:`music_like`: decaying, slightly inharmonic piano-like notes over a held
chord, with a few percussive clicks), takes their STFT magnitudes (Hann 1024, hop 256,
``center=True``, ``pad_mode="constant"``: the STFT family's defaults) and rebuilds each
signal by Griffin–Lim (FGLA, momentum 0.99) from a zero, a random and a PGHI phase, and by
PGHI alone (heap and least squares).  It reports the spectral convergence (dB) after 10, 50
and 200 iterations and the times, and, with matplotlib, writes ``retrieval_<backend>.png``:
the spectrograms of the originals and of the reconstructions, and the SC-vs-iterations
curves.
"""

from __future__ import annotations

import math
import os
import time
from typing import Any

from .. import _backend as _b
from ..tf.phase_gradient import pghi
from ..tf.retrieval import griffin_lim, spectral_convergence
from ..tf.short_time import istft, stft

__all__ = ["HEADER", "demo", "music_like", "speech_like"]

FS = 16000.0
N_FFT, HOP = 1024, 256
N_ITER = 200
CHECKPOINTS = (10, 50, 200)
INITS = ("zeros", "random", "pghi")

HEADER = (f"{'backend':<18} {'signal':<7} {'init':<7} " + " ".join(f"{'SC@' + str(k):>7}" for k in CHECKPOINTS)
          + f" {'s':>6}")


def speech_like(length: int = 2**15, fs: float = FS, seed: int = 0) -> Any:
    """A speech-like NumPy signal: voiced syllables (harmonics of a gliding f0 shaped by three
    moving formants), unvoiced noise bursts between them, peak-normalised to 0.5."""
    import numpy as np  # the test signals are made on the host, then moved to the backend

    rng = np.random.default_rng(seed)
    t = np.arange(length) / fs
    dur = length / fs
    f0 = 120.0 + 40.0 * np.sin(2 * np.pi * 0.7 * t) + 30.0 * t / dur  # gliding pitch
    ph0 = 2 * np.pi * np.cumsum(f0) / fs
    formants = [(700 + 250 * np.sin(2 * np.pi * 1.1 * t), 90.0), (1200 + 500 * np.sin(2 * np.pi * 0.6 * t + 1), 110.0),
                (2600 + 200 * np.sin(2 * np.pi * 0.9 * t), 160.0)]
    voiced = np.zeros(length)
    for k in range(1, int(4000 / 100)):
        fk = k * f0
        gain = sum(1.0 / (1.0 + ((fk - fc) / bw) ** 2) for fc, bw in formants) / k**0.5
        voiced += np.where(fk < fs / 2 - 500, gain, 0.0) * np.sin(k * ph0)
    syll = np.clip(np.sin(2 * np.pi * 2.5 * t) * 1.5, 0.0, 1.0) ** 2  # syllable envelope
    noise = rng.standard_normal(length)
    kernel = np.array([1.0, -1.8, 0.9])  # a crude high-pass for fricatives
    noise = np.convolve(noise, kernel, mode="same")
    bursts = np.clip(np.sin(2 * np.pi * 2.5 * t + np.pi) * 2.0 - 1.2, 0.0, 1.0)
    x = voiced * syll + 0.15 * noise * bursts
    return 0.5 * x / np.max(np.abs(x))


def music_like(length: int = 2**15, fs: float = FS, seed: int = 1) -> Any:
    """A music-like NumPy signal: a held three-note chord, a melody of decaying piano-like notes
    (slightly inharmonic partials), and a few clicks; peak-normalised to 0.5."""
    import numpy as np  # the test signals are made on the host, then moved to the backend

    rng = np.random.default_rng(seed)
    t = np.arange(length) / fs
    x = np.zeros(length)
    for f in (220.0, 277.18, 329.63):  # A minor-ish chord, soft, with a slow tremolo
        for k in range(1, 6):
            x += 0.05 / k * np.sin(2 * np.pi * k * f * t) * (1 + 0.2 * np.sin(2 * np.pi * 4.0 * t))
    melody = (440.0, 493.88, 523.25, 587.33, 659.25, 587.33, 523.25, 493.88)
    step = length / fs / len(melody)
    for i, f in enumerate(melody):
        on = t - i * step
        env = np.where(on >= 0, np.exp(-np.maximum(on, 0.0) * 4.0) * (1 - np.exp(-np.maximum(on, 0.0) * 400)), 0.0)
        for k in range(1, 9):
            fk = k * f * math.sqrt(1 + 4e-4 * k * k)
            if fk < fs / 2:
                x += 0.3 / k * env * np.sin(2 * np.pi * fk * on + rng.uniform(0, 2 * np.pi))
    for i in range(4):  # clicks: short decaying noise
        start = int((i + 0.5) * length / 4)
        n = min(200, length - start)
        x[start : start + n] += 0.4 * rng.standard_normal(n) * np.exp(-np.arange(n) / 30.0)
    return 0.5 * x / np.max(np.abs(x))


def _checkpoints(sc: Any) -> list[float]:
    host = _b.to_host(sc)
    return [float(host[k]) for k in CHECKPOINTS if k < host.shape[0]]


def run(xp: Any, device: Any, length: int = 2**15, n_iter: int = N_ITER) -> dict[str, Any]:
    """SC curves (dB, ``n_iter + 1`` values) and the last reconstruction, per signal and init."""
    out: dict[str, Any] = {}
    kw: dict[str, Any] = {"n_fft": N_FFT, "hop_length": HOP}
    for name, make in (("speech", speech_like), ("music", music_like)):
        x = xp.asarray(make(length), dtype=xp.float64, device=device)
        S = xp.abs(stft(x, **kw))
        rows: dict[str, Any] = {"x": x, "S": S}
        for init in INITS:
            start = time.perf_counter()
            y, sc = griffin_lim(S, n_iter=n_iter, init=init, seed=0, length=length, return_sc=True, **kw)
            rows[init] = (y, sc, time.perf_counter() - start)
        for integ in ("heap", "lstsq"):
            phi = pghi(S, integration=integ, **kw)
            y = istft(xp.astype(S, xp.complex128) * xp.exp(1j * xp.astype(phi, xp.complex128)), length=length, **kw)
            rows[f"pghi-{integ}"] = (y, spectral_convergence(y, S, **kw))
        out[name] = rows
    return out


def _figure(results: dict[str, Any], path: str, label: str, plt: Any) -> str:
    import numpy as np  # plotting works on host copies

    fig, ax = plt.subplots(3, 4, figsize=(17, 11), layout="constrained")
    kw: dict[str, Any] = {"n_fft": N_FFT, "hop_length": HOP}
    for row, (name, res) in enumerate(results.items()):
        panels = [("original", res["x"]), ("PGHI alone (heap)", res["pghi-heap"][0]),
                  ("FGLA 200 it., zero phase", res["zeros"][0]), ("FGLA 200 it., PGHI init", res["pghi"][0])]
        for col, (title, y) in enumerate(panels):
            mag = _b.to_host(abs(stft(y, **kw)))
            db = 20 * np.log10(mag / mag.max() + 1e-6)
            ext = (0, y.shape[-1] / FS, 0, FS / 2 / 1000)
            ax[row, col].imshow(db, origin="lower", aspect="auto", extent=ext, vmin=-80, vmax=0, cmap="magma")
            sc = "" if col == 0 else f"  SC {float(_b.to_host(spectral_convergence(y, res['S'], **kw))):.1f} dB"
            ax[row, col].set(title=f"{name}: {title}{sc}", xlabel="time (s)", ylabel="kHz")
    for col, (name, res) in enumerate(results.items()):
        a = ax[2, 2 * col]
        for init, style in zip(INITS, ("-", "--", "-"), strict=True):
            a.plot(_b.to_host(res[init][1]), style, label=f"FGLA, init={init}")
        a.axhline(float(_b.to_host(res["pghi-lstsq"][1])), color="gray", ls=":", label="PGHI (lstsq) alone")
        a.set(title=f"{name}: spectral convergence vs iterations", xlabel="iterations", ylabel="SC (dB)",
              xscale="symlog", xlim=(0, N_ITER))
        a.legend()
        a.grid(alpha=0.3)
    for col in (1, 3):
        ax[2, col].axis("off")
    ax[2, 1].text(0.0, 0.5, f"Hann {N_FFT}, hop {HOP}, fs {FS / 1000:g} kHz, momentum 0.99\n{label}",
                  fontsize=11, va="center")
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return path


def demo(xp: Any, device: Any, out_dir: Any) -> tuple[str, list[str]]:
    """Run the phase-retrieval demonstration on one backend; its rows and the figure written."""
    if device is None:
        device = xp.__array_namespace_info__().default_device()
    name = _b.backend_name(xp)
    results = run(xp, device)
    lines = []
    for sig, res in results.items():
        for init in INITS:
            vals = " ".join(f"{v:7.1f}" for v in _checkpoints(res[init][1]))
            lines.append(f"{name:<18} {sig:<7} {init:<7} {vals} {res[init][2]:6.1f}")
    text = "\n".join(lines)
    try:
        import matplotlib
    except ImportError:
        return text + "\n(no figure: matplotlib is not installed: pip install 'framekit[plot]')", []
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    os.makedirs(os.fspath(out_dir), exist_ok=True)
    path = os.path.join(os.fspath(out_dir), f"retrieval_{name.split('.')[0]}.png")
    return text, [_figure(results, path, f"{name}, float64", plt)]
