"""
Aliasing terms and frame bounds of a strided conv layer
=======================================================

A 1-D conv layer with J kernels and stride d is a frame of the real signals of
length N. In the Fourier domain it is described by the functions

.. math::

    G_k(\\omega) = \\sum_j \\hat w_j(\\omega)\\, \\overline{\\hat w_j(\\omega + kN/d)},
    \\qquad k = 0, \\dots, d - 1,

(:func:`framekit.aliasing_terms`): :math:`G_0` is the Littlewood-Paley sum and
:math:`G_1, \\dots, G_{d-1}` are the aliasing terms that the stride creates.
The Walnut estimates :math:`\\frac1d \\min (G_0 - \\sum_{k \\ge 1} |G_k|)` and
:math:`\\frac1d \\max (G_0 + \\sum_{k \\ge 1} |G_k|)`
(:func:`framekit.walnut_bounds`) bracket the exact frame bounds A and B
(:func:`framekit.conv_frame_bounds`). Here: the same 16 random Gaussian kernels
of 32 taps at strides 1, 4 and 16.
"""

import matplotlib.pyplot as plt
import numpy as np

import framekit

J, K, N = 16, 32, 256
kernels = np.random.default_rng(0).standard_normal((J, K)) / np.sqrt(J * K)
strides = (1, 4, 16)

# %%
# Bounds at each stride
# ---------------------
# At stride 1 there is no aliasing and the Walnut estimates are the exact
# bounds. The larger the stride, the larger the aliasing terms: the lower
# Walnut estimate drops below zero (no information) while the exact lower
# bound A shrinks, and at stride 16 (J = d, critical sampling) the layer is
# badly conditioned.

results = {}
for d in strides:
    G = framekit.aliasing_terms(kernels, d, n_fft=N)  # shape (d, N)
    lo, up = framekit.walnut_bounds(kernels, d, n_fft=N)
    A, B = framekit.conv_frame_bounds(kernels, d, n_fft=N)
    results[d] = G, lo, up, A, B
    print(
        f"stride {d:2d}: Walnut [{float(lo):8.4f}, {float(up):.4f}], "
        f"exact A = {float(A):.3g}, B = {float(B):.3g}, "
        f"B/A = {float(B / A):.3g}"
    )

# %%
# The picture
# -----------
# For each stride: the Littlewood-Paley sum :math:`G_0/d` (real), the summed
# aliasing :math:`\sum_{k \ge 1} |G_k|/d`, the Walnut estimates (dotted) and
# the exact bounds (dashed), over the normalized frequency
# :math:`\omega / N` (cycles per sample; the real kernels make everything
# symmetric about 1/2, so only half is shown). Each panel has its own scale:
# with the same kernels, the energy per coefficient shrinks as 1/d.

half = N // 2 + 1
freq = np.arange(half) / N
fig, axes = plt.subplots(
    1, len(strides), figsize=(10, 3.8), layout="constrained"
)
for ax, d in zip(axes, strides):
    G, lo, up, A, B = results[d]
    lp = np.real(G[0, :half]) / d
    alias = np.abs(G[1:, :half]).sum(axis=0) / d
    ax.plot(freq, lp, color="C0", label=r"$G_0 / d$")
    ax.plot(freq, alias, color="C3", label=r"$\Sigma_{k \geq 1} |G_k| / d$")
    ax.axhline(float(lo), color="0.4", ls=":", label="Walnut estimates")
    ax.axhline(float(up), color="0.4", ls=":")
    ax.axhline(float(A), color="k", ls="--", label="exact A, B")
    ax.axhline(float(B), color="k", ls="--")
    ax.set(
        title=f"stride {d}: B/A = {float(B / A):.3g}",
        xlabel="frequency (cycles/sample)",
    )
axes[0].set_ylabel("energy")
fig.legend(
    *axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=4
)
plt.show()
