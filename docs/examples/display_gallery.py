"""The pictures of docs/display.md, made with framekit.display from one synthetic signal.

The signal (1 s at 16 kHz): an exponential chirp from 100 Hz to 6 kHz, a steady 1 kHz
tone 12 dB below it, and three clicks (at 0.25, 0.5 and 0.75 s).  Writes

* ``display_stft.png``: ``coefficient_image`` of its STFT (Hann 512, hop 128);
* ``display_isac.png``: ``coefficient_image`` of its ISAC coefficients (40 mel-spaced
  channels, stride 16), linear and log frequency axes;
* ``display_filter_responses.png``: ``filter_responses`` of ISAC at its stride 16
  (aliasing: A < min LP, max LP < B) and of the same kernels at stride 1 (painless:
  A = min LP, B = max LP);
* ``display_reassignment.png``: ``reassignment_scatter`` of its reassigned spectrogram.

Usage::

    python docs/examples/display_gallery.py [--out DIR]     # default: docs/images

This is an example: it may import numpy and matplotlib.
"""

from __future__ import annotations

import argparse
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import framekit
from framekit.display import (
    coefficient_image,
    filter_responses,
    reassignment_scatter,
)

FS = 16000
HERE = pathlib.Path(__file__).resolve().parent


def signal(fs: int = FS, seconds: float = 1.0) -> np.ndarray:
    """Chirp (100 Hz -> 6 kHz, exponential) + 1 kHz tone (-12 dB) + three clicks."""
    t = np.arange(int(fs * seconds)) / fs
    f0, f1 = 100.0, 6000.0
    k = np.log(f1 / f0) / seconds
    x = np.sin(2 * np.pi * f0 * (np.exp(k * t) - 1) / k)
    x += 0.25 * np.sin(2 * np.pi * 1000.0 * t)
    for t_click in (0.25, 0.5, 0.75):
        x[int(t_click * fs)] += 8.0
    return x


def main(out: pathlib.Path) -> list[pathlib.Path]:
    out.mkdir(parents=True, exist_ok=True)
    x = signal()
    written = []

    # 1. STFT: uniform bins, frames centred on n * hop
    n_fft, hop = 512, 128
    c = framekit.stft(x, n_fft=n_fft, hop_length=hop)
    times = framekit.frame_times(len(x), n_fft=n_fft, hop_length=hop, fs=FS)
    fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    coefficient_image(c, fs=FS, hop_length=hop, freqs=framekit.bin_frequencies(n_fft, fs=FS),
                      times=times, ax=ax, title=f"STFT (Hann {n_fft}, hop {hop}), 80 dB range")
    written.append(out / "display_stft.png")
    fig.savefig(written[-1], dpi=150)
    plt.close(fig)

    # 2. ISAC: 40 non-uniformly spaced channels, each at its true centre frequency
    fb = framekit.isac(FS)
    c = fb.analysis(x)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), layout="constrained")
    for ax, yscale in zip(axes, ("linear", "log")):
        coefficient_image(c, fs=FS, hop_length=fb.stride, freqs=fb.center_frequencies, ax=ax,
                          yscale=yscale,
                          title=f"ISAC, {fb.num_channels} channels, stride {fb.stride} ({yscale} axis)")
    written.append(out / "display_isac.png")
    fig.savefig(written[-1], dpi=150)
    plt.close(fig)

    # 3. Filter responses, Littlewood-Paley sum, exact frame bounds
    painless = framekit.FilterBank(fb.kernels, 1, fb.length, fs=fb.fs,
                                   center_frequencies=fb.center_frequencies)
    fig, axes = plt.subplots(1, 2, figsize=(12, 5.5), layout="constrained")
    for ax, bank, what in ((axes[0], fb, "aliasing: A < min LP, max LP < B"),
                           (axes[1], painless, "painless: A = min LP, B = max LP")):
        filter_responses(bank, ax=ax, dynamic_range=40.0, colorbar=ax is axes[1],
                         title=f"ISAC kernels, stride {bank.stride} ({what})")
    written.append(out / "display_filter_responses.png")
    fig.savefig(written[-1], dpi=150)
    plt.close(fig)

    # 4. Reassigned spectrogram: (freqs, times, mags) in Hz and s because fs is given
    freqs, times, mags = framekit.reassigned_spectrogram(x, "hann", 64, 512, fs=FS, center=True)
    fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    reassignment_scatter(times, freqs, mags, ax=ax, s=2.0,
                         title="reassigned spectrogram (Hann 512, hop 64), 60 dB range")
    ax.set_xlim(0.0, len(x) / FS)
    ax.set_ylim(0.0, FS / 2)
    written.append(out / "display_reassignment.png")
    fig.savefig(written[-1], dpi=150)
    plt.close(fig)
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=HERE.parent / "images")
    for path in main(parser.parse_args().out):
        print("wrote", path)
