"""Shared machinery of the learnable filterbank modules: input checks and the kernel cache.

A learnable filterbank module holds parameters from which it computes its current kernels
``(K, T)`` (complex).  Every frame quantity (analysis, exact inverse, bounds, condition
number) comes from one :class:`~framekit.FilterBank` of those kernels, built on demand and
cached while the parameters are unchanged:

* the cache key holds each parameter's ``_version`` counter (bumped by every in-place
  update: optimiser steps, ``load_state_dict``, ``with torch.no_grad(): p.copy_(...)``), its
  storage pointer, dtype and device (``module.to(...)`` replaces storage), and whether
  autograd is recording; so a bank built under ``torch.no_grad()`` is never used to compute
  something that must be differentiated;
* a bank built while autograd records holds a graph; ``backward()`` frees it, so a hook on
  the kernels drops the cached bank as soon as a backward pass goes through them (the next
  call rebuilds it: a second loss on the same parameters, e.g. gradient accumulation, works).

Edits through ``p.data`` bypass the version counter (torch gives ``.data`` its own): call
:meth:`FilterBankModule.clear_cache` after them.
"""

from __future__ import annotations

import weakref
from typing import Any

import torch

from ..filterbanks import FilterBank

__all__ = ["FilterBankModule", "check_signal", "real_dtype"]


def real_dtype(dtype: Any) -> torch.dtype:
    """The real floating dtype of a module (default: torch's default dtype), checked."""
    if dtype is None:
        return torch.get_default_dtype()
    if dtype not in (torch.float32, torch.float64):
        raise TypeError(f"dtype must be torch.float32 or torch.float64, got {dtype!r}")
    return dtype


def check_signal(x: Any, name: str = "x", *, multiple: int = 1, length: int | None = None) -> torch.Tensor:
    """A real signal batch ``(B, L)`` or ``(B, C, L)`` as a floating tensor, checked.

    Raises ``TypeError`` for a non-tensor, a complex or half-precision tensor, ``ValueError``
    for a wrong rank, a length other than ``length`` or not a multiple of ``multiple``.
    (NaN/inf are checked by the filterbank that consumes the signal.)
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor of shape (B, L) or (B, C, L), got {type(x).__name__}")
    if x.ndim not in (2, 3):
        raise ValueError(f"{name} must have shape (B, L) or (B, C, L) (rank 2 or 3), got shape {tuple(x.shape)}")
    if x.is_complex():
        raise TypeError(f"{name} must be real (these modules analyse real signals), got dtype {x.dtype}")
    if x.dtype in (torch.float16, torch.bfloat16):
        raise TypeError(f"{name} has dtype {x.dtype}; use float32 or float64")
    if not x.is_floating_point():
        x = x.to(torch.get_default_dtype())
    L = x.shape[-1]
    if length is not None and L != length:
        raise ValueError(f"{name} must have length {length} (the module's length), got shape {tuple(x.shape)}")
    if L < multiple or L % multiple:
        raise ValueError(f"{name} must have a length that is a positive multiple of {multiple}, got {L}")
    if not bool(torch.isfinite(x).all()):
        raise ValueError(f"{name} contains NaN or inf")
    return x


def _drop_cache(ref: weakref.ReferenceType) -> Any:
    def hook(grad: torch.Tensor) -> None:
        module = ref()
        if module is not None:
            module.clear_cache()

    return hook


class FilterBankModule(torch.nn.Module):
    """Base class: a module whose linear stage is a uniform filterbank of its current kernels.

    Subclasses define :meth:`current_kernels` (``(K, T)`` complex, differentiable) and set
    ``stride``, ``length``, ``fs`` and ``origin``; this class provides :meth:`to_filterbank`,
    :meth:`forward`, :meth:`inverse` (= :meth:`decoder`), :meth:`frame_bounds` and
    :meth:`condition_number`, all through :class:`~framekit.FilterBank` and cached as
    described in :mod:`framekit.nn._frame`.
    """

    stride: int
    length: int
    fs: float | None
    origin: int

    def __init__(self) -> None:
        super().__init__()
        self._cache: tuple[Any, FilterBank] | None = None

    # -- to be provided by subclasses
    def current_kernels(self) -> torch.Tensor:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- cache
    def clear_cache(self) -> None:
        """Forget the cached filterbank (and its dual); the next call rebuilds it."""
        self._cache = None

    def _key(self) -> tuple[Any, ...]:
        tensors = [*self.parameters(), *self.buffers()]
        grad = torch.is_grad_enabled() and any(t.requires_grad for t in tensors)
        return (grad, *((t._version, t.data_ptr(), t.dtype, t.device) for t in tensors))

    def to_filterbank(self) -> FilterBank:
        """A :class:`~framekit.FilterBank` of the current kernels (torch tensors, differentiable).

        Cached while the parameters are unchanged; its ``dual()`` and ``frame_bounds()`` are
        cached on it.  Autograd flows through the bank's polyphase eigen-solve (bounds, dual).
        """
        key = self._key()
        if self._cache is None or self._cache[0] != key:
            kernels = self.current_kernels()
            if key[0]:
                kernels = kernels * 1.0  # a non-leaf to hook, even when the kernels are a parameter
                kernels.register_hook(_drop_cache(weakref.ref(self)))
            fb = FilterBank(
                kernels, self.stride, self.length, fs=self.fs, signal="real", origin=self.origin,
                check_finite=False,
            )
            self._cache = (key, fb)
        return self._cache[1]

    # -- the frame
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Analysis ``c_k[n] = (x (*) h_k)[n d]`` (circular): ``(B, L) -> (B, K, L/d)`` or
        ``(B, C, L) -> (B, C, K, L/d)``, complex."""
        x = check_signal(x, "x", length=self.length)
        return self.to_filterbank().analysis(x, check_finite=False)

    def inverse(self, c: torch.Tensor) -> torch.Tensor:
        """Exact synthesis with the canonical dual of the current kernels: ``inverse(forward(x))
        == x`` up to rounding, at every training step (the dual is recomputed when the kernels
        change, cached otherwise, and differentiable)."""
        if not isinstance(c, torch.Tensor):
            raise TypeError(f"c must be a torch.Tensor of coefficients (B, K, N), got {type(c).__name__}")
        if c.ndim not in (3, 4):
            raise ValueError(f"c must have shape (B, K, N) or (B, C, K, N) (rank 3 or 4), got shape {tuple(c.shape)}")
        if c.dtype in (torch.float16, torch.bfloat16, torch.complex32):
            raise TypeError(f"c has dtype {c.dtype}; use a float32/float64 precision")
        return self.to_filterbank().dual().synthesis(c)

    decoder = inverse

    def frame_bounds(self) -> tuple[torch.Tensor, torch.Tensor]:
        """Exact frame bounds ``(A, B)`` of the real-signal frame (0-d tensors, differentiable)."""
        return self.to_filterbank().frame_bounds()

    def condition_number(self) -> torch.Tensor:
        """``B / A`` (0-d tensor, differentiable; ``inf`` when not a frame)."""
        return self.to_filterbank().condition_number()

    # -- pickling: the cache holds autograd graphs (not picklable) and is cheap to rebuild
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_cache"] = None
        return state
