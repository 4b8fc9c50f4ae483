"""Random Gaussian kernels: moments of the aliasing terms, energy response, tail bounds.

Two models, both with i.i.d. real Gaussian taps:

* a strided conv layer (J kernels of length K, stride d, FFT length N) whose
  aliasing terms ``G_k`` (:func:`framekit.aliasing_terms`) have
  closed-form mean and variance (:func:`gaussian_aliasing_moments`);
* a random filterbank (J filters of length T, taps ``N(0, 1/(J T))``,
  circular convolution of length N, stride 1), whose energy response
  ``||Phi x||^2`` is unbiased, with the variance of :func:`energy_variance`,
  the tail bounds :func:`cantelli_deviation` and :func:`chernoff_deviation`,
  and a condition number that follows :func:`condition_number_law`.
  :func:`random_filterbank_condition_numbers` and
  :func:`random_filterbank_energies` draw many such filterbanks at once on
  the backend (batched FFTs, no Python loop over draws).
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from .. import _validate as _v

__all__ = [
    "cantelli_deviation",
    "chernoff_deviation",
    "condition_number_law",
    "energy_variance",
    "gaussian_aliasing_moments",
    "random_filterbank_condition_numbers",
    "random_filterbank_energies",
]

#: Elements (draws x filters x bins) per batched FFT of the Monte Carlo functions.
_CHUNK_ELEMENTS = 1 << 20


def _probability(p: Any) -> float:
    return _v.real_number(p, "p", low=0.0, high=1.0, what="a probability in (0, 1)")


def _namespace(xp: Any, device: Any, dtype: Any) -> tuple[Any, Any, Any]:
    """Validate the ``xp``/``device``/``dtype`` keywords of a function that creates arrays."""
    xp = _v.target_namespace(xp, device)
    return xp, device, _v.float_dtype(xp, dtype, device=device)


def gaussian_aliasing_moments(
    num_kernels: int,
    kernel_size: int,
    stride: int,
    n_fft: int,
    *,
    variance: float | None = None,
    xp: Any = None,
    device: Any = None,
    dtype: Any = None,
) -> tuple[Any, Any]:
    """Mean and variance of the aliasing terms ``G_k(omega)`` of Gaussian kernels.

    For J kernels with i.i.d. real ``N(0, s2)`` taps (``s2 = variance``,
    default ``1/(J K)``) and ``D_K(u) = sum_{n<K} exp(-2 pi i n u)``:

    .. math::

        E[G_k(\\omega)] = J s_2 \\sum_{n=0}^{K-1} e^{2\\pi i n k / d},
        \\qquad
        E|G_k(\\omega) - E G_k(\\omega)|^2 = J s_2^2
        \\big(K^2 + |D_K((2\\omega + k N/d)/N)|^2\\big).

    The mean does not depend on omega and is zero for k >= 1 when d divides
    K.  (Derivation: ``G_k`` is a sum of J independent Gaussian quadratic
    forms ``w^T a b^T w``; the variance is ``2 s2^2 ||sym(a b^T)||_F^2``.)

    Parameters
    ----------
    num_kernels, kernel_size, stride, n_fft : int
        J, K, d and N (``d | N``), as in :func:`framekit.aliasing_terms`.
    variance : float, optional
        Tap variance ``s2 > 0``.
    xp, device, dtype
        Namespace, device and real dtype of the results (default NumPy, float64).

    Returns
    -------
    mean : complex array, shape (d, N)
    var : real array, shape (d, N)

    Examples
    --------
    >>> from framekit.stability.random_kernels import gaussian_aliasing_moments
    >>> mean, var = gaussian_aliasing_moments(8, 12, 4, 48)
    >>> round(float(mean[0, 0].real), 12), round(float(var[0, 12]), 6)
    (1.0, 0.125)
    """
    J = _v.positive_int(num_kernels, "num_kernels")
    K = _v.positive_int(kernel_size, "kernel_size")
    d = _v.positive_int(stride, "stride")
    N = _v.positive_int(n_fft, "n_fft")
    if N % d:
        raise ValueError(f"n_fft={N} is not a multiple of stride={d}")
    _v.check_elements(d * N, f"stride={d} and n_fft={N} (the (stride, n_fft) moments)")
    s2 = 1.0 / (J * K) if variance is None else _v.positive_number(variance, "variance")
    xp, device, dtype = _namespace(xp, device, dtype)
    cdt = _b.complex_dtype(xp, dtype)
    # mean: J s2 sum_n exp(2 pi i n k / d), closed form per k
    re, im = [], []
    for k in range(d):
        if k == 0:
            amp, phase = float(K), 0.0
        else:
            amp = math.sin(math.pi * K * k / d) / math.sin(math.pi * k / d)
            phase = math.pi * (K - 1) * k / d
        re.append(J * s2 * amp * math.cos(phase))
        im.append(J * s2 * amp * math.sin(phase))
    m = xp.asarray(re, dtype=dtype, device=device) + 1j * xp.asarray(im, dtype=dtype, device=device)
    mean = xp.broadcast_to(xp.reshape(xp.astype(m, cdt), (d, 1)), (d, N))
    # variance: |D_K(a / N)|^2 with the integer a = (2 omega + k N / d) mod N
    omega = xp.reshape(xp.arange(N, device=device), (1, N))
    k = xp.reshape(xp.arange(d, device=device), (d, 1))
    a = xp.astype((2 * omega + k * (N // d)) % N, dtype)
    den = xp.sin(a * (math.pi / N))
    safe = xp.where(a == 0.0, xp.ones_like(den), den)
    dk2 = xp.where(a == 0.0, xp.full_like(den, float(K * K)), (xp.sin(a * (math.pi * K / N)) / safe) ** 2)
    var = (J * s2 * s2) * (float(K * K) + dk2)
    return mean, var


def _signal(x: Any, filter_length: Any, check_finite: bool) -> tuple[Any, Any, int]:
    _v.require_array(x, "x")
    xp, _ = _b.namespace_and_device(("x", x))
    if x.ndim < 1:
        raise ValueError(f"x must have shape (..., N), got shape {tuple(x.shape)}")
    if x.shape[-1] == 0:
        raise ValueError(f"x must have at least one sample along its last axis, got shape {tuple(x.shape)}")
    (x,) = _b.as_float(xp, x)
    if xp.isdtype(x.dtype, "complex floating"):
        raise TypeError("x must be a real signal")
    if check_finite:
        _b.check_finite(xp, x, "x")
    T = _v.positive_int(filter_length, "filter_length")
    if T > x.shape[-1]:
        raise ValueError(f"filter_length={T} exceeds the signal length N={x.shape[-1]}")
    return xp, x, T


def _nonzero(xp: Any, energy: Any) -> None:
    """Refuse signals of zero energy (their relative deviation is 0/0): a check on the
    (...)-shaped energies, not on the data, skipped for lazy arrays."""
    if not _b.is_lazy(energy) and not bool(xp.all(energy > 0.0)):
        raise ValueError("x must be non-zero: a signal of zero energy has no relative deviation (0/0)")


def _autocorrelation(xp: Any, x: Any) -> Any:
    """Circular autocorrelation ``R(tau) = <x, roll(x, tau)>``, shape (..., N)."""
    N = x.shape[-1]
    X = _b.fft(xp).rfft(x, n=N, axis=-1)
    power = xp.real(X) ** 2 + xp.imag(X) ** 2
    return _b.fft(xp).irfft(xp.astype(power, X.dtype), n=N, axis=-1)


def _lag_sum(xp: Any, R: Any, T: int) -> Any:
    """``v = sum_{|tau| < T} (T - |tau|) R(tau)^2`` (R even), shape (...)."""
    weights = xp.astype(2 * (T - xp.arange(T, device=_b.namespace_and_device(("R", R))[1])), R.dtype)
    weights = _b.at(weights)[0].set(float(T))
    return xp.sum(weights * R[..., :T] ** 2, axis=-1)


def energy_variance(x: Any, num_filters: int, filter_length: int, *, check_finite: bool = True) -> Any:
    """Variance of the energy response ``||Phi x||^2`` of a random filterbank.

    J filters of length T with i.i.d. ``N(0, 1/(J T))`` taps, circular
    convolution of length N, stride 1: ``E ||Phi x||^2 = ||x||^2`` and

    .. math::

        \\mathrm{Var}\\,\\|\\Phi x\\|^2 = \\frac{2}{J T^2}
        \\sum_{\\tau=-T+1}^{T-1} (T - |\\tau|)\\, R_{xx}(\\tau)^2,

    with ``R_xx(tau) = <x, roll(x, tau)>``.  An impulse gives ``2/(J T)``; a
    locally periodic signal about ``2/J`` (times ``||x||^4``).

    Parameters
    ----------
    x : real array, shape (..., N)
    num_filters, filter_length : int
        J and T (``T <= N``).
    check_finite : bool

    Returns
    -------
    var : real array, shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.random_kernels import energy_variance
    >>> x = np.zeros(64); x[0] = 1.0
    >>> round(float(energy_variance(x, 10, 16)), 12)  # 2 / (J T)
    0.0125
    """
    J = _v.positive_int(num_filters, "num_filters")
    xp, x, T = _signal(x, filter_length, check_finite)
    return _lag_sum(xp, _autocorrelation(xp, x), T) * (2.0 / (J * T * T))


def cantelli_deviation(
    x: Any, num_filters: int, filter_length: int, p: float, *, check_finite: bool = True
) -> Any:
    """Relative deviation α with ``P(||Phi x||^2 - ||x||^2 >= α ||x||^2) <= p`` (Cantelli).

    Cantelli's one-sided inequality ``P(X - EX >= t) <= Var / (Var + t^2)``
    with the variance of :func:`energy_variance`:

    .. math::

        \\alpha = \\frac{\\sqrt{2 (1/p - 1)\\, v / (J T^2)}}{R_{xx}(0)},
        \\qquad v = \\sum_{|\\tau| < T} (T - |\\tau|) R_{xx}(\\tau)^2.

    Parameters
    ----------
    x : real array, shape (..., N)
        Non-zero signals.
    num_filters, filter_length : int
    p : float
        Probability in (0, 1).
    check_finite : bool

    Returns
    -------
    alpha : real array, shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.random_kernels import cantelli_deviation
    >>> x = np.zeros(64); x[0] = 1.0
    >>> round(float(cantelli_deviation(x, 10, 16, 0.05)), 6)  # sqrt(19 * 2 / 160)
    0.48734
    """
    p = _probability(p)
    var = energy_variance(x, num_filters, filter_length, check_finite=check_finite)
    xp, _ = _b.namespace_and_device(("x", x))
    (x,) = _b.as_float(xp, x)
    energy = xp.sum(x * x, axis=-1)
    _nonzero(xp, energy)
    return xp.sqrt(var * (1.0 / p - 1.0)) / energy


def chernoff_deviation(
    x: Any, num_filters: int, filter_length: int, p: float, *, check_finite: bool = True
) -> Any:
    """Relative deviation α of a Chernoff (sub-gamma) tail bound at probability p.

    With ``C_T`` the first T columns of ``circulant(x)``, ``Q = C_T^T C_T``
    (Toeplitz, entries ``R_xx(t - s)``), the energy deviation is the Gaussian
    chaos ``sum_i lambda_i (chi^2_i - 1)`` with ``lambda`` the eigenvalues of
    ``Q / (J T)`` (J times each), and the sub-gamma Chernoff bound gives

    .. math::

        P(\\|\\Phi x\\|^2 - \\|x\\|^2 \\ge \\alpha \\|x\\|^2) \\le
        \\exp\\Big(-\\frac{\\alpha^2 J T^2 \\|x\\|^4}
        {4 \\alpha T \\|Q\\|_{op} \\|x\\|^2 + 4 \\|Q\\|_F^2}\\Big);

    α solves the quadratic obtained by setting the right side to p.  (The
    constants 4 are what the sub-gamma argument proves, ``log E e^{s(chi^2 - 1)}
    <= s^2 / (1 - 2 s)``; the constants 2 sometimes quoted give an exponent
    twice as large, which is only asymptotically right.)

    Parameters
    ----------
    x : real array, shape (..., N)
        Non-zero signals.
    num_filters, filter_length : int
    p : float
        Probability in (0, 1).
    check_finite : bool

    Returns
    -------
    alpha : real array, shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.random_kernels import chernoff_deviation
    >>> x = np.zeros(64); x[0] = 1.0
    >>> bool(0 < float(chernoff_deviation(x, 10, 16, 0.05)) < 1)
    True
    """
    p = _probability(p)
    J = _v.positive_int(num_filters, "num_filters")
    xp, x, T = _signal(x, filter_length, check_finite)
    lead = tuple(x.shape[:-1])
    _v.check_elements(
        math.prod(lead) * T * T, f"filter_length={T} with x of shape {tuple(x.shape)} (the (..., T, T) matrices)"
    )
    device = _b.namespace_and_device(("x", x))[1]
    R = _autocorrelation(xp, x)
    N = x.shape[-1]
    lags = xp.reshape(xp.arange(T, device=device), (T, 1)) - xp.reshape(xp.arange(T, device=device), (1, T))
    Q = xp.take(R, xp.reshape(lags % N, (-1,)), axis=-1)
    Q = xp.reshape(Q, (*lead, T, T))
    op = _b.linalg(xp).eigvalsh(Q)[..., -1]
    fro2 = _lag_sum(xp, R, T)
    energy = R[..., 0]
    _nonzero(xp, energy)
    L = math.log(1.0 / p)
    a = J * T * T * energy**2
    b = 4.0 * T * op * energy
    c = 4.0 * fro2
    return (L * b + xp.sqrt((L * b) ** 2 + 4.0 * a * L * c)) / (2.0 * a)


def condition_number_law(filter_length: float, num_filters: float, *, constant: float = 2.0) -> float:
    """Predicted condition number of a stride-1 random filterbank (J filters of length T).

    .. math::

        \\kappa \\approx \\frac{1 + c\\sqrt{\\log T / J}}{1 - c\\sqrt{\\log T / J}},

    ``inf`` when ``c sqrt(log T / J) >= 1``.  It stays bounded when J grows like
    ``log T``.  ``constant`` c = 2 is the law as stated.  Measured medians
    (``docs/examples/random_filterbanks.py``: N = 1024, 1000 draws) lie well
    below it (by 1.6x to 4x for J = 40; c = 2 is infinite for J <= 10 at
    T >= 16); c = 1 is within 20 % of them for J = 40, for J = 10 up to
    T = 512 and for J = 5 up to T = 32.

    Examples
    --------
    >>> from framekit.stability.random_kernels import condition_number_law
    >>> round(condition_number_law(8, 40), 4)
    2.6765
    >>> round(condition_number_law(8, 40, constant=1.0), 4)
    1.5907
    """
    filter_length = _v.real_number(
        filter_length, "filter_length", low=1.0, low_inclusive=True, what="a finite number >= 1"
    )
    num_filters = _v.positive_number(num_filters, "num_filters")
    constant = _v.positive_number(constant, "constant")
    r = constant * math.sqrt(math.log(filter_length) / num_filters)
    return (1.0 + r) / (1.0 - r) if r < 1.0 else math.inf


def _random_lp(
    xp: Any, device: Any, dtype: Any, J: int, T: int, N: int, draws: int, seed: int | None
) -> Any:
    """Littlewood-Paley sums on the rfft bins of ``draws`` random filterbanks, (draws, N//2+1)."""
    bins = N // 2 + 1
    chunk = max(1, _CHUNK_ELEMENTS // (J * bins))
    scale = 1.0 / math.sqrt(J * T)
    parts = []
    for i, start in enumerate(range(0, draws, chunk)):
        n = min(chunk, draws - start)
        s = None if seed is None else seed + i
        h = _b.random_normal(xp, (n, J, T), seed=s, dtype=dtype, device=device) * scale
        H = _b.fft(xp).rfft(h, n=N, axis=-1)
        parts.append(xp.sum(xp.real(H) ** 2 + xp.imag(H) ** 2, axis=-2))
    return parts[0] if len(parts) == 1 else xp.concat(parts, axis=0)


def _mc_sizes(num_filters: Any, filter_length: Any, length: Any, draws: Any) -> tuple[int, int, int, int]:
    J = _v.positive_int(num_filters, "num_filters")
    T = _v.positive_int(filter_length, "filter_length")
    N = _v.positive_int(length, "length")
    if T > N:
        raise ValueError(f"filter_length={T} exceeds length={N}")
    draws = _v.positive_int(draws, "draws")
    _v.check_elements(
        draws * J * N,
        f"num_filters={J}, length={N} and draws={draws} (the draws x num_filters x length random taps and FFT bins)",
    )
    return J, T, N, draws


def random_filterbank_condition_numbers(
    num_filters: int,
    filter_length: int,
    length: int,
    draws: int,
    *,
    seed: int | None = None,
    xp: Any = None,
    device: Any = None,
    dtype: Any = None,
) -> Any:
    """Condition numbers ``max G_0 / min G_0`` of ``draws`` random stride-1 filterbanks.

    Each draw has J real filters of length T with i.i.d. ``N(0, 1/(J T))`` taps
    on circular signals of length N; its condition number is the ratio of the
    extremes of the Littlewood-Paley sum ``G_0``.  All draws run as batched
    FFTs on the backend, in chunks of about 1M elements (a loop over chunks,
    not over draws).  Equal seeds give equal draws on the same backend and sizes.  With
    ``xp=dask.array`` the result is lazy, one independent Dask chunk per chunk of draws,
    each drawn on NumPy with that chunk's seed: equal to the NumPy result.

    Parameters
    ----------
    num_filters, filter_length, length, draws : int
        J, T, N (``T <= N``) and the number of draws.
    seed : int, optional
    xp, device, dtype
        Namespace, device and real dtype (default NumPy, float64).

    Returns
    -------
    kappa : real array, shape (draws,)

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.random_kernels import random_filterbank_condition_numbers
    >>> k = random_filterbank_condition_numbers(40, 8, 1024, 100, seed=0)
    >>> k.shape, bool(np.all(k >= 1))
    ((100,), True)
    """
    J, T, N, draws = _mc_sizes(num_filters, filter_length, length, draws)
    seed = _v.seed(seed)
    xp, device, dtype = _namespace(xp, device, dtype)
    if _b.backend_name(xp) == "dask.array":
        return _lazy_condition_numbers(J, T, N, draws, seed, dtype)
    lp = _random_lp(xp, device, dtype, J, T, N, draws, seed)
    return xp.max(lp, axis=-1) / xp.min(lp, axis=-1)


def _lazy_condition_numbers(J: int, T: int, N: int, draws: int, seed: int | None, dtype: Any) -> Any:
    """:func:`random_filterbank_condition_numbers` on Dask: one independent chunk of draws per
    chunk of :func:`_random_lp` (seed ``seed + k`` for chunk k), so equal to NumPy's draws."""
    chunk = max(1, _CHUNK_ELEMENTS // (J * (N // 2 + 1)))
    sizes = [min(chunk, draws - start) for start in range(0, draws, chunk)]

    def draw(k: int, n: int) -> Any:
        np_xp = _b.get_namespace(None)
        lp = _random_lp(np_xp, None, dtype, J, T, N, n, None if seed is None else seed + k)
        return np_xp.max(lp, axis=-1) / np_xp.min(lp, axis=-1)

    return _b.lazy_draws(draw, sizes, dtype=dtype)


@_b.lazy_batch(out_batch="trailing")
def random_filterbank_energies(
    x: Any,
    num_filters: int,
    filter_length: int,
    draws: int,
    *,
    seed: int | None = None,
    check_finite: bool = True,
) -> Any:
    """Energy responses ``||Phi x||^2`` of ``draws`` random stride-1 filterbanks.

    Uses ``||Phi x||^2 = (1/N) sum_omega G_0(omega) |xhat(omega)|^2`` with the
    batched Littlewood-Paley sums of :func:`random_filterbank_condition_numbers`
    (same model, same seeds).

    Parameters
    ----------
    x : real array, shape (..., N)
    num_filters, filter_length, draws : int
    seed : int, optional
    check_finite : bool

    Returns
    -------
    energies : real array, shape (draws, ...)

    Examples
    --------
    >>> import numpy as np
    >>> from framekit.stability.random_kernels import random_filterbank_energies
    >>> x = np.zeros(64); x[0] = 1.0
    >>> e = random_filterbank_energies(x, 10, 16, 2000, seed=0)
    >>> e.shape, abs(float(e.mean()) - 1.0) < 0.02
    ((2000,), True)
    """
    xp, x, T = _signal(x, filter_length, check_finite)
    device = _b.namespace_and_device(("x", x))[1]
    N = x.shape[-1]
    J, T, N, draws = _mc_sizes(num_filters, T, N, draws)
    seed = _v.seed(seed)
    lp = _random_lp(xp, device, x.dtype, J, T, N, draws, seed)  # (draws, bins)
    X = _b.fft(xp).rfft(x, n=N, axis=-1)
    power = xp.real(X) ** 2 + xp.imag(X) ** 2  # (..., bins)
    bins = N // 2 + 1
    w = xp.full((bins,), 2.0 / N, dtype=x.dtype, device=device)
    w = _b.at(w)[0].set(1.0 / N)
    if N % 2 == 0:
        w = _b.at(w)[bins - 1].set(1.0 / N)
    lead = tuple(x.shape[:-1])
    weighted = xp.reshape(power * w, (-1, bins))  # (B, bins)
    out = xp.matmul(lp, xp.matrix_transpose(weighted))  # (draws, B)
    return xp.reshape(out, (draws, *lead))
