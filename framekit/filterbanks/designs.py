"""Auditory filterbank designs returning :class:`~framekit.FilterBank` frames.

* :func:`gammatone` -- 4th-order (or any order) complex gammatone filters,
  ERB-spaced.
* :func:`cqt` -- constant-Q (CQT) and variable-Q (VQT) filterbanks.
* :func:`third_octave` -- ANSI S1.11 / IEC 61260 third-octave bands, base 2
  or base 10.
* :func:`from_center_frequencies` -- the generic constructor: Hann-windowed
  complex exponentials with given centre frequencies and bandwidths.

All are real-signal frames (``signal="real"``: complex analytic filters applied
to real signals) unless stated.  Each takes ``xp`` (array library, default
NumPy), ``device`` and ``dtype`` (real floating dtype; kernels are complex of
the matching precision).  Design arithmetic (centre frequencies, supports) is
done in Python floats, so it does not depend on the backend.

When ``length`` is None the signal length defaults to ``fs`` samples rounded
up to a multiple of the stride (as ``hybra`` does); an explicit ``length``
must be a multiple of the stride.

The ISAC design (``hybra``'s) is in :mod:`framekit.filterbanks.isac_design`; it uses the
shared helpers below.
"""

from __future__ import annotations

import math
import numbers
import warnings
from typing import Any

from .. import _backend as _b
from .. import _validate as _v
from . import scales as _scales
from .filterbank import FilterBank, _check_bank

__all__ = ["IllConditionedWarning", "cqt", "from_center_frequencies", "gammatone", "third_octave"]


class IllConditionedWarning(UserWarning):
    """A design gave a filterbank whose condition number exceeds :data:`KAPPA_WARN` (or that
    is not a frame at all).

    Raised (as a warning) at construction by :func:`~framekit.isac`,
    :func:`~framekit.gammatone`, :func:`~framekit.cqt`, :func:`~framekit.third_octave` and
    :func:`~framekit.from_center_frequencies`; the message gives the condition number and
    names the parameters to change (``stride``, ``n_bins``, ``residuals``...).  Turn it into
    an error with ``warnings.simplefilter("error", framekit.IllConditionedWarning)``.
    """


#: Condition number above which a design warns (:class:`IllConditionedWarning`).
KAPPA_WARN = 1e3


# --------------------------------------------------------------------------
# shared helpers (also used by framekit.filterbanks.isac_design)
# --------------------------------------------------------------------------


def _setup(xp: Any, device: Any, dtype: Any) -> tuple[Any, Any, Any]:
    xp = _b.get_namespace(xp)
    dtype = _v.float_dtype(xp, dtype)
    if device is None:
        device = xp.__array_namespace_info__().default_device()
    return xp, device, dtype


def _check_fs(fs: Any) -> float:
    return _v.positive_number(fs, "fs", "a positive sampling rate in Hz")


#: The longest kernel support a design may compute from its parameters (bandwidths, ``b``,
#: ``order``, ``bins_per_octave``...): 2**26 taps (23 minutes at 48 kHz), far beyond any
#: auditory filter; a larger one is a typo or a unit mistake, refused before any list or
#: array of that length is built.
_MAX_TAPS = 2**26


def _check_taps(taps: float, because: str) -> None:
    """Refuse a designed kernel support longer than :data:`_MAX_TAPS`."""
    if taps > _MAX_TAPS:
        raise ValueError(
            f"{because} give kernels of {taps:.3g} taps, too large (the limit is 2**26 taps, "
            "23 minutes at 48 kHz)"
        )


def _float_list(values: Any, name: str) -> list[float]:
    """A 1-D sequence or array of real numbers (one per channel) as a list of Python floats."""
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


def _length(
    length: int | None, fs: float, stride: int, longest: int, K: int = 1, k_name: str = "num_channels"
) -> int:
    """The signal length (default: fs rounded up to a multiple of the stride), checked; the
    (K, length) filterbank must stay within :data:`framekit._validate.MAX_ELEMENTS` (the error
    blames the argument that made it large)."""
    given = length is not None
    if length is None:
        length = -(-max(math.ceil(fs), longest) // stride) * stride
    else:
        length = _v.positive_int(length, "length")
        if length % stride:
            raise ValueError(
                f"length={length} is not a multiple of stride={stride}; use "
                f"length={-(-length // stride) * stride} (and pad the signal) or another stride"
            )
    if longest > length:
        raise ValueError(f"length={length} is shorter than the longest kernel ({longest} taps)")
    if K * length > _v.MAX_ELEMENTS:
        if given and length >= K:
            _check_bank(K, length, "length", length)
        elif not given and stride > max(math.ceil(fs), longest):
            _check_bank(K, length, "stride", stride)
        elif K >= length:
            _check_bank(K, length, k_name, K)
        _check_bank(K, length, "fs", fs)
    return length


def _hann_kernels(
    xp: Any,
    device: Any,
    dtype: Any,
    fs: float,
    center_frequencies: list[float],
    supports: list[int],
    gains: list[float],
    kernel_size: int,
    phase_origin: str,
) -> Any:
    """Kernels ``gain * w_T[n - o] * exp(2 pi i fc (n - n0) / fs)``, shape (K, kernel_size).

    ``w_T`` is the symmetric Hann window of length T (``w_1 = [1]``; ``w_2 = [1, 1]``,
    since the symmetric Hann window of length 2 is zero) with unit
    L1 norm, placed at offset ``o = (kernel_size - T) // 2``.  ``n0 = 0``
    (``phase_origin="start"``, ISAC) or ``kernel_size // 2`` (``"center"``).
    """
    n = xp.arange(kernel_size, dtype=dtype, device=device)[None, :]
    T = xp.asarray([float(t) for t in supports], dtype=dtype, device=device)[:, None]
    off = xp.asarray([float((kernel_size - t) // 2) for t in supports], dtype=dtype, device=device)[:, None]
    local = n - off
    inside = (local >= 0.0) & (local < T)
    denom = xp.where(T > 2.0, T - 1.0, xp.ones_like(T))
    w = xp.where(T > 2.0, 0.5 - 0.5 * xp.cos((2.0 * math.pi) * local / denom), xp.ones_like(local))
    w = xp.where(inside, w, xp.zeros_like(w))
    w = w / xp.sum(w, axis=-1, keepdims=True)
    fc = xp.asarray([float(f) for f in center_frequencies], dtype=dtype, device=device)[:, None]
    n0 = 0.0 if phase_origin == "start" else float(kernel_size // 2)
    phase = (2.0 * math.pi / fs) * fc * (n - n0)
    g = xp.asarray([float(v) for v in gains], dtype=dtype, device=device)[:, None] * w
    cdt = _b.complex_dtype(xp, dtype)
    return xp.astype(g * xp.cos(phase), cdt) + 1j * xp.astype(g * xp.sin(phase), cdt)


def _check_condition(fb: FilterBank, design: str, advice: str) -> FilterBank:
    """Warn (:class:`IllConditionedWarning`) when the design's condition number exceeds
    :data:`KAPPA_WARN`; the exact polyphase ``FilterBank.condition_number`` (cached on the
    bank, so a later call costs nothing).  Skipped where it cannot be read now: lazy arrays,
    and backends without ``eigvalsh`` (Dask)."""
    xp = fb.xp
    if _b.unsupported_reason(FilterBank.condition_number, _b.backend_name(xp)) or _b.is_lazy(fb.kernels):
        return fb
    kappa = float(fb.condition_number())
    if kappa > KAPPA_WARN:
        what = "is not a frame (lower frame bound A = 0)" if math.isinf(kappa) else (
            f"has condition number {kappa:.3g} > {KAPPA_WARN:g}"
        )
        warnings.warn(
            IllConditionedWarning(
                f"{design}: the filterbank (K={fb.num_channels}, stride={fb.stride}, "
                f"length={fb.length}) {what}; {advice}"
            ),
            stacklevel=3,
        )
    return fb


def _enbw(kernels: Any, fs: float) -> Any:
    """Equivalent noise bandwidth in Hz of each kernel: ``fs sum|h|^2 / (sum|h|)^2``."""
    xp, _ = _b.namespace_and_device(("kernels", kernels))
    mag = xp.abs(kernels)
    bw = fs * xp.sum(mag * mag, axis=-1) / xp.sum(mag, axis=-1) ** 2
    return bw


# --------------------------------------------------------------------------
# generic constructor, CQT/VQT, third-octave
# --------------------------------------------------------------------------


def _hann_support(fs: float, bw: float) -> int:
    """Support of a Hann window whose equivalent noise bandwidth is ``bw`` Hz (~1.5 fs / T)."""
    return max(round(1.5 * fs / bw), 1)


@_b.supports()
def from_center_frequencies(
    fs: float,
    center_frequencies: Any,
    bandwidths: Any,
    *,
    stride: int | None = None,
    length: int | None = None,
    residuals: bool = False,
    xp: Any = None,
    device: Any = None,
    dtype: Any = None,
) -> FilterBank:
    """Filterbank of Hann-windowed complex exponentials with given centres and bandwidths.

    Channel k is ``h_k[n] = w_{T_k}[n - o_k] exp(2 pi i fc_k (n - n0) / fs)``: a
    symmetric Hann window of support ``T_k = round(1.5 fs / bw_k)`` (its
    equivalent noise bandwidth is ``bw_k``; unit L1 norm, so the gain at
    ``fc_k`` is 1), centred in a kernel of the longest support, modulated with
    phase 0 at the kernel centre ``n0``.  A real-signal frame.

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    center_frequencies, bandwidths : sequence of float
        In Hz; ``0 <= fc <= fs/2``, ``bw > 0``.
    stride : int, optional
        Default: half the shortest support (residual channels included).
    length : int, optional
        Default: fs rounded up to a multiple of the stride.
    residuals : bool
        Add a real lowpass channel at 0 Hz and a real highpass channel at fs/2, both
        Hann windows scaled by ``1/sqrt(2)`` (a real filter counts twice in the frame
        operator of real signals), so that the filterbank covers all frequencies (a
        frame of all real signals).  Their -6 dB points (``fs / T`` from the centre, for
        support T) meet the lowest and the highest channel at their centres: lowpass
        support ``round(fs / fc_min)``, highpass support ``round(fs / (fs/2 - fc_max))``
        but at most the highest channel's support (and both at most the longest).
    xp, device, dtype
        Target namespace, device and real dtype.

    Warns
    -----
    IllConditionedWarning
        When the condition number exceeds 1e3 (:class:`~framekit.IllConditionedWarning`).

    Examples
    --------
    >>> from framekit.filterbanks.designs import from_center_frequencies
    >>> fb = from_center_frequencies(8000, [500.0, 1000.0, 2000.0], [400.0, 800.0, 1600.0], residuals=True)
    >>> fb.kernels.shape, fb.stride, fb.length, round(float(fb.condition_number()), 2)
    ((5, 30), 2, 8000, 2.17)

    Narrow bands with gaps between them are no frame; the design warns:

    >>> import warnings, framekit
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     fb = from_center_frequencies(8000, [500.0, 1000.0, 2000.0], [200.0, 300.0, 500.0])
    >>> caught[0].category is framekit.IllConditionedWarning, fb.stride
    (True, 12)
    """
    fb = _hann_bank(fs, center_frequencies, bandwidths, stride, length, residuals, xp, device, dtype)
    return _check_condition(
        fb, "from_center_frequencies", "lower stride, pass residuals=True (covers 0 Hz and fs/2), or "
        "close the gaps between bands (more center_frequencies, wider bandwidths)",
    )


def _hann_bank(
    fs: Any, center_frequencies: Any, bandwidths: Any, stride: Any, length: Any, residuals: Any,
    xp: Any, device: Any, dtype: Any,
) -> FilterBank:
    """:func:`from_center_frequencies` without the condition check (its callers check)."""
    fs = _check_fs(fs)
    fcs = _float_list(center_frequencies, "center_frequencies")
    bws = _float_list(bandwidths, "bandwidths")
    residuals = _v.flag(residuals, "residuals")
    if not fcs:
        raise ValueError("center_frequencies is empty (zero channels); give at least one frequency")
    if len(bws) != len(fcs):
        raise ValueError(
            f"bandwidths must have one value per centre frequency ({len(fcs)}), got {len(bws)}"
        )
    nyq = fs / 2.0
    for f in fcs:
        if not (0.0 <= f <= nyq):
            raise ValueError(f"center_frequencies must lie in [0, fs/2 = {nyq:g}] Hz, got {f:g}")
    for b in bws:
        if not (b > 0 and math.isfinite(b)):
            raise ValueError(f"bandwidths must be positive and finite, got {b!r}")
    _check_taps(1.5 * fs / min(bws), f"bandwidths down to {min(bws):.3g} Hz at fs={fs:g} Hz")
    supports = [_hann_support(fs, b) for b in bws]
    gains = [1.0] * len(fcs)
    if residuals:
        longest = max(supports)
        # -6 dB points (fs / T from the centre) at the lowest and the highest centre
        lo = min(max(round(fs / max(min(fcs), fs / longest)), 1), longest)
        t_top = supports[fcs.index(max(fcs))]
        top = nyq - max(fcs)
        hi = min(max(round(fs / top), 1), t_top) if top > 0 else t_top
        fcs, supports, gains = [0.0, *fcs, nyq], [lo, *supports, hi], [0.5**0.5, *gains, 0.5**0.5]
    d = max(min(supports) // 2, 1) if stride is None else _v.positive_int(stride, "stride")
    ks = max(supports)
    L = _length(length, fs, d, ks, len(fcs), "center_frequencies")
    xp, device, dtype = _setup(xp, device, dtype)
    kernels = _hann_kernels(xp, device, dtype, fs, fcs, supports, gains, ks, "center")
    fb = FilterBank(
        kernels, d, L, fs=fs, signal="real", center_frequencies=fcs,
        bandwidths=_enbw(kernels, fs), check_finite=False,
    )
    fb.design = {"name": "hann", "supports": supports, "residuals": residuals}
    return fb


@_b.supports()
def cqt(
    fs: float,
    f_min: float = 32.70319566257483,
    n_bins: int | None = None,
    bins_per_octave: int = 12,
    *,
    gamma: float = 0.0,
    stride: int | None = None,
    length: int | None = None,
    residuals: bool = True,
    xp: Any = None,
    device: Any = None,
    dtype: Any = None,
) -> FilterBank:
    """Constant-Q (``gamma = 0``) or variable-Q (``gamma > 0``) filterbank.

    ``Q = 1 / (2^{1/B} - 1)`` for ``B = bins_per_octave``; bin k has centre
    ``fc_k = f_min 2^{k/B}`` and a Hann window of support
    ``round(Q fs / (fc_k + gamma))`` (unit L1 norm: gain 1 at ``fc_k``),
    modulated with phase 0 at the kernel centre.  A real-signal frame.

    The defaults are a good frame at every sampling rate: the bins reach up to Nyquist
    and the residual channels cover 0 .. f_min and the top bin .. fs/2, so that the
    condition number is at most 6.3 for fs in {8, 16, 22.05, 44.1, 48} kHz and
    ``bins_per_octave`` in {3, 12, 24, 36} (table: ``docs/filterbanks.md``).

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    f_min : float
        Lowest centre frequency (default C1, 32.70 Hz).
    n_bins : int, optional
        Default: every bin whose upper -6 dB point ``fc (1 + 1/Q)`` lies below fs/2
        (83 bins at 8 kHz, 112 at 44.1 kHz, 12 bins per octave).  Fewer bins leave a gap
        below fs/2 that one short real highpass residual covers; its support sets the
        default stride (``cqt(16000, n_bins=84)``, bins up to 3.95 kHz: stride 2,
        condition number 6.33; ``cqt(8000, 110.0, 36)``: stride 1, 2.77).  The design
        cannot reach 10 when the gap is much wider than the bins: ``cqt(48000, 1000.0,
        12)`` (one octave) has 93.5 even at stride 1.  Strides above the default degrade
        it (23 to 43 at twice the default); above 1e3 an
        :class:`~framekit.IllConditionedWarning` names the parameters.
    bins_per_octave : int
    gamma : float
        VQT bandwidth offset in Hz (>= 0).
    stride : int, optional
        Default: half the shortest support (residual channels included).
    length : int, optional
        Default: fs rounded up to a multiple of the stride.
    residuals : bool
        Add the lowpass (0 Hz) and highpass (fs/2) channels of
        :func:`from_center_frequencies` so that all frequencies are covered;
        without them only the windows' sidelobes reach 0 Hz and fs/2, and the
        frame is very badly conditioned (condition number ~1e7 at the example's
        settings).
    xp, device, dtype
        Target namespace, device and real dtype.

    Warns
    -----
    IllConditionedWarning
        When the condition number exceeds 1e3, naming ``stride``, ``n_bins`` and
        ``residuals``.

    Examples
    --------
    >>> from framekit.filterbanks.designs import cqt
    >>> fb = cqt(8000, f_min=110.0, n_bins=60)
    >>> fb.num_channels, fb.stride, round(float(fb.center_frequencies[1]), 1)
    (62, 6, 110.0)
    """
    fs = _check_fs(fs)
    bins_per_octave = _v.positive_int(bins_per_octave, "bins_per_octave")
    f_min = _v.positive_number(f_min, "f_min", "a positive finite frequency in Hz")
    gamma = _v.real_number(gamma, "gamma", low=0.0, low_inclusive=True, what="a finite number of Hz >= 0")
    _v.flag(residuals, "residuals")
    if n_bins is None:
        # every bin whose upper -6 dB point f (1 + 1/Q) = f 2^(1/B) is below Nyquist
        fill = math.floor(bins_per_octave * math.log2(fs / 2.0 / f_min) - 1.0)
        if fill < 0:
            raise ValueError(
                f"f_min={f_min} Hz leaves no bin below Nyquist fs/2 = {fs / 2:g} Hz (the lowest "
                f"bin's band ends at {f_min * 2.0 ** (1.0 / bins_per_octave):.1f} Hz); lower f_min"
            )
        n_bins = fill + 1
    n_bins = _v.positive_int(n_bins, "n_bins")
    # the top bin in octaves above f_min, compared before any list is built (no overflow)
    top_octaves = (n_bins - 1) / bins_per_octave
    if top_octaves >= math.log2(fs / 2.0 / f_min):
        top = f"{f_min * 2.0 ** top_octaves:.1f} Hz" if top_octaves < 1000 else f"f_min 2^{top_octaves:.4g} Hz"
        raise ValueError(
            f"the top bin {top} (f_min={f_min}, n_bins={n_bins}) is above Nyquist "
            f"fs/2 = {fs / 2:g} Hz; lower f_min or n_bins"
        )
    q = 1.0 / (2.0 ** (1.0 / bins_per_octave) - 1.0)
    _check_taps(
        q * fs / (f_min + gamma), f"bins_per_octave={bins_per_octave}, f_min={f_min} and gamma={gamma}"
    )
    fcs = [float(f_min) * 2.0 ** (k / bins_per_octave) for k in range(n_bins)]
    # a Hann window of support T has ENBW 1.5 fs / T: express the CQT supports as bandwidths
    bws = [1.5 * (f + gamma) / q for f in fcs]
    fb = _hann_bank(fs, fcs, bws, stride, length, residuals, xp, device, dtype)
    fb.design.update(name="cqt" if gamma == 0 else "vqt", q=q, gamma=float(gamma))
    return _check_condition(
        fb, "cqt", "lower stride (e.g. stride=1), leave n_bins=None (bins up to Nyquist) or raise "
        "n_bins, and keep residuals=True",
    )


@_b.supports()
def third_octave(
    fs: float,
    f_min: float = 25.0,
    f_max: float | None = None,
    *,
    base: int = 10,
    stride: int | None = None,
    length: int | None = None,
    residuals: bool = True,
    xp: Any = None,
    device: Any = None,
    dtype: Any = None,
) -> FilterBank:
    """Third-octave bands (ANSI S1.11 / IEC 61260), base 2 or base 10.

    Exact mid-band frequencies ``fc = 1000 G^{k/3}`` with the octave ratio
    ``G = 2`` (base 2) or ``G = 10^{3/10}`` (base 10, i.e. ``1000 10^{k/10}``),
    for the bands that overlap ``[f_min, f_max]`` (band edges below): 25 Hz to
    20 kHz gives the 30 bands of nominal frequencies 25 Hz .. 20 kHz, plus the two
    residual channels = 32.  Band edges are
    ``fc G^{+-1/6}``; each band is a Hann filter (see
    :func:`from_center_frequencies`) whose equivalent noise bandwidth equals
    the band width ``fc (G^{1/6} - G^{-1/6})``.  These are FIR frame filters
    with the standard centres and bandwidths, not the standard's IIR
    class-1 filter responses.

    ``f_max`` defaults to 20 kHz, clipped to Nyquist: the bands whose centre lies
    below fs/2 are kept (32 channels at 44.1 and 48 kHz, 25 at 8 kHz), and the highpass
    residual covers the rest.  An explicit ``f_max`` whose band lies above Nyquist
    raises.  The defaults (with the residual channels) have condition number at most 6.3
    for fs in {8, 16, 22.05, 44.1, 48} kHz, in both bases (table:
    ``docs/filterbanks.md``).  Without the residual channels (``residuals=False``) no
    band covers 0 Hz and fs/2 and the condition number is of order 1e5 or more; the
    :class:`~framekit.IllConditionedWarning` names ``residuals`` and ``stride``.

    Examples
    --------
    >>> from framekit.filterbanks.designs import third_octave
    >>> fb = third_octave(44100)
    >>> fb.num_channels, round(float(fb.center_frequencies[17]), 2)
    (32, 1000.0)
    """
    fs = _check_fs(fs)
    if isinstance(base, bool) or base not in (2, 10):
        raise ValueError(f"base must be 2 or 10, got {base!r}")
    f_min = _v.real_number(f_min, "f_min", what="a finite frequency in Hz")
    clip = f_max is None  # the default 20 kHz, clipped to the bands below Nyquist
    f_max = 20000.0 if f_max is None else _v.real_number(f_max, "f_max", what="a finite frequency in Hz")
    if not 0 < f_min <= f_max:
        raise ValueError(f"need 0 < f_min <= f_max, got f_min={f_min!r}, f_max={f_max!r}")
    _v.flag(residuals, "residuals")
    G = 2.0 if base == 2 else 10.0 ** 0.3
    band = lambda f: 3.0 * math.log(f / 1000.0) / math.log(G)
    # the bands that overlap [f_min, f_max]: band edges are half a band from the centre
    ks = range(math.ceil(band(f_min) - 0.5), math.floor(band(f_max) + 0.5) + 1)
    fcs = [1000.0 * G ** (k / 3.0) for k in ks]
    if clip:
        fcs = [f for f in fcs if f < fs / 2.0]
    if not fcs:
        raise ValueError(f"no third-octave band between f_min={f_min} and f_max={f_max} Hz")
    if fcs[-1] > fs / 2.0:
        raise ValueError(
            f"f_max={f_max} Hz gives a band at {fcs[-1]:.0f} Hz, above Nyquist fs/2 = {fs / 2:g} Hz"
        )
    bws = [f * (G ** (1.0 / 6.0) - G ** (-1.0 / 6.0)) for f in fcs]
    _check_taps(1.5 * fs / bws[0], f"f_min={f_min} (a lowest band at {fcs[0]:.3g} Hz) and fs={fs:g}")
    fb = _hann_bank(fs, fcs, bws, stride, length, residuals, xp, device, dtype)
    fb.design.update(name="third_octave", base=base, band_edges=[(f * G ** (-1 / 6), f * G ** (1 / 6)) for f in fcs])
    return _check_condition(fb, "third_octave", "lower stride (e.g. stride=1) and keep residuals=True")


# --------------------------------------------------------------------------
# gammatone
# --------------------------------------------------------------------------


def _gammatone_support(fs: float, order: int, rate: float, level_db: float) -> float:
    """Samples until the envelope t^(n-1) e^(-rate t) falls below level_db after its peak."""
    if order == 1:
        t_end = -level_db / 20.0 * math.log(10.0) / rate
    else:
        t_pk = (order - 1) / rate
        target = level_db / 20.0 * math.log(10.0)

        def rel(t: float) -> float:  # log of envelope / peak
            return (order - 1) * math.log(t / t_pk) - rate * (t - t_pk)

        lo, hi = t_pk, 2.0 * t_pk
        while rel(hi) > target:
            lo, hi = hi, 2.0 * hi
        for _ in range(80):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if rel(mid) > target else (lo, mid)
        t_end = hi
    return t_end * fs + 1.0  # samples (a float: the caller checks it before rounding up)


@_b.supports()
def gammatone(
    fs: float,
    num_channels: int = 32,
    f_min: float = 50.0,
    f_max: float | None = None,
    *,
    order: int = 4,
    b: float = 1.019,
    level_db: float = -60.0,
    stride: int = 1,
    length: int | None = None,
    residuals: bool = True,
    xp: Any = None,
    device: Any = None,
    dtype: Any = None,
) -> FilterBank:
    """Complex gammatone filterbank, ERB-spaced; a real-signal frame.

    ``h_k(t) = t^{n-1} exp(-2 pi b ERB(fc_k) t) exp(2 pi i fc_k t)``, ``t = m / fs``,
    ``m >= 0`` (causal: the kernel's time origin is its first sample), with
    ``ERB(f) = 24.7 + f / 9.265``, centre frequencies equidistant on the ERB scale
    from ``f_min`` to ``f_max``, normalized to gain 1 at ``fc_k`` (unit L1 norm
    of the envelope).  All kernels are truncated where the envelope of the
    lowest channel falls ``level_db`` below its peak.

    With ``residuals`` (the default) two real channels are added, scaled by
    ``1/sqrt(2)`` (a real filter counts twice in the frame operator of real signals): a
    lowpass, the same envelope at 0 Hz with twice the ERB of ``f_min``, and a highpass,
    the envelope at fs/2 with the ERB of ``f_max``.  They cover 0 .. f_min and
    f_max .. fs/2, where the ERB-spaced channels leave the frame operator near zero
    (condition number 88 to 101 without them at the defaults, fs from 8 to 48 kHz;
    1.8 to 2.3 with them, table in ``docs/filterbanks.md``).  The default stride 1 is
    the safe one; the defaults stay below 2.3 up to stride 8 and below 5.6 at stride 16,
    but break down at stride 32 (1.5e7 at 8 kHz, not a frame at 44.1 kHz).

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    num_channels : int
    f_min, f_max : float
        Lowest and highest centre frequencies (``f_max`` default ``0.9 fs/2``,
        at most fs/2).
    order : int
        Filter order n (4: the classical gammatone).
    b : float
        Bandwidth factor.
    level_db : float
        Truncation level of the envelope, in dB (< 0).
    stride : int
    length : int, optional
        Default: fs rounded up to a multiple of the stride (and at least the kernel).
    residuals : bool
        Add the lowpass (0 Hz) and highpass (fs/2) channels: ``num_channels + 2``
        channels in all.
    xp, device, dtype
        Target namespace, device and real dtype.

    Warns
    -----
    IllConditionedWarning
        When the condition number exceeds 1e3, naming ``stride`` and ``residuals``.

    Examples
    --------
    >>> from framekit.filterbanks.designs import gammatone
    >>> fb = gammatone(16000, num_channels=24, stride=2)
    >>> fb.kernels.shape, fb.origin
    ((26, 1220), 0)
    """
    fs = _check_fs(fs)
    num_channels = _v.positive_int(num_channels, "num_channels")
    order = _v.positive_int(order, "order")
    nyq = fs / 2.0
    f_max = 0.9 * nyq if f_max is None else _v.real_number(f_max, "f_max", what="a finite frequency in Hz")
    if not (f_max <= nyq):
        raise ValueError(f"f_max must be at most fs/2 = {nyq:g} Hz, got {f_max!r}")
    f_min = _v.real_number(
        f_min, "f_min", low=0.0, high=f_max, high_inclusive=True, what=f"in (0, f_max] = (0, {f_max:g}] Hz"
    )
    b = _v.positive_number(b, "b", "a positive finite bandwidth factor")
    level_db = _v.real_number(level_db, "level_db", high=0.0, what="a negative finite level in dB")
    stride = _v.positive_int(stride, "stride")
    residuals = _v.flag(residuals, "residuals")
    # the lowest channel (f_min) has the narrowest ERB, the slowest decay, the longest support
    rate_min = 2.0 * math.pi * b * _scales.aud_bandwidth(f_min, "erb")
    taps = _gammatone_support(fs, order, rate_min, level_db)
    _check_taps(taps, f"order={order}, b={b}, level_db={level_db} and f_min={f_min}")
    T = math.ceil(taps)
    L = _length(length, fs, stride, T, num_channels + 2 * residuals, "num_channels")
    a0, a1 = _scales.freq_to_aud(float(f_min), "erb"), _scales.freq_to_aud(float(f_max), "erb")
    steps = [m / max(num_channels - 1, 1) for m in range(num_channels)]
    fcs = [_scales.aud_to_freq(a0 + (a1 - a0) * s, "erb") for s in steps]
    fcs[0], fcs[-1] = float(f_min), (float(f_max) if num_channels > 1 else float(f_min))
    rates = [2.0 * math.pi * b * _scales.aud_bandwidth(f, "erb") for f in fcs]
    gains = [1.0] * num_channels
    if residuals:  # the lowpass (twice f_min's ERB) decays faster than the f_min channel: it fits
        fcs, gains = [0.0, *fcs, nyq], [0.5**0.5, *gains, 0.5**0.5]
        rates = [2.0 * rates[0], *rates, rates[-1]]
    xp, device, dtype = _setup(xp, device, dtype)
    t = xp.arange(T, dtype=dtype, device=device)[None, :] / fs
    rate = xp.asarray(rates, dtype=dtype, device=device)[:, None]
    if order == 1:
        env = xp.exp(-rate * t)
    else:
        # t^(n-1) e^(-rate t) relative to its peak at t = (n-1)/rate, in the log domain:
        # the direct product overflows (inf * 0 = NaN) for high orders
        n1 = float(order - 1)
        t_pk = n1 / rate
        tt = xp.where(t > 0.0, t, t_pk)  # t = 0 (envelope 0) evaluated at the peak: no overflow
        log_rel = n1 * xp.log(tt / t_pk) - rate * (tt - t_pk)
        env = xp.where(t > 0.0, xp.exp(log_rel), xp.zeros_like(log_rel))
    env = env / xp.sum(env, axis=-1, keepdims=True)
    env = xp.asarray(gains, dtype=dtype, device=device)[:, None] * env
    phase = (2.0 * math.pi) * xp.asarray(fcs, dtype=dtype, device=device)[:, None] * t
    cdt = _b.complex_dtype(xp, dtype)
    kernels = xp.astype(env * xp.cos(phase), cdt) + 1j * xp.astype(env * xp.sin(phase), cdt)
    fb = FilterBank(
        kernels, stride, L, fs=fs, signal="real", origin=0, center_frequencies=fcs,
        bandwidths=_enbw(kernels, fs), check_finite=False,
    )
    fb.design = {"name": "gammatone", "order": order, "b": b, "level_db": level_db, "residuals": residuals}
    return _check_condition(fb, "gammatone", "lower stride (stride=1 is the default) and keep residuals=True")
