"""MuReNN: learnable convolutions over the octave subbands of a discrete wavelet transform.

The multiresolution stage is a real, orthogonal, periodised DWT (``pywt.wavedec(x, wavelet,
mode="periodization", level=J)``, the same coefficients) computed with torch in the Fourier
domain, so it runs on any torch device and autograd flows through it.  Default wavelet:
``"sym8"`` (Daubechies' least-asymmetric wavelet with 8 vanishing moments, 16 taps):

* orthogonal, so the octave split is a Parseval frame (no loss of energy or stability);
* the most frequency-selective of the short PyWavelets families for its length, which
  matters because the subbands are decimated: the transition bands of the wavelet filters
  alias across octaves, and 16 taps keep that leakage small at a low cost;
* nearly linear phase (least asymmetric), so the equivalent filters are nearly symmetric in
  time, like the teachers' envelopes.

The learned stage runs on the spec's subbands ``x_j[t] = (x * psi_j)[2^j t]``: the detail
band of octave j computed like the DWT but *not* decimated at its last level (twice the
DWT's sampling rate), so the octave's band lies inside the subband's positive frequencies.
By default (``analytic=True``) the subband is also made analytic, ``psi_j^+`` = ``psi_j``
with its negative frequencies removed (an exact Hilbert pair of the PyWavelets wavelet on
the circle, what the paper's dual-tree complex wavelet transform approximates): then a
complex kernel tuned to a frequency f of the octave responds at f only.  Without it (the
real subbands, ``analytic=False``) a real subband cannot tell a frequency just below the
top edge ``fs/2^(j+1)`` (its Nyquist frequency) from its mirror just above it, where the
wavelet's transition band still passes: filters near an octave's upper edge get a mirror
image.  Channels below the lowest detail octave (``f < fs/2^(J+1)``) use the DWT's
approximation (lowpass residual) band ``(x * phi_J)[2^(J-1) t]``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import torch

from .. import _validate as _v
from ..filterbanks import FilterBank
from ._frame import check_signal, real_dtype

__all__ = ["MuReNN", "octave_of"]


def octave_of(frequency: float, fs: float, J: int) -> int:
    """The band of a frequency: the detail octave j with ``fs / 2^(j+2) <= f < fs / 2^(j+1)``
    (``j = 0 .. J-1``; ``f >= fs/2`` goes to 0), or ``J``, the approximation (lowpass
    residual) band ``0 <= f < fs / 2^(J+1)``."""
    if frequency < fs / 2.0 ** (J + 1):
        return J
    return min(max(math.floor(math.log2(fs / (2.0 * frequency))), 0), J - 1)


def _dft_of_taps(taps: torch.Tensor, n: int, origin: int) -> torch.Tensor:
    """``sum_t taps[..., t] exp(-2 pi i m (t - origin) / n)`` for ``m = 0 .. n-1``: the DFT of
    the taps placed circularly (time origin at tap ``origin``) in length n (taps wrap).

    An FFT of the zero-padded taps times a phase ramp when ``S <= n``; otherwise (taps longer
    than the circle, which wrap) the DFT as a matrix product."""
    S = taps.shape[-1]
    if S <= n:
        rolled = torch.roll(torch.nn.functional.pad(taps, (0, n - S)), -origin, dims=-1)
        return torch.fft.fft(rolled, dim=-1)
    t = torch.arange(S, dtype=torch.float64, device=taps.device) - origin
    m = torch.arange(n, dtype=torch.float64, device=taps.device)
    phase = (-2.0 * math.pi / n) * torch.remainder(t[:, None] * m[None, :], n)
    cdt = torch.complex128 if taps.dtype in (torch.float64, torch.complex128) else torch.complex64
    E = torch.polar(torch.ones_like(phase), phase).to(cdt)
    return torch.matmul(taps.to(cdt), E)


class MuReNN(torch.nn.Module):
    """Multiresolution neural network front-end (Lostanlen et al.): DWT octaves + learned convolutions.

    Band ``b`` is the detail octave ``j = b < J`` (band ``[fs/2^(j+2), fs/2^(j+1)]``) or the
    approximation band ``b = J`` (``[0, fs/2^(J+1)]``, the DWT's lowpass residual).  Its
    subband is the spec's ``x_j[t] = (x * psi_j)[2^j t]`` (``(x * phi_J)[2^(J-1) t]`` for the
    approximation band): the DWT's filters, the last decimation left out, made analytic by
    default (see the module docstring).  Filter q of band b is

    .. math::

        y_{b,q}[n] = (x_b \\circledast w_{b,q})[(2^J / d_b)\\, n]
                  = (x \\circledast h_{b,q})[2^J n],\\qquad d_j = 2^j,\\ d_J = 2^{J-1},

    a complex kernel ``w_{b,q}`` of ``2 L_b`` taps, ``L_b = T Q_b`` (the paper's
    ``L_j = 8 M_j`` with ``T = 8``), centred, circular on the subband; all outputs share the
    hop ``2^J``.  The equivalent single-resolution filters ``h_{b,q}`` (:meth:`to_filterbank`)
    have the DFT ``psi_b(f) W_{b,q}(f mod fs/d_b)``: the kernel's response, periodic with
    period ``fs/d_b`` Hz, windowed by the octave's wavelet; a kernel tuned to frequency
    ``f`` Hz (``w[t] = exp(2 pi i f d_b t / fs)``) gives a filter peaked at ``f``.

    Parameters
    ----------
    J : int
        Number of octaves (DWT levels); the output hop is ``2^J``.
    Q : int or sequence of J or J + 1 ints
        Filters per octave (octave 0 is the highest, ``fs/4 .. fs/2``; 0 leaves an octave
        out); an optional (J+1)-th count is the number of filters on the approximation band
        (default 0).  An int gives every detail octave that many filters.
    T : int
        Kernel-size multiplier: band b's kernels have ``2 T Q_b`` taps (default 8).
    wavelet : str
        A PyWavelets orthogonal wavelet name (default ``"sym8"``; see the module docstring).
    analytic : bool
        Analytic subbands (default True; see the module docstring); False: the real ones.
    fs : float, optional
        Sampling rate, kept as metadata (filterbanks, plots).
    seed : int, optional
        Seed of the initial kernels (complex Gaussian, variance 1/(2 L_b) per part).
    dtype, device
        Real dtype of the parameters and their device.

    Attributes
    ----------
    Q, kernel_sizes : list of J + 1 ints
        Filters and kernel taps per band (index J: the approximation band).

    Notes
    -----
    ``forward`` returns the complex linear stage (before any modulus), channels ordered from
    the approximation band and the lowest octave (j = J - 1) to the highest (j = 0), q
    ascending within a band.  Signals are ``(B, L)`` or ``(B, C, L)`` with ``L`` a multiple
    of ``2^J``.

    Examples
    --------
    >>> import torch
    >>> from framekit.nn import MuReNN
    >>> m = MuReNN(J=4, Q=[2, 2, 1, 1], T=4, seed=0, dtype=torch.float64)
    >>> x = torch.randn(2, 256, dtype=torch.float64)
    >>> m(x).shape
    torch.Size([2, 6, 16])
    >>> fb = m.to_filterbank(256)
    >>> bool(torch.allclose(fb.analysis(x), m(x), atol=1e-12))
    True
    """

    dec_lo: torch.Tensor
    dec_hi: torch.Tensor

    def __init__(
        self,
        J: int,
        Q: int | Sequence[int],
        T: int = 8,
        *,
        wavelet: str = "sym8",
        analytic: bool = True,
        fs: float | None = None,
        seed: int | None = None,
        dtype: Any = None,
        device: Any = None,
    ) -> None:
        super().__init__()
        import pywt

        J = _v.positive_int(J, "J")
        T = _v.positive_int(T, "T")
        dtype = real_dtype(dtype)
        if isinstance(Q, bool) or not isinstance(Q, (int, Sequence)) or isinstance(Q, str):
            raise TypeError(f"Q must be an int or a sequence of J={J} (or J+1) ints, got {type(Q).__name__}")
        Qs = [Q] * J if isinstance(Q, int) else list(Q)
        if len(Qs) not in (J, J + 1):
            raise ValueError(f"Q must have one count per octave (J={J} values, or J+1 with the approximation band), got {len(Qs)}")
        for q in Qs:
            if isinstance(q, bool) or not isinstance(q, int) or q < 0:
                raise ValueError(f"Q must hold ints >= 0, got {Qs!r}")
        Qs = Qs + [0] * (J + 1 - len(Qs))
        if sum(Qs) == 0:
            raise ValueError(f"Q must give at least one filter, got {Qs!r}")
        if not isinstance(wavelet, str):
            raise TypeError(f"wavelet must be a PyWavelets wavelet name (str), got {type(wavelet).__name__}")
        try:
            w = pywt.Wavelet(wavelet)
        except ValueError as exc:
            raise ValueError(f"wavelet must be a discrete PyWavelets wavelet name, got {wavelet!r}") from exc
        if not w.orthogonal:
            raise ValueError(f"wavelet must be orthogonal (e.g. 'sym8', 'db8', 'coif5'), got {wavelet!r}")
        _v.flag(analytic, "analytic")
        if fs is not None:
            fs = _v.positive_number(fs, "fs", "a positive sampling rate in Hz")
        seed = _v.seed(seed)
        self.J, self.Q, self.T, self.wavelet, self.fs = J, Qs, T, wavelet, fs
        self.analytic = bool(analytic)
        self.hop = 2**J
        self.kernel_sizes = [2 * T * q for q in Qs]
        self.num_channels = sum(Qs)
        self.register_buffer("dec_lo", torch.tensor(w.dec_lo, dtype=dtype, device=device))
        self.register_buffer("dec_hi", torch.tensor(w.dec_hi, dtype=dtype, device=device))
        gen = None if seed is None else torch.Generator(device="cpu").manual_seed(seed)
        re, im = [], []
        for q, S in zip(Qs, self.kernel_sizes):
            std = (1.0 / (2.0 * max(S, 1))) ** 0.5
            re.append(torch.nn.Parameter((torch.randn(q, S, generator=gen, dtype=dtype) * std).to(device)))
            im.append(torch.nn.Parameter((torch.randn(q, S, generator=gen, dtype=dtype) * std).to(device)))
        self.kernels_real = torch.nn.ParameterList(re)
        self.kernels_imag = torch.nn.ParameterList(im)

    @classmethod
    def from_frequencies(
        cls, center_frequencies: Sequence[float], fs: float, J: int, T: int = 8, **kwargs: Any
    ) -> MuReNN:
        """A MuReNN with one filter per given centre frequency, each in its band
        (:func:`octave_of`: a detail octave, or the approximation band below
        ``fs/2^(J+1)``): how a student is shaped after a teacher.  Give the frequencies in
        ascending order: channel k of the student then sits in the band of the k-th."""
        J = _v.positive_int(J, "J")
        Q = [0] * (J + 1)
        for f in center_frequencies:
            Q[octave_of(float(f), float(fs), J)] += 1
        return cls(J, Q, T, fs=fs, **kwargs)

    def band_edges(self, b: int, fs: float | None = None) -> tuple[float, float]:
        """The nominal band of band b in Hz (``fs`` defaults to the module's): octave
        ``b < J``: ``(fs/2^(b+2), fs/2^(b+1))``; ``b = J``: ``(0, fs/2^(J+1))``."""
        fs = self.fs if fs is None else fs
        if fs is None:
            raise ValueError("fs is needed (the module has none)")
        if b == self.J:
            return 0.0, fs / 2.0 ** (self.J + 1)
        return fs / 2.0 ** (b + 2), fs / 2.0 ** (b + 1)

    def subband_rate(self, b: int) -> int:
        """The decimation ``d_b`` of band b's subband: ``2^b`` (octave), ``2^(J-1)`` (approximation)."""
        return 2 ** min(b, self.J - 1)

    def kernels(self, j: int) -> torch.Tensor:
        """The learned kernels of band j, ``(Q_j, 2 T Q_j)`` complex."""
        return torch.complex(self.kernels_real[j], self.kernels_imag[j])

    # ------------------------------------------------------------ the DWT
    def _wavelet_dft(self, n: int) -> tuple[torch.Tensor, torch.Tensor]:
        """DFTs of the lowpass and highpass analysis filters at circular length n, with
        PyWavelets' periodisation convention (origin at tap F/2)."""
        F = self.dec_lo.shape[-1]
        return _dft_of_taps(self.dec_lo, n, F // 2), _dft_of_taps(self.dec_hi, n, F // 2)

    @staticmethod
    def _decimate(Y: torch.Tensor, factor: int) -> torch.Tensor:
        """Spectrum of ``y[factor n]`` from the spectrum of y (last axis)."""
        n = Y.shape[-1]
        return torch.mean(Y.reshape(*Y.shape[:-1], factor, n // factor), dim=-2)

    def _analytic_mask(self, n: int, like: torch.Tensor) -> torch.Tensor | None:
        """Weights of the analytic part at length n (2 on positive frequencies, 1 at 0 and
        n/2, 0 on negative ones), or None for real subbands."""
        if not self.analytic:
            return None
        m = torch.zeros(n, dtype=self.dec_lo.dtype, device=like.device)
        m[1 : (n + 1) // 2] = 2.0
        m[0] = 1.0
        if n % 2 == 0:
            m[n // 2] = 1.0
        return m

    def _subband_spectra(self, x: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        """The DWT's approximation ``cA_J`` (spectrum; of the analytic part when analytic)
        and the spectra of the J + 1 subbands of the learned stage (octave j at length
        ``L/2^j``, the approximation band at ``L/2^(J-1)``; not decimated at their last level;
        of the analytic part of x, negative frequencies removed at the full rate, when so set)."""
        A = torch.fft.fft(x.to(self.dec_lo.dtype) if x.dtype != self.dec_lo.dtype else x, dim=-1)
        mask = self._analytic_mask(A.shape[-1], A)
        if mask is not None:  # the analytic part at the full rate: x^+ * psi_j = (x * psi_j)^+
            A = A * mask
        bands: list[torch.Tensor] = []
        low = A
        for _ in range(self.J):
            n = A.shape[-1]
            G, H = self._wavelet_dft(n)
            bands.append(A * H)
            low = A * G
            A = self._decimate(low, 2)
        bands.append(low)
        return A, bands

    def dwt(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The periodised DWT as ``pywt.wavedec(x, wavelet, mode="periodization", level=J)``
        orders it: ``[cA_J, cD_J, ..., cD_1]`` (real tensors, last axis)."""
        x = check_signal(x, "x", multiple=self.hop)
        A = torch.fft.fft(x.to(self.dec_lo.dtype) if x.dtype != self.dec_lo.dtype else x, dim=-1)
        details = []
        for _ in range(self.J):
            G, H = self._wavelet_dft(A.shape[-1])
            details.append(self._decimate(A * H, 2))
            A = self._decimate(A * G, 2)
        out = [torch.real(torch.fft.ifft(A, dim=-1))]
        out += [torch.real(torch.fft.ifft(D, dim=-1)) for D in reversed(details)]
        return out

    def subbands(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The subbands the kernels run on: ``[x_0, ..., x_{J-1}, x_J]`` with
        ``x_j = (x * psi_j)[2^j t]`` and ``x_J = (x * phi_J)[2^(J-1) t]`` (complex when
        analytic, real otherwise; decimating ``x_j`` by 2 gives ``cD_{j+1}`` of :meth:`dwt`,
        up to the analytic part)."""
        x = check_signal(x, "x", multiple=self.hop)
        _, bands = self._subband_spectra(x)
        out = [torch.fft.ifft(B, dim=-1) for B in bands]
        return out if self.analytic else [torch.real(o) for o in out]

    # ------------------------------------------------------------ the layer
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """The complex linear stage: ``(B, L) -> (B, F, L / 2^J)`` (or with a channel axis)."""
        x = check_signal(x, "x", multiple=self.hop)
        _, bands = self._subband_spectra(x)
        outs = []
        for b in reversed(range(self.J + 1)):
            if self.Q[b] == 0:
                continue
            D = bands[b]  # (..., n), n = L / d_b
            S = self.kernel_sizes[b]
            W = _dft_of_taps(self.kernels(b), D.shape[-1], S // 2)  # (Q_b, n)
            Y = self._decimate(D[..., None, :] * W, self.hop // self.subband_rate(b))
            outs.append(torch.fft.ifft(Y, dim=-1))
        return torch.cat(outs, dim=-2)

    def frequency_responses(self, length: int) -> torch.Tensor:
        """DFT_L of the equivalent single-resolution filters, ``(F, L)`` complex (differentiable)."""
        length = _v.positive_int(length, "length")
        if length % self.hop:
            raise ValueError(f"length must be a multiple of 2^J = {self.hop}, got {length}")
        m = torch.arange(length, device=self.dec_lo.device)
        rows = []
        mask = self._analytic_mask(length, self.dec_lo)
        phi: torch.Tensor | None = None  # product of the lowpass responses of the levels above
        for j in range(self.J + 1):
            n = length // self.subband_rate(j)
            if j < self.J:
                G, H = self._wavelet_dft(n)
                psi = H[m % n] if phi is None else phi * H[m % n]
            else:
                assert phi is not None
                psi = phi
            if mask is not None:
                psi = psi * mask
            if self.Q[j]:
                S = self.kernel_sizes[j]
                W = _dft_of_taps(self.kernels(j), n, S // 2)
                rows.append(psi[None, :] * W[:, m % n])
            if j < self.J:
                phi = G[m % n] if phi is None else phi * G[m % n]
        return torch.cat(list(reversed(rows)), dim=0)

    def to_filterbank(self, length: int) -> FilterBank:
        """The equivalent single-resolution filterbank on signals of ``length`` samples: a
        :class:`~framekit.FilterBank` (stride ``2^J``, circular, real signals) whose analysis
        equals :meth:`forward`; its ``frame_bounds``, ``condition_number`` and exact ``dual``
        are those of the learned front-end (differentiable)."""
        H = self.frequency_responses(length)
        kernels = torch.fft.ifft(H, dim=-1)
        return FilterBank(kernels, self.hop, length, fs=self.fs, signal="real", origin=0, check_finite=False)

    def extra_repr(self) -> str:
        return (f"J={self.J}, Q={self.Q}, T={self.T}, wavelet={self.wavelet!r}, "
                f"analytic={self.analytic}, hop={self.hop}")
