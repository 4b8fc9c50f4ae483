"""Finite frames held as analysis operators.

A frame of K^n (K = R or C) with m vectors is stored as its analysis operator
``W`` of shape ``(..., m, n)``: row i is the conjugated frame vector, so that
``W @ x`` gives the coefficients ``<x, phi_i>``.  This is also how a linear or
ReLU layer stores its weights.  Leading dimensions are a batch of frames.

All functions keep the input's backend, device and floating dtype (integer
input becomes the backend's default float).
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .. import _validate as _v
from .._prims import adjoint

__all__ = [
    "MatrixFrame",
    "analysis",
    "canonical_dual",
    "canonical_tight",
    "condition_number",
    "frame_bounds",
    "frame_operator",
    "redundancy",
    "synthesis",
]

_NO_DASK = {"dask.array": "Dask has no eigh/eigvalsh"}


def _check_operator_shape(W: Any, name: str) -> None:
    shape = tuple(W.shape)
    if W.ndim < 2:
        raise ValueError(
            f"{name} must be an analysis operator of shape (..., m, n) (rows are frame vectors), "
            f"got shape {shape}"
        )
    if W.shape[-2] == 0 or W.shape[-1] == 0:
        raise ValueError(
            f"{name} must have at least one row and one column (m >= 1 frame vectors of "
            f"dimension n >= 1), got shape {shape}"
        )


def _operator(W: Any, *, check_finite: bool, xp: Any = None, name: str = "W") -> tuple[Any, Any]:
    """Validate an analysis operator; return (xp, W as floating)."""
    _v.require_array(W, name)
    xp, _ = _b.namespace_and_device((name, W), xp=xp)
    _check_operator_shape(W, name)
    (W,) = _b.as_float(xp, W)
    if check_finite:
        _b.check_finite(xp, W, name)
    return xp, W


def _require_frame_shape(W: Any) -> None:
    m, n = W.shape[-2], W.shape[-1]
    if m < n:
        raise ValueError(
            f"W has m={m} rows and n={n} columns; a frame of K^{n} needs m >= n vectors"
        )


def _rank_tolerance(xp: Any, W: Any) -> float:
    """Relative tolerance below which an eigenvalue of S counts as zero."""
    return max(W.shape[-2], W.shape[-1]) * _b.eps(xp, W.dtype)


def _bounds_of_gram(xp: Any, S: Any, tol: float) -> tuple[Any, Any]:
    lam = _b.linalg(xp).eigvalsh(S)
    A, B = lam[..., 0], lam[..., -1]
    return xp.where(A > tol * B, A, xp.zeros_like(A)), B


def _not_a_frame_error(xp: Any, is_frame: Any, what: str) -> None:
    """Raise if any frame of the batch is rank-deficient (eager arrays only)."""
    if _b.is_lazy(is_frame):
        return
    bad = int(xp.sum(xp.astype(~is_frame, xp.int32)))
    if bad:
        where = "W" if is_frame.ndim == 0 else f"{bad} of the {math.prod(is_frame.shape)} frames in W"
        raise ValueError(
            f"{where} is not a frame (rank-deficient: lower frame bound A = 0); "
            f"the {what} needs a frame"
        )


@_b.supports()
def frame_operator(W: Any, *, check_finite: bool = True) -> Any:
    """Frame operator ``S = W^H W``.

    Parameters
    ----------
    W : array, shape (..., m, n)
        Analysis operator (rows are the conjugated frame vectors).
    check_finite : bool
        Check W for NaN/inf (one pass).

    Returns
    -------
    S : array, shape (..., n, n)
        Hermitian positive semi-definite; positive definite iff W is a frame.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> framekit.frame_operator(np.vstack([np.eye(2), np.eye(2)]))
    array([[2., 0.],
           [0., 2.]])
    """
    xp, W = _operator(W, check_finite=check_finite)
    return xp.matmul(adjoint(xp, W), W)


@_b.supports(skip=_NO_DASK)
def frame_bounds(W: Any, *, check_finite: bool = True) -> tuple[Any, Any]:
    """Optimal frame bounds ``(A, B)``.

    ``A = lambda_min(W^H W)`` and ``B = lambda_max(W^H W)`` (equivalently
    ``sigma_min(W)^2`` and ``sigma_max(W)^2``), so that
    ``A ||x||^2 <= ||W x||^2 <= B ||x||^2``.

    Parameters
    ----------
    W : array, shape (..., m, n)
        Analysis operator.
    check_finite : bool
        Check W for NaN/inf (one pass).

    Returns
    -------
    A, B : arrays, shape (...)
        Real, in W's real dtype.  A rank-deficient W (not a frame, including
        m < n) gives ``A = 0``: eigenvalues below ``max(m, n) * eps * B`` count
        as zero, so frames with condition number beyond about ``1 / (n eps)``
        are reported as numerically not frames.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> A, B = framekit.frame_bounds(framekit.mercedes_benz_frame())
    >>> print(f"{float(A):.6f} {float(B):.6f}")
    1.500000 1.500000
    """
    xp, W = _operator(W, check_finite=check_finite)
    S = xp.matmul(adjoint(xp, W), W)
    return _bounds_of_gram(xp, S, _rank_tolerance(xp, W))


def _ratio(xp: Any, A: Any, B: Any) -> Any:
    positive = A > 0
    safe = xp.where(positive, A, xp.ones_like(A))
    return xp.where(positive, B / safe, xp.full_like(A, math.inf))


@_b.supports(skip=_NO_DASK)
def condition_number(W: Any, *, check_finite: bool = True) -> Any:
    """Frame condition number ``kappa = B / A``.

    Note that this is ``cond(W)**2``, the condition number of the frame
    operator; the machine-learning literature often means ``cond(W)``.
    ``inf`` when W is not a frame (A = 0).

    Examples
    --------
    >>> import numpy as np, framekit
    >>> float(framekit.condition_number(np.diag([1.0, 2.0])))
    4.0
    """
    xp, W = _operator(W, check_finite=check_finite)
    A, B = frame_bounds(W, check_finite=False)
    return _ratio(xp, A, B)


def redundancy(W: Any) -> float:
    """Redundancy ``m / n`` of the frame with analysis operator W (reads only its shape)."""
    _v.require_array(W, "W")
    _b.namespace_and_device(("W", W))
    _check_operator_shape(W, "W")
    return W.shape[-2] / W.shape[-1]


@_b.supports(skip=_NO_DASK)
def canonical_dual(W: Any, *, check_finite: bool = True) -> Any:
    """Analysis operator of the canonical dual frame, ``W S^{-1}``.

    Its synthesis operator ``(W S^{-1})^H`` is the Moore-Penrose pseudo-inverse of
    W, so ``x = canonical_dual(W)^H (W x)``; its bounds are ``1/B`` and ``1/A``.
    Computed by one linear solve with S (autograd-safe, also for tight frames).

    Raises
    ------
    ValueError
        If W has fewer rows than columns or is rank-deficient (A = 0).  The rank
        check is skipped for lazy arrays (JAX, Dask), whose result then holds inf.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = framekit.gaussian_frame(8, 3, seed=0)
    >>> x = np.array([1.0, -2.0, 0.5])
    >>> np.allclose(framekit.synthesis(framekit.canonical_dual(W), W @ x), x)
    True
    """
    xp, W = _operator(W, check_finite=check_finite)
    _require_frame_shape(W)
    Wh = adjoint(xp, W)
    S = xp.matmul(Wh, W)
    A, _ = _bounds_of_gram(xp, S, _rank_tolerance(xp, W))
    _not_a_frame_error(xp, A > 0, "canonical dual")
    return adjoint(xp, _b.linalg(xp).solve(S, Wh))


@_b.supports(skip={"dask.array": "svd chunking restrictions"})
def canonical_tight(W: Any, *, check_finite: bool = True) -> Any:
    """Analysis operator of the canonical tight (Parseval) frame, ``W S^{-1/2}``.

    Computed as ``U V^H`` from the thin SVD ``W = U Sigma V^H``, which is more
    accurate than forming ``S^{-1/2}``.  (Autograd through an SVD is undefined
    where singular values repeat, e.g. at a frame that is already tight.)

    Raises
    ------
    ValueError
        If W has fewer rows than columns or is rank-deficient.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> T = framekit.canonical_tight(framekit.gaussian_frame(6, 3, seed=1))
    >>> np.allclose(T.T @ T, np.eye(3))
    True
    """
    xp, W = _operator(W, check_finite=check_finite)
    _require_frame_shape(W)
    U, s, Vh = _b.linalg(xp).svd(W, full_matrices=False)
    _not_a_frame_error(xp, s[..., -1] > _rank_tolerance(xp, W) * s[..., 0], "canonical tight frame")
    return xp.matmul(U, Vh)


def _check_batch(W: Any, v: Any, name: str) -> None:
    """Refuse batch dimensions of ``v`` that do not broadcast against W's (static shapes only)."""
    wb, vb = tuple(W.shape[:-2]), tuple(v.shape[:-1])
    for a, b in zip(reversed(wb), reversed(vb), strict=False):
        if isinstance(a, int) and isinstance(b, int) and a != b and a != 1 and b != 1:
            raise ValueError(
                f"{name} has batch shape {vb}, which does not broadcast against W's batch "
                f"shape {wb} (W has shape {tuple(W.shape)}, {name} has shape {tuple(v.shape)})"
            )


def _operand(
    W: Any, v: Any, name: str, axis_size: int, *, check_w: bool, check_v: bool
) -> tuple[Any, Any, Any]:
    _v.require_array(W, "W")
    _v.require_array(v, name)
    xp, _ = _b.namespace_and_device(("W", W), (name, v))
    _check_operator_shape(W, "W")
    if v.ndim < 1 or v.shape[-1] != W.shape[axis_size]:
        what = "m rows" if axis_size == -2 else "n columns"
        raise ValueError(
            f"{name} must have shape (..., {W.shape[axis_size]}) to match W's {what} "
            f"(W has shape {tuple(W.shape)}), got shape {tuple(v.shape)}"
        )
    _check_batch(W, v, name)
    W, v = _b.as_float(xp, W, v)
    if check_w:
        _b.check_finite(xp, W, "W")
    if check_v:
        _b.check_finite(xp, v, name)
    return xp, W, v


@_b.supports()
def analysis(W: Any, x: Any, *, check_finite: bool = True) -> Any:
    """Frame coefficients ``c = W x``.

    Parameters
    ----------
    W : array, shape (..., m, n)
    x : array, shape (..., n)
        Batch dimensions broadcast against W's.

    Returns
    -------
    c : array, shape (..., m)

    Examples
    --------
    >>> import numpy as np, framekit
    >>> framekit.analysis(np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([2.0, 3.0]))
    array([2., 5.])
    """
    xp, W, x = _operand(W, x, "x", -1, check_w=check_finite, check_v=check_finite)
    return xp.matmul(W, x[..., None])[..., 0]


@_b.supports()
def synthesis(W: Any, c: Any, *, check_finite: bool = True) -> Any:
    """Synthesis ``W^H c = sum_i c_i phi_i`` (the adjoint of :func:`analysis`).

    Parameters
    ----------
    W : array, shape (..., m, n)
    c : array, shape (..., m)

    Returns
    -------
    x : array, shape (..., n)

    Examples
    --------
    >>> import numpy as np, framekit
    >>> framekit.synthesis(np.array([[1.0, 0.0], [1.0, 1.0]]), np.array([1.0, 1.0]))
    array([2., 1.])
    """
    xp, W, c = _operand(W, c, "c", -2, check_w=check_finite, check_v=check_finite)
    return xp.matmul(adjoint(xp, W), c[..., None])[..., 0]


class MatrixFrame(_b.Portable):
    """A finite frame given by its analysis operator; implements :class:`Frame`.

    The frame operator and the bounds are computed once and cached.  ``W`` is copied at
    construction (one copy; none when it is cast to a floating dtype anyway), so that
    editing the caller's array later cannot make ``W`` and the cached frame operator
    disagree.  Instances pickle, deep-copy and survive ``torch.save``/``torch.load`` (the
    namespace is stored by name: :class:`framekit._backend.Portable`).

    Parameters
    ----------
    W : array, shape (..., m, n)
        Analysis operator (rows are the conjugated frame vectors).
    check_finite : bool
        Check W for NaN/inf once, at construction.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> F = framekit.MatrixFrame(framekit.mercedes_benz_frame())
    >>> x = np.array([0.3, -1.2])
    >>> np.allclose(F.dual().synthesis(F.analysis(x)), x)
    True
    """

    def __init__(self, W: Any, *, check_finite: bool = True) -> None:
        self.xp, self.W = _operator(W, check_finite=check_finite)
        if self.W is W:  # freeze: a later edit of the caller's array must not reach us
            self.W = _b.copy_array(self.xp, W)
        self._gram: Any = None
        self._bounds: tuple[Any, Any] | None = None

    def __repr__(self) -> str:
        return f"MatrixFrame(shape={tuple(self.W.shape)}, dtype={self.W.dtype})"

    @property
    def gram(self) -> Any:
        """The frame operator ``S = W^H W`` (cached)."""
        if self._gram is None:
            self._gram = self.xp.matmul(adjoint(self.xp, self.W), self.W)
        return self._gram

    def analysis(self, x: Any) -> Any:
        """``W x`` for x of shape (..., n) (x is checked for NaN/inf; W was at construction)."""
        xp, W, x = _operand(self.W, x, "x", -1, check_w=False, check_v=True)
        return xp.matmul(W, x[..., None])[..., 0]

    def synthesis(self, c: Any) -> Any:
        """``W^H c`` for c of shape (..., m) (c is checked for NaN/inf)."""
        xp, W, c = _operand(self.W, c, "c", -2, check_w=False, check_v=True)
        return xp.matmul(adjoint(xp, W), c[..., None])[..., 0]

    def frame_operator(self, x: Any) -> Any:
        """``S x`` with the cached frame operator (x is checked for NaN/inf)."""
        _, _, x = _operand(self.W, x, "x", -1, check_w=False, check_v=True)
        return self._apply_gram(x)

    def _apply_gram(self, x: Any) -> Any:
        """``S x`` without validation: for iterative solvers that checked their input once."""
        S, x = _b.as_float(self.xp, self.gram, x)
        return self.xp.matmul(S, x[..., None])[..., 0]

    def frame_bounds(self) -> tuple[Any, Any]:
        """Optimal bounds ``(A, B)`` (cached); see :func:`frame_bounds`."""
        if self._bounds is None:
            self._bounds = _bounds_of_gram(self.xp, self.gram, _rank_tolerance(self.xp, self.W))
        return self._bounds

    def condition_number(self) -> Any:
        """``B / A``; see :func:`condition_number`."""
        return _ratio(self.xp, *self.frame_bounds())

    def dual(self) -> MatrixFrame:
        """The canonical dual frame; see :func:`canonical_dual`."""
        return MatrixFrame(canonical_dual(self.W, check_finite=False), check_finite=False)

    def tight(self) -> MatrixFrame:
        """The canonical tight frame; see :func:`canonical_tight`."""
        return MatrixFrame(canonical_tight(self.W, check_finite=False), check_finite=False)
