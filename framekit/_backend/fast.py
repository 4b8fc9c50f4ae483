"""Backend fast paths: NumPy/CuPy/torch speed tricks behind backend-neutral calls.

Every helper here has a generic fallback (or returns None/False so the caller takes
its generic path), so algorithm modules stay backend-neutral; they call these as
``_b.sliding_frames(...)`` etc. (re-exported by :mod:`framekit._backend`).  What each
one buys:

* :func:`sliding_frames` -- the frames of a signal as a zero-copy strided view
  (NumPy/CuPy ``sliding_window_view``, torch ``unfold``) instead of an ``xp.take``
  gather that materializes every frame (``n_fft / hop`` times the signal's memory);
  the only backend-specific code of the STFT.
* :func:`fft_chunk_rows` (with :data:`_CHUNK_BYTES`) -- cache blocking of batched
  transforms on the CPU: the chain of elementwise passes after the FFTs runs on chunks
  of frames whose spectra fit in the cache instead of on 100 MB arrays (a memory
  round trip per pass plus page faults on each fresh temporary).  The chunk size,
  2 MiB of complex spectra (128 frames of n_fft = 1024), measured best on a 2-core
  EPYC with 1 MiB of L2 per core on NumPy and on torch; NumPy phase derivatives of
  8 x 1024 frames of 1024 samples run in about half the time.
* :func:`binary_into`, :func:`conj_into`, :func:`rfft_into` -- ``out=`` forms
  (NumPy and torch; ``rfft_into`` NumPy >= 2.0) so that chunked code writes into
  buffers allocated once per call and reused from chunk to chunk (or straight into
  the outputs), saving a temporary, its allocation and its page faults per call.
* :func:`fft_into`, :func:`abs_into` -- ``rfft``/``irfft`` and ``abs`` into reused
  buffers on NumPy (>= 2.0 for the FFTs) and torch: the chunked Griffin-Lim iteration
  (:mod:`framekit.tf._retrieval_chunked`) runs every transform of an iteration through them.

Measured timings of the code that uses them: ``docs/stft.md`` (Speed).
"""

from __future__ import annotations

from typing import Any

from . import backend_name

__all__ = ["abs_into", "binary_into", "conj_into", "fft_chunk_rows", "fft_into", "rfft_into", "sliding_frames"]


# --------------------------------------------------------------------------
# zero-copy framing (the one backend-specific fast path of the STFT)
# --------------------------------------------------------------------------


def sliding_frames(xp: Any, x: Any, width: int, step: int) -> Any:
    """Frames of ``x``'s last axis as a zero-copy strided view, or None.

    Returns the array ``F`` of shape ``(..., n, width)`` with
    ``F[..., j, k] = x[..., j * step + k]``, ``n = (x.shape[-1] - width) // step + 1``,
    for NumPy and CuPy (``sliding_window_view``) and torch (``unfold``).  Other
    backends get None, and the caller gathers the frames with ``xp.take`` (the
    generic path, which is also tested on NumPy).  The view must not be written to.
    """
    name = backend_name(xp)
    if name == "numpy":
        import numpy

        return numpy.lib.stride_tricks.sliding_window_view(x, width, axis=-1)[..., ::step, :]
    if name == "cupy":
        import cupy

        view = getattr(cupy.lib.stride_tricks, "sliding_window_view", None)  # CuPy >= 10
        return None if view is None else view(x, width, axis=-1)[..., ::step, :]
    if name == "torch":
        return x.unfold(-1, width, step)
    return None


# --------------------------------------------------------------------------
# cache blocking of batched transforms (CPU)
# --------------------------------------------------------------------------

#: Bytes of one chunk's complex spectra in :func:`fft_chunk_rows` (measured best on a 2-core
#: EPYC with 1 MiB of L2 per core, n_fft = 1024: 128 frames, on NumPy and on torch).
_CHUNK_BYTES = 2**21


def fft_chunk_rows(xp: Any, n_fft: int, *arrays: Any) -> int | None:
    """How many frames to transform and post-process per chunk, or None for all at once.

    On the CPU a chain of elementwise passes over spectra of 100 MB costs a memory
    round trip per pass, and each fresh large temporary its page faults: working
    through the frames in chunks whose spectra fit in the cache keeps the passes
    cache-resident (NumPy: phase derivatives of 8 x 1024 frames of 1024 samples in
    about half the time).  Chunked code updates views of its buffers in place, so it
    runs only where that holds and autograd is not recording: NumPy, and torch on the
    CPU when none of ``arrays`` requires a gradient.  GPUs and lazy backends (launch or
    graph overhead per chunk) get None.
    """
    name = backend_name(xp)
    if name == "torch":
        import torch

        if any(a.device.type != "cpu" or (a.requires_grad and torch.is_grad_enabled())
               for a in arrays):
            return None
    elif name != "numpy":
        return None
    return max(1, _CHUNK_BYTES // (16 * n_fft))


def binary_into(xp: Any, name: str, a: Any, b: Any, out: Any) -> None:
    """``out[...] = xp.<name>(a, b)`` without a temporary where the backend can (NumPy, torch).

    ``name`` is an elementwise function of two arguments (``"multiply"``, ``"divide"``,
    ...).  For chunked CPU code writing results straight into a larger output buffer
    (``out`` a view of it); torch must not be recording a gradient through a or b.
    """
    name_ = backend_name(xp)
    if name_ in ("numpy", "torch"):
        mod = __import__(name_)
        getattr(mod, name)(a, b, out=out)
    else:
        out[...] = getattr(xp, name)(a, b)


def conj_into(xp: Any, a: Any, out: Any) -> None:
    """``out[...] = conj(a)`` without a temporary where the backend can (NumPy, torch)."""
    name = backend_name(xp)
    if name == "numpy":
        import numpy

        numpy.conjugate(a, out=out)
    elif name == "torch":
        import torch

        torch.conj_physical(a, out=out)
    else:
        out[...] = xp.conj(a)


def rfft_into(xp: Any, y: Any, n: int, out: Any) -> bool:
    """Write ``rfft(y, n=n)`` over the last axis into ``out`` (a view) and return True, where the
    backend can do that without a temporary (NumPy >= 2.0); else return False, writing nothing.

    Lets a caller put spectra straight into a larger, reused buffer (e.g. with room for
    padding bins), saving a copy and a fresh allocation per call.
    """
    if backend_name(xp) != "numpy":
        return False
    import numpy

    try:
        numpy.fft.rfft(y, n=n, axis=-1, out=out)
    except TypeError:  # NumPy < 2.0 has no out=
        return False
    return True


def fft_into(xp: Any, kind: str, y: Any, n: int, out: Any) -> bool:
    """Write ``kind(y, n=n)`` over the last axis (``kind`` ``"rfft"`` or ``"irfft"``) into ``out``
    and return True, where the backend can do that without a temporary (NumPy >= 2.0, torch);
    else return False, writing nothing (the caller assigns ``out[...] = ...`` itself).

    Unlike :func:`rfft_into` (NumPy only, kept as it is for the phase derivatives) this
    covers torch too; torch must not be recording a gradient through y.
    """
    name = backend_name(xp)
    if name == "numpy":
        import numpy

        try:
            getattr(numpy.fft, kind)(y, n=n, axis=-1, out=out)
        except TypeError:  # NumPy < 2.0 has no out=
            return False
        return True
    if name == "torch":
        import torch

        getattr(torch.fft, kind)(y, n=n, dim=-1, out=out)
        return True
    return False


def abs_into(xp: Any, a: Any, out: Any) -> None:
    """``out[...] = abs(a)`` (the modulus, real ``out`` for complex ``a``) without a temporary
    where the backend can (NumPy, torch)."""
    name = backend_name(xp)
    if name in ("numpy", "torch"):
        mod = __import__(name)
        mod.abs(a, out=out)
    else:
        out[...] = xp.abs(a)
