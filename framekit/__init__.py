"""framekit: invertible, stable, measurable signal representations on any array backend.

Every algorithm is written once against the Python array API standard and runs on
NumPy, CuPy, PyTorch (with autograd), array-api-strict and, where declared, JAX and
Dask.  Arrays keep their backend, device and floating dtype.
"""

from ._backend import backends
from .classical import gaussian_frame, harmonic_frame, mercedes_benz_frame, simplex_frame
from .designs import cqt, from_center_frequencies, gammatone, isac, third_octave
from .filterbank import FilterBank
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
from .maxbias import covering_radius, is_omnidirectional, max_bias
from .protocol import Frame
from .relu import (
    InjectivityReport,
    active_frame_bound,
    active_set,
    check_injectivity,
    count_test,
    lipschitz_lower_estimate,
    relu_layer,
    relu_reconstruct,
)
from .scales import aud_bandwidth, aud_space, aud_to_freq, freq_to_aud

__version__ = "0.1.0"

__all__ = [
    "ConvergenceWarning",
    "Frame",
    "MatrixFrame",
    "analysis",
    "backends",
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
    # ReLU layers (framekit.relu, framekit.maxbias)
    "InjectivityReport",
    "active_frame_bound",
    "active_set",
    "check_injectivity",
    "count_test",
    "covering_radius",
    "is_omnidirectional",
    "lipschitz_lower_estimate",
    "max_bias",
    "relu_layer",
    "relu_reconstruct",
    # Filterbanks (framekit.filterbank, framekit.designs, framekit.scales)
    "FilterBank",
    "aud_bandwidth",
    "aud_space",
    "aud_to_freq",
    "cqt",
    "freq_to_aud",
    "from_center_frequencies",
    "gammatone",
    "isac",
    "third_octave",
]
