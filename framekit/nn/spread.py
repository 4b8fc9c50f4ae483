"""Time-frequency localisation of filters: the Heisenberg spread of each impulse response."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import torch

from ..filterbanks import FilterBank

__all__ = ["HeisenbergSpread", "heisenberg_spread"]


class HeisenbergSpread(NamedTuple):
    """Per-filter spreads (tensors of shape (K,)): ``time`` (samples, or seconds with ``fs``),
    ``frequency`` (cycles per sample, or Hz with ``fs``), and their ``product``
    (dimensionless, at least ``1 / (4 pi)``: equality for Gaussians)."""

    time: torch.Tensor
    frequency: torch.Tensor
    product: torch.Tensor


def _circular_spread(p: torch.Tensor) -> torch.Tensor:
    """Standard deviation of the index under the weights p (last axis), measured around the
    energy peak (the axis is rolled so that each row's peak sits in the middle)."""
    n = p.shape[-1]
    peak = torch.argmax(p, dim=-1, keepdim=True)
    idx = torch.arange(n, device=p.device)[None, :]
    pos = torch.remainder(idx - peak + n // 2, n).to(p.dtype)  # peak at n // 2
    w = p / torch.sum(p, dim=-1, keepdim=True)
    mean = torch.sum(w * pos, dim=-1, keepdim=True)
    return torch.sqrt(torch.sum(w * (pos - mean) ** 2, dim=-1))


def heisenberg_spread(filters: Any, *, fs: float | None = None, n_fft: int | None = None) -> HeisenbergSpread:
    """Heisenberg spreads of each filter: the time-frequency localisation of the MuReNN paper.

    .. math::

        \\sigma_t^2 = \\frac{\\sum_t (t - \\bar t)^2 |h[t]|^2}{\\|h\\|^2},\\quad
        \\sigma_\\nu^2 = \\frac{\\sum_\\nu (\\nu - \\bar \\nu)^2 |\\hat h(\\nu)|^2}{\\|\\hat h\\|^2},\\quad
        \\sigma_t \\sigma_\\nu \\ge \\frac{1}{4\\pi},

    both measured circularly around the energy peak (time on the kernel's axis, frequency on
    an ``n_fft``-point DFT grid in cycles/sample; default ``n_fft`` = 4 times the kernel
    length).  Differentiable for torch input.

    Parameters
    ----------
    filters : tensor or array (K, T), or a FilterBank, or a module with ``to_filterbank()``
        Impulse responses (a FilterBank's ``kernels``; ``fs`` is taken from it if not given).
    fs : float, optional
        Express the spreads in seconds and Hz.
    n_fft : int, optional

    Returns
    -------
    HeisenbergSpread
        ``(time, frequency, product)``, each of shape (K,).

    Examples
    --------
    >>> import torch
    >>> from framekit.nn import heisenberg_spread
    >>> t = torch.arange(256, dtype=torch.float64) - 128
    >>> g = torch.exp(-0.5 * (t / 10.0) ** 2)[None, :]
    >>> round(float(heisenberg_spread(g).product[0] * 4 * torch.pi), 6)
    1.0
    """
    if isinstance(filters, torch.nn.Module) and hasattr(filters, "to_filterbank"):
        try:
            filters = getattr(filters, "to_filterbank")()  # noqa: B009 - a Module attribute
        except TypeError:  # MuReNN and the baselines need a length
            raise TypeError(
                "filters is a module whose to_filterbank needs a length; pass module.to_filterbank(length)"
            ) from None
    if isinstance(filters, FilterBank):
        fs = filters.fs if fs is None else fs
        filters = filters.kernels
    if isinstance(filters, np.ndarray):
        filters = torch.from_numpy(filters)
    if not isinstance(filters, torch.Tensor):
        raise TypeError(f"filters must be a (K, T) tensor or array, a FilterBank or a module, got {type(filters).__name__}")
    if filters.ndim != 2 or filters.shape[-1] < 2:
        raise ValueError(f"filters must have shape (K, T) with T >= 2, got shape {tuple(filters.shape)}")
    if not (filters.is_floating_point() or filters.is_complex()):
        filters = filters.to(torch.get_default_dtype())
    T = filters.shape[-1]
    n_fft = 4 * T if n_fft is None else int(n_fft)
    if n_fft < T:
        raise ValueError(f"n_fft must be at least the filter length {T}, got {n_fft}")
    p_t = torch.real(filters) ** 2 + torch.imag(filters) ** 2 if filters.is_complex() else filters**2
    if bool((torch.sum(p_t, dim=-1) == 0).any()):
        raise ValueError("filters has an all-zero filter: its spreads are undefined")
    H = torch.fft.fft(filters, n=n_fft, dim=-1)
    p_f = torch.real(H) ** 2 + torch.imag(H) ** 2
    sigma_t = _circular_spread(p_t)
    sigma_f = _circular_spread(p_f) / n_fft
    if fs is not None:
        sigma_t, sigma_f = sigma_t / fs, sigma_f * fs
    return HeisenbergSpread(sigma_t, sigma_f, sigma_t * sigma_f)


