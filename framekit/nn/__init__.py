"""Learnable front-ends in torch, with exact inverses and frame measurements.

The one topic besides :mod:`framekit._backend` that imports torch; ``import framekit`` does
not load it (``import framekit.nn`` needs torch, and PyWavelets for :class:`MuReNN`).

Modules (``torch.nn.Module``):

* :class:`ISAC` -- the ISAC auditory filterbank with learnable kernels (optional support
  mask), exact inverse with the canonical dual of the current kernels, differentiable frame
  bounds and condition number.
* :class:`HybrA` -- ISAC followed by learned short complex encoder convolutions (the hybrid
  filterbank of "Hold me tight"), exact inverse, tightness objective.
* :class:`MuReNN` -- learnable convolutions over the octaves of a DWT (PyWavelets filters
  computed in torch); :meth:`MuReNN.to_filterbank` gives the equivalent FilterBank.
* :class:`Conv1D`, :class:`Gabor1D` -- the paper's baselines.

Functions: :func:`distill` (knowledge distillation of a teacher FilterBank),
:func:`distillation_loss`, :func:`spectral_cosine_distance`, :func:`synthetic_signals`,
:func:`heisenberg_spread`.
"""

from .baselines import Conv1D, Gabor1D
from .distillation import (
    distill,
    distillation_loss,
    spectral_cosine_distance,
    synthetic_signals,
    teacher_channels,
)
from .hybra import HybrA
from .isac import ISAC
from .murenn import MuReNN, octave_of
from .spread import HeisenbergSpread, heisenberg_spread

__all__ = [  # noqa: RUF022 - grouped: modules, then fitting and measuring
    "ISAC",
    "HybrA",
    "MuReNN",
    "Conv1D",
    "Gabor1D",
    "distill",
    "distillation_loss",
    "spectral_cosine_distance",
    "synthetic_signals",
    "teacher_channels",
    "heisenberg_spread",
    "HeisenbergSpread",
    "octave_of",
]
