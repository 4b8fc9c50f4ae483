"""Argument checks shared by every topic: sizes, numbers, flags, seeds, dtypes, size limits.

One policy for all of framekit:

* a value of the wrong *type* (a float for a size, a string for a number, a bool
  anywhere but a flag, None for a required argument, an array for a scalar) raises
  ``TypeError``; a value of the right type but out of range (0 for a size, NaN or
  a negative number, a seed >= 2**63, a size over :data:`MAX_ELEMENTS`) raises
  ``ValueError``;
* every message starts with the argument's name, says what was expected (the range
  in words) and shows what was given: ``"hop must be a positive int, got '16' (str)"``.

The checks cost O(1) and never read array values (finiteness is
:func:`framekit._backend.check_finite`, one pass, skipped for lazy arrays).  This
module names no array library: namespaces come in as ``xp`` arguments.
"""

from __future__ import annotations

import math
import numbers
import operator
from typing import Any

from . import _backend as _b

__all__ = [
    "MAX_ELEMENTS",
    "MAX_STREAMED",
    "check_elements",
    "check_streamed",
    "flag",
    "float_dtype",
    "int_in_range",
    "positive_int",
    "positive_number",
    "real_number",
    "require_array",
    "seed",
    "shape_count",
    "target_namespace",
]

#: The most elements of any array that a size argument makes framekit allocate (a window,
#: a frame, a filterbank's responses, coefficients, Monte Carlo draws...): 2**36 elements
#: are 512 GiB in float64 (1 TiB in complex128), more than any one machine or accelerator
#: holds.  A larger request can only fail deep inside the array library (a MemoryError, or
#: minutes of swapping), so it is refused up front with the responsible argument's name.
MAX_ELEMENTS = 2**36

#: The most numbers a *streamed* computation may draw: one whose count is processed in
#: chunks of bounded size and never allocated at once (the ReLU samplers: samples times
#: their length).  Memory does not bound it, time does: 2**40 float64 numbers are 8 TiB
#: drawn and reduced, days of work; a larger count is a typo or a unit mistake.
MAX_STREAMED = 2**40

#: The seeds every backend's generator takes (NumPy takes more, torch and jax int64).
_SEED_END = 2**63


def _shown(value: Any, *, typed: bool = True) -> str:
    """``value`` for a message: its repr (shortened), with its type where that tells more
    (``typed``: for a TypeError)."""
    text = repr(value)
    if len(text) > 60:
        text = text[:45] + "..." + text[-12:]
    if not typed or value is None or type(value) in (int, float):
        return text
    return f"{text} ({type(value).__name__})"


def _is_bool(value: Any) -> bool:
    """Python bool or NumPy bool (``np.True_`` is no int subclass, but it is no count either)."""
    return isinstance(value, bool) or (
        type(value).__module__ == "numpy" and type(value).__name__ in ("bool", "bool_")
    )


# --------------------------------------------------------------------------
# integers
# --------------------------------------------------------------------------


def int_in_range(value: Any, name: str, *, low: int, high: int | None = None, what: str) -> int:
    """``value`` as a Python int in ``[low, high)`` (``high=None``: no upper bound).

    Python and NumPy integers are taken (:func:`operator.index`); bools, floats (even
    ``3.0``), strings, None and arrays (0-d ones too) raise TypeError; integers out of
    range ValueError.
    ``what`` is the expectation in words, e.g. ``"an int in [0, 16)"``.
    """
    if _is_bool(value) or (_b.is_array(value) and not isinstance(value, numbers.Integral)):
        raise TypeError(f"{name} must be {what}, got {_shown(value)}")  # (NumPy ints pass)
    try:
        n = operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be {what}, got {_shown(value)}") from None
    if n < low or (high is not None and n >= high):
        raise ValueError(f"{name} must be {what}, got {_shown(n, typed=False)}")
    return n


def positive_int(value: Any, name: str) -> int:
    """A size or count: an int >= 1."""
    return int_in_range(value, name, low=1, what="a positive int")


def seed(value: Any, name: str = "seed") -> int | None:
    """None (fresh entropy) or an int in ``[0, 2**63)``, which every backend's generator takes."""
    if value is None:
        return None
    return int_in_range(value, name, low=0, high=_SEED_END, what="None or an int in [0, 2**63)")


# --------------------------------------------------------------------------
# real numbers and flags
# --------------------------------------------------------------------------


def _interval(low: float, high: float, low_inclusive: bool, high_inclusive: bool) -> str:
    """The range in words: ``"a positive finite number"``, ``"a finite number >= 1"``..."""
    if high == math.inf:
        if low == -math.inf:
            return "a finite real number"
        if low == 0:
            return "a non-negative finite number" if low_inclusive else "a positive finite number"
        return f"a finite number {'>=' if low_inclusive else '>'} {low:g}"
    if low == -math.inf:
        return f"a finite number {'<=' if high_inclusive else '<'} {high:g}"
    return f"a number in {'[' if low_inclusive else '('}{low:g}, {high:g}{']' if high_inclusive else ')'}"


def real_number(
    value: Any,
    name: str,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_inclusive: bool = False,
    high_inclusive: bool = False,
    what: str | None = None,
) -> float:
    """``value`` as a finite Python float in the interval from ``low`` to ``high``.

    Python and NumPy real numbers are taken (ints too); bools, strings, None, complex
    numbers and arrays (0-d ones too) raise TypeError; NaN, infinities and values out of
    the interval raise ValueError.  ``what`` words the expectation (default: the interval,
    e.g. ``"a positive finite number"``).
    """
    what = what or _interval(low, high, low_inclusive, high_inclusive)
    if _is_bool(value) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be {what}, got {_shown(value)}")
    try:
        v = float(value)
    except OverflowError:  # an int (or fraction) beyond the float range
        v = -math.inf if operator.lt(value, 0) else math.inf
    above = v >= low if low_inclusive else v > low
    below = v <= high if high_inclusive else v < high
    if not (math.isfinite(v) and above and below):
        raise ValueError(f"{name} must be {what}, got {_shown(value, typed=False)}")
    return v


def positive_number(value: Any, name: str, what: str = "a positive finite number") -> float:
    """A finite real number > 0 (a sampling rate, a scale, a tolerance)."""
    return real_number(value, name, low=0.0, what=what)


def flag(value: Any, name: str, *, optional: bool = False) -> Any:
    """A bool option as a Python bool (NumPy bools too; None where ``optional``).

    Anything else is a TypeError: a truthy string such as ``"no"`` would otherwise pass.
    """
    if value is None and optional:
        return None
    if _is_bool(value):
        return bool(value)
    expected = "a bool (True or False) or None" if optional else "a bool (True or False)"
    raise TypeError(f"{name} must be {expected}, got {_shown(value)}")


# --------------------------------------------------------------------------
# arrays, namespaces and dtypes
# --------------------------------------------------------------------------


def require_array(value: Any, name: str) -> None:
    """TypeError for None given as a required array, in the backend layer's words.

    (:func:`framekit._backend.namespace_and_device` skips None values, which are
    optional arrays elsewhere; it refuses every other non-array itself.)
    """
    if value is None:
        raise TypeError(f"{name} {_b.ARRAY_EXPECTED}, got NoneType")


def target_namespace(xp: Any, device: Any) -> Any:
    """The namespace a constructor creates arrays in (default NumPy), checking ``device``."""
    xp = _b.get_namespace(xp)
    if device is not None:
        try:
            xp.empty((0,), device=device)  # a size-0 probe: each library validates its devices
        except Exception as exc:  # noqa: BLE001 - each library raises its own type here
            raise ValueError(
                f"device {device!r} is not a device of {_b.backend_name(xp)} here "
                f"({type(exc).__name__}: {exc})"
            ) from None
    return xp


_DTYPES = {  # kind -> (words, the accepted dtype names)
    "real floating": ("a real floating dtype", ("float32", "float64")),
    "complex floating": ("a complex floating dtype", ("complex64", "complex128")),
    "floating": ("a floating or complex dtype", ("float32", "float64", "complex64", "complex128")),
}


def _dtype_shown(dtype: Any) -> str:
    if isinstance(dtype, type):  # np.float16, np.int64
        return f"dtype {dtype.__name__}"
    if "dtype" in type(dtype).__name__.lower():  # np.dtype(...), torch.dtype, strict DType
        return f"dtype {dtype}"
    return _shown(dtype)


def float_dtype(
    xp: Any, dtype: Any, name: str = "dtype", *, device: Any = None, kind: str = "real floating"
) -> Any:
    """The dtype to create arrays in: ``dtype``, one of ``xp``'s dtypes of ``kind``, or
    (``dtype=None``) the namespace's default.

    ``kind`` is ``"real floating"`` (float32, float64), ``"complex floating"`` (complex64,
    complex128) or ``"floating"`` (any of the four; the default is the real one).  Strings,
    other libraries' dtypes, integer, bool and 16-bit dtypes raise TypeError.
    """
    words, names = _DTYPES[kind]
    if dtype is None:
        default = "complex floating" if kind == "complex floating" else "real floating"
        return xp.__array_namespace_info__().default_dtypes(device=device)[default]
    ok = False
    if not isinstance(dtype, str):
        for accepted in (getattr(xp, n) for n in names):
            try:
                ok = bool(dtype == accepted)
            except Exception:  # noqa: BLE001 - a comparison another library refuses
                ok = False
            if ok:
                break
    if not ok:
        raise TypeError(
            f"{name} must be {words} of the {_b.backend_name(xp)} namespace "
            f"({', '.join(names[:-1])} or {names[-1]}), got {_dtype_shown(dtype)}"
        )
    return dtype


# --------------------------------------------------------------------------
# size limits
# --------------------------------------------------------------------------


def check_elements(count: int, what: str) -> None:
    """Refuse an array of more than :data:`MAX_ELEMENTS` elements, before it is allocated.

    ``what`` starts with the responsible argument(s) and may say which array, e.g.
    ``"n_fft=1000000000000 (the window)"``; the message continues "is too large: ...".
    """
    if count > MAX_ELEMENTS:
        raise ValueError(
            f"{what} is too large: {count} elements, more than the 2**36 = {MAX_ELEMENTS} "
            "(512 GiB in float64) that framekit allocates for one array; use smaller sizes"
        )


def check_streamed(count: int, what: str) -> None:
    """Refuse streamed work of more than :data:`MAX_STREAMED` numbers (``what`` as in
    :func:`check_elements`)."""
    if count > MAX_STREAMED:
        raise ValueError(
            f"{what} is too large: {count} numbers to draw, more than the 2**40 = {MAX_STREAMED} "
            "(8 TiB of float64, days of work) that framekit draws in one run"
        )


def shape_count(shape: tuple[Any, ...]) -> int | None:
    """Number of elements of a shape, or None where a dimension is unknown (lazy arrays)."""
    if all(isinstance(d, int) for d in shape):
        return math.prod(shape)
    return None
