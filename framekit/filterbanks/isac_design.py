"""ISAC (invertible and stable auditory filterbank), the design of the ``hybra`` package:
same centre frequencies, supports, kernels and default stride at the same settings.

* ``isac_layout`` -- centre frequencies, supports and default stride (Python numbers);
* :func:`isac` -- the :class:`~framekit.FilterBank` (a real-signal frame).

Shared design helpers (validation, Hann kernels, bandwidths) are those of
:mod:`framekit.filterbanks.designs`; the conventions (``xp``/``device``/``dtype``,
default ``length``) are stated there.
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .. import _validate as _v
from . import scales as _scales
from .designs import _check_condition, _check_fs, _enbw, _hann_kernels, _length, _setup
from .filterbank import FilterBank, _check_bank

__all__ = ["isac", "isac_layout"]

#: Bandwidth of a symmetric Hann window measured the way ISAC does it: a
#: 1000-tap window, L1-normalized, centred in 10000 samples; the squared norm of
#: the real part of its peak-normalized DFT, times 1000/10000/2.
HANN_PROBE_BANDWIDTH = 0.7507482759407765

#: ISAC's preset bandwidth factors per scale (chosen for a good condition number).
ISAC_BANDWIDTH_FACTORS = {"mel": 111.33, "erb": 0.608, "log10": 0.2}


def _isac_aud(f: float, scale: str) -> float:
    if scale == "log10":
        return math.log10(max(f, 1.0))
    return _scales.freq_to_aud(f, scale)


def _isac_freq(a: float, scale: str) -> float:
    if scale == "log10":
        return 10.0**a
    return _scales.aud_to_freq(a, scale)


def _isac_bw(fc: float, scale: str) -> float:
    return fc if scale == "log10" else _scales.aud_bandwidth(fc, scale)


def _isac_fc_of_bw(bw: float, scale: str) -> float:
    if scale == "mel":
        return 1000.0 * bw / math.log10(17.0 / 7.0) - 700.0
    if scale == "erb":
        return (bw - 24.7) * 9.265
    return bw


def isac_layout(
    fs: float,
    kernel_size: int = 128,
    num_channels: int = 40,
    f_max: float | None = None,
    length: int | None = None,
    supp_mult: float = 1.0,
    scale: str = "mel",
) -> dict[str, Any]:
    """ISAC's centre frequencies, supports and default stride (Python numbers).

    The auditory scale is made linear below the transition frequency ``fc_min``
    (where the support would exceed ``kernel_size``) and above ``f_max``, with
    slopes matched at the transitions (forward difference over ``[f, 1.01 f]``,
    as ``hybra`` does); ``num_channels`` centre frequencies are equidistant on
    this modified scale from 0 to ``fs/2``, both included.  The support of a
    channel is ``round(c fs / bw(fc))`` with ``c = HANN_PROBE_BANDWIDTH /
    ISAC_BANDWIDTH_FACTORS[scale]`` (``kernel_size`` below ``fc_min``, the
    shortest above ``f_max``), then multiplied by ``supp_mult`` (at least 8
    taps when ``supp_mult < 1``, at most ``length`` otherwise).  The default
    stride is half the shortest support.

    Returns
    -------
    dict
        ``center_frequencies`` (list), ``supports`` (list of int), ``fc_min``,
        ``f_max``, ``kernel_size`` (the longest support), ``kernel_min``,
        ``stride`` (the default, ``max(kernel_min // 2, 1)``).

    Examples
    --------
    >>> from framekit.filterbanks.isac_design import isac_layout
    >>> lay = isac_layout(16000)
    >>> round(lay["fc_min"]), lay["kernel_min"], lay["stride"]
    (1487, 32, 16)
    """
    fs = _check_fs(fs)
    kernel_size = _v.positive_int(kernel_size, "kernel_size")
    num_channels = _v.positive_int(num_channels, "num_channels")
    if num_channels < 2:
        raise ValueError(f"num_channels must be >= 2 (ISAC has a DC and a Nyquist channel), got {num_channels}")
    if not isinstance(scale, str) or scale not in ISAC_BANDWIDTH_FACTORS:
        raise ValueError(f"scale must be one of {tuple(ISAC_BANDWIDTH_FACTORS)}, got {scale!r}")
    nyq = fs / 2.0
    if f_max is None:
        f_max = nyq
    else:
        f_max = _v.real_number(
            f_max, "f_max", low=0.0, high=nyq, high_inclusive=True, what=f"in (0, fs/2 = {nyq:g}] Hz"
        )
    if length is None:
        length_cap = math.ceil(fs)
    else:
        length_cap = _v.positive_int(length, "length")
    if kernel_size > length_cap:
        default = " (the default length is fs samples: pass a longer length)" if length is None else ""
        raise ValueError(
            f"kernel_size={kernel_size} is longer than the signal length={length_cap}{default}; "
            "the supports would be silently cut to the length"
        )
    if num_channels * length_cap > _v.MAX_ELEMENTS:  # blame the larger factor
        if length_cap >= num_channels:
            _check_bank(num_channels, length_cap, *(("fs", fs) if length is None else ("length", length)))
        _check_bank(num_channels, length_cap, "num_channels", num_channels)
    supp_mult = _v.positive_number(supp_mult, "supp_mult")

    conv = HANN_PROBE_BANDWIDTH / ISAC_BANDWIDTH_FACTORS[scale]
    fc_min = _isac_fc_of_bw(conv / kernel_size * fs, scale)
    kernel_min = round(conv / _isac_bw(f_max, scale) * fs)
    if fc_min >= f_max:
        f_max, kernel_min = fc_min, kernel_size
        fcs = [nyq * m / (num_channels - 1) for m in range(num_channels)]
    else:
        a_lo, a_hi = _isac_aud(fc_min, scale), _isac_aud(f_max, scale)
        s_lo = (_isac_aud(1.01 * fc_min, scale) - a_lo) / (0.01 * fc_min)
        s_hi = (_isac_aud(1.01 * f_max, scale) - a_hi) / (0.01 * f_max)

        def fwd(f: float) -> float:
            if f < fc_min:
                return s_lo * (f - fc_min) + a_lo
            if f > f_max:
                return s_hi * (f - f_max) + a_hi
            return _isac_aud(f, scale)

        def inv(a: float) -> float:
            if a < a_lo:
                return (a - a_lo) / s_lo + fc_min
            if a > a_hi:
                return (a - a_hi) / s_hi + f_max
            return _isac_freq(a, scale)

        a0, a1 = fwd(0.0), fwd(nyq)
        fcs = [inv(a0 + (a1 - a0) * m / (num_channels - 1)) for m in range(num_channels)]
        fcs[0], fcs[-1] = 0.0, nyq
    supports = []
    for f in fcs:
        if f < fc_min:
            t = kernel_size
        elif f > f_max:
            t = kernel_min
        else:
            t = round(conv / _isac_bw(f, scale) * fs)
        if supp_mult < 1:
            t = max(round(t * supp_mult), 8)
        else:
            t = min(round(t * supp_mult), length_cap)
        supports.append(t)
    kmin, kmax = min(supports), max(supports)
    return {
        "center_frequencies": fcs,
        "supports": supports,
        "fc_min": fc_min,
        "f_max": f_max,
        "kernel_size": kmax,
        "kernel_min": kmin,
        "stride": max(kmin // 2, 1),
    }


@_b.supports()
def isac(
    fs: float,
    kernel_size: int = 128,
    num_channels: int = 40,
    f_max: float | None = None,
    stride: int | None = None,
    length: int | None = None,
    supp_mult: float = 1.0,
    scale: str = "mel",
    *,
    xp: Any = None,
    device: Any = None,
    dtype: Any = None,
) -> FilterBank:
    """ISAC filterbank (the design of ``hybra.ISAC``), a real-signal frame.

    Channel m is ``g_m[n] = sqrt(d50) w_{T_m}[n - o_m] exp(2 pi i fc_m n / fs)``,
    ``n = 0 .. kernel_size-1``: a symmetric Hann window of support ``T_m``
    (unit L1 norm) centred in the kernel (``o_m = (kernel_size - T_m) // 2``),
    modulated with phase 0 at the kernel's first sample; the DC and Nyquist
    channels are scaled by ``1/sqrt(2)``; ``d50`` is the default stride (the
    scale ``hybra`` uses whatever stride is chosen).  Centre frequencies and
    supports: ``isac_layout``.  Kernels are centred (time origin at
    ``kernel_size // 2``, equal to ``hybra``'s for even kernel sizes).

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    kernel_size : int
        Maximal support in samples.
    num_channels : int
        Number of channels (>= 2).
    f_max : float, optional
        Upper end of the auditory part of the scale (default and at most fs/2).
    stride : int, optional
        Default: half the shortest support.
    length : int, optional
        Signal length; default ``fs`` rounded up to a multiple of the stride.
    supp_mult : float
        Multiplier of all supports.
    scale : {"mel", "erb", "log10"}
    xp, device, dtype
        Target namespace, device and real dtype.

    Returns
    -------
    FilterBank
        With ``design`` holding ``isac_layout``'s dictionary.

    Warns
    -----
    IllConditionedWarning
        When the condition number exceeds 1e3, naming ``stride``, ``kernel_size`` and
        ``num_channels``.

    Notes
    -----
    The defaults have condition number 1.50 to 1.63 for fs in {8, 16, 22.05, 44.1,
    48} kHz (table: ``docs/filterbanks.md``).

    Examples
    --------
    >>> from framekit.filterbanks.isac_design import isac
    >>> fb = isac(16000)
    >>> fb.stride, fb.length, fb.kernels.shape
    (16, 16000, (40, 128))
    >>> round(float(fb.condition_number()), 4)
    1.5902
    """
    lay = isac_layout(fs, kernel_size, num_channels, f_max, length, supp_mult, scale)
    xp, device, dtype = _setup(xp, device, dtype)
    fs = float(fs)
    d50 = lay["stride"]
    d = d50 if stride is None else _v.positive_int(stride, "stride")
    ks = lay["kernel_size"]
    supports = list(lay["supports"])
    supports[0] = ks
    gains = [math.sqrt(d50)] * num_channels
    gains[0] = gains[-1] = math.sqrt(d50 / 2.0)
    fcs = list(lay["center_frequencies"])
    kernels = _hann_kernels(xp, device, dtype, fs, fcs, supports, gains, ks, "start")
    L = _length(length, fs, d, ks, num_channels, "num_channels")
    fb = FilterBank(
        kernels, d, L, fs=fs, signal="real", center_frequencies=fcs,
        bandwidths=_enbw(kernels, fs), check_finite=False,
    )
    fb.design = dict(lay, name="isac", scale=scale)
    return _check_condition(
        fb, "isac", "lower stride (default: half the shortest support), or raise kernel_size or num_channels"
    )
