"""Distil gammatone, CQT and third-octave teachers into MuReNN, Conv1D and Gabor1D (framekit.nn).

Reproduces, on synthetic signals (no data set can be downloaded here), the comparison of the
MuReNN paper (Lostanlen et al., 2023): the hold-out spectrogram cosine distance of each
student to each teacher, mean and standard deviation over seeds, printed beside the paper's
table, plus a PNG of learned vs teacher frequency responses (gammatone teacher).

    python docs/scripts/nn_distillation.py --steps 4000 --seeds 1 --lr 1e-3 --out docs/images

Settings (all at fs = 16 kHz, segments of 4096 samples, hop 2^J = 64, Adam):
teachers ``gammatone(16000, 32, f_min=100)``, ``cqt(16000, 65 Hz, 8 bins/octave)``,
``third_octave(16000, f_min=50)``, DC channel dropped; students MuReNN (J = 6, T = 8, one
filter per teacher channel in its band: the detail octave that contains it, or the
approximation band below fs/2^(J+1) = 125 Hz; sym8, analytic subbands), Conv1D (kernel
1024) and Gabor1D (kernel 1024, mel initialisation).  The PNG draws each filter's response
to real signals, sqrt(|H(f)|^2 + |H(-f)|^2) at f >= 0 (a learned complex filter may pick
either sign of frequency).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import torch

import framekit
from framekit.nn import Conv1D, Gabor1D, MuReNN, distill, synthetic_signals, teacher_channels

FS, SEGMENT, J, KERNEL = 16000, 4096, 6, 1024

PAPER = {  # the paper's hold-out losses (mean over 5 runs; its units, likely 1e-2)
    "gammatone": {"Conv1D": 2.12, "Gabor1D": 10.14, "MuReNN": 2.00},
    "cqt": {"Conv1D": 11.54, "Gabor1D": 22.26, "MuReNN": 9.75},
    "third_octave": {"Conv1D": 3.26, "Gabor1D": 13.51, "MuReNN": 2.57},
}


def teachers() -> dict[str, framekit.FilterBank]:
    return {
        "gammatone": framekit.gammatone(FS, 32, f_min=100.0, length=SEGMENT),
        "cqt": framekit.cqt(FS, f_min=65.0, bins_per_octave=8, length=SEGMENT, stride=1),
        "third_octave": framekit.third_octave(FS, f_min=50.0, length=SEGMENT, stride=1),
    }


def students(teacher: framekit.FilterBank, seed: int) -> dict[str, torch.nn.Module]:
    keep = teacher_channels(teacher)
    fcs = [float(teacher.center_frequencies[k]) for k in keep]
    K = len(keep)
    torch.manual_seed(seed)
    return {
        "MuReNN": MuReNN.from_frequencies(fcs, FS, J, T=8, seed=seed, dtype=torch.float32),
        "Conv1D": Conv1D(K, KERNEL, 2**J, fs=FS, seed=seed, dtype=torch.float32),
        "Gabor1D": Gabor1D(K, KERNEL, 2**J, fs=FS, dtype=torch.float32),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--out", default=None, help="folder for nn_distillation.png")
    ap.add_argument("--teachers", nargs="*", default=list(PAPER))
    args = ap.parse_args()
    torch.set_num_threads(1)
    train = synthetic_signals(32, 4 * SEGMENT, FS, seed=1).astype(np.float32)
    test = synthetic_signals(8, 4 * SEGMENT, FS, seed=2).astype(np.float32)
    results: dict[str, dict[str, list[float]]] = {}
    fitted: dict[str, torch.nn.Module] = {}
    for tname in args.teachers:
        teacher = teachers()[tname]
        results[tname] = {}
        for seed in range(args.seeds):
            for sname, student in students(teacher, seed).items():
                t0 = time.perf_counter()
                hist = distill(student, teacher, train, steps=args.steps, lr=args.lr, batch_size=args.batch,
                               test_signals=test, seed=seed, progress=False)
                results[tname].setdefault(sname, []).append(hist["test_loss"])
                print(f"{tname:13s} seed {seed} {sname:8s} hold-out loss {hist['test_loss']:.4f} "
                      f"(initial {hist['test_loss_initial']:.4f}, {time.perf_counter() - t0:.0f} s)", flush=True)
                if tname == "gammatone" and seed == 0:
                    fitted[sname] = student
    print("\nhold-out loss x 100 (mean +- std over seeds); paper's values in brackets")
    print(f"{'teacher':13s} " + "".join(f"{s:>24s}" for s in ("Conv1D", "Gabor1D", "MuReNN")) + "   ordering")
    for tname, per in results.items():
        cells = []
        for s in ("Conv1D", "Gabor1D", "MuReNN"):
            v = [100 * x for x in per[s]]
            sd = statistics.stdev(v) if len(v) > 1 else 0.0
            cells.append(f"{statistics.mean(v):7.2f} +- {sd:4.2f} [{PAPER[tname][s]:5.2f}]")
        m = {s: statistics.mean(per[s]) for s in per}
        order = "MuReNN < Conv1D < Gabor1D" if m["MuReNN"] < m["Conv1D"] < m["Gabor1D"] else \
            " < ".join(sorted(m, key=m.__getitem__)) + "  (differs)"
        print(f"{tname:13s} " + "".join(f"{c:>24s}" for c in cells) + f"   {order}")
    if args.out and fitted:
        plot(fitted, teachers()["gammatone"], args.out)


def plot(fitted: dict[str, torch.nn.Module], teacher: framekit.FilterBank, out: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keep = teacher_channels(teacher)
    freqs = np.fft.fftfreq(SEGMENT, 1 / FS)[: SEGMENT // 2]
    pos = np.arange(SEGMENT // 2)

    def real_response(H: np.ndarray) -> np.ndarray:  # the response to real signals, at |f|
        H = np.abs(H)
        return np.hypot(H[:, pos], H[:, (-pos) % SEGMENT])

    Ht = real_response(np.asarray(teacher.frequency_response()))[keep]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4), sharey=True)
    for ax, (name, st) in zip(axes, fitted.items()):
        with torch.no_grad():
            H = real_response(st.to_filterbank(SEGMENT).frequency_response().numpy())
        for k in range(0, len(keep), 3):
            ax.plot(freqs, Ht[k] / Ht[k].max(), color="0.6", lw=0.8)
            ax.plot(freqs, H[k] / H[k].max(), lw=0.8)
        ax.set_xscale("log")
        ax.set_xlim(50, FS / 2)
        ax.set_title(f"{name} (colour) vs gammatone (grey)")
        ax.set_xlabel("Hz")
    fig.tight_layout()
    fig.savefig(f"{out}/nn_distillation.png", dpi=100)
    print(f"wrote {out}/nn_distillation.png")


if __name__ == "__main__":
    main()
