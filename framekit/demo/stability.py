"""The stability part of ``framekit demo``: conv-layer bounds and random filterbanks on one backend."""

from __future__ import annotations

import time
from typing import Any

from .. import _backend as _b
from ..stability.aliasing import aliasing_objective, conv_frame_bounds, walnut_bounds
from ..stability.random_kernels import condition_number_law, random_filterbank_condition_numbers

HEADER = (
    f"{'backend':<18} {'dtype':<8} {'layer':<30} {'Walnut A>=':>11} {'A':>9} {'B':>9} "
    f"{'Walnut B<=':>11} {'B/A':>8} {'R':>9} {'time':>10}"
)


def demo(xp: Any, device: Any, out_dir: Any = None) -> tuple[str, list[str]]:
    """Rows for one backend (float64): random Gaussian conv layers (J=40, K=128) at strides
    1, 4, 16 with Walnut estimates, exact bounds, B/A and the aliasing objective, then the
    median condition number of 1000 random stride-1 filterbanks against the law.

    Times cover the Walnut estimates, the exact bounds and the objective (after a warm-up
    call; GPU and lazy backends are synchronized).  Returns the rows and the figures written
    (none: ``out_dir`` is unused).
    """
    name = (_b.backend_name(xp) + ("" if device is None else f":{device}"))[:18]
    w = _b.random_normal(xp, (40, 128), seed=0, dtype=xp.float64, device=device) * (1.0 / (40 * 128) ** 0.5)
    lines = []
    for d in (1, 4, 16):

        def run(d: int = d) -> tuple[Any, ...]:
            return (*walnut_bounds(w, d), *conv_frame_bounds(w, d), aliasing_objective(w, d))

        _b.synchronize(run())
        start = time.perf_counter()
        lo, up, A, B, R = _b.synchronize(run())
        elapsed = time.perf_counter() - start
        lines.append(
            f"{name:<18} {'float64':<8} {f'Gaussian J=40 K=128 d={d}':<30} {float(lo):>11.4f} {float(A):>9.4f} "
            f"{float(B):>9.4f} {float(up):>11.4f} {float(B / A):>8.3f} {float(R):>9.3f} {elapsed * 1e3:>7.2f} ms"
        )
    start = time.perf_counter()
    k = _b.synchronize(random_filterbank_condition_numbers(40, 128, 1024, 1000, seed=0, xp=xp, device=device))
    elapsed = time.perf_counter() - start
    median = float(xp.sort(k)[500])
    lines.append(
        f"{name:<18} {'float64':<8} {'1000 random FBs J=40 T=128':<30} median B/A {median:.3f}, law (c=2) "
        f"{condition_number_law(128, 40):.3f}, (c=1) {condition_number_law(128, 40, constant=1.0):.3f}"
        f" {elapsed * 1e3:>10.1f} ms"
    )
    return "\n".join(lines), []
