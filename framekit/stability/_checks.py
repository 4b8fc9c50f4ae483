"""Argument checks shared by the stability modules: Python numbers, sizes, required arrays.

Every check costs O(1) (no pass over array data) and raises a ``ValueError`` or
``TypeError`` whose message names the argument and says what was expected.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

#: The most elements one result or intermediate array of this subpackage may have.
#: 2**36 elements are 512 GiB in float64 (1 TiB in complex128): more than any single
#: accelerator or common host holds, so larger requests can only fail deep inside the
#: array library (MemoryError) or run for hours; they are refused up front instead.
MAX_ELEMENTS = 1 << 36


def positive_int(value: Any, name: str) -> int:
    """``value`` if it is a Python int >= 1 (not a bool), else a ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return value


def check_elements(elements: int, what: str) -> None:
    """Refuse a request whose array would exceed :data:`MAX_ELEMENTS` elements.

    ``what`` names the arguments and the array, e.g. ``"n_fft=... with 3 kernels
    need (3, n_fft) responses"``.
    """
    if elements > MAX_ELEMENTS:
        raise ValueError(
            f"{what}: {elements} elements, more than the limit of 2**36 = {MAX_ELEMENTS} "
            "(512 GiB in float64); use smaller sizes"
        )


def real_number(
    value: Any, name: str, *, low: float, low_inclusive: bool = False, high: float = math.inf,
    high_inclusive: bool = False, what: str,
) -> float:
    """``float(value)`` if it is a finite real number (not a bool) in the given interval.

    ``what`` is the expectation in words for the message (e.g. ``"a positive finite number"``).
    """
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        v = float(value)
        ok = (v >= low if low_inclusive else v > low) and (v <= high if high_inclusive else v < high)
    if not ok:
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return float(value)


def require(name: str, value: Any) -> None:
    """Refuse None where an array is required, with the backend layer's message.

    (``_backend.namespace_and_device`` skips None values, which are optional arrays
    elsewhere; here every array argument is required.)
    """
    if value is None:
        raise TypeError(
            f"{name} must be an array of an array-API library (numpy, torch, cupy, "
            "array_api_strict, jax, dask), got None"
        )


def seed(value: Any) -> int | None:
    """``value`` if it is None or an int in ``[0, 2**63)`` (what every backend's generator takes)."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 1 << 63):
        raise ValueError(f"seed must be None or an int in [0, 2**63), got {value!r}")
    return value
