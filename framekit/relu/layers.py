"""ReLU layers seen as frames: active sets, injectivity, reconstruction, stability.

Convention (used everywhere in framekit): a ReLU layer with weights ``W`` of
shape (m, n) (rows ``w_i``, the analysis operator of a frame of R^n) and bias
``b`` of shape (m,) maps

    C_b(x) = ReLU(W x - b),

so unit i fires when ``<x, w_i> > b_i`` (the *negative-bias* convention of
Haider, Ehler & Balazs; a PyTorch ``Linear`` layer with bias ``beta`` has
``b = -beta``).  The active set of x is ``I_x = {i : <x, w_i> >= b_i}``.  C_b
is injective on a domain K iff for every x in K the active rows ``W[I_x]``
span R^n ("b-rectifying on K"); x is then recovered from ``<x, w_i> = z_i + b_i``
on the active set.

Domains K: the sphere ``{||x|| = r}`` or the closed ball ``{||x|| <= r}``,
optionally their non-negative parts (``nonnegative=True``: x >= 0 entrywise).

The maximal bias (the largest b for which C_b is injective on K) is estimated
in :mod:`framekit.relu.maxbias`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from typing import Any, NamedTuple

from .. import _backend as _b
from .._backend.select import gaussian_rows
from ..frames.iterative import ConvergenceWarning

__all__ = [
    "InjectivityReport",
    "LipschitzBounds",
    "active_frame_bound",
    "active_set",
    "check_injectivity",
    "count_test",
    "lipschitz_bounds",
    "lipschitz_lower_estimate",
    "relu_layer",
    "relu_reconstruct",
]

_NO_DASK = {"dask.array": "reads values (data-dependent checks) on every chunk"}
_NO_DASK_EIGH = {"dask.array": "Dask has no eigvalsh"}
_DOMAINS = ("sphere", "ball")
_CHECK_EVERY = 8  # the frame algorithm tests convergence every few iterations (a host sync)


# --------------------------------------------------------------------------
# validation and sampling helpers (shared with framekit.relu.maxbias)
# --------------------------------------------------------------------------


def _weights(W: Any, *, check_finite: bool, xp: Any = None) -> tuple[Any, Any, Any]:
    """Validate a real weight matrix of shape (m, n); return (xp, device, W as float)."""
    xp, device = _b.namespace_and_device(("W", W), xp=xp)
    if W.ndim != 2:
        raise ValueError(
            f"W must be a weight matrix of shape (m, n) (rows are the weight vectors w_i), "
            f"got an array of rank {W.ndim} with shape {tuple(W.shape)}"
        )
    (W,) = _b.as_float(xp, W)
    if xp.isdtype(W.dtype, "complex floating"):
        raise TypeError(f"W must be real (ReLU layers act on R^n), got dtype {W.dtype}")
    if check_finite:
        _b.check_finite(xp, W, "W")
    return xp, device, W


def _layer(W: Any, b: Any, *, check_finite: bool) -> tuple[Any, Any, Any, Any]:
    """Validate weights and bias; return (xp, device, W, b) in a common float dtype."""
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
    _b.namespace_and_device(("W", W), (name, x), xp=xp)
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
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
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
# the layer and its active sets
# --------------------------------------------------------------------------


@_b.supports()
def relu_layer(W: Any, b: Any, x: Any, *, check_finite: bool = True) -> Any:
    """Apply the ReLU layer ``C_b(x) = ReLU(W x - b)`` to a batch of inputs.

    Parameters
    ----------
    W : array, shape (m, n)
        Weights; row i is ``w_i``.
    b : array, shape (m,)
        Bias, negative-bias convention: unit i fires when ``<x, w_i> > b_i``.
    x : array, shape (..., n)
        Inputs.
    check_finite : bool
        Check the inputs for NaN/inf (one pass).

    Returns
    -------
    z : array, shape (..., m)

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    >>> framekit.relu_layer(W, np.array([0.0, 0.5, -1.0]), np.array([1.0, 1.0]))
    array([1. , 0.5, 0. ])
    """
    xp, _, W, b = _layer(W, b, check_finite=check_finite)
    x = _inputs(xp, W, x, "x", W.shape[1], check_finite)
    pre = xp.matmul(x, _transpose(xp, W)) - b
    return xp.maximum(pre, xp.zeros_like(pre))


@_b.supports()
def active_set(W: Any, b: Any, x: Any, *, check_finite: bool = True) -> Any:
    """Active set ``I_x = {i : <x, w_i> >= b_i}`` as a boolean mask.

    Parameters
    ----------
    W : array, shape (m, n)
    b : array, shape (m,)
    x : array, shape (..., n)

    Returns
    -------
    mask : bool array, shape (..., m)

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    >>> framekit.active_set(W, np.array([0.0, 0.5, -1.0]), np.array([1.0, 0.5]))
    array([ True,  True, False])
    """
    xp, _, W, b = _layer(W, b, check_finite=check_finite)
    x = _inputs(xp, W, x, "x", W.shape[1], check_finite)
    return xp.matmul(x, _transpose(xp, W)) >= b


@_b.supports()
def count_test(W: Any, b: Any, x: Any, *, check_finite: bool = True) -> Any:
    """The necessary count test ``|I_x| >= n`` for each input.

    Injectivity needs at least n active units at every x of the domain; this
    is cheap but not sufficient (the active rows must also span R^n, see
    :func:`active_frame_bound`).

    Returns
    -------
    ok : bool array, shape (...)

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    >>> framekit.count_test(W, np.array([0.0, 0.0, 0.6]), np.array([[1.0, 1.0], [0.5, -1.0]]))
    array([ True, False])
    """
    xp, _, W, b = _layer(W, b, check_finite=check_finite)
    x = _inputs(xp, W, x, "x", W.shape[1], check_finite)
    active = xp.matmul(x, _transpose(xp, W)) >= b
    return xp.count_nonzero(active, axis=-1) >= W.shape[1]


def _masked_gram(xp: Any, W: Any, weights: Any) -> Any:
    """``W^T diag(weights) W`` for a batch of weight vectors, shape (..., n, n)."""
    Wt = xp.matrix_transpose(W)
    return xp.matmul(Wt * weights[..., None, :], W)


@_b.supports(skip=_NO_DASK_EIGH)
def active_frame_bound(W: Any, b: Any, x: Any, *, check_finite: bool = True) -> Any:
    """Lower frame bound of the active subframe, ``lambda_min(W_I^T W_I)`` with ``I = I_x``.

    Positive iff the active rows span R^n, i.e. iff x is recovered from
    ``C_b(x)`` by the active-subframe dual.  It is also the squared
    smallest singular value of ``W_I``, which governs the error amplification
    of that reconstruction (``1 / sqrt(A_I)``).

    Returns
    -------
    A : array, shape (...)
        In W's dtype; eigenvalues below ``max(m, n) * eps * ||W||_2^2`` are set to 0.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    >>> b = np.array([0.0, 0.0, 0.6])
    >>> framekit.active_frame_bound(W, b, np.array([[1.0, 1.0], [0.5, -1.0]]))
    array([1., 0.])
    """
    xp, _, W, b = _layer(W, b, check_finite=check_finite)
    x = _inputs(xp, W, x, "x", W.shape[1], check_finite)
    active = xp.astype(xp.matmul(x, _transpose(xp, W)) >= b, W.dtype)
    lam = _b.linalg(xp).eigvalsh(_masked_gram(xp, W, active))[..., 0]
    return xp.where(lam > _zero_level(xp, W), lam, xp.zeros_like(lam))


def _zero_level(xp: Any, W: Any) -> Any:
    """Eigenvalues of an active Gram matrix below this count as zero."""
    eps = float(xp.finfo(W.dtype).eps)
    return max(W.shape[0], W.shape[1]) * eps * _b.linalg(xp).matrix_norm(W, ord=2) ** 2


def _active_bounds(
    xp: Any, device: Any, W: Any, b: Any, domain: str, radius: float, nonnegative: bool,
    n_samples: Any, seed: int | None, chunk_size: Any,
) -> Iterator[tuple[Any, Any, Any]]:
    """Sample the domain in chunks; yield (x, active sets, lower frame bounds of the active subframes).

    ``x = 0`` is added to the first chunk on the ball (its active set is the
    rows with ``b_i <= 0``).  A chunk holds ``chunk_size`` Gram matrices n x n.
    """
    n_samples = _positive_int(n_samples, "n_samples")
    chunk_size = _positive_int(chunk_size, "chunk_size")
    n = W.shape[1]
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
        active = xp.matmul(x, Wt) >= b
        lam = _b.linalg(xp).eigvalsh(_masked_gram(xp, W, xp.astype(active, W.dtype)))[:, 0]
        yield x, active, lam


class InjectivityReport(NamedTuple):
    """Outcome of :func:`check_injectivity` (a sampling test).

    Attributes
    ----------
    injective : bool
        No sampled point had a non-spanning active set.  False is a proof of
        non-injectivity (see ``witness``); True is evidence, not a proof.
    count_ok : bool
        Every sampled point passed the count test ``|I_x| >= n``.
    n_failed : int
        Number of sampled points whose active rows do not span R^n.
    witness : array or None
        One such point, shape (n,), in W's backend; None when ``injective``.
    min_frame_bound : float
        Smallest lower frame bound of the active subframes over the samples.
    """

    injective: bool
    count_ok: bool
    n_failed: int
    witness: Any
    min_frame_bound: float


@_b.supports(skip=_NO_DASK)
def check_injectivity(
    W: Any,
    b: Any,
    *,
    domain: str = "ball",
    radius: float = 1.0,
    nonnegative: bool = False,
    n_samples: int = 10_000,
    seed: int | None = 0,
    chunk_size: int = 2048,
    check_finite: bool = True,
) -> InjectivityReport:
    """Test whether ``C_b(x) = ReLU(W x - b)`` is injective on a domain, by sampling.

    Draws ``n_samples`` points uniformly from the domain (sphere or closed
    ball of radius ``radius``, or their non-negative parts), plus ``x = 0`` on
    the ball, and checks the count test and that the active rows span R^n
    (lower frame bound of the active subframe > 0).  A failing point proves
    non-injectivity; passing is evidence only.  For a certificate, compare b
    with :func:`framekit.max_bias` (``method="polytope"``): any
    ``b <= max_bias`` entrywise is injective.

    Parameters
    ----------
    W : array, shape (m, n)
    b : array, shape (m,)
    domain : {"ball", "sphere"}
    radius : float
        Radius r > 0 of the domain.
    nonnegative : bool
        Restrict the domain to x >= 0 entrywise.
    n_samples, seed, chunk_size : int
        Sample count, seed of the backend's generator (or None), samples per
        batch; a batch holds ``chunk_size`` Gram matrices of size n x n.

    Returns
    -------
    InjectivityReport

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = framekit.simplex_frame(3)
    >>> framekit.check_injectivity(W, np.full(4, -0.6), domain="ball").injective
    True
    >>> framekit.check_injectivity(W, np.full(4, 0.5), domain="sphere").injective
    False
    """
    xp, device, W, b = _layer(W, b, check_finite=check_finite)
    radius = _domain(domain, radius)
    level = _zero_level(xp, W)
    n = W.shape[1]
    count_ok, n_failed, witness, min_bound = True, 0, None, math.inf
    for x, active, lam in _active_bounds(xp, device, W, b, domain, radius, nonnegative,
                                         n_samples, seed, chunk_size):
        count_ok = count_ok and bool(xp.all(xp.count_nonzero(active, axis=-1) >= n))
        min_bound = min(min_bound, max(float(xp.min(lam)), 0.0))
        bad = lam <= level
        n_bad = int(xp.count_nonzero(bad))
        if n_bad and witness is None:
            witness = x[int(xp.argmax(xp.astype(bad, xp.int32))), :]
        n_failed += n_bad
    return InjectivityReport(n_failed == 0, count_ok, n_failed, witness, min_bound)


# --------------------------------------------------------------------------
# reconstruction
# --------------------------------------------------------------------------


def _spanning_report(xp: Any, spans: Any, count: Any, n: int) -> None:
    """Raise a ValueError describing the inputs whose active set does not span."""
    if _b.is_lazy(spans) or bool(xp.all(spans)):
        return
    flat = xp.reshape(spans, (-1,))
    n_bad = int(xp.count_nonzero(~flat))
    first = int(xp.argmax(xp.astype(~flat, xp.int32)))
    n_active = int(xp.reshape(count, (-1,))[first])
    raise ValueError(
        f"z: the active set {{i : z_i > 0}} does not span R^{n} for {n_bad} of {flat.shape[0]} "
        f"inputs (first: flat index {first}, with {n_active} active units"
        f"{' < n' if n_active < n else ''}); x is not determined by z there. Use a smaller "
        "bias (see framekit.max_bias) or on_nonspanning='flag' to get per-input flags"
    )


@_b.supports(skip=_NO_DASK_EIGH)
def relu_reconstruct(
    W: Any,
    b: Any,
    z: Any,
    *,
    method: str = "dual",
    on_nonspanning: str = "raise",
    tol: float | None = None,
    maxiter: int = 5000,
    check_finite: bool = True,
) -> Any:
    """Recover x from ``z = ReLU(W x - b)`` (batched over inputs).

    With the observed active set ``I = {i : z_i > 0}``, x solves
    ``<x, w_i> = z_i + b_i`` for i in I.

    * ``method="dual"``: the canonical dual of the active subframe, i.e. the
      least-squares solution ``x = (W_I^T W_I)^{-1} W_I^T (z + b)_I``, computed
      per input from the normal equations ``W^T D W x = W^T D (z + b)`` with
      ``D = diag(1_I)`` (one batched solve; exact for consistent data, so the
      squared condition number only affects rounding).
    * ``method="frame_algorithm"``: the ReLU frame algorithm.  With
      ``S = W^T W``, A, B its extreme eigenvalues, ``lambda = 2/(A + B)`` and
      ``y_0 = 0``, iterate ``y <- y + lambda W^T r`` where
      ``r_i = z_i + b_i - <y, w_i>`` on I and ``r_i = min(b_i - <y, w_i>, 0)``
      off I (units that should be silent but fire at y are pushed back).
      Stops when ``||r|| <= tol * ||W||_2 * max(||y||, 1)`` for every input
      (tested every 8 iterations).

    Parameters
    ----------
    W : array, shape (m, n)
    b : array, shape (m,)
        Bias (negative-bias convention).
    z : array, shape (..., m)
        Layer outputs.
    method : {"dual", "frame_algorithm"}
    on_nonspanning : {"raise", "flag"}
        Where the active rows of an input do not span R^n (including
        ``|I| < n``), x is not determined by z.  "raise": ValueError naming
        how many inputs fail.  "flag": return ``(x, spans)`` with ``spans`` a
        boolean array of shape (...); for failing inputs x is the
        ridge-regularized solution (``dual``) or the last iterate
        (``frame_algorithm``), never NaN.
    tol : float, optional
        Frame algorithm tolerance, default ``100 * eps``.
    maxiter : int
        Frame algorithm iteration limit; :class:`framekit.ConvergenceWarning`
        when reached.

    Returns
    -------
    x : array, shape (..., n)
        Or ``(x, spans)`` with ``on_nonspanning="flag"``.  Working memory holds
        one n x n Gram matrix per input (for the spanning check and ``dual``).

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = framekit.gaussian_frame(40, 4, seed=0)
    >>> b = np.full(40, -0.2)
    >>> x = np.array([0.3, -0.1, 0.2, 0.4])
    >>> np.allclose(framekit.relu_reconstruct(W, b, framekit.relu_layer(W, b, x)), x)
    True
    """
    if method not in ("dual", "frame_algorithm"):
        raise ValueError(f"method must be 'dual' or 'frame_algorithm', got {method!r}")
    if on_nonspanning not in ("raise", "flag"):
        raise ValueError(f"on_nonspanning must be 'raise' or 'flag', got {on_nonspanning!r}")
    maxiter = _positive_int(maxiter, "maxiter")
    xp, device, W, b = _layer(W, b, check_finite=check_finite)
    z = _inputs(xp, W, z, "z", W.shape[0], check_finite)
    n = W.shape[1]
    linalg = _b.linalg(xp)
    active = z > 0
    d = xp.astype(active, W.dtype)
    G = _masked_gram(xp, W, d)
    lam = linalg.eigvalsh(G)
    spans = lam[..., 0] > _zero_level(xp, W)
    if on_nonspanning == "raise":
        _spanning_report(xp, spans, xp.count_nonzero(active, axis=-1), n)
    target = z + b
    if method == "dual":
        eye = xp.eye(n, dtype=W.dtype, device=device)
        ridge = xp.where(spans, xp.zeros_like(lam[..., -1]), lam[..., -1] + 1.0)
        G = G + ridge[..., None, None] * eye
        rhs = xp.matmul(d * target, W)
        x = linalg.solve(G, rhs[..., None])[..., 0]
    else:
        lam_S = linalg.eigvalsh(xp.matmul(xp.matrix_transpose(W), W))
        step = 2.0 / (lam_S[0] + lam_S[-1])
        tol = 100 * float(xp.finfo(W.dtype).eps) if tol is None else float(tol)
        scale = tol * linalg.matrix_norm(W, ord=2)
        Wt = _transpose(xp, W)
        x = xp.zeros((*z.shape[:-1], n), dtype=W.dtype, device=device)
        lazy = _b.is_lazy(z)
        converged = False
        for it in range(maxiter):
            Wy = xp.matmul(x, Wt)
            r = xp.where(active, target - Wy, xp.minimum(b - Wy, xp.zeros_like(Wy)))
            if not lazy and (it % _CHECK_EVERY == 0 or it == maxiter - 1):
                size = xp.maximum(linalg.vector_norm(x, axis=-1), xp.ones_like(x[..., 0]))
                if bool(xp.all(linalg.vector_norm(r, axis=-1) <= scale * size)):
                    converged = True
                    break
            x = x + step * xp.matmul(r, W)
        if not (lazy or converged):
            warnings.warn(
                f"relu_reconstruct(method='frame_algorithm') reached maxiter={maxiter} before "
                f"tol={tol:.1e}; raise maxiter or use method='dual'",
                ConvergenceWarning,
                stacklevel=2,
            )
    return (x, spans) if on_nonspanning == "flag" else x


# --------------------------------------------------------------------------
# stability
# --------------------------------------------------------------------------


@_b.supports(skip=_NO_DASK)
def lipschitz_lower_estimate(
    W: Any,
    b: Any,
    *,
    domain: str = "ball",
    radius: float = 1.0,
    nonnegative: bool = False,
    n_pairs: int = 20_000,
    local_scale: float = 1e-3,
    seed: int | None = 0,
    check_finite: bool = True,
) -> Any:
    """Empirical lower Lipschitz constant of ``C_b`` on a domain, from sampled pairs.

    Returns ``min ||C_b(x) - C_b(y)|| / ||x - y||`` over ``n_pairs`` pairs:
    half of them independent uniform pairs of the domain, half local pairs
    ``y = P(x + local_scale * r * g)`` (g Gaussian, P the nearest point of the
    domain), since the infimum is typically approached by nearby pairs.  A
    minimum over samples is an *upper* estimate of the optimal lower Lipschitz
    constant kappa_L (it can only overshoot); it is the independent check of
    the bounds of :func:`lipschitz_bounds` (Freeman & Haider, arXiv:2502.09898),
    ``1/2 sqrt(A_b) <= kappa_L <= sqrt(A_b)``.

    Parameters
    ----------
    W : array, shape (m, n)
    b : array, shape (m,)
    domain : {"ball", "sphere"}
    radius : float
    nonnegative : bool
    n_pairs : int
    local_scale : float
        Relative size of the perturbation for local pairs.
    seed : int or None

    Returns
    -------
    kappa : 0-D array
        In W's backend and dtype; 0 when some pair collides (non-injective).

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.vstack([np.eye(2), -np.eye(2)])  # C(x) = (x+, x-): kappa_L = 1/sqrt(2)
    >>> k = framekit.lipschitz_lower_estimate(W, np.zeros(4), n_pairs=20_000)
    >>> bool(1 / np.sqrt(2) <= float(k) < 0.75)
    True
    """
    xp, device, W, b = _layer(W, b, check_finite=check_finite)
    radius = _domain(domain, radius)
    n_pairs = _positive_int(n_pairs, "n_pairs")
    if not (isinstance(local_scale, (int, float)) and 0 < local_scale < 1):
        raise ValueError(f"local_scale must be in (0, 1), got {local_scale!r}")
    n = W.shape[1]
    half = max(n_pairs // 2, 1)
    kw: dict[str, Any] = {"domain": domain, "radius": radius, "nonnegative": nonnegative}
    kw.update(dtype=W.dtype, device=device)
    x = _sample_domain(xp, n, n_pairs, seed=_chunk_seed(seed, 0), **kw)
    y_far = _sample_domain(xp, n, n_pairs - half, seed=_chunk_seed(seed, 1), **kw)
    g = _b.random_normal(xp, (half, n), seed=_chunk_seed(seed, 2), dtype=W.dtype, device=device)
    y_near = x[:half, :] + (local_scale * radius) * g
    if nonnegative:
        y_near = xp.maximum(y_near, xp.zeros_like(y_near))
    norm = _b.linalg(xp).vector_norm(y_near, axis=-1, keepdims=True)
    safe = xp.where(norm > 0, norm, xp.ones_like(norm))
    if domain == "sphere":
        y_near = y_near * (radius / safe)
    else:
        y_near = y_near * xp.minimum(radius / safe, xp.ones_like(safe))
    y = xp.concat([y_near, y_far], axis=0)
    Wt = _transpose(xp, W)
    zx = xp.maximum(xp.matmul(x, Wt) - b, xp.zeros_like(b))
    zy = xp.maximum(xp.matmul(y, Wt) - b, xp.zeros_like(b))
    linalg = _b.linalg(xp)
    dist = linalg.vector_norm(x - y, axis=-1)
    ratio = linalg.vector_norm(zx - zy, axis=-1) / xp.where(dist > 0, dist, xp.ones_like(dist))
    return xp.min(xp.where(dist > 0, ratio, xp.full_like(ratio, math.inf)))


class LipschitzBounds(NamedTuple):
    """Outcome of :func:`lipschitz_bounds`.

    Attributes
    ----------
    lower : 0-D array
        ``sqrt(A_b) / 2``, a lower bound of the optimal lower Lipschitz constant.
    upper : 0-D array
        ``sqrt(A_b)``, an upper bound of it.
    frame_bound : 0-D array
        ``A_b``, the smallest lower frame bound of the active subframes over the
        sampled points (0 when some active set does not span: not injective).
    argmin : array, shape (n,)
        The sampled point whose active subframe has the lower frame bound ``A_b``.
    """

    lower: Any
    upper: Any
    frame_bound: Any
    argmin: Any


@_b.supports(skip=_NO_DASK_EIGH)
def lipschitz_bounds(
    W: Any,
    b: Any,
    *,
    radius: float = 1.0,
    nonnegative: bool = False,
    n_samples: int = 10_000,
    seed: int | None = 0,
    chunk_size: int = 2048,
    check_finite: bool = True,
) -> LipschitzBounds:
    r"""Bounds on the optimal lower Lipschitz constant of ``C_b`` on a ball (Freeman & Haider).

    On the closed ball K of radius r (or its non-negative part), the optimal
    lower Lipschitz constant
    :math:`\kappa_L = \inf_{x \ne y \in K} \|C_b(x) - C_b(y)\| / \|x - y\|`
    satisfies (Freeman & Haider, arXiv:2502.09898)

    .. math::

        \tfrac12 \sqrt{A_b} \le \kappa_L \le \sqrt{A_b}, \qquad
        A_b = \min_{x \in K} \lambda_{\min}\big(W_{I_x}^T W_{I_x}\big),
        \quad I_x = \{i : \langle x, w_i \rangle \ge b_i\},

    the smallest lower frame bound of the active subframes.  Both inequalities
    are short to check.  Upper: near a point x of the subframe attaining
    ``A_b``, moving along the smallest eigenvector v keeps the active set, and
    ``||C(x + t v) - C(x)|| = t sqrt(A_b)``.  Lower: along the segment from x
    to y each unit's output is monotone and the unit is active on a sub-segment
    that contains an end point; every unit active at the midpoint m is active on
    at least half of the segment, so
    ``||C(x) - C(y)||^2 >= 1/4 sum_{i in I_m} <x - y, w_i>^2 >= A_b/4 ||x - y||^2``.
    The midpoint argument needs a convex domain, so this function takes balls
    (and their non-negative parts) only; on the sphere of radius r the ball's
    lower bound still holds (a smaller domain has a larger kappa_L).

    ``A_b`` is the minimum over the cells of the hyperplane arrangement
    ``<x, w_i> = b_i`` that meet K.  It is estimated by the minimum over
    ``n_samples`` uniform points of K plus x = 0 (each cell with interior
    points in K is hit with positive probability), so the estimate approaches
    ``A_b`` from above as the sample count grows and equals it once the
    minimizing cell is hit.  ``A_b > 0`` iff the layer is injective on K.

    Parameters
    ----------
    W : array, shape (m, n)
    b : array, shape (m,)
        Bias, in the convention ``C_b(x) = ReLU(W x - b)``.
    radius : float
        Radius r > 0 of the ball.
    nonnegative : bool
        Restrict to the ball's non-negative part (also convex).
    n_samples, seed, chunk_size : int
        As for :func:`check_injectivity`.
    check_finite : bool

    Returns
    -------
    LipschitzBounds
        0-D arrays in W's backend and dtype (differentiable in torch), and the
        minimizing point.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = np.vstack([np.eye(2), -np.eye(2)])  # C(x) = (x+, x-): kappa_L = 1/sqrt(2)
    >>> lo, up, A, _ = framekit.lipschitz_bounds(W, np.zeros(4))
    >>> float(lo), float(up), float(A)
    (0.5, 1.0, 1.0)
    """
    xp, device, W, b = _layer(W, b, check_finite=check_finite)
    radius = _domain("ball", radius)
    best, argmin = None, None
    for x, _, lam in _active_bounds(xp, device, W, b, "ball", radius, nonnegative,
                                    n_samples, seed, chunk_size):
        i = int(xp.argmin(lam))
        if best is None or bool(lam[i] < best):
            best, argmin = lam[i], x[i, :]
    A = xp.where(best > _zero_level(xp, W), best, xp.zeros_like(best))
    upper = xp.sqrt(A)
    return LipschitzBounds(upper / 2, upper, A, argmin)
