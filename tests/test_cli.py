"""The command line: ``framekit info``, ``demo`` and ``analyze`` run offline, print as they go,
and turn a missing optional dependency into a one-line note instead of a traceback."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import framekit
from framekit import cli

#: Modules whose absence the demo must survive: SciPy (ReLU geometry) and matplotlib (figures).
OPTIONAL = ("scipy", "scipy.optimize", "scipy.spatial", "matplotlib", "matplotlib.pyplot",
            "mpl_toolkits", "mpl_toolkits.mplot3d", "mpl_toolkits.mplot3d.art3d")


def test_info_lists_every_backend(capsys):
    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    for name in ("numpy", "array_api_strict", "torch", "cupy", "jax.numpy", "dask.array"):
        assert name in out


def test_demo_frames_prints_known_bounds_with_backend_and_dtype(capsys, tmp_path):
    assert cli.main(["demo", "--part", "frames", "--backend", "numpy", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[2]: line.split() for line in out.splitlines() if line.startswith("numpy ")}
    assert rows["Mercedes-Benz"][1] == "float64"
    assert rows["Mercedes-Benz"][6:8] == ["1.500000", "1.500000"]
    assert rows["stacked"][7:9] == ["2.000000", "2.000000"]
    errors = [float(line.split()[-3]) for line in out.splitlines() if line.startswith("numpy ")]
    assert max(errors) < 1e-12


def test_demo_without_optional_dependencies_prints_skip_notes(capsys, tmp_path, monkeypatch):
    """Every part runs or prints a one-line note naming what to install; none raises."""
    for name in OPTIONAL:
        monkeypatch.setitem(sys.modules, name, None)  # `import name` now raises ImportError
    assert cli.main(["demo", "--backend", "numpy", "--out", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "FAILED" not in captured.out
    for part in cli.DEMO_PARTS:
        assert cli.DEMO_PARTS[part][1] in captured.out
    skipped = [line for line in captured.out.splitlines() if "skipped" in line]
    assert len(skipped) == 1 and "needs scipy" in skipped[0] and "pip install" in skipped[0]
    assert "matplotlib is not installed (pip install 'framekit[plot]')" in captured.out
    assert list(tmp_path.iterdir()) == []


def test_demo_part_failure_is_reported_and_the_run_goes_on(capsys, tmp_path, monkeypatch):
    from framekit.demo import frames

    def broken(xp, device, out_dir):
        raise RuntimeError("boom")

    monkeypatch.setattr(frames, "demo", broken)
    status = cli.main(["demo", "--backend", "numpy", "--part", "frames", "--out", str(tmp_path)])
    captured = capsys.readouterr()
    assert status == 1
    assert "numpy: FAILED: RuntimeError: boom" in captured.out and "FAILED parts: frames" in captured.out
    assert "RuntimeError: boom" in captured.err  # the traceback, for a bug report


def test_demo_lists_every_figure_it_writes(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    assert cli.main(["demo", "--backend", "numpy", "--part", "tf", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "== Figures (1)" in out and str(tmp_path / "tf_numpy.png") in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tf_numpy.png"]


def test_backend_aliases_and_bad_backend_or_device():
    assert cli.ALIASES["jax"] == "jax.numpy"
    with pytest.raises(SystemExit, match="unknown backend 'tensorflow'; choose from .*jax"):
        cli.main(["demo", "--backend", "tensorflow"])
    with pytest.raises(SystemExit, match="has no device 'tpu'"):
        cli.main(["demo", "--backend", "numpy", "--device", "tpu"])


def test_help_is_plain_text_with_defaults(capsys):
    for argv in (["--help"], ["demo", "--help"], ["analyze", "--help"]):
        with pytest.raises(SystemExit):
            cli.main(argv)
        out = capsys.readouterr().out
        assert "``" not in out and ":func:" not in out
        if argv != ["--help"]:
            assert "(default:" in out


def test_analyze_every_channel_named_by_backend(capsys, tmp_path):
    sig = np.stack([np.sin(np.arange(4000) / 5.0), np.cos(np.arange(4000) / 7.0)]) * 0.5
    path = tmp_path / "two.wav"
    framekit.write_wav(path, sig, 8000, sample_format="pcm24")
    assert cli.main(["analyze", str(path), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2 channels, 24-bit PCM, 8000 Hz" in out and "analysed: all channels" in out
    with pytest.raises(SystemExit, match="framekit analyze: cannot read .*empty"):
        (tmp_path / "empty.wav").write_bytes(b"")
        cli.main(["analyze", str(tmp_path / "empty.wav"), "--out", str(tmp_path)])


def test_console_script_runs_the_demo_on_torch_too(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "framekit.cli", "demo", "--part", "frames", "--out", str(tmp_path)],
        capture_output=True, text=True, check=True, timeout=300,
    )
    assert "Finite frames" in out.stdout and "\ntorch " in out.stdout
    assert out.stderr == ""  # no warnings (torch's device probe once warned about 'mkldnn')


def test_tf_demo_part_on_every_backend(tmp_path):
    """The tf part's figure on array-api-strict and torch too (its axes were once NumPy arrays
    next to coefficients of another library)."""
    pytest.importorskip("matplotlib")
    out = subprocess.run(
        [sys.executable, "-m", "framekit.cli", "demo", "--part", "tf", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert "FAILED" not in out.stdout
    assert (tmp_path / "tf_numpy.png").exists()
