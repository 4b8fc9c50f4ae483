"""Named analysis windows for the STFT, created on any backend.

Every window exists in two forms:

* **periodic** (``sym=False``, the default; "DFT-even"): the first ``T`` samples
  of a window of period ``T``.  This is the right choice for spectral analysis
  and for Gabor frames, and it is what :func:`framekit.stft` uses for a name.
* **symmetric** (``sym=True``): ``w[k] = w[T - 1 - k]``, the filter-design form.

The cosine-sum windows are ``w[k] = sum_j (-1)^j a_j cos(2 pi j k / D)`` with
``D = T`` (periodic) or ``D = T - 1`` (symmetric) and the coefficients of
scipy.signal's windows of the same names.  The Gaussian is parametrised by its
time-frequency ratio ``tfr`` (as in LTFAT):

    g[k] = exp(-pi (k - k_c)^2 / (tfr * n_fft)),   k_c = T/2 (periodic) or (T-1)/2

so that ``tfr = 1`` spreads equally over samples and over the ``n_fft``
frequency bins; larger ``tfr`` gives a longer window and finer frequency
resolution.
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .._validate import check_elements, flag, float_dtype, positive_int, positive_number

__all__ = ["WINDOW_NAMES", "get_window"]

_COSINE_SUMS: dict[str, tuple[float, ...]] = {
    "boxcar": (1.0,),
    "hann": (0.5, 0.5),
    "hamming": (0.54, 0.46),
    "blackman": (0.42, 0.50, 0.08),
}

#: The window names :func:`get_window` (and :func:`framekit.stft`) accept.
WINDOW_NAMES = (*_COSINE_SUMS, "gauss")


def _parse(window: Any, name: str = "window", *, arrays: bool = True) -> tuple[str, float | None]:
    """Split ``"name"`` or ``("name", param)`` into the name and the parameter.

    ``name`` is the argument's name in error messages; ``arrays`` says whether the caller
    also accepts an array there (for the message only: arrays never reach this function).
    """
    param: float | None = None
    if isinstance(window, str):
        wname = window
    elif isinstance(window, tuple) and len(window) == 2 and isinstance(window[0], str):
        wname, param = window[0], positive_number(window[1], f"{name} parameter")
    else:
        kinds = "a name, a (name, parameter) tuple or a 1-D array" if arrays else \
            "a name or a (name, parameter) tuple"
        raise TypeError(f"{name} must be {kinds}, got {window!r}")
    wname = wname.lower()
    if wname not in WINDOW_NAMES:
        raise ValueError(f"unknown {name} {wname!r}; expected one of {WINDOW_NAMES}")
    if param is not None and wname != "gauss":
        raise ValueError(f"{name} {wname!r} takes no parameter, got {param!r}")
    return wname, param


def get_window(
    window: str | tuple[str, float],
    length: int,
    *,
    n_fft: int | None = None,
    sym: bool = False,
    xp: Any = None,
    dtype: Any = None,
    device: Any = None,
) -> Any:
    """Create a named window.

    Parameters
    ----------
    window : str or (str, float)
        One of ``"boxcar"``, ``"hann"``, ``"hamming"``, ``"blackman"``,
        ``"gauss"``; the Gaussian takes its time-frequency ratio as
        ``("gauss", tfr)`` (default ``tfr = 1``).
    length : int
        Number of samples T.
    n_fft : int, optional
        FFT length the Gaussian's ``tfr`` refers to (default ``length``).
    sym : bool
        Symmetric instead of periodic window (see the module docstring).
    xp : namespace or array library, optional
        Backend to create the window on (default NumPy).
    dtype, device : optional
        Real floating dtype (default: the namespace's default float) and device.

    Returns
    -------
    array, shape (length,)

    Examples
    --------
    >>> from framekit.tf.windows import get_window
    >>> print(get_window("hann", 4))
    [0.  0.5 1.  0.5]
    >>> print(get_window("hann", 5, sym=True))
    [0.  0.5 1.  0.5 0. ]
    """
    name, param = _parse(window, arrays=False)
    length = positive_int(length, "length")
    if n_fft is not None:
        n_fft = positive_int(n_fft, "n_fft")
    sym = flag(sym, "sym")
    xp = _b.get_namespace(xp)
    dtype = float_dtype(xp, dtype, device=device)
    check_elements(length, f"length = {length} (the window)")
    k = xp.arange(length, dtype=dtype, device=device)
    if name == "gauss":
        tfr = 1.0 if param is None else param
        centre = (length - 1) / 2 if sym else length / 2
        return xp.exp((-math.pi / (tfr * (n_fft or length))) * (k - centre) ** 2)
    coefs = _COSINE_SUMS[name]
    period = length - 1 if sym else length
    if period == 0 or len(coefs) == 1:
        return xp.ones(length, dtype=dtype, device=device)
    w = xp.full((length,), coefs[0], dtype=dtype, device=device)
    for j, a_j in enumerate(coefs[1:], start=1):
        w = w + ((-1.0) ** j * a_j) * xp.cos((2.0 * math.pi * j / period) * k)
    return w
