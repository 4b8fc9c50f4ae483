"""Argument checks shared by the time-frequency modules: sizes, numbers, flags, dtypes.

Each check names the argument and says what was expected; none of them reads array values
(the finiteness checks are :func:`framekit._backend.check_finite`, one pass, skipped for
lazy arrays).
"""

from __future__ import annotations

import math
import numbers
import operator
from typing import Any

__all__ = ["MAX_BYTES", "check_size", "flag", "float_dtype", "positive_int", "positive_number",
           "require_array", "shape_count"]

#: Largest array (in bytes) a size argument may ask for: 1 TiB, more memory than one machine
#: (or accelerator) framekit runs on has.  Larger requests fail at once with the argument's
#: name instead of a MemoryError (or minutes of swapping) deep inside the array library.
MAX_BYTES = 2**40


def positive_int(value: Any, name: str) -> int:
    """``value`` as a Python int >= 1 (NumPy integers accepted); TypeError for non-integers."""
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):
        raise TypeError(f"{name} must be a positive int, got {value!r}")
    try:
        n = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be a positive int, got {value!r}") from None
    if n < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return n


def positive_number(value: Any, name: str) -> float:
    """``value`` as a positive finite Python float (sampling rates)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive finite number, got {value!r}")
    v = float(value)
    if not (v > 0 and math.isfinite(v)):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return v


def flag(value: Any, name: str, *, optional: bool = False) -> Any:
    """A bool option (Python or NumPy bool; None too where ``optional``)."""
    if value is None and optional:
        return None
    if isinstance(value, bool):
        return value
    if type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_"):
        return bool(value)
    expected = "a bool or None" if optional else "a bool"
    raise TypeError(f"{name} must be {expected}, got {value!r}")


def float_dtype(xp: Any, dtype: Any, device: Any) -> Any:
    """The real floating dtype to create arrays in: ``dtype`` (float32 or float64 of ``xp``) or
    the namespace's default."""
    if dtype is None:
        return xp.__array_namespace_info__().default_dtypes(device=device)["real floating"]
    try:
        ok = bool(dtype == xp.float32) or bool(dtype == xp.float64)
    except Exception:  # noqa: BLE001 - anything that is not a dtype of xp
        ok = False
    if not ok:
        raise TypeError(f"dtype must be a real floating dtype of the namespace (float32 or float64), "
                        f"got {dtype!r}")
    return dtype


def itemsize(xp: Any, dtype: Any) -> int:
    """Bytes per element of a floating or complex dtype."""
    if xp.isdtype(dtype, "complex floating"):
        return 2 * (32 if dtype == xp.complex64 else 64) // 8
    return int(xp.finfo(dtype).bits) // 8


def check_size(n_values: int, bytes_per_value: int, what: str) -> None:
    """Refuse an array of ``n_values`` values over :data:`MAX_BYTES`; ``what`` starts with the
    argument(s) responsible, e.g. ``"n_fft = 10**12: the window"``."""
    if n_values * bytes_per_value > MAX_BYTES:
        raise ValueError(
            f"{what} would need {n_values} values ({n_values * bytes_per_value / 2**40:.3g} TiB), "
            "more than the 1 TiB framekit allows for one array"
        )


def shape_count(shape: tuple[Any, ...]) -> int | None:
    """Number of elements of a shape, or None where a dimension is unknown (lazy arrays)."""
    if all(isinstance(d, int) for d in shape):
        return math.prod(shape)
    return None


def require_array(value: Any, name: str) -> None:
    """TypeError for a missing (None) array argument, in the backend layer's words (its lookup
    skips None values, which are optional arguments elsewhere)."""
    if value is None:
        raise TypeError(f"{name} must be an array of an array-API library (numpy, torch, cupy, "
                        "array_api_strict, jax, dask), got NoneType")
