"""The bad-input matrix covers every public name: a new function must join its topic's table."""

from __future__ import annotations

import bad_input


def test_every_public_name_has_bad_input_cases():
    covered: dict[str, str] = {}
    for topic, cases in bad_input.tables().items():
        for name, rows in cases.items():
            assert rows, f"{topic}: {name} has an empty list of cases"
            assert name not in covered, f"{name} is in the tables of {covered[name]} and {topic}"
            covered[name] = topic
    missing = sorted(set(bad_input.public_names()) - set(covered))
    assert not missing, f"public names with no bad-input case: {missing}"
    unknown = sorted(set(covered) - set(bad_input.public_names()))
    assert not unknown, f"table rows for names that are not public: {unknown}"
