r"""Phase derivatives of the STFT and the reassigned spectrogram (Auger-Flandrin).

Three STFTs of x with the same hop a and n_fft M: ``c_g`` with the window g,
``c_d`` with its derivative window ``d = g' / (2 pi)`` and ``c_t`` with the
time-weighted window ``(k - o) g[k]`` (k - o: samples from the frame's anchor,
see :mod:`framekit.tf.gabor`).  With the energy floor

.. math::

    c_s = \max\bigl(|c_g|^2,\ \varepsilon E + \text{tiny}\bigr), \qquad
    E = \max_n \sum_k |x[n a - o + k]\, g[k]|^2 = \max_n \frac1M \sum_{m=0}^{M-1} |c_g[m, n]|^2

(E is the energy of the signal's loudest windowed frame, by Parseval the mean of
``|c_g|^2`` over that frame's M bins, taken as 1 when x is all zero;
``0 < epsilon < 1``, ``tiny`` the dtype's smallest normal number; so finite input
gives finite values, and finite torch gradients, even for an all-zero signal), the
two phase derivatives, in cycles per sample and in samples, are

.. math::

    \varphi_t = -\operatorname{Im}\frac{c_d\,\overline{c_g}}{c_s}, \qquad
    \varphi_f = \operatorname{Re}\frac{c_t\,\overline{c_g}}{c_s},

the deviation of the instantaneous frequency from the bin's centre frequency
and the local group delay relative to the frame's anchor.  They do not depend
on the phase convention.  Adding the bin frequency ``m / M`` and the anchor time
``n a`` and converting with ``fs`` gives the instantaneous frequency (Hz) and the
reassigned time (s).  At bins with ``|c_g|^2 < epsilon E`` both are pulled
towards the bin centre and frame anchor (they are exact at bins above the floor);
finite input never gives NaN or inf.  E comes from x directly, in O(L T / a)
(:func:`_loudest_frame_energy`), before any STFT, so that every bin can be
finished as soon as its frame is transformed.

The derivative window is computed spectrally, as the DFT-domain derivative of
the window taken as T-periodic: ``d = IDFT_T(i nu DFT_T(g))`` with ``nu`` the
DFT frequencies in cycles per sample (the Nyquist term, for even T, dropped).

For a Gaussian window named ``("gauss", tfr)`` (``lambda = tfr * n_fft``,
``g = exp(-pi (k - k_c)^2 / lambda)``) the derivative window is
``-(k - k_c) g / lambda``, so ``c_d`` follows from ``c_t`` and only two STFTs
are computed (the time-frequency-ratio shortcut):
``phi_t = Im(c_t conj(c_g)) / (lambda c_s)``.

All the STFTs share one framing pass: the frames are gathered once, multiplied
by the stacked windows and transformed by one batched FFT.

**Windows with a sparse DFT: two FFTs and few-tap combinations.**  For a window
of length ``T = M`` let ``G[j] = DFT_M(conj g)[j]`` and ``X = DFT_M(f)`` for one
unwindowed frame f.  Since ``conj g[k] = (1/M) sum_j G[j] e^{2 pi i j k / M}``,

.. math::

    c_g[m] = \frac1M \sum_j G[j]\, X[m - j], \qquad
    c_d[m] = \frac1M \sum_j \frac{i j f_s}{M} G[j]\, X[m - j]

(bins modulo M; one-sided spectra are extended by ``X[-q] = conj X[q]`` and
``X[M - q] = conj X[q]``).  For a periodic Hann or Hamming window G is nonzero
only at ``j = -1, 0, 1``, for Blackman at ``j = -2 .. 2``: when every
coefficient with ``|j| > 3`` is below ``64 eps max |G|`` (rounding noise of the
window's DFT, dropped) ``c_g`` and ``c_d`` cost one FFT and a few shifted sums,
and ``c_t`` one more FFT, of the frames times the time-weighted window (its DFT
is not sparse): two FFTs instead of three, equal to the three-FFT result to about
1e-13, relative to the largest value.  A common real factor of the taps cancels
in the quotients, so they are scaled to make the largest one 1 (and the
time-weighted window and the floor by the same factor).

**Chunks.**  Where :func:`framekit._backend.fft_chunk_rows` asks for it (NumPy,
and torch on the CPU without autograd) the frames go through in cache-sized
chunks, in one pass: a chunk's spectra, products and quotients stay in the
cache, and only the results go to memory (written straight into the outputs).
The tap path is used only there (over whole arrays its extra elementwise passes
cost more than the FFT it saves).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from .. import _backend as _b
from .gabor import (
    _conj,
    _extend,
    _prepare,
    frame_signal,
)
from .windows import _parse

__all__ = ["phase_derivatives", "reassigned_spectrogram"]


def _spectral_derivative(xp: Any, g: Any) -> Any:
    """``IDFT_T(i nu DFT_T(g)) / (2 pi)`` in samples: the window's derivative in cycles."""
    T = g.shape[0]
    fft = _b.fft(xp)
    rdt = _b.real_dtype(xp, g.dtype)
    dev = _b.namespace_and_device(("window", g))[1]
    if xp.isdtype(g.dtype, "complex floating"):
        nu = fft.fftfreq(T, dtype=rdt, device=dev)
        spec = fft.fft(g)
    else:
        nu = fft.rfftfreq(T, dtype=rdt, device=dev)
        spec = fft.rfft(g)
    if T % 2 == 0:  # the Nyquist term has no real derivative: drop it
        nu = xp.where(xp.abs(nu) == 0.5, xp.zeros_like(nu), nu)
    dspec = spec * xp.astype(nu, spec.dtype) * 1j
    if xp.isdtype(g.dtype, "complex floating"):
        return fft.ifft(dspec)
    return fft.irfft(dspec, n=T)


def _gauss_lambda(window: Any, n_fft: int) -> float | None:
    """``lambda = tfr * n_fft`` for a named Gaussian window, else None."""
    if _b.is_array(window):
        return None
    name, param = _parse(window)
    if name != "gauss":
        return None
    return (1.0 if param is None else param) * n_fft


#: Largest DFT shift |j| of the tap path: windows whose n_fft-point DFT lives on
#: ``j = -3 .. 3`` (hann, hamming, blackman and the other short cosine sums).
_MAX_SHIFT = 3
#: DFT coefficients below ``_DROP * eps * max |G|`` count as zero (rounding noise).
_DROP = 64.0

# A tap combination: groups ``(coefficient, [(j, sign), ...])``, each the coefficient times
# the signed sum of the shifted spectra ``Y[m - j]`` (the first sign is +1).
_Groups = list[tuple[complex, list[tuple[int, int]]]]


class _Taps(NamedTuple):
    """The sparse-DFT plan: ``c_g`` and ``c_t`` (taps ``g``) and ``c_d`` (taps ``d`` times ``d_scale``)."""

    g: _Groups
    d: _Groups
    d_scale: complex  # a common factor of the d taps, applied after the products
    scale: complex  # c_g = scale * (the combination), for |c_g|
    shift: int  # the largest |j|


def _group(taps: dict[int, complex], tol: float) -> _Groups:
    """Collect taps with equal or opposite coefficients (to ``tol``): one product per group."""
    groups: _Groups = []
    for j, c in taps.items():
        for coef, terms in groups:
            if abs(c - coef) <= tol or abs(c + coef) <= tol:
                terms.append((j, 1 if abs(c - coef) <= tol else -1))
                break
        else:
            groups.append((c, [(j, 1)]))
    return groups


def _clean(c: complex, tol: float) -> complex:
    """Zero the real or imaginary part of a coefficient where it is rounding noise."""
    return complex(0.0 if abs(c.real) <= tol else c.real, 0.0 if abs(c.imag) <= tol else c.imag)


def _window_taps(xp: Any, wg: Any, n_fft: int, fs: float) -> _Taps | None:
    """Taps of the analysis window ``wg`` (length n_fft) and its derivative window, or None.

    ``G = DFT_M(wg)`` qualifies when all its coefficients with ``|j| > 3`` are below
    ``64 eps`` times its peak; those are dropped, the others kept, divided by the largest
    (by its modulus if it is not real: a common real factor, which cancels in the phase
    derivatives once the time-weighted window and the floor carry it too).  The derivative window's
    taps are ``D[j] = i (j / M) fs G[j]`` (its definition, exact).  This reads 16
    numbers on the host, so lazy arrays (Dask, JAX under jit) take the general path.
    """
    S = _MAX_SHIFT
    if wg.shape[0] != n_fft or n_fft < 2 * S + 2 or _b.is_lazy(wg):
        return None
    cdt = _b.complex_dtype(xp, wg.dtype)
    spec = _b.fft(xp).fft(xp.astype(wg, cdt), n=n_fft)
    mag = xp.abs(spec)
    eps = _b.eps(xp, cdt)
    thr = _DROP * eps * float(xp.max(mag))
    if not (thr > 0 and float(xp.max(mag[S + 1 : n_fft - S])) <= thr):  # all-zero or not sparse
        return None
    near = xp.concat([spec[n_fft - S :], spec[: S + 1]])  # j = -S .. S
    vals = {i - S: complex(float(xp.real(near[i])), float(xp.imag(near[i]))) for i in range(2 * S + 1)}
    s0 = max(vals.values(), key=abs)
    s0 = complex(s0.real if s0.imag == 0 else abs(s0))
    tol = thr / abs(s0)
    g = {j: _clean(v / s0, tol) for j, v in vals.items() if abs(v) > thr}
    d = {j: c * (1j * j * fs / n_fft) for j, c in g.items() if j}
    d_groups, d_scale = _group(d, tol * fs * S / n_fft), 1 + 0j
    if len(d_groups) == 1 and (d_groups[0][0].real == 0 or d_groups[0][0].imag == 0):
        d_scale, d_groups = d_groups[0][0], [(1 + 0j, d_groups[0][1])]
    return _Taps(_group(g, tol), d_groups, d_scale, s0 / n_fft, max(abs(j) for j in g))


def _spectrum(xp: Any, y: Any, n_fft: int, onesided: bool) -> Any:
    """``rfft`` (one-sided) or complex ``fft`` of length n_fft over the last axis."""
    fft = _b.fft(xp)
    if onesided:
        return fft.rfft(y, n=n_fft, axis=-1)
    if not xp.isdtype(y.dtype, "complex floating"):
        y = xp.astype(y, _b.complex_dtype(xp, y.dtype))
    return fft.fft(y, n=n_fft, axis=-1)


def _mirror_pads(xp: Any, Y: Any, S: int, n_fft: int) -> tuple[Any, Any]:
    """The S bins before and after one-sided spectra ``Y`` (..., F) of real frames.

    ``Y[-q] = conj Y[q]`` and ``Y[F - 1 + q] = conj Y[M - F + 1 - q]`` (q = 1 .. S): the
    conjugates of two short reversed slices (slicing, not a gather: this runs per chunk).
    """
    lo = n_fft - Y.shape[-1] - S + 1  # M - F + 1 - S, >= 1
    left, right = Y[..., 1 : S + 1], Y[..., lo : lo + S]
    if S > 1:
        left, right = xp.flip(left, axis=-1), xp.flip(right, axis=-1)
    return xp.conj(left), xp.conj(right)


def _pad_flat(xp: Any, Y: Any, S: int, n_fft: int, onesided: bool) -> Any:
    """Spectra ``(..., F)`` with S bins of their periodic extension on each side, flattened.

    One-sided: the pads of :func:`_mirror_pads`; two-sided: circular.  Rows are
    ``W = F + 2 S`` long, and 2 S zeros follow the last one (so that :func:`_combine`
    has a whole row's worth of values to read at every shift).
    """
    F = Y.shape[-1]
    if onesided:
        left, right = _mirror_pads(xp, Y, S, n_fft)
    else:
        left, right = Y[..., F - S :], Y[..., :S]
    flat = xp.reshape(xp.concat([left, Y, right], axis=-1), (-1,))
    return xp.concat([flat, xp.zeros(2 * S, dtype=Y.dtype, device=_b.namespace_and_device(("Y", Y))[1])])


def _combine(xp: Any, Yp: Any, groups: _Groups, S: int, out: Any = None) -> tuple[Any, bool]:
    """``sum coef * sum_j sign Y[m - j]`` over the groups, on the flat spectra of :func:`_pad_flat`.

    Shifts along the flat array (contiguous, so NumPy's fast loops apply): entry
    ``r W + m`` of the result (length ``P - 2 S``, P = len(Yp)) is bin m of row r; the
    ``2 S`` entries after each row's F bins are don't-care values.  In-place updates
    only touch arrays made here (never views of Yp); the flag says whether the result
    is one (not a view).  The first array made here, which always ends up as the result,
    goes into ``out`` (a reused buffer of length ``P - 2 S``) where given.
    """
    P = Yp.shape[0]
    acc: Any = None
    acc_own = False

    def fresh(op: str, a: Any, b: Any) -> Any:
        nonlocal out
        if out is None:
            return getattr(xp, op)(a, b)
        res, out = out, None
        _b.binary_into(xp, op, a, b, res)
        return res
    for coef, terms in groups:
        part: Any = None
        own = False
        for j, sign in terms:
            y = Yp[S - j : P - S - j]
            if part is None:
                part = y
            elif own:
                if sign > 0:
                    part += y
                else:
                    part -= y
            else:
                part, own = fresh("add" if sign > 0 else "subtract", part, y), True
        if coef != 1:
            c = coef.real if coef.imag == 0 else coef
            if own:
                part *= c
            else:
                part, own = fresh("multiply", part, c), True
        if acc is None:
            acc, acc_own = part, own
        elif acc_own:
            acc += part
        elif own:
            part += acc
            acc, acc_own = part, True
        else:
            acc, acc_own = fresh("add", acc, part), True
    return acc, acc_own


def _chunks(n_sig: int, n_frames: int, rows: int) -> list[tuple[int, int, int, int]]:
    """Chunks ``(b0, b1, s, e)``: frames s..e of signals b0..b1, each a contiguous run of rows."""
    if n_sig * n_frames <= rows:
        return [(0, n_sig, 0, n_frames)]
    if n_frames >= rows:  # each signal in equal parts of at most ``rows`` frames
        step = -(-n_frames // -(-n_frames // rows))
        return [(b, b + 1, s, min(s + step, n_frames)) for b in range(n_sig)
                for s in range(0, n_frames, step)]
    per = rows // n_frames
    return [(b, min(b + per, n_sig), 0, n_frames) for b in range(0, n_sig, per)]


def _loudest_frame_energy(xp: Any, ext: Any, g: Any, hop: int, n_frames: int) -> Any:
    """``max_n sum_k |ext[n a + k] g[k]|^2`` for each signal (rows of ext), shape (n_sig,).

    By Parseval this is the mean of ``|c_g|^2`` over the M bins of the loudest frame.
    Cost O(L T / a): with ``q = ceil(T / a)`` and the squared signal cut into blocks of
    a samples, frame n's energy is ``sum_r blocks[n + r] . |g[r a : (r + 1) a]|^2``, one
    matrix product with q columns.
    """
    T = g.shape[0]
    q = -(-T // hop)
    n_sig, length = ext.shape
    rdt = _b.real_dtype(xp, ext.dtype)
    dev = _b.namespace_and_device(("x", ext))[1]
    n_blocks = n_frames - 1 + q
    extra = n_blocks * hop - length  # >= 0: ext holds (N - 1) a + T samples
    if extra:
        ext = xp.concat([ext, xp.zeros((n_sig, extra), dtype=ext.dtype, device=dev)], axis=1)
    g2 = xp.real(g * xp.conj(g)) if xp.isdtype(g.dtype, "complex floating") else g * g
    if q * hop > T:
        g2 = xp.concat([g2, xp.zeros(q * hop - T, dtype=rdt, device=dev)])
    weights = xp.reshape(g2, (q, hop)).T
    blocks = xp.reshape(ext, (n_sig * n_blocks, hop))
    if xp.isdtype(blocks.dtype, "complex floating"):
        squares = xp.real(blocks * xp.conj(blocks))
    else:
        squares = blocks * blocks
    per = xp.reshape(squares @ weights, (n_sig, n_blocks, q))
    energy = per[:, :n_frames, 0]
    for r in range(1, q):
        energy = energy + per[:, r : r + n_frames, r]
    return xp.max(energy, axis=1)


def _finish(xp: Any, den: Any, nt: Any, nf: Any, fl: Any, anchors: Any, bins: Any,
            sigma: float) -> tuple[Any, Any]:
    """``nt / c_s + anchor`` and ``sigma nf / c_s + bin`` over whole arrays.

    Updates nt and nf in place where the backend can (JAX rebinds: use the results);
    autograd-safe.  The chunked path divides straight into its output buffers instead
    (``out=`` has no autograd).
    """
    inv = 1.0 / xp.maximum(den, fl)
    nt *= inv
    if anchors is not None:
        nt += anchors
    if sigma != 1:
        nf *= sigma  # not inv *= ...: inv is saved for autograd by nt *= inv
    nf *= inv
    nf += bins
    return nt, nf


def _derivatives(
    x: Any, window: Any, hop: int, n_fft: int, fs: float, boundary: str, center: bool,
    floor: float, check_finite: bool, *, anchored: bool = True, magnitudes: bool = False,
) -> tuple[Any, Any, Any]:
    """Instantaneous frequency (Hz), reassigned time (s) and ``|c_g|``, all (..., N, F).

    With ``anchored=False`` the second output is the local group delay (s), relative to
    each frame's anchor.  The third is None unless ``magnitudes=True``.
    """
    if isinstance(fs, bool) or not isinstance(fs, (int, float)) or not (fs > 0 and math.isfinite(fs)):
        raise ValueError(f"fs must be a positive finite number, got {fs!r}")
    if isinstance(floor, bool) or not isinstance(floor, (int, float)) or not 0 < floor < 1:
        raise ValueError(f"floor must be a number in (0, 1), got {floor!r}")
    xp, device, x, g, lay, onesided = _prepare(x, window, hop, n_fft, boundary, center,
                                                "frequency-invariant", None, check_finite)
    rdt = _b.real_dtype(xp, x.dtype)
    T, M, N = lay.win_length, n_fft, lay.n_frames
    k = xp.arange(T, dtype=rdt, device=device) - float(lay.offset)
    lam = _gauss_lambda(window, n_fft)
    # the unit conversions (seconds, Hz) ride on the windows, which are cheap to scale
    wg = _conj(xp, g)
    # the tap path pays where the elementwise passes are cache-resident (chunked backends)
    rows = _b.fft_chunk_rows(xp, M, x, g)
    taps: Any = None if lam is not None or rows is None else _window_taps(xp, wg, M, fs)
    kw = k * (1.0 / fs)
    if taps is None:
        wd = None if lam is not None else _conj(xp, _spectral_derivative(xp, g) * fs)
        windows = [wg, kw * wg] + ([] if wd is None else [wd])
        stacked = xp.reshape(xp.stack(windows, axis=0), (len(windows), 1, 1, T))
        # num_f = -Im(c_d conj c_g), or Im(c_t conj c_g) fs^2 / lambda (the Gaussian shortcut)
        use_re, sigma = False, (-1.0 if lam is None else fs * fs / lam)
        mag_scale, tail = 1.0, 0
    else:
        # num_f = -Im(d_scale q), q = (c_d / d_scale) conj c_g; d_scale is real or imaginary
        use_re = taps.d_scale.real == 0
        sigma = -(taps.d_scale.imag if use_re else taps.d_scale.real)
        mag_scale, tail = abs(taps.scale), 2 * taps.shift
        # c_t straight from the time-weighted window (no taps), in the taps' scale
        kwg = kw * wg * (1.0 / taps.scale.real)

    def view(name: str, shape: tuple[int, ...]) -> Any:
        """The first ``prod(shape)`` entries of the reused chunk buffer ``name``, shaped."""
        return xp.reshape(buf[name][: math.prod(shape)], shape)

    def padded(y: Any, chunked: bool) -> Any:
        """Flat padded spectra of frames y (nb, n, T), into a reused buffer where the backend can."""
        S = taps.shift
        if chunked and onesided:
            rows3 = view("X", (y.shape[0], y.shape[1], W))
            inner = rows3[..., S : S + F]
            if _b.rfft_into(xp, y, M, inner):
                rows3[..., :S], rows3[..., S + F :] = _mirror_pads(xp, inner, S, M)
                return buf["X"][: math.prod(rows3.shape) + 2 * S]
        return _pad_flat(xp, _spectrum(xp, y, M, onesided), S, M, onesided)

    def time_weighted(y: Any, chunked: bool) -> Any:
        """``c_t`` of frames y (nb, n, T) in rows of W (the last ``tail`` bins don't-care zeros)."""
        if chunked:
            yw = view("y", y.shape)
            _b.binary_into(xp, "multiply", y, kwg, yw)
            ct = view("ct", (y.shape[0], y.shape[1], W))
            if onesided and _b.rfft_into(xp, yw, M, ct[..., :F]):
                return ct
        else:
            yw = kwg * y
        ct = _spectrum(xp, yw, M, onesided)
        return xp.concat([ct, xp.zeros((*ct.shape[:-1], tail), dtype=ct.dtype, device=device)], axis=-1)

    def transforms(fr: Any, chunked: bool) -> tuple[Any, ...]:
        """The FFTs of frames fr (nb, n, T): the stacked spectra, or (tap path) the padded
        spectra of the frames and ``c_t``; chunked, into reused buffers where possible."""
        if taps is not None:
            return padded(fr, chunked), time_weighted(fr, chunked)
        if not chunked:
            return (_spectrum(xp, stacked * fr[None, ...], M, onesided),)  # (K, nb, n, F)
        yw = view("y", (stacked.shape[0], *fr.shape))
        _b.binary_into(xp, "multiply", stacked, fr[None, ...], yw)
        spec = view("spec", (*yw.shape[:-1], F))
        return (spec if onesided and _b.rfft_into(xp, yw, M, spec) else _spectrum(xp, yw, M, onesided),)

    def products(spectra: tuple[Any, ...], shape: tuple[int, int, int],
                 chunked: bool) -> tuple[Any, Any, Any]:
        """``|c_g|^2``, ``Re(c_t conj c_g)`` and num_f, each of ``shape`` (nb, n, W)."""
        if taps is None:
            spec = spectra[0]
            cg, ct = spec[0, ...], spec[1, ...]
            cd = spec[2, ...] if wd is not None else None
        else:
            Xp, ct = spectra
            # (the tap path runs chunked, in place: a single unit tap gives a view of Xp, copied)
            combos = [_combine(xp, Xp, groups, taps.shift, buf[name][: math.prod(shape)])
                      for name, groups in (("cg", taps.g), ("cd", taps.d)) if groups]
            combos = [(c if own else xp.asarray(c, copy=True), True) for c, own in combos]
            cg = xp.reshape(combos[0][0], shape)
            cd = xp.reshape(combos[1][0], shape) if len(combos) > 1 else None
        # Re / Im of products with conj(c_g)
        if chunked:  # products in place: cg, ct, cd are ours (no autograd on the chunked path)
            ccg = view("ccg", shape)
            _b.conj_into(xp, cg, ccg)
            cg *= ccg
            ct *= ccg
            if cd is not None:
                cd *= ccg
            den, nt = xp.real(cg), xp.real(ct)
            if lam is not None:
                return den, nt, xp.imag(ct)
            if cd is None:  # a constant window: its derivative window is zero
                return den, nt, xp.zeros_like(den)
            return den, nt, (xp.real(cd) if use_re else xp.imag(cd))
        # whole arrays: Re / Im of the products from the real and imaginary parts, without
        # complex temporaries; in-place updates of arrays made here save allocations
        re, im = xp.real(cg), xp.imag(cg)
        den = re * re
        den += im * im
        nt = xp.real(ct) * re
        nt += xp.imag(ct) * im
        if lam is not None:  # Im(c_t conj c_g)
            nf = xp.imag(ct) * re
            nf -= xp.real(ct) * im
        elif cd is None:
            nf = xp.zeros_like(den)
        elif use_re:  # Re(c_d conj c_g)
            nf = xp.real(cd) * re
            nf += xp.imag(cd) * im
        else:  # Im(c_d conj c_g)
            nf = xp.imag(cd) * re
            nf -= xp.real(cd) * im
        return den, nt, nf

    batch = x.shape[:-1]
    n_sig = math.prod(batch)
    x2 = xp.reshape(x, (n_sig, lay.length))
    ext = _extend(xp, x2, lay)
    frames = frame_signal(xp, ext, T, lay.hop, N)  # (n_sig, N, T)
    F = M // 2 + 1 if onesided else M
    W = F + tail
    f = _b.fft(xp)
    bins = (f.rfftfreq(M, dtype=rdt, device=device) if onesided
            else f.fftfreq(M, dtype=rdt, device=device)) * fs
    if tail:
        bins = xp.concat([bins, xp.zeros(tail, dtype=rdt, device=device)])
    anchors = None
    if anchored:
        anchors = xp.arange(lay.p0, lay.p0 + N, dtype=rdt, device=device) * float(lay.hop / fs)
    # the floor: epsilon times the loudest frame's energy (1 for an all-zero signal, so that
    # 1 / c_s, and its square in autograd, stays finite), plus the smallest normal number
    ref = _loudest_frame_energy(xp, ext, g, lay.hop, N)
    tiny = float(xp.finfo(rdt).smallest_normal)
    # (the tap path's |c_g|^2 comes divided by mag_scale^2)
    fl = floor / mag_scale**2 * xp.where(ref > 0, ref, xp.ones_like(ref)) + tiny
    fl = fl[:, None, None]

    buf: dict[str, Any] = {}  # the chunked path's reused buffers
    if rows is None:  # whole arrays: GPUs, lazy backends, autograd
        den, nt, nf = products(transforms(frames, False), (n_sig, N, W), False)
        times, freq = _finish(xp, den, nt, nf, fl, None if anchors is None else anchors[:, None],
                              bins, sigma)
        mags = xp.sqrt(den) * mag_scale if magnitudes else None
    else:
        # Cache-sized chunks in one pass: each chunk's spectra, products and quotients stay
        # in the cache, in buffers reused from chunk to chunk (fresh ones page-fault), and only
        # the results go to memory (flat buffers of rows of W)
        chunks = _chunks(n_sig, N, rows)
        outs = [xp.empty(n_sig * N * W, dtype=rdt, device=device) for _ in range(3 if magnitudes else 2)]
        size = max((b1 - b0) * (e - s) for b0, b1, s, e in chunks)
        cdt = _b.complex_dtype(xp, rdt)
        buf = {"ccg": xp.empty(size * W, dtype=cdt, device=device),
               "c_s": xp.empty(size * W, dtype=rdt, device=device)}
        if taps is None:
            ydt = xp.result_type(x.dtype, stacked.dtype)
            buf["y"] = xp.empty(stacked.shape[0] * size * T, dtype=ydt, device=device)
            buf["spec"] = xp.empty(stacked.shape[0] * size * F, dtype=cdt, device=device)
        else:  # X and c_t have rows of W whose tails must hold finite values: zeros
            buf.update(y=xp.empty(size * T, dtype=xp.result_type(x.dtype, kwg.dtype), device=device),
                       X=xp.zeros(size * W + 2 * taps.shift, dtype=cdt, device=device),
                       ct=xp.zeros(size * W, dtype=cdt, device=device),
                       cg=xp.empty(size * W, dtype=cdt, device=device),
                       cd=xp.empty(size * W, dtype=cdt, device=device))
        for b0, b1, s, e in chunks:
            shape = (b1 - b0, e - s, W)
            r0 = (b0 * N + s) * W
            o_f, o_t, *o_m = (xp.reshape(o[r0 : r0 + math.prod(shape)], shape) for o in outs)
            den, nt, nf = products(transforms(frames[b0:b1, s:e, :], True), shape, True)
            c_s = view("c_s", shape)
            _b.binary_into(xp, "maximum", den, fl[b0:b1, ...], c_s)
            _b.binary_into(xp, "divide", nt, c_s, o_t)
            if anchors is not None:
                o_t += anchors[s:e, None]
            if sigma != 1:
                c_s *= 1.0 / sigma
            _b.binary_into(xp, "divide", nf, c_s, o_f)
            o_f += bins
            if magnitudes:
                _b.binary_into(xp, "multiply", den, mag_scale**2, o_m[0])
                o_m[0] **= 0.5
        freq, times = outs[0], outs[1]
        mags = outs[2] if magnitudes else None
    def shaped(v: Any) -> Any:
        return None if v is None else xp.reshape(v, (*batch, N, W))[..., :F]

    return shaped(freq), shaped(times), shaped(mags)


@_b.supports()
def phase_derivatives(
    x: Any,
    window: Any,
    hop: int,
    n_fft: int,
    *,
    fs: float = 1.0,
    boundary: str = "circular",
    center: bool = False,
    floor: float = 1e-6,
    check_finite: bool = True,
) -> tuple[Any, Any]:
    r"""Instantaneous frequency and reassigned time of every STFT bin (Auger-Flandrin).

    ``inst_freq[m, n] = (m / M + phi_t[m, n]) fs`` and
    ``time[m, n] = (n a + phi_f[m, n]) / fs``, with the phase derivatives of
    the module docstring (three STFTs with the window, its spectral derivative
    and the time-weighted window, sharing one framing pass; two for
    ``("gauss", tfr)`` windows, and two FFTs with few-tap combinations for
    windows with a sparse DFT, such as hann, on NumPy and torch CPU).

    Parameters
    ----------
    x : array, shape (..., L)
        Real or complex signal(s).
    window, hop, n_fft, boundary, center
        As for :func:`framekit.stft`.  Any window (array or name) works; a
        named Gaussian takes the two-STFT shortcut.
    fs : float
        Sampling rate in Hz.
    floor : float
        Relative energy floor epsilon: ``|c_g|^2`` is replaced by
        ``max(|c_g|^2, floor * E)`` in the denominators, E the energy of the
        loudest windowed frame (the mean ``|c_g|^2`` of that frame's M bins),
        so bins below ``floor`` times E are pulled towards their bin centre
        and frame anchor.  Never NaN/inf for finite input.
    check_finite : bool
        Check x (and an array window) for NaN/inf.

    Returns
    -------
    inst_freq : real array, shape (..., F, N)
        Instantaneous frequency in Hz at each bin.
    time : real array, shape (..., F, N)
        Reassigned (group-delay corrected) time in seconds.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.tf.phase import phase_derivatives
    >>> fs = 8000.0
    >>> x = np.cos(2 * np.pi * 1000.0 * np.arange(4096) / fs)   # periodic on 4096 samples
    >>> f, t = phase_derivatives(x, "hann", 128, 512, fs=fs)
    >>> m = int(np.argmax(abs(f[:, 5] - 1000.0) < 1e-3))         # a bin near 1 kHz
    >>> round(float(f[m + 1, 5]), 6)
    1000.0
    """
    inst_freq, times, _ = _derivatives(x, window, hop, n_fft, fs, boundary, center, floor,
                                       check_finite)
    xp = _b.namespace_and_device(("x", inst_freq))[0]
    return xp.matrix_transpose(inst_freq), xp.matrix_transpose(times)


@_b.supports()
def reassigned_spectrogram(
    x: Any,
    window: Any,
    hop: int,
    n_fft: int,
    *,
    fs: float = 1.0,
    boundary: str = "circular",
    center: bool = False,
    floor: float = 1e-6,
    check_finite: bool = True,
) -> tuple[Any, Any, Any]:
    """Reassigned spectrogram: every bin's magnitude with its reassigned frequency and time.

    The points ``(time[m, n], freq[m, n])`` carry the magnitudes
    ``|c[m, n]|``; plotting them (or accumulating them on a grid) gives the
    sharpened time-frequency picture.  Same outputs as librosa's
    ``reassigned_spectrogram`` (``freqs, times, mags``), but low-energy bins get
    the floored values of :func:`phase_derivatives` instead of NaN.

    Parameters
    ----------
    x, window, hop, n_fft, fs, boundary, center, floor, check_finite
        As for :func:`phase_derivatives`.

    Returns
    -------
    freqs : real array, shape (..., F, N)
        Reassigned frequencies in Hz.
    times : real array, shape (..., F, N)
        Reassigned times in seconds.
    mags : real array, shape (..., F, N)
        STFT magnitudes ``|c|``.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.tf.phase import reassigned_spectrogram
    >>> x = np.zeros(1024); x[300] = 1.0                      # an impulse at t = 300
    >>> f, t, mag = reassigned_spectrogram(x, "hann", 64, 256)
    >>> n = int(np.argmax(mag[10]))                          # the frame that sees it best
    >>> round(float(t[10, n]), 9)
    300.0
    """
    inst_freq, times, mags = _derivatives(x, window, hop, n_fft, fs, boundary, center, floor,
                                          check_finite, magnitudes=True)
    xp = _b.namespace_and_device(("x", inst_freq))[0]
    t = xp.matrix_transpose
    return t(inst_freq), t(times), t(mags)
