r"""The chunked path of the phase derivatives: cache-sized chunks, reused buffers, few-tap spectra.

:func:`framekit.tf.phase._derivatives` computes the phase derivatives as their formulas
over whole arrays (GPUs, lazy backends, autograd).  Where
:func:`framekit._backend.fft_chunk_rows` asks for it (NumPy, and torch on the CPU without
autograd) it calls :func:`chunked_derivatives` instead, which computes the same numbers
(equal to about 1e-13, tested) faster, by three devices:

**Chunks in one pass.**  The frames go through in cache-sized chunks: a chunk's spectra,
products and quotients stay in the cache, and only the results go to memory, written
straight into the outputs.  Every per-chunk temporary lives in a buffer allocated once per
call and reused from chunk to chunk (``out=`` through :mod:`framekit._backend`): fresh
temporaries of a few hundred kB page-fault every time glibc maps them.

**Windows with a sparse DFT: few-tap combinations instead of windowing.**  For a window of
length ``T = M`` let ``G[j] = DFT_M(conj g)[j]`` and ``X = DFT_M(f)`` for one unwindowed
frame f.  Since ``conj g[k] = (1/M) sum_j G[j] e^{2 pi i j k / M}``,

.. math::

    c_g[m] = \frac1M \sum_j G[j]\, X[m - j]

(bins modulo M; one-sided spectra are extended by ``X[-q] = conj X[q]`` and
``X[M - q] = conj X[q]``).  For a periodic Hann or Hamming window G is nonzero only at
``j = -1, 0, 1``, for Blackman at ``j = -2 .. 2``: when every coefficient with ``|j| > 3``
is below ``64 eps max |G|`` (rounding noise of the window's DFT, dropped) ``c_g`` comes
from the raw frames' FFT by a few shifted adds, and so does ``c_{x'}`` (the same window on
the frames of the signal's spectral derivative x', see :mod:`framekit.tf.phase`) from the
FFT of the raw frames of x'.  Only the time-weighted window (its DFT is not sparse) needs
its own windowed FFT.  That is three real FFTs per frame, the least for three independent
real STFTs: packing x and x' into one complex signal (one complex FFT of the frames, then a
Hermitian split) costs the same FFT work here (a complex FFT of M points takes as long as
two real ones with pocketfft), plus the complex copy and the split, so it is not done.  A
common real factor of the taps cancels in the quotients, so they are scaled to make the
largest one 1 (and the time-weighted window and the floor by the same factor).  Over whole
arrays the tap path's extra elementwise passes cost more than the windowing they save, so
it is used only here.

**In-place products.**  ``|c_g|^2``, ``Re(c_t conj c_g)`` and ``Im(c_{x'} conj c_g)`` are
formed in the chunk's own buffers (one conjugate, three products).
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from .. import _backend as _b

__all__ = ["chunked_derivatives", "energy_floor", "spectrum"]


def spectrum(xp: Any, y: Any, n_fft: int, onesided: bool) -> Any:
    """``rfft`` (one-sided) or complex ``fft`` of length n_fft over the last axis."""
    fft = _b.fft(xp)
    if onesided:
        return fft.rfft(y, n=n_fft, axis=-1)
    if not xp.isdtype(y.dtype, "complex floating"):
        y = xp.astype(y, _b.complex_dtype(xp, y.dtype))
    return fft.fft(y, n=n_fft, axis=-1)


def energy_floor(xp: Any, energy: Any, floor: float, scale: float = 1.0) -> Any:
    """``floor E / scale^2 + tiny`` per signal, shape (n_sig, 1, 1): the denominators' floor.

    ``E`` is the loudest frame's energy (taken as 1 for an all-zero signal, so that
    ``1 / c_s``, and its square in autograd, stays finite), ``tiny`` the dtype's smallest
    normal number, ``scale`` the factor of the tap path's ``|c_g|``.
    """
    tiny = float(xp.finfo(energy.dtype).smallest_normal)
    fl = floor / scale**2 * xp.where(energy > 0, energy, xp.ones_like(energy)) + tiny
    return fl[:, None, None]


#: Largest DFT shift |j| of the tap path: windows whose n_fft-point DFT lives on
#: ``j = -3 .. 3`` (hann, hamming, blackman and the other short cosine sums).
_MAX_SHIFT = 3
#: DFT coefficients below ``_DROP * eps * max |G|`` count as zero (rounding noise).
_DROP = 64.0

# A tap combination: groups ``(coefficient, [(j, sign), ...])``, each the coefficient times
# the signed sum of the shifted spectra ``Y[m - j]`` (the first sign is +1).
_Groups = list[tuple[complex, list[tuple[int, int]]]]


class _Taps(NamedTuple):
    """The sparse-DFT plan: ``c_g = scale * sum_groups`` of the shifted raw-frame spectra."""

    g: _Groups
    scale: float  # c_g = scale * (the combination), for |c_g|; real
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


def window_taps(xp: Any, wg: Any, n_fft: int) -> _Taps | None:
    """Taps of the analysis window ``wg`` (length n_fft), or None.

    ``G = DFT_M(wg)`` qualifies when all its coefficients with ``|j| > 3`` are below
    ``64 eps`` times its peak; those are dropped, the others kept, divided by the largest
    (by its modulus if it is not real: a common real factor, which cancels in the phase
    derivatives once the time-weighted window and the floor carry it too).  This reads 16
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
    return _Taps(_group(g, tol), s0.real / n_fft, max(abs(j) for j in g))


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



def chunked_derivatives(
    xp: Any, frames: Any, dframes: Any, windows: tuple[Any, Any], energy: Any, floor: float,
    bins: Any, anchors: Any, n_fft: int, onesided: bool, rows: int, magnitudes: bool,
) -> tuple[Any, Any, Any, int]:
    """The phase derivatives of :mod:`framekit.tf.phase`, chunk by chunk, into flat outputs.

    Parameters
    ----------
    frames, dframes : arrays (n_sig, N, T)
        The frames of the signals and of their spectral derivatives x' (times fs).
    windows : (wg, wt)
        ``conj g`` and the time-weighted window ``(k - o) conj g / fs``.
    energy : array (n_sig,)
        The loudest frame's energy of each signal, for the floor.
    bins, anchors : arrays (F,) and (N,) or None
        Bin centre frequencies (Hz) and frame centre times (s) to add.
    rows : int
        Frames per chunk (:func:`framekit._backend.fft_chunk_rows`).

    Returns
    -------
    freq, times, mags : flat arrays of n_sig * N rows of W values (mags None unless asked)
    W : int
        Row length: the F bins, then don't-care values.
    """
    wg, wt = windows
    n_sig, N, T = frames.shape
    M = n_fft
    device = _b.namespace_and_device(("frames", frames))[1]
    rdt = _b.real_dtype(xp, frames.dtype)
    taps = window_taps(xp, wg, M)
    if taps is None:
        stacked = xp.reshape(xp.stack([wg, wt], axis=0), (2, 1, 1, T))
        mag_scale, tail = 1.0, 0
    else:
        mag_scale, tail = abs(taps.scale), 2 * taps.shift
        # c_t straight from the time-weighted window (no taps), in the taps' scale
        kwg = wt * (1.0 / taps.scale)
    F = M // 2 + 1 if onesided else M
    W = F + tail
    if tail:
        bins = xp.concat([bins, xp.zeros(tail, dtype=rdt, device=device)])
    fl = energy_floor(xp, energy, floor, mag_scale)  # the tap path's |c_g|^2 is divided by mag_scale^2

    chunks = _chunks(n_sig, N, rows)
    size = max((b1 - b0) * (e - s) for b0, b1, s, e in chunks)
    cdt = _b.complex_dtype(xp, rdt)
    buf = {"ccg": xp.empty(size * W, dtype=cdt, device=device),
           "c_s": xp.empty(size * W, dtype=rdt, device=device),
           "tmp": xp.empty(size * W, dtype=rdt, device=device)}
    if taps is None:
        ydt = xp.result_type(frames.dtype, stacked.dtype)
        buf["y"] = xp.empty(3 * size * T, dtype=ydt, device=device)
        buf["spec"] = xp.empty(3 * size * F, dtype=cdt, device=device)
    else:  # X, X' and c_t have rows of W whose tails must hold finite values: zeros
        buf.update(y=xp.empty(size * T, dtype=xp.result_type(frames.dtype, kwg.dtype), device=device),
                   X=xp.zeros(size * W + 2 * taps.shift, dtype=cdt, device=device),
                   Xd=xp.zeros(size * W + 2 * taps.shift, dtype=cdt, device=device),
                   ct=xp.zeros(size * W, dtype=cdt, device=device),
                   cg=xp.empty(size * W, dtype=cdt, device=device),
                   cd=xp.empty(size * W, dtype=cdt, device=device))

    def view(name: str, shape: tuple[int, ...]) -> Any:
        """The first ``prod(shape)`` entries of the reused chunk buffer ``name``, shaped."""
        return xp.reshape(buf[name][: math.prod(shape)], shape)

    def padded(y: Any, name: str) -> Any:
        """Flat padded spectra of frames y (nb, n, T), into the reused buffer ``name`` where the backend can."""
        assert taps is not None
        S = taps.shift
        if onesided:
            rows3 = view(name, (y.shape[0], y.shape[1], W))
            inner = rows3[..., S : S + F]
            if _b.rfft_into(xp, y, M, inner):
                rows3[..., :S], rows3[..., S + F :] = _mirror_pads(xp, inner, S, M)
                return buf[name][: math.prod(rows3.shape) + 2 * S]
        return _pad_flat(xp, spectrum(xp, y, M, onesided), S, M, onesided)

    def time_weighted(y: Any) -> Any:
        """``c_t`` of frames y (nb, n, T) in rows of W (the last ``tail`` bins don't-care zeros)."""
        yw = view("y", y.shape)
        _b.binary_into(xp, "multiply", y, kwg, yw)
        ct = view("ct", (y.shape[0], y.shape[1], W))
        if onesided and _b.rfft_into(xp, yw, M, ct[..., :F]):
            return ct
        ct = spectrum(xp, yw, M, onesided)
        return xp.concat([ct, xp.zeros((*ct.shape[:-1], tail), dtype=ct.dtype, device=device)], axis=-1)

    def transforms(fr: Any, dfr: Any) -> tuple[Any, ...]:
        """The FFTs of frames fr and dfr (nb, n, T): the stacked spectra, or (tap path) the
        padded spectra of both and ``c_t``, into reused buffers where possible."""
        if taps is not None:
            return padded(fr, "X"), padded(dfr, "Xd"), time_weighted(fr)
        yw = view("y", (3, *fr.shape))
        _b.binary_into(xp, "multiply", stacked, fr[None, ...], yw[:2, ...])
        _b.binary_into(xp, "multiply", dfr, wg, yw[2, ...])
        spec = view("spec", (*yw.shape[:-1], F))
        return (spec if onesided and _b.rfft_into(xp, yw, M, spec) else spectrum(xp, yw, M, onesided),)

    def products(spectra: tuple[Any, ...], shape: tuple[int, int, int]) -> tuple[Any, Any, Any]:
        """``|c_g|^2``, ``Re(c_t conj c_g)`` and ``Im(c_{x'} conj c_g)``, each of ``shape`` (nb, n, W), in place."""
        if taps is None:
            spec = spectra[0]
            cg, ct, cd = spec[0, ...], spec[1, ...], spec[2, ...]
        else:
            Xp, Xdp, ct = spectra
            # (a single unit tap gives a view of Xp, copied)
            combos = [_combine(xp, Y, taps.g, taps.shift, buf[name][: math.prod(shape)])
                      for Y, name in ((Xp, "cg"), (Xdp, "cd"))]
            cg, cd = (xp.reshape(c if own else xp.asarray(c, copy=True), shape) for c, own in combos)
        ccg = view("ccg", shape)
        _b.conj_into(xp, cg, ccg)
        cg *= ccg
        ct *= ccg
        cd *= ccg
        return xp.real(cg), xp.real(ct), xp.imag(cd)

    outs = [xp.empty(n_sig * N * W, dtype=rdt, device=device) for _ in range(3 if magnitudes else 2)]
    for b0, b1, s, e in chunks:
        shape = (b1 - b0, e - s, W)
        r0 = (b0 * N + s) * W
        o_f, o_t, *o_m = (xp.reshape(o[r0 : r0 + math.prod(shape)], shape) for o in outs)
        den, nt, nf = products(transforms(frames[b0:b1, s:e, :], dframes[b0:b1, s:e, :]), shape)
        c_s = view("c_s", shape)
        _b.binary_into(xp, "maximum", den, fl[b0:b1, ...], c_s)
        _b.binary_into(xp, "divide", nt, c_s, o_t)
        if anchors is not None:
            o_t += anchors[s:e, None]
        # the instantaneous frequency bins + (Im(c_x' conj c_g) - bins |c_g|^2) / c_s
        tmp = view("tmp", shape)
        _b.binary_into(xp, "multiply", den, bins, tmp)
        _b.binary_into(xp, "subtract", nf, tmp, tmp)
        _b.binary_into(xp, "divide", tmp, c_s, o_f)
        o_f += bins
        if magnitudes:
            _b.binary_into(xp, "multiply", den, mag_scale**2, o_m[0])
            o_m[0] **= 0.5
    return outs[0], outs[1], (outs[2] if magnitudes else None), W
