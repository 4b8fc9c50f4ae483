"""Shared machinery for framekit's asv benchmarks.

``XPBench`` adds a ``backend`` parameter; ``setup_backend(name)`` imports the
backend, picks its device, and raises ``NotImplementedError`` (asv's "skip this
combination") when the backend or device is unusable here, or when a function's
capability table excludes it.  ``self.sync(result)`` waits for asynchronous
(GPU) or lazy (JAX, Dask) backends so that a timing covers the whole computation.

Peer rows (other libraries timed on the same task) call ``require_peer(name)`` in their
``setup``: a missing peer skips the row with a message that names it and the pip command
that installs it; asv prints that message under the n/a row with ``--show-stderr``.
``python asv_bench/peers.py`` lists every peer and backend, installed or not, in one table.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import sys
from typing import ClassVar

import numpy as np

from framekit import _backend

BACKENDS = ("numpy", "array_api_strict", "torch:cpu", "torch:cuda", "jax.numpy:cpu", "dask.array", "cupy")

#: FRAMEKIT_BENCH_SMOKE=1 (the quick check, CI) keeps only the first, smallest value of each
#: size sweep (and fewer samples where a benchmark loops), so that every benchmark, backend
#: and peer row still runs once, in about two minutes on two cores.
SMOKE = os.environ.get("FRAMEKIT_BENCH_SMOKE") == "1"

#: How to install each backend (the ``backend`` parameter's library) where it is missing.
BACKEND_INSTALL = {
    "array_api_strict": 'pip install -e ".[bench]"',
    "torch": 'pip install -e ".[bench]"',  # the release CI tests (torch==2.13.0)
    "jax.numpy": 'pip install -e ".[jax]"',
    "dask.array": 'pip install -e ".[dask]"',
    "cupy": 'pip install -e ".[cupy]" on a CUDA machine',
}

#: The peer libraries: name -> (pip requirement, the rows that time it).
PEERS = {
    "scipy": ("scipy>=1.13", ("filterbank.PeerOaconvolve, stft.PeerScipyShortTimeFFT, "
                              "relu.MaxBiasPolytope (the polytope method runs on scipy)")),
    "librosa": ("librosa>=0.10", "stft.PeerLibrosa"),
    "torch": ("torch==2.13.0", "stft.PeerTorchSTFT (torch.stft); the torch:* backend rows too"),
    "hybra": ("hybra>=2026.2", "filterbank.PeerHybraISAC"),
}

#: The tests' stand-in for torchaudio (hybra imports it; it has no build for every torch).
_TESTS_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests"))


def sweep(values) -> tuple:
    """A size sweep; only its first (smallest) value in a smoke run."""
    return tuple(values[:1]) if SMOKE else tuple(values)


def smoke_or(smoke_value, full_value):
    """``smoke_value`` in a smoke run, ``full_value`` otherwise (for loop counts)."""
    return smoke_value if SMOKE else full_value


def missing_peer_message(name: str, exc: BaseException) -> str:
    """One line: which peer is missing, why, which rows it skips, and the pip command."""
    req, rows = PEERS[name]
    why = str(exc).replace("'", "")  # asv prints the repr: keep it free of escaped quotes
    return (f"peer {name} unavailable ({why}); rows that need it: {rows}. Install the peers "
            f'with: pip install -e ".[bench]"  (or just this one: pip install "{req}")')


def _import_hybra():
    """hybra imports torchaudio (for its MFCC front end only, which no row times); where
    torchaudio is missing (no build for this torch), use the tests' stand-in."""
    importlib.import_module("torch")
    if importlib.util.find_spec("torchaudio") is None:
        if not os.path.isfile(os.path.join(_TESTS_DIR, "_torchaudio_stub.py")):
            raise ImportError("torchaudio is missing and tests/_torchaudio_stub.py is not there")
        if _TESTS_DIR not in sys.path:
            sys.path.insert(0, _TESTS_DIR)
        importlib.import_module("_torchaudio_stub").install()
    return importlib.import_module("hybra")


def require_peer(name: str):
    """Import and return the peer library ``name``, or skip the row saying why and how to fix it."""
    try:
        return _import_hybra() if name == "hybra" else importlib.import_module(name)
    except ImportError as exc:
        raise NotImplementedError(missing_peer_message(name, exc)) from exc


def torch_gpu_reason() -> str | None:
    """Why torch has no GPU here, or None if it may have one (or is not installed at all:
    the caller reports that, with the pip command).

    A CPU-only torch build is recognised from ``torch/version.py`` without importing torch
    (1-2 s per benchmark process), so the ``torch:cuda`` rows of a CPU machine skip at once.
    """
    spec = importlib.util.find_spec("torch")
    if spec is None:
        return None
    try:
        locs = spec.submodule_search_locations or []
        with open(os.path.join(locs[0], "version.py"), encoding="utf-8") as f:
            text = f.read()
    except (OSError, IndexError):
        text = ""
    builds = {k: re.search(rf"^{k}\s*(?::[^=\n]*)?=\s*(\S+)", text, re.MULTILINE) for k in ("cuda", "hip")}
    if text and all(m is not None and m.group(1) == "None" for m in builds.values()):
        ver = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)", text, re.MULTILINE)
        return f"no CUDA device: torch {ver.group(1) if ver else ''} is a CPU-only build"
    import torch

    return None if torch.cuda.is_available() else "no CUDA device"


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

    params: ClassVar[tuple] = (BACKENDS,)
    param_names: ClassVar[tuple] = ("backend",)
    functions: tuple = ()
    timeout = 120

    def setup_backend(self, backend: str) -> None:
        lib, _, dev = backend.partition(":")
        for func in self.functions:
            reason = _backend.unsupported_reason(func, lib)
            if reason:
                raise NotImplementedError(reason)
        if importlib.util.find_spec(lib.partition(".")[0]) is None:
            raise NotImplementedError(f"{lib} not installed (backend row; {BACKEND_INSTALL[lib]})")
        if lib == "torch" and dev == "cuda":
            reason = torch_gpu_reason()
            if reason:
                raise NotImplementedError(reason)
        try:
            mod = importlib.import_module(lib)
        except ImportError as exc:
            raise NotImplementedError(f"{lib} not importable: {exc}") from exc
        self._lib = lib
        if lib == "torch":
            if _THREADS:
                mod.set_num_threads(int(_THREADS))
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
