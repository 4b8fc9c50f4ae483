"""Validation and sampling helpers shared by :mod:`.layers`, :mod:`.lipschitz` and
:mod:`.maxbias`: weight/bias/input checks, the domain (sphere or ball of radius r),
uniform samples of it with reproducible per-chunk seeds, and a contiguous ``W^T``.
"""

from __future__ import annotations

import math
import operator
from typing import Any

from .. import _backend as _b
from .._backend.select import gaussian_rows

_DOMAINS = ("sphere", "ball")
#: Most numbers a sampling run may draw (samples times their length): 8 TiB in float64.  A
#: larger count is a typo or a unit mistake, refused at once instead of running for days or
#: failing with a MemoryError from inside the array library.
_MAX_DRAWN = 2**40


def _not_none(value: Any, name: str) -> None:
    """The backend's namespace lookup skips None arguments: refuse them here, in its words."""
    if value is None:
        raise TypeError(
            f"{name} must be an array of an array-API library (numpy, torch, cupy, "
            "array_api_strict, jax, dask), got None"
        )


def _weights(W: Any, *, check_finite: bool, xp: Any = None) -> tuple[Any, Any, Any]:
    """Validate a real weight matrix of shape (m, n); return (xp, device, W as float)."""
    _not_none(W, "W")
    xp, device = _b.namespace_and_device(("W", W), xp=xp)
    if W.ndim != 2:
        raise ValueError(
            f"W must be a weight matrix of shape (m, n) (rows are the weight vectors w_i), "
            f"got an array of rank {W.ndim} with shape {tuple(W.shape)}"
        )
    if W.shape[0] == 0 or W.shape[1] == 0:
        raise ValueError(
            f"W must have at least one row and one column (a layer of m >= 1 units on R^n, "
            f"n >= 1), got shape {tuple(W.shape)}"
        )
    (W,) = _b.as_float(xp, W)
    if xp.isdtype(W.dtype, "complex floating"):
        raise TypeError(f"W must be real (ReLU layers act on R^n), got dtype {W.dtype}")
    if check_finite:
        _b.check_finite(xp, W, "W")
    return xp, device, W


def _layer(W: Any, b: Any, *, check_finite: bool) -> tuple[Any, Any, Any, Any]:
    """Validate weights and bias; return (xp, device, W, b) in a common float dtype."""
    _not_none(W, "W")
    _not_none(b, "b")
    xp, device = _b.namespace_and_device(("W", W), ("b", b))
    xp, device, W = _weights(W, check_finite=check_finite, xp=xp)
    if b.ndim != 1 or b.shape[0] != W.shape[0]:
        raise ValueError(
            f"b must be a bias vector of shape ({W.shape[0]},), one entry per row of W "
            f"(W has shape {tuple(W.shape)}), got shape {tuple(b.shape)}"
        )
    W, b = _b.as_float(xp, W, b)
    if xp.isdtype(b.dtype, "complex floating"):
        raise TypeError(f"b must be real, got dtype {b.dtype}")
    if check_finite:
        _b.check_finite(xp, b, "b")
    return xp, device, W, b


def _inputs(xp: Any, W: Any, x: Any, name: str, size: int, check_finite: bool) -> Any:
    """Validate a batch of inputs of shape (..., size) and cast to W's dtype."""
    _not_none(x, name)
    # No xp= here: with it the backend skips the library comparison, and a torch x with a
    # NumPy W would fail its device comparison with "x is on device cpu but W is on cpu".
    _b.namespace_and_device(("W", W), (name, x))
    if x.ndim < 1 or x.shape[-1] != size:
        raise ValueError(f"{name} must have shape (..., {size}), got shape {tuple(x.shape)}")
    (x,) = _b.as_float(xp, x)
    if xp.isdtype(x.dtype, "complex floating"):
        raise TypeError(f"{name} must be real, got dtype {x.dtype}")
    if check_finite:
        _b.check_finite(xp, x, name)
    return xp.astype(x, W.dtype) if x.dtype != W.dtype else x


def _domain(domain: str, radius: Any) -> float:
    """Validate the domain name and radius; return the radius as a Python float."""
    if domain not in _DOMAINS:
        raise ValueError(f"domain must be 'sphere' or 'ball', got {domain!r}")
    if isinstance(radius, bool) or not isinstance(radius, (int, float)):
        raise TypeError(f"radius must be a positive Python number, got {type(radius).__name__}")
    if not (math.isfinite(radius) and radius > 0):
        raise ValueError(f"radius must be positive and finite, got {radius!r}")
    return float(radius)


def _transpose(xp: Any, W: Any) -> Any:
    """``W^T`` materialized in row-major order.

    NumPy's matmul with a transposed view of a small matrix can be 100x slower
    than with a contiguous operand (measured for (1000, 10) @ (10, 100)).
    """
    return xp.reshape(xp.reshape(xp.matrix_transpose(W), (-1,)), (W.shape[1], W.shape[0]))


def _positive_int(value: Any, name: str) -> int:
    """A count: TypeError for a non-integer (bool, float, None, array), ValueError below 1."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an int (a positive count), got bool")
    try:
        value = operator.index(value)
    except TypeError:
        raise TypeError(
            f"{name} must be an int (a positive count), got {type(value).__name__} {value!r}"
        ) from None
    if value < 1:
        raise ValueError(f"{name} must be a positive int, got {value}")
    return int(value)


def _sample_count(value: Any, name: str, length: int) -> int:
    """A positive sample count whose samples of ``length`` numbers stay below ``2**40`` numbers."""
    value = _positive_int(value, name)
    if value * length > _MAX_DRAWN:
        raise ValueError(
            f"{name}={value} would draw {value} x {length} = {value * length:.3g} numbers, more "
            f"than 2**40 (8 TiB of float64, days of work); use at most {_MAX_DRAWN // length}"
        )
    return value


def _seed(seed: Any) -> int | None:
    """None or an int (any sign: the chunk seeds are reduced modulo 2**63)."""
    if seed is None:
        return None
    if isinstance(seed, bool):
        raise TypeError("seed must be an int or None, got bool")
    try:
        return int(operator.index(seed))
    except TypeError:
        raise TypeError(f"seed must be an int or None, got {type(seed).__name__} {seed!r}") from None


def _chunk_seed(seed: int | None, k: int) -> int | None:
    """A distinct, reproducible seed for chunk k of a sampling run."""
    if seed is None:
        return None
    return (seed * 0x9E3779B97F4A7C15 + k * 0xBF58476D1CE4E5B9 + 1) % (2**63)


def _sample_domain(
    xp: Any,
    n: int,
    count: int,
    *,
    domain: str,
    radius: float,
    nonnegative: bool,
    seed: int | None,
    dtype: Any,
    device: Any,
) -> Any:
    """``count`` points drawn uniformly from the domain, shape (count, n).

    Sphere: normalized Gaussians.  Ball: the first n coordinates of a uniform
    point on the sphere S^{n+1} of R^{n+2} are uniform in the unit n-ball
    (so no uniform generator is needed).  Non-negative parts: absolute values
    (the orthant is a union of symmetric images, so uniformity is kept).
    """
    extra = 2 if domain == "ball" else 0
    g = gaussian_rows(xp, (count, n + extra), seed=seed, dtype=dtype, device=device)
    g = g / _b.linalg(xp).vector_norm(g, axis=-1, keepdims=True)
    if extra:
        g = g[:, :n]
    if nonnegative:
        g = xp.abs(g)
    return g if radius == 1.0 else g * radius
