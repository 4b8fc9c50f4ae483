"""Stability of strided convolutions: aliasing terms, Walnut and exact frame bounds,
Parseval objectives, random-kernel statistics and condition-number regularizers.

Modules: :mod:`.aliasing`, :mod:`.random_kernels`, :mod:`.regularizers`.
"""

from .aliasing import (
    aliasing_objective,
    aliasing_terms,
    conv_filterbank,
    conv_frame_bounds,
    littlewood_paley_condition,
    walnut_bounds,
)
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

__all__ = [
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
]
