"""Training a conv layer and a dense layer towards tight frames; writes the curves as PNG.

1. A strided conv layer (J = 40 kernels, K = 128 taps, stride 16; torch's Conv1d
   initialization) trained with Adam (lr 1e-3) on the aliasing objective
   ``framekit.stability.aliasing.aliasing_objective`` alone (target bound 1).
2. A dense 64 x 64 layer (torch's Linear initialization) trained by gradient
   descent (lr 1, decaying geometrically to 0.02 over 1000 steps) on the
   condition-number regularizer ``framekit.stability.regularizers.condition_number_regularizer``
   alone; the same with Adam (lr 1e-3), which does not converge.

Prints the condition numbers along the way and writes ``train_stability.png``.
Usage: ``python docs/examples/train_stability.py [--out DIR]``.  Runs on the CPU
in well under a minute.
"""

from __future__ import annotations

import argparse
import pathlib
import time

import torch

from framekit.stability.aliasing import aliasing_objective, conv_frame_bounds, walnut_bounds
from framekit.stability.regularizers import condition_number_regularizer


def train_conv(steps=400):
    torch.manual_seed(0)
    w = torch.nn.Conv1d(1, 40, 128, stride=16, bias=False, dtype=torch.float64).weight
    opt = torch.optim.Adam([w], lr=1e-3)
    rows = []
    for step in range(steps + 1):
        if step % 5 == 0:
            with torch.no_grad():
                A, B = conv_frame_bounds(w, 16)
                lo, up = walnut_bounds(w, 16)
            rows.append((step, float(B / A), float(A), float(B), float(lo), float(up)))
        if step == steps:
            break
        opt.zero_grad()
        R = aliasing_objective(w, 16)
        R.backward()
        opt.step()
    return rows


def train_dense(optimizer, steps=1000):
    torch.manual_seed(0)
    W = torch.nn.Linear(64, 64, bias=False, dtype=torch.float64).weight
    if optimizer == "gd":
        opt = torch.optim.SGD([W], lr=1.0)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda t: 0.02 ** (t / (steps - 1)))
    else:
        opt, sched = torch.optim.Adam([W], lr=1e-3), None
    rows = []
    for step in range(steps + 1):
        if step % 5 == 0:
            s = torch.linalg.svdvals(W.detach())
            rows.append((step, float(s[0] / s[-1])))
        if step == steps:
            break
        opt.zero_grad()
        condition_number_regularizer(W).backward()
        opt.step()
        if sched is not None:
            sched.step()
    return rows


def first_below(rows, level):
    return next((r[0] for r in rows if r[1] < level), None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=".", help="folder for the PNG")
    args = parser.parse_args()
    torch.set_num_threads(1)
    t = time.perf_counter()
    conv = train_conv()
    t_conv = time.perf_counter() - t
    t = time.perf_counter()
    gd = train_dense("gd")
    t_gd = time.perf_counter() - t
    adam = train_dense("adam")
    print(f"conv layer J=40 K=128 d=16, Adam on the aliasing objective ({t_conv:.1f} s for {conv[-1][0]} steps):")
    for r in conv[:: len(conv) // 10]:
        print(f"  step {r[0]:4d}: kappa {r[1]:9.4f}  A {r[2]:.4f} B {r[3]:.4f}  Walnut [{r[4]:.4f}, {r[5]:.4f}]")
    print(f"  first step with kappa < 1.1: {first_below(conv, 1.1)}")
    print(f"dense 64x64, gradient descent on the regularizer ({t_gd:.1f} s):")
    for r in gd[:: len(gd) // 10]:
        print(f"  step {r[0]:4d}: kappa {r[1]:9.4f}")
    print(f"  first step with kappa < 1.05: {first_below(gd, 1.05)}; Adam after {adam[-1][0]} steps: kappa {adam[-1][1]:.1f}")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no PNG")
        return
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    steps = [r[0] for r in conv]
    a1.plot(steps, [r[1] for r in conv], label="condition number B/A")
    a1.plot(steps, [r[2] for r in conv], label="A (exact)")
    a1.plot(steps, [r[3] for r in conv], label="B (exact)")
    a1.plot(steps, [max(r[4], 1e-3) for r in conv], ":", label="Walnut lower (clipped at 1e-3)")
    a1.plot(steps, [r[5] for r in conv], ":", label="Walnut upper")
    a1.axhline(1.1, color="gray", lw=0.5)
    a1.set(yscale="log", xlabel="Adam step", title="conv layer J=40, K=128, d=16: aliasing objective")
    a1.legend(fontsize=7)
    a2.plot([r[0] for r in gd], [r[1] for r in gd], label="gradient descent (lr 1 -> 0.02)")
    a2.plot([r[0] for r in adam], [r[1] for r in adam], label="Adam (lr 1e-3)")
    a2.axhline(1.05, color="gray", lw=0.5)
    a2.set(yscale="log", xlabel="step", ylabel="condition number", title="dense 64x64: condition-number regularizer")
    a2.legend(fontsize=7)
    fig.tight_layout()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    fig.savefig(out / "train_stability.png", dpi=120)
    print(f"wrote {out / 'train_stability.png'}")


if __name__ == "__main__":
    main()
