r"""Phase scattering and modulus (classical) STFT scattering, two layers, all channels at once.

A scattering transform cascades a time-frequency transform, a nonlinearity and a
second transform.  With ``STFT_1`` (window g1, hop a1, M1 channels) and ``STFT_2``
(g2, a2, M2) applied along the frame axis of every first-layer channel:

* **modulus scattering** (as in kymatio, with STFTs):
  ``S1[m1, n1] = |STFT_1 x|[m1, n1]`` and
  ``S2[m1, m2, n2] = |STFT_2(S1[m1, .])|[m2, n2]``;
* **phase scattering**: the first layer gives a phase derivative per channel,
  the instantaneous frequency (``layer1="frequency"``, Hz) or the local group
  delay (``layer1="delay"``, seconds relative to the frame), see
  :func:`framekit.phase_derivatives`.  Each channel's sequence v over the frames
  is centred and normalised,

  .. math::  \hat v = \frac{v - (\max v + \min v)/2}{\max |v|}

  (the spec's ``(v - (max + min)/2) / max`` for positive sequences such as
  frequencies; a constant channel gives 0), and the second STFT's
  instantaneous frequency, group delay or modulus (``layer2``) is taken,
  at the first layer's frame rate ``fs / a1``.  ``layer1="delay",
  layer2="frequency"`` is the *mixed* variant.

With ``average=True`` each layer is averaged over its time frames:
``S1`` has shape ``(..., F1)`` and ``S2`` ``(..., F1, F2)``; otherwise ``S1`` is
``(..., F1, N1)`` and ``S2`` is ``(..., F1, F2, N2)``.  The second layer runs over
blocks of first-layer channels so that its working memory stays bounded (about
``2^22`` coefficients per block), whatever M1.
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .._validate import check_elements, flag, positive_int, positive_number, shape_count
from .phase import _derivatives
from .short_time import _BOUNDARIES, _layout, _signal, stft
from .windows import _parse

__all__ = ["modulus_scattering", "phase_scattering"]

_LAYER1 = ("frequency", "delay")
_LAYER2 = ("frequency", "delay", "modulus")
_BLOCK = 2**22  # second-layer coefficients computed at once


def _choice(value: Any, name: str, options: tuple[str, ...]) -> str:
    if value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def _normalize(xp: Any, v: Any) -> Any:
    """``(v - (max + min) / 2) / max |v|`` along the last axis (0 for an all-zero sequence)."""
    top = xp.max(v, axis=-1, keepdims=True)
    bottom = xp.min(v, axis=-1, keepdims=True)
    scale = xp.max(xp.abs(v), axis=-1, keepdims=True)
    scale = xp.where(scale > 0, scale, xp.ones_like(scale))  # finite values and gradients
    return (v - 0.5 * (top + bottom)) / scale


def _check_window(xp: Any, x: Any, window: Any, n_fft: int, name: str, n_fft_name: str,
                  check_finite: bool) -> int:
    """Check one layer's window under its own name (window1, window2); its length."""
    if not _b.is_array(window):
        _parse(window, name)
        check_elements(n_fft, f"{n_fft_name} = {n_fft} (the {name})")
        return n_fft
    _b.namespace_and_device(("x", x), (name, window))
    if window.ndim != 1 or window.shape[0] < 1:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {tuple(window.shape)}")
    if check_finite:
        (g,) = _b.as_float(xp, window)
        _b.check_finite(xp, g, name)
    return int(window.shape[0])


def _check_layers(xp: Any, x: Any, window1: Any, hop1: Any, n_fft1: Any, window2: Any, hop2: Any,
                  n_fft2: Any, boundary: str, check_finite: bool) -> tuple[int, int, int, int]:
    """Every argument of both layers checked up front, so that errors name the layer's
    argument (hop2, not hop) and no layer starts on arguments the next would refuse."""
    hop1, n_fft1 = positive_int(hop1, "hop1"), positive_int(n_fft1, "n_fft1")
    hop2, n_fft2 = positive_int(hop2, "hop2"), positive_int(n_fft2, "n_fft2")
    if boundary not in _BOUNDARIES:
        raise ValueError(f"boundary must be one of {_BOUNDARIES}, got {boundary!r}")
    t1 = _check_window(xp, x, window1, n_fft1, "window1", "n_fft1", check_finite)
    t2 = _check_window(xp, x, window2, n_fft2, "window2", "n_fft2", check_finite)
    lay1 = _layout(x.shape[-1], t1, hop1, n_fft1, boundary, False, names=("window1", "hop1", "n_fft1"))
    n1 = lay1.n_frames
    if t2 > n1:
        raise ValueError(
            f"window2 has length {t2}, but the first layer gives only {n1} frames per channel; "
            "use a longer signal, a smaller hop1 or a shorter window2"
        )
    lay2 = _layout(n1, t2, hop2, n_fft2, boundary, False, signal=f"the first layer's {n1} frames per channel",
                   names=("window2", "hop2", "n_fft2"))
    n_sig = shape_count(tuple(x.shape[:-1]))
    if n_sig is not None:
        f1, f2 = n_fft1 // 2 + 1, n_fft2 // 2 + 1
        check_elements(n_sig * f1 * n1, f"hop1 = {hop1} and n_fft1 = {n_fft1} (the first layer)")
        check_elements(n_sig * f1 * f2 * lay2.n_frames, f"hop2 = {hop2} and n_fft2 = {n_fft2} (the second layer)")
    return hop1, n_fft1, hop2, n_fft2


def _second_layer(xp: Any, seq: Any, window: Any, hop: int, n_fft: int, fs: float, boundary: str,
                  floor: float, kind: str, average: bool) -> Any:
    """The second layer on every channel of ``seq`` (..., F1, N1), in channel blocks."""
    n1 = seq.shape[-1]
    channels = seq.shape[-2]
    per_channel = math.prod(seq.shape[:-2]) * (n_fft // 2 + 1) * (n1 // max(hop, 1) + 1) * 3
    block = max(1, _BLOCK // max(per_channel, 1))
    parts = []
    for start in range(0, channels, block):
        part = seq[..., start : min(start + block, channels), :]
        if kind == "modulus":
            out = xp.abs(stft(part, window, hop, n_fft, boundary=boundary, check_finite=False))
        else:
            inst, delay, _ = _derivatives(part, window, hop, n_fft, fs, boundary, False, floor, False,
                                          anchored=False)
            out = xp.matrix_transpose(inst if kind == "frequency" else delay)
        parts.append(xp.mean(out, axis=-1) if average else out)
    axis = -2 if average else -3
    return parts[0] if len(parts) == 1 else xp.concat(parts, axis=axis)


@_b.supports()
def phase_scattering(
    x: Any,
    window1: Any,
    hop1: int,
    n_fft1: int,
    window2: Any,
    hop2: int,
    n_fft2: int,
    *,
    fs: float = 1.0,
    layer1: str = "frequency",
    layer2: str = "frequency",
    average: bool = True,
    boundary: str = "circular",
    floor: float = 1e-6,
    check_finite: bool = True,
) -> tuple[Any, Any]:
    """Two-layer phase scattering of real signals (see the module docstring).

    Parameters
    ----------
    x : real array, shape (..., L)
    window1, hop1, n_fft1 : first STFT (as for :func:`framekit.stft`).
    window2, hop2, n_fft2 : second STFT, along the frames of each first-layer channel.
    fs : float
        Sampling rate of x in Hz; the second layer works at ``fs / hop1``.
    layer1 : {"frequency", "delay"}
        First-layer phase derivative: instantaneous frequency or local group delay.
    layer2 : {"frequency", "delay", "modulus"}
        What the second layer keeps of the STFT of the normalised sequences.
    average : bool
        Average each layer over its frames.
    boundary : {"circular", "zeros"}
        Boundary of both STFTs (circular needs ``hop1 | L`` and ``hop2 | L / hop1``).
    floor : float
        Energy floor of the phase derivatives, see :func:`framekit.phase_derivatives`.
    check_finite : bool
        Check x for NaN/inf.

    Returns
    -------
    S1 : real array, shape (..., F1) or (..., F1, N1)
        First-layer phase derivative (Hz or s), time-averaged or not.
    S2 : real array, shape (..., F1, F2) or (..., F1, F2, N2)
        Second layer (Hz, s or modulus) for every first-layer channel.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.tf.scattering import phase_scattering
    >>> fs = 2000.0
    >>> t = np.arange(4000) / fs
    >>> x = np.cos(2 * np.pi * (500 * t - 30 / (2 * np.pi * 10) * np.cos(2 * np.pi * 10 * t)))
    >>> S1, S2 = phase_scattering(x, ("gauss", 4.0), 10, 100, ("gauss", 8.0), 10, 100, fs=fs,
    ...                           layer2="modulus")
    >>> S1.shape, S2.shape                          # 51 channels, 51 modulation bins
    ((51,), (51, 51))
    >>> m1 = int(np.argmin(abs(np.fft.rfftfreq(100, 1 / fs) - 500)))   # the 500 Hz channel
    >>> float(np.fft.rfftfreq(100, 10 / fs)[np.argmax(S2[m1, 1:]) + 1])  # its modulation, Hz
    10.0
    """
    _choice(layer1, "layer1", _LAYER1)
    _choice(layer2, "layer2", _LAYER2)
    average = flag(average, "average")
    fs = positive_number(fs, "fs")
    xp, _, x = _signal(x, check_finite)
    if xp.isdtype(x.dtype, "complex floating"):
        raise TypeError("x must be real: phase_scattering takes real signals (x is complex)")
    hop1, n_fft1, hop2, n_fft2 = _check_layers(xp, x, window1, hop1, n_fft1, window2, hop2, n_fft2,
                                               boundary, check_finite)
    inst, delay, _ = _derivatives(x, window1, hop1, n_fft1, fs, boundary, False, floor, False,
                                  anchored=False)
    v = xp.matrix_transpose(inst if layer1 == "frequency" else delay)  # (..., F1, N1)
    S2 = _second_layer(xp, _normalize(xp, v), window2, hop2, n_fft2, fs / hop1, boundary, floor,
                       layer2, average)
    return (xp.mean(v, axis=-1) if average else v), S2


@_b.supports()
def modulus_scattering(
    x: Any,
    window1: Any,
    hop1: int,
    n_fft1: int,
    window2: Any,
    hop2: int,
    n_fft2: int,
    *,
    average: bool = True,
    boundary: str = "circular",
    check_finite: bool = True,
) -> tuple[Any, Any]:
    """Classical two-layer modulus scattering with STFTs: ``|STFT_1 x|`` and ``|STFT_2 |STFT_1 x||``.

    Parameters and returns as for :func:`phase_scattering` (without the phase
    options); ``S1`` and ``S2`` are moduli.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.tf.scattering import modulus_scattering
    >>> fs = 2000.0
    >>> t = np.arange(4000) / fs
    >>> x = (1 + 0.5 * np.cos(2 * np.pi * 10 * t)) * np.cos(2 * np.pi * 500 * t)  # 10 Hz tremolo
    >>> S1, S2 = modulus_scattering(x, "hann", 10, 100, ("gauss", 8.0), 10, 100)
    >>> m1 = int(np.argmax(S1))
    >>> mod = np.fft.rfftfreq(100, 10 / fs)          # modulation frequencies, 2 Hz apart
    >>> float(mod[np.argmax(S2[m1, 3:]) + 3])         # above the mean's own (DC) lobe
    10.0
    """
    average = flag(average, "average")
    xp, _, x = _signal(x, check_finite)
    if xp.isdtype(x.dtype, "complex floating"):
        raise TypeError("x must be real: modulus_scattering takes real signals (x is complex)")
    hop1, n_fft1, hop2, n_fft2 = _check_layers(xp, x, window1, hop1, n_fft1, window2, hop2, n_fft2,
                                               boundary, check_finite)
    S1 = xp.abs(stft(x, window1, hop1, n_fft1, boundary=boundary, check_finite=False))
    S2 = _second_layer(xp, S1, window2, hop2, n_fft2, 1.0, boundary, 1e-6, "modulus", average)
    return (xp.mean(S1, axis=-1) if average else S1), S2
