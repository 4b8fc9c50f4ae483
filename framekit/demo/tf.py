"""The time-frequency part of ``framekit demo``.

:func:`demo` makes a one-second test signal on the chosen backend (a linear chirp, two
steady tones and four clicks, fs = 16 kHz, float64, faded in and out), takes its STFT
as a Gabor frame (periodic Hann, n_fft 512, hop 128, circular, frames centred on their
anchors), and reports the frame bounds, the condition number, the canonical-dual
reconstruction error and the times of :func:`~framekit.tf.short_time.stft` and
:func:`~framekit.tf.phase.reassigned_spectrogram`.  When matplotlib is importable it
writes ``tf_<backend>.png`` into ``out_dir``: the spectrogram and the reassigned
spectrogram on the same time axis, and the spec's phase-scattering examples (vibrato
and impulse train, shortened as in the tests).
"""

from __future__ import annotations

import math
import os
import time
from typing import Any

from .. import _backend as _b
from ..tf.gabor import GaborFrame
from ..tf.phase import reassigned_spectrogram
from ..tf.scattering import phase_scattering
from ..tf.short_time import bin_frequencies, frame_times, istft, stft
from ..tf.windows import get_window

__all__ = ["HEADER", "demo"]

FS = 16000.0
N_FFT, HOP = 512, 128
#: Raised-cosine fade in and out (s): the frame is circular, so without it the chirp's end
#: (6 kHz) would meet its start (200 Hz) in one broadband click at t = 0.
FADE = 0.02
#: Layer-1 hop of the impulse-train example: 50 samples put layer 2's Nyquist at 160 Hz,
#: above the train's harmonics at 20, 40, 60 and 80 Hz.
IMPULSE_HOP = 50

HEADER = (f"{'backend':<18} {'dtype':<8} {'A':>8} {'B':>8} {'B/A':>7} {'recon. err':>10} "
          f"{'stft ms':>8} {'reassigned ms':>14}")


def _test_signal(xp: Any, device: Any) -> Any:
    """Chirp 200 Hz -> 6 kHz, tones at 440 Hz and 3 kHz, clicks at 0.2, 0.4, 0.6, 0.8 s (float64)."""
    dt = xp.float64
    n = int(FS)
    t = xp.arange(n, dtype=dt, device=device) / FS
    x = 0.5 * xp.cos(2.0 * math.pi * (200.0 * t + 0.5 * (6000.0 - 200.0) * t * t))
    x = x + 0.3 * xp.cos(2.0 * math.pi * 440.0 * t) + 0.2 * xp.cos(2.0 * math.pi * 3000.0 * t)
    ramp = xp.clip(xp.minimum(t, n / FS - t) / FADE, 0.0, 1.0)
    x = x * (0.5 - 0.5 * xp.cos(math.pi * ramp))
    for k in range(1, 5):
        x = _b.at(x)[int(k * n / 5)].add(4.0)
    return x


def _timed(xp: Any, func: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = func()
    first = out[0] if isinstance(out, tuple) else out
    float(xp.sum(xp.abs(first)))  # wait for GPU / lazy backends
    return out, time.perf_counter() - start


def _scattering(xp: Any, device: Any) -> tuple[Any, Any]:
    """Layer-2 spectra of the spec's two examples: 880 Hz with 20 Hz vibrato, 20 Hz clicks."""
    dt = xp.float64
    t = xp.arange(int(0.5 * FS), dtype=dt, device=device) / FS
    vib = xp.cos(2 * math.pi * (880 * t + 40 / (2 * math.pi * 20) * xp.sin(2 * math.pi * 20 * t)))
    w2 = get_window(("gauss", 17.0), 400, xp=xp, dtype=dt, device=device)
    _, s_vib = phase_scattering(vib, n_fft1=1000, hop_length1=10, window1=("gauss", 8.0), n_fft2=400,
                                hop_length2=10, window2=w2, pad_mode="circular", fs=FS, layer2="modulus")
    k = xp.arange(int(2 * FS), device=device)
    pulses = xp.astype(k % int(FS / 20) == 0, dt)
    _, s_imp = phase_scattering(pulses, n_fft1=400, hop_length1=IMPULSE_HOP, window1=("gauss", 10.0),
                                n_fft2=320, hop_length2=4, window2=("gauss", 30.0), pad_mode="circular",
                                fs=FS, layer1="delay", layer2="modulus")
    return s_vib[55, ...], xp.sum(s_imp, axis=0)


def _figure(xp: Any, device: Any, x: Any, path: str, label: str, plt: Any) -> str:
    from .. import display

    # The pictures use the zero-padded STFT (torch's and librosa's framing): the circular frame
    # of the table would wrap the end of the signal around to t = 0.
    zeros: dict[str, Any] = {"n_fft": N_FFT, "hop_length": HOP, "pad_mode": "constant", "center": True}
    c = stft(x, **zeros)
    f, t, mag = reassigned_spectrogram(x, fs=FS, **zeros)
    fig, ax = plt.subplots(2, 2, figsize=(13, 8.5), layout="constrained")
    display.coefficient_image(
        c, fs=FS, hop_length=HOP, freqs=bin_frequencies(N_FFT, fs=FS, xp=xp, device=device),
        times=frame_times(x.shape[-1], fs=FS, xp=xp, device=device, **zeros),
        ax=ax[0, 0], title=f"|STFT| (Hann 512, hop 128, zero-padded), {label}")
    display.reassignment_scatter(_flat(xp, t), _flat(xp, f), _flat(xp, mag), ax=ax[0, 1], s=2.0,
                                 title="reassigned spectrogram: each bin moved to its (time, IF)")
    ax[0, 1].set_xlim(ax[0, 0].get_xlim())
    ax[0, 1].set_ylim(ax[0, 0].get_ylim())
    s_vib, s_imp = _scattering(xp, device)
    ax[1, 0].plot([k * FS / 10 / 400 for k in range(s_vib.shape[0])], _b.to_host(s_vib))
    ax[1, 0].set(title="phase scattering: 880 Hz tone with 20 Hz vibrato (880 Hz channel)",
                 xlabel="modulation frequency (Hz)", ylabel="|layer 2| of the normalised IF", xlim=(0, 90))
    mod_freqs = [k * FS / IMPULSE_HOP / 320 for k in range(s_imp.shape[0])]
    s_imp = _b.to_host(s_imp)
    ax[1, 1].plot(mod_freqs, s_imp)
    top = max(v for fm, v in zip(mod_freqs, s_imp.tolist(), strict=True) if 10 < fm < 90)
    ax[1, 1].set(title="phase scattering: 20 Hz impulse train (sum over channels; DC off scale)",
                 xlabel="modulation frequency (Hz)", ylabel="|layer 2| of the group delay", xlim=(0, 90),
                 ylim=(0, 1.15 * top))
    for a in ax[1]:
        for h in (20.0, 40.0, 60.0, 80.0):
            a.axvline(h, color="gray", lw=0.6, ls=":")
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _flat(xp: Any, a: Any) -> Any:
    return xp.reshape(a, (-1,))


def demo(xp: Any, device: Any, out_dir: Any) -> tuple[str, list[str]]:
    """Run the time-frequency demonstration on one backend; its row and the figures written."""
    if device is None:
        device = xp.__array_namespace_info__().default_device()
    name = _b.backend_name(xp)
    x = _test_signal(xp, device)
    frame = GaborFrame(length=x.shape[0], n_fft=N_FFT, hop_length=HOP, xp=xp, dtype=x.dtype, device=device)
    A, B = frame.frame_bounds()
    circ: dict[str, Any] = {"n_fft": N_FFT, "hop_length": HOP, "pad_mode": "circular"}
    stft(x, **circ)  # warm-up
    c, t_stft = _timed(xp, lambda: stft(x, **circ))
    y = istft(c, length=x.shape[0], **circ)
    err = float(xp.sqrt(xp.sum((y - x) ** 2) / xp.sum(x**2)))
    _, t_phase = _timed(xp, lambda: reassigned_spectrogram(x, fs=FS, **circ))
    row = (f"{name:<18} {'float64':<8} {float(A):8.1f} {float(B):8.1f} {float(B) / float(A):7.4f} "
           f"{err:10.2e} {t_stft * 1e3:8.2f} {t_phase * 1e3:14.2f}")
    try:
        import matplotlib
    except ImportError:
        return row + "  (no figure: matplotlib is not installed: pip install 'framekit[plot]')", []
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    os.makedirs(os.fspath(out_dir), exist_ok=True)
    path = os.path.join(os.fspath(out_dir), f"tf_{name.split('.')[0]}.png")
    return row, [_figure(xp, device, x, path, f"{name}, float64", plt)]
