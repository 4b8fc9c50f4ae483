"""Finite frames: analysis and synthesis, frame operator, exact bounds, canonical dual and
tight frames, classical constructors, the ``Frame`` protocol and the frame algorithm.

Modules: :mod:`.finite` (matrix frames), :mod:`.classical` (harmonic, simplex,
Mercedes-Benz, Gaussian), :mod:`.protocol` (``Frame``), :mod:`.iterative`
(``frame_algorithm``).
"""

from .classical import gaussian_frame, harmonic_frame, mercedes_benz_frame, simplex_frame
from .finite import (
    MatrixFrame,
    analysis,
    canonical_dual,
    canonical_tight,
    condition_number,
    frame_bounds,
    frame_operator,
    redundancy,
    synthesis,
)
from .iterative import ConvergenceWarning, frame_algorithm
from .protocol import Frame

__all__ = [
    "ConvergenceWarning",
    "Frame",
    "MatrixFrame",
    "analysis",
    "canonical_dual",
    "canonical_tight",
    "condition_number",
    "frame_algorithm",
    "frame_bounds",
    "frame_operator",
    "gaussian_frame",
    "harmonic_frame",
    "mercedes_benz_frame",
    "redundancy",
    "simplex_frame",
    "synthesis",
]
