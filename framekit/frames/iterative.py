"""Iterative inversion of a frame: the frame algorithm and conjugate gradients.

Both work on any object of the :class:`~framekit.frames.protocol.Frame` protocol (or
on an analysis-operator array, wrapped as a :class:`~framekit.MatrixFrame`);
they only apply the frame operator, so structured frames never form a matrix.
"""

from __future__ import annotations

import math
import numbers
import warnings
from typing import Any

from .. import _backend as _b
from .. import _validate as _v
from .finite import MatrixFrame, _operator
from .protocol import Frame

__all__ = ["ConvergenceWarning", "frame_algorithm"]


class ConvergenceWarning(RuntimeWarning):
    """An iterative method stopped at ``maxiter`` before reaching ``tol``."""


def _as_frame(frame: Any) -> Frame:
    if isinstance(frame, Frame):
        return frame
    if _b.is_array(frame):
        _, W = _operator(frame, check_finite=True, name="frame")
        return MatrixFrame(W, check_finite=False)
    raise TypeError(
        "frame must implement the framekit Frame protocol or be an analysis-operator "
        f"array of shape (..., m, n), got {type(frame).__name__}"
    )


def _check_options(method: Any, tol: Any, maxiter: Any) -> float | None:
    """Validate the scalar options; return tol as a float (or None)."""
    if method not in ("cg", "richardson"):
        raise ValueError(f"method must be 'cg' or 'richardson', got {method!r}")
    _v.positive_int(maxiter, "maxiter")
    if tol is None:
        return None
    # tol bounds the relative residual: tol >= 1 would accept x = 0
    return _v.real_number(tol, "tol", low=0.0, high=1.0, what="a float in (0, 1)")


def _check_bounds(xp: Any, y: Any, bounds: Any, given: bool) -> tuple[Any, Any]:
    """Validate Richardson's bounds (given, or the frame's own); return them.

    Values are read only for eager arrays (a lazy array's bounds are used unchecked).
    """
    name = "bounds" if given else "frame.frame_bounds()"
    pair = "bounds must be a pair (A, B) of real numbers or arrays"
    if _b.is_array(bounds) and bounds.ndim >= 1:  # a stacked (2, ...) array
        if bounds.shape[0] != 2:
            raise ValueError(f"{pair}, got an array of shape {tuple(bounds.shape)}")
        bounds = (bounds[0, ...], bounds[1, ...])
    if not isinstance(bounds, (tuple, list)):
        raise TypeError(f"{pair}, got {type(bounds).__name__}")
    if len(bounds) != 2:
        raise ValueError(f"{pair}, got {len(bounds)} values")
    A, B = bounds
    arrays = [v for v in (A, B) if _b.is_array(v)]
    for v in (A, B):
        if not _b.is_array(v) and (isinstance(v, bool) or not isinstance(v, numbers.Real)):
            raise TypeError(f"{pair}, got {type(v).__name__}")
    if arrays:
        _b.namespace_and_device(("c", y), *((name, v) for v in arrays))
        if any(_b.is_lazy(v) for v in arrays):
            return A, B
        ok = bool(xp.all((A > 0) & (B >= A) & (B < math.inf)))
        shown = ""
    else:
        ok = 0 < A <= B < math.inf
        shown = f", got A={A!r}, B={B!r}"
    if not ok:
        if given:
            raise ValueError(
                f"bounds must satisfy 0 < A <= B < inf (for every frame of the batch){shown}"
            )
        raise ValueError(
            "frame has lower frame bound A = 0 (or invalid bounds): it is not a frame (rank-"
            "deficient), and the Richardson iteration needs 0 < A <= B; use method='cg'"
        )
    return A, B


@_b.supports(skip={"dask.array": "the stopping test reads values every iteration"})
def frame_algorithm(
    frame: Any,
    c: Any,
    *,
    method: str = "cg",
    bounds: tuple[Any, Any] | None = None,
    tol: float | None = None,
    maxiter: int = 2000,
) -> Any:
    """Reconstruct x from frame coefficients ``c = C x`` iteratively.

    Solves the normal equation ``S x = D c`` (S the frame operator, D the
    synthesis operator), which gives the canonical-dual reconstruction.

    * ``method="richardson"``: the frame algorithm
      ``x_{k+1} = x_k + 2/(A+B) (D c - S x_k)``, ``x_0 = 0``, whose error
      contracts by ``(B - A)/(B + A)`` per step.
    * ``method="cg"``: conjugate gradients on ``S x = D c``, converging in
      ``O(sqrt(B/A))`` steps; needs no bounds.

    Parameters
    ----------
    frame : Frame or array of shape (..., m, n)
        The frame (analysis-operator arrays are wrapped as MatrixFrame).
    c : array
        Coefficients, as produced by ``frame.analysis``.
    method : {"cg", "richardson"}
    bounds : (A, B), optional
        Frame bounds for Richardson, ``0 < A <= B < inf`` (numbers, or arrays over the
        batch; values of lazy arrays are not checked); default ``frame.frame_bounds()``,
        and a frame whose ``A = 0`` (not a frame) is refused: use ``method="cg"``.
    tol : float in (0, 1), optional
        Stop when ``||D c - S x|| <= tol ||D c||`` for every signal of the
        batch.  Default ``100 * eps`` of the dtype.
    maxiter : int
        Iteration limit; a :class:`ConvergenceWarning` is issued when reached.
        Lazy arrays (JAX, Dask) always run ``maxiter`` iterations.

    Returns
    -------
    x : array
        The reconstruction, shaped like ``frame.synthesis(c)``.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = framekit.gaussian_frame(12, 4, seed=0)
    >>> x = np.array([1.0, 2.0, -1.0, 0.5])
    >>> np.allclose(framekit.frame_algorithm(W, W @ x, method="richardson"), x)
    True
    """
    tol = _check_options(method, tol, maxiter)
    frame = _as_frame(frame)
    _v.require_array(c, "c")
    if not isinstance(frame, MatrixFrame) and _b.is_array(c):
        # a MatrixFrame's synthesis checks c itself (one pass); other frames may not
        xp_c, _ = _b.namespace_and_device(("c", c))
        _b.check_finite(xp_c, c, "c")
    y = frame.synthesis(c)
    xp, _ = _b.namespace_and_device(("c", y))
    # the loop applies S many times: a MatrixFrame skips re-validating its own iterates
    apply_s = frame._apply_gram if isinstance(frame, MatrixFrame) else frame.frame_operator
    if tol is None:
        tol = 100 * _b.eps(xp, y.dtype)
    linalg = _b.linalg(xp)
    y_norm = linalg.vector_norm(y, axis=-1)
    threshold = tol * xp.where(y_norm > 0, y_norm, xp.ones_like(y_norm))
    check = not _b.is_lazy(y)

    def converged(residual: Any) -> bool:
        return check and bool(xp.all(linalg.vector_norm(residual, axis=-1) <= threshold))

    x = xp.zeros_like(y)
    if method == "richardson":
        A, B = _check_bounds(xp, y, frame.frame_bounds() if bounds is None else bounds, bounds is not None)
        step = 2.0 / (A + B)
        if _b.is_array(step):
            step = step[..., None]
        r = y
        for _ in range(maxiter):
            if converged(r):
                return x
            x = x + step * r
            r = y - apply_s(x)
    else:
        r = y
        p = r
        rr = xp.real(xp.vecdot(r, r))
        for _ in range(maxiter):
            if converged(r):
                return x
            Sp = apply_s(p)
            pSp = xp.real(xp.vecdot(p, Sp))
            alpha = xp.where(pSp > 0, rr / xp.where(pSp > 0, pSp, xp.ones_like(pSp)), xp.zeros_like(pSp))
            x = x + alpha[..., None] * p
            r = r - alpha[..., None] * Sp
            rr_new = xp.real(xp.vecdot(r, r))
            beta = xp.where(rr > 0, rr_new / xp.where(rr > 0, rr, xp.ones_like(rr)), xp.zeros_like(rr))
            p = r + beta[..., None] * p
            rr = rr_new
    if check and not converged(r):
        worst = float(xp.max(linalg.vector_norm(r, axis=-1) / threshold)) * tol
        warnings.warn(
            f"frame_algorithm({method!r}) reached maxiter={maxiter} with relative residual "
            f"{worst:.2e} > tol={tol:.2e}; raise maxiter (Richardson needs about "
            f"log(tol)/log((B-A)/(B+A)) steps) or use method='cg'",
            ConvergenceWarning,
            stacklevel=2,
        )
    return x

