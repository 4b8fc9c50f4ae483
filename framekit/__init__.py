"""framekit: invertible, stable, measurable signal representations on any array backend.

Every algorithm is written once against the Python array API standard and runs on
NumPy, CuPy, PyTorch (with autograd), array-api-strict and, where declared, JAX and
Dask.  Arrays keep their backend, device and floating dtype.
"""

from . import display
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
from .gabor import (
    GaborFrame,
    bin_frequencies,
    frame_times,
    gabor_dual_window,
    gabor_frame_bounds,
    gabor_tight_window,
    istft,
    stft,
)
from .io import WavFile, WavInfo, read_wav, write_wav
from .iterative import ConvergenceWarning, frame_algorithm
from .maxbias import covering_radius, is_omnidirectional, max_bias
from .phase import phase_derivatives, reassigned_spectrogram
from .protocol import Frame
from .random_kernels import (
    cantelli_deviation,
    chernoff_deviation,
    condition_number_law,
    energy_variance,
    gaussian_aliasing_moments,
    random_filterbank_condition_numbers,
    random_filterbank_energies,
)
from .regularizers import (
    compressed_spectral_loss,
    condition_number_regularizer,
    condition_number_regularizer_grad,
    tightness_penalty,
)
from .relu import (
    InjectivityReport,
    LipschitzBounds,
    active_frame_bound,
    active_set,
    check_injectivity,
    count_test,
    lipschitz_bounds,
    lipschitz_lower_estimate,
    relu_layer,
    relu_reconstruct,
)
from .scales import aud_bandwidth, aud_space, aud_to_freq, freq_to_aud
from .scattering import modulus_scattering, phase_scattering
from .stability import (
    aliasing_objective,
    aliasing_terms,
    conv_filterbank,
    conv_frame_bounds,
    littlewood_paley_condition,
    walnut_bounds,
)
from .windows import get_window

__version__ = "0.1.0"

__all__ = [  # noqa: RUF022 - grouped by topic, as in the docs
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
    "LipschitzBounds",
    "active_frame_bound",
    "active_set",
    "check_injectivity",
    "count_test",
    "covering_radius",
    "is_omnidirectional",
    "lipschitz_bounds",
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
    # Stability of conv layers (framekit.stability, framekit.random_kernels, framekit.regularizers)
    "aliasing_objective",
    "aliasing_terms",
    "cantelli_deviation",
    "chernoff_deviation",
    "compressed_spectral_loss",
    "condition_number_law",
    "condition_number_regularizer",
    "condition_number_regularizer_grad",
    "conv_filterbank",
    "conv_frame_bounds",
    "energy_variance",
    "gaussian_aliasing_moments",
    "littlewood_paley_condition",
    "random_filterbank_condition_numbers",
    "random_filterbank_energies",
    "tightness_penalty",
    "walnut_bounds",
    # Time-frequency (framekit.gabor, framekit.windows, framekit.phase, framekit.scattering)
    "GaborFrame",
    "bin_frequencies",
    "frame_times",
    "gabor_dual_window",
    "gabor_frame_bounds",
    "gabor_tight_window",
    "get_window",
    "istft",
    "modulus_scattering",
    "phase_derivatives",
    "phase_scattering",
    "reassigned_spectrogram",
    "stft",
    # Plots (framekit.display: matplotlib, imported when a function is called)
    "display",
    # WAV files (framekit.io)
    "WavFile",
    "WavInfo",
    "read_wav",
    "write_wav",
]
