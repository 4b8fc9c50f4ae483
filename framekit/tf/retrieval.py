r"""Phase retrieval from STFT magnitudes: Griffin–Lim (FGLA) and the spectral convergence.

Given magnitudes ``S`` (shape ``(..., F, N)``, ``F = n_fft // 2 + 1``; the modulus of a
real signal's :func:`~framekit.tf.short_time.stft`, consistent or not), find a signal x
with ``|STFT(x)| ~ S``.  Griffin–Lim alternates the two projections

* ``P_C2(c) = S c / |c|``, onto the coefficients with magnitude S (phase 0 where c = 0);
* ``P_C1(c) = STFT(ISTFT(c))``, onto the consistent coefficients: framekit's
  :func:`~framekit.tf.short_time.istft` is the canonical dual, so with ``pad_mode``
  ``"constant"`` or ``"circular"`` this is the orthogonal projection onto the range of the
  analysis operator, exactly (not the window-sum approximation of a generic OLA).

Fast Griffin–Lim (FGLA; Perraudin, Balazs and Søndergaard 2013) adds momentum:
``t_n = P_C1(P_C2(c_{n-1}))``, ``c_n = t_n + alpha (t_n - t_{n-1})`` (none on the first
step), and returns ``x = ISTFT(P_C2(c_n))``.  librosa's ``griffinlim`` takes the phase of
``r_n - alpha / (1 + alpha) r_{n-1}`` (``r_n`` its rebuilt, i.e. consistent, STFT).  As
``P_C2`` keeps only the phase and ``t_n + alpha (t_n - t_{n-1}) = (1 + alpha) (t_n -
alpha/(1 + alpha) t_{n-1})``, the two forms are the same iteration with the same
``alpha``; they differ where a coefficient is exactly zero (librosa divides by
``|c| + tiny``, which sets such a coefficient to 0, losing its magnitude; ``P_C2`` gives it
phase 0 and magnitude S, a true projection) and in rounding.  ``variant="librosa"``
reproduces librosa's arithmetic (equal to ``librosa.griffinlim`` to ~1e-12 at the same
settings, init and iteration count); ``variant="fgla"`` (the default) is the projection
form above.

Spectral convergence ``SC = ||  |STFT(x)| - S ||_F / ||S||_F``, in dB (``20 log10 SC``):
:func:`spectral_convergence`.

Speed: the iteration keeps its coefficients frame-major (``(..., N, F)``, the layout the
FFTs produce) and runs ``P_C1`` as one fused pass -- inverse FFTs, window, overlap-add,
the frame operator's diagonal (computed once), reframing, window, FFTs -- with the
window, the diagonal and the phase factors built once per call.  NumPy and torch on the
CPU without autograd (zero padding) run :func:`._retrieval_chunked.iterate` instead: the same
numbers (bit for bit on NumPy), one pass per iteration over cache-sized chunks of frames
(``_backend.fft_chunk_rows``) with the magnitude imposed in place, reused buffers, and the
overlap-add buffer doubling as the zero-padded signal.  Measured timings: ``docs/retrieval.md``.

Every backend; torch records the unrolled iterations for autograd (gradients with respect to
S; an ``init="pghi"`` phase is a constant).  Dask needs the signal axis in one chunk.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from .. import _backend as _b
from .._validate import (
    check_elements,
    flag,
    int_in_range,
    positive_int,
    real_number,
    require_array,
    shape_count,
)
from .._validate import (
    seed as _seed,
)
from . import _retrieval_chunked
from .short_time import (
    _choice,
    _extend,
    _Layout,
    _layout,
    _overlap_add,
    _phase,
    _phase_factor,
    _require_frame,
    _signal_diag,
    _sizes,
    _window_for,
    frame_signal,
    stft,
)

__all__ = ["griffin_lim", "spectral_convergence"]

VARIANTS = ("fgla", "librosa")
INITS = ("random", "zeros", "pghi")


# --------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------


def _magnitudes(S: Any, check_finite: bool, name: str = "S") -> tuple[Any, Any, Any]:
    """S as a real float array of shape (..., F, N), non-negative and finite."""
    check_finite = flag(check_finite, "check_finite")
    require_array(S, name)
    xp, device = _b.namespace_and_device((name, S))
    if S.ndim < 2:
        raise ValueError(f"{name} must have shape (..., F, N) (frequency, time), got shape {tuple(S.shape)}")
    if S.shape[-1] == 0 or S.shape[-2] == 0:
        raise ValueError(f"{name} has shape {tuple(S.shape)}: it needs at least one frequency and one frame")
    (S,) = _b.as_float(xp, S)
    if xp.isdtype(S.dtype, "complex floating"):
        raise TypeError(f"{name} must be real magnitudes (e.g. abs(stft(x))), got dtype {S.dtype}")
    if check_finite:
        _b.check_finite(xp, S, name)
    if not _b.is_lazy(S) and bool(xp.any(S < 0.0)):
        raise ValueError(f"{name} must be non-negative magnitudes; it has negative entries")
    return xp, device, S


class _Plan(NamedTuple):
    """What one call of the fused projection needs, computed once per call."""

    xp: Any
    device: Any
    layout: _Layout
    window: Any  # g, real, (T,)
    synth: Any  # M g / ... : the synthesis window times M (the overlap-add of M-point IDFTs)
    inv_diag: Any  # 1 / S[t], (L,)
    factor: Any  # e^{-2 pi i m r / M} in the convention, (F,) or (N, F), or None
    phase: str


def _plan(xp: Any, device: Any, S: Any, n_fft: Any, hop_length: Any, win_length: Any, window: Any,
          center: Any, pad_mode: Any, length: Any, phase: Any, check_finite: bool) -> _Plan:
    """Check the STFT settings against S (one-sided spectra of real signals) and build the plan."""
    phase = _phase(phase)
    M, a, T = _sizes(n_fft, hop_length, win_length, window)
    pad_mode = _choice(pad_mode, "pad_mode", ("constant", "reflect", "circular"))
    center = flag(center, "center")
    g = _window_for(xp, device, window, T, M, ("S", S), check_finite)
    if xp.isdtype(g.dtype, "complex floating"):
        raise TypeError("window must be real: phase retrieval recovers real signals (one-sided S)")
    F, N = S.shape[-2], S.shape[-1]
    if F != M // 2 + 1:
        raise ValueError(f"S has {F} frequency rows; n_fft = {M} needs {M // 2 + 1} (the one-sided "
                         "spectra of real signals)")
    if length is None:
        length = N * a if pad_mode == "circular" else (N - 1) * a + M - 2 * (M // 2 if center else 0)
        if length < 1:
            raise ValueError(f"S has {N} frames, too few for n_fft = {M} with center=True; pass length")
    length = positive_int(length, "length")
    lay = _layout(length, T, a, M, pad_mode, center, signal=f"length = {length}")
    if lay.n_frames != N:
        raise ValueError(f"S has {N} frames but length = {length}, hop_length = {a} and n_fft = {M} "
                         f"(pad_mode={pad_mode!r}, center={center}) give {lay.n_frames}")
    batch = shape_count(tuple(S.shape[:-2]))
    if batch is not None:
        check_elements(batch * N * M, f"S of shape {tuple(S.shape)} with n_fft = {M} (the frames)")
    diag = _signal_diag(xp, g, lay)
    _require_frame(xp, diag, "phase retrieval", lay)
    cdt = _b.complex_dtype(xp, S.dtype)
    factor = _phase_factor(xp, lay, F, phase, cdt, device)
    return _Plan(xp, device, lay, g, g * float(M), 1.0 / diag, factor, phase)


# --------------------------------------------------------------------------
# the fused projection onto the consistent coefficients
# --------------------------------------------------------------------------


def _synthesis(p: _Plan, c: Any) -> Any:
    """ISTFT of frame-major coefficients ``(..., N, F)``: the signal ``(..., L)``."""
    xp, lay = p.xp, p.layout
    if p.factor is not None:
        c = c * xp.conj(p.factor)
    seg = _b.fft(xp).irfft(c, n=lay.n_fft, axis=-1)
    return _overlap_add(xp, seg[..., : lay.win_length] * p.synth, lay) * p.inv_diag


def _analysis(p: _Plan, x: Any) -> Any:
    """STFT of the signals ``(..., L)``, frame-major ``(..., N, F)``."""
    xp, lay = p.xp, p.layout
    frames = frame_signal(xp, _extend(xp, x, lay), lay.win_length, lay.hop, lay.n_frames)
    spec = _b.fft(xp).rfft(frames * p.window, n=lay.n_fft, axis=-1)
    return spec if p.factor is None else spec * p.factor


def _impose(xp: Any, c: Any, S: Any, variant: str, tiny: float) -> Any:
    """``P_C2``: magnitude S with c's phase (librosa: ``S c / (|c| + tiny)``; fgla: phase 0 at c = 0)."""
    mag = xp.abs(c)
    if variant == "librosa":
        return c * (S / (mag + tiny))
    zero = mag == 0.0
    unit = xp.where(zero, xp.ones_like(c), c / xp.where(zero, xp.ones_like(mag), mag))
    return unit * S


def _sc_db(xp: Any, rebuilt: Any, S: Any, norm_s: Any) -> Any:
    """Spectral convergence of frame-major rebuilt coefficients against S (frame-major), in dB."""
    err = xp.sqrt(xp.sum((xp.abs(rebuilt) - S) ** 2, axis=(-2, -1)))
    return 20.0 * xp.log10(err / norm_s)


def _chunk_rows(p: _Plan, S: Any, init: Any) -> int | None:
    """Frames per chunk of :func:`._retrieval_chunked.iterate` where it applies (NumPy, torch on
    the CPU without autograd; zero padding), else None (the general loop over whole arrays)."""
    if not _retrieval_chunked.usable(p.layout):
        return None
    arrays = (S, p.window, *((init,) if _b.is_array(init) else ()))
    return _b.fft_chunk_rows(p.xp, p.layout.n_fft, *arrays)


# --------------------------------------------------------------------------
# the initial phase
# --------------------------------------------------------------------------


def _initial(p: _Plan, S: Any, init: Any, seed: int | None, window: Any) -> Any:
    """The starting coefficients ``S e^{i phi_0}``, frame-major."""
    xp, device = p.xp, p.device
    cdt = _b.complex_dtype(xp, S.dtype)
    if _b.is_array(init):
        _b.namespace_and_device(("S", S), ("init", init))
        if tuple(init.shape) != tuple(S.shape):
            raise ValueError(f"init (an array of phases) must have S's shape {tuple(S.shape)}, "
                             f"got {tuple(init.shape)}")
        (phi,) = _b.as_float(xp, init)
        if xp.isdtype(phi.dtype, "complex floating"):
            raise TypeError("init must be real phases (radians), got a complex array; pass its angle")
        if not _b.is_lazy(phi):
            _b.check_finite(xp, phi, "init")
        phi = xp.astype(phi, S.dtype)
    elif init == "zeros":
        return xp.astype(xp.matrix_transpose(S), cdt)
    elif init == "random":
        u = _b.random_normal(xp, (2, *S.shape), seed=seed, dtype=S.dtype, device=device)
        phi = xp.atan2(u[1, ...], u[0, ...])  # uniform on the circle, from two normals
    else:  # "pghi"
        from .phase_gradient import pghi

        lay = p.layout
        phi = pghi(S, n_fft=lay.n_fft, hop_length=lay.hop, win_length=lay.win_length,
                   window=window, center=lay.pad != 0, pad_mode=lay.pad_mode, length=lay.length,
                   phase=p.phase, check_finite=False)
    phi = xp.matrix_transpose(phi)
    St = xp.matrix_transpose(S)
    return xp.astype(St * xp.cos(phi), cdt) + 1j * xp.astype(St * xp.sin(phi), cdt)


# --------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------


@_b.supports()
def griffin_lim(
    S: Any,
    *,
    n_fft: int,
    hop_length: int | None = None,
    win_length: int | None = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "constant",
    n_iter: int = 32,
    momentum: float = 0.99,
    init: Any = "random",
    length: int | None = None,
    seed: int | None = None,
    variant: str = "fgla",
    phase: str = "timeinv",
    return_sc: bool = False,
    check_finite: bool = True,
) -> Any:
    r"""A real signal whose STFT magnitude approximates S: fast Griffin–Lim (FGLA).

    Iterates ``t_n = P_C1(P_C2(c_{n-1}))``, ``c_n = t_n + momentum (t_n - t_{n-1})`` and
    returns ``ISTFT(P_C2(c_{n_iter}))``, with framekit's exact inverse STFT as the dual (the
    orthogonal projection onto consistent coefficients for ``pad_mode`` ``"constant"`` and
    ``"circular"``); see :mod:`framekit.tf.retrieval`.  Takes the STFT family's arguments
    and defaults, so that it inverts ``abs(stft(x, ...))`` computed with the same ones.

    Parameters
    ----------
    S : real array, shape (..., F, N)
        Magnitudes, ``F = n_fft // 2 + 1`` (one-sided); leading dimensions are a batch.
    n_fft, hop_length, win_length, window, center, pad_mode, phase
        As given to :func:`~framekit.tf.short_time.stft` (``phase`` matters only for an
        array ``init``, whose phases are read in that convention).
    n_iter : int
        Number of iterations (>= 0; 0 returns the initial phase's signal).
    momentum : float
        ``alpha`` in ``[0, 2)``; 0 is the original Griffin–Lim, 0.99 (default) FGLA's
        recommendation; above 1 may diverge.
    init : {"random", "zeros", "pghi"} or array
        Initial phase: uniform random (seeded by ``seed``), zero (librosa's ``init=None``),
        :func:`~framekit.tf.phase_gradient.pghi` (phase gradient heap integration; the paper's
        recommendation: it converges faster and further), or an array of phases (radians),
        of S's shape, on S's backend.
    length : int, optional
        Length L of the signal; default: the length :func:`~framekit.tf.short_time.istft`
        infers from the number of frames.
    seed : int, optional
        Seed of the random initial phase (each backend's own generator: equal seeds give
        equal results on one backend); None draws fresh entropy.
    variant : {"fgla", "librosa"}
        ``"fgla"``: the momentum form above, ``P_C2`` sets phase 0 where a coefficient
        vanishes.  ``"librosa"``: librosa's arithmetic (``S c / (|c| + tiny)``, momentum as
        ``r_n - alpha/(1+alpha) r_{n-1}``); with ``init="zeros"`` it equals
        ``librosa.griffinlim(init=None)`` at the same settings.  The two are the same
        iteration up to the zero coefficients and rounding.
    return_sc : bool
        Also return the spectral convergence (dB) of the signal after 0, 1, ..., n_iter
        iterations, shape ``(..., n_iter + 1)`` (one extra STFT at the end).
    check_finite : bool
        Check S (and an array window or init) for NaN/inf.

    Returns
    -------
    x : real array, shape (..., L)
    sc : real array, shape (..., n_iter + 1)
        Only with ``return_sc=True``: ``sc[..., k]`` is the spectral convergence (dB) of the
        signal ``griffin_lim(..., n_iter=k)`` would return.

    Raises
    ------
    ValueError
        Negative or non-finite S, S's shape not matching n_fft / length, settings that do not
        form a frame, unknown options, momentum outside ``[0, 2)``.
    TypeError
        Complex S, positional arguments after S, arrays of two libraries.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit import griffin_lim, spectral_convergence, stft
    >>> t = np.arange(4096)
    >>> x = np.cos(2 * np.pi * (0.01 * t + 2e-6 * t**2))
    >>> S = abs(stft(x, n_fft=256, hop_length=64))
    >>> y = griffin_lim(S, n_fft=256, hop_length=64, n_iter=50, init="pghi", length=4096)
    >>> float(spectral_convergence(y, S, n_fft=256, hop_length=64)) < -30
    True
    """
    xp, device, S = _magnitudes(S, check_finite)
    n_iter = int_in_range(n_iter, "n_iter", low=0, what="an int >= 0")
    momentum = real_number(momentum, "momentum", low=0.0, high=2.0, low_inclusive=True,
                           what="a number in [0, 2)")
    variant = _choice(variant, "variant", VARIANTS)
    seed = _seed(seed)
    return_sc = flag(return_sc, "return_sc")
    if not _b.is_array(init):
        _choice(init, "init", INITS)
    p = _plan(xp, device, S, n_fft, hop_length, win_length, window, center, pad_mode, length, phase,
              check_finite)
    c = _initial(p, S, init, seed, window)
    St = xp.matrix_transpose(S)
    tiny = float(xp.finfo(S.dtype).smallest_normal)
    beta = momentum / (1.0 + momentum)
    norm_s = xp.sqrt(xp.sum(S**2, axis=(-2, -1))) if return_sc else None
    rows = _chunk_rows(p, S, init)
    if rows is not None:  # NumPy, torch CPU without autograd: the same numbers, faster
        batch = tuple(S.shape[:-2])
        B = shape_count(batch) or 1
        F, N = S.shape[-2], S.shape[-1]
        x, err2 = _retrieval_chunked.iterate(
            p, xp.reshape(St, (B, N, F)), xp.reshape(c, (B, N, F)), n_iter, momentum, variant, rows,
            _impose, return_sc)
        x = xp.reshape(x, (*batch, p.layout.length))
        if not return_sc:
            return x
        sc = [20.0 * xp.log10(xp.reshape(xp.sqrt(e), batch) / norm_s) for e in err2]
        return x, xp.stack(sc, axis=-1)
    history = []
    prev = None
    for _ in range(n_iter):
        x = _synthesis(p, c)
        rebuilt = _analysis(p, x)
        if return_sc:
            history.append(_sc_db(xp, rebuilt, St, norm_s))
        d = rebuilt if prev is None or momentum == 0.0 else rebuilt - beta * prev
        c = _impose(xp, d, St, variant, tiny)
        prev = rebuilt
    x = _synthesis(p, c)
    if not return_sc:
        return x
    history.append(_sc_db(xp, _analysis(p, x), St, norm_s))
    return x, xp.stack(history, axis=-1)


@_b.supports()
def spectral_convergence(
    x: Any,
    S: Any,
    *,
    n_fft: int,
    hop_length: int | None = None,
    win_length: int | None = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "constant",
    check_finite: bool = True,
) -> Any:
    r"""Spectral convergence of a signal against target magnitudes, in dB.

    .. math::

        \mathrm{SC} = 20 \log_{10} \frac{\|\, |\mathrm{STFT}(x)| - S \,\|_F}{\|S\|_F}

    over the last two axes (per signal of a batch), with the STFT of
    :func:`~framekit.tf.short_time.stft` at the given settings.  ``-inf`` for an exact match.

    Parameters
    ----------
    x : real array, shape (..., L)
        Signal(s), e.g. from :func:`griffin_lim`.
    S : real array, shape (..., F, N)
        Target magnitudes; x's batch shape broadcasts against S's.
    n_fft, hop_length, win_length, window, center, pad_mode
        As given to :func:`~framekit.tf.short_time.stft`.
    check_finite : bool
        Check x and S for NaN/inf.

    Returns
    -------
    sc : real array, shape (...)
        Decibels; -40 dB is a relative magnitude error of 1 %.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit import spectral_convergence, stft
    >>> x = np.random.default_rng(0).standard_normal(1000)
    >>> S = abs(stft(x, n_fft=128))
    >>> round(float(spectral_convergence(1.1 * x, S, n_fft=128)), 2)
    -20.0
    """
    require_array(x, "x")
    _, _, S = _magnitudes(S, check_finite)
    xp, _ = _b.namespace_and_device(("x", x), ("S", S))
    if xp.isdtype(x.dtype, "complex floating"):
        raise TypeError(f"x must be a real signal, got dtype {x.dtype}")
    c = stft(x, n_fft=n_fft, hop_length=hop_length, win_length=win_length, window=window, center=center,
             pad_mode=pad_mode, check_finite=check_finite)
    if tuple(c.shape[-2:]) != tuple(S.shape[-2:]):
        raise ValueError(f"S has shape {tuple(S.shape)} but the STFT of x at these settings has "
                         f"{tuple(c.shape[-2:])} (frequencies, frames) per signal")
    err = xp.sqrt(xp.sum((xp.abs(c) - S) ** 2, axis=(-2, -1)))
    return 20.0 * xp.log10(err / xp.sqrt(xp.sum(S**2, axis=(-2, -1))))

