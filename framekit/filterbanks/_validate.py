"""Argument checks shared by the filterbank modules: each error names the argument and
says what was expected (``TypeError`` for a wrong type, ``ValueError`` for a wrong value).

Size limits (checked before anything is allocated, so that absurd sizes fail at once
instead of in a ``MemoryError`` deep inside the array library, or a hang):

* :data:`MAX_ELEMENTS` -- the (K, L) frequency responses of a filterbank, or any other
  array a function here creates: 2**34 values (256 GiB in complex128);
* :data:`MAX_TAPS` -- the kernel support that a design computes from its parameters
  (bandwidths, ``b``, ``order``, ``bins_per_octave``...): 2**26 taps (23 minutes at
  48 kHz), far beyond any auditory filter.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

from .. import _backend as _b

MAX_ELEMENTS = 2**34
MAX_TAPS = 2**26


def positive_int(value: Any, name: str) -> int:
    """``value`` if it is an int >= 1 (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive int, got {value!r} ({type(value).__name__})")
    if value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return int(value)


def real_number(value: Any, name: str, what: str = "a real number") -> float:
    """``value`` as a Python float: a real number (not a bool) or a 0-d real array."""
    if _b.is_array(value) and getattr(value, "ndim", None) == 0:
        xp, _ = _b.namespace_and_device((name, value))
        if xp.isdtype(value.dtype, ("real floating", "integral")):
            return float(value)
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"{name} must be {what}, got {value!r} ({type(value).__name__})")


def positive_number(value: Any, name: str, what: str = "a positive finite number") -> float:
    """A real number > 0 and finite."""
    v = real_number(value, name, what)
    if not (v > 0 and math.isfinite(v)):
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return v


def flag(value: Any, name: str) -> bool:
    """A bool (a truthy string such as ``"no"`` would otherwise pass silently)."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool (True or False), got {value!r}")
    return value


def float_list(values: Any, name: str) -> list[float]:
    """A 1-D sequence or array of real numbers as a list of Python floats."""
    if _b.is_array(values):
        if values.ndim != 1:
            raise ValueError(f"{name} must be 1-D (one value per channel), got shape {tuple(values.shape)}")
        xp, _ = _b.namespace_and_device((name, values))
        if xp.isdtype(values.dtype, "complex floating"):
            raise TypeError(f"{name} must be a sequence of real numbers, got dtype {values.dtype}")
        return [float(v) for v in _b.to_host(values).tolist()]
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a sequence of real numbers (or a 1-D array), got {type(values).__name__}")
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"{name} must be a sequence of real numbers, got an element {v!r}")
        out.append(float(v))
    return out


def check_elements(K: int, L: int, name: str, value: Any) -> None:
    """Refuse a (K, L) filterbank larger than :data:`MAX_ELEMENTS`, blaming ``name=value``."""
    if K * L > MAX_ELEMENTS:
        raise ValueError(
            f"{name}={value!r} is too large: the filterbank would hold K x L = {K} x {L} = {K * L:.3g} "
            f"frequency-response values, more than the limit 2**34 (256 GiB in complex128)"
        )


def check_taps(taps: float, because: str) -> None:
    """Refuse a designed kernel support longer than :data:`MAX_TAPS`."""
    if taps > MAX_TAPS:
        raise ValueError(
            f"{because} give kernels of {taps:.3g} taps, too large (the limit is 2**26 taps, "
            "23 minutes at 48 kHz)"
        )


def real_dtype_arg(xp: Any, dtype: Any) -> Any:
    """A ``dtype`` argument: float32 or float64 of the namespace ``xp``, or a clear TypeError."""
    if dtype in (xp.float32, xp.float64):
        return dtype
    for half in ("float16", "bfloat16"):
        if hasattr(xp, half) and dtype == getattr(xp, half):
            raise TypeError(f"dtype must be float32 or float64 (framekit computes in those), got {dtype}")
    raise TypeError(
        f"dtype must be a real floating dtype of the {_b.backend_name(xp)} namespace "
        f"(float32 or float64), got {dtype!r}"
    )


def required_array(value: Any, name: str) -> None:
    """``None`` for a required array gets the same message as any other non-array."""
    if value is None:
        raise TypeError(
            f"{name} must be an array of an array-API library (numpy, torch, cupy, "
            f"array_api_strict, jax, dask), got NoneType"
        )
