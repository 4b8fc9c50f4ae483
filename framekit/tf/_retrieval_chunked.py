r"""The chunked path of Griffin–Lim: one pass per iteration over cache-sized chunks, in place.

:func:`framekit.tf.retrieval.griffin_lim` writes the iteration as its formula over whole
arrays -- ``x = ISTFT(c)``, ``r = STFT(x)``, ``d = r - beta r_prev``, ``c = P_C2(d)`` -- which
every backend runs (GPUs, lazy backends, torch recording autograd).  Where
:func:`framekit._backend.fft_chunk_rows` asks for it (NumPy, and torch on the CPU without
autograd) and the signal is zero-padded (``pad_mode="constant"``) it calls
:func:`iterate` instead, which computes the same numbers (the same roundings on NumPy in
librosa's variant, so bit for bit there; equal to about 1e-13 otherwise, tested) faster:

**The padded signal is the overlap-add buffer.**  The signal lives in a buffer of the
length the frames span, ``E = (N + q - 1) a`` (``q = ceil(T / a)``), that holds
sample ``t`` at index ``t - start`` (``start`` as in
:class:`~framekit.tf.short_time._Layout`).  The synthesis adds the q hop-sized blocks of
each windowed inverse FFT into it with slice ``+=`` (no concatenated zeros), then multiplies
it by the inverse frame-operator diagonal extended by zeros over the padding: the
buffer *is* then the zero-padded signal the next analysis frames, through a strided
view (:func:`framekit._backend.sliding_frames`), with no trim, pad or copy.

**One fused pass per iteration, chunk by chunk.**  Two such buffers alternate: for each
chunk of frames (:func:`framekit._backend.fft_chunk_rows`: 2 MiB of spectra) the
iteration windows the frames of the current signal, FFTs them (straight into the
stored rebuilt coefficients when there is momentum), forms ``d = r - beta r_prev``,
imposes the magnitude in place, inverse-FFTs, windows and overlap-adds into the other
buffer; the chunk's temporaries stay in the cache and live in buffers allocated once per
call (``out=`` through :mod:`framekit._backend.fast`).  The coefficients ``c`` are never
stored whole: only the rebuilt ones, two arrays that swap roles (``r`` and ``r_prev``).

**The magnitude in place.**  ``P_C2`` is ``|d|``, ``1 / |d|`` (real) and two complex-by-real
products (librosa's variant: ``S / (|d| + tiny)`` and one product), the same roundings as
the general path's ``(d / |d|) S`` (NumPy divides by a real ``m`` as ``d * (1 / m)``); a
chunk with a vanishing ``|d|`` takes the general path's formula (phase 0 there).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .. import _backend as _b
from .._backend.fast import abs_into, fft_into
from ._phase_chunked import _chunks

__all__ = ["iterate", "usable"]


def usable(lay: Any) -> bool:
    """Whether the layout suits the buffer of :func:`iterate`: zero padding (or none), and the
    signal inside the span of the frames."""
    q = -(-lay.win_length // lay.hop)
    span = (lay.n_frames + q - 1) * lay.hop
    return lay.pad_mode == "constant" and lay.start <= 0 and lay.length - lay.start <= span


def _fft(xp: Any, kind: str, y: Any, n: int, out: Any) -> None:
    if not fft_into(xp, kind, y, n, out):
        out[...] = getattr(_b.fft(xp), kind)(y, n=n, axis=-1)


def iterate(
    p: Any, St: Any, c0: Any, n_iter: int, momentum: float, variant: str, rows: int,
    impose: Callable[[Any, Any, Any, str, float], Any], return_sc: bool,
) -> tuple[Any, list[Any]]:
    """Griffin–Lim from the coefficients ``c0`` (frame-major ``(B, N, F)``), chunk by chunk.

    Parameters
    ----------
    p : the plan of :func:`framekit.tf.retrieval._plan` (its layout :func:`usable`).
    St : array (B, N, F)
        The magnitudes, frame-major.
    momentum, variant
        As in :func:`~framekit.tf.retrieval.griffin_lim`.
    rows : int
        Frames per chunk (:func:`framekit._backend.fft_chunk_rows`).
    impose : the general path's ``P_C2``, for chunks with a vanishing coefficient.
    return_sc : bool
        Also return the squared errors ``sum (|r| - S)^2`` per signal of the rebuilt
        coefficients of each iteration and of the result (n_iter + 1 arrays of shape (B,)).

    Returns
    -------
    x : array (B, L)
    err2 : list of arrays (B,), empty unless return_sc
    """
    xp, lay, device = p.xp, p.layout, p.device
    B, N, F = c0.shape
    L, T, a, M = lay.length, lay.win_length, lay.hop, lay.n_fft
    q = -(-T // a)
    lo = -lay.start  # the buffer's index of sample 0
    rdt, cdt = St.dtype, c0.dtype
    St = xp.reshape(xp.reshape(St, (-1,)), (B, N, F))  # C order: chunks read contiguous rows
    tiny = float(xp.finfo(rdt).smallest_normal)
    beta = momentum / (1.0 + momentum)
    weight = xp.concat([xp.zeros(lo, dtype=rdt, device=device), p.inv_diag,
                        xp.zeros((N + q - 1) * a - lo - L, dtype=rdt, device=device)])
    # the signal buffers, as (B, N + q - 1, a) blocks of a hop (slices of them are views)
    sig = [xp.zeros((B, N + q - 1, a), dtype=rdt, device=device) for _ in range(2)]
    flat = [xp.reshape(s, (B, (N + q - 1) * a)) for s in sig]
    factor = p.factor
    cfactor = None if factor is None else xp.conj(factor)
    # the rebuilt coefficients r and r_prev (momentum), whole; else a chunk buffer
    store = [xp.empty((B, N, F), dtype=cdt, device=device) for _ in range(2 if momentum else 0)]

    chunks = _chunks(B, N, max(rows, 2 * q))  # parts of a signal >= q - 1 frames: see ``carry``
    size = max((b1 - b0) * (e - s) for b0, b1, s, e in chunks)
    buf = {"y": xp.empty(size * T, dtype=rdt, device=device),
           "z": xp.empty(size * M, dtype=rdt, device=device),
           "d": xp.empty(size * F, dtype=cdt, device=device),
           "r": xp.empty(size * F, dtype=cdt, device=device),
           "m": xp.empty(size * F, dtype=rdt, device=device)}
    carry = xp.empty((1, max(q - 1, 1), M), dtype=rdt, device=device)  # chunks within a signal: one

    def view(name: str, shape: tuple[int, ...]) -> Any:
        return xp.reshape(buf[name][: math.prod(shape)], shape)

    def chunk_factor(f: Any, s: int, e: int) -> Any:
        return f[s:e, :] if f.ndim == 2 else f

    def rebuild(frames: Any, b0: int, b1: int, s: int, e: int, out: Any, err2: Any) -> None:
        """``out`` = the chunk's rebuilt coefficients (STFT of the frames); their squared error."""
        y = view("y", (b1 - b0, e - s, T))
        _b.binary_into(xp, "multiply", frames[b0:b1, s:e, :], p.window, y)
        _fft(xp, "rfft", y, M, out)
        if factor is not None:
            out *= chunk_factor(factor, s, e)
        if err2 is not None:
            m = view("m", out.shape)
            abs_into(xp, out, m)
            m -= St[b0:b1, s:e, :]
            m *= m
            err2[b0:b1] += xp.sum(m, axis=(-2, -1))

    def project(d: Any, Sc: Any) -> None:
        """``P_C2`` in place on the chunk ``d``."""
        m = view("m", d.shape)
        abs_into(xp, d, m)
        if variant == "librosa":  # c (S / (|c| + tiny))
            m += tiny
            _b.binary_into(xp, "divide", Sc, m, m)
            d *= m
        elif float(xp.min(m)) > 0.0:  # (c / |c|) S, the division as NumPy's c * (1 / |c|)
            _b.binary_into(xp, "divide", 1.0, m, m)
            d *= m
            d *= Sc
        else:  # a vanishing coefficient: phase 0
            d[...] = impose(xp, d, Sc, variant, tiny)

    def synthesize(d: Any, b0: int, b1: int, s: int, e: int, target: Any) -> None:
        """Overlap-add the windowed inverse FFTs of the chunk ``d`` into the blocks ``target``.

        Each block of the signal gets its terms in the order of the general path's
        overlap-add (frame j's block i, i = 0 .. q - 1, for block j + i): a chunk adds its
        own terms to the blocks before its end (all of them at the signal's end), then the
        terms of the previous chunk's last q - 1 frames that fall past that chunk's end
        (kept in ``carry``), whose i are all larger.
        """
        n = e - s
        z = view("z", (b1 - b0, n, M))
        _fft(xp, "irfft", d, M, z)
        zt = z[..., :T]
        zt *= p.synth
        for i in range(q):
            w = min(a, T - i * a)
            m = n if e == N else n - i  # frames whose block i lands before e (or anywhere, at the end)
            if m > 0:
                part = target[b0:b1, s + i : s + i + m, :w]
                part += z[:, :m, i * a : i * a + w]
        if s > 0 and q > 1:  # the previous chunk's terms on the blocks s, s + 1, ...
            for i in range(1, q):
                w = min(a, T - i * a)
                part = target[b0:b1, s : s + i, :w]
                part += carry[: b1 - b0, q - 1 - i :, i * a : i * a + w]
        if e < N and q > 1:
            carry[: b1 - b0, ...] = z[:, n - (q - 1) :, :]

    # x_0 = ISTFT(c_0)
    for b0, b1, s, e in chunks:
        c = c0[b0:b1, s:e, :]
        if cfactor is not None:
            d = view("d", c.shape)
            _b.binary_into(xp, "multiply", c, chunk_factor(cfactor, s, e), d)
            c = d
        synthesize(c, b0, b1, s, e, sig[0])
    flat[0] *= weight

    history: list[Any] = []
    cur = 0
    for k in range(n_iter + (1 if return_sc else 0)):
        last = k == n_iter  # only the final signal's error
        err2 = xp.zeros(B, dtype=rdt, device=device) if return_sc else None
        frames = _b.sliding_frames(xp, flat[cur], T, a)
        nxt = sig[1 - cur]
        if not last:
            nxt[...] = 0.0
        for b0, b1, s, e in chunks:
            shape = (b1 - b0, e - s, F)
            r = store[k % 2][b0:b1, s:e, :] if momentum and not last else view("r", shape)
            rebuild(frames, b0, b1, s, e, r, err2)
            if last:
                continue
            if not momentum:
                d = r
            elif k == 0:
                d = view("d", shape)
                d[...] = r
            else:
                d = view("d", shape)
                _b.binary_into(xp, "multiply", store[(k + 1) % 2][b0:b1, s:e, :], beta, d)
                _b.binary_into(xp, "subtract", r, d, d)
            project(d, St[b0:b1, s:e, :])
            if cfactor is not None:
                d *= chunk_factor(cfactor, s, e)
            synthesize(d, b0, b1, s, e, nxt)
        if err2 is not None:
            history.append(err2)
        if not last:
            flat[1 - cur] *= weight
            cur = 1 - cur
    return xp.asarray(flat[cur][:, lo : lo + L], copy=True), history
