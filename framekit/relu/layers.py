"""ReLU layers seen as frames: active sets, injectivity, reconstruction.

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
in :mod:`framekit.relu.maxbias`; lower Lipschitz bounds are in
:mod:`framekit.relu.lipschitz`.  Validation and domain sampling helpers live in
:mod:`framekit.relu._sampling` (shared by all three).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from typing import Any, NamedTuple

from .. import _backend as _b
from .. import _validate as _v
from ..frames.iterative import ConvergenceWarning
from ._sampling import (
    _domain,
    _inputs,
    _layer,
    _masked_gram,
    _subframe_bounds,
    _transpose,
    _zero_level,
)

__all__ = [
    "InjectivityReport",
    "active_frame_bound",
    "active_set",
    "check_injectivity",
    "count_test",
    "relu_layer",
    "relu_reconstruct",
]

_NO_DASK = {"dask.array": "reads values (data-dependent checks) on every chunk"}
_NO_DASK_EIGH = {"dask.array": "Dask has no eigvalsh"}
_CHECK_EVERY = 8  # the frame algorithm tests convergence every few iterations (a host sync)


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


def _active_bounds(
    xp: Any, device: Any, W: Any, b: Any, domain: str, radius: float, nonnegative: bool,
    n_samples: Any, seed: int | None, chunk_size: Any,
) -> Iterator[tuple[Any, Any, Any]]:
    """The shared sampler (:func:`._sampling._subframe_bounds`) with the active sets ``c >= b``."""
    return _subframe_bounds(xp, device, W, lambda c: c >= b, domain, radius, nonnegative,
                            n_samples, seed, chunk_size)


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
    return _injectivity_report(xp, W, _active_bounds(xp, device, W, b, domain, radius,
                                                     nonnegative, n_samples, seed, chunk_size))


def _injectivity_report(xp: Any, W: Any, batches: Iterator[tuple[Any, Any, Any]]) -> InjectivityReport:
    """Reduce the batches of the shared sampler (x, masks, lower frame bounds) to a report."""
    level = _zero_level(xp, W)
    n = W.shape[1]
    count_ok, n_failed, witness, min_bound = True, 0, None, math.inf
    for x, active, lam in batches:
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


def _tolerance(tol: Any) -> float | None:
    """None or a positive finite Python float (a negative or NaN tolerance never converges)."""
    if tol is None:
        return None
    return _v.positive_number(tol, "tol")


def _relu_outputs(xp: Any, W: Any, z: Any, check_finite: bool) -> Any:
    """Validate layer outputs z of shape (..., m): finite (with ``check_finite``) and >= 0.

    One pass over z: ``0 <= z < inf`` holds exactly for finite non-negative entries (NaN
    fails every comparison); which condition failed is worked out only on the error path.
    Without ``check_finite``, only negative entries are refused.  Lazy arrays are not read.
    """
    z = _inputs(xp, W, z, "z", W.shape[0], False)
    if _b.is_lazy(z):
        return z
    if check_finite:
        if not bool(xp.all((z >= 0) & (z < math.inf))):
            _b.check_finite(xp, z, "z")
            _negative(xp, z)
    elif bool(xp.any(z < 0)):
        _negative(xp, z)
    return z


def _negative(xp: Any, z: Any) -> None:
    raise ValueError(
        f"z must be non-negative (outputs of a ReLU layer), got {int(xp.count_nonzero(z < 0))} "
        f"negative entries (minimum {float(xp.min(z)):.3g}); pass ReLU(W x - b), not W x - b"
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
        Layer outputs (non-negative).
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

    Raises
    ------
    ValueError
        Bad shapes, NaN/inf, negative entries of ``z`` (not the output of a ReLU), an
        unknown ``method``/``on_nonspanning``, ``maxiter < 1``, ``tol <= 0``, and (with
        ``on_nonspanning="raise"``) inputs whose active rows do not span R^n.

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
    maxiter = _v.positive_int(maxiter, "maxiter")
    tol = _tolerance(tol)
    xp, device, W, b = _layer(W, b, check_finite=check_finite)
    z = _relu_outputs(xp, W, z, check_finite)
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
        tol = 100 * float(xp.finfo(W.dtype).eps) if tol is None else tol
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
