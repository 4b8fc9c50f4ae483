"""The command line: ``framekit info`` and ``framekit demo`` run offline and report sensible figures."""

from __future__ import annotations

import subprocess
import sys

import pytest

from framekit import cli


def test_info_lists_every_backend(capsys):
    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    for name in ("numpy", "array_api_strict", "torch", "cupy", "jax.numpy", "dask.array"):
        assert name in out


def test_demo_frames_prints_known_bounds(capsys, tmp_path):
    assert cli.main(["demo", "--part", "frames", "--backend", "numpy", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[1]: line.split() for line in out.splitlines() if line.startswith("numpy")}
    assert rows["Mercedes-Benz"][5:7] == ["1.500000", "1.500000"]
    assert rows["stacked"][6:8] == ["2.000000", "2.000000"]
    errors = [float(line.split()[-3]) for line in out.splitlines() if line.startswith("numpy")]
    assert max(errors) < 1e-12


def test_demo_rejects_unknown_backend_and_device():
    with pytest.raises(SystemExit, match="unknown backend 'tensorflow'"):
        cli.main(["demo", "--backend", "tensorflow"])
    with pytest.raises(SystemExit, match="has no device 'tpu'"):
        cli.main(["demo", "--backend", "numpy", "--device", "tpu"])


def test_console_script_runs_with_no_arguments_to_demo(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "framekit.cli", "demo", "--part", "frames", "--out", str(tmp_path)],
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout
    assert "Finite frames" in out and "torch" in out
