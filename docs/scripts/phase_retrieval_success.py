"""Success rate of real phase retrieval against m/n for Gaussian frames (docs/relu.md).

Writes docs/images/phase_retrieval_success.png.  For n in (8, 32) and m/n from 1 to 6,
``trials`` random signals are measured by a Gaussian frame (one frame per m) and recovered by
``framekit.modulus_reconstruct`` (spectral start + alternating projections), without and with
20 random restarts; success = relative error modulo sign below 1e-8.  The vertical line is
m = 2n - 1, below which no frame has the complement property.

    python docs/scripts/phase_retrieval_success.py [--trials 40]
"""

from __future__ import annotations

import argparse
import pathlib
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import framekit


def success_rate(n: int, m: int, trials: int, restarts: int, seed: int) -> float:
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((m, n)) / np.sqrt(m)
    x = rng.standard_normal((trials, n))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framekit.ConvergenceWarning)
        xr = framekit.modulus_reconstruct(W, np.abs(x @ W.T), n_restarts=restarts, maxiter=500)
    err = np.minimum(np.linalg.norm(xr - x, axis=1), np.linalg.norm(xr + x, axis=1))
    return float(np.mean(err <= 1e-8 * np.linalg.norm(x, axis=1)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=40)
    ap.add_argument("--out", default=str(pathlib.Path(__file__).parents[1] / "images" / "phase_retrieval_success.png"))
    args = ap.parse_args()
    ratios = np.arange(1.0, 6.01, 0.25)
    fig, ax = plt.subplots(figsize=(7, 4))
    for n, color in ((8, "tab:blue"), (32, "tab:red")):
        for restarts, style in ((0, "--"), (20, "-")):
            rates = [success_rate(n, round(r * n), args.trials, restarts, seed=k)
                     for k, r in enumerate(ratios)]
            print(n, restarts, " ".join(f"{r:.2f}" for r in rates))
            ax.plot(ratios, rates, style, color=color, marker="o", ms=3,
                    label=f"n = {n}, {'spectral start only' if restarts == 0 else f'+ {restarts} random restarts'}")
        ax.axvline((2 * n - 1) / n, color=color, lw=0.8, ls=":")
    ax.set_xlabel("m / n (Gaussian frame, m measurements of R^n)")
    ax.set_ylabel(f"success rate ({args.trials} signals)")
    ax.set_title("Real phase retrieval from |Wx|: spectral start + alternating projections")
    ax.set_ylim(-0.03, 1.03)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    ax.text(1.05, 0.82, "dotted: m = 2n - 1\n(the complement property\nneeds m >= 2n - 1)", fontsize=8)
    fig.tight_layout()
    fig.savefig(args.out, dpi=110)
    print("wrote", args.out)


if __name__ == "__main__":
    main()
