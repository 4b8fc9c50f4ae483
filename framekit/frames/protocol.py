"""The frame protocol: what every frame in framekit offers.

A frame of a signal space H (vectors along the last axis, any leading batch
dimensions) is given by its analysis operator C: H -> coefficients.  Matrix
frames, filterbanks and STFTs all implement this protocol, so that generic
algorithms (:func:`framekit.frame_algorithm`) work on any of them.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

__all__ = ["Frame"]


@runtime_checkable
class Frame(Protocol):
    """Structural type of a frame.

    Methods
    -------
    analysis(x)
        Coefficients ``C x``.
    synthesis(c)
        The adjoint ``D c = C^H c``.
    frame_operator(x)
        ``S x = D C x``; implementations use their structure (a precomputed
        Gram matrix, a Fourier-diagonal form) rather than two passes when they can.
    frame_bounds()
        Optimal bounds ``(A, B)``: the extreme eigenvalues of S.
    condition_number()
        ``B / A`` (``inf`` when A = 0).
    dual()
        The canonical dual frame, with analysis operator ``C S^{-1}``.
    tight()
        The canonical tight (Parseval) frame, ``C S^{-1/2}``.
    """

    def analysis(self, x: Any) -> Any: ...

    def synthesis(self, c: Any) -> Any: ...

    def frame_operator(self, x: Any) -> Any: ...

    def frame_bounds(self) -> tuple[Any, Any]: ...

    def condition_number(self) -> Any: ...

    def dual(self) -> Frame: ...

    def tight(self) -> Frame: ...
