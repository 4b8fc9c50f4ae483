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

Layout: :func:`to_polyphase` stores ``M_j^T`` for all j as one row-major
``(N, d, K)`` array ``Mt`` (``Mt[j, r, k] = H[k, j + r N]``); :func:`blocks`
turns it into the ``(N, d, d)`` blocks, :func:`block_eigh` /
:func:`block_function` give ``G_j^p`` for all j at once, and
:func:`apply_blocks` returns the ``(K, L)`` responses with blocks ``M_j F_j``.
For a real-signal frame of complex filters, :func:`conjugate_blocks` gives the
blocks of the conjugated filters by re-indexing (no second product).

Examples
--------
Two unit impulses at stride 2 form an orthonormal basis (A = B = 1):

>>> import numpy as np
>>> from framekit.filterbanks import _polyphase as pp
>>> H = np.fft.fft(np.eye(4)[:2], axis=-1)
>>> lam, V = pp.block_eigh(np, pp.blocks(np, pp.to_polyphase(np, H, 2), 2))
>>> bool(np.allclose(lam, 1.0))
True
"""

from __future__ import annotations

from typing import Any

from .. import _backend as _b

__all__ = [
    "apply_blocks",
    "block_eigh",
    "block_function",
    "blocks",
    "compact",
    "conjugate_blocks",
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
    """Rearrange ``(K, L)`` frequency responses into the ``(N, d, K)`` array of ``M_j^T``.

    ``out[j, r, k] = H[k, j + r N]`` with ``N = L // stride`` (row-major copy).
    """
    K, L = H.shape[-2], H.shape[-1]
    N = L // stride
    return compact(xp, xp.permute_dims(xp.reshape(H, (K, stride, N)), (2, 1, 0)))


def from_polyphase(xp: Any, Mt: Any) -> Any:
    """Inverse of :func:`to_polyphase`: ``(N, d, K)`` -> ``(K, N d)``."""
    N, d, K = Mt.shape
    return xp.reshape(xp.permute_dims(Mt, (2, 1, 0)), (K, d * N))


def blocks(xp: Any, Mt: Any, stride: int) -> Any:
    """The Hermitian frame-operator blocks ``G_j = (1/d) M_j^H M_j``, shape ``(N, d, d)``.

    Parameters
    ----------
    xp : namespace
    Mt : complex array, shape (N, d, K)
        :func:`to_polyphase` of the filters' DFTs (circular convolution convention).
    stride : int
        The decimation d.
    """
    return xp.matmul(xp.conj(Mt), xp.matrix_transpose(Mt)) / float(stride)


def conjugate_blocks(xp: Any, G: Any) -> Any:
    """Blocks of the conjugated filters ``conj(h_k)`` from the blocks ``G`` of ``h_k``.

    ``conj(h)`` has the DFT ``conj(H[-w])``; frequency ``-(j + r N)`` is
    ``(N - j) + (d - 1 - r) N`` for ``j > 0`` and ``((d - r) mod d) N`` for
    ``j = 0``, so the block j of the conjugated filters is the conjugated block
    ``N - j`` with both indices reversed (rolled by one more for ``j = 0``).
    """
    reordered = xp.concat([G[:1, ...], xp.flip(G[1:, ...], axis=0)], axis=0)  # block (N - j) mod N
    Gc = xp.conj(xp.flip(reordered, axis=(-2, -1)))
    return _b.at(Gc)[0, ...].set(xp.roll(Gc[0, ...], (1, 1), axis=(0, 1)))


def block_eigh(xp: Any, G: Any) -> tuple[Any, Any]:
    """One batched ``eigh`` over all blocks: eigenvalues ``(..., N, d)`` ascending, vectors."""
    return _b.linalg(xp).eigh(G)


def block_function(xp: Any, lam: Any, V: Any, power: float) -> Any:
    """``G_j^power = V diag(lam^power) V^H`` for every block (lam must be positive)."""
    scaled = V * xp.astype(lam**power, V.dtype)[..., None, :]
    return xp.matmul(scaled, compact(xp, xp.conj(xp.matrix_transpose(V))))


def apply_blocks(xp: Any, Mt: Any, F: Any) -> Any:
    """Frequency responses ``(K, L)`` whose blocks are ``M_j F_j`` (``Mt`` from :func:`to_polyphase`).

    With ``F_j = G_j^{-1}`` this gives the canonical dual filters, with
    ``F_j = G_j^{-1/2}`` the canonical tight ones.  (``F_j`` is Hermitian, so
    ``(M_j F_j)^T = conj(F_j) M_j^T``.)
    """
    return from_polyphase(xp, xp.matmul(xp.conj(F), Mt))
