r"""Phase scattering and modulus (classical) STFT scattering, two layers, all channels at once.

A scattering transform cascades a time-frequency transform, a nonlinearity and a
second transform.  With ``STFT_1`` (``n_fft1``, ``hop_length1``, ``win_length1``,
``window1``: M1 channels, hop a1) and ``STFT_2`` (``n_fft2``, ``hop_length2``,
``win_length2``, ``window2``) applied along the frame axis of every first-layer channel,
both with :func:`framekit.stft`'s framing and the shared ``center`` and ``pad_mode``:

* **modulus scattering** (as in kymatio, with STFTs):
  ``S1[m1, n1] = |STFT_1 x|[m1, n1]`` and
  ``S2[m1, m2, n2] = |STFT_2(S1[m1, .])|[m2, n2]``;
* **phase scattering**: the first layer gives a phase derivative per channel,
  the instantaneous frequency (``layer1="frequency"``) or the local group
  delay (``layer1="delay"``, relative to the frame's centre), see
  :func:`framekit.phase_derivatives`: cycles per sample and samples for the
  default ``fs = 1``, Hz and seconds for fs in Hz.  Each channel's sequence v over
  the frames is centred and normalised,

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
from .._validate import check_elements, flag, positive_number, shape_count
from .phase import _derivatives
from .short_time import _layout, _Names, _signal, _sizes, stft
from .windows import _parse

__all__ = ["modulus_scattering", "phase_scattering"]

_LAYER1 = ("frequency", "delay")
_LAYER2 = ("frequency", "delay", "modulus")
_BLOCK = 2**22  # second-layer coefficients computed at once
_NAMES = (_Names("window1", "hop_length1", "n_fft1", "win_length1"),
          _Names("window2", "hop_length2", "n_fft2", "win_length2"))

# one layer's STFT: (n_fft, hop_length, win_length, window)
_Layer = tuple[int, int, int, Any]


def _choice(value: Any, name: str, options: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def _normalize(xp: Any, v: Any) -> Any:
    """``(v - (max + min) / 2) / max |v|`` along the last axis (0 for an all-zero sequence)."""
    top = xp.max(v, axis=-1, keepdims=True)
    bottom = xp.min(v, axis=-1, keepdims=True)
    scale = xp.max(xp.abs(v), axis=-1, keepdims=True)
    scale = xp.where(scale > 0, scale, xp.ones_like(scale))  # finite values and gradients
    return (v - 0.5 * (top + bottom)) / scale


def _check_window(xp: Any, x: Any, window: Any, win_length: int, names: _Names, check_finite: bool) -> None:
    """Check one layer's window under its own name (window1, window2)."""
    if not _b.is_array(window):
        _parse(window, names.window)
        check_elements(win_length, f"{names.win_length} = {win_length} (the {names.window})")
        return
    _b.namespace_and_device(("x", x), (names.window, window))
    if check_finite:
        (g,) = _b.as_float(xp, window)
        _b.check_finite(xp, g, names.window)


def _check_layers(xp: Any, x: Any, args1: tuple[Any, ...], args2: tuple[Any, ...], center: Any,
                  pad_mode: Any, check_finite: bool) -> tuple[_Layer, _Layer]:
    """Every argument of both layers checked up front, so that errors name the layer's
    argument (hop_length2, not hop_length) and no layer starts on arguments the next would
    refuse.  ``args`` are ``(n_fft, hop_length, win_length, window)`` as given."""
    center = flag(center, "center")
    layers = []
    length, signal = x.shape[-1], None
    n_sig = shape_count(tuple(x.shape[:-1]))
    count = n_sig
    for args, names in zip((args1, args2), _NAMES):
        n_fft, hop, win_length, window = args
        M, a, T = _sizes(n_fft, hop, win_length, window, names)
        _check_window(xp, x, window, T, names, check_finite)
        lay = _layout(length, T, a, M, pad_mode, center, signal=signal, names=names)
        if count is not None:
            count *= (M // 2 + 1) * lay.n_frames
            check_elements(count, f"{names.hop} = {a} and {names.n_fft} = {M} (the "
                           f"{'first' if names is _NAMES[0] else 'second'} layer)")
            count //= lay.n_frames
        layers.append((M, a, T, window))
        length = lay.n_frames
        signal = f"the first layer's {length} frames per channel"
    return layers[0], layers[1]


def _second_layer(xp: Any, seq: Any, layer: _Layer, center: bool, pad_mode: str, fs: float,
                  floor: float, kind: str, average: bool) -> Any:
    """The second layer on every channel of ``seq`` (..., F1, N1), in channel blocks."""
    M, a, T, window = layer
    n1 = seq.shape[-1]
    channels = seq.shape[-2]
    per_channel = math.prod(seq.shape[:-2]) * (M // 2 + 1) * ((n1 + M) // a + 1) * 3
    block = max(1, _BLOCK // max(per_channel, 1))
    parts = []
    for start in range(0, channels, block):
        part = seq[..., start : min(start + block, channels), :]
        if kind == "modulus":
            out = xp.abs(stft(part, n_fft=M, hop_length=a, win_length=T, window=window, center=center,
                              pad_mode=pad_mode, check_finite=False))
        else:
            inst, delay, _, _ = _derivatives(part, M, a, T, window, center, pad_mode, fs, floor, False,
                                             anchored=False)
            out = xp.matrix_transpose(inst if kind == "frequency" else delay)
        parts.append(xp.mean(out, axis=-1) if average else out)
    axis = -2 if average else -3
    return parts[0] if len(parts) == 1 else xp.concat(parts, axis=axis)


@_b.supports()
@_b.lazy_batch()
def phase_scattering(
    x: Any,
    *,
    n_fft1: int,
    hop_length1: int | None = None,
    win_length1: int | None = None,
    window1: Any = "hann",
    n_fft2: int,
    hop_length2: int | None = None,
    win_length2: int | None = None,
    window2: Any = "hann",
    center: bool = True,
    pad_mode: str = "constant",
    fs: float = 1.0,
    layer1: str = "frequency",
    layer2: str = "frequency",
    average: bool = True,
    floor: float = 1e-6,
    check_finite: bool = True,
) -> tuple[Any, Any]:
    """Two-layer phase scattering of real signals (see the module docstring).

    Parameters
    ----------
    x : real array, shape (..., L)
    n_fft1, hop_length1, win_length1, window1
        The first STFT, as ``n_fft, hop_length, win_length, window`` of
        :func:`framekit.stft` (same defaults: ``hop_length1 = win_length1 // 4``, hann).
    n_fft2, hop_length2, win_length2, window2
        The second STFT, along the frames of each first-layer channel.
    center, pad_mode
        As for :func:`framekit.stft`, for both layers (``"circular"`` needs
        ``hop_length1 | L`` and ``hop_length2 | N1``).
    fs : float
        Sampling rate of x (default 1: cycles per sample and samples; Hz and seconds for
        fs in Hz); the second layer works at ``fs / hop_length1``.
    layer1 : {"frequency", "delay"}
        First-layer phase derivative: instantaneous frequency or local group delay.
    layer2 : {"frequency", "delay", "modulus"}
        What the second layer keeps of the STFT of the normalised sequences.
    average : bool
        Average each layer over its frames.
    floor : float
        Energy floor of the phase derivatives, see :func:`framekit.phase_derivatives`.
    check_finite : bool
        Check x (and array windows) for NaN/inf.

    Returns
    -------
    S1 : real array, shape (..., F1) or (..., F1, N1)
        First-layer phase derivative (a frequency or a delay), time-averaged or not.
    S2 : real array, shape (..., F1, F2) or (..., F1, F2, N2)
        Second layer (frequency, delay or modulus) for every first-layer channel.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.tf.scattering import phase_scattering
    >>> fs = 2000.0
    >>> t = np.arange(4000) / fs
    >>> x = np.cos(2 * np.pi * (500 * t - 30 / (2 * np.pi * 10) * np.cos(2 * np.pi * 10 * t)))
    >>> S1, S2 = phase_scattering(x, n_fft1=100, hop_length1=10, window1=("gauss", 4.0),
    ...                           n_fft2=100, hop_length2=10, window2=("gauss", 8.0),
    ...                           pad_mode="circular", fs=fs, layer2="modulus")
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
    first, second = _check_layers(xp, x, (n_fft1, hop_length1, win_length1, window1),
                                  (n_fft2, hop_length2, win_length2, window2), center, pad_mode,
                                  check_finite)
    inst, delay, _, _ = _derivatives(x, *first, center, pad_mode, fs, floor, False, anchored=False)
    v = xp.matrix_transpose(inst if layer1 == "frequency" else delay)  # (..., F1, N1)
    S2 = _second_layer(xp, _normalize(xp, v), second, center, pad_mode, fs / first[1], floor,
                       layer2, average)
    return (xp.mean(v, axis=-1) if average else v), S2


@_b.supports()
@_b.lazy_batch()
def modulus_scattering(
    x: Any,
    *,
    n_fft1: int,
    hop_length1: int | None = None,
    win_length1: int | None = None,
    window1: Any = "hann",
    n_fft2: int,
    hop_length2: int | None = None,
    win_length2: int | None = None,
    window2: Any = "hann",
    center: bool = True,
    pad_mode: str = "constant",
    average: bool = True,
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
    >>> S1, S2 = modulus_scattering(x, n_fft1=100, hop_length1=10, n_fft2=100, hop_length2=10,
    ...                             window2=("gauss", 8.0), pad_mode="circular")
    >>> m1 = int(np.argmax(S1))
    >>> mod = np.fft.rfftfreq(100, 10 / fs)          # modulation frequencies, 2 Hz apart
    >>> float(mod[np.argmax(S2[m1, 3:]) + 3])         # above the mean's own (DC) lobe
    10.0
    """
    average = flag(average, "average")
    xp, _, x = _signal(x, check_finite)
    if xp.isdtype(x.dtype, "complex floating"):
        raise TypeError("x must be real: modulus_scattering takes real signals (x is complex)")
    first, second = _check_layers(xp, x, (n_fft1, hop_length1, win_length1, window1),
                                  (n_fft2, hop_length2, win_length2, window2), center, pad_mode,
                                  check_finite)
    M, a, T, window = first
    S1 = xp.abs(stft(x, n_fft=M, hop_length=a, win_length=T, window=window, center=center,
                     pad_mode=pad_mode, check_finite=False))
    S2 = _second_layer(xp, S1, second, center, pad_mode, 1.0, 1e-6, "modulus", average)
    return (xp.mean(S1, axis=-1) if average else S1), S2
