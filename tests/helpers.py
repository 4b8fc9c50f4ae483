"""Assertion helpers shared by the tests."""

from __future__ import annotations

import array_api_compat as aac
import numpy as np

#: Tolerances per real dtype name: (rtol, atol) for results compared with an oracle.
TOL = {"float64": 1e-12, "float32": 1e-5}


def tol_for(dtype) -> float:
    """Relative tolerance for a floating or complex dtype."""
    name = str(dtype)
    return TOL["float32"] if ("float32" in name or "complex64" in name) else TOL["float64"]


def to_numpy(a) -> np.ndarray:
    """Host NumPy copy of any backend's array (computes lazy arrays)."""
    if hasattr(a, "compute"):
        a = a.compute()
    mod = type(a).__module__
    if mod.startswith("cupy"):
        return a.get()
    if mod.startswith("torch"):
        return a.detach().cpu().numpy()
    return np.asarray(a)


def to_xp(a, xp, device, dtype=None):
    """Put a NumPy array on the backend under test."""
    a = np.asarray(a)
    if not a.flags.writeable:  # torch warns on (and may write to) read-only NumPy memory
        a = a.copy()
    if dtype is not None and np.iscomplexobj(a) and not xp.isdtype(dtype, "complex floating"):
        dtype = xp.complex64 if dtype == xp.float32 else xp.complex128
    return xp.asarray(a, dtype=dtype, device=device)


def assert_backend(actual, xp, device=None, dtype=None, shape=None):
    """The result stayed in the input's library (and device, dtype, shape)."""
    assert aac.array_namespace(actual) is xp, f"result left the backend: {type(actual)}"
    if device is not None:
        assert aac.device(actual) == device, f"device {aac.device(actual)} != {device}"
    if dtype is not None:
        assert actual.dtype == dtype, f"dtype {actual.dtype} != {dtype}"
    if shape is not None:
        assert tuple(actual.shape) == tuple(shape), f"shape {tuple(actual.shape)} != {tuple(shape)}"


def assert_close(actual, desired, *, rtol=None, atol=0.0, xp=None, device=None):
    """Compare with an oracle; rtol defaults to the per-dtype tolerance of ``actual``."""
    if xp is not None:
        assert_backend(actual, xp, device)
    if rtol is None:
        rtol = tol_for(actual.dtype)
    np.testing.assert_allclose(to_numpy(actual), to_numpy(desired), rtol=rtol, atol=atol)


def rel_error(actual, desired) -> float:
    """``||actual - desired|| / ||desired||`` over the whole array."""
    a, d = to_numpy(actual), to_numpy(desired)
    return float(np.linalg.norm(a - d) / np.linalg.norm(d))


def uses(*funcs):
    """Mark a test with the framekit functions it exercises (their capability tables apply).

    Use this rather than ``pytest.mark.uses(func)``: pytest takes a single callable
    argument of a mark for the decorated object.
    """
    import pytest

    return pytest.mark.uses.with_args(*funcs)
