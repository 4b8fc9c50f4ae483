"""The README's example runs, and every public name is listed in the API reference."""

from __future__ import annotations

import pathlib
import re

import pytest

import framekit

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_readme_example_runs():
    pytest.importorskip("torch")
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks, "README.md has no python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - the README's own example


def test_every_public_name_is_in_the_api_reference():
    api = (ROOT / "docs" / "api.md").read_text()
    missing = [name for name in framekit.__all__ if f"`{name}`" not in api and f"{name}\n" not in api]
    assert not missing, f"docs/api.md does not list: {missing}"
