"""The baselines of the MuReNN paper: one wide learnable convolution, and LEAF-style Gabor filters.

Both are strided circular convolutions of real signals with complex kernels, computed by
:class:`~framekit.FilterBank` (no second convolution code), with a common output hop.
"""

from __future__ import annotations

import math
from typing import Any

import torch

from .. import _validate as _v
from ..filterbanks import FilterBank, aud_to_freq, freq_to_aud
from ._frame import check_signal, real_dtype

__all__ = ["Conv1D", "Gabor1D"]


class _Strided(torch.nn.Module):
    """A learnable strided convolution layer, applied through :class:`~framekit.FilterBank`."""

    hop: int
    fs: float | None
    kernel_size: int

    def current_kernels(self) -> torch.Tensor:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_filterbank(self, length: int) -> FilterBank:
        """The layer on signals of ``length`` samples (a multiple of ``hop``): a
        :class:`~framekit.FilterBank` of the current kernels (centred, differentiable)."""
        length = _v.positive_int(length, "length")
        return FilterBank(
            self.current_kernels(), self.hop, length, fs=self.fs, signal="real",
            origin=self.kernel_size // 2, check_finite=False,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Complex coefficients ``(B, K, L / hop)`` (or with a channel axis); circular."""
        x = check_signal(x, "x", multiple=self.hop)
        if x.shape[-1] < self.kernel_size:
            raise ValueError(f"x must be at least kernel_size={self.kernel_size} samples long, got {x.shape[-1]}")
        return self.to_filterbank(x.shape[-1]).analysis(x, check_finite=False)


class Conv1D(_Strided):
    """One wide learnable complex convolution with stride ``hop`` (the paper's Conv1D baseline).

    .. math:: c_k[n] = (x \\circledast w_k)[n \\cdot hop], \\quad w_k \\in \\mathbb{C}^{T}

    Parameters
    ----------
    num_channels : int
    kernel_size : int
        T (taps; centred kernels).
    hop : int
        Output stride.
    fs : float, optional
        Metadata.
    seed : int, optional
        Seed of the Gaussian initialisation (variance 1/(2T) per part).
    dtype, device
    """

    def __init__(
        self,
        num_channels: int,
        kernel_size: int,
        hop: int,
        *,
        fs: float | None = None,
        seed: int | None = None,
        dtype: Any = None,
        device: Any = None,
    ) -> None:
        super().__init__()
        K = _v.positive_int(num_channels, "num_channels")
        T = _v.positive_int(kernel_size, "kernel_size")
        self.hop = _v.positive_int(hop, "hop")
        self.fs = None if fs is None else _v.positive_number(fs, "fs", "a positive sampling rate in Hz")
        dtype = real_dtype(dtype)
        seed = _v.seed(seed)
        self.num_channels, self.kernel_size = K, T
        gen = None if seed is None else torch.Generator(device="cpu").manual_seed(seed)
        std = (1.0 / (2.0 * T)) ** 0.5
        self.kernels_real = torch.nn.Parameter((torch.randn(K, T, generator=gen, dtype=dtype) * std).to(device))
        self.kernels_imag = torch.nn.Parameter((torch.randn(K, T, generator=gen, dtype=dtype) * std).to(device))

    def current_kernels(self) -> torch.Tensor:
        """``(K, T)`` complex."""
        return torch.complex(self.kernels_real, self.kernels_imag)

    def extra_repr(self) -> str:
        return f"num_channels={self.num_channels}, kernel_size={self.kernel_size}, hop={self.hop}"


#: LEAF's clamps of the Gaussian width, in samples: sigma in [SIGMA_MIN, T * SIGMA_MIN / 4].
_SIGMA_MIN = 4.0 * math.sqrt(2.0 * math.log(2.0)) / math.pi


class Gabor1D(_Strided):
    """LEAF-style Gabor filters: learnable centre frequency and bandwidth per channel.

    .. math::

        w_k[t] = \\frac{1}{\\sqrt{2\\pi}\\,\\sigma_k}
                 e^{-t^2 / (2 \\sigma_k^2)} e^{i \\eta_k t},
        \\quad t = -\\lfloor T/2 \\rfloor \\ldots,

    ``eta_k`` in rad/sample clamped to ``[0, pi]``, ``sigma_k`` in samples clamped as in LEAF
    (``[4 sqrt(2 ln 2)/pi, T sqrt(2 ln 2)/pi]``).  Initialised as LEAF does: centre frequencies
    equidistant on the mel scale from ``f_min`` to ``f_max`` and widths whose full width at half
    maximum in frequency is the mel band's (twice the spacing of the neighbours).

    Parameters
    ----------
    num_channels, kernel_size, hop, fs
        As in :class:`Conv1D` (``fs`` required: the mel initialisation is in Hz).
    f_min, f_max : float
        Range of the initial centre frequencies (default 60 Hz to fs/2).
    dtype, device
    """

    def __init__(
        self,
        num_channels: int,
        kernel_size: int,
        hop: int,
        *,
        fs: float,
        f_min: float = 60.0,
        f_max: float | None = None,
        dtype: Any = None,
        device: Any = None,
    ) -> None:
        super().__init__()
        K = _v.positive_int(num_channels, "num_channels")
        T = _v.positive_int(kernel_size, "kernel_size")
        self.hop = _v.positive_int(hop, "hop")
        self.fs = _v.positive_number(fs, "fs", "a positive sampling rate in Hz")
        dtype = real_dtype(dtype)
        nyq = self.fs / 2.0
        f_max = nyq if f_max is None else _v.real_number(f_max, "f_max", low=0.0, high=nyq, high_inclusive=True, what=f"in (0, {nyq:g}] Hz")
        f_min = _v.real_number(f_min, "f_min", low=0.0, high=f_max, low_inclusive=True, what=f"in [0, {f_max:g}) Hz")
        self.num_channels, self.kernel_size = K, T
        a0, a1 = freq_to_aud(f_min, "mel"), freq_to_aud(f_max, "mel")
        # K + 2 mel points: channel k is the band between points k and k + 2 (a mel filterbank)
        pts = [float(aud_to_freq(a0 + (a1 - a0) * i / (K + 1), "mel")) for i in range(K + 2)]
        fc = pts[1:-1]
        fwhm = [max(pts[i + 2] - pts[i], 1e-6) for i in range(K)]
        eta = [2.0 * math.pi * f / self.fs for f in fc]
        sigma = [math.sqrt(2.0 * math.log(2.0)) * self.fs / (math.pi * w) for w in fwhm]
        self.center = torch.nn.Parameter(torch.tensor(eta, dtype=dtype, device=device))
        self.width = torch.nn.Parameter(torch.tensor(sigma, dtype=dtype, device=device))

    def current_kernels(self) -> torch.Tensor:
        """``(K, T)`` complex Gabor kernels of the current (clamped) parameters."""
        T = self.kernel_size
        eta = torch.clamp(self.center, 0.0, math.pi)[:, None]
        sigma = torch.clamp(self.width, _SIGMA_MIN, T * _SIGMA_MIN / 4.0)[:, None]
        t = torch.arange(T, dtype=eta.dtype, device=eta.device)[None, :] - float(T // 2)
        env = torch.exp(-0.5 * (t / sigma) ** 2) / (math.sqrt(2.0 * math.pi) * sigma)
        return torch.polar(env, eta * t)

    def extra_repr(self) -> str:
        return f"num_channels={self.num_channels}, kernel_size={self.kernel_size}, hop={self.hop}"
