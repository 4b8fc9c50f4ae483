"""Validation and sampling helpers shared by the ReLU and clipping tools (:mod:`.layers`,
:mod:`.lipschitz`, :mod:`.maxbias`, :mod:`.clipping`, :mod:`.modulus`): weight/bias/input
checks, the domain (sphere or ball of radius r), uniform samples of it with reproducible
per-chunk seeds, a contiguous ``W^T``, the active-set sampler (:func:`_subframe_bounds`: the
lower frame bounds of the subframes a nonlinearity keeps, over samples of the domain) and
the pairs of the empirical lower Lipschitz estimates.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

from .. import _backend as _b
from .. import _validate as _v
from .._backend.select import gaussian_rows

_DOMAINS = ("sphere", "ball")


def _weights(W: Any, *, check_finite: bool, xp: Any = None) -> tuple[Any, Any, Any]:
    """Validate a real weight matrix of shape (m, n); return (xp, device, W as float)."""
    _v.require_array(W, "W")
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
    _v.require_array(W, "W")
    _v.require_array(b, "b")
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
    _v.require_array(x, name)
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
    return _v.positive_number(radius, "radius")


def _transpose(xp: Any, W: Any) -> Any:
    """``W^T`` materialized in row-major order.

    NumPy's matmul with a transposed view of a small matrix can be 100x slower
    than with a contiguous operand (measured for (1000, 10) @ (10, 100)).
    """
    return xp.reshape(xp.reshape(xp.matrix_transpose(W), (-1,)), (W.shape[1], W.shape[0]))


def _sample_count(value: Any, name: str, length: int) -> int:
    """A positive sample count whose samples of ``length`` numbers stay within
    :data:`framekit._validate.MAX_STREAMED` numbers (they are drawn in chunks)."""
    value = _v.positive_int(value, name)
    _v.check_streamed(
        value * length,
        f"{name}={value} (samples of {length} numbers; use at most {_v.MAX_STREAMED // length})",
    )
    return value


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


# --------------------------------------------------------------------------
# the active-set sampler, shared by the ReLU and clipping tools
# --------------------------------------------------------------------------


def _masked_gram(xp: Any, W: Any, weights: Any) -> Any:
    """``W^T diag(weights) W`` for a batch of weight vectors, shape (..., n, n)."""
    Wt = xp.matrix_transpose(W)
    return xp.matmul(Wt * weights[..., None, :], W)


def _zero_level(xp: Any, W: Any) -> Any:
    """Eigenvalues of a subframe's Gram matrix below this count as zero."""
    eps = float(xp.finfo(W.dtype).eps)
    return max(W.shape[0], W.shape[1]) * eps * _b.linalg(xp).matrix_norm(W, ord=2) ** 2


def _subframe_bounds(
    xp: Any,
    device: Any,
    W: Any,
    selected: Callable[[Any], Any],
    domain: str,
    radius: float,
    nonnegative: bool,
    n_samples: Any,
    seed: int | None,
    chunk_size: Any,
) -> Iterator[tuple[Any, Any, Any]]:
    """Sample the domain in chunks; yield (x, masks, lower frame bounds of the selected subframes).

    ``selected(c)`` maps the coefficients ``c = x W^T`` of a chunk (shape (k, m)) to the
    boolean mask of the rows that determine x there: the active set of a ReLU layer
    (``c >= b``), the unsaturated set of a clipping layer (``|c| <= lambda``).  ``x = 0``
    is added to the first chunk on the ball.  A chunk holds ``chunk_size`` Gram matrices
    n x n; the lower frame bound is ``lambda_min(W_I^T W_I)`` per sample.
    """
    n = W.shape[1]
    n_samples = _sample_count(n_samples, "n_samples", n + 2)
    chunk_size = _v.positive_int(chunk_size, "chunk_size")
    seed = _v.seed(seed)
    Wt = _transpose(xp, W)
    for k, start in enumerate(range(0, n_samples, chunk_size)):
        x = _sample_domain(
            xp,
            n,
            min(chunk_size, n_samples - start),
            domain=domain,
            radius=radius,
            nonnegative=nonnegative,
            seed=_chunk_seed(seed, k),
            dtype=W.dtype,
            device=device,
        )
        if domain == "ball" and k == 0:
            x = xp.concat([xp.zeros((1, n), dtype=W.dtype, device=device), x], axis=0)
        mask = selected(xp.matmul(x, Wt))
        lam = _b.linalg(xp).eigvalsh(_masked_gram(xp, W, xp.astype(mask, W.dtype)))[:, 0]
        yield x, mask, lam


def _sample_pairs(
    xp: Any,
    n: int,
    n_pairs: Any,
    *,
    domain: str,
    radius: float,
    nonnegative: bool,
    local_scale: Any,
    seed: int | None,
    dtype: Any,
    device: Any,
) -> tuple[Any, Any]:
    """Pairs (x, y) of the domain for empirical lower Lipschitz constants, shapes (N, n).

    Half of them are local pairs ``y = P(x + local_scale * r * g)`` (g Gaussian, P the
    nearest point of the domain), where the infimum is typically approached; the other
    half independent uniform pairs.
    """
    n_pairs = _sample_count(n_pairs, "n_pairs", 2 * (n + 2))
    seed = _v.seed(seed)
    local_scale = _v.real_number(local_scale, "local_scale", low=0.0, high=1.0, what="in (0, 1)")
    half = max(n_pairs // 2, 1)
    kw: dict[str, Any] = {"domain": domain, "radius": radius, "nonnegative": nonnegative}
    kw.update(dtype=dtype, device=device)
    x = _sample_domain(xp, n, n_pairs, seed=_chunk_seed(seed, 0), **kw)
    y_far = _sample_domain(xp, n, n_pairs - half, seed=_chunk_seed(seed, 1), **kw)
    g = _b.random_normal(xp, (half, n), seed=_chunk_seed(seed, 2), dtype=dtype, device=device)
    y_near = x[:half, :] + (local_scale * radius) * g
    if nonnegative:
        y_near = xp.maximum(y_near, xp.zeros_like(y_near))
    norm = _b.linalg(xp).vector_norm(y_near, axis=-1, keepdims=True)
    safe = xp.where(norm > 0, norm, xp.ones_like(norm))
    if domain == "sphere":
        y_near = y_near * (radius / safe)
    else:
        y_near = y_near * xp.minimum(radius / safe, xp.ones_like(safe))
    return x, xp.concat([y_near, y_far], axis=0)


def _min_ratio(xp: Any, fx: Any, fy: Any, dist: Any) -> Any:
    """``min ||f(x) - f(y)|| / dist`` over pairs with ``dist > 0`` (a 0-D array)."""
    ratio = _b.linalg(xp).vector_norm(fx - fy, axis=-1) / xp.where(dist > 0, dist, xp.ones_like(dist))
    return xp.min(xp.where(dist > 0, ratio, xp.full_like(ratio, math.inf)))
