"""The bad-input matrix: shared case type, runner and coverage rules.

Each ``tests/test_bad_input_<topic>.py`` defines ``CASES: dict[str, list[Bad]]``, keyed by
the public name it exercises: a name of ``framekit.__all__`` (``"stft"``), a public method
(``"FilterBank.analysis"``, ``"GaborFrame.synthesis"``, ``"MatrixFrame.dual"``) or a
function of ``framekit.display`` (``"display.coefficient_image"``).  Every case is one bad
input with the exception it must raise and a pattern that names the argument;
:func:`check` runs it with a time limit.  ``tests/test_bad_input_coverage.py`` fails when a
public name has no case (new functions must join the table).

``python tests/bad_input.py [TOPIC ...]`` classifies every case (clear error / unclear error / silent
result / hang) and prints the counts per topic: the figures of the closing note.
"""

from __future__ import annotations

import contextlib
import importlib
import re
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

#: Topic files holding the tables.
TOPICS = ("frames", "tf", "filterbanks", "stability", "relu", "misc")

#: Seconds after which a case counts as a hang.
TIME_LIMIT = 20

#: Public names that take no input to get wrong, and why.
NO_INPUT = {
    "ConvergenceWarning": "a warning class, raised by frame_algorithm, not called by users",
    "IllConditionedWarning": "a warning class, raised by the filterbank designs, not called by users",
    "backends": "takes no arguments",
    "InjectivityReport": "a result record returned by check_injectivity",
    "LipschitzBounds": "a result record returned by lipschitz_bounds",
    "ComplementReport": "a result record returned by complement_property",
    "WavFile": "a result record returned by read_wav",
    "WavInfo": "a result record returned by read_wav",
    "display": "a module: its functions have their own rows (display.coefficient_image, ...)",
    "Frame": "a typing Protocol, not called",
}

#: Classes whose public methods each need rows of their own.
CLASSES_WITH_METHODS = ("FilterBank", "GaborFrame", "MatrixFrame", "FIRFilterBank", "FilterBankStream")


@dataclass(frozen=True)
class Bad:
    """One bad input: ``call()`` must raise ``exc`` with a message matching ``match``.

    ``what`` says what is wrong (e.g. ``"n_fft=0"``, ``"x with NaN"``): the test id.
    ``match`` is a regular expression that names the argument (searched, case-sensitive).
    """

    what: str
    call: Callable[[], Any]
    exc: type[BaseException] | tuple[type[BaseException], ...]
    match: str


class Hang(Exception):
    """A case ran past :data:`TIME_LIMIT`."""


@contextlib.contextmanager
def time_limit(seconds: int = TIME_LIMIT) -> Iterator[None]:
    def on_alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def classify(case: Bad) -> tuple[str, str]:
    """``("clear" | "unclear" | "silent" | "hang", detail)`` for one case."""
    try:
        with time_limit():
            result = case.call()
    except Hang as exc:
        return "hang", str(exc)
    except case.exc as exc:
        if re.search(case.match, str(exc)):
            return "clear", ""
        return "unclear", f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # noqa: BLE001 - the wrong type of error is what we count
        return "unclear", f"{type(exc).__name__}: {exc}"
    return "silent", f"returned {type(result).__name__}"


def check(case: Bad) -> None:
    """Fail unless the case raises its exception with a message naming the argument."""
    kind, detail = classify(case)
    if kind != "clear":
        pytest.fail(f"{case.what}: {kind} ({detail}); expected {case.exc} matching {case.match!r}")


def params(cases: dict[str, list[Bad]]) -> list[Any]:
    """pytest parameters (one per case, id ``name: what``) for a topic's table."""
    return [pytest.param(c, id=f"{name}: {c.what}") for name, rows in cases.items() for c in rows]


def public_names() -> list[str]:
    """Every name the table must cover: ``framekit.__all__`` (less :data:`NO_INPUT`), the
    public methods of :data:`CLASSES_WITH_METHODS` and the functions of ``framekit.display``."""
    import framekit

    names = [n for n in framekit.__all__ if n not in NO_INPUT]
    for cls_name in CLASSES_WITH_METHODS:
        cls = getattr(framekit, cls_name)
        names += [f"{cls_name}.{m}" for m in vars(cls) if not m.startswith("_") and callable(getattr(cls, m))]
    names += [f"display.{n}" for n in framekit.display.__all__ if callable(getattr(framekit.display, n))
              and not isinstance(getattr(framekit.display, n), type)]
    return sorted(names)


def tables() -> dict[str, dict[str, list[Bad]]]:
    """Each topic's ``CASES``."""
    return {t: importlib.import_module(f"test_bad_input_{t}").CASES for t in TOPICS}


if __name__ == "__main__":  # the counts of the closing note; topics as arguments narrow it
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    totals: dict[str, int] = {}
    wanted = sys.argv[1:] or TOPICS
    for topic, cases in tables().items():
        if topic not in wanted:
            continue
        counts = {"clear": 0, "unclear": 0, "silent": 0, "hang": 0}
        for name, rows in cases.items():
            for case in rows:
                kind, detail = classify(case)
                counts[kind] += 1
                if kind != "clear":
                    print(f"  {kind:8s} {name}: {case.what}: {detail[:160]}")
        print(f"{topic:12s} " + "  ".join(f"{k} {v}" for k, v in counts.items()))
        for k, v in counts.items():
            totals[k] = totals.get(k, 0) + v
    print(f"{'all':12s} " + "  ".join(f"{k} {v}" for k, v in totals.items()))
