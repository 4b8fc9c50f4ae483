"""Time-frequency: windows, the STFT as a Gabor frame (exact inverse, bounds, dual and tight
windows), phase derivatives and reassignment, phase and modulus scattering, phase retrieval from
magnitudes (Griffin–Lim, PGHI).

Modules: :mod:`.windows`, :mod:`.short_time`, :mod:`.gabor` (the STFT as a frame), :mod:`.phase`
(with its fast path :mod:`._phase_chunked`), :mod:`.scattering`.
"""

from .gabor import GaborFrame, gabor_dual_window, gabor_frame_bounds, gabor_tight_window
from .phase import phase_derivatives, reassigned_spectrogram
from .phase_gradient import pghi
from .retrieval import griffin_lim, spectral_convergence
from .scattering import modulus_scattering, phase_scattering
from .short_time import bin_frequencies, frame_times, istft, stft
from .windows import get_window

__all__ = [
    "GaborFrame",
    "bin_frequencies",
    "frame_times",
    "gabor_dual_window",
    "gabor_frame_bounds",
    "gabor_tight_window",
    "get_window",
    "griffin_lim",
    "istft",
    "modulus_scattering",
    "pghi",
    "phase_derivatives",
    "phase_scattering",
    "reassigned_spectrogram",
    "spectral_convergence",
    "stft",
]
