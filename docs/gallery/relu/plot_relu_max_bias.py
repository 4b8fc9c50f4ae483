"""
Maximal bias of a ReLU layer on the circle
==========================================

A ReLU layer :math:`C_b(x) = \\mathrm{ReLU}(W x - b)` forgets the inputs of
its silent units: unit i fires only where :math:`\\langle x, w_i \\rangle > b_i`.
It is injective on the sphere when, at every point x, the active rows span the
space. :func:`framekit.max_bias` with ``method="polytope"`` computes, from the
convex hull of the normalized rows, a bias :math:`\\alpha` such that every
:math:`b \\le \\alpha` (entrywise) keeps the layer injective. Here: seven
random vectors in :math:`\\mathbb{R}^2`.
"""

import matplotlib.pyplot as plt
import numpy as np

import framekit

rng = np.random.default_rng(3)
m = 7
angles = np.sort(rng.uniform(0, 2 * np.pi, m))
W = rng.uniform(0.6, 1.4, (m, 1)) * np.stack(
    [np.cos(angles), np.sin(angles)], axis=1
)
print("omnidirectional:", framekit.is_omnidirectional(W))

alpha = framekit.max_bias(W, method="polytope")  # domain="sphere", radius 1
print("maximal bias alpha:", np.round(alpha, 3))

# %%
# Certificate and sampling test
# -----------------------------
# :func:`framekit.check_injectivity` samples the circle: with ``b = alpha``
# every sampled point has at least two active units that span; raising every
# bias by 0.05 breaks injectivity, and the report returns a witness, a point
# whose active rows do not span. (The polytope estimate is a sufficient
# bound: some units alone could take a larger bias.)

ok = framekit.check_injectivity(W, alpha, domain="sphere")
b_high = alpha + 0.05
bad = framekit.check_injectivity(W, b_high, domain="sphere")
print(f"b = alpha: injective = {ok.injective}")
print(
    f"b = alpha + 0.05: injective = {bad.injective}, "
    f"{bad.n_failed} failing samples "
    f"of 10000, witness x = {np.round(bad.witness, 3)}"
)

# %%
# The picture
# -----------
# Left: the rows :math:`w_i` (arrows), the unit circle and, outside it, one
# ring per unit marking the arc where it is active at :math:`b = \alpha`
# (:func:`framekit.active_set`), and the witness of the raised bias (a cross).
# Right: how many units are active
# at each point of the circle, at :math:`b = \alpha` (never below n = 2) and
# at :math:`b = \alpha + 0.05` (gaps where fewer than two units fire).

theta = np.linspace(0, 2 * np.pi, 2000, endpoint=False)
circle = np.stack([np.cos(theta), np.sin(theta)], axis=1)
active = framekit.active_set(W, alpha, circle)  # shape (points, m)
active_high = framekit.active_set(W, b_high, circle)

fig, (ax1, ax2) = plt.subplots(
    1, 2, figsize=(9, 4.3), width_ratios=[1, 1.2], layout="constrained"
)
colours = plt.get_cmap("tab10")(np.arange(m))
ax1.plot(circle[:, 0], circle[:, 1], color="0.5", lw=1)
for i in range(m):
    w = W[i]
    ax1.annotate(
        "",
        xy=w,
        xytext=(0, 0),
        arrowprops={"arrowstyle": "-|>", "color": colours[i], "lw": 1.5},
    )
    ax1.text(
        *(1.12 * w), f"$w_{i}$", color=colours[i], ha="center", va="center"
    )
    # the arc where unit i is active, on a ring of its own
    radius = 1.35 + 0.09 * i
    arc = np.where(active[:, i], radius, np.nan)
    ax1.plot(
        arc * np.cos(theta),
        arc * np.sin(theta),
        color=colours[i],
        lw=3,
        solid_capstyle="butt",
    )
wx = np.asarray(bad.witness)
ax1.plot(*wx, "kx", ms=9, mew=2)
ax1.annotate("witness", wx, xytext=(8, -12), textcoords="offset points")
ax1.set_aspect("equal")
ax1.set(
    xlim=(-2, 2),
    ylim=(-2, 2),
    title="rows and active arcs at b = alpha",
)
ax1.axis("off")

degrees = np.degrees(theta)
ax2.plot(degrees, active.sum(axis=1), label="b = alpha")
ax2.plot(degrees, active_high.sum(axis=1), ls="--", label="b = alpha + 0.05")
ax2.axhline(2, color="k", lw=0.8, ls=":", label="n = 2")
ax2.axvline(
    np.degrees(np.arctan2(wx[1], wx[0])) % 360,
    color="0.5",
    lw=0.8,
    label="witness",
)
ax2.set(
    xlabel="angle of x on the circle (degrees)",
    ylabel="active units",
    xlim=(0, 360),
    ylim=(0, m + 0.5),
    title="active units along the circle",
)
ax2.set_xticks(range(0, 361, 45))
ax2.legend(loc="upper right")
plt.show()
