"""
Phase scattering of a tone with vibrato
=======================================

:func:`framekit.phase_scattering` is a two-layer scattering transform built on
the STFT's phase. Layer 1 measures each channel's instantaneous frequency (Hz);
layer 2 takes a second STFT along the frames of each channel's (normalised)
instantaneous frequency, so it answers "how fast does the frequency move?": a
tone at 880 Hz with a 20 Hz vibrato puts its layer-2 energy at a modulation
frequency of 20 Hz, in the channels around 880 Hz.
"""

import matplotlib.pyplot as plt
import numpy as np

import framekit

fs = 8000.0
t = np.arange(8000) / fs  # one second
fc, fv, depth = 880.0, 20.0, 30.0  # carrier, vibrato rate and depth (Hz)
vibrato = depth / (2 * np.pi * fv) * np.sin(2 * np.pi * fv * t)
x = np.cos(2 * np.pi * (fc * t + vibrato))  # frequency 880 +- 30 Hz
steady = np.cos(2 * np.pi * fc * t)  # the same tone without vibrato

# %%
# The two layers
# --------------
# Layer 1: Gaussian window, hop 20, 400 bins (20 Hz apart). Its frames come at
# ``fs / hop1 = 400`` Hz, the sampling rate of layer 2: a second STFT with hop
# 10 and 100 bins resolves modulations from 0 to 200 Hz, 4 Hz apart.
# ``layer2="modulus"`` keeps the modulus of the second STFT; ``average=True``
# (the default) averages both layers over time.

hop1, n_fft1, hop2, n_fft2 = 20, 400, 10, 100
layers = {
    "n_fft1": n_fft1, "hop_length1": hop1, "window1": ("gauss", 4.0),
    "n_fft2": n_fft2, "hop_length2": hop2, "window2": ("gauss", 8.0),
    "pad_mode": "circular",
}
S1, S2 = framekit.phase_scattering(x, **layers, fs=fs, layer2="modulus")
S1_steady, S2_steady = framekit.phase_scattering(
    steady, **layers, fs=fs, layer2="modulus"
)

# layer-1 channel centres and layer-2 (modulation) frequencies, in Hz
channels = framekit.bin_frequencies(n_fft1, fs=fs)
modulation = framekit.bin_frequencies(n_fft2, fs=fs / hop1)
k = int(np.argmin(abs(channels - fc)))
print(
    f"layer 1: {S1.shape[-1]} channels; "
    f"layer 2: {S2.shape[-1]} modulation bins per channel"
)
print(
    f"channel {channels[k]:.0f} Hz: "
    f"mean instantaneous frequency {S1[k]:.1f} Hz, "
    f"layer-2 peak at {modulation[1 + np.argmax(S2[k, 1:])]:.0f} Hz"
)

# %%
# Layer 2 against modulation frequency
# ------------------------------------
# Left: layer 2 of the channels that the tone reaches (about 520 to 1180 Hz, see
# layer 1 below), modulation frequency on the x axis: all of them show the 20 Hz
# vibrato. (The few channels at the edges of that reach, where the tone's energy
# meets the floor of the phase derivatives, are noisier; they are left out.)
# Right: the 880 Hz channel, with and without vibrato; the vibrato shows as a
# peak at 20 Hz.

band = (channels >= 600) & (channels <= 1160)
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
mesh = ax1.pcolormesh(
    modulation, channels[band], S2[band], shading="nearest", cmap="magma"
)
fig.colorbar(mesh, ax=ax1, label="layer 2 (modulus)")
ax1.axvline(fv, color="w", ls=":", lw=1)
ax1.set(
    xlabel="modulation frequency (Hz)",
    ylabel="layer-1 channel (Hz)",
    title="layer 2, channels 600-1160 Hz",
    xlim=(0, 100),
)

ax2.plot(modulation, S2[k], "o-", ms=3, label="880 Hz with 20 Hz vibrato")
ax2.plot(modulation, S2_steady[k], "s-", ms=3, label="steady 880 Hz tone")
ax2.axvline(fv, color="0.5", ls=":", lw=1)
ax2.set(
    xlabel="modulation frequency (Hz)",
    ylabel="layer 2 (modulus)",
    title=f"layer 2 of the {channels[k]:.0f} Hz channel",
    xlim=(0, 100),
)
ax2.legend()
plt.show()

# %%
# Layer 1
# -------
# The time-averaged instantaneous frequency of each channel: the channels near
# the tone all lock onto 880 Hz (the plateau), whatever their own centre; the
# channels the tone does not reach report their own centre frequency (the
# floor of :func:`framekit.phase_derivatives`, never NaN).

wide = (channels >= 300) & (channels <= 1500)
fig, ax = plt.subplots(figsize=(6, 4), layout="constrained")
ax.plot(channels[wide], S1[wide], "o-", ms=3, label="with vibrato")
ax.plot(channels[wide], S1_steady[wide], "s-", ms=3, label="steady tone")
ax.plot(channels[wide], channels[wide], "k:", lw=1, label="channel centre")
ax.set(
    xlabel="layer-1 channel (Hz)",
    ylabel="mean instantaneous frequency (Hz)",
    title="layer 1",
)
ax.legend()
plt.show()
