"""The ReLU-layers part of ``framekit demo``: maximal bias, reconstruction, pictures.

``demo(xp, device, out_dir)`` returns table rows for one backend (float64) and the
figures written: on NumPy, when matplotlib is importable and ``out_dir`` is given,
``relu_numpy.png``: a frame, its polytope and injectivity region in the plane (top), and
the icosahedron on the sphere (bottom).  The polytope geometry needs
SciPy; without it the part raises ImportError naming what to install.
"""

from __future__ import annotations

import math
import pathlib
import time
from typing import Any

from .. import _backend as _b
from .._backend.geometry import hull_facets, to_host
from ..relu.layers import active_frame_bound, relu_layer, relu_reconstruct
from ..relu.lipschitz import lipschitz_bounds, lipschitz_lower_estimate
from ..relu.maxbias import max_bias

HEADER = f"{'backend':<18} {'dtype':<8} {'case':<44} {'value':>12} {'expected':>12} {'time':>10}"

GOLDEN = (1 + math.sqrt(5)) / 2


def _icosahedron(xp: Any, device: Any) -> Any:
    base = [[0.0, s, t * GOLDEN] for s in (1.0, -1.0) for t in (1.0, -1.0)]
    rows = base + [[r[2], r[0], r[1]] for r in base] + [[r[1], r[2], r[0]] for r in base]
    W = xp.asarray(rows, dtype=xp.float64, device=device)
    return W / _b.linalg(xp).vector_norm(W, axis=1, keepdims=True)


def _plane_frame(xp: Any, device: Any) -> Any:
    angles = [0.3, 1.2, 2.0, 2.9, 3.7, 4.6, 5.5]
    rows = [
        [math.cos(a) * (1 + 0.1 * k), math.sin(a) * (1 + 0.1 * k)] for k, a in enumerate(angles)
    ]
    return xp.asarray(rows, dtype=xp.float64, device=device)


def _timed(func: Any) -> tuple[Any, float]:
    _b.synchronize(func())
    start = time.perf_counter()
    out = _b.synchronize(func())
    return out, time.perf_counter() - start


def demo(xp: Any, device: Any, out_dir: Any = None) -> tuple[str, list[str]]:
    """Rows of the ReLU table for one backend (float64), and the pictures written (NumPy only)."""
    name = (_b.backend_name(xp) + ("" if device is None else f":{device}"))[:18]
    rows = []

    def row(case: str, value: float, expected: str, seconds: float) -> None:
        rows.append(f"{name:<18} {'float64':<8} {case:<44} {value:>12.6g} {expected:>12} {seconds * 1e3:>7.1f} ms")

    ico = _icosahedron(xp, device)
    alpha, t = _timed(lambda: max_bias(ico, method="polytope"))
    row(
        "icosahedron, polytope: max |alpha - 1/sqrt5|",
        float(xp.max(xp.abs(alpha - 1 / math.sqrt(5)))),
        "0",
        t,
    )
    for n_samples in (1_000, 100_000):
        est, t = _timed(
            lambda n_samples=n_samples: max_bias(ico, n_samples=n_samples, include_rows=False)
        )
        row(
            f"icosahedron, sampling N={n_samples}: max gap",
            float(xp.max(est)) - 1 / math.sqrt(5),
            "> 0, -> 0",
            t,
        )

    W = _b.random_normal(xp, (100, 10), seed=0, dtype=xp.float64, device=device)
    b, t = _timed(lambda: max_bias(W, domain="ball", n_samples=20_000))
    row(
        "Gaussian 100x10, ball: mean bias / ||w_i||",
        float(xp.mean(b / _b.linalg(xp).vector_norm(W, axis=1))),
        "<= 0",
        t,
    )
    x = _b.random_normal(xp, (1000, 10), seed=1, dtype=xp.float64, device=device)
    x = 0.9 * x / _b.linalg(xp).vector_norm(x, axis=1, keepdims=True)
    z = relu_layer(W, b, x)
    for method in ("dual", "frame_algorithm"):
        rec, t = _timed(lambda method=method: relu_reconstruct(W, b, z, method=method))
        err = float(xp.max(_b.linalg(xp).vector_norm(rec - x, axis=1)))
        row(f"  reconstruct 1000 inputs ({method})", err, "< 1e-10", t)
    bounds, t = _timed(lambda: lipschitz_bounds(W, b, n_samples=20_000))
    kappa, t_pairs = _timed(lambda: lipschitz_lower_estimate(W, b, n_pairs=20_000))
    row("  Freeman-Haider lower bound sqrt(A)/2", float(bounds.lower), "<= kappa_L", t)
    row("  Freeman-Haider upper bound sqrt(A)", float(bounds.upper), ">= kappa_L", 0.0)
    row("  min ratio over 20000 sampled pairs", float(kappa), ">= kappa_L", t_pairs)

    Wbig = _b.random_normal(xp, (1000, 100), seed=2, dtype=xp.float64, device=device)
    est, t = _timed(lambda: max_bias(Wbig, n_samples=50_000))
    row("Gaussian 1000x100, sampling N=5e4: mean bias", float(xp.mean(est)), "> 0", t)

    figures = []
    if out_dir is not None and _b.backend_name(xp) == "numpy":
        figures = _pictures(xp, device, pathlib.Path(out_dir))
    return "\n".join(rows), figures


def _pictures(xp: Any, device: Any, out_dir: pathlib.Path) -> list[str]:
    """Write relu_numpy.png (none when matplotlib is missing); return its path in a list."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from mpl_toolkits.mplot3d.art3d import Poly3DCollection
    except ImportError:
        return []
    import numpy as np  # plotting works on host NumPy arrays

    out_dir.mkdir(parents=True, exist_ok=True)

    # n = 2: frame, polytope of the normalized rows, region where the active set spans
    W = _plane_frame(xp, device)
    Wh = to_host(W)
    norms = np.linalg.norm(Wh, axis=1)
    biases = (
        (
            max_bias(W, method="polytope", domain="ball"),
            "b = max_bias(ball) <= 0: injective on the disk",
        ),
        (max_bias(W, method="polytope"), "b = max_bias(sphere) > 0: injective on the circle only"),
    )
    grid = np.linspace(-1.0, 1.0, 301)
    gx, gy = np.meshgrid(grid, grid)
    pts = np.stack([gx.ravel(), gy.ravel()], axis=1)
    inside = np.linalg.norm(pts, axis=1) <= 1.0
    fig = plt.figure(figsize=(10, 10.5), layout="constrained")
    top, bottom = (fig.subfigures(2, 1, squeeze=False)[i, 0] for i in (0, 1))
    axes = top.subplots(1, 2)
    for ax, (bias, title) in zip(axes, biases, strict=True):
        b = to_host(bias)
        A = to_host(active_frame_bound(W, bias, xp.asarray(pts, device=device)))
        region = np.where(inside, (A > 0).astype(float), np.nan).reshape(gx.shape)
        ax.contourf(gx, gy, region, levels=[-0.5, 0.5, 1.5], colors=["#f4a6a6", "#b8e0b8"])
        _, facets = hull_facets(Wh / norms[:, None])
        for f in facets:
            seg = (Wh / norms[:, None])[f]
            ax.plot(seg[:, 0], seg[:, 1], color="0.3", lw=1)
        for w, bi in zip(Wh, b, strict=True):
            ax.arrow(
                0,
                0,
                *(w / np.linalg.norm(w)),
                color="C0",
                head_width=0.03,
                length_includes_head=True,
            )
            # activation boundary <x, w> = b_i
            p0 = w * bi / (w @ w)
            d = np.array([-w[1], w[0]]) / np.linalg.norm(w)
            line = p0 + np.outer(np.linspace(-2, 2, 2), d)
            ax.plot(line[:, 0], line[:, 1], color="C1", lw=0.6, alpha=0.7)
        ax.add_patch(plt.Circle((0, 0), 1.0, fill=False, color="k", lw=1))
        ax.set_xlim(-1.1, 1.1)
        ax.set_ylim(-1.1, 1.1)
        ax.set_aspect("equal")
        ax.set(xlabel="$x_1$", ylabel="$x_2$")
        ax.set_title(title, fontsize=10)
    top.suptitle("ReLU(Wx - b), 7 vectors in the plane: green = active rows span (x recoverable), "
                 "red = not; orange lines: <x, w_i> = b_i", fontsize=10)

    # n = 3: icosahedron, its hull, and the sphere coloured by spanning active sets
    ico = _icosahedron(xp, device)
    Ih = to_host(ico)
    u = np.random.default_rng(0).standard_normal((6000, 3))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    for k, (bias, title) in enumerate(
        (
            (1 / math.sqrt(5), "b = 1/sqrt(5) (maximal): injective"),
            (0.5, "b = 0.5: not injective near the vertices"),
        )
    ):
        ax = bottom.add_subplot(1, 2, k + 1, projection="3d")
        b = xp.full((12,), bias, dtype=xp.float64, device=device)
        A = to_host(active_frame_bound(ico, b, xp.asarray(u, device=device)))
        ok = A > 0
        ax.scatter(*u[ok].T, s=2, color="#5cb85c", alpha=0.5)
        ax.scatter(*u[~ok].T, s=4, color="#d9534f")
        _, facets = hull_facets(Ih)
        ax.add_collection3d(Poly3DCollection([Ih[f] for f in facets], alpha=0.15, edgecolor="0.3"))
        ax.scatter(*Ih.T, color="C0", s=25)
        ax.set_box_aspect((1, 1, 1))
        ax.set(xlabel="$x_1$", ylabel="$x_2$", zlabel="$x_3$")
        ax.set_title(title, fontsize=10)
    bottom.suptitle("ReLU(Wx - b) with the icosahedron's 12 unit vectors: sphere points whose active "
                    "rows span (green) or not (red)", fontsize=10)
    path = str(out_dir / "relu_numpy.png")
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return [path]
