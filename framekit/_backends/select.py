"""Fast paths of the sampling max-bias estimate (``framekit.maxbias``).

* The n-th largest entry of each row: the array API standard has only a full
  ``sort``; NumPy (``partition``) and torch (``topk``) select in linear time.
* Gaussian directions: torch draws float32 normals several times faster than
  float64 ones, and float32 is plenty for directions (each point is normalized
  onto the sphere in the working dtype afterwards).

Other backends use the standard calls.
"""

from __future__ import annotations

from typing import Any

from .._backend import backend_name, random_normal

__all__ = ["gaussian_rows", "nth_largest"]


def gaussian_rows(xp: Any, shape: tuple[int, int], *, seed: Any, dtype: Any, device: Any) -> Any:
    """I.i.d. standard normals of the given shape and dtype, for random directions."""
    if backend_name(xp) == "torch" and dtype == xp.float64:
        g = random_normal(xp, shape, seed=seed, dtype=xp.float32, device=device)
        return xp.astype(g, dtype)
    return random_normal(xp, shape, seed=seed, dtype=dtype, device=device)


def nth_largest(xp: Any, rows: Any, n: int) -> Any:
    """The n-th largest entry of each row of a 2-D array, shape (k, 1)."""
    m = rows.shape[1]
    name = backend_name(xp)
    if name == "numpy":
        import numpy

        return numpy.partition(rows, m - n, axis=1)[:, m - n : m - n + 1]
    if name == "torch":
        import torch

        return torch.topk(rows, n, dim=1, sorted=False).values.amin(dim=1, keepdim=True)
    return xp.sort(rows, axis=1)[:, m - n : m - n + 1]
