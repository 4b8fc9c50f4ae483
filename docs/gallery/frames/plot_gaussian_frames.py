"""
Frame bounds of random Gaussian frames
======================================

A random frame of :math:`m` vectors in :math:`\\mathbb{R}^n` with i.i.d.
:math:`N(0, 1/m)` entries (:func:`framekit.gaussian_frame`) becomes better
conditioned as its redundancy :math:`m/n` grows: its optimal frame bounds
:math:`A, B` (:func:`framekit.frame_bounds`, the extreme eigenvalues of the
frame operator :math:`S = W^T W`) approach the Marchenko-Pastur edges
:math:`(1 \\mp \\sqrt{n/m})^2`, and the condition number
:math:`\\kappa = B/A` (:func:`framekit.condition_number`) tends to 1.
"""

import matplotlib.pyplot as plt
import numpy as np

import framekit

# %%
# Bounds over many draws
# ----------------------
# ``frame_bounds`` and ``condition_number`` accept a batch of frames (shape
# ``(draws, m, n)``) and compute all of them in one batched eigen-solve.

n = 32
draws = 50
redundancies = np.array([1.5, 2, 3, 4, 6, 8, 12, 16])
A = np.empty((len(redundancies), draws))
B = np.empty_like(A)
kappa = np.empty_like(A)
for i, r in enumerate(redundancies):
    m = int(r * n)
    W = np.stack([framekit.gaussian_frame(m, n, seed=s) for s in range(draws)])
    A[i], B[i] = framekit.frame_bounds(W)
    kappa[i] = framekit.condition_number(W)
    print(
        f"m/n = {r:5.2f}: median A = {np.median(A[i]):.3f}, "
        f"median B = {np.median(B[i]):.3f}, "
        f"median B/A = {np.median(kappa[i]):7.2f}"
    )

# %%
# The picture
# -----------
# Left: the bounds (median and the 5-95 % band of the draws) with the
# Marchenko-Pastur edges. Right: the condition number on a log scale.

rr = np.linspace(1.3, redundancies[-1], 200)
mp_lower, mp_upper = (1 - np.sqrt(1 / rr)) ** 2, (1 + np.sqrt(1 / rr)) ** 2

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3.8), layout="constrained")
for values, name, colour in (
    (A, "A (lower bound)", "C0"),
    (B, "B (upper bound)", "C3"),
):
    lo, med, hi = np.percentile(values, [5, 50, 95], axis=1)
    ax1.fill_between(redundancies, lo, hi, color=colour, alpha=0.25)
    ax1.plot(redundancies, med, "o-", color=colour, label=name)
ax1.plot(rr, mp_lower, "k--", lw=1, label=r"$(1 \mp \sqrt{n/m})^2$")
ax1.plot(rr, mp_upper, "k--", lw=1)
ax1.axhline(1.0, color="0.6", lw=0.8)
ax1.set(
    xscale="log",
    xlabel="redundancy m / n",
    ylabel="frame bound",
    title=rf"Gaussian frames in $\mathbb{{R}}^{{{n}}}$, {draws} draws each",
)
ax1.set_xticks(redundancies, [f"{r:g}" for r in redundancies])
ax1.legend()

lo, med, hi = np.percentile(kappa, [5, 50, 95], axis=1)
ax2.fill_between(
    redundancies, lo, hi, color="C2", alpha=0.25, label="5-95 % of draws"
)
ax2.plot(redundancies, med, "o-", color="C2", label="median")
ax2.plot(rr, mp_upper / mp_lower, "k--", lw=1, label="Marchenko-Pastur")
ax2.set(
    xscale="log",
    yscale="log",
    xlabel="redundancy m / n",
    ylabel="condition number B / A",
    title="condition number",
)
ax2.set_xticks(redundancies, [f"{r:g}" for r in redundancies])
ax2.legend()
plt.show()

# %%
# Reconstruction from the coefficients
# ------------------------------------
# Every frame is invertible on its range: the canonical dual
# (:func:`framekit.canonical_dual`) reconstructs exactly, whatever the
# condition number; a large condition number only amplifies noise on the
# coefficients.

W = framekit.gaussian_frame(2 * n, n, seed=1)
x = np.random.default_rng(0).standard_normal(n)
x_rec = framekit.synthesis(framekit.canonical_dual(W), framekit.analysis(W, x))
print(
    f"condition number {float(framekit.condition_number(W)):.1f}, "
    f"reconstruction error {np.linalg.norm(x_rec - x) / np.linalg.norm(x):.1e}"
)
