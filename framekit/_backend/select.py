"""Fast paths of the sampling max-bias estimate (``framekit.relu.maxbias``).

* The n-th largest entry of each row: the array API standard has only a full
  ``sort``; NumPy (``partition``) and torch (``topk``) select in linear time.
* Counting the entries of each row at or above a threshold: NumPy's
  ``count_nonzero(axis=...)`` widens every boolean to an integer; summing the
  booleans' bytes into 16-bit counters is about twice as fast.
* Reusing one correlation block across the chunks (``out=``) on NumPy and torch:
  after a long run of other products, torch on CPU took fresh, page-faulting memory
  for every 4 MiB block (about 2 000 minor faults per chunk, twice the time).
* Gaussian directions: torch draws float32 normals several times faster than
  float64 ones, and float32 is plenty for directions (each point is normalized
  onto the sphere in the working dtype afterwards).  NumPy draws them with the
  SFC64 bit generator, 20 % faster than the default PCG64 here.

Other backends use the standard calls.
"""

from __future__ import annotations

from typing import Any

from . import backend_name, random_normal

__all__ = ["count_at_least", "gaussian_rows", "matmul_into", "nth_largest"]


def gaussian_rows(xp: Any, shape: tuple[int, int], *, seed: Any, dtype: Any, device: Any) -> Any:
    """I.i.d. standard normals of the given shape and dtype, for random directions."""
    name = backend_name(xp)
    if name == "torch" and dtype == xp.float64:
        g = random_normal(xp, shape, seed=seed, dtype=xp.float32, device=device)
        return xp.astype(g, dtype)
    if name == "numpy":
        import numpy

        return numpy.random.Generator(numpy.random.SFC64(seed)).standard_normal(shape, dtype=dtype)
    return random_normal(xp, shape, seed=seed, dtype=dtype, device=device)


def count_at_least(xp: Any, rows: Any, threshold: float) -> Any:
    """Number of entries ``>= threshold`` in each row of a 2-D array, shape (k,)."""
    if backend_name(xp) == "numpy" and rows.shape[1] < 2**16:
        import numpy

        return (rows >= threshold).view(numpy.uint8).sum(axis=1, dtype=numpy.uint16)
    return xp.count_nonzero(rows >= threshold, axis=1)


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


def matmul_into(xp: Any, a: Any, b: Any, out: Any) -> Any:
    """``a @ b`` written into the first ``a.shape[0]`` rows of ``out`` where the backend can.

    NumPy and torch (when no gradient is recorded) write into the view and return it;
    other backends, or ``out`` None, get a new array.  ``out`` must be row-major with
    ``b.shape[1]`` columns and ``a``'s dtype and device.
    """
    name = backend_name(xp)
    if out is None or name not in ("numpy", "torch"):
        return xp.matmul(a, b)
    view = out[: a.shape[0], ...]
    if name == "numpy":
        import numpy

        return numpy.matmul(a, b, out=view)
    import torch

    if torch.is_grad_enabled() and (a.requires_grad or b.requires_grad):
        return xp.matmul(a, b)
    return torch.matmul(a, b, out=view)
