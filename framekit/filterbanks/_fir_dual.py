"""Short (FIR) duals by least squares, and the exact operator norm of ``I - D*A``.

Notation (time domain, on l2(Z)): analysis kernels ``h_k[t]``, ``t in [-o, T-1-o]``
(``o`` the origin), stride d; the dual kernels ``g_k[u]`` live on a window
``W = [t0, t0 + S)``.  With the adjoint-synthesis convention of
:class:`~framekit.FilterBank`, ``D*A`` has the entries

    (D*A)[m, m'] = sum_k sum_n conj(g_k[n d - m]) h_k[n d - m'],

which are d-periodic along the diagonal.  Put ``u = n d - m`` and ``tau = m - m'``:
row m involves only the taps ``u = -m (mod d)`` of g, so the least-squares problem

    minimise  sum_{m=0}^{d-1} sum_{m'} |delta[m - m'] - (D*A)[m, m']|^2
            = (1/2pi) int ||I - E(theta)||_F^2 dtheta     (Parseval; E the d x d blocks)

splits into d independent problems, one per residue class rho of the taps:
``A_rho z = e`` with ``A_rho[tau, (k, j)] = h_k[u_j + tau]``, ``z = conj(g)`` and
``e = delta[tau]`` (``S + T - 1`` lags).  Its minimum-norm least-squares solution is
``z = A^H y`` with ``(A A^H) y = e`` (pseudo-inverse), i.e.

    g_k[u] = sum_tau h_k[u + tau] conj(y_rho[tau]),
    (A A^H)[tau, tau'] = sum_{u in W_rho} R[u + tau, u + tau'],   R[a, b] = sum_k h_k[a] conj(h_k[b]).

For a real-signal frame of complex kernels the condition is ``Re(D*A) = I``: the same
formulas with the Gram replaced by its real part and ``y`` real.  The Gram is read off
the kernel Gram ``R`` by cumulative sums along its diagonals (stride d), so building it
costs ``O(K T^2 + d (S + T)^2)`` and solving it one batched ``eigh`` of d blocks of size
``S + T - 1``.

The worst-case error is the operator norm ``||I - D*A||`` = max over theta of the largest
singular value of the d x d block ``I - (1/d) M_g(theta)^H M_h(theta)`` (real frames:
averaged with the conjugate blocks), evaluated on the grid of a circular length L'.  At a
circular length L this is the exact norm of the circular operator; on l2(Z) the grid
maximum is a lower bound and ``max / (1 - pi n / L')`` an upper bound (Bernstein's
inequality for the trigonometric polynomials ``u^H E(theta) v`` of degree n).
"""

from __future__ import annotations

import math
from typing import Any

from .. import _backend as _b
from . import _polyphase as _pp

__all__ = [
    "canonical_dual_taps",
    "certified_error",
    "grid_length",
    "least_squares_dual",
    "operator_error",
    "window_start",
]


#: ``d (S + T - 1)^3`` above which ``method="auto"`` solves by conjugate gradients.
DENSE_LIMIT = 2e10
STALL = 50


def window_start(T: int, origin: int, S: int) -> int:
    """First time index ``t0`` of an S-tap window centred on the kernels' support
    (clipped so that time 0 stays inside: the window's origin ``-t0`` lies in ``[0, S)``)."""
    centre = (T - 1) / 2.0 - origin
    t0 = round(centre - (S - 1) / 2.0)
    return min(max(t0, -(S - 1)), 0)


def _band_cumsum(xp: Any, h: Any, real_gram: bool, d: int, pad: int) -> tuple[Any, int]:
    """Diagonals of the kernel Gram ``R[a, b] = sum_k h[k, a] conj(h[k, b])``, zero-extended
    by ``pad`` on both sides and summed cumulatively with stride d along each diagonal.

    Returns ``C`` of shape ``(2T - 1, V)`` with ``C[delta + T - 1, a + pad] =
    sum_{i >= 0} R~[a - i d, a - i d + delta]`` (``R~`` zero outside ``[0, T)^2``).
    """
    T = h.shape[-1]
    dev = _b.namespace_and_device(("h", h))[1]
    R = xp.matmul(xp.matrix_transpose(h), xp.conj(h))  # (T, T)
    if real_gram and xp.isdtype(R.dtype, "complex floating"):
        R = xp.real(R)
    a = xp.arange(T, device=dev)[None, :]
    delta = xp.arange(-(T - 1), T, device=dev)[:, None]
    b = a + delta
    inside = (b >= 0) & (b < T)
    flat = xp.reshape(a * T + xp.clip(b, 0, T - 1), (-1,))
    band = xp.reshape(xp.take(xp.reshape(R, (-1,)), flat), (2 * T - 1, T))
    band = xp.where(inside, band, xp.zeros_like(band))
    V = -(-(T + 2 * pad) // d) * d
    zl = xp.zeros((2 * T - 1, pad), dtype=band.dtype, device=dev)
    zr = xp.zeros((2 * T - 1, V - T - pad), dtype=band.dtype, device=dev)
    band = xp.concat([zl, band, zr], axis=-1)
    C = xp.cumulative_sum(xp.reshape(band, (2 * T - 1, V // d, d)), axis=1)
    return xp.reshape(C, (2 * T - 1, V)), V


def least_squares_dual(
    xp: Any, h: Any, origin: int, stride: int, support: int, *, real_frame: bool, method: str = "auto"
) -> tuple[Any, int]:
    """The FIR dual of ``support`` taps minimising the Frobenius (Hilbert-Schmidt per
    period) norm of ``I - D*A`` (``Re(D*A)`` for ``real_frame``); see the module docstring.

    Parameters
    ----------
    h : array (K, T), complex or real kernels (any floating dtype; solved in it)
    origin, stride, support : int
    real_frame : bool
        Real-signal frame of complex kernels: ``Re(D*A) = I``.
    method : {"auto", "dense", "cg"}
        ``"dense"``: the Gram blocks and one batched ``eigh`` (``O(d (S + T)^3)``);
        ``"cg"``: conjugate gradients on the polyphase grid (:func:`_cg_dual`,
        ``O(K (S + T) (d + log))`` per iteration); ``"auto"`` takes dense while
        ``d (S + T)^3 <= 2e10`` (where it is the faster of the two).

    Returns
    -------
    g : array (K, S), dual kernels (real when h is real)
    origin : int, the dual's origin ``-t0`` in ``[0, S)``
    """
    K, T = h.shape
    d, S = stride, support
    if method not in ("auto", "dense", "cg"):
        raise ValueError(f"method must be 'auto', 'dense' or 'cg', got {method!r}")
    if method == "cg" or (method == "auto" and d * (S + T - 1) ** 3 > DENSE_LIMIT):
        return _cg_dual(xp, h, origin, d, S, real_frame=real_frame)
    dev = _b.namespace_and_device(("h", h))[1]
    t0 = window_start(T, origin, S)
    tau_min = -origin - (t0 + S - 1)
    tau_max = T - 1 - origin - t0
    m = tau_max - tau_min + 1  # = S + T - 1
    real_gram = real_frame or not xp.isdtype(h.dtype, "complex floating")
    pad = S + d + T
    C, V = _band_cumsum(xp, h, real_gram, d, pad)
    # Gram of class rho (taps u = t0 + rho + j d, j < J_rho): entry (tau, tau') is the
    # stride-d sum along diagonal delta = tau' - tau from a = u_first + tau + o.
    rho = xp.arange(d, device=dev)[:, None, None]
    tau = xp.arange(m, device=dev)[None, :, None] + tau_min
    taup = xp.arange(m, device=dev)[None, None, :] + tau_min
    J = (S - rho + d - 1) // d  # taps per class (>= 0)
    a_start = t0 + rho + tau + origin + pad
    a_end = a_start + (J - 1) * d
    delta = taup - tau
    inband = (delta > -T) & (delta < T) & (J > 0)
    row = xp.clip(delta + T - 1, 0, 2 * T - 2) * V
    Cf = xp.reshape(C, (-1,))
    hi = xp.take(Cf, xp.reshape(row + xp.clip(a_end, 0, V - 1), (-1,)))
    lo_idx = a_start - d
    lo = xp.take(Cf, xp.reshape(row + xp.clip(lo_idx, 0, V - 1), (-1,)))
    lo_ok = xp.reshape(xp.broadcast_to(lo_idx >= 0, (d, m, m)), (-1,))
    lo = xp.where(lo_ok, lo, xp.zeros_like(lo))
    G = xp.reshape(hi - lo, (d, m, m))
    G = xp.where(inband, G, xp.zeros_like(G))
    # pseudo-inverse applied to e = delta[tau] (index -tau_min)
    w, U = _b.linalg(xp).eigh(G)
    eps = _b.eps(xp, G.dtype)
    wmax = xp.max(w, axis=-1, keepdims=True)
    keep = w > (eps * m) * wmax
    winv = xp.where(keep, 1.0 / xp.where(keep, w, xp.ones_like(w)), xp.zeros_like(w))
    e_row = xp.conj(U[:, -tau_min, :])  # (d, m): U^H e
    y = xp.matmul(U, (winv * e_row)[..., None])[..., 0]  # (d, m)
    # g_k[u] = sum_tau h_k[u + tau] conj(y_rho(u)[tau]) = conv(h, r)[u + o + tau_max],
    # r[b] = conj(y[tau_max - b])
    fft = _b.fft(xp)
    n_f = 1 << (T + m - 1 - 1).bit_length()
    cdt = _b.complex_dtype(xp, h.dtype)
    r = xp.conj(xp.flip(xp.astype(y, cdt), axis=-1))
    Hf = fft.fft(xp.astype(h, cdt), n=n_f, axis=-1)  # (K, n_f)
    Rf = fft.fft(r, n=n_f, axis=-1)  # (d, n_f)
    conv = fft.ifft(Hf[:, None, :] * Rf[None, :, :], axis=-1)  # (K, d, n_f)
    i = xp.arange(S, device=dev)
    idx = (i % d) * n_f + (t0 + i + origin + tau_max)
    g = xp.take(xp.reshape(conv, (K, d * n_f)), idx, axis=1)
    if not xp.isdtype(h.dtype, "complex floating"):
        g = xp.real(g)
    return g, -t0


def grid_length(T: int, origin: int, S: int, s_origin: int, stride: int) -> tuple[int, int]:
    """A circular length ``L' = d 2^k >= 64 (n + 1)`` for the l2(Z) norm, and the degree n
    of the trigonometric polynomials in the blocks."""
    n = max(origin + S - 1 - s_origin, T - 1 - origin + s_origin, 1)
    want = max(64 * (n + 1), T, S)
    k = max(0, math.ceil(math.log2(want / stride)))
    return stride * (1 << k), n


def operator_error(bank_h: Any, bank_g: Any, real_frame: bool) -> Any:
    """``max_j ||I - E_j||_2`` over the polyphase blocks of two circular filterbanks of the
    same length and stride (``E_j = (1/d) M_g,j^H M_h,j``, averaged with the conjugate
    blocks for a real frame): the exact norm of the circular operator ``I - D*A``.
    Returns a 0-d real array."""
    xp = bank_h.xp
    d = bank_h.stride
    Mh, Mg = bank_h._Mt, bank_g._Mt
    cdt = xp.result_type(Mh.dtype, Mg.dtype)
    E = xp.matmul(xp.conj(xp.astype(Mg, cdt)), xp.matrix_transpose(xp.astype(Mh, cdt))) / float(d)
    if real_frame:
        E = (E + _pp.conjugate_blocks(xp, E)) / 2.0
    eye = xp.eye(d, dtype=cdt, device=bank_h.device)
    Rb = eye[None, ...] - E
    norms = _b.linalg(xp).matrix_norm(Rb, ord=2)
    return xp.max(norms)


# ---------------------------------------------------------------------------
# Polyphase-grid formulation: conjugate gradients, canonical dual, chunked certificate
#
# With x_a[i] = x[i d - a] (a in [0, d)) the polyphase components of a kernel,
# Hp(theta)[k, a] = sum_i h_k[i d - a] e^{-i i theta} (K x d), and likewise Gp for the dual,
# the round trip has the d x d symbol E(theta) = Gp^H Hp (real frames:
# E_r(theta) = (E(theta) + conj(E(-theta))) / 2, the symbol of Re(D*A)), and
#
#     sum_{m < d} sum_{m'} |delta[m - m'] - (D*A)[m, m']|^2 = (1/2pi) int ||I - E||_F^2,
#
# which is the least-squares objective above.  The entries of E are trigonometric
# polynomials whose coefficients live on at most 2M + 1 consecutive indices, so on any
# grid of N >= 2M + 1 points the mean over the grid equals the integral exactly, and so
# does the gradient.  The problem is then min ||I - B g||^2 with the (real-)linear map
# B g = Hp^H Gp (sym(.) for real frames) from the S-tap window to N d x d blocks; its
# adjoint is R -> window(ifft(Hp R)).  CGLS on it needs per iteration two polyphase FFTs
# of K d sequences of length N and two batched (d x K)(K x d) products:
# O(K (S + T) (d + log N)) instead of the O(d (S + T)^3) of the dense eigh.  It starts at
# the canonical dual truncated to the window (so it is never worse, in this objective,
# than truncation) and stops when the residual stagnates.


def _fast_len(n: int) -> int:
    """The smallest ``2^k`` or ``3 2^k`` >= n."""
    p = 1 << max(0, (n - 1).bit_length())
    q = 3 * (p // 4)
    return q if q >= n else p


def _prange(t_start: int, n: int, d: int) -> tuple[int, int, int]:
    """Polyphase index range of samples ``[t_start, t_start + n)``: (i_lo, I, left pad)."""
    i_lo = -(-t_start // d)
    i_hi = (t_start + n - 1 + d - 1) // d
    return i_lo, i_hi - i_lo + 1, t_start - (i_lo * d - d + 1)


def _to_poly(xp: Any, x: Any, t_start: int, d: int, N: int, cdt: Any) -> Any:
    """Grid values ``(N, K, d)``: ``sum_i x[i d - a] e^{-2 pi i i j / N}`` for taps ``x (K, n)``
    at times ``[t_start, t_start + n)`` (needs ``N >= I``)."""
    K, n = x.shape
    dev = _b.namespace_and_device(("x", x))[1]
    i_lo, I, left = _prange(t_start, n, d)
    x = xp.astype(x, cdt)
    parts = [xp.zeros((K, left), dtype=cdt, device=dev), x,
             xp.zeros((K, I * d - left - n), dtype=cdt, device=dev)]
    P = xp.flip(xp.reshape(xp.concat(parts, axis=-1), (K, I, d)), axis=-1)  # [k, i, a]
    if N > I:
        P = xp.concat([P, xp.zeros((K, N - I, d), dtype=cdt, device=dev)], axis=1)
    P = xp.roll(P, i_lo % N, axis=1)
    F = _b.fft(xp).fft(P, axis=1)  # (K, N, d)
    return xp.permute_dims(F, (1, 0, 2))


def _from_poly(xp: Any, F: Any, t_start: int, n: int, d: int) -> Any:
    """Adjoint of :func:`_to_poly` under the grid mean: taps ``(K, n)`` from ``(N, K, d)``."""
    N, K, _ = F.shape
    i_lo, I, left = _prange(t_start, n, d)
    P = _b.fft(xp).ifft(xp.permute_dims(F, (1, 0, 2)), axis=1)
    P = xp.roll(P, -(i_lo % N), axis=1)[:, :I, :]
    x = xp.reshape(xp.flip(P, axis=-1), (K, I * d))
    return x[:, left : left + n]


def _negate(xp: Any, Q: Any) -> Any:
    """Values at ``-theta`` of grid values ``(N, ...)``."""
    return xp.concat([Q[:1, ...], xp.flip(Q[1:, ...], axis=0)], axis=0)


def _sym(xp: Any, Q: Any) -> Any:
    return (Q + xp.conj(_negate(xp, Q))) / 2.0


def _ctrans(xp: Any, A: Any) -> Any:
    return xp.conj(xp.matrix_transpose(A))


def _sqnorm(xp: Any, a: Any) -> float:
    return float(xp.sum(xp.real(a) ** 2 + xp.imag(a) ** 2))


def canonical_dual_taps(
    xp: Any, h: Any, origin: int, stride: int, t_start: int, n: int, *, real_frame: bool, grid: int | None = None
) -> Any:
    """Taps ``[t_start, t_start + n)`` of the canonical (l2(Z)) dual, ``(K, n)`` complex.

    ``Gp = Hp Sr^{-1}`` with ``Sr = Hp^H Hp`` (real frames: ``sym(Hp^H Hp)``) on a polyphase
    grid of ``grid`` points (default: 8 times what the taps and kernels need); the dual's
    tail beyond that grid aliases, so this is exact up to its decay.
    """
    T = h.shape[-1]
    d = stride
    cdt = _b.complex_dtype(xp, h.dtype)
    ih = _prange(-origin, T, d)
    ig = _prange(t_start, n, d)
    need = max(ih[1], ig[1], (max(abs(ig[0]), abs(ig[0] + ig[1])) + ih[1] + 2) * 2)
    N = grid if grid is not None else _fast_len(8 * need)
    Hf = _to_poly(xp, h, -origin, d, N, cdt)
    Sh = xp.matmul(_ctrans(xp, Hf), Hf)  # (N, d, d)
    if real_frame:
        Sh = _sym(xp, Sh)
    Gf = _ctrans(xp, _b.linalg(xp).solve(Sh, _ctrans(xp, Hf)))  # Hp Sr^{-1} (Sr Hermitian)
    return _from_poly(xp, Gf, t_start, n, d)


def _taps_to_cols(xp: Any, x: Any, t_start: int, d: int, cdt: Any) -> Any:
    """Taps ``(K, n)`` at times ``[t_start, t_start + n)`` as polyphase columns ``(K, I, d)``:
    entry ``[k, i, a]`` is ``x_k[(i_lo + i) d - a]``."""
    K, n = x.shape
    dev = _b.namespace_and_device(("x", x))[1]
    _, I, left = _prange(t_start, n, d)
    x = xp.astype(x, cdt)
    parts = [xp.zeros((K, left), dtype=cdt, device=dev), x,
             xp.zeros((K, I * d - left - n), dtype=cdt, device=dev)]
    return xp.flip(xp.reshape(xp.concat(parts, axis=-1), (K, I, d)), axis=-1)


def _cols_to_taps(xp: Any, P: Any, t_start: int, n: int, d: int) -> Any:
    K, I, _ = P.shape
    left = _prange(t_start, n, d)[2]
    return xp.reshape(xp.flip(P, axis=-1), (K, I * d))[:, left : left + n]


def _cg_dual(
    xp: Any, h: Any, origin: int, d: int, S: int, *, real_frame: bool, maxiter: int | None = None
) -> tuple[Any, int]:
    """Least-squares FIR dual by CGLS on the polyphase grid (see the notes above).

    The objective splits over the d polyphase columns of the dual (column a of
    ``Hp^H Gp`` depends on column a of ``Gp`` only, also after ``sym``), so the d
    problems run as d independent CGLS recursions in lockstep (step sizes are vectors
    of length d): each converges at the rate of its own spectrum, not of their union.
    """
    K, T = h.shape
    cdt = _b.complex_dtype(xp, h.dtype)
    rdt = _b.real_dtype(xp, cdt)
    dev = _b.namespace_and_device(("h", h))[1]
    t0 = window_start(T, origin, S)
    ih_lo, Ih, _ = _prange(-origin, T, d)
    ig_lo, Ig, _ = _prange(t0, S, d)
    lo, hi = ig_lo - (ih_lo + Ih - 1), (ig_lo + Ig - 1) - ih_lo
    reach = max(abs(lo), abs(hi))
    N = _fast_len(max(2 * reach + 1, Ih, Ig))
    if maxiter is None:
        maxiter = max(500, 2 * (S + T))
    fft = _b.fft(xp)
    Hf = _to_poly(xp, h, -origin, d, N, cdt)  # (N, K, d)
    HfH = _ctrans(xp, Hf)
    mask = xp.real(_taps_to_cols(xp, xp.ones((1, S), dtype=rdt, device=dev), t0, d, cdt))  # (1, Ig, d)
    eye = xp.eye(d, dtype=cdt, device=dev)[None, ...]
    eps = _b.eps(xp, cdt)

    def fwd(P: Any) -> Any:
        F = P
        if N > Ig:
            F = xp.concat([F, xp.zeros((K, N - Ig, d), dtype=cdt, device=dev)], axis=1)
        F = fft.fft(xp.roll(F, ig_lo % N, axis=1), axis=1)
        Q = xp.matmul(HfH, xp.permute_dims(F, (1, 0, 2)))  # (N, d, d), column a from P[..., a]
        return _sym(xp, Q) if real_frame else Q

    def adj(R: Any) -> Any:
        F = xp.permute_dims(xp.matmul(Hf, R), (1, 0, 2))  # (K, N, d)
        P = xp.roll(fft.ifft(F, axis=1), -(ig_lo % N), axis=1)[:, :Ig, :]
        return P * xp.astype(mask, cdt)

    def cols(a: Any, w: float) -> Any:  # per-column squared norms, (d,)
        return xp.sum(xp.real(a) ** 2 + xp.imag(a) ** 2, axis=(0, 1)) * w

    try:
        P = _taps_to_cols(xp, canonical_dual_taps(xp, h, origin, d, t0, S, real_frame=real_frame), t0, d, cdt)
        r = eye - fwd(P)
        rr = cols(r, 1.0 / N)
        if not math.isfinite(float(xp.sum(rr))):
            raise ValueError("not finite")
    except Exception:  # noqa: BLE001 - not a frame on the grid (singular solve): start from zero
        P = xp.zeros((K, Ig, d), dtype=cdt, device=dev)
        r = xp.broadcast_to(eye, (N, d, d))
        rr = cols(r, 1.0 / N)
    s = adj(r)
    p = s
    gamma = cols(s, 1.0)
    gamma0 = gamma
    best_P, best_rr = P, rr
    stall_ref = rr
    floor = eps**2
    one = xp.ones_like(rr)
    active = xp.astype(gamma > floor * gamma0, rdt)
    for it in range(maxiter):
        if float(xp.max(active)) == 0.0:
            break
        q = fwd(p)
        qq = cols(q, 1.0 / N)
        ok = active * xp.astype(qq > 0.0, rdt)
        alpha = xp.where(ok > 0.0, gamma / xp.where(qq > 0.0, qq, one), xp.zeros_like(qq))
        ac = xp.astype(alpha, cdt)
        P = P + ac * p
        if (it + 1) % 10 == 0:  # residual replacement: the recursion drifts once converged
            r = eye - fwd(P)
        else:
            r = r - ac * q
        rr = cols(r, 1.0 / N)
        better = rr < best_rr
        best_P = xp.where(better, P, best_P)
        best_rr = xp.where(better, rr, best_rr)
        s = adj(r)
        gamma_new = cols(s, 1.0)
        beta = xp.where(ok > 0.0, gamma_new / xp.where(gamma > 0.0, gamma, one), xp.zeros_like(gamma))
        p = s + xp.astype(beta, cdt) * p
        gamma = xp.where(ok > 0.0, gamma_new, gamma)
        active = ok * xp.astype(gamma > floor * gamma0, rdt) * xp.astype(rr > (4.0 * eps) ** 2, rdt)
        if (it + 1) % STALL == 0:  # stagnation: under 1e-6 relative progress in STALL steps
            active = active * xp.astype(stall_ref - best_rr > 1e-6 * stall_ref, rdt)
            stall_ref = best_rr
    g = _cols_to_taps(xp, best_P, t0, S, d)
    if not xp.isdtype(h.dtype, "complex floating"):
        g = xp.real(g)
    return g, -t0


def certified_error(
    xp: Any, h: Any, oh: int, g: Any, og: int, stride: int, length: int, *, real_frame: bool,
    chunk: int = 1 << 22,
) -> float:
    """``max_j ||I - E(theta_j)||_2`` over the ``length / d`` frequencies ``theta_j = 2 pi j d /
    length``: exactly the norm of the circular ``length x length`` operator ``I - D*A``
    (``Re(D*A)`` for a real frame), from the polyphase blocks of ``h`` and ``g``.

    Evaluated coset by coset (frequencies ``j = r + C l``), each by FFTs of length
    ``length / (d C)`` of the modulated polyphase sequences, so that memory stays about
    ``chunk`` complex values whatever the length.
    """
    K, T = h.shape
    S = g.shape[-1]
    d = stride
    M = length // d
    cdt = _b.complex_dtype(xp, xp.result_type(h.dtype, g.dtype))
    dev = _b.namespace_and_device(("h", h))[1]
    Ih = _prange(-oh, T, d)[1]
    Ig = _prange(-og, S, d)[1]
    C = 1
    while M % (2 * C) == 0 and M // (2 * C) >= max(Ih, Ig) and K * d * (M // C) > chunk:
        C *= 2
    Mc = M // C
    eye = xp.eye(d, dtype=cdt, device=dev)[None, ...]
    worst = 0.0
    # polyphase sequences (K, I, d) placed at their indices, folded onto length M
    def seq(x: Any, t_start: int) -> tuple[Any, int]:
        Kx, n = x.shape
        i_lo, I, left = _prange(t_start, n, d)
        x = xp.astype(x, cdt)
        parts = [xp.zeros((Kx, left), dtype=cdt, device=dev), x,
                 xp.zeros((Kx, I * d - left - n), dtype=cdt, device=dev)]
        return xp.flip(xp.reshape(xp.concat(parts, axis=-1), (Kx, I, d)), axis=-1), i_lo

    Ph, ph0 = seq(h, -oh)
    Pg, pg0 = seq(g, -og)
    fft = _b.fft(xp)
    rdt = _b.real_dtype(xp, cdt)

    def grid_values(P: Any, i0: int, r: int) -> Any:
        # sum_i P[i] e^{-2 pi i (i0 + i) (r + C l) / M} for l < Mc, as (Mc, K, d)
        Kx, I, _ = P.shape
        # phases reduced modulo the period in integers first (no large angles)
        i = xp.astype((xp.arange(I, device=dev) + (i0 % M)) * r % M, rdt)
        ang = (-2.0 * math.pi / M) * i
        mod = xp.astype(xp.cos(ang), cdt) + 1j * xp.astype(xp.sin(ang), cdt)
        Pm = P * mod[None, :, None]
        if Mc > I:
            Pm = xp.concat([Pm, xp.zeros((Kx, Mc - I, d), dtype=cdt, device=dev)], axis=1)
        elif Mc < I:  # fold (only when the caller's length is shorter than the kernels' span)
            pad = -(-I // Mc) * Mc - I
            Pm = xp.concat([Pm, xp.zeros((Kx, pad, d), dtype=cdt, device=dev)], axis=1)
            Pm = xp.sum(xp.reshape(Pm, (Kx, (I + pad) // Mc, Mc, d)), axis=1)
        F = fft.fft(Pm, axis=1)
        # the index offset i0 contributes e^{-2 pi i i0 C l / M} = e^{-2 pi i i0 l / Mc}
        l = xp.astype(xp.arange(Mc, device=dev) * (i0 % Mc) % Mc, rdt)
        ang2 = (-2.0 * math.pi / Mc) * l
        ph = xp.astype(xp.cos(ang2), cdt) + 1j * xp.astype(xp.sin(ang2), cdt)
        return xp.permute_dims(F * ph[None, :, None], (1, 0, 2))

    done: set[int] = set()
    for r in range(C):
        if r in done:
            continue
        rn = (-r) % C
        done.update((r, rn))
        Hr, Gr = grid_values(Ph, ph0, r), grid_values(Pg, pg0, r)
        E = xp.matmul(_ctrans(xp, Gr), Hr)  # (Mc, d, d) at theta_{r + C l}
        if real_frame:
            if rn == r:
                En = _negate(xp, E) if r == 0 else xp.flip(E, axis=0)
            else:
                En = xp.matmul(_ctrans(xp, grid_values(Pg, pg0, rn)), grid_values(Ph, ph0, rn))
                # -(r + C l) = rn + C l' with l' = (Mc - 1 - l) (r > 0)
                En = xp.flip(En, axis=0)
            Er = (E + xp.conj(En)) / 2.0
            vals = [Er]
            if rn != r:
                vals.append((En + xp.conj(E)) / 2.0)
        else:
            vals = [E]
            if rn != r:
                vals.append(xp.matmul(_ctrans(xp, grid_values(Pg, pg0, rn)), grid_values(Ph, ph0, rn)))
        for V in vals:
            nrm = _b.linalg(xp).matrix_norm(eye - V, ord=2)
            worst = max(worst, float(xp.max(nrm)))
    return worst
