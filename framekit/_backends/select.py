"""Selection fast paths: the n-th largest entry of each row.

The array API standard has only a full ``sort``; NumPy (``partition``) and torch
(``topk``) select in linear time, which matters for the sampling max-bias estimate.
Other backends fall back to the standard sort.
"""

from __future__ import annotations

from typing import Any

from .._backend import backend_name

__all__ = ["nth_largest"]


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
