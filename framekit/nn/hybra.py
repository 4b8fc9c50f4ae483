"""HybrA: an ISAC auditory filterbank followed by learned short per-channel encoder convolutions."""

from __future__ import annotations

from typing import Any

import torch

from .. import _validate as _v
from ..stability import aliasing_terms, tightness_penalty
from ._frame import FilterBankModule, real_dtype
from .isac import ISAC

__all__ = ["HybrA"]


class HybrA(FilterBankModule):
    """Hybrid auditory filterbank ("Hold me tight"): ISAC filters convolved with learned filters.

    Channel k of the hybrid filterbank is the linear convolution of the ISAC kernel
    ``g_k`` (``kernel_size`` taps) with a learned complex encoder kernel ``e_k``
    (``encoder_size`` taps):

    .. math::

        h_k = g_k * e_k, \\qquad c_k[n] = (x \\circledast h_k)[n d],

    ``kernel_size + encoder_size - 1`` taps, time origin at ``origin(g) + encoder_size // 2``
    (a centred encoder kernel).  Applying ISAC and then the encoder channel by channel (before
    decimation) is the same transform.  :meth:`inverse` is exact (canonical dual of the
    hybrid filterbank, recomputed when the encoder changes); :meth:`tightness` is the
    Parseval objective of :func:`framekit.tightness_penalty` on the hybrid kernels, to add
    to a training loss.

    Parameters
    ----------
    fs : float
    kernel_size, num_channels, stride, length, scale, f_max
        The ISAC part (:class:`framekit.nn.ISAC`); ``length`` must hold the hybrid kernels.
    encoder_size : int
        Taps of each learned encoder kernel (default 23, as in the paper).
    encoder_noise : float
        The encoder starts as a centred unit impulse (HybrA = ISAC) plus complex Gaussian
        noise of this standard deviation per tap, divided by ``sqrt(encoder_size)``.
    learnable_isac : bool
        Train the ISAC kernels too (default: fixed, as in the paper).
    seed : int, optional
        Seed of the encoder's initial noise (default: torch's global generator).
    dtype, device
        As in :class:`~framekit.nn.ISAC`.

    Examples
    --------
    >>> import torch
    >>> from framekit.nn import HybrA
    >>> m = HybrA(16000, length=1024, seed=0, dtype=torch.float64)
    >>> x = torch.randn(1, 1024, dtype=torch.float64)
    >>> bool(torch.allclose(m.inverse(m(x)), x, atol=1e-12))
    True
    >>> m.tightness().shape
    torch.Size([])
    """

    def __init__(
        self,
        fs: float,
        *,
        kernel_size: int = 128,
        num_channels: int = 40,
        f_max: float | None = None,
        stride: int | None = None,
        length: int | None = None,
        scale: str = "mel",
        encoder_size: int = 23,
        encoder_noise: float = 0.1,
        learnable_isac: bool = False,
        seed: int | None = None,
        dtype: Any = None,
        device: Any = None,
    ) -> None:
        super().__init__()
        dtype = real_dtype(dtype)
        encoder_size = _v.positive_int(encoder_size, "encoder_size")
        noise = _v.real_number(encoder_noise, "encoder_noise", low=0.0, low_inclusive=True, what="a finite number >= 0")
        seed = _v.seed(seed)
        self.isac = ISAC(
            fs, kernel_size=kernel_size, num_channels=num_channels, f_max=f_max, stride=stride,
            length=length, scale=scale, learnable=learnable_isac, dtype=dtype, device=device,
        )
        T = self.isac.kernel_size + encoder_size - 1
        if T > self.isac.length:
            raise ValueError(
                f"encoder_size={encoder_size} gives hybrid kernels of {T} taps, longer than length={self.isac.length}"
            )
        self.fs, self.stride, self.length = self.isac.fs, self.isac.stride, self.isac.length
        self.num_channels, self.encoder_size = self.isac.num_channels, encoder_size
        self.origin = self.isac.origin + encoder_size // 2
        K = self.num_channels
        dev = self.isac.kernels_real.device
        gen = None if seed is None else torch.Generator(device="cpu").manual_seed(seed)
        scale_ = noise / encoder_size**0.5
        er = torch.randn(K, encoder_size, generator=gen, dtype=dtype) * scale_
        ei = torch.randn(K, encoder_size, generator=gen, dtype=dtype) * scale_
        er[:, encoder_size // 2] += 1.0
        self.encoder_real = torch.nn.Parameter(er.to(dev))
        self.encoder_imag = torch.nn.Parameter(ei.to(dev))

    def encoder_kernels(self) -> torch.Tensor:
        """The learned encoder kernels ``(K, encoder_size)``, complex."""
        return torch.complex(self.encoder_real, self.encoder_imag)

    def current_kernels(self) -> torch.Tensor:
        """The hybrid kernels ``g_k * e_k``, shape ``(K, kernel_size + encoder_size - 1)``."""
        g, e = self.isac.current_kernels(), self.encoder_kernels()
        n = g.shape[-1] + e.shape[-1] - 1
        return torch.fft.ifft(torch.fft.fft(g, n=n, dim=-1) * torch.fft.fft(e, n=n, dim=-1), dim=-1)

    @property
    def kernels(self) -> torch.Tensor:
        """The hybrid kernels (as :meth:`current_kernels`)."""
        return self.current_kernels()

    def tightness(self, beta: float = 1.0, level: float | None = None, n_fft: int | None = None) -> torch.Tensor:
        """The Parseval objective of the hybrid kernels, a loss term (0-d tensor).

        ``framekit.tightness_penalty(kernels, stride, n_fft, beta=beta, level=level)``: at
        stride 1, ``beta (B/A - 1)`` of the Littlewood-Paley sum; strided, ``beta R`` with
        ``R = ||G_0 - c d|| + sum_k ||G_k||`` (:func:`framekit.aliasing_objective`).
        ``level=None`` takes ``c`` as the current mean of ``G_0 / d`` (detached), so that the
        objective measures the distance from tightness, not the scale.
        """
        k = self.current_kernels()
        if level is None:
            with torch.no_grad():
                G0 = torch.real(aliasing_terms(k, self.stride, n_fft)[0])
            level = float(G0.mean()) / self.stride
        return tightness_penalty(k, self.stride, n_fft, beta=beta, level=level)

    def extra_repr(self) -> str:
        return f"encoder_size={self.encoder_size}, stride={self.stride}, length={self.length}"
