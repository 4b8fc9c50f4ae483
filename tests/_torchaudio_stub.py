"""A minimal stand-in for ``torchaudio`` so that ``hybra`` imports where torchaudio has no build.

hybra imports ``torchaudio.functional.create_dct`` and ``torchaudio.transforms.AmplitudeToDB``
at module level (for its MFCC/mel front ends, which the tests do not use).  This module
provides small implementations of those two names written for the tests.
"""

from __future__ import annotations

import math
import sys
import types


def install() -> None:
    """Register the stand-in as ``torchaudio`` unless a real torchaudio is importable."""
    if "torchaudio" in sys.modules:
        return
    try:
        import torchaudio  # noqa: F401

        return
    except ImportError:
        pass
    import torch

    def create_dct(n_mfcc: int, n_mels: int, norm: str | None = None) -> torch.Tensor:
        n = torch.arange(n_mels, dtype=torch.float64)
        k = torch.arange(n_mfcc, dtype=torch.float64)[:, None]
        dct = torch.cos(math.pi / n_mels * (n + 0.5) * k)
        if norm == "ortho":
            dct[0] *= 1.0 / math.sqrt(2.0)
            dct *= math.sqrt(2.0 / n_mels)
        else:
            dct *= 2.0
        return dct.t().to(torch.get_default_dtype())

    class AmplitudeToDB(torch.nn.Module):
        def __init__(self, stype: str = "power", top_db: float | None = None) -> None:
            super().__init__()
            self.mult = 10.0 if stype == "power" else 20.0
            self.top_db = top_db

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            db = self.mult * torch.log10(torch.clamp(x, min=1e-10))
            if self.top_db is not None:
                db = torch.maximum(db, db.amax() - self.top_db)
            return db

    ta = types.ModuleType("torchaudio")
    fn = types.ModuleType("torchaudio.functional")
    tr = types.ModuleType("torchaudio.transforms")
    fn.create_dct = create_dct
    tr.AmplitudeToDB = AmplitudeToDB
    ta.functional, ta.transforms = fn, tr
    sys.modules.update({"torchaudio": ta, "torchaudio.functional": fn, "torchaudio.transforms": tr})
