"""Portable primitives the array API standard lacks, written once from standard calls."""

from __future__ import annotations

from typing import Any

from ._backend import complex_dtype

__all__ = ["adjoint", "complex_from_parts", "conj"]


def complex_from_parts(xp: Any, re: Any, im: Any) -> Any:
    """``re + 1j * im`` in the complex dtype matching the real inputs."""
    cdt = complex_dtype(xp, re.dtype)
    return xp.astype(re, cdt) + xp.astype(im, cdt) * 1j


def conj(xp: Any, x: Any) -> Any:
    """Complex conjugate; returns real arrays unchanged (no copy)."""
    return xp.conj(x) if xp.isdtype(x.dtype, "complex floating") else x


def adjoint(xp: Any, a: Any) -> Any:
    """Conjugate transpose of the last two axes."""
    return conj(xp, xp.matrix_transpose(a))
