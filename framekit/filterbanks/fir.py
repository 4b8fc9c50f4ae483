"""FIR filterbanks in linear-convolution mode: signals of any length, short duals with a
certified error, the engine of streaming.

A :class:`FIRFilterBank` holds K kernels of T taps (origin ``o``: the kernel index of
time 0), a stride d and no signal length.  On a signal of any length ``L >= 1`` (zero
outside ``[0, L)``) its analysis keeps every frame of the full linear convolution:

    c_k[n] = sum_m x[m] h_k[n d - m],     n = -floor(o / d) .. floor((L - 1 + T - 1 - o) / d),

that is ``N(L) = floor((L + T - 2 - o) / d) + floor(o / d) + 1`` frames (for ``o = 0``:
``ceil((L + T - 1) / d)``); coefficient ``c[..., k, i]`` is frame ``n = i - floor(o / d)``.
Synthesis is the adjoint restricted to ``[0, L)``:

    y[m] = sum_k sum_n c_k[n] conj(h_k[n d - m]),   m = 0 .. L - 1   (Re(...) for signal="real").

A dual returned by :meth:`FIRFilterBank.dual` synthesises the coefficients of the bank it is
dual to (their framing); then ``dual.synthesis(fb.analysis(x), L)`` is ``P_L D*A x`` and
differs from x by at most ``dual.error_bound * ||x||``.

Both directions run by overlap-save / overlap-add on segments of a fixed length P (a
multiple of d, about 8 T): each segment goes through the circular
:class:`~framekit.FilterBank` of length P (the polyphase machinery), and only the frames
whose support does not wrap are kept: ``O(K L log P)``, batched over groups of segments so
that temporaries stay bounded.
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .. import _validate as _v
from . import _fir_dual as _fd
from .filterbank import FilterBank

#: Dask: FFTs along chunked axes and eigh are not available (as for FilterBank).
_NO_DASK = {"dask.array": "Dask has no eigh, and its FFT needs one chunk along the axis"}

__all__ = ["FIRFilterBank"]

#: Segments analysed (or synthesised) per batch: bounds the temporaries of the engine.
_SEGMENT_BATCH = 64


def _segment_length(T: int, d: int, frames: int | None = None) -> int:
    """A segment length ``d 2^k``: about 8 T (at least 2048) for long signals, smaller
    when only a few frames are wanted."""
    want = max(8 * T, 2048)
    if frames is not None:
        want = min(want, frames * d + T + 2 * d)
    want = max(want, T + 2 * d)
    return d * (1 << max(0, math.ceil(math.log2(want / d))))


@_b.supports(skip=_NO_DASK)
class FIRFilterBank(_b.Portable):
    """A uniform filterbank of FIR kernels applied by linear convolution to any length.

    The linear-mode twin of :class:`~framekit.FilterBank` (which is circular, of one
    length L): the same kernels, stride, origin and real/complex-signal conventions, with
    the framing and formulas of :mod:`framekit.filterbanks.fir`.  Use it for signals of
    varying or unknown length, streams (:meth:`stream`) and short FIR duals
    (:meth:`dual` with a ``support``); use the circular ``FilterBank`` for exact bounds and
    exact full-length duals of one length.

    Parameters
    ----------
    kernels : array, shape (K, T)
    stride : int
    origin : int, optional
        Kernel index of time 0 (default ``T // 2``).
    fs : float, optional
    signal : {"real", "complex"}
    center_frequencies, bandwidths : optional, metadata (as for ``FilterBank``)
    check_finite : bool

    Attributes
    ----------
    kernels, stride, origin, fs, signal, num_channels, center_frequencies, bandwidths
    error : float or None
        For duals and tight banks made by :meth:`dual` / :meth:`tight`: the operator
        norm ``||I - D*A||`` (tight: ``||I - T*T||``) on the grid of :attr:`grid_length`
        (exactly the norm of the circular operator of that length, a lower bound of the
        l2(Z) norm); None otherwise.
    error_bound : float or None
        An upper bound of the l2(Z) operator norm: ``error / (1 - pi n / L')``.

    Examples
    --------
    >>> import numpy as np, framekit
    >>> fir = framekit.isac(16000).fir()
    >>> dual = fir.dual(support=256)
    >>> dual.error < 1e-10
    True
    >>> x = np.random.default_rng(0).standard_normal(1001)   # any length
    >>> c = fir.analysis(x)
    >>> c.shape == (40, fir.num_frames(1001))
    True
    >>> bool(np.linalg.norm(dual.synthesis(c, 1001) - x) <= dual.error_bound * np.linalg.norm(x))
    True
    """

    def __init__(
        self,
        kernels: Any,
        stride: int,
        *,
        origin: int | None = None,
        fs: float | None = None,
        signal: str = "real",
        center_frequencies: Any = None,
        bandwidths: Any = None,
        check_finite: bool = True,
    ) -> None:
        _v.require_array(kernels, "kernels")
        _b.namespace_and_device(("kernels", kernels))
        if kernels.ndim != 2:
            raise ValueError(f"kernels must have shape (K, T), got shape {tuple(kernels.shape)}")
        stride = _v.positive_int(stride, "stride")
        T = int(kernels.shape[-1])
        P = _segment_length(max(T, 1), stride)
        # the circular bank of one segment validates kernels, origin, signal, metadata
        base = FilterBank(
            kernels, stride, P, fs=fs, signal=signal, origin=origin,
            center_frequencies=center_frequencies, bandwidths=bandwidths, check_finite=check_finite,
        )
        self._banks: dict[int, FilterBank] = {P: base}
        self.xp, self.device = base.xp, base.device
        self.kernels = base.kernels
        self.stride, self.origin, self.signal, self.fs = stride, base.origin, signal, fs
        self.num_channels = base.num_channels
        self.center_frequencies, self.bandwidths = base.center_frequencies, base.bandwidths
        self.error: float | None = None
        self.error_bound: float | None = None
        self.grid_length: int | None = None
        self._coef = (T, base.origin)  # (T, origin) of the bank whose coefficients it synthesises
        self._duals: dict[int, FIRFilterBank] = {}
        self._tights: dict[int, FIRFilterBank] = {}

    def __repr__(self) -> str:
        return (
            f"FIRFilterBank(K={self.num_channels}, T={self.kernels.shape[-1]}, stride={self.stride}, "
            f"origin={self.origin}, signal={self.signal!r}, dtype={self.kernels.dtype})"
        )

    # ---------------------------------------------------------------- framing

    @property
    def _reach(self) -> tuple[int, int]:
        """Samples before and after time 0 covered by the kernels: ``(o, T - 1 - o)``."""
        return self.origin, int(self.kernels.shape[-1]) - 1 - self.origin

    def _frames_range(self, length: int, coef: tuple[int, int]) -> tuple[int, int]:
        T, o = coef
        d = self.stride
        first = -(o // d)
        last = (length - 1 + T - 1 - o) // d
        return first, last - first + 1

    @_b.supports(skip=_NO_DASK)
    def num_frames(self, length: int) -> int:
        """Number of frames N(L) of :meth:`analysis` for a signal of ``length`` samples."""
        length = _v.positive_int(length, "length")
        return self._frames_range(length, (int(self.kernels.shape[-1]), self.origin))[1]

    def _bank(self, P: int) -> FilterBank:
        bank = self._banks.get(P)
        if bank is None:
            base = next(iter(self._banks.values()))
            bank = FilterBank(
                self.kernels, self.stride, P, fs=self.fs, signal=self.signal, origin=self.origin,
                check_finite=False,
            )
            bank._real_kernels = base._real_kernels
            self._banks[P] = bank
        return bank

    def _plan(self, frames: int) -> tuple[FilterBank, int, int, int]:
        """Segment bank, first kept local frame, kept frames per segment, segment length."""
        T, d = int(self.kernels.shape[-1]), self.stride
        before, after = self._reach
        P = _segment_length(T, d, frames)
        j_lo = -(-after // d)
        j_hi = (P - 1 - before) // d
        return self._bank(P), j_lo, j_hi - j_lo + 1, P

    # ------------------------------------------------------------------ engine

    def _analyse(self, x: Any, t0: int, n_from: int, count: int) -> Any:
        """Frames ``n_from .. n_from + count - 1`` of a signal whose samples at times
        ``[t0, t0 + x.shape[-1])`` are ``x`` (zero elsewhere): (..., K, count)."""
        xp, d = self.xp, self.stride
        lead = tuple(x.shape[:-1])
        K = self.num_channels
        if count <= 0:
            return xp.zeros((*lead, K, 0), dtype=self._coef_dtype(x), device=self.device)
        bank, j_lo, F, P = self._plan(count)
        nseg = -(-count // F)
        s0 = (n_from - j_lo) * d
        span = (nseg - 1) * F * d + P
        n = x.shape[-1]
        left, right = t0 - s0, s0 + span - (t0 + n)
        parts = []
        if left > 0:
            parts.append(xp.zeros((*lead, left), dtype=x.dtype, device=self.device))
        parts.append(x[..., max(-left, 0) : n - max(-right, 0)])
        if right > 0:
            parts.append(xp.zeros((*lead, right), dtype=x.dtype, device=self.device))
        buf = xp.concat(parts, axis=-1) if len(parts) > 1 else parts[0]
        out = []
        for g0 in range(0, nseg, _SEGMENT_BATCH):
            g1 = min(g0 + _SEGMENT_BATCH, nseg)
            piece = buf[..., g0 * F * d : (g1 - 1) * F * d + P]
            segs = _b.sliding_frames(xp, piece, P, F * d)
            if segs is None:
                idx = xp.reshape(
                    xp.arange(g1 - g0, device=self.device)[:, None] * (F * d)
                    + xp.arange(P, device=self.device)[None, :],
                    (-1,),
                )
                segs = xp.reshape(xp.take(piece, idx, axis=-1), (*lead, g1 - g0, P))
            c = bank.analysis(segs, check_finite=False)[..., j_lo : j_lo + F]  # (..., G, K, F)
            nd = len(lead)
            c = xp.permute_dims(c, (*range(nd), nd + 1, nd, nd + 2))
            out.append(xp.reshape(c, (*lead, K, (g1 - g0) * F)))
        c = xp.concat(out, axis=-1) if len(out) > 1 else out[0]
        return c[..., :count]

    def _coef_dtype(self, x: Any) -> Any:
        xp = self.xp
        bank = next(iter(self._banks.values()))
        cdt = _b.complex_dtype(xp, xp.result_type(_b.real_dtype(xp, x.dtype), bank._rdtype))
        if bank._real_kernels and not xp.isdtype(x.dtype, "complex floating"):
            return _b.real_dtype(xp, cdt)
        return cdt

    def _synthesise(self, c: Any, n_from: int, t_out: int, n_out: int) -> Any:
        """Samples at times ``[t_out, t_out + n_out)`` of the synthesis of frames
        ``n_from ..`` held in ``c`` (..., K, count)."""
        xp, d, K = self.xp, self.stride, self.num_channels
        lead = tuple(c.shape[:-2])
        count = int(c.shape[-1])
        bank, j_lo, F, P = self._plan(max(count, 1))
        nseg = max(-(-count // F), 1)
        H = F * d
        q = -(-P // H)
        nd = len(lead)
        pieces: list[Any] = []
        carry = None
        for g0 in range(0, nseg, _SEGMENT_BATCH):
            g1 = min(g0 + _SEGMENT_BATCH, nseg)
            G = g1 - g0
            cg = c[..., g0 * F : min(g1 * F, count)]
            if cg.shape[-1] < G * F:
                z = xp.zeros((*lead, K, G * F - cg.shape[-1]), dtype=c.dtype, device=self.device)
                cg = xp.concat([cg, z], axis=-1)
            cg = xp.permute_dims(xp.reshape(cg, (*lead, K, G, F)), (*range(nd), nd + 1, nd, nd + 2))
            zl = xp.zeros((*lead, G, K, j_lo), dtype=c.dtype, device=self.device)
            zr = xp.zeros((*lead, G, K, P // d - j_lo - F), dtype=c.dtype, device=self.device)
            segs = bank.synthesis(xp.concat([zl, cg, zr], axis=-1), check_finite=False)  # (..., G, P)
            if q * H > P:
                segs = xp.concat([segs, xp.zeros((*lead, G, q * H - P), dtype=segs.dtype, device=self.device)], axis=-1)
            segs = xp.reshape(segs, (*lead, G, q, H))
            y = None
            for i in range(q):
                part = segs[..., :, i, :]
                blocks = [part]
                if i:
                    blocks.insert(0, xp.zeros((*lead, i, H), dtype=segs.dtype, device=self.device))
                if q - 1 - i:
                    blocks.append(xp.zeros((*lead, q - 1 - i, H), dtype=segs.dtype, device=self.device))
                shifted = xp.concat(blocks, axis=-2) if len(blocks) > 1 else part
                y = shifted if y is None else y + shifted
            y = xp.reshape(y, (*lead, (G + q - 1) * H))
            if carry is not None:
                n_c = carry.shape[-1]
                y = xp.concat([y[..., :n_c] + carry, y[..., n_c:]], axis=-1)
            pieces.append(y[..., : G * H])
            carry = y[..., G * H :]
        if carry is not None:
            pieces.append(carry)
        y = xp.concat(pieces, axis=-1) if len(pieces) > 1 else pieces[0]
        s0 = (n_from - j_lo) * d  # absolute time of y[..., 0]
        a, b = t_out - s0, t_out - s0 + n_out
        n = y.shape[-1]
        parts = []
        if a < 0:
            parts.append(xp.zeros((*lead, min(-a, n_out)), dtype=y.dtype, device=self.device))
        lo, hi = min(max(a, 0), n), min(max(b, 0), n)
        if hi > lo:
            parts.append(y[..., lo:hi])
        got = sum(int(p.shape[-1]) for p in parts)
        if got < n_out:
            parts.append(xp.zeros((*lead, n_out - got), dtype=y.dtype, device=self.device))
        return xp.concat(parts, axis=-1) if len(parts) > 1 else parts[0]

    # --------------------------------------------------------------- transform

    def _signal(self, x: Any, name: str, check_finite: bool) -> Any:
        _v.require_array(x, name)
        xp, _ = _b.namespace_and_device((name, x), ("kernels", self.kernels))
        if x.ndim < 1 or x.shape[-1] < 1:
            raise ValueError(f"{name} must have shape (..., L) with L >= 1 samples, got shape {tuple(x.shape)}")
        (x,) = _b.as_float(xp, x)
        if self.signal == "real" and xp.isdtype(x.dtype, "complex floating"):
            raise TypeError(f"{name} must be real for a filterbank with signal='real'; use signal='complex'")
        if _v.flag(check_finite, "check_finite"):
            _b.check_finite(xp, x, name)
        return x

    @_b.supports(skip=_NO_DASK)
    def analysis(self, x: Any, *, check_finite: bool = True) -> Any:
        """All frames of the linear convolution: ``c_k[n] = sum_m x[m] h_k[n d - m]``.

        Parameters
        ----------
        x : array, shape (..., L), any ``L >= 1``
        check_finite : bool

        Returns
        -------
        c : array, shape (..., K, N(L))
            Frame ``i`` is time ``(i - floor(o / d)) d`` (see :meth:`num_frames`).
        """
        x = self._signal(x, "x", check_finite)
        first, count = self._frames_range(int(x.shape[-1]), self._coef_self)
        return self._analyse(x, 0, first, count)

    @property
    def _coef_self(self) -> tuple[int, int]:
        return int(self.kernels.shape[-1]), self.origin

    def _coefficients(self, c: Any, check_finite: bool) -> Any:
        _v.require_array(c, "c")
        xp, _ = _b.namespace_and_device(("c", c), ("kernels", self.kernels))
        if c.ndim < 2 or c.shape[-2] != self.num_channels:
            raise ValueError(
                f"c must have shape (..., {self.num_channels}, N) (channels, frames), got shape {tuple(c.shape)}"
            )
        (c,) = _b.as_float(xp, c)
        if _v.flag(check_finite, "check_finite"):
            _b.check_finite(xp, c, "c")
        return c

    @_b.supports(skip=_NO_DASK)
    def synthesis(self, c: Any, length: int, *, check_finite: bool = True) -> Any:
        """The adjoint of the linear analysis, restricted to ``[0, length)``.

        ``y[m] = sum_k sum_n c_k[n] conj(h_k[n d - m])`` (``Re`` for ``signal="real"``).
        For a dual made by :meth:`dual`, ``c`` holds the frames of the bank it is dual to.

        Parameters
        ----------
        c : array, shape (..., K, N)
            ``N`` must be the number of frames of a signal of ``length`` samples.
        length : int
            Signal length L (>= 1).
        check_finite : bool

        Returns
        -------
        x : array, shape (..., L)
        """
        c = self._coefficients(c, check_finite)
        length = _v.positive_int(length, "length")
        first, count = self._frames_range(length, self._coef)
        if c.shape[-1] != count:
            raise ValueError(
                f"c has {c.shape[-1]} frames but a signal of length={length} has {count}; "
                "pass the length of the analysed signal"
            )
        return self._synthesise(c, first, 0, length)

    # ------------------------------------------------------------ duals, tight

    @_b.supports(skip=_NO_DASK)
    def circular(self, length: int) -> FilterBank:
        """The circular :class:`~framekit.FilterBank` of these kernels at ``length``."""
        length = _v.positive_int(length, "length")
        return FilterBank(
            self.kernels, self.stride, length, fs=self.fs, signal=self.signal, origin=self.origin,
            center_frequencies=self.center_frequencies, bandwidths=self.bandwidths, check_finite=False,
        )

    def _new(self, kernels: Any, origin: int) -> FIRFilterBank:
        out = FIRFilterBank(
            kernels, self.stride, origin=origin, fs=self.fs, signal=self.signal,
            center_frequencies=self.center_frequencies, bandwidths=self.bandwidths, check_finite=False,
        )
        return out

    def _real_frame(self) -> bool:
        return self.signal == "real"

    def _certify(self, other: FIRFilterBank, length: int | None = None) -> tuple[float, float, int]:
        """(error, bound, L'): ``||I - D*A||`` with A = self, D = other, on a grid of L'."""
        T, S = int(self.kernels.shape[-1]), int(other.kernels.shape[-1])
        if length is None:
            Lp, n = _fd.grid_length(T, self.origin, S, other.origin, self.stride)
        else:
            Lp, n = length, 0
        # polyphase blocks evaluated coset by coset: memory bounded whatever Lp
        err = _fd.certified_error(
            self.xp, self.kernels, self.origin, other.kernels, other.origin, self.stride, Lp,
            real_frame=self._real_frame(),
        )
        bound = err if length is not None else err / (1.0 - math.pi * n / Lp)
        return err, bound, Lp

    @_b.supports(skip=_NO_DASK)
    def dual_error(self, dual: FIRFilterBank, *, length: int | None = None) -> float:
        """The operator norm ``||I - D*A||`` of the round trip ``dual.synthesis(self.analysis(.))``.

        Computed from the polyphase blocks: ``max_theta sigma_max(I - (1/d) M_g(theta)^H
        M_h(theta))`` (real frames: the blocks averaged with their conjugates).  With
        ``length`` given (a multiple of the stride, at least both kernel lengths), the maximum
        over that circular length's ``length / d`` blocks: exactly the norm of the circular
        ``length x length`` operator.  Without it, on the grid of :func:`grid_length`: a lower
        bound of the l2(Z) norm within the factor of ``error_bound``.
        """
        if not isinstance(dual, FIRFilterBank):
            raise TypeError(f"dual must be a FIRFilterBank, got {type(dual).__name__}")
        if dual.stride != self.stride or dual.num_channels != self.num_channels:
            raise ValueError(
                f"dual has K={dual.num_channels}, stride={dual.stride}; expected K={self.num_channels}, "
                f"stride={self.stride}"
            )
        if length is not None:
            length = _v.positive_int(length, "length")
            T, S = int(self.kernels.shape[-1]), int(dual.kernels.shape[-1])
            if length % self.stride or length < max(T, S):
                raise ValueError(
                    f"length={length} must be a multiple of stride={self.stride} and at least "
                    f"the kernel lengths ({max(T, S)})"
                )
        return self._certify(dual, length)[0]

    @_b.supports(skip=_NO_DASK)
    def dual(self, support: int) -> FIRFilterBank:
        """The FIR dual of at most ``support`` taps with the least reconstruction error.

        Minimises the Hilbert-Schmidt (Frobenius per period) norm of ``I - D*A``
        (``Re(D*A)`` for real-signal frames), an exact linear least-squares problem that
        splits into ``stride`` problems, one per polyphase component of the dual (see
        :mod:`framekit.filterbanks._fir_dual` and docs/filterbanks.md); when an exact
        FIR dual of that support exists, the result is one (error at rounding level).
        The taps are a window of ``support`` samples centred on the kernels' support.
        Cached per support.

        The returned bank has ``error`` = ``||I - D*A||`` (operator norm, from the
        polyphase blocks on a fine grid) and ``error_bound`` (its l2(Z) upper bound), and
        synthesises this bank's coefficients: ``dual.synthesis(self.analysis(x), L)``.

        Parameters
        ----------
        support : int
            Number of taps S >= 1.

        Returns
        -------
        FIRFilterBank

        Examples
        --------
        >>> import framekit
        >>> fir = framekit.isac(16000).fir()
        >>> fir.dual(support=128).error < 1e-4
        True
        """
        support = _v.positive_int(support, "support")
        T = int(self.kernels.shape[-1])
        _v.check_elements(self.num_channels * (support + 2 * T) * 4, f"support={support} (the dual's polyphase grid)")
        if support not in self._duals:
            g, og = _fd.least_squares_dual(
                self.xp, self.kernels, self.origin, self.stride, support, real_frame=self._real_frame()
            )
            dual = self._new(g, og)
            dual._coef = self._coef_self
            dual.error, dual.error_bound, dual.grid_length = self._certify(dual)
            self._duals[support] = dual
        return self._duals[support]

    @_b.supports(skip=_NO_DASK)
    def tight(self, support: int, *, iterations: int = 8) -> FIRFilterBank:
        """A tight (Parseval) filterbank of at most ``support`` taps, approximately.

        Starts from the canonical tight filterbank (computed exactly on a circular
        length) truncated to ``support`` taps, then applies the Newton iteration of the
        polar decomposition with the least-squares FIR dual in place of the inverse,
        ``t <- (t + dual_S(t)) / 2``, keeping the best iterate.  Its ``error`` is the
        distance from tight ``||I - T*T||`` (operator norm from the polyphase blocks), and
        ``error_bound`` its l2(Z) bound.  Synthesis with it inverts its own analysis.

        Parameters
        ----------
        support : int
            Number of taps S >= 1.
        iterations : int
            Newton steps (>= 1).

        Returns
        -------
        FIRFilterBank
        """
        support = _v.positive_int(support, "support")
        iterations = _v.positive_int(iterations, "iterations")
        key = support * 1000 + iterations
        if key in self._tights:
            return self._tights[key]
        xp, T, d = self.xp, int(self.kernels.shape[-1]), self.stride
        Lp, _ = _fd.grid_length(T, self.origin, support, support // 2, d)
        full = self.circular(Lp).tight().kernels  # (K, Lp), origin Lp // 2
        t0 = _fd.window_start(T, self.origin, support)
        start = Lp // 2 + t0
        t = self._new(full[:, start : start + support], -t0)
        if not xp.isdtype(self.kernels.dtype, "complex floating") and xp.isdtype(t.kernels.dtype, "complex floating"):
            t = self._new(xp.real(t.kernels), -t0)
        best, best_err = t, t._certify(t)[0]
        for _ in range(iterations):
            g = t.dual(support)
            t = self._new((t.kernels + g.kernels) / 2.0, t.origin)
            err = t._certify(t)[0]
            if not err < best_err:
                break
            best, best_err = t, err
        best.error, best.error_bound, best.grid_length = best._certify(best)
        self._tights[key] = best
        return best

    @_b.supports(skip=_NO_DASK)
    def stream(self) -> Any:
        """A :class:`~framekit.FilterBankStream` of this bank (block-by-block analysis or synthesis)."""
        from .streaming import FilterBankStream

        return FilterBankStream(self)
