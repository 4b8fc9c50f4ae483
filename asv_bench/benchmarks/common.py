"""Shared machinery for framekit's asv benchmarks.

``XPBench`` adds a ``backend`` parameter; ``setup_backend(name)`` imports the
backend, picks its device, and raises ``NotImplementedError`` (asv's "skip this
combination") when the backend or device is unusable here, or when a function's
capability table excludes it.  ``self.sync(result)`` waits for asynchronous
(GPU) or lazy (JAX, Dask) backends so that a timing covers the whole computation.
"""

from __future__ import annotations

import importlib
import os

import numpy as np

from framekit import _backend

BACKENDS = ["numpy", "array_api_strict", "torch:cpu", "torch:cuda", "jax.numpy:cpu", "dask.array", "cupy"]

#: FRAMEKIT_BENCH_SMOKE=1 (CI) keeps only the first, smallest value of each size sweep, so
#: that every benchmark and every backend still runs once, in a few minutes.
SMOKE = os.environ.get("FRAMEKIT_BENCH_SMOKE") == "1"


def sweep(values: list) -> list:
    """A size sweep; only its first (smallest) value in a smoke run."""
    return list(values[:1]) if SMOKE else list(values)

# Pin thread pools so that figures are comparable across runs and commits.
_THREADS = os.environ.get("FRAMEKIT_BENCH_THREADS")
if _THREADS:
    os.environ.setdefault("OMP_NUM_THREADS", _THREADS)


class XPBench:
    """Base class: subclasses list their own params after ``backend``.

    Subclasses set ``functions = (framekit_func, ...)`` so that capability-table
    exclusions skip instead of failing, define ``setup(self, backend, ...)``
    calling ``self.setup_backend(backend)``, and time with ``self.sync(...)``.
    """

    params: list = [BACKENDS]
    param_names: list = ["backend"]
    functions: tuple = ()
    timeout = 120

    def setup_backend(self, backend: str) -> None:
        lib, _, dev = backend.partition(":")
        for func in self.functions:
            reason = _backend.unsupported_reason(func, lib)
            if reason:
                raise NotImplementedError(reason)
        try:
            mod = importlib.import_module(lib)
        except ImportError as exc:
            raise NotImplementedError(f"{lib} not installed") from exc
        self._lib = lib
        if lib == "torch":
            if _THREADS:
                mod.set_num_threads(int(_THREADS))
            if dev == "cuda" and not mod.cuda.is_available():
                raise NotImplementedError("no CUDA device")
            self.device = mod.device(dev or "cpu")
        elif lib == "cupy":
            if not mod.cuda.is_available():
                raise NotImplementedError("no CUDA device")
            self.device = mod.cuda.Device(0)
        elif lib == "jax.numpy":
            import jax

            jax.config.update("jax_enable_x64", True)
            self.device = jax.devices(dev or "cpu")[0]
        else:
            self.device = None
        self.xp = _backend.get_namespace(mod)
        self._mod = mod

    def asarray(self, a: np.ndarray):
        """A NumPy array moved to the backend and device under test."""
        return self.xp.asarray(a, device=self.device) if self.device is not None else self.xp.asarray(a)

    def sync(self, result):
        """Block until ``result`` (an array or a tuple of arrays) is computed."""
        lib = self._lib
        if lib == "torch" and self.device.type == "cuda":
            self._mod.cuda.synchronize()
        elif lib == "cupy":
            self._mod.cuda.get_current_stream().synchronize()
        elif lib == "jax.numpy":
            import jax

            jax.block_until_ready(result)
        elif lib == "dask.array":
            import dask

            dask.compute(result)
        return result
