r"""Modulus layers (real phase retrieval): the complement property, its strong constant, the
lower Lipschitz constant modulo sign, and reconstruction from :math:`|W x|`.

A real frame with analysis operator ``W`` of shape (m, n) (rows ``w_i``) and the modulus
:math:`\rho(t) = |t|` give :math:`x \mapsto |W x|`, which cannot tell x from -x; distances
are taken modulo sign, :math:`d(x, y) = \min(\|x - y\|, \|x + y\|)`.  For a split of the
rows into S and its complement :math:`S^c`, write
:math:`\lambda_S = \lambda_{\min}(W_S^T W_S)` (0 when the rows of S do not span).

* Complement property (Balan, Casazza & Edidin 2006): for every S, the rows of S or those of
  :math:`S^c` span R^n.  It is equivalent to injectivity modulo sign and needs
  :math:`m \ge 2n - 1`.
* σ-strong complement property: :math:`\sigma^2 = \min_S \max(\lambda_S, \lambda_{S^c})`.
* :math:`A = \min_S (\lambda_S + \lambda_{S^c})`.  Then :math:`\sigma^2 \le A \le 2\sigma^2`
  and the optimal lower Lipschitz constant modulo sign is exactly :math:`\kappa_L = \sqrt A`,
  so Freeman and Haider's bounds :math:`\sigma \le \sqrt A \le \kappa_L \le \sqrt2 \sigma`
  hold (proof in ``docs/relu.md``).  The splits enter through
  :math:`||a| - |b|| = \min(|a - b|, |a + b|)`.
"""

from __future__ import annotations

import math
import warnings
from typing import Any, NamedTuple

from .. import _backend as _b
from .. import _validate as _v
from ..frames.iterative import ConvergenceWarning
from ._sampling import _chunk_seed, _inputs, _masked_gram, _transpose, _weights, _zero_level
from .layers import _CHECK_EVERY, _NO_DASK, _NO_DASK_EIGH

__all__ = ["ComplementReport", "complement_property", "modulus_reconstruct"]

#: Largest m for which ``method="exact"`` enumerates the 2^(m-1) splits.
MAX_EXACT = 22
_DESCENT_STEPS = 30


class ComplementReport(NamedTuple):
    r"""Outcome of :func:`complement_property`.

    Attributes
    ----------
    holds : bool
        The complement property (injectivity of :math:`|W x|` modulo sign).  With
        ``exact=False`` True is evidence, not proof; False is always a proof (``split`` is a
        split where neither side spans).
    sigma : 0-D array
        The strong complement constant :math:`\sigma = \min_S \max(\lambda_S, \lambda_{S^c})^{1/2}`.
    frame_bound : 0-D array
        :math:`A = \min_S (\lambda_S + \lambda_{S^c})`, the square of the optimal lower
        Lipschitz constant modulo sign.  ``sigma**2 <= frame_bound <= 2 * sigma**2``.
    split : bool array, shape (m,)
        The split S attaining ``frame_bound`` (True for the rows in S).
    exact : bool
        True when every split was enumerated; False for the sampled estimate (then
        ``sigma`` and ``frame_bound`` are upper estimates).
    """

    holds: bool
    sigma: Any
    frame_bound: Any
    split: Any
    exact: bool


def _split_bounds(xp: Any, W: Any, G: Any, masks: Any) -> tuple[Any, Any]:
    """``lambda_S`` and ``lambda_{S^c}`` for a batch of split masks (k, m)."""
    G_S = _masked_gram(xp, W, xp.astype(masks, W.dtype))
    eig = _b.linalg(xp).eigvalsh(xp.concat([G_S, G - G_S], axis=0))[:, 0]
    k = masks.shape[0]
    return eig[:k], eig[k:]


def _enumerated_splits(xp: Any, m: int, start: int, stop: int, device: Any) -> Any:
    """Masks of the splits ``start <= k < stop``: row i < m - 1 in S iff bit i of k is set."""
    k = xp.arange(start, stop, dtype=xp.int64, device=device)
    bits = xp.arange(m - 1, dtype=xp.int64, device=device)
    on = xp.bitwise_and(xp.bitwise_right_shift(k[:, None], bits[None, :]), xp.ones_like(bits)) == 1
    return xp.concat([on, xp.zeros((stop - start, 1), dtype=xp.bool, device=device)], axis=1)


def _descend(xp: Any, W: Any, G: Any, masks: Any) -> Any:
    """Alternating descent on ``lambda_S + lambda_{S^c}``: with u, w the smallest eigenvectors of
    the two sides, move each row to the side where its coefficient is smaller.  Never increases
    the objective: ``lambda_{S'} + lambda_{S'^c} <= sum_i min(<u, w_i>^2, <w, w_i>^2)
    <= lambda_S + lambda_{S^c}``."""
    linalg = _b.linalg(xp)
    Wt = _transpose(xp, W)
    for _ in range(_DESCENT_STEPS):
        G_S = _masked_gram(xp, W, xp.astype(masks, W.dtype))
        _, vec = linalg.eigh(xp.concat([G_S, G - G_S], axis=0))
        k = masks.shape[0]
        u, w = vec[:k, :, 0], vec[k:, :, 0]
        masks = xp.matmul(u, Wt) ** 2 <= xp.matmul(w, Wt) ** 2
    return masks


@_b.supports(skip=_NO_DASK_EIGH)
def complement_property(
    W: Any,
    *,
    method: str = "auto",
    n_samples: int = 2000,
    seed: int | None = 0,
    chunk_size: int = 4096,
    check_finite: bool = True,
) -> ComplementReport:
    r"""The complement property of a real frame, its strong constant σ and :math:`A = \kappa_L^2`.

    .. math::

        \sigma^2 = \min_{S} \max(\lambda_S, \lambda_{S^c}), \qquad
        A = \min_{S} (\lambda_S + \lambda_{S^c}), \qquad
        \lambda_S = \lambda_{\min}(W_S^T W_S),

    over the splits of the rows into S and :math:`S^c`.  The map :math:`x \mapsto |W x|` is
    injective modulo sign iff :math:`\sigma > 0` (iff :math:`A > 0`), and its optimal lower
    Lipschitz constant for :math:`d(x, y) = \min(\|x - y\|, \|x + y\|)` is
    :math:`\kappa_L = \sqrt A`, with :math:`\sigma \le \kappa_L \le \sqrt 2\, \sigma`.

    * ``method="exact"``: enumerates the :math:`2^{m-1}` splits (S and :math:`S^c` give the
      same terms), in chunks of ``chunk_size``: two n x n eigenvalue problems each; m <= 22
      (m = 16, n = 8: 0.4 s; m = 20, n = 10: 14 s on one CPU core with NumPy).
    * ``method="sampled"``: ``n_samples`` starting splits, half induced by random pairs of
      directions (u, w) (:math:`S = \{i : |\langle u, w_i\rangle| \le |\langle w, w_i\rangle|\}`,
      the splits that pairs of signals produce) and half random, each improved by 30 steps of
      an alternating descent that never increases :math:`\lambda_S + \lambda_{S^c}` (move
      each row to the side whose smallest eigenvector it is less correlated with).  The
      minimum over the visited splits is an upper estimate of A and σ².
    * ``method="auto"``: exact for m <= 16, sampled beyond.

    Parameters
    ----------
    W : array, shape (m, n)
        Real analysis operator.
    method : {"auto", "exact", "sampled"}
    n_samples : int
        Starting splits of the sampled method.
    seed : int or None
        Seed of the sampled method.
    chunk_size : int
        Splits per batch of eigenvalue problems.

    Returns
    -------
    ComplementReport
        ``holds``, ``sigma``, ``frame_bound`` (= A), ``split`` (attaining A), ``exact``.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = framekit.gaussian_frame(5, 3, seed=0)  # m = 2n - 1, generic
    >>> framekit.complement_property(W).holds
    True
    >>> framekit.complement_property(W[:4]).holds  # m = 2n - 2
    False
    """
    if method not in ("auto", "exact", "sampled"):
        raise ValueError(f"method must be 'auto', 'exact' or 'sampled', got {method!r}")
    xp, device, W = _weights(W, check_finite=check_finite)
    chunk_size = _v.positive_int(chunk_size, "chunk_size")
    m = W.shape[0]
    if method == "auto":
        method = "exact" if m <= 16 else "sampled"
    if method == "exact" and m > MAX_EXACT:
        raise ValueError(
            f"method='exact' enumerates 2**(m-1) splits and takes m <= {MAX_EXACT}, got m={m}; "
            "use method='sampled'"
        )
    G = xp.matmul(xp.matrix_transpose(W), W)
    best_sum: Any = None
    best_max: Any = None
    split: Any = None
    if method == "exact":
        total = 2 ** (m - 1)
        batches = (_enumerated_splits(xp, m, s, min(s + chunk_size, total), device)
                   for s in range(0, total, chunk_size))
    else:
        n_samples = _v.positive_int(n_samples, "n_samples")
        _v.check_streamed(n_samples * m, f"n_samples={n_samples} (splits of {m} rows)")
        seed = _v.seed(seed)
        batches = (_sampled_splits(xp, W, G, min(chunk_size, n_samples - s), _chunk_seed(seed, k), device)
                   for k, s in enumerate(range(0, n_samples, chunk_size)))
    for masks in batches:
        lam_S, lam_C = _split_bounds(xp, W, G, masks)
        total_bound = lam_S + lam_C
        i = int(xp.argmin(total_bound))
        if best_sum is None or bool(total_bound[i] < best_sum):
            best_sum, split = total_bound[i], masks[i, :]
        worst = xp.min(xp.maximum(lam_S, lam_C))
        best_max = worst if best_max is None else xp.minimum(best_max, worst)
    zero = _zero_level(xp, W)
    A = xp.where(best_sum > zero, best_sum, xp.zeros_like(best_sum))
    sigma2 = xp.where(best_max > zero, best_max, xp.zeros_like(best_max))
    return ComplementReport(bool(A > 0), xp.sqrt(sigma2), A, split, method == "exact")


def _sampled_splits(xp: Any, W: Any, G: Any, k: int, seed: int | None, device: Any) -> Any:
    """``k`` starting splits (half pair-induced, half Bernoulli), after the alternating descent."""
    m, n = W.shape
    g = _b.random_normal(xp, (2 * k + k, max(n, m)), seed=seed, dtype=W.dtype, device=device)
    Wt = _transpose(xp, W)
    half = k // 2
    u, w = g[:half, :n], g[half:2 * half, :n]
    induced = xp.abs(xp.matmul(u, Wt)) <= xp.abs(xp.matmul(w, Wt))
    coins = g[2 * half:2 * half + (k - half), :m] > 0
    return _descend(xp, W, G, xp.concat([induced, coins], axis=0))


# --------------------------------------------------------------------------
# reconstruction
# --------------------------------------------------------------------------


def _magnitudes(xp: Any, W: Any, y: Any, check_finite: bool) -> Any:
    """Validate magnitudes y of shape (..., m): finite and non-negative."""
    y = _inputs(xp, W, y, "y", W.shape[0], check_finite)
    if not _b.is_lazy(y) and bool(xp.any(y < 0)):
        raise ValueError(
            f"y must be non-negative (magnitudes |W x|), got {int(xp.count_nonzero(y < 0))} "
            "negative entries"
        )
    return y


@_b.supports(skip=_NO_DASK)
def modulus_reconstruct(
    W: Any,
    y: Any,
    *,
    maxiter: int = 2000,
    n_restarts: int = 20,
    tol: float | None = None,
    seed: int | None = 0,
    check_finite: bool = True,
) -> Any:
    r"""Recover x, modulo sign, from magnitudes :math:`y = |W x|` (real phase retrieval, batched).

    Algorithm: spectral initialisation, then alternating projections (Gerchberg-Saxton /
    error reduction for a real frame), which end in an exact least-squares solve.

    1. :math:`x_0 = t v`, v the leading eigenvector of :math:`W^T \operatorname{diag}(y^2) W`
       and :math:`t = \langle y, |W v|\rangle / \|W v\|^2` (the best scale).
    2. :math:`s = \operatorname{sign}(W x_k)` (+1 at 0), :math:`x_{k+1} = W^{+}(s \odot y)`,
       :math:`W^{+} = (W^T W)^{-1} W^T`: the projection onto the magnitude set, then onto the
       range of W.  :math:`\|W x_k - s_k \odot y\|` never increases.  Once the signs are right
       (on the coefficients that are not 0), one step gives x itself: the last iterate is
       exact to rounding, not to a tolerance.
    3. An input stops when :math:`\| |W x| - y \| \le \mathrm{tol}\, \|y\|` or when its signs
       no longer change (a fixed point).  With ``n_restarts``, the inputs that did not reach
       the tolerance start again from random points (seeded), keeping the best residual.

    Success is not guaranteed (the problem is non-convex): for Gaussian frames with n = 32
    it passes 50 % near m = 4n and 95 % near m = 5.5n; for n = 8 with the restarts,
    from m = 2.75n, 62-100 % (``docs/relu.md``, the success-rate picture).  Inputs still above the tolerance get a :class:`framekit.ConvergenceWarning`.

    Parameters
    ----------
    W : array, shape (m, n)
        Real analysis operator of a frame (rank n).
    y : array, shape (..., m)
        Magnitudes, non-negative.
    maxiter : int
        Iterations per start.
    n_restarts : int
        Extra random starts for the inputs that fail (0: the spectral start only).
    tol : float, optional
        Relative residual that counts as success, default ``1e3 * eps``.
    seed : int or None
        Seed of the random restarts.

    Returns
    -------
    x : array, shape (..., n)
        Determined up to a global sign.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = framekit.gaussian_frame(48, 6, seed=0)
    >>> x = np.array([1.0, -0.5, 0.25, 2.0, 0.0, -1.0])
    >>> xr = framekit.modulus_reconstruct(W, np.abs(W @ x))
    >>> bool(min(np.linalg.norm(xr - x), np.linalg.norm(xr + x)) < 1e-10)
    True
    """
    maxiter = _v.positive_int(maxiter, "maxiter")
    n_restarts = _v.int_in_range(n_restarts, "n_restarts", low=0, what="a non-negative int")
    tol = None if tol is None else _v.positive_number(tol, "tol")
    seed = _v.seed(seed)
    xp, device, W = _weights(W, check_finite=check_finite)
    y = _magnitudes(xp, W, y, check_finite)
    tol = 1e3 * float(xp.finfo(W.dtype).eps) if tol is None else tol
    linalg = _b.linalg(xp)
    m, n = W.shape
    G = xp.matmul(xp.matrix_transpose(W), W)
    P = _transpose(xp, linalg.solve(G, xp.matrix_transpose(W)))  # (W^+)^T, shape (m, n)
    Wt = _transpose(xp, W)
    y_norm = linalg.vector_norm(y, axis=-1)
    level = tol * xp.where(y_norm > 0, y_norm, xp.ones_like(y_norm))
    # 1. spectral start
    _, vec = linalg.eigh(_masked_gram(xp, W, y * y))
    v = vec[..., -1]
    Wv = xp.matmul(v, Wt)
    t = xp.sum(y * xp.abs(Wv), axis=-1) / xp.maximum(xp.sum(Wv * Wv, axis=-1), xp.full_like(y_norm, 1e-300))
    best, best_res = _error_reduction(xp, P, Wt, y, v * t[..., None], level, maxiter)
    for r in range(n_restarts):
        if bool(xp.all(best_res <= level)):
            break
        x0 = _b.random_normal(xp, (*y.shape[:-1], n), seed=_chunk_seed(seed, r), dtype=W.dtype, device=device)
        x0 = x0 * (y_norm / math.sqrt(m) / xp.maximum(linalg.vector_norm(x0, axis=-1),
                                                       xp.full_like(y_norm, 1e-300)))[..., None]
        x, res = _error_reduction(xp, P, Wt, y, x0, level, maxiter)
        better = res < best_res
        best = xp.where(better[..., None], x, best)
        best_res = xp.where(better, res, best_res)
    n_bad = int(xp.count_nonzero(best_res > level))
    if n_bad:
        warnings.warn(
            f"modulus_reconstruct: {n_bad} of {math.prod(y.shape[:-1])} inputs stopped above the "
            f"relative residual tol={tol:.1e} (a wrong fixed point of the alternating projections); "
            "add measurements (m >= 4n helps), n_restarts, or maxiter",
            ConvergenceWarning,
            stacklevel=2,
        )
    return best


def _error_reduction(xp: Any, P: Any, Wt: Any, y: Any, x: Any, level: Any, maxiter: int) -> tuple[Any, Any]:
    """Alternating projections from x; return (x, residual ||Wx| - y||) per input."""
    linalg = _b.linalg(xp)
    signs = None
    for it in range(maxiter):
        c = xp.matmul(x, Wt)
        s = xp.where(c >= 0, xp.ones_like(c), -xp.ones_like(c))
        if it % _CHECK_EVERY == 0 and it > 0:
            res = linalg.vector_norm(xp.abs(c) - y, axis=-1)
            same = xp.all(s == signs, axis=-1) if signs is not None else xp.zeros_like(res, dtype=xp.bool)
            if bool(xp.all((res <= level) | same)):
                break
            signs = s
        x = xp.matmul(s * y, P)
    res = linalg.vector_norm(xp.abs(xp.matmul(x, Wt)) - y, axis=-1)
    return x, res
