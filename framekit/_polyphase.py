"""Polyphase (aliasing) blocks of uniform strided filterbanks: the reusable core.

A uniform filterbank with K filters, stride d and circular signal length L
(d | L, N = L / d) is described by the DFTs ``H[k, w] = DFT_L(h_k)[w]``.  For
each ``j = 0 .. N-1`` the d frequencies ``w = j + r N`` (``r = 0 .. d-1``) alias
onto each other after decimation; collect them in the K x d matrix

    M_j[k, r] = H[k, j + r N].

With the convention ``c_k[n] = (x (*) h_k)[n d]`` (circular convolution) and
its adjoint, the frame operator ``S`` is unitarily equivalent (by the DFT) to
the block-diagonal matrix with the d x d Hermitian blocks

    G_j = (1/d) M_j^H M_j,

acting on ``xhat_j = (xhat[j + r N])_r``.  Hence

* the optimal frame bounds are ``A = min_j lambda_min(G_j)`` and
  ``B = max_j lambda_max(G_j)``;
* the canonical dual filters have blocks ``M_j G_j^{-1}`` and the canonical
  tight filters ``M_j G_j^{-1/2}`` (full length L in general);
* applying ``S`` (or any matrix function of it) to a signal is one batched
  d x d matrix product per block.

All of this costs ``O(K L d)`` for the blocks and one batched eigen-solve over
the N blocks (``O(L d^2)``), never an L x L matrix.  Everything here takes a
namespace ``xp`` and arrays already in it; no validation (callers validate).
The same machinery serves strided convolution layers (one input channel, K
output channels, stride d): pass their kernels' DFTs.
"""

from __future__ import annotations

from typing import Any

from . import _backend as _b

__all__ = [
    "apply_blocks",
    "compact",
    "block_eigh",
    "block_function",
    "blocks",
    "from_polyphase",
    "to_polyphase",
]


def compact(xp: Any, a: Any) -> Any:
    """``a`` with a row-major memory layout (a copy when ``a`` is a permuted view).

    Batched matrix products on permuted views are much slower on some backends
    (torch falls back to a strided kernel); flattening forces one copy in
    row-major order, portably.
    """
    return xp.reshape(xp.reshape(a, (-1,)), tuple(a.shape))


def to_polyphase(xp: Any, H: Any, stride: int) -> Any:
    """Rearrange ``(..., K, L)`` frequency responses into ``(..., N, K, d)`` blocks ``M_j``.

    ``out[..., j, k, r] = H[..., k, j + r N]`` with ``N = L // stride``.
    """
    K, L = H.shape[-2], H.shape[-1]
    N = L // stride
    lead = tuple(H.shape[:-2])
    Hr = xp.reshape(H, (*lead, K, stride, N))
    nd = len(lead)
    perm = (*range(nd), nd + 2, nd, nd + 1)
    return compact(xp, xp.permute_dims(Hr, perm))


def from_polyphase(xp: Any, M: Any) -> Any:
    """Inverse of :func:`to_polyphase`: ``(..., N, K, d)`` -> ``(..., K, N d)``."""
    N, K, d = M.shape[-3], M.shape[-2], M.shape[-1]
    lead = tuple(M.shape[:-3])
    nd = len(lead)
    perm = (*range(nd), nd + 1, nd + 2, nd)
    return xp.reshape(xp.permute_dims(M, perm), (*lead, K, d * N))


def blocks(xp: Any, H: Any, stride: int) -> Any:
    """The Hermitian frame-operator blocks ``G_j = (1/d) M_j^H M_j``, shape ``(..., N, d, d)``.

    Parameters
    ----------
    xp : namespace
    H : complex array, shape (..., K, L)
        DFT_L of the filters (circular convolution convention).
    stride : int
        The decimation d; must divide L.
    """
    M = to_polyphase(xp, H, stride)
    Mh = compact(xp, xp.conj(xp.matrix_transpose(M)))
    return xp.matmul(Mh, M) / float(stride)


def block_eigh(xp: Any, G: Any) -> tuple[Any, Any]:
    """One batched ``eigh`` over all blocks: eigenvalues ``(..., N, d)`` ascending, vectors."""
    return _b.linalg(xp).eigh(G)


def block_function(xp: Any, lam: Any, V: Any, power: float) -> Any:
    """``G_j^power = V diag(lam^power) V^H`` for every block (lam must be positive)."""
    scaled = V * xp.astype(lam**power, V.dtype)[..., None, :]
    return xp.matmul(scaled, compact(xp, xp.conj(xp.matrix_transpose(V))))


def apply_blocks(xp: Any, H: Any, F: Any, stride: int) -> Any:
    """Frequency responses with blocks ``M_j F_j``: returns ``(..., K, L)``.

    With ``F_j = G_j^{-1}`` this gives the canonical dual filters, with
    ``F_j = G_j^{-1/2}`` the canonical tight ones.
    """
    M = to_polyphase(xp, H, stride)
    return from_polyphase(xp, xp.matmul(M, F))
