"""Uniform strided filterbanks as frames: transform, exact bounds, exact duals.

Conventions (the same for analysis, synthesis, bounds, duals and tight frames):

* A kernel ``h`` of length T has its time origin at index ``origin`` (default
  ``T // 2``: centred kernels).  It is placed circularly in a length-L signal
  as ``h_L[(t - origin) mod L] = h[t]``.
* Analysis is circular convolution sampled with stride d:
  ``c_k[n] = (x (*) h_k)[n d] = sum_m x[m] h_L,k[(n d - m) mod L]``,
  ``n = 0 .. L/d - 1``.  (For centred kernels of even size this is what
  ``hybra`` computes; no extra roll by one sample is involved.)
* Synthesis is the adjoint: upsample each channel by zero insertion, convolve
  with the time-reversed conjugate filter, sum over channels.
* ``signal="complex"``: a frame of C^L.  ``signal="real"``: a frame of R^L
  whose coefficients are the complex ``c_k`` of a real signal.  Its synthesis
  is the real adjoint ``Re(D c)`` and its frame operator
  ``S = Re(D C) = (S_h + S_conj) / 2``, where ``S_conj`` is the frame operator
  of the conjugated filters: the bounds are those of the conjugate-augmented
  filterbank ``{h_k, conj(h_k)}`` **divided by 2** (``hybra`` reports the
  augmented bounds, twice these; condition numbers agree).  The real inverse
  is ``x = Re(D_dual c)``.

Everything runs through FFTs of length L and one batched matrix product per
polyphase block (see ``framekit.filterbanks._polyphase``): analysis and synthesis cost
``O(K L log(L/d) + K L)`` per signal, bounds ``O(K L d + L d^2)``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, overload

from .. import _backend as _b
from .. import _validate as _v
from . import _polyphase as _pp

if TYPE_CHECKING:
    from .fir import FIRFilterBank

__all__ = ["FilterBank"]

_NO_DASK = {"dask.array": "Dask has no eigh/eigvalsh"}


def _check_bank(K: int, L: int, name: str, value: Any) -> None:
    """Refuse a (K, L) filterbank over :data:`framekit._validate.MAX_ELEMENTS` before its
    responses are allocated, blaming ``name=value``."""
    _v.check_elements(K * L, f"{name}={value!r} (the K x L = {K} x {L} frequency responses)")


def _precision(xp: Any, a: Any, name: str, rdtype: Any) -> Any:
    """A signal or coefficients in the bank's precision: integers and booleans become the
    bank's real dtype; float64 (complex128) against a float32 bank is refused, since its
    float32 responses would make the result accurate to ~1e-7 only, silently."""
    if not xp.isdtype(a.dtype, ("real floating", "complex floating")):
        return xp.astype(a, rdtype)
    if rdtype == xp.float32 and _b.real_dtype(xp, a.dtype) == xp.float64:
        raise TypeError(
            f"{name} has dtype {a.dtype} but the filterbank is float32 (float32 kernels and "
            f"responses: the result would be accurate to float32 precision only, ~1e-7); cast "
            f"{name} to float32 (xp.astype({name}, xp.float32)) or build the filterbank with "
            "dtype=float64 (float64 kernels)"
        )
    return a


def _vector(xp: Any, values: Any, name: str, K: int, dtype: Any, device: Any, like: Any) -> Any:
    """Optional per-channel values (array or sequence of K floats) as a real array."""
    if values is None:
        return None
    if _b.is_array(values):
        _b.namespace_and_device(("kernels", like), (name, values))
        if xp.isdtype(values.dtype, "complex floating"):
            raise TypeError(f"{name} must be real (Hz), got dtype {values.dtype}")
        arr = xp.astype(values, dtype)
    else:
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            raise TypeError(
                f"{name} must be an array or a sequence of {K} real numbers, got {type(values).__name__}"
            )
        try:
            floats = [float(v) for v in values]
        except (TypeError, ValueError):
            raise TypeError(f"{name} must be an array or a sequence of {K} real numbers, got {values!r}") from None
        arr = xp.asarray(floats, dtype=dtype, device=device)
    if tuple(arr.shape) != (K,):
        raise ValueError(f"{name} must have one value per channel (shape ({K},)), got shape {tuple(arr.shape)}")
    _b.check_finite(xp, arr, name)
    return arr


class FilterBank(_b.Portable):
    """A uniform filterbank (K filters, stride d) on signals of length L; a frame.

    Implements the :class:`~framekit.Frame` protocol with the conventions of
    :mod:`framekit.filterbanks.filterbank`.  Frame bounds, the canonical dual and the
    canonical tight filterbank are exact (polyphase blocks, one batched
    eigen-solve over the L/d blocks) and cached on the object.

    Parameters
    ----------
    kernels : array, shape (K, T)
        Time-domain kernels (real or complex), ``T <= length``.  The
        filterbank keeps their namespace, device and floating dtype.
    stride : int
        Decimation d; must divide ``length`` (no implicit padding).
    length : int
        Signal length L (``K * L`` at most 2**36: larger sizes are refused at once).
    fs : float, optional
        Sampling rate in Hz (metadata for designs and plots).
    signal : {"real", "complex"}
        Whether the frame is of real signals (complex coefficients, real
        synthesis ``Re(D c)``) or of complex signals.
    origin : int, optional
        Kernel index of time 0; default ``T // 2`` (centred kernels).
    center_frequencies, bandwidths : array or sequence of K floats, optional
        Metadata in Hz, kept as attributes.
    check_finite : bool
        Check the kernels for NaN/inf once (signals and coefficients are checked by
        :meth:`analysis`, :meth:`synthesis` and :meth:`frame_operator`, each with its
        own ``check_finite``).

    Notes
    -----
    * The kernels are copied at construction (one copy; none when they are cast to a
      floating dtype anyway): editing the caller's array later changes nothing here.
    * Precision: signals and coefficients are computed in the bank's precision or
      higher.  float32 input to a float64 bank is promoted (exact); integer and boolean
      input is cast to the bank's real dtype; float64/complex128 input to a float32 bank
      raises ``TypeError`` (cast the input to float32, or build the bank in float64),
      instead of returning float64 results accurate only to ~1e-7.
    * Instances pickle, deep-copy and survive ``torch.save``/``torch.load(...,
      weights_only=False)`` with the same results (the namespace is stored by name:
      :class:`framekit._backend.Portable`).

    Attributes
    ----------
    kernels, stride, length, fs, signal, origin, center_frequencies, bandwidths
        As given.
    num_channels : int
        K.
    design : dict
        Parameters recorded by the design function that built it (empty otherwise).

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.filterbanks.filterbank import FilterBank
    >>> rng = np.random.default_rng(0)
    >>> fb = FilterBank(rng.standard_normal((6, 8)), stride=2, length=32)
    >>> x = rng.standard_normal(32)
    >>> fb.analysis(x).shape
    (6, 16)
    >>> bool(np.allclose(fb.dual().synthesis(fb.analysis(x)), x))
    True
    """

    def __init__(
        self,
        kernels: Any,
        stride: int,
        length: int,
        *,
        fs: float | None = None,
        signal: str = "real",
        origin: int | None = None,
        center_frequencies: Any = None,
        bandwidths: Any = None,
        check_finite: bool = True,
    ) -> None:
        _v.require_array(kernels, "kernels")
        xp, device = _b.namespace_and_device(("kernels", kernels))
        if kernels.ndim != 2:
            raise ValueError(f"kernels must have shape (K, T), got shape {tuple(kernels.shape)}")
        K, T = kernels.shape
        if K < 1:
            raise ValueError("kernels has zero channels (shape (0, T)); a filterbank needs K >= 1 filters")
        if T < 1:
            raise ValueError("kernels has zero taps (shape (K, 0)); kernels need T >= 1 samples")
        length = _v.positive_int(length, "length")
        stride = _v.positive_int(stride, "stride")
        if length % stride:
            raise ValueError(
                f"stride={stride} does not divide length={length}; choose a length that is a "
                f"multiple of the stride (e.g. {-(-length // stride) * stride}) and pad the signal"
            )
        if T > length:
            raise ValueError(f"kernels have T={T} taps, longer than the signal length={length}")
        _check_bank(K, length, "length", length)
        if origin is None:
            origin = T // 2
        origin = _v.int_in_range(origin, "origin", low=0, high=T, what=f"an int in [0, {T})")
        given = kernels
        (kernels,) = _b.as_float(xp, kernels)
        if kernels is given:  # freeze: a later edit of the caller's array must not reach us
            kernels = _b.copy_array(xp, kernels)
        if _v.flag(check_finite, "check_finite"):
            _b.check_finite(xp, kernels, "kernels")
        self._init(xp, device, stride, length, fs, signal, center_frequencies, bandwidths, K)
        self.kernels = kernels
        self.origin = origin
        self._real_kernels = not xp.isdtype(kernels.dtype, "complex floating")
        self._rdtype = _b.real_dtype(xp, kernels.dtype)
        self._cdtype = _b.complex_dtype(xp, kernels.dtype)
        zeros = xp.zeros((K, length - T), dtype=kernels.dtype, device=device)
        h_long = xp.concat([kernels[:, origin:], zeros, kernels[:, :origin]], axis=-1)
        self._set_responses(_b.fft(xp).fft(xp.astype(h_long, self._cdtype), axis=-1))

    # ------------------------------------------------------------------ setup

    def _init(
        self,
        xp: Any,
        device: Any,
        stride: int,
        length: int,
        fs: float | None,
        signal: str,
        center_frequencies: Any,
        bandwidths: Any,
        K: int,
        real_kernels: bool = False,
    ) -> None:
        if signal not in ("real", "complex"):
            raise ValueError(f"signal must be 'real' or 'complex', got {signal!r}")
        if fs is not None:
            _v.positive_number(fs, "fs", "a positive finite number of Hz")
        self.xp, self.device = xp, device
        self.stride, self.length, self.fs, self.signal = stride, length, fs, signal
        self.num_channels = K
        self._eig: tuple[Any, Any] | None = None
        self._bounds: tuple[Any, Any] | None = None
        self._gram: Any = None
        self._dual: FilterBank | None = None
        self._tight: FilterBank | None = None
        self._real_kernels = real_kernels
        self.design: dict[str, Any] = {}
        self._meta = (center_frequencies, bandwidths)

    def _set_responses(self, H: Any) -> None:
        xp = self.xp
        self._H = H
        self._Mt_cache: Any = None
        cf, bw = self._meta
        K, rdt, dev = self.num_channels, self._rdtype, self.device
        self.center_frequencies = _vector(xp, cf, "center_frequencies", K, rdt, dev, H)
        self.bandwidths = _vector(xp, bw, "bandwidths", K, rdt, dev, H)

    @classmethod
    def _from_responses(cls, H: Any, like: FilterBank, real_kernels: bool) -> FilterBank:
        """A filterbank with full-length kernels given by their DFTs (duals, tight frames)."""
        xp = like.xp
        fb = cls.__new__(cls)
        fb._init(
            xp, like.device, like.stride, like.length, like.fs, like.signal,
            like.center_frequencies, like.bandwidths, like.num_channels, real_kernels,
        )
        fb._rdtype, fb._cdtype = like._rdtype, like._cdtype
        h_long = _b.fft(xp).ifft(H, axis=-1)
        if real_kernels:
            h_long = xp.real(h_long)
        fb.origin = like.length // 2
        fb.kernels = xp.roll(h_long, fb.origin, axis=-1)
        fb._set_responses(H)
        return fb

    @property
    def _Mt(self) -> Any:
        """The polyphase layout ``Mt[j, r, k] = H[k, j + r N]``, shape (N, d, K); cached."""
        if self._Mt_cache is None:
            self._Mt_cache = _pp.to_polyphase(self.xp, self._H, self.stride)
        return self._Mt_cache

    def __repr__(self) -> str:
        return (
            f"FilterBank(K={self.num_channels}, T={self.kernels.shape[-1]}, stride={self.stride}, "
            f"length={self.length}, signal={self.signal!r}, dtype={self.kernels.dtype})"
        )

    # -------------------------------------------------------------- transform

    def frequency_response(self) -> Any:
        """DFT_L of the placed kernels, shape (K, L), complex (the cached array; do not modify).

        Bin ``w`` is the frequency ``w fs / L`` Hz (``w >= L/2`` are negative).
        """
        return self._H

    def _signal(self, x: Any, name: str, check_finite: bool) -> tuple[Any, tuple[int, ...], Any]:
        _v.require_array(x, name)
        xp, _ = _b.namespace_and_device((name, x), ("kernels", self.kernels))
        if x.ndim < 1 or x.shape[-1] != self.length:
            raise ValueError(
                f"{name} must have shape (..., {self.length}) (the filterbank's length), "
                f"got shape {tuple(x.shape)}"
            )
        x = _precision(xp, x, name, self._rdtype)
        if self.signal == "real" and xp.isdtype(x.dtype, "complex floating"):
            raise TypeError(f"{name} must be real for a filterbank with signal='real'; use signal='complex'")
        if _v.flag(check_finite, "check_finite"):
            _b.check_finite(xp, x, name)
        cdt = _b.complex_dtype(xp, xp.result_type(_b.real_dtype(xp, x.dtype), self._rdtype))
        return x, tuple(x.shape[:-1]), cdt

    def _cast(self, a: Any, cdt: Any) -> Any:
        return a if a.dtype == cdt else self.xp.astype(a, cdt)

    def _spectrum_blocks(self, x: Any, cdt: Any) -> Any:
        """DFT of x (..., L) rearranged as (N, B, d)."""
        xp, d = self.xp, self.stride
        N = self.length // d
        X = _b.fft(xp).fft(xp.astype(x, cdt), axis=-1)
        X = xp.reshape(X, (-1, d, N))
        return _pp.compact(xp, xp.permute_dims(X, (2, 0, 1)))

    def _from_spectrum_blocks(self, Y: Any, lead: tuple[int, ...], real: bool) -> Any:
        """Inverse of :meth:`_spectrum_blocks` followed by the inverse DFT."""
        xp = self.xp
        Y = xp.reshape(xp.permute_dims(Y, (1, 2, 0)), (*lead, self.length))
        y = _b.fft(xp).ifft(Y, axis=-1)
        return xp.real(y) if real else y

    @_b.lazy_batch()
    def analysis(self, x: Any, *, check_finite: bool = True) -> Any:
        """Coefficients ``c_k[n] = (x (*) h_k)[n d]``.

        Parameters
        ----------
        x : array, shape (..., L)
            Real for ``signal="real"``.
        check_finite : bool
            Check ``x`` for NaN/inf once (skipped for lazy arrays).

        Returns
        -------
        c : array, shape (..., K, L/d)
            Complex (real when both kernels and x are real).
        """
        xp = self.xp
        x, lead, cdt = self._signal(x, "x", check_finite)
        Xb = self._spectrum_blocks(x, cdt)  # (N, B, d)
        C = xp.matmul(Xb, self._cast(self._Mt, cdt)) / float(self.stride)  # (N, B, K)
        c = _b.fft(xp).ifft(xp.permute_dims(C, (1, 2, 0)), axis=-1)  # (B, K, N)
        c = xp.reshape(c, (*lead, self.num_channels, self.length // self.stride))
        if self._real_kernels and not xp.isdtype(x.dtype, "complex floating"):
            return xp.real(c)
        return c

    @_b.lazy_batch("c", core=2)
    def synthesis(self, c: Any, *, check_finite: bool = True) -> Any:
        """The adjoint of :meth:`analysis` (``Re`` of it for ``signal="real"``).

        Parameters
        ----------
        c : array, shape (..., K, L/d)
        check_finite : bool
            Check ``c`` for NaN/inf once (skipped for lazy arrays).

        Returns
        -------
        x : array, shape (..., L)
            Real for ``signal="real"``.
        """
        xp = self.xp
        K, N = self.num_channels, self.length // self.stride
        _v.require_array(c, "c")
        xp, _ = _b.namespace_and_device(("c", c), ("kernels", self.kernels))
        if c.ndim < 2 or tuple(c.shape[-2:]) != (K, N):
            raise ValueError(
                f"c must have shape (..., {K}, {N}) (channels, frames), got shape {tuple(c.shape)}"
            )
        c = _precision(xp, c, "c", self._rdtype)
        if _v.flag(check_finite, "check_finite"):
            _b.check_finite(xp, c, "c")
        lead = tuple(c.shape[:-2])
        cdt = _b.complex_dtype(xp, xp.result_type(_b.real_dtype(xp, c.dtype), self._rdtype))
        Cf = _b.fft(xp).fft(xp.astype(c, cdt), axis=-1)
        Cf = _pp.compact(xp, xp.permute_dims(xp.reshape(Cf, (-1, K, N)), (2, 0, 1)))  # (N, B, K)
        Y = xp.matmul(Cf, xp.conj(xp.matrix_transpose(self._cast(self._Mt, cdt))))  # (N, B, d)
        real = self.signal == "real" or (self._real_kernels and not xp.isdtype(c.dtype, "complex floating"))
        return self._from_spectrum_blocks(Y, lead, real)

    def fir(self) -> FIRFilterBank:
        """These kernels in linear-convolution mode (any signal length, streaming, short
        FIR duals): a :class:`~framekit.FIRFilterBank`, cached.

        Examples
        --------
        >>> import numpy as np, framekit
        >>> fir = framekit.isac(16000).fir()
        >>> fir.analysis(np.ones(5)).shape  # 5 samples, not fb.length
        (40, 9)
        """
        cached = self.__dict__.get("_fir")
        if cached is None:
            from .fir import FIRFilterBank

            cached = FIRFilterBank(
                self.kernels, self.stride, origin=self.origin, fs=self.fs, signal=self.signal,
                center_frequencies=self.center_frequencies, bandwidths=self.bandwidths, check_finite=False,
            )
            self.__dict__["_fir"] = cached
        return cached

    # ----------------------------------------------------------- frame blocks

    def _blocks(self) -> Any:
        """The frame-operator blocks (N, d, d) (of the real frame for signal='real'); cached."""
        if self._gram is None:
            xp = self.xp
            G = _pp.blocks(xp, self._Mt, self.stride)
            if self._real_augmented:
                # S = (S_h + S_conj) / 2 with S_conj the frame operator of the conj(h_k)
                G = (G + _pp.conjugate_blocks(xp, G)) / 2.0
            self._gram = G
        return self._gram

    def frame_operator(self, x: Any, *, check_finite: bool = True) -> Any:
        """``S x`` through the polyphase blocks (no analysis/synthesis round trip).

        ``check_finite`` checks ``x`` for NaN/inf once (skipped for lazy arrays).
        """
        xp = self.xp
        x, lead, cdt = self._signal(x, "x", check_finite)
        Xb = self._spectrum_blocks(x, cdt)  # (N, B, d)
        Y = xp.matmul(Xb, self._cast(_pp.compact(xp, xp.matrix_transpose(self._blocks())), cdt))
        real = self.signal == "real" or (self._real_kernels and not xp.isdtype(x.dtype, "complex floating"))
        return self._from_spectrum_blocks(Y, lead, real)

    @property
    def _real_augmented(self) -> bool:
        """Real-signal frame with complex kernels: blocks include the conjugated filters."""
        return self.signal == "real" and not self._real_kernels

    def _tolerance(self) -> float:
        eps = float(self.xp.finfo(self._rdtype).eps)
        return max(self.num_channels, self.stride) * eps

    @_b.supports(skip=_NO_DASK)
    def frame_bounds(self) -> tuple[Any, Any]:
        """Optimal frame bounds ``(A, B)``, exact, cached.

        ``A = min_j lambda_min(G_j)``, ``B = max_j lambda_max(G_j)`` over the
        polyphase blocks ``G_j = (1/d) M_j^H M_j`` (one batched ``eigvalsh``).
        For ``signal="real"`` these are the bounds of ``Re(D C)``: half of the
        conjugate-augmented filterbank's.  ``A = 0`` (not a frame) when the
        smallest eigenvalue is below ``max(K, d) eps B``.

        Returns
        -------
        A, B : 0-d real arrays
        """
        if self._bounds is None:
            xp = self.xp
            if self._eig is not None:
                lam = self._eig[0]
            elif self._real_augmented:
                # blocks j and N - j of the real frame are conjugate up to a permutation:
                # equal spectra, so half of the blocks suffice
                lam = _b.linalg(xp).eigvalsh(self._blocks()[: self.length // self.stride // 2 + 1, ...])
            else:
                lam = _b.linalg(xp).eigvalsh(self._blocks())
            A, B = xp.min(lam[..., 0]), xp.max(lam[..., -1])
            A = xp.where(A > self._tolerance() * B, A, xp.zeros_like(A))
            self._bounds = (A, B)
        return self._bounds

    @_b.supports(skip=_NO_DASK)
    def condition_number(self) -> Any:
        """``B / A`` (``inf`` when A = 0)."""
        A, B = self.frame_bounds()
        xp = self.xp
        positive = A > 0
        return xp.where(positive, B / xp.where(positive, A, xp.ones_like(A)), xp.full_like(A, math.inf))

    def _eigh(self, what: str) -> tuple[Any, Any]:
        if self._eig is None:
            self._eig = _pp.block_eigh(self.xp, self._blocks())
        lam, V = self._eig
        A, _ = self.frame_bounds()
        if not _b.is_lazy(A) and not bool(A > 0):
            raise ValueError(
                f"kernels do not form a frame at stride={self.stride}, length={self.length} "
                f"(lower frame bound A = 0: some frequencies are not covered); the {what} needs a frame"
            )
        return lam, V

    @overload
    def dual(self, support: None = None) -> FilterBank: ...
    @overload
    def dual(self, support: int) -> FIRFilterBank: ...

    @_b.supports(skip=_NO_DASK)
    def dual(self, support: int | None = None) -> FilterBank | FIRFilterBank:
        """The canonical dual filterbank (full-length kernels), exact, cached; or, with
        ``support``, the short FIR dual of the linear mode (:meth:`fir`).

        Its blocks are ``M_j G_j^{-1}``, so that ``dual().synthesis(analysis(x)) == x``
        (for ``signal="real"``: ``Re`` of the dual synthesis, which is what
        :meth:`synthesis` returns).  ``dual(support=S)`` is ``self.fir().dual(S)``: a
        :class:`~framekit.FIRFilterBank` of at most S taps minimising the reconstruction
        error, with its certified operator norm ``error = ||I - D*A||``
        (``.circular(self.length)`` applies it to this circular length).

        Raises
        ------
        ValueError
            If the kernels are not a frame (A = 0), or ``support < 1``.
        """
        if support is not None:
            return self.fir().dual(support)
        if self._dual is None:
            lam, V = self._eigh("canonical dual")
            F = _pp.block_function(self.xp, lam, V, -1.0)
            H = _pp.apply_blocks(self.xp, self._Mt, F)
            self._dual = FilterBank._from_responses(H, self, bool(self._real_kernels))
        return self._dual

    @overload
    def tight(self, support: None = None) -> FilterBank: ...
    @overload
    def tight(self, support: int) -> FIRFilterBank: ...

    @_b.supports(skip=_NO_DASK)
    def tight(self, support: int | None = None) -> FilterBank | FIRFilterBank:
        """The canonical tight (Parseval) filterbank, blocks ``M_j G_j^{-1/2}``, cached; or,
        with ``support``, a short FIR approximately tight bank, ``self.fir().tight(S)``,
        whose ``error`` is its distance from tight ``||I - T*T||``.

        Raises
        ------
        ValueError
            If the kernels are not a frame (A = 0), or ``support < 1``.
        """
        if support is not None:
            return self.fir().tight(support)
        if self._tight is None:
            lam, V = self._eigh("canonical tight frame")
            F = _pp.block_function(self.xp, lam, V, -0.5)
            H = _pp.apply_blocks(self.xp, self._Mt, F)
            self._tight = FilterBank._from_responses(H, self, bool(self._real_kernels))
        return self._tight

