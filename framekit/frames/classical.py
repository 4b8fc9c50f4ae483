"""Constructors for classical finite frames, created directly on the target backend.

Each takes ``xp`` (an array library or namespace; default NumPy), ``device`` and
``dtype`` (float32/float64 or their complex types, of that library) and returns an
analysis operator of shape (m, n).  Sizes are positive ints, and a frame of more than
2**40 entries is refused before anything is allocated.
"""

from __future__ import annotations

import math
import operator
from typing import Any

from .. import _backend as _b
from .._prims import complex_from_parts

__all__ = ["gaussian_frame", "harmonic_frame", "mercedes_benz_frame", "simplex_frame"]


#: Most entries a constructed frame may have: 2**40 (about 1.1e12) entries are 8 TiB in
#: float64, beyond the memory of any single device; larger sizes are typos or overflowed
#: arithmetic, refused before anything is allocated.
_MAX_ENTRIES = 2**40


def _positive_int(value: Any, name: str) -> int:
    if not isinstance(value, bool):
        try:
            value = operator.index(value)  # Python and NumPy integers
        except TypeError:
            pass
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be a positive int, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return value


def _check_entries(count: int, sizes: str) -> None:
    """Refuse a frame of more than :data:`_MAX_ENTRIES` entries before allocating it."""
    if count > _MAX_ENTRIES:
        raise ValueError(
            f"{sizes} {count:.3g} entries, more than the 2**40 (about 1.1e12, 8 TiB in "
            "float64) a frame may have; check the sizes"
        )


def _seed(seed: Any) -> int | None:
    if seed is None:
        return None
    if not isinstance(seed, bool):
        try:
            seed = operator.index(seed)
        except TypeError:
            pass
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be None or an int in [0, 2**64), got {seed!r}")
    if not 0 <= seed < 2**64:
        raise ValueError(f"seed must be None or an int in [0, 2**64), got {seed!r}")
    return seed


def _dtype(xp: Any, dtype: Any, kind: str, *, complex_only: bool = False) -> Any:
    """The dtype to build in: ``dtype``, or the namespace's default of ``kind``."""
    if dtype is None:
        return xp.__array_namespace_info__().default_dtypes()[kind]
    try:
        floating = xp.isdtype(dtype, ("real floating", "complex floating"))
        is_complex = xp.isdtype(dtype, "complex floating")
    except (TypeError, ValueError, AttributeError):  # a string, or another library's dtype
        raise TypeError(
            f"dtype must be a dtype of the {_b.backend_name(xp)} namespace (e.g. xp.float64), "
            f"got {dtype!r}"
        ) from None
    dtype_name = getattr(dtype, "__name__", None) or str(dtype)
    if floating and dtype_name.rsplit(".", 1)[-1] in ("float16", "bfloat16"):
        raise TypeError(
            f"dtype {dtype_name} is not supported: framekit computes in float32 or float64 "
            "(and their complex types)"
        )
    if complex_only and not is_complex:
        raise ValueError(f"harmonic frames are complex: dtype must be complex, got {dtype_name}")
    if not floating:
        raise ValueError(f"dtype must be a floating or complex dtype, got {dtype_name}")
    return dtype


def _namespace(xp: Any, device: Any) -> Any:
    """The target namespace, checking that ``device`` is one of its devices."""
    xp = _b.get_namespace(xp)
    if device is not None:
        try:
            xp.empty(0, device=device)  # a size-0 probe: each library validates its devices
        except Exception as exc:  # noqa: BLE001 - each library raises its own type here
            raise ValueError(
                f"device {device!r} is not a device of {_b.backend_name(xp)} here "
                f"({type(exc).__name__}: {exc})"
            ) from None
    return xp


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
    m, n = _positive_int(m, "m"), _positive_int(n, "n")
    if m < n:
        raise ValueError(f"a harmonic frame of C^{n} needs m >= n vectors, got m={m}")
    _check_entries(m * n, f"m={m}, n={n} give m*n =")
    xp = _namespace(xp, device)
    dtype = _dtype(xp, dtype, "complex floating", complex_only=True)
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
    n = _positive_int(n, "n")
    _check_entries((n + 1) * n, f"n={n} gives (n+1)*n =")
    xp = _namespace(xp, device)
    dtype = _dtype(xp, dtype, "real floating")
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
    backend's own: the same seed (None or an int in ``[0, 2**64)``) gives the same
    frame on the same backend.

    Examples
    --------
    >>> import framekit
    >>> framekit.gaussian_frame(64, 32, seed=0).shape
    (64, 32)
    """
    m, n = _positive_int(m, "m"), _positive_int(n, "n")
    _check_entries(m * n, f"m={m}, n={n} give m*n =")
    seed = _seed(seed)
    xp = _namespace(xp, device)
    dtype = _dtype(xp, dtype, "real floating")
    return _b.random_normal(xp, (m, n), seed=seed, dtype=dtype, device=device) * (1.0 / math.sqrt(m))
