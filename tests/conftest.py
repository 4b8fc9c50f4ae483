"""The multi-backend test harness.

Every test that takes the ``xp`` fixture runs once per backend: numpy,
array_api_strict and torch (CPU) always; torch on CUDA and CuPy where a GPU is
usable; jax.numpy and dask.array when installed.  Narrow the set with
``--array-api-backend NAME`` (repeatable) or ``FRAMEKIT_ARRAY_API=numpy,torch``.
Names: numpy, array_api_strict, torch, torch:cuda, cupy, jax.numpy, dask.array.

A test declares the framekit functions it exercises with
``@helpers.uses(func, ...)`` (the ``uses`` mark); the fixture skips backends that a function's
capability table (``framekit._backend.supports``) excludes.  The ``device``
fixture gives the device to create inputs on, and ``dtype`` is the float32 /
float64 axis.  ``FRAMEKIT_TORCH_DTYPE=float32`` sets torch's default dtype to
float32, to catch float64 assumptions.
"""

from __future__ import annotations

import importlib
import os

import pytest

from framekit import _backend

ALL = ("numpy", "array_api_strict", "torch", "torch:cuda", "cupy", "jax.numpy", "dask.array")
#: What 'all' means: every usable backend but JAX and Dask, whose guarantees (jit without
#: retrace; lazy batch chunks, no compute during the call) have their own suites,
#: tests/test_jax.py and tests/test_dask.py.  Name them to run the whole suite on them.
DEFAULT = tuple(n for n in ALL if n not in ("jax.numpy", "dask.array"))


def pytest_addoption(parser):
    parser.addoption(
        "--array-api-backend",
        action="append",
        default=None,
        help="backend to test (repeatable); 'all' = every usable backend but jax.numpy and "
        "dask.array, which have their own suites (default: $FRAMEKIT_ARRAY_API or all)",
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "uses(*funcs): framekit functions whose capability tables apply")
    config.addinivalue_line("markers", "skip_xp_backends(*names, reason=''): skip on these backends")
    config.addinivalue_line("markers", "peer: compares with a peer library (librosa, hybra, ltfatpy; skips without it)")


def _selected(config):
    """Backends to parametrize over: those asked for, or every usable one for 'all'.

    Explicitly named backends that are unusable here are still listed (and skip);
    'all' lists only the usable ones, to keep the report readable.
    """
    names = config.getoption("--array-api-backend") or os.environ.get("FRAMEKIT_ARRAY_API", "all").split(",")
    names = [n.strip() for n in names if n.strip()]
    if "all" in names:
        return tuple(n for n in DEFAULT if _import_backend(n) is not None)
    return tuple(names)


_MODULES: dict[str, object] = {}


def _import_backend(name):
    """The backend's module, or None when it is not usable here."""
    if name in _MODULES:
        return _MODULES[name]
    lib = name.split(":")[0]
    try:
        mod = importlib.import_module(lib)
    except ImportError:
        mod = None
    if mod is not None:
        if (lib == "cupy" or name == "torch:cuda") and not mod.cuda.is_available():
            mod = None
        elif lib == "torch":
            want = os.environ.get("FRAMEKIT_TORCH_DTYPE", "float64")
            mod.set_default_dtype(getattr(mod, want))
        elif lib == "jax.numpy":
            import jax

            jax.config.update("jax_enable_x64", True)
        elif lib == "array_api_strict":
            mod.set_array_api_strict_flags(api_version="2024.12")
    _MODULES[name] = mod
    return mod


def pytest_generate_tests(metafunc):
    if "xp" in metafunc.fixturenames:
        names = _selected(metafunc.config)
        metafunc.parametrize("xp", names, indirect=True, ids=names)
    if "dtype_name" in metafunc.fixturenames:
        metafunc.parametrize("dtype_name", ["float64", "float32"])


@pytest.fixture
def xp(request):
    name = request.param
    for marker in request.node.iter_markers("skip_xp_backends"):
        if name in marker.args or name.split(":")[0] in marker.args:
            pytest.skip(marker.kwargs.get("reason", f"not supported on {name}"))
    for marker in request.node.iter_markers("uses"):
        for func in marker.args:
            reason = _backend.unsupported_reason(func, name)
            if reason:
                pytest.skip(f"{func.__name__} does not support {name}: {reason}")
    mod = _import_backend(name)
    if mod is None:
        pytest.skip(f"{name} is not usable here")
    return _backend.get_namespace(mod)


@pytest.fixture
def device(xp, request):
    """The device inputs are created on for this backend."""
    if request.node.callspec.params["xp"] == "torch:cuda":
        import torch

        return torch.device("cuda")
    default = xp.__array_namespace_info__().default_device()
    if default is None:  # JAX's info reports None; ask an array instead
        import array_api_compat

        default = array_api_compat.device(xp.empty(0))
    return default


@pytest.fixture
def dtype(xp, dtype_name):
    """The floating dtype under test (the float64/float32 axis)."""
    return getattr(xp, dtype_name)
