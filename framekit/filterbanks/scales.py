"""Auditory frequency scales: mel, ERB, Bark and log (constant-Q).

Each scale has a forward map Hz -> scale units (:func:`freq_to_aud`), its
inverse (:func:`aud_to_freq`), a bandwidth in Hz (:func:`aud_bandwidth`) and
equidistant centre frequencies (:func:`aud_space`).  The maps accept Python
floats (and return floats) or arrays of any array-API library (and return
arrays of the same library, device and floating dtype).

Formulas (f in Hz):

* ``"mel"``: ``aud = 1000 / ln(17/7) * ln(1 + f / 700)``;
  bandwidth ``log10(17/7) (700 + f) / 1000`` (the convention of ``hybra``).
* ``"erb"`` (Glasberg & Moore): ``aud = 9.2645 ln(1 + 0.00437 f)``;
  bandwidth ``ERB(f) = 24.7 + f / 9.265``.
* ``"bark"`` (Traunmueller 1990): ``z = 26.81 f / (1960 + f) - 0.53``;
  inverse ``f = 1960 (z + 0.53) / (26.28 - z)``; critical bandwidth
  ``52548 / (z^2 - 52.56 z + 690.39)``.
* ``"log"``: ``aud = log2(f / f_ref)`` (octaves above ``f_ref``, default
  1 Hz); bandwidth ``f ln 2`` (Hz per octave at f, the reciprocal of the
  slope ``d aud / d f``).

The mel and ERB maps are odd-symmetric (``aud(-f) = -aud(f)``); the Bark map
is meant for ``f >= 0`` and the log scale needs ``f > 0``.
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .. import _validate as _v

__all__ = ["SCALES", "aud_bandwidth", "aud_space", "aud_to_freq", "freq_to_aud"]

#: Names accepted by the ``scale`` arguments.
SCALES = ("mel", "erb", "bark", "log")

_MEL_C = 1000.0 / math.log(17.0 / 7.0)


def _check_scale(scale: str) -> None:
    if not isinstance(scale, str) or scale not in SCALES:
        raise ValueError(f"scale must be one of {SCALES}, got {scale!r}")


def _check_f_ref(f_ref: Any) -> float:
    return _v.positive_number(f_ref, "f_ref", "a positive finite reference frequency in Hz")


class _Ops:
    """Elementwise math for Python floats (``math``) or arrays (their namespace).

    The value is checked once, in one pass, for NaN/inf and for the domain
    ``lo <= v < hi`` (``lo_open``: ``lo < v``); lazy arrays are not checked.
    """

    def __init__(
        self,
        v: Any,
        name: str,
        domain: tuple[float, float, bool] = (-math.inf, math.inf, False),
        why: str = "",
        *,
        check: bool = True,
    ) -> None:
        self.array = _b.is_array(v)
        if self.array:
            xp, _ = _b.namespace_and_device((name, v))
            (v,) = _b.as_float(xp, v)
            if xp.isdtype(v.dtype, "complex floating"):
                raise TypeError(f"{name} must be real, got dtype {v.dtype}")
            self.xp = xp
        elif isinstance(v, bool) or not isinstance(v, (int, float)):
            raise TypeError(f"{name} must be a real number or an array, got {type(v).__name__}")
        else:
            v = float(v)
        self.value = v
        self.name = name
        if check:
            self._check(domain, why)

    def max_float(self) -> float:
        """Largest finite value of the computation's dtype."""
        return float(self.xp.finfo(self.value.dtype).max) if self.array else 1.7976931348623157e308

    def _check(self, domain: tuple[float, float, bool], why: str) -> None:
        lo, hi, lo_open = domain
        v = self.value
        if self.array:
            if _b.is_lazy(v):
                return
            xp = self.xp
            ok = xp.isfinite(v)
            if lo > -math.inf:
                ok = ok & ((v > lo) if lo_open else (v >= lo))
            if hi < math.inf:
                ok = ok & (v < hi)
            if bool(xp.all(ok)):
                return
            finite = bool(xp.all(xp.isfinite(v)))
        else:
            finite = math.isfinite(v)
            if finite and (v > lo if lo_open else v >= lo) and v < hi:
                return
        if not finite:
            raise ValueError(f"{self.name} contains NaN or inf; pass finite values")
        raise ValueError(why)

    def log(self, a: Any) -> Any:
        return self.xp.log(a) if self.array else math.log(a)

    def exp(self, a: Any) -> Any:
        return self.xp.exp(a) if self.array else math.exp(a)

    def abs(self, a: Any) -> Any:
        return self.xp.abs(a) if self.array else abs(a)

    def sign(self, a: Any) -> Any:
        return self.xp.sign(a) if self.array else math.copysign(1.0, a) if a != 0 else 0.0


def _freq_ops(freq: Any, scale: str) -> _Ops:
    """``freq`` checked: finite, ``> 0`` for the log scale, ``>= 0`` for the Bark scale."""
    if scale == "log":
        return _Ops(freq, "freq", (0.0, math.inf, True), "freq must be > 0 for the log scale")
    if scale == "bark":
        return _Ops(freq, "freq", (0.0, math.inf, False), "freq must be >= 0 for the bark scale")
    return _Ops(freq, "freq")


def _aud_ops(aud: Any, scale: str, f_ref: float) -> _Ops:
    """``aud`` checked: finite, inside the range whose frequencies the dtype can hold."""
    o = _Ops(aud, "aud", check=False)
    if scale == "bark":
        # the image of f >= 0 (the inverse has a pole at 26.28 and gives f < 0 below -0.53)
        o._check((-0.53, 26.28, False), "aud must be in [-0.53, 26.28) for the bark scale (f >= 0 Hz)")
        return o
    # one e-fold below the overflow of the dtype
    log_max = math.log(o.max_float()) - 1.0
    if scale == "mel":
        bound = _MEL_C * (log_max - math.log(700.0))
        o._check((-bound, bound, False), f"aud must be within +-{bound:.6g} for the mel scale (larger overflows)")
    elif scale == "erb":
        bound = 9.2645 * (log_max + math.log(0.00437))
        o._check((-bound, bound, False), f"aud must be within +-{bound:.6g} for the erb scale (larger overflows)")
    else:
        bound = (log_max - math.log(f_ref)) / math.log(2.0)
        o._check((-math.inf, bound, False), f"aud must be below {bound:.6g} for the log scale (larger overflows)")
    return o


@_b.supports()
def freq_to_aud(freq: Any, scale: str = "mel", *, f_ref: float = 1.0) -> Any:
    """Map frequencies in Hz to auditory-scale units.

    Parameters
    ----------
    freq : float or array
        Frequencies in Hz (``> 0`` for ``scale="log"``).
    scale : {"mel", "erb", "bark", "log"}
    f_ref : float
        Reference frequency of the log scale.

    Returns
    -------
    float or array
        Same type (and backend, device, floating dtype) as ``freq``.

    Examples
    --------
    >>> from framekit.filterbanks.scales import freq_to_aud
    >>> round(freq_to_aud(1000.0, "mel"), 6)
    1000.0
    >>> freq_to_aud(440.0, "log", f_ref=220.0)
    1.0
    """
    _check_scale(scale)
    f_ref = _check_f_ref(f_ref)
    o = _freq_ops(freq, scale)
    f = o.value
    if scale == "mel":
        return _MEL_C * o.sign(f) * o.log(1.0 + o.abs(f) / 700.0)
    if scale == "erb":
        return 9.2645 * o.sign(f) * o.log(1.0 + 0.00437 * o.abs(f))
    if scale == "bark":
        return 26.81 * f / (1960.0 + f) - 0.53
    return o.log(f / f_ref) / math.log(2.0)


@_b.supports()
def aud_to_freq(aud: Any, scale: str = "mel", *, f_ref: float = 1.0) -> Any:
    """Inverse of :func:`freq_to_aud`: auditory-scale units to Hz.

    Examples
    --------
    >>> from framekit.filterbanks.scales import aud_to_freq, freq_to_aud
    >>> round(aud_to_freq(freq_to_aud(3000.0, "erb"), "erb"), 9)
    3000.0
    >>> round(aud_to_freq(freq_to_aud(3000.0, "bark"), "bark"), 9)
    3000.0
    """
    _check_scale(scale)
    f_ref = _check_f_ref(f_ref)
    o = _aud_ops(aud, scale, f_ref)
    a = o.value
    if scale == "mel":
        return 700.0 * o.sign(a) * (o.exp(o.abs(a) / _MEL_C) - 1.0)
    if scale == "erb":
        return o.sign(a) * (o.exp(o.abs(a) / 9.2645) - 1.0) / 0.00437
    if scale == "bark":
        return 1960.0 * (a + 0.53) / (26.28 - a)
    return f_ref * o.exp(a * math.log(2.0))


@_b.supports()
def aud_bandwidth(freq: Any, scale: str = "mel") -> Any:
    """Bandwidth in Hz of the auditory filter centred at ``freq`` (see the module formulas).

    Examples
    --------
    >>> from framekit.filterbanks.scales import aud_bandwidth
    >>> round(aud_bandwidth(1000.0, "erb"), 4)
    132.6331
    """
    _check_scale(scale)
    o = _Ops(freq, "freq")
    f = o.abs(o.value)
    if scale == "mel":
        return math.log10(17.0 / 7.0) * (700.0 + f) / 1000.0
    if scale == "erb":
        return 24.7 + f / 9.265
    if scale == "bark":
        z = 26.81 * f / (1960.0 + f) - 0.53
        return 52548.0 / (z * z - 52.56 * z + 690.39)
    return f * math.log(2.0)


@_b.supports()
def aud_space(
    f_min: float,
    f_max: float,
    num: int,
    scale: str = "mel",
    *,
    f_ref: float = 1.0,
    xp: Any = None,
    device: Any = None,
    dtype: Any = None,
) -> Any:
    """``num`` frequencies equidistant on ``scale`` from ``f_min`` to ``f_max`` (both included).

    Parameters
    ----------
    f_min, f_max : float
        Endpoints in Hz, ``f_min <= f_max`` (``f_min > 0`` for the log scale).
    num : int
        Number of points (>= 1; one point gives ``[f_min]``).
    scale : {"mel", "erb", "bark", "log"}
    xp, device, dtype
        Target namespace (default NumPy), device and real dtype (default float).

    Returns
    -------
    array, shape (num,)
        The endpoints are exact.

    Examples
    --------
    >>> from framekit.filterbanks.scales import aud_space
    >>> aud_space(100.0, 800.0, 4, "log")
    array([100., 200., 400., 800.])
    """
    _check_scale(scale)
    num = _v.positive_int(num, "num")
    _v.check_elements(num, f"num={num}")
    f_min = _v.real_number(f_min, "f_min", what="a real number of Hz")
    f_max = _v.real_number(f_max, "f_max", what="a real number of Hz")
    if f_min > f_max:
        raise ValueError(f"need f_min <= f_max, got f_min={f_min}, f_max={f_max}")
    if scale == "log" and f_min <= 0:
        raise ValueError(f"f_min must be > 0 for the log scale, got {f_min}")
    if scale == "bark" and f_min < 0:
        raise ValueError(f"f_min must be >= 0 for the bark scale, got {f_min}")
    f_ref = _check_f_ref(f_ref)
    xp = _b.get_namespace(xp)
    dtype = _v.float_dtype(xp, dtype, device=device)
    a0 = freq_to_aud(f_min, scale, f_ref=f_ref)
    a1 = freq_to_aud(f_max, scale, f_ref=f_ref)
    if num == 1:
        return xp.asarray([f_min], dtype=dtype, device=device)
    steps = xp.arange(num, dtype=dtype, device=device) / float(num - 1)
    f = aud_to_freq(a0 + (a1 - a0) * steps, scale, f_ref=f_ref)
    f = _b.at(f)[0].set(f_min)
    return _b.at(f)[num - 1].set(f_max)
