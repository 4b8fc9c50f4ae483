"""Iterative inversion of a frame: the frame algorithm and conjugate gradients.

Both work on any object of the :class:`~framekit.frames.protocol.Frame` protocol (or
on an analysis-operator array, wrapped as a :class:`~framekit.MatrixFrame`);
they only apply the frame operator, so structured frames never form a matrix.
"""

from __future__ import annotations

import warnings
from typing import Any

from .. import _backend as _b
from .finite import MatrixFrame
from .protocol import Frame

__all__ = ["ConvergenceWarning", "frame_algorithm"]


class ConvergenceWarning(RuntimeWarning):
    """An iterative method stopped at ``maxiter`` before reaching ``tol``."""


def _as_frame(frame: Any) -> Frame:
    if isinstance(frame, Frame):
        return frame
    if _b.is_array(frame):
        return MatrixFrame(frame)
    raise TypeError(
        "frame must implement the framekit Frame protocol or be an analysis-operator "
        f"array of shape (..., m, n), got {type(frame).__name__}"
    )


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
        Frame bounds for Richardson; default ``frame.frame_bounds()``.
    tol : float, optional
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
    if method not in ("cg", "richardson"):
        raise ValueError(f"method must be 'cg' or 'richardson', got {method!r}")
    if not (isinstance(maxiter, int) and maxiter >= 1):
        raise ValueError(f"maxiter must be a positive int, got {maxiter!r}")
    frame = _as_frame(frame)
    y = frame.synthesis(c)
    xp, _ = _b.namespace_and_device(("c", y))
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
        A, B = frame.frame_bounds() if bounds is None else bounds
        step = 2.0 / (A + B)
        if _b.is_array(step):
            step = step[..., None]
        r = y
        for _ in range(maxiter):
            if converged(r):
                return x
            x = x + step * r
            r = y - frame.frame_operator(x)
    else:
        r = y
        p = r
        rr = xp.real(xp.vecdot(r, r))
        for _ in range(maxiter):
            if converged(r):
                return x
            Sp = frame.frame_operator(p)
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

