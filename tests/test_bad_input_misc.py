"""Bad inputs of the misc topic: each raises a clear error naming the argument (see bad_input.py)."""

from __future__ import annotations

import pytest
from bad_input import Bad, check, params

CASES: dict[str, list[Bad]] = {}


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    check(case)
