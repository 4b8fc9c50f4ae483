r"""Phase gradient heap integration (PGHI): an STFT phase from its magnitude, without iterations.

Průša, Balazs and Søndergaard, *A noniterative method for reconstruction of phase from STFT
magnitude*, IEEE/ACM TASLP 25 (2017).  For the Gaussian window
:math:`\varphi_\lambda(t) = e^{-\pi t^2/\lambda}` (``λ`` in samples², ``λ = tfr · n_fft``
for framekit's ``("gauss", tfr)``) the STFT is, up to the factor :math:`e^{-\pi x^2/\lambda}`,
an entire function of :math:`z = x - i\lambda\omega`; the Cauchy–Riemann equations then give
the phase gradient from the log-magnitude :math:`s = \log|c|`.  In the frequency-invariant
convention (phase measured from t = 0, window centred at :math:`x`; ω in cycles per sample):

.. math::

    \partial_x \phi = \frac{1}{\lambda} \partial_\omega s, \qquad
    \partial_\omega \phi = -\lambda\, \partial_x s - 2\pi x .

framekit integrates in the *centred* convention (phase measured from each window's centre
:math:`x_n`: :math:`\phi_c = \phi + 2\pi \omega x`), whose gradient has no :math:`2\pi x` term
(:math:`\partial_x \phi_c = \partial_\omega s / \lambda + 2\pi\omega`,
:math:`\partial_\omega \phi_c = -\lambda \partial_x s`), and converts the result to the
requested convention exactly at the end (``"timeinv"``: from the frame's first sample,
torch's and librosa's; ``"freqinv"``: from t = 0) with integer arithmetic modulo n_fft, as
:func:`~framekit.tf.short_time.stft` does.  On the lattice (hop a, n_fft M) with centred
differences of s (one-sided at the first and last frame, mirrored at bins 0 and M/2, where
|c| of a real signal is even), the phase increments between neighbours are the trapezoidal
averages of

.. math::

    \Delta_n \phi_c[m, n] = \frac{a M}{\lambda}\, \partial_m s + \frac{2\pi a m}{M}, \qquad
    \Delta_m \phi_c[m, n] = -\frac{\lambda}{a M}\, \partial_n s

(per frame and per bin).  Other windows use the λ of their *equivalent Gaussian*: for
``"hann"`` the paper's ``λ = 0.25645 T²``; for every other window (and an array) the Gaussian
with the same temporal spread of :math:`|g|^2`, ``λ = 4π Var(|g|²)`` (this gives
``0.2514 T²`` for Hann); ``gamma=`` sets λ directly.

Two integrations of the same gradient field:

* ``"heap"`` (default): the paper's algorithm, LTFAT's order (:mod:`framekit._backend.heap`):
  the coefficients above ``tol · max |S|`` (per signal) are visited from the largest down
  through a max-heap, each one integrated from the neighbour that reached it first, so the
  phase travels along the ridges of the magnitude and never through the low-magnitude
  regions, where the gradient estimate is noise.  Sequential: it runs on the host (a copy
  there and back for GPU arrays); the gradient field is computed on the backend.
* ``"lstsq"``: stays on the device.  The phase that fits the increments best in least
  squares (the discrete Poisson equation with Neumann boundary, solved exactly by FFTs of
  the evenly mirrored grid: a DCT), with the increments of every edge touching a coefficient
  below the tolerance set to 0.  What it gives up: the estimated gradient field is not
  curl-free (the true phase winds by 2π around every zero of the STFT, and the estimate is
  noisy where |c| is small); the heap routes around those places, least squares spreads
  their error over the whole plane, magnitude-unweighted, so the phase along the ridges is
  less exact and FGLA has more to repair afterwards (``docs/retrieval.md`` has the numbers).
  It is one FFT pair on the mirrored grid, batched, and differentiable (torch).

Coefficients below the tolerance get phase 0 (``"heap"``) or the smooth fill of the
Poisson solution (``"lstsq"``).  Only real signals (one-sided S).
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .._backend.heap import heap_integrate
from .._validate import flag, positive_int, real_number
from .retrieval import _magnitudes
from .short_time import _choice, _phase, _sizes, _window_for
from .windows import _parse

__all__ = ["equivalent_lambda", "pghi"]

INTEGRATIONS = ("heap", "lstsq")
#: λ / T² of the Gaussian equivalent to a periodic Hann window of length T (PGHI paper, Sec. V).
HANN_LAMBDA = 0.25645
#: The least-squares route: conjugate-gradient steps, and the power of |S| / max|S| weighting
#: each edge (by its smaller end).
CG_STEPS = 50
WEIGHT_POWER = 2.0


def equivalent_lambda(xp: Any, g: Any, window: Any, n_fft: int) -> float:
    """λ (samples²) of the Gaussian equivalent to the window ``g`` (given as ``window``)."""
    T = g.shape[0]
    if not _b.is_array(window):
        name, param = _parse(window)
        if name == "gauss":
            return (1.0 if param is None else param) * n_fft
        if name == "hann":
            return HANN_LAMBDA * T * T
    p = g * g
    k = xp.arange(T, dtype=g.dtype, device=_b.namespace_and_device(("window", g))[1])
    total = xp.sum(p)
    mean = xp.sum(p * k) / total
    var = float(xp.sum(p * (k - mean) ** 2) / total)
    if not var > 0.0:
        raise ValueError("window has no temporal spread (one non-zero sample): no equivalent Gaussian; "
                         "pass gamma")
    return 4.0 * math.pi * var


def _centre(xp: Any, g: Any, window: Any) -> float:
    """Where the window is centred within its T samples: T/2 for a named (periodic) window,
    the centroid of |g|² for an array."""
    T = g.shape[0]
    if not _b.is_array(window):
        return T / 2.0
    p = g * g
    k = xp.arange(T, dtype=g.dtype, device=_b.namespace_and_device(("window", g))[1])
    return float(xp.sum(p * k) / xp.sum(p))


def _diff(xp: Any, s: Any, axis: int, mirror: bool) -> Any:
    """Centred difference along ``axis`` (-2: bins, -1: frames), per lattice step."""
    n = s.shape[axis]
    if n < 2:
        return xp.zeros_like(s)

    def take(a: int, b: int) -> Any:
        return s[..., a:b, :] if axis == -2 else s[..., a:b]

    inner = (take(2, n) - take(0, n - 2)) * 0.5
    if mirror:  # |c| even about the edge: zero slope there
        edge0 = xp.zeros_like(take(0, 1))
        edge1 = xp.zeros_like(take(0, 1))
    else:
        edge0 = take(1, 2) - take(0, 1)
        edge1 = take(n - 1, n) - take(n - 2, n - 1)
    if n == 2:
        return xp.concat([edge0, edge1], axis=axis)
    return xp.concat([edge0, inner, edge1], axis=axis)


def _mean_pairs(xp: Any, w: Any, axis: int) -> Any:
    """Trapezoid: the mean of neighbours along ``axis``."""
    n = w.shape[axis]
    if axis == -2:
        return (w[..., 1:n, :] + w[..., : n - 1, :]) * 0.5
    return (w[..., 1:n] + w[..., : n - 1]) * 0.5


def _adjoint(xp: Any, e_t: Any, e_f: Any) -> Any:
    """``A^T e``: node sums of incoming minus outgoing edge values (A: head minus tail)."""
    batch = e_t.shape[:-2]
    F, N = e_t.shape[-2], e_f.shape[-1]
    dt, dev = e_t.dtype, _b.namespace_and_device(("S", e_t))[1]
    zr = xp.zeros((*batch, F, 1), dtype=dt, device=dev)
    zc = xp.zeros((*batch, 1, N), dtype=dt, device=dev)
    return (xp.concat([zr, e_t], axis=-1) - xp.concat([e_t, zr], axis=-1)
            + xp.concat([zc, e_f], axis=-2) - xp.concat([e_f, zc], axis=-2))


def _poisson(xp: Any, rho: Any) -> Any:
    """Solve ``A^T A phi = rho`` (the grid's Neumann Laplacian) by FFTs of the evenly mirrored
    grid (a DCT-II), the mean of phi set to 0."""
    F, N = rho.shape[-2], rho.shape[-1]
    dt, dev = rho.dtype, _b.namespace_and_device(("S", rho))[1]
    ext = xp.concat([rho, xp.flip(rho, axis=-2)], axis=-2)
    ext = xp.concat([ext, xp.flip(ext, axis=-1)], axis=-1)
    fft = _b.fft(xp)
    R = fft.rfftn(ext, axes=(-2, -1))
    k = xp.arange(2 * F, dtype=dt, device=dev)
    l_ = xp.arange(N + 1, dtype=dt, device=dev)
    eig = ((2.0 - 2.0 * xp.cos(k * (math.pi / F)))[:, None]
           + (2.0 - 2.0 * xp.cos(l_ * (math.pi / N)))[None, :])
    zero = eig == 0.0
    inv = xp.where(zero, xp.zeros_like(eig), 1.0 / xp.where(zero, xp.ones_like(eig), eig))
    phi = fft.irfftn(R * xp.astype(inv, R.dtype), s=(2 * F, 2 * N), axes=(-2, -1))
    return phi[..., :F, :N]


def _lstsq(xp: Any, step_t: Any, step_f: Any, w_t: Any, w_f: Any, n_cg: int) -> Any:
    """The weighted least-squares potential of the edge increments: ``A^T W A phi = A^T W g``
    by ``n_cg`` steps of conjugate gradients preconditioned by the unweighted Poisson solve."""

    def apply(phi: Any) -> Any:
        return _adjoint(xp, w_t * (phi[..., :, 1:] - phi[..., :, :-1]),
                        w_f * (phi[..., 1:, :] - phi[..., :-1, :]))

    def dot(u: Any, v: Any) -> Any:
        return xp.sum(u * v, axis=(-2, -1), keepdims=True)

    b = _adjoint(xp, w_t * step_t, w_f * step_f)
    phi = _poisson(xp, _adjoint(xp, step_t, step_f))  # the unweighted solution as the start
    r = b - apply(phi)
    z = _poisson(xp, r)
    p = z
    rz = dot(r, z)
    tiny = _b.eps(xp, b.dtype) ** 4
    for _ in range(n_cg):
        q = apply(p)
        pq = dot(p, q)
        alpha = rz / xp.where(pq > tiny, pq, xp.ones_like(pq))
        alpha = xp.where(pq > tiny, alpha, xp.zeros_like(alpha))
        phi = phi + alpha * p
        r = r - alpha * q
        z = _poisson(xp, r)
        rz_new = dot(r, z)
        beta = xp.where(rz > tiny, rz_new / xp.where(rz > tiny, rz, xp.ones_like(rz)), xp.zeros_like(rz))
        p = z + beta * p
        rz = rz_new
    return phi


@_b.supports(skip={"dask.array": "not lazy: the heap integrates on the host, and the least-squares "
                                 "route's 2-D FFTs need the time and frequency axes in one chunk"})
def pghi(
    S: Any,
    *,
    n_fft: int,
    hop_length: int | None = None,
    win_length: int | None = None,
    window: Any = "hann",
    center: bool = True,
    pad_mode: str = "constant",
    tol: float = 1e-5,
    integration: str = "heap",
    gamma: float | None = None,
    phase: str = "timeinv",
    length: int | None = None,
    check_finite: bool = True,
) -> Any:
    r"""STFT phase from the magnitude by phase gradient heap integration (PGHI).

    Returns the phases (radians) ``phi`` such that ``S * exp(1j * phi)`` approximates the
    STFT (at the same settings and ``phase`` convention) whose magnitude is S: hand them to
    :func:`~framekit.tf.short_time.istft`, or to :func:`~framekit.tf.retrieval.griffin_lim`
    as ``init`` (what ``init="pghi"`` does).  See :mod:`framekit.tf.phase_gradient` for the formulas.

    Parameters
    ----------
    S : real array, shape (..., F, N)
        Magnitudes of one-sided STFTs (``F = n_fft // 2 + 1``); leading dimensions are a batch.
    n_fft, hop_length, win_length, window, center, pad_mode
        As given to :func:`~framekit.tf.short_time.stft`.  PGHI is exact for a Gaussian
        window ``("gauss", tfr)``; other windows use their equivalent Gaussian's λ.
    tol : float
        Relative tolerance in ``(0, 1)``: coefficients below ``tol * max(S)`` (per signal)
        are not integrated (phase 0).
    integration : {"heap", "lstsq"}
        The paper's heap on the host (default), or the least-squares (Poisson) integration
        that stays on the device; see the module docstring for what the latter gives up.
    gamma : float, optional
        λ of the Gaussian (samples²), overriding the window's equivalent one.
    phase : {"timeinv", "freqinv"}
        Convention of the returned phases (as in :func:`~framekit.tf.short_time.stft`).
    length : int, optional
        Unused by the integration (the frame positions need only hop_length, n_fft and
        center); accepted so that the STFT family's arguments pass through unchanged.
    check_finite : bool
        Check S (and an array window) for NaN/inf.

    Returns
    -------
    phi : real array, shape (..., F, N)
        In S's dtype, on S's backend and device.

    Raises
    ------
    ValueError
        Negative or non-finite S, S's rows not matching n_fft, tol outside (0, 1), unknown
        options.
    TypeError
        Complex S, positional arguments after S, arrays of two libraries.

    Examples
    --------
    >>> import numpy as np
    >>> from framekit import istft, pghi, spectral_convergence, stft
    >>> t = np.arange(8192)
    >>> x = np.cos(2 * np.pi * (0.02 * t + 1e-6 * t**2))
    >>> kw = dict(n_fft=512, hop_length=64, window="hann")
    >>> S = abs(stft(x, **kw))
    >>> y = istft(S * np.exp(1j * pghi(S, **kw)), length=8192, **kw)
    >>> float(spectral_convergence(y, S, **kw)) < -25
    True
    """
    xp, device, S = _magnitudes(S, check_finite)
    phase = _phase(phase)
    tol = real_number(tol, "tol", low=0.0, high=1.0, what="a number in (0, 1)")
    integration = _choice(integration, "integration", INTEGRATIONS)
    pad_mode = _choice(pad_mode, "pad_mode", ("constant", "reflect", "circular"))
    center = flag(center, "center")
    if length is not None:
        positive_int(length, "length")
    M, a, T = _sizes(n_fft, hop_length, win_length, window)
    if T > M:
        raise ValueError(f"win_length = {T} > n_fft = {M}; only the painless case is implemented")
    g = _window_for(xp, device, window, T, M, ("S", S), check_finite)
    if xp.isdtype(g.dtype, "complex floating"):
        raise TypeError("window must be real: PGHI recovers real signals (one-sided S)")
    F, N = S.shape[-2], S.shape[-1]
    if F != M // 2 + 1:
        raise ValueError(f"S has {F} frequency rows; n_fft = {M} needs {M // 2 + 1} (the one-sided "
                         "spectra of real signals)")
    lam = (real_number(gamma, "gamma", low=0.0, what="a positive finite number (samples²)")
           if gamma is not None else equivalent_lambda(xp, g, window, M))
    dt = S.dtype
    smax = xp.max(S, axis=(-2, -1), keepdims=True)
    floor = smax * (tol * 0.1) + _b.eps(xp, dt) ** 4  # log|S| clamped at tol / 10 (and for S = 0)
    s = xp.log(xp.maximum(S, floor))
    large = S > smax * tol
    m = xp.arange(F, dtype=dt, device=device)[:, None]
    w_t = _diff(xp, s, -2, True) * (a * M / lam) + m * (2.0 * math.pi * a / M)
    w_f = _diff(xp, s, -1, False) * (-lam / (a * M))
    step_t = _mean_pairs(xp, w_t, -1)  # (..., F, N - 1): (m, n) -> (m, n + 1)
    step_f = _mean_pairs(xp, w_f, -2)  # (..., F - 1, N): (m, n) -> (m + 1, n)
    if integration == "heap":
        phi = heap_integrate(xp, s, step_t, step_f, large, dtype=dt, device=device)
    else:
        rel = xp.where(large, S / smax, xp.zeros_like(S)) ** WEIGHT_POWER
        w_t = xp.minimum(rel[..., :, 1:], rel[..., :, :-1])
        w_f = xp.minimum(rel[..., 1:, :], rel[..., :-1, :])
        phi = _lstsq(xp, step_t, step_f, w_t, w_f, CG_STEPS)
    return phi - _shift(xp, F, N, a, M, T, center, phase, _centre(xp, g, window), dt, device)


def _shift(xp: Any, F: int, N: int, a: int, M: int, T: int, center: bool, phase: str, kc: float,
           dt: Any, device: Any) -> Any:
    """``2π m r_n / M`` (mod 2π) taking the centred phase to the convention: ``r_n`` the
    window centre's distance from where the convention measures phase."""
    d = (M - T) // 2
    c = M // 2 if center else 0
    m = xp.arange(F, dtype=xp.int64, device=device)
    if phase == "timeinv":
        r_int = (m * d) % M  # (F,)
    else:
        starts = (xp.arange(N, dtype=xp.int64, device=device) * a + (d - c)) % M
        r_int = (m[:, None] * starts[None, :]) % M  # (F, N)
    frac = xp.astype(m, dt) * kc
    if phase != "timeinv":
        frac = frac[:, None]
    else:
        r_int = r_int[:, None]
        frac = frac[:, None]
    return (xp.astype(r_int, dt) + frac) * (2.0 * math.pi / M)
