"""Instabilities of random filterbanks at initialization: the experiment, reproducible.

Draws 1000 random filterbanks (J filters of length T, i.i.d. N(0, 1/(J T)) taps,
circular convolution of length N = 1024, stride 1) per setting, batched on the
backend (no Python loop over draws), and

1. plots the measured condition numbers (median and 5-95 % band) over
   T = 8 ... 1024 for J in {5, 10, 40} against the law
   (1 + c sqrt(log T / J)) / (1 - c sqrt(log T / J)) with the stated c = 2 and
   with c = 1 (which fits the measurements)  -> ``condition_numbers.png``;
2. plots the relative energy deviations (||Phi x||^2 - ||x||^2) / ||x||^2 of an
   impulse, Brownian noise and an alternating sine (empirical 95 % quantile and
   standard deviation) against the predicted standard deviation and the
   Cantelli and Chernoff deviations at p = 0.05  -> ``energy_deviations.png``.

Usage::

    python docs/examples/random_filterbanks.py [--backend numpy|torch|cupy] [--out DIR]

Prints the numbers it plots.  This is an example: it may import numpy and matplotlib.
"""

from __future__ import annotations

import argparse
import pathlib
import time

import numpy as np

from framekit import _backend
from framekit.stability.random_kernels import (
    cantelli_deviation,
    chernoff_deviation,
    condition_number_law,
    energy_variance,
    random_filterbank_condition_numbers,
    random_filterbank_energies,
)

N = 1024
DRAWS = 1000
TS = [8, 16, 32, 64, 128, 256, 512, 1024]
JS = [5, 10, 40]


def host(a):
    mod = type(a).__module__
    if mod.startswith("torch"):
        return a.detach().cpu().numpy()
    if mod.startswith("cupy"):
        return a.get()
    return np.asarray(a)


def signals(n):
    imp = np.zeros(n)
    imp[0] = 1.0
    brown = np.cumsum(np.random.default_rng(0).standard_normal(n))
    alt = np.sin(np.pi * (np.arange(n) + 0.5))
    return {"impulse": imp, "Brownian noise": brown, "alternating sine": alt}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", default="numpy", help="numpy, torch, torch:cuda or cupy")
    parser.add_argument("--out", default=".", help="folder for the PNGs")
    args = parser.parse_args()
    lib, _, dev = args.backend.partition(":")
    mod = __import__(lib)
    xp = _backend.get_namespace(mod)
    device = mod.device(dev or "cpu") if lib == "torch" else None
    dtype = xp.float64
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    t0 = time.perf_counter()
    kappa = {}
    print(f"condition numbers, N={N}, {DRAWS} draws (median [5%, 95%]) vs the law")
    for J in JS:
        for T in TS:
            k = host(random_filterbank_condition_numbers(J, T, N, DRAWS, seed=J * 10000 + T, xp=xp, device=device, dtype=dtype))
            kappa[J, T] = np.percentile(k, [5, 50, 95])
            p5, med, p95 = kappa[J, T]
            law2, law1 = condition_number_law(T, J), condition_number_law(T, J, constant=1.0)
            print(f"  J={J:3d} T={T:5d}: {med:8.3f} [{p5:7.3f}, {p95:7.3f}]  law c=2 {law2:8.3f}  c=1 {law1:8.3f}")
    print(f"  ({time.perf_counter() - t0:.1f} s)")

    J_e = 10
    dev_stats = {}
    print(f"energy deviations, J={J_e}, N={N}, {DRAWS} draws: std (pred) | q95 | Cantelli | Chernoff | P(dev >= Chernoff)")
    for name, x_np in signals(N).items():
        x = xp.asarray(x_np, dtype=dtype, device=device)
        E = float(np.sum(x_np**2))
        rows = []
        for T in TS:
            e = host(random_filterbank_energies(x, J_e, T, DRAWS, seed=T))
            dev_rel = (e - E) / E
            pred = float(energy_variance(x, J_e, T)) ** 0.5 / E
            ca = float(cantelli_deviation(x, J_e, T, 0.05))
            ch = float(chernoff_deviation(x, J_e, T, 0.05))
            q95 = float(np.quantile(dev_rel, 0.95))
            rows.append((T, float(dev_rel.std()), pred, q95, ca, ch, float(np.mean(dev_rel >= ch))))
            print(f"  {name:17s} T={T:5d}: {dev_rel.std():.4f} ({pred:.4f}) | {q95:.4f} | {ca:.4f} | {ch:.4f} | {rows[-1][-1]:.3f}")
        dev_stats[name] = np.array(rows)

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no PNGs")
        return
    fig, ax = plt.subplots(figsize=(6, 4))
    for J, color in zip(JS, ("C0", "C1", "C2")):
        q = np.array([kappa[J, T] for T in TS])
        ax.fill_between(TS, q[:, 0], q[:, 2], color=color, alpha=0.2)
        ax.plot(TS, q[:, 1], "o-", color=color, label=f"J={J} measured (median, 5-95 %)")
        law = [condition_number_law(T, J) for T in TS]
        ax.plot(TS, law, "--", color=color, label=f"J={J} law, c=2")
        law1 = [condition_number_law(T, J, constant=1.0) for T in TS]
        ax.plot(TS, law1, ":", color=color, label=f"J={J} law, c=1")
    ax.set(xscale="log", yscale="log", xlabel="filter length T", ylabel="condition number B/A",
           title=f"random filterbanks, N={N}, {DRAWS} draws")
    ax.set_xticks(TS, [str(T) for T in TS])
    ax.set_ylim(1, 100)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "condition_numbers.png", dpi=120)
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.8), sharey=True)
    for ax, (name, r) in zip(axes, dev_stats.items()):
        ax.plot(r[:, 0], r[:, 1], "o-", label="std, measured")
        ax.plot(r[:, 0], r[:, 2], "--", label="std, formula")
        ax.plot(r[:, 0], r[:, 3], "s-", label="95 % quantile, measured")
        ax.plot(r[:, 0], r[:, 4], ":", label="Cantelli, p=0.05")
        ax.plot(r[:, 0], r[:, 5], "-.", label="Chernoff, p=0.05")
        ax.set(xscale="log", yscale="log", xlabel="filter length T", title=f"{name}, J={J_e}")
        ax.set_xticks(TS, [str(T) for T in TS])
    axes[0].set_ylabel("relative energy deviation")
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "energy_deviations.png", dpi=120)
    print(f"wrote {out / 'condition_numbers.png'} and {out / 'energy_deviations.png'}")


if __name__ == "__main__":
    main()
