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

__all__ = ["grid_length", "least_squares_dual", "operator_error", "window_start"]


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
    xp: Any, h: Any, origin: int, stride: int, support: int, *, real_frame: bool
) -> tuple[Any, int]:
    """The FIR dual of ``support`` taps minimising the Frobenius (Hilbert-Schmidt per
    period) norm of ``I - D*A`` (``Re(D*A)`` for ``real_frame``); see the module docstring.

    Parameters
    ----------
    h : array (K, T), complex or real kernels (any floating dtype; solved in it)
    origin, stride, support : int
    real_frame : bool
        Real-signal frame of complex kernels: ``Re(D*A) = I``.

    Returns
    -------
    g : array (K, S), dual kernels (real when h is real)
    origin : int, the dual's origin ``-t0`` in ``[0, S)``
    """
    K, T = h.shape
    d, S = stride, support
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
    keep = w > eps * wmax
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
