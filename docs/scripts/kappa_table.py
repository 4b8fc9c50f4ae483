"""The condition-number table of docs/filterbanks.md: design x sampling rate x stride.

Each entry is the exact condition number ``FilterBank.condition_number()`` (polyphase
blocks, one batched eigen-solve) of the design at its default parameters (NumPy,
float64, default length = fs rounded up to a multiple of the stride), at the default
stride and at the strides listed per design.

Rerun (from the repository root; about 20 s)::

    python docs/scripts/kappa_table.py            # print the Markdown tables
    python docs/scripts/kappa_table.py --write    # also replace them in docs/filterbanks.md

``--write`` replaces the text between ``<!-- kappa-table:start -->`` and
``<!-- kappa-table:end -->`` in docs/filterbanks.md.
"""

from __future__ import annotations

import pathlib
import sys
import warnings
from collections.abc import Callable
from typing import Any

import framekit

FS = (8000, 16000, 22050, 44100, 48000)
DOC = pathlib.Path(__file__).resolve().parents[1] / "filterbanks.md"
START, END = "<!-- kappa-table:start -->", "<!-- kappa-table:end -->"

#: design name -> (function, strides to tabulate besides the default: ints, or a callable of
#: the default stride)
DESIGNS: dict[str, tuple[Callable[..., Any], list[Any]]] = {
    "isac": (framekit.isac, [1, lambda d: 2 * d]),
    "gammatone": (framekit.gammatone, [4, 8, 16, 32]),
    "cqt": (framekit.cqt, [1, lambda d: 2 * d]),
    "third_octave": (framekit.third_octave, [1, lambda d: 2 * d]),
}


def _kappa(fb: Any) -> str:
    k = float(fb.condition_number())
    return "inf" if k == float("inf") else (f"{k:.3g}" if k < 1e3 else f"{k:.2e}")


def table(name: str) -> str:
    """One design's table: a row per fs, a column per stride (the default first)."""
    func, extra = DESIGNS[name]
    rows = []
    for fs in FS:
        with warnings.catch_warnings():  # ill-conditioned strides are the point of the table
            warnings.simplefilter("ignore", framekit.IllConditionedWarning)
            fb = func(fs)
            cells = [f"{fb.num_channels}", f"{fb.stride}", f"**{_kappa(fb)}**"]
            for s in extra:
                d = s(fb.stride) if callable(s) else s
                cells.append(f"{_kappa(func(fs, stride=d))} (d={d})")
        rows.append(f"| {fs} | " + " | ".join(cells) + " |")
    labels = ["1" if s == 1 else ("2 × default" if callable(s) else str(s)) for s in extra]
    head = "| fs (Hz) | K | default stride d | κ at d | " + " | ".join(f"κ, stride {lab}" for lab in labels) + " |"
    rule = "|" + "---|" * (4 + len(extra))
    return "\n".join([f"`{name}` (defaults):", "", head, rule, *rows])


def main(argv: list[str]) -> None:
    text = "\n\n".join(table(name) for name in DESIGNS)
    print(text)
    if "--write" in argv:
        doc = DOC.read_text()
        before, rest = doc.split(START, 1)
        _, after = rest.split(END, 1)
        DOC.write_text(f"{before}{START}\n{text}\n{END}{after}")
        print(f"\nwritten to {DOC}")


if __name__ == "__main__":
    main(sys.argv[1:])
