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

The dual-tree complex wavelet transform of the paper is not used: a real DWT from PyWavelets
is the simpler option the spec allows.  Complex learned kernels make the outputs
quasi-analytic instead (the learned filter keeps one sign of frequency of the subband).
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
    """The DWT octave of a frequency: j with ``fs / 2^(j+2) <= f < fs / 2^(j+1)``, clipped to
    ``0 .. J-1`` (0 Hz goes to the lowest octave, J - 1)."""
    if frequency <= 0:
        return J - 1
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

    With ``D_j`` the detail subband of octave j (level j + 1 of a periodised DWT: hop
    ``2^(j+1)``, band ``[fs/2^(j+2), fs/2^(j+1)]``), filter q of octave j is

    .. math::

        y_{j,q}[n] = (D_j \\circledast w_{j,q})[2^{J-j-1} n]
                  = (x \\circledast h_{j,q})[2^J n],

    a complex kernel ``w_{j,q}`` of ``2 L_j`` taps, ``L_j = T Q_j`` (the paper's
    ``L_j = 8 M_j`` with ``T = 8``), centred, circular on the subband; all outputs share the
    hop ``2^J``.  The equivalent single-resolution filters ``h_{j,q}`` (:meth:`to_filterbank`)
    are ``psi_j`` convolved with ``w_{j,q}`` upsampled by ``2^(j+1)``.

    Parameters
    ----------
    J : int
        Number of octaves (DWT levels); the output hop is ``2^J``.
    Q : int or sequence of J ints
        Filters per octave (octave 0 is the highest, ``fs/4 .. fs/2``); 0 leaves an octave out.
    T : int
        Kernel-size multiplier: octave j's kernels have ``2 T Q_j`` taps (default 8).
    wavelet : str
        A PyWavelets orthogonal wavelet name (default ``"sym8"``; see the module docstring).
    fs : float, optional
        Sampling rate, kept as metadata (filterbanks, plots).
    seed : int, optional
        Seed of the initial kernels (complex Gaussian, variance 1/(2 L_j) per part).
    dtype, device
        Real dtype of the parameters and their device.

    Notes
    -----
    ``forward`` returns the complex linear stage (before any modulus), channels ordered from
    the lowest octave (j = J - 1) to the highest (j = 0), q ascending within an octave.
    Signals are ``(B, L)`` or ``(B, C, L)`` with ``L`` a multiple of ``2^J``.

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
            raise TypeError(f"Q must be an int or a sequence of J={J} ints, got {type(Q).__name__}")
        Qs = [Q] * J if isinstance(Q, int) else list(Q)
        if len(Qs) != J:
            raise ValueError(f"Q must have one count per octave (J={J} values), got {len(Qs)}")
        for q in Qs:
            if isinstance(q, bool) or not isinstance(q, int) or q < 0:
                raise ValueError(f"Q must hold ints >= 0, got {Qs!r}")
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
        if fs is not None:
            fs = _v.positive_number(fs, "fs", "a positive sampling rate in Hz")
        seed = _v.seed(seed)
        self.J, self.Q, self.T, self.wavelet, self.fs = J, Qs, T, wavelet, fs
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
        """A MuReNN with one filter per given centre frequency, each in its octave
        (:func:`octave_of`): how a student is shaped after a teacher."""
        J = _v.positive_int(J, "J")
        Q = [0] * J
        for f in center_frequencies:
            Q[octave_of(float(f), float(fs), J)] += 1
        return cls(J, Q, T, fs=fs, **kwargs)

    def kernels(self, j: int) -> torch.Tensor:
        """The learned kernels of octave j, ``(Q_j, 2 T Q_j)`` complex."""
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

    def _subband_spectra(self, x: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor]]:
        A = torch.fft.fft(x.to(self.dec_lo.dtype) if x.dtype != self.dec_lo.dtype else x, dim=-1)
        details = []
        for _ in range(self.J):
            G, H = self._wavelet_dft(A.shape[-1])
            details.append(self._decimate(A * H, 2))
            A = self._decimate(A * G, 2)
        return A, details

    def dwt(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The periodised DWT as ``pywt.wavedec(x, wavelet, mode="periodization", level=J)``
        orders it: ``[cA_J, cD_J, ..., cD_1]`` (real tensors, last axis)."""
        x = check_signal(x, "x", multiple=self.hop)
        A, details = self._subband_spectra(x)
        out = [torch.real(torch.fft.ifft(A, dim=-1))]
        out += [torch.real(torch.fft.ifft(D, dim=-1)) for D in reversed(details)]
        return out

    # ------------------------------------------------------------ the layer
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """The complex linear stage: ``(B, L) -> (B, F, L / 2^J)`` (or with a channel axis)."""
        x = check_signal(x, "x", multiple=self.hop)
        _, details = self._subband_spectra(x)
        outs = []
        for j in reversed(range(self.J)):
            if self.Q[j] == 0:
                continue
            D = details[j]  # (..., n), n = L / 2^(j+1)
            S = self.kernel_sizes[j]
            W = _dft_of_taps(self.kernels(j), D.shape[-1], S // 2)  # (Q_j, n)
            Y = self._decimate(D[..., None, :] * W, 2 ** (self.J - j - 1))
            outs.append(torch.fft.ifft(Y, dim=-1))
        return torch.cat(outs, dim=-2)

    def frequency_responses(self, length: int) -> torch.Tensor:
        """DFT_L of the equivalent single-resolution filters, ``(F, L)`` complex (differentiable)."""
        length = _v.positive_int(length, "length")
        if length % self.hop:
            raise ValueError(f"length must be a multiple of 2^J = {self.hop}, got {length}")
        m = torch.arange(length, device=self.dec_lo.device)
        rows = []
        phi = None  # product of the lowpass responses of the levels above
        for j in range(self.J):
            n = length // 2**j
            G, H = self._wavelet_dft(n)
            psi = H[m % n] if phi is None else phi * H[m % n]
            if self.Q[j]:
                S = self.kernel_sizes[j]
                W = _dft_of_taps(self.kernels(j), n // 2, S // 2)
                rows.append(psi[None, :] * W[:, m % (n // 2)])
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
        return f"J={self.J}, Q={self.Q}, T={self.T}, wavelet={self.wavelet!r}, hop={self.hop}"
