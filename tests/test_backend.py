"""The backend layer: namespace/device lookup, dtype policy, backends() report, import hygiene."""

from __future__ import annotations

import ast
import importlib
import pathlib
import subprocess
import sys

import numpy as np
import pytest
from helpers import assert_backend, to_xp

import framekit
from framekit import _backend

PACKAGE = pathlib.Path(framekit.__file__).parent
BACKEND_LIBS = {"numpy", "torch", "cupy", "jax", "dask", "scipy", "matplotlib", "array_api_strict"}
# Modules allowed to name a backend: the backend layer (`_backend/`, with its NumPy/torch fast
# paths and the SciPy geometry of one-off steps), the torch-only learnable modules (`nn/`),
# and the host-side layer: the CLI and the demos (`cli.py`, `demo/`), the public plots
# (`display.py`, matplotlib on host NumPy arrays, like librosa.display) and WAV file I/O
# (`io.py`, which builds NumPy sample arrays). Everything else gets its namespace from its inputs.
EXEMPT = ("_backend/", "nn/", "cli.py", "demo/", "display.py", "io.py")


def _imported_roots(path: pathlib.Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_algorithm_modules_import_no_backend_library():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if any(rel.startswith(e) or rel == e for e in EXEMPT):
            continue
        bad = _imported_roots(path) & BACKEND_LIBS
        if bad:
            offenders[rel] = sorted(bad)
    assert not offenders, (
        f"algorithm modules import backend libraries: {offenders}; get the namespace from the "
        "inputs, and put backend-specific code in framekit/_backend.py or framekit/_backends/"
    )


def test_importing_framekit_imports_no_heavy_library():
    code = (
        "import sys, framekit; "
        "print(sorted(m for m in ('torch','cupy','jax','dask','scipy','matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_backends_report():
    report = {b["backend"]: b for b in framekit.backends()}
    assert set(report) == set(_backend.KNOWN_BACKENDS)
    assert report["numpy"]["usable"] and report["numpy"]["version"] == np.__version__
    assert report["numpy"]["devices"] == ["cpu"]
    for info in report.values():
        assert info["usable"] or info["reason"]
    if not report["cupy"]["usable"]:
        assert "reason" in report["cupy"]


def test_dtype_policy(xp, device):
    ints = xp.asarray(np.arange(4), device=device)
    bools = xp.asarray(np.ones(4, dtype=bool), device=device)
    f32 = to_xp(np.ones(4), xp, device, xp.float32)
    c64 = to_xp(np.ones(4), xp, device, xp.complex64)
    default = xp.__array_namespace_info__().default_dtypes(device=device)["real floating"]
    assert _backend.as_float(xp, ints)[0].dtype == default
    assert _backend.as_float(xp, bools)[0].dtype == default
    assert _backend.as_float(xp, f32)[0].dtype == xp.float32
    assert _backend.as_float(xp, c64)[0].dtype == xp.complex64
    a, b = _backend.as_float(xp, f32, c64)
    assert a.dtype == b.dtype == xp.complex64
    assert _backend.real_dtype(xp, xp.complex128) == xp.float64
    assert _backend.complex_dtype(xp, xp.float32) == xp.complex64


def test_namespace_and_device(xp, device):
    x = to_xp(np.ones(3), xp, device)
    ns, dev = _backend.namespace_and_device(("x", x), ("y", None))
    assert ns is xp and dev == device
    with pytest.raises(TypeError, match="y must be an array"):
        _backend.namespace_and_device(("x", x), ("y", [1.0, 2.0]))


def test_mixed_devices_are_refused():
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("needs a CUDA device")
    with pytest.raises(ValueError, match="on device"):
        framekit.analysis(torch.eye(3, device="cuda"), torch.ones(3))


def test_random_normal_on_target(xp, device):
    a = _backend.random_normal(xp, (1000,), seed=1, dtype=xp.float32, device=device)
    assert_backend(a, xp, device, xp.float32, (1000,))
    m = float(xp.mean(xp.astype(a, xp.float64)))
    assert abs(m) < 0.2


def test_capability_table_rejects_unknown_backends():
    with pytest.raises(ValueError, match="unknown backend"):
        _backend.supports(skip={"tensorflow": "no"})
    assert _backend.unsupported_reason(framekit.frame_bounds, "dask.array")
    assert _backend.unsupported_reason(framekit.frame_bounds, "torch:cuda") is None


def test_missing_extension_is_a_clear_error():
    class Bare:
        __name__ = "bare"

    with pytest.raises(TypeError, match="no linalg extension"):
        _backend.linalg(Bare())


#: The public API, frozen: the topic subpackages re-export these names unchanged.
PUBLIC_API = [
    "ComplementReport", "ConvergenceWarning", "FIRFilterBank", "FilterBank", "FilterBankStream", "Frame", "GaborFrame", "IllConditionedWarning", "InjectivityReport",
    "LipschitzBounds", "MatrixFrame", "WavFile", "WavInfo", "active_frame_bound", "active_set",
    "aliasing_objective", "aliasing_terms", "analysis", "aud_bandwidth", "aud_space",
    "aud_to_freq", "backends", "bin_frequencies", "canonical_dual", "canonical_tight",
    "cantelli_deviation", "check_clipping_injectivity", "check_injectivity", "chernoff_deviation",
    "clipping_layer", "clipping_lipschitz_bounds", "clipping_lower_estimate", "clipping_reconstruct",
    "complement_property", "compressed_spectral_loss",
    "condition_number", "condition_number_law", "condition_number_regularizer",
    "condition_number_regularizer_grad", "conv_filterbank", "conv_frame_bounds", "count_test",
    "covering_radius", "cqt", "display", "energy_variance", "frame_algorithm", "frame_bounds",
    "frame_operator", "frame_times", "freq_to_aud", "from_center_frequencies",
    "gabor_dual_window", "gabor_frame_bounds", "gabor_tight_window", "gammatone",
    "gaussian_aliasing_moments", "gaussian_frame", "get_window", "griffin_lim", "harmonic_frame",
    "is_omnidirectional", "isac", "istft", "lipschitz_bounds", "lipschitz_lower_estimate",
    "littlewood_paley_condition", "map_files", "max_bias", "mercedes_benz_frame", "modulus_reconstruct",
    "modulus_scattering",
    "pghi", "phase_derivatives", "phase_scattering", "random_filterbank_condition_numbers",
    "random_filterbank_energies", "read_wav", "reassigned_spectrogram", "redundancy",
    "relu_layer", "relu_reconstruct", "simplex_frame", "spectral_convergence", "stft", "synthesis", "third_octave",
    "tightness_penalty", "unsaturated_frame_bound", "unsaturated_set", "walnut_bounds", "write_wav",
]


def test_public_api_is_unchanged_and_each_name_lives_in_one_topic():
    assert sorted(framekit.__all__) == PUBLIC_API
    topics = [importlib.import_module(f"framekit.{t}")
              for t in ("frames", "tf", "filterbanks", "stability", "relu")]
    for name in PUBLIC_API:
        obj = getattr(framekit, name)
        homes = [t.__name__ for t in topics if name in t.__all__]
        if name in ("display", "backends", "WavFile", "WavInfo", "read_wav", "write_wav", "map_files"):
            assert homes == []  # framekit.display, framekit._backend, framekit.io, framekit.batch
            continue
        assert len(homes) == 1, (name, homes)
        assert getattr(importlib.import_module(homes[0]), name) is obj


def test_no_module_is_shadowed_by_a_name_it_exports():
    """``import framekit.tf.short_time as m`` must give the module, not a function of that name."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            continue
        parent = importlib.import_module(".".join(parts[:-1]))
        attr = getattr(parent, parts[-1], None)
        assert attr is None or attr is sys.modules[".".join(parts)], ".".join(parts)


def test_half_precision_is_refused_naming_the_argument(xp, device):
    if not hasattr(xp, "float16"):
        pytest.skip("no float16 here")
    x = xp.ones(8, dtype=xp.float16, device=device)
    with pytest.raises(TypeError, match="x has dtype .*float16.*float32 or float64"):
        _backend.namespace_and_device(("x", x))
