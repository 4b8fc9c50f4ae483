"""Constructors for classical finite frames, created directly on the target backend.

Each takes ``xp`` (an array library or namespace; default NumPy), ``device`` and
``dtype`` (float32/float64 or their complex types, of that library) and returns an
analysis operator of shape (m, n).  Sizes are positive ints, and a frame of more than
:data:`framekit._validate.MAX_ELEMENTS` (2**36) entries is refused before anything is
allocated.
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .. import _validate as _v
from .._prims import complex_from_parts

__all__ = ["gaussian_frame", "harmonic_frame", "mercedes_benz_frame", "simplex_frame"]


@_b.supports()
def harmonic_frame(m: int, n: int, *, xp: Any = None, device: Any = None, dtype: Any = None) -> Any:
    """Harmonic frame: the first n columns of the m-point DFT matrix, scaled by 1/sqrt(m).

    ``W[j, k] = exp(-2 pi i j k / m) / sqrt(m)`` for ``j < m``, ``k < n``.  The
    columns are orthonormal, so this is a Parseval frame of C^n (A = B = 1).

    Parameters
    ----------
    m, n : int
        Number of frame vectors and dimension, ``m >= n``.
    xp : array namespace, optional
        Target library (default NumPy).
    device : optional
        Target device (default: the library's default).
    dtype : complex dtype, optional
        Default: the library's default complex dtype.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = framekit.harmonic_frame(5, 3)
    >>> np.allclose(W.conj().T @ W, np.eye(3))
    True
    """
    m, n = _v.positive_int(m, "m"), _v.positive_int(n, "n")
    if m < n:
        raise ValueError(f"a harmonic frame of C^{n} needs m >= n vectors, got m={m}")
    _v.check_elements(m * n, f"m={m}, n={n} give a frame that")
    xp = _v.target_namespace(xp, device)
    dtype = _v.float_dtype(xp, dtype, device=device, kind="complex floating")
    rdt = _b.real_dtype(xp, dtype)
    jk = xp.arange(m, device=device)[:, None] * xp.arange(n, device=device)[None, :]
    phase = xp.astype(jk % m, rdt) * (-2.0 * math.pi / m)  # reduce mod m first: exact phases
    scale = 1.0 / math.sqrt(m)
    return complex_from_parts(xp, xp.cos(phase) * scale, xp.sin(phase) * scale)


@_b.supports()
def simplex_frame(n: int = 2, *, xp: Any = None, device: Any = None, dtype: Any = None) -> Any:
    """Regular simplex frame: n + 1 unit vectors in R^n with equal pairwise angles.

    The vectors are the normalized columns of the Helmert basis of the
    hyperplane ``sum(v) = 0`` in R^(n+1); pairwise inner products are ``-1/n``
    and the frame is tight with ``A = B = (n + 1)/n``.  ``n = 2`` is the
    Mercedes-Benz frame.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = framekit.simplex_frame(3)
    >>> np.allclose(W.T @ W, 4 / 3 * np.eye(3))
    True
    """
    n = _v.positive_int(n, "n")
    _v.check_elements((n + 1) * n, f"n={n} gives a frame that")
    xp = _v.target_namespace(xp, device)
    dtype = _v.float_dtype(xp, dtype, device=device, kind="floating")
    i = xp.astype(xp.arange(n + 1, device=device), dtype)[:, None]  # frame vector index
    k = xp.astype(xp.arange(1, n + 1, device=device), dtype)[None, :]  # Helmert row k = 1..n
    norm = xp.sqrt(k * (k + 1.0))
    entry = xp.where(i < k, 1.0 / norm, xp.where(i == k, -k / norm, xp.zeros_like(norm)))
    return entry * math.sqrt((n + 1) / n)


@_b.supports()
def mercedes_benz_frame(*, xp: Any = None, device: Any = None, dtype: Any = None) -> Any:
    """Mercedes-Benz frame: three unit vectors in R^2 at 120 degrees; tight, A = B = 3/2.

    Same as ``simplex_frame(2)``.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> W = framekit.mercedes_benz_frame()
    >>> np.allclose(W.T @ W, 1.5 * np.eye(2))
    True
    """
    return simplex_frame(2, xp=xp, device=device, dtype=dtype)


@_b.supports()
def gaussian_frame(
    m: int, n: int, *, seed: int | None = None, xp: Any = None, device: Any = None, dtype: Any = None
) -> Any:
    """Random Gaussian frame with i.i.d. N(0, 1/m) entries.

    As m/n grows its bounds approach the Marchenko-Pastur edges
    ``A -> (1 - sqrt(n/m))^2`` and ``B -> (1 + sqrt(n/m))^2``.  A complex dtype
    gives circular complex entries with ``E|w|^2 = 1/m``.  The generator is the
    backend's own: the same seed (None or an int in ``[0, 2**63)``) gives the same
    frame on the same backend.

    Examples
    --------
    >>> import framekit
    >>> framekit.gaussian_frame(64, 32, seed=0).shape
    (64, 32)
    """
    m, n = _v.positive_int(m, "m"), _v.positive_int(n, "n")
    _v.check_elements(m * n, f"m={m}, n={n} give a frame that")
    seed = _v.seed(seed)
    xp = _v.target_namespace(xp, device)
    dtype = _v.float_dtype(xp, dtype, device=device, kind="floating")
    return _b.random_normal(xp, (m, n), seed=seed, dtype=dtype, device=device) * (1.0 / math.sqrt(m))
