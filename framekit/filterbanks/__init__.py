"""Filterbanks: auditory scales, the strided ``FilterBank`` (exact bounds and duals by
polyphase blocks) and its designs (ISAC, gammatone, CQT, third-octave).

Modules: :mod:`.scales`, :mod:`.filterbank`, :mod:`._polyphase` (the blocks),
:mod:`.designs`, :mod:`.isac_design`, :mod:`.fir` (linear mode, short FIR duals),
:mod:`._fir_dual` (their least squares and certificate), :mod:`.streaming`; argument checks and size limits are those of
:mod:`framekit._validate`.

No module is named like a function it holds (``isac`` lives in :mod:`.isac_design`), so
``import framekit.filterbanks.isac_design as m`` gives the module.
"""

from .designs import IllConditionedWarning, cqt, from_center_frequencies, gammatone, third_octave
from .filterbank import FilterBank
from .fir import FIRFilterBank
from .isac_design import isac
from .scales import aud_bandwidth, aud_space, aud_to_freq, freq_to_aud
from .streaming import FilterBankStream

__all__ = [
    "FIRFilterBank",
    "FilterBank",
    "FilterBankStream",
    "IllConditionedWarning",
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
