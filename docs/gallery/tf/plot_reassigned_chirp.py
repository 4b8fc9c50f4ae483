"""
Reassigned spectrogram of a chirp
=================================

The spectrogram spreads each component over the window's time and frequency
resolution. Reassignment moves every coefficient's energy to the instantaneous
frequency and the group delay measured from the STFT's phase
(:func:`framekit.reassigned_spectrogram`), which sharpens chirps and clicks.
Here a linear chirp from 200 Hz to 3.5 kHz, a 1.5 kHz tone and a click.
"""

import matplotlib.pyplot as plt
import numpy as np

import framekit
from framekit import display

fs = 8000
t = np.arange(fs) / fs  # one second
x = np.sin(2 * np.pi * (200 * t + 0.5 * 3300 * t**2))  # 200 Hz -> 3.5 kHz
x += 0.3 * np.sin(2 * np.pi * 1500 * t)
fade = np.clip(np.minimum(t, t[-1] - t) / 0.02, 0, 1)  # 20 ms in and out
x *= fade  # no clicks at the edges
x[fs // 4] += 8.0  # a click at 0.25 s

# %%
# The STFT and its axes
# ---------------------
# Zero-padded boundaries with centred frames, as librosa and scipy frame a
# signal: :func:`framekit.frame_times` gives each frame's centre in seconds and
# :func:`framekit.bin_frequencies` each bin's frequency in Hz.

hop, n_fft = 16, 256
c = framekit.stft(x, n_fft=n_fft, hop_length=hop)  # centred, zero-padded
times = framekit.frame_times(len(x), n_fft=n_fft, hop_length=hop, fs=fs)
freqs = framekit.bin_frequencies(n_fft, fs=fs)
print(
    f"STFT: {c.shape[0]} bins x {c.shape[1]} frames, "
    f"from {times[0]:.3f} s to {times[-1]:.3f} s"
)

# %%
# Reassigned points
# -----------------
# With ``fs=`` the reassigned frequencies are in Hz and the times in seconds.
# Note the argument order of :func:`framekit.display.reassignment_scatter`:
# time first.

f_r, t_r, mags = framekit.reassigned_spectrogram(
    x, n_fft=n_fft, hop_length=hop, fs=fs
)

fig, (ax1, ax2) = plt.subplots(
    1, 2, figsize=(9, 3.8), sharey=True, layout="constrained"
)
display.coefficient_image(
    c,
    fs=fs,
    hop_length=hop,
    freqs=freqs,
    times=times,
    ax=ax1,
    dynamic_range=60,
    colorbar=False,
    title="spectrogram (Hann 256, hop 16)",
)
display.reassignment_scatter(
    t_r,
    f_r,
    mags,
    ax=ax2,
    dynamic_range=60,
    s=0.5,
    title="reassigned spectrogram",
)
ax2.set_xlim(ax1.get_xlim())
plt.show()
