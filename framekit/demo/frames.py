"""The finite-frames part of ``framekit demo``: classical and random frames on one backend."""

from __future__ import annotations

import time
from typing import Any

from .. import _backend as _b
from ..frames.classical import gaussian_frame, harmonic_frame, mercedes_benz_frame, simplex_frame
from ..frames.finite import analysis, canonical_dual, condition_number, frame_bounds, synthesis

HEADER = (
    f"{'backend':<18} {'dtype':<10} {'frame':<22} {'m x n':>11} {'A':>10} {'B':>10} "
    f"{'B/A':>9} {'dual err':>9} {'time':>10}"
)


def _frames(xp: Any, device: Any) -> list[tuple[str, Any]]:
    f64 = {"xp": xp, "device": device, "dtype": xp.float64}
    return [
        ("harmonic (Parseval)", harmonic_frame(16, 8, xp=xp, device=device, dtype=xp.complex128)),
        ("Mercedes-Benz", mercedes_benz_frame(**f64)),
        ("regular simplex", simplex_frame(5, **f64)),
        ("stacked ONB", xp.concat([xp.eye(6, dtype=xp.float64, device=device)] * 2, axis=0)),
        ("Gaussian", gaussian_frame(256, 64, seed=0, **f64)),
        ("Gaussian", gaussian_frame(2048, 512, seed=0, **f64)),
    ]


def demo(xp: Any, device: Any, out_dir: Any = None) -> tuple[str, list[str]]:
    """Rows of the frames table for one backend (float64): bounds, B/A, dual error, time.

    The time covers bounds, dual and one analysis-synthesis round trip (a
    warm-up call runs first; GPU and lazy backends are synchronized).  Returns the
    rows and the figures written (none: this part prints a table only).
    """
    name = _b.backend_name(xp) + ("" if device is None else f":{device}")
    lines = []
    for label, W in _frames(xp, device):
        m, n = W.shape
        x = _b.random_normal(xp, (n,), seed=1, dtype=W.dtype, device=device)

        def run(W: Any = W, x: Any = x) -> tuple[Any, ...]:
            A, B = frame_bounds(W)
            x_rec = synthesis(canonical_dual(W), analysis(W, x))
            return A, B, condition_number(W), x_rec

        _b.synchronize(run())
        start = time.perf_counter()
        A, B, kappa, x_rec = _b.synchronize(run())
        elapsed = time.perf_counter() - start
        linalg = _b.linalg(xp)
        err = float(linalg.vector_norm(x_rec - x)) / float(linalg.vector_norm(x))
        lines.append(
            f"{name[:18]:<18} {_dtype_name(W.dtype):<10} {label:<22} {f'{m} x {n}':>11} {float(A):>10.6f} {float(B):>10.6f} "
            f"{float(kappa):>9.4f} {err:>9.1e} {elapsed * 1e3:>7.2f} ms"
        )
    return "\n".join(lines), []


def _dtype_name(dtype: Any) -> str:
    return str(dtype).rsplit(".", 1)[-1].strip("'>")
