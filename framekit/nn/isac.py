"""Learnable ISAC: the ISAC auditory filterbank as a torch module with an exact inverse."""

from __future__ import annotations

from typing import Any

import torch

from ..filterbanks import isac as _isac_design
from ._frame import FilterBankModule, real_dtype

__all__ = ["ISAC"]


def _support_mask(supports: list[int], kernel_size: int, device: Any = None) -> torch.Tensor:
    """Boolean ``(K, kernel_size)`` mask: channel m's taps ``o_m .. o_m + T_m - 1`` with
    ``o_m = (kernel_size - T_m) // 2`` (where ISAC centres its Hann windows)."""
    n = torch.arange(kernel_size, device=device)[None, :]
    T = torch.tensor(supports, device=device)[:, None]
    off = (kernel_size - T) // 2
    return (n >= off) & (n < off + T)


class ISAC(FilterBankModule):
    """ISAC (invertible and stable auditory filterbank) with learnable kernels and an exact inverse.

    The kernels are initialised from :func:`framekit.isac` (same centre frequencies,
    supports, stride and length as ``hybra.ISAC`` at the same settings) and stored as two
    real parameters ``kernels_real`` and ``kernels_imag`` of shape ``(K, kernel_size)`` (so
    ``module.to(torch.float32)`` and ``.double()`` work as for any module).  The transform is
    the circular strided convolution of :class:`~framekit.FilterBank` (kernels centred):

    .. math::

        c_k[n] = (x \\circledast h_k)[n d], \\qquad x = \\mathrm{Re}\\, \\tilde D c,

    with :math:`\\tilde D` the synthesis of the canonical dual of the *current* kernels
    (:meth:`inverse`), so that ``inverse(forward(x)) == x`` to rounding at every step of a
    training loop (relative error ~1e-15 in float64, ~1e-7 in float32).

    Parameters
    ----------
    fs : float
        Sampling rate in Hz.
    kernel_size, num_channels, f_max, stride, length, supp_mult, scale
        As in :func:`framekit.isac` (``length`` defaults to ``fs`` rounded up to a multiple
        of the stride; signals must have exactly this length).
    learnable : bool
        Whether the kernels are trainable parameters (``requires_grad``).
    support_mask : bool or tensor
        ``True``: taps outside each channel's Hann support stay zero during training (the
        kernels are multiplied by a fixed mask in :meth:`current_kernels`, so those taps get
        zero gradients and are exactly zero in every filterbank built from the module); a
        boolean ``(K, kernel_size)`` tensor gives the mask explicitly.  ``False``: no mask.
    dtype : torch.float32 or torch.float64, optional
        Real dtype of the parameters (default: torch's default dtype).
    device : torch device, optional

    Attributes
    ----------
    stride, length, fs, num_channels, kernel_size, origin, design
        ``design`` is the design dictionary of :func:`framekit.isac`.

    Examples
    --------
    >>> import torch
    >>> from framekit.nn import ISAC
    >>> m = ISAC(16000, length=1024, dtype=torch.float64)
    >>> x = torch.randn(2, 1024, dtype=torch.float64)
    >>> c = m(x)
    >>> c.shape
    torch.Size([2, 40, 64])
    >>> bool(torch.allclose(m.inverse(c), x, atol=1e-12))
    True
    >>> round(m.condition_number().item(), 4)
    1.5902
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
        supp_mult: float = 1.0,
        scale: str = "mel",
        learnable: bool = True,
        support_mask: bool | torch.Tensor = False,
        dtype: Any = None,
        device: Any = None,
    ) -> None:
        super().__init__()
        dtype = real_dtype(dtype)
        if not isinstance(learnable, bool):
            raise TypeError(f"learnable must be a bool, got {learnable!r}")
        fb = _isac_design(
            fs, kernel_size, num_channels, f_max, stride, length, supp_mult, scale,
            xp=torch, device=device, dtype=dtype,
        )
        self.fs = float(fs)
        self.stride, self.length, self.origin = fb.stride, fb.length, fb.origin
        self.num_channels, self.kernel_size = fb.num_channels, int(fb.kernels.shape[-1])
        self.design = dict(fb.design)
        self.center_frequencies = [float(f) for f in fb.design["center_frequencies"]]
        k = fb.kernels
        self.kernels_real = torch.nn.Parameter(torch.real(k).clone(), requires_grad=learnable)
        self.kernels_imag = torch.nn.Parameter(torch.imag(k).clone(), requires_grad=learnable)
        mask = self._mask(support_mask, fb.design["supports"], k.device)
        self.mask: torch.Tensor | None
        self.register_buffer("mask", mask)
        if mask is not None:
            with torch.no_grad():
                self.kernels_real.mul_(mask)
                self.kernels_imag.mul_(mask)

    def _mask(self, support_mask: Any, supports: list[int], device: Any) -> torch.Tensor | None:
        K, T = self.num_channels, self.kernel_size
        if isinstance(support_mask, bool):
            if not support_mask:
                return None
            supports = [T, *supports[1:]]  # isac gives the DC channel the full kernel
            return _support_mask(supports, T, device)
        if isinstance(support_mask, torch.Tensor):
            if tuple(support_mask.shape) != (K, T):
                raise ValueError(f"support_mask must have shape ({K}, {T}), got {tuple(support_mask.shape)}")
            if support_mask.dtype != torch.bool:
                raise TypeError(f"support_mask must be a boolean tensor, got dtype {support_mask.dtype}")
            return support_mask.to(device)
        raise TypeError(f"support_mask must be a bool or a boolean (K, T) tensor, got {type(support_mask).__name__}")

    def current_kernels(self) -> torch.Tensor:
        """The current kernels ``(K, kernel_size)``, complex, masked (differentiable)."""
        k = torch.complex(self.kernels_real, self.kernels_imag)
        if self.mask is not None:
            k = k * self.mask
        return k

    @property
    def kernels(self) -> torch.Tensor:
        """The current kernels (as :meth:`current_kernels`)."""
        return self.current_kernels()

    def extra_repr(self) -> str:
        return (
            f"fs={self.fs:g}, num_channels={self.num_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}, length={self.length}, masked={self.mask is not None}"
        )

