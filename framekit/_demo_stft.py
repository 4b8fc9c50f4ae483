"""The time-frequency part of ``framekit demo``.

:func:`demo` makes a one-second test signal on the chosen backend (a linear chirp,
two steady tones and four clicks, fs = 16 kHz, float64), takes its STFT as a Gabor frame
(periodic Hann, n_fft 512, hop 128, circular), and reports the frame bounds, the
condition number, the canonical-dual reconstruction error and the times of
:func:`~framekit.gabor.stft` and :func:`~framekit.phase.reassigned_spectrogram`.  When
matplotlib is importable (imported here only, lazily) it writes
``stft_<backend>.png`` (spectrogram and reassigned spectrogram) and
``phase_scattering_<backend>.png`` (the spec's vibrato and impulse-train
examples, shortened as in the tests) into ``out_dir``, and returns the printed row.
"""

from __future__ import annotations

import math
import os
import time
from typing import Any

from . import _backend as _b
from .phase import reassigned_spectrogram
from .scattering import phase_scattering
from .gabor import GaborFrame, istft, stft
from .windows import get_window

__all__ = ["HEADER", "demo"]

FS = 16000.0
N_FFT, HOP = 512, 128

HEADER = (f"{'backend':<18} {'device':<10} {'A':>8} {'B':>8} {'B/A':>7} {'recon. err':>10} "
          f"{'stft ms':>8} {'reassigned ms':>14}")


def _test_signal(xp: Any, device: Any) -> Any:
    """Chirp 200 Hz -> 6 kHz, tones at 440 Hz and 3 kHz, clicks at 0.2, 0.4, 0.6, 0.8 s (float64)."""
    dt = xp.float64
    n = int(FS)
    t = xp.arange(n, dtype=dt, device=device) / FS
    x = 0.5 * xp.cos(2.0 * math.pi * (200.0 * t + 0.5 * (6000.0 - 200.0) * t * t))
    x = x + 0.3 * xp.cos(2.0 * math.pi * 440.0 * t) + 0.2 * xp.cos(2.0 * math.pi * 3000.0 * t)
    for k in range(1, 5):
        x = _b.at(x)[int(k * n / 5)].add(4.0)
    return x


def _timed(xp: Any, func: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = func()
    first = out[0] if isinstance(out, tuple) else out
    float(xp.sum(xp.abs(first)))  # wait for GPU / lazy backends
    return out, time.perf_counter() - start


def _plot_tf(x: Any, c: Any, out_dir: str, name: str, plt: Any) -> str:
    import numpy as np  # plotting works on host NumPy arrays

    f, t, mag = (_b.to_host(a) for a in reassigned_spectrogram(x, "hann", HOP, N_FFT, fs=FS))
    db = 20 * np.log10(np.abs(_b.to_host(c)) + 1e-9)
    top = db.max()
    fig, ax = plt.subplots(1, 2, figsize=(12, 4.5), sharey=True)
    ax[0].imshow(db, origin="lower", aspect="auto", vmin=top - 80, vmax=top, cmap="magma",
                 extent=(0, len(_b.to_host(x)) / FS, 0, FS / 2))
    ax[0].set(title="spectrogram |STFT| (dB)", xlabel="time (s)", ylabel="frequency (Hz)")
    keep = 20 * np.log10(mag + 1e-9) > top - 60
    ax[1].hist2d(t[keep], f[keep], bins=(500, 256), range=((0, 1), (0, FS / 2)),
                 weights=mag[keep] ** 2, cmap="magma", norm="log")
    ax[1].set(title="reassigned spectrogram (energy moved to the reassigned points)",
              xlabel="time (s)")
    fig.tight_layout()
    path = os.path.join(out_dir, f"stft_{name}.png")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _plot_scattering(xp: Any, device: Any, out_dir: str, name: str, plt: Any) -> str:
    import numpy as np  # plotting works on host NumPy arrays

    dt = xp.float64
    t = np.arange(int(0.5 * FS)) / FS
    vib = np.cos(2 * np.pi * (880 * t + 40 / (2 * np.pi * 20) * np.sin(2 * np.pi * 20 * t)))
    w2 = get_window(("gauss", 17.0), 400, xp=xp, dtype=dt, device=device)
    _, s_vib = phase_scattering(xp.asarray(vib, dtype=dt, device=device), ("gauss", 8.0), 10, 1000,
                                w2, 10, 400, fs=FS, layer2="modulus")
    pulses = np.zeros(int(2 * FS))
    pulses[:: int(FS / 20)] = 1.0
    _, s_imp = phase_scattering(xp.asarray(pulses, dtype=dt, device=device), ("gauss", 10.0), 100,
                                400, ("gauss", 30.0), 4, 320, fs=FS, layer1="delay", layer2="modulus")
    fig, ax = plt.subplots(1, 2, figsize=(12, 4))
    ax[0].plot(np.fft.rfftfreq(400, 10 / FS), _b.to_host(s_vib)[55])
    ax[0].set(title="880 Hz tone, 20 Hz vibrato: layer 2 at the 880 Hz channel",
              xlabel="modulation frequency (Hz)", ylabel="|STFT_2| of the normalised IF", xlim=(0, 100))
    ax[1].plot(np.fft.rfftfreq(320, 100 / FS), _b.to_host(s_imp).sum(axis=0))
    ax[1].set(title="20 Hz impulse train: layer 2 of the group delay, all channels",
              xlabel="modulation frequency (Hz)", xlim=(0, 80))
    for a in ax:
        a.axvline(20.0, color="gray", lw=0.8, ls="--")
    fig.tight_layout()
    path = os.path.join(out_dir, f"phase_scattering_{name}.png")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def demo(xp: Any, device: Any, out_dir: Any) -> str:
    """Run the time-frequency demonstration on one backend; return its printed row."""
    if device is None:
        device = xp.__array_namespace_info__().default_device()
    name = _b.backend_name(xp)
    x = _test_signal(xp, device)
    frame = GaborFrame("hann", HOP, N_FFT, x.shape[0], xp=xp, dtype=x.dtype, device=device)
    A, B = frame.frame_bounds()
    stft(x, "hann", HOP, N_FFT)  # warm-up
    c, t_stft = _timed(xp, lambda: stft(x, "hann", HOP, N_FFT))
    y = istft(c, "hann", HOP, N_FFT)
    err = float(xp.sqrt(xp.sum((y - x) ** 2) / xp.sum(x**2)))
    _, t_phase = _timed(xp, lambda: reassigned_spectrogram(x, "hann", HOP, N_FFT, fs=FS))
    label = str(device)
    if len(label) > 10:  # e.g. array_api_strict.Device('CPU_DEVICE')
        label = label.split("(")[-1].strip("')")
    row = (f"{name:<18} {label:<10} {float(A):8.1f} {float(B):8.1f} {float(B) / float(A):7.4f} "
           f"{err:10.2e} {t_stft * 1e3:8.2f} {t_phase * 1e3:14.2f}")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return row + "  (matplotlib not installed: no figures)"
    out_dir = os.fspath(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    paths = [_plot_tf(x, c, out_dir, name, plt), _plot_scattering(xp, device, out_dir, name, plt)]
    return row + "\n" + "\n".join(f"  wrote {p}" for p in paths)
