"""Block-by-block (streaming) analysis and synthesis of a FIR filterbank, with carried state.

:class:`FilterBankStream` equals the one-shot linear mode of
:class:`~framekit.FIRFilterBank` (to rounding) for any block sizes, including blocks shorter
than the kernels or the stride: it keeps the last ``T - 1 + d`` samples (analysis) or the
partial sums of the last ``T + d`` output samples (synthesis) and emits every frame or
sample as soon as no later input can change it.  Memory is bounded by the block size and
the kernel length.
"""

from __future__ import annotations

from typing import Any

from .. import _backend as _b
from .. import _validate as _v
from .filterbank import FilterBank
from .fir import FIRFilterBank

#: Dask: FFTs along chunked axes and eigh are not available (as for FilterBank).
_NO_DASK = {"dask.array": "Dask has no eigh, and its FFT needs one chunk along the axis"}

__all__ = ["FilterBankStream"]


@_b.supports(skip=_NO_DASK)
class FilterBankStream(_b.Portable):
    """Streaming linear-mode analysis *or* synthesis of a FIR filterbank.

    The first call fixes the direction: :meth:`analysis` (signal blocks in, frames out)
    or :meth:`synthesis` (frames in, signal samples out).  :meth:`flush` ends the stream
    and returns what is left.  Concatenating the outputs (along the last axis) gives
    ``bank.analysis(x)`` for the concatenated blocks ``x``, or ``bank.synthesis(c, L)``
    for the concatenated frames ``c`` (with ``flush(length=L)``).

    Parameters
    ----------
    bank : FIRFilterBank or FilterBank
        A ``FilterBank`` is taken through :meth:`FilterBank.fir`.

    Attributes
    ----------
    bank : FIRFilterBank
    samples : int
        Samples consumed (analysis) or emitted (synthesis) so far.
    frames : int
        Frames emitted (analysis) or consumed (synthesis) so far.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> fir = framekit.isac(16000).fir()
    >>> x = np.random.default_rng(0).standard_normal(5000)
    >>> st = framekit.FilterBankStream(fir)
    >>> parts = [st.analysis(x[i:i + 700]) for i in range(0, 5000, 700)] + [st.flush()]
    >>> bool(np.allclose(np.concatenate(parts, axis=-1), fir.analysis(x)))
    True
    """

    def __init__(self, bank: Any) -> None:
        if isinstance(bank, FilterBank):
            bank = bank.fir()
        if not isinstance(bank, FIRFilterBank):
            raise TypeError(f"bank must be a FIRFilterBank or a FilterBank, got {type(bank).__name__}")
        self.bank = bank
        self.samples = 0
        self.frames = 0
        self._mode: str | None = None
        self._done = False
        self._buf: Any = None  # analysis: samples [buf_t0, samples); synthesis: partial sums
        self._buf_t0 = 0
        self._lead: tuple[int, ...] | None = None
        self._dtype: Any = None

    def __repr__(self) -> str:
        return f"FilterBankStream({self.bank!r}, mode={self._mode}, samples={self.samples}, frames={self.frames})"

    def _start(self, mode: str) -> None:
        if self._done:
            raise ValueError("the stream is flushed; start a new FilterBankStream")
        if self._mode is None:
            self._mode = mode
        elif self._mode != mode:
            raise ValueError(f"this is a {self._mode} stream; {mode} needs a stream of its own")

    def _consistent(self, a: Any, name: str, lead: tuple[int, ...]) -> None:
        if self._lead is None:
            self._lead, self._dtype = lead, a.dtype
            return
        if lead != self._lead:
            raise ValueError(f"{name} has leading shape {lead}, earlier blocks had {self._lead}")
        if a.dtype != self._dtype:
            raise TypeError(f"{name} has dtype {a.dtype}, earlier blocks had {self._dtype}")

    # ------------------------------------------------------------- analysis

    @_b.supports(skip=_NO_DASK)
    def analysis(self, block: Any, *, check_finite: bool = True) -> Any:
        """Analyse the next ``block`` (..., b) of samples (any ``b >= 0``); return the frames
        (..., K, n) that are now complete (possibly ``n = 0``)."""
        self._start("analysis")
        fir = self.bank
        _v.require_array(block, "block")
        xp, _ = _b.namespace_and_device(("block", block), ("kernels", fir.kernels))
        if block.ndim < 1:
            raise ValueError(f"block must have shape (..., b), got shape {tuple(block.shape)}")
        (block,) = _b.as_float(xp, block)
        if fir.signal == "real" and xp.isdtype(block.dtype, "complex floating"):
            raise TypeError("block must be real for a filterbank with signal='real'")
        if _v.flag(check_finite, "check_finite"):
            _b.check_finite(xp, block, "block")
        self._consistent(block, "block", tuple(block.shape[:-1]))
        before, after = fir._reach
        d = fir.stride
        self._buf = block if self._buf is None else xp.concat([self._buf, block], axis=-1)
        self.samples += int(block.shape[-1])
        first = -(fir.origin // d)
        n_next = first + self.frames
        n_to = (self.samples - 1 - before) // d  # last frame whose input is complete
        count = n_to - n_next + 1
        out = fir._analyse(self._buf, self._buf_t0, n_next, max(count, 0))
        if count > 0:
            self.frames += count
            keep_from = min(max((n_next + count) * d - after, self._buf_t0), self.samples)
            self._buf = self._buf[..., keep_from - self._buf_t0 :]
            self._buf_t0 = keep_from
        return out

    # ------------------------------------------------------------ synthesis

    @_b.supports(skip=_NO_DASK)
    def synthesis(self, frames: Any, *, check_finite: bool = True) -> Any:
        """Synthesise the next ``frames`` (..., K, n) (any ``n >= 0``); return the output
        samples (..., m) that no later frame changes (possibly ``m = 0``)."""
        self._start("synthesis")
        fir = self.bank
        c = fir._coefficients(frames, check_finite)
        xp = fir.xp
        self._consistent(c, "frames", tuple(c.shape[:-2]))
        d = fir.stride
        before, after = fir._reach
        T_c, o_c = fir._coef
        n_from = -(o_c // d) + self.frames
        f = int(c.shape[-1])
        lead = tuple(c.shape[:-2])
        if f:
            t_a = max(n_from * d - after, self.samples)
            t_b = (n_from + f - 1) * d + before + 1
            if t_b > t_a:
                y = fir._synthesise(c, n_from, t_a, t_b - t_a)
                self._add(xp, y, t_a, lead)
            self.frames += f
        first = -(o_c // d)
        final = (first + self.frames) * d - after  # later frames contribute from here on
        if self.frames:  # and the signal is at least this long
            final = min(final, (first + self.frames - 1) * d - (T_c - 1 - o_c) + 1)
        return self._emit(xp, final, lead)

    def _add(self, xp: Any, y: Any, t_a: int, lead: tuple[int, ...]) -> None:
        if self._buf is None:
            self._buf, self._buf_t0 = y, t_a
            return
        start = self._buf_t0
        end = max(start + int(self._buf.shape[-1]), t_a + int(y.shape[-1]))
        acc = self._pad(xp, self._buf, 0, end - start - int(self._buf.shape[-1]), lead)
        y = self._pad(xp, y, t_a - start, end - t_a - int(y.shape[-1]), lead)
        self._buf = acc + y

    def _pad(self, xp: Any, a: Any, left: int, right: int, lead: tuple[int, ...]) -> Any:
        parts = []
        if left > 0:
            parts.append(xp.zeros((*lead, left), dtype=a.dtype, device=self.bank.device))
        parts.append(a)
        if right > 0:
            parts.append(xp.zeros((*lead, right), dtype=a.dtype, device=self.bank.device))
        return xp.concat(parts, axis=-1) if len(parts) > 1 else a

    def _emit(self, xp: Any, final: int, lead: tuple[int, ...]) -> Any:
        """Samples ``[samples, final)`` from the partial sums (zeros where none)."""
        n = max(final - self.samples, 0)
        if self._buf is None:
            dt = _b.real_dtype(xp, self._dtype) if self.bank.signal == "real" else self._dtype
            out = xp.zeros((*lead, n), dtype=dt, device=self.bank.device)
        else:
            have = self._buf
            size = int(have.shape[-1])
            lo = min(self.samples - self._buf_t0, size)
            hi = min(lo + n, size)
            avail = have[..., lo:hi]
            out = self._pad(xp, avail, 0, n - (hi - lo), lead)
            self._buf = have[..., hi:]
            self._buf_t0 = self.samples + n
        self.samples += n
        return out

    # ---------------------------------------------------------------- flush

    @_b.supports(skip=_NO_DASK)
    def flush(self, *, length: int | None = None) -> Any:
        """End the stream; return the remaining frames (analysis) or samples (synthesis).

        Parameters
        ----------
        length : int, optional
            Synthesis only: the total output length L (the analysed signal's length; the
            frames received must be N(L)).  Default: the longest L with that many frames.
        """
        if self._mode is None:
            raise ValueError("nothing to flush: the stream has had no analysis or synthesis call")
        if self._done:
            raise ValueError("the stream is flushed already; start a new FilterBankStream")
        fir = self.bank
        xp, d = fir.xp, fir.stride
        if self._mode == "analysis":
            if length is not None:
                raise ValueError("length is for synthesis streams; an analysis stream knows its length")
            if self.samples < 1:
                raise ValueError("the stream has analysed no samples; a signal needs L >= 1")
            first, total = fir._frames_range(self.samples, fir._coef_self)
            out = fir._analyse(self._buf, self._buf_t0, first + self.frames, total - self.frames)
            self.frames = total
        else:
            T_c, o_c = fir._coef
            last = -(o_c // d) + self.frames - 1
            longest = (last + 1) * d - (T_c - 1 - o_c)
            if length is None:
                length = longest
                if length < 1:
                    raise ValueError("the stream has received too few frames for any signal length")
            else:
                length = _v.positive_int(length, "length")
                if fir._frames_range(length, fir._coef)[1] != self.frames:
                    raise ValueError(
                        f"length={length} does not match the {self.frames} frames received "
                        f"(a signal of that length has {fir._frames_range(length, fir._coef)[1]})"
                    )
            if length < self.samples:
                raise ValueError(f"length={length} is shorter than the {self.samples} samples already emitted")
            lead = self._lead or ()
            out = self._emit(xp, length, lead)
        self._done = True
        self._buf = None
        return out
