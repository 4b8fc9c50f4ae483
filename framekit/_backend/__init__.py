"""The backend layer: the only module of framekit that names an array library.

Algorithm modules call :func:`namespace_and_device` on their inputs, get a
compat-wrapped namespace ``xp`` and the common device, convert their inputs with
:func:`as_float`, and create every new array with explicit ``dtype=`` and
``device=``.  They never import numpy, torch, cupy, jax or dask themselves.

What lives here:

* namespace and device lookup with clear errors for mixed inputs;
* the dtype policy (integer/bool -> the namespace's default real float,
  float32 stays float32, complex stays complex);
* validation (rank, finiteness) that costs one pass and never forces a lazy
  array to compute;
* access to the ``fft`` and ``linalg`` extensions with a clear error where a
  backend lacks them;
* seeded random numbers created directly on the target backend (the standard
  has no random module);
* the capability table (:func:`supports`) read by the tests and benchmarks;
* :func:`backends`, the report of what is importable and usable here;
* re-exported from :mod:`.fast`: the NumPy/CuPy/torch fast paths (zero-copy framing,
  cache blocking, ``out=`` writes) -- :func:`sliding_frames`, :func:`fft_chunk_rows`,
  :func:`binary_into`, :func:`conj_into`, :func:`rfft_into`;
* re-exported from :mod:`.portable`: :class:`Portable` (objects holding ``xp`` pickle,
  deep-copy and ``torch.save``) and :func:`copy_array` (freeze constructor arrays).
* re-exported from :mod:`.lazy`: :func:`lazy_batch` (a decorator: the transform runs chunk
  by chunk on a Dask array, lazily, one task chain per batch chunk) and :func:`lazy_draws`
  (Monte Carlo draws as independent Dask chunks); :func:`.lazy.map_bag` serves
  :func:`framekit.map_files`.

Host geometry and the max-bias selection kernels live in :mod:`.geometry` and
:mod:`.select`.  At about 520 lines this module is a little over the project's
500-line guide: what is left is the one place that names array libraries for
namespaces, devices, dtypes, random numbers, synchronization and the availability
report, in small independent sections.
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import array_api_compat as aac
import array_api_extra as xpx

__all__ = [
    "ARRAY_EXPECTED",
    "KNOWN_BACKENDS",
    "Portable",
    "as_float",
    "at",
    "backend_name",
    "backends",
    "binary_into",
    "check_finite",
    "complex_dtype",
    "conj_into",
    "copy_array",
    "device_named",
    "eps",
    "fft",
    "fft_chunk_rows",
    "get_namespace",
    "is_array",
    "is_lazy",
    "lazy_batch",
    "lazy_draws",
    "linalg",
    "namespace_and_device",
    "random_normal",
    "real_dtype",
    "rfft_into",
    "sliding_frames",
    "supports",
    "synchronize",
    "to_host",
    "unsupported_reason",
]

#: Backend names used by the capability table, the tests and the benchmarks.
KNOWN_BACKENDS = ("numpy", "array_api_strict", "torch", "cupy", "jax.numpy", "dask.array")

F = TypeVar("F", bound=Callable[..., Any])

# --------------------------------------------------------------------------
# capability table
# --------------------------------------------------------------------------

_CAPABILITIES: dict[str, dict[str, str]] = {}


def supports(*, skip: dict[str, str] | None = None) -> Callable[[F], F]:
    """Declare the backends a public function does not support, with the reason.

    The table is read by the test fixture (``tests/conftest.py``) and by the asv
    base class, which skip those backends instead of failing.

    Parameters
    ----------
    skip : dict, optional
        Maps a backend name (one of ``KNOWN_BACKENDS``) to the reason.
    """
    skip = dict(skip or {})
    unknown = set(skip) - set(KNOWN_BACKENDS)
    if unknown:
        raise ValueError(f"supports(skip=...): unknown backend names {sorted(unknown)}")

    def decorate(func: F) -> F:
        _CAPABILITIES[func.__qualname__] = skip
        func.__framekit_skip__ = skip  # type: ignore[attr-defined]
        return func

    return decorate


def unsupported_reason(func: Callable[..., Any], backend: str) -> str | None:
    """Return why ``func`` does not support ``backend``, or None if it does."""
    skip = getattr(func, "__framekit_skip__", {})
    return skip.get(backend.split(":")[0])


# --------------------------------------------------------------------------
# namespaces, devices and dtypes
# --------------------------------------------------------------------------

_NAMESPACE_CACHE: dict[int, Any] = {}


def get_namespace(xp: Any = None) -> Any:
    """Return the compat-wrapped namespace for ``xp``.

    ``xp`` may be None (NumPy), an array library module (``numpy``, ``torch``,
    ``cupy``, ``array_api_strict``, ``jax.numpy``, ``dask.array``) or an already
    wrapped namespace.
    """
    if xp is None:
        return aac.array_namespace(_numpy_empty())
    key = id(xp)
    cached = _NAMESPACE_CACHE.get(key)
    if cached is not None:
        return cached
    empty = getattr(xp, "empty", None)
    if empty is None:
        raise TypeError(f"xp must be an array library namespace, got {xp!r}")
    ns = aac.array_namespace(empty(0))
    _NAMESPACE_CACHE[key] = ns
    return ns


def _numpy_empty() -> Any:
    import numpy  # the default namespace when none is given

    return numpy.empty(0)


@functools.cache
def backend_name(xp: Any) -> str:
    """Name of the library behind a namespace, as in ``KNOWN_BACKENDS`` (cached: chunked
    loops ask for it several times per chunk)."""
    for name, test in (
        ("numpy", aac.is_numpy_namespace),
        ("torch", aac.is_torch_namespace),
        ("cupy", aac.is_cupy_namespace),
        ("jax.numpy", aac.is_jax_namespace),
        ("dask.array", aac.is_dask_namespace),
        ("array_api_strict", aac.is_array_api_strict_namespace),
    ):
        if test(xp):
            return name
    return getattr(xp, "__name__", repr(xp))


#: What an array argument must be, in the words of every "not an array" TypeError
#: (:func:`framekit._validate.require_array` says it of None).
ARRAY_EXPECTED = (
    "must be an array of an array-API library (numpy, torch, cupy, array_api_strict, jax, dask)"
)


def namespace_and_device(*args: tuple[str, Any], xp: Any = None) -> tuple[Any, Any]:
    """Namespace and device shared by the named array arguments.

    Parameters
    ----------
    *args : (str, array or None)
        ``(name, value)`` pairs; None values are ignored.
    xp : namespace, optional
        Skip the lookup (internal callers that already know it).

    Raises
    ------
    TypeError
        If an argument is not an array, or arrays come from different libraries.
    ValueError
        If arrays live on different devices.
    """
    arrays = [(name, a) for name, a in args if a is not None]
    for name, a in arrays:
        if not aac.is_array_api_obj(a):
            raise TypeError(f"{name} {ARRAY_EXPECTED}, got {type(a).__name__}")
    if xp is None:
        kinds = {type(a) for _, a in arrays}
        xp = _NAMESPACE_BY_TYPE.get(kinds.pop()) if len(kinds) == 1 else None
    if xp is None:
        try:
            xp = aac.array_namespace(*(a for _, a in arrays))
            if len({type(a) for _, a in arrays}) == 1 and _type_determines_namespace(arrays[0][1]):
                _NAMESPACE_BY_TYPE[type(arrays[0][1])] = xp
        except TypeError:
            described = ", ".join(f"{n}: {type(a).__module__}.{type(a).__name__}" for n, a in arrays)
            raise TypeError(
                f"arguments come from different array libraries ({described}); "
                "convert them to one library first"
            ) from None
    for name, a in arrays:
        if a.dtype in _half_dtypes(xp):
            raise TypeError(
                f"{name} has dtype {a.dtype}; framekit computes in float32 or float64 (and "
                f"their complex types): convert it first, e.g. xp.astype({name}, xp.float32)"
            )
    device = aac.device(arrays[0][1]) if arrays else None
    for name, a in arrays[1:]:
        if aac.device(a) != device and None not in (aac.device(a), device):  # None: a jit tracer's
            if type(a).__module__.split(".")[0] != type(arrays[0][1]).__module__.split(".")[0]:
                raise TypeError(  # (with xp= given, the library lookup was skipped)
                    f"{name} ({type(a).__module__}.{type(a).__name__}) and {arrays[0][0]} "
                    f"({type(arrays[0][1]).__module__}.{type(arrays[0][1]).__name__}) come from "
                    "different array libraries; convert them to one library first"
                )
            raise ValueError(
                f"{name} is on device {aac.device(a)} but {arrays[0][0]} is on {device}; "
                "move them to one device first"
            )
    return xp, device


_NAMESPACE_BY_TYPE: dict[type, Any] = {}
_HALF_DTYPES: dict[int, tuple[Any, ...]] = {}


def _half_dtypes(xp: Any) -> tuple[Any, ...]:
    """The namespace's 16-bit floating dtypes (float16, bfloat16), which no FFT or eigh
    takes everywhere: refused rather than computed in a precision nobody asked for."""
    key = id(xp)
    if key not in _HALF_DTYPES:
        _HALF_DTYPES[key] = tuple(getattr(xp, n) for n in ("float16", "bfloat16") if hasattr(xp, n))
    return _HALF_DTYPES[key]


def _type_determines_namespace(a: Any) -> bool:
    # For these libraries the compat namespace depends on the array type alone, so the
    # lookup (a few microseconds per call) can be cached by type.
    return bool(aac.is_numpy_array(a) or aac.is_torch_array(a) or aac.is_cupy_array(a))


def real_dtype(xp: Any, dtype: Any) -> Any:
    """The real floating dtype matching a floating or complex ``dtype``."""
    if dtype == xp.complex64:
        return xp.float32
    if dtype == xp.complex128:
        return xp.float64
    return dtype


def complex_dtype(xp: Any, dtype: Any) -> Any:
    """The complex dtype matching a floating or complex ``dtype``."""
    if dtype in (xp.float32, xp.complex64):
        return xp.complex64
    return xp.complex128


_FLOAT_POLICY: dict[tuple[int, Any], Any] = {}


def _float_policy(xp: Any, dtype: Any) -> Any:
    key = (id(xp), dtype)
    result = _FLOAT_POLICY.get(key)
    if result is None:
        if xp.isdtype(dtype, ("real floating", "complex floating")):
            result = dtype
        else:
            result = xp.__array_namespace_info__().default_dtypes()["real floating"]
        _FLOAT_POLICY[key] = result
    return result


_EPS: dict[tuple[int, Any], float] = {}


def eps(xp: Any, dtype: Any) -> float:
    """Machine epsilon of a floating or complex dtype, as a Python float (cached)."""
    key = (id(xp), dtype)
    value = _EPS.get(key)
    if value is None:
        value = _EPS[key] = float(xp.finfo(real_dtype(xp, dtype)).eps)
    return value


def as_float(xp: Any, *arrays: Any) -> tuple[Any, ...]:
    """Cast arrays to their common floating dtype.

    Integer and boolean arrays become the namespace's default real float,
    float32 stays float32 and complex stays complex; several arrays are promoted
    together (float32 with float64 gives float64, real with complex gives
    complex).
    """
    dts = [_float_policy(xp, a.dtype) for a in arrays]
    common = dts[0] if len(dts) == 1 else xp.result_type(*dts)
    return tuple(a if a.dtype == common else xp.astype(a, common) for a in arrays)


def is_array(x: Any) -> bool:
    """True for arrays of any array-API library."""
    return bool(aac.is_array_api_obj(x))


def is_lazy(x: Any) -> bool:
    """True for arrays whose values cannot be read now: Dask graphs, JAX tracers under jit.

    Concrete (eager) JAX arrays are not lazy here, so value checks still run on them.
    """
    if aac.is_jax_array(x):
        import jax

        return isinstance(x, jax.core.Tracer)
    return bool(aac.is_lazy_array(x))


def check_finite(xp: Any, x: Any, name: str) -> None:
    """Raise ValueError if ``x`` holds NaN or inf (one pass; skipped for lazy arrays)."""
    if is_lazy(x):
        return
    if not bool(xp.all(xp.isfinite(x))):
        raise ValueError(f"{name} contains NaN or inf; pass finite values (or check_finite=False)")


def at(x: Any) -> Any:
    """``array_api_extra.at``: out-of-place indexed update that works on every backend."""
    return xpx.at(x)


def fft(xp: Any) -> Any:
    """The namespace's ``fft`` extension, or a clear error."""
    ext = getattr(xp, "fft", None)
    if ext is None:
        raise TypeError(f"the {backend_name(xp)} namespace has no fft extension")
    return ext


def linalg(xp: Any) -> Any:
    """The namespace's ``linalg`` extension, or a clear error."""
    ext = getattr(xp, "linalg", None)
    if ext is None:
        raise TypeError(f"the {backend_name(xp)} namespace has no linalg extension")
    return ext


# --------------------------------------------------------------------------
# random numbers on the target backend
# --------------------------------------------------------------------------


def random_normal(
    xp: Any, shape: Sequence[int], *, seed: int | None, dtype: Any, device: Any
) -> Any:
    """I.i.d. standard normal samples created on the target backend.

    Each backend uses its own generator, so equal seeds give equal arrays on the
    same backend (and device type), not across backends.  A complex ``dtype``
    gives circular complex normals with unit variance.
    """
    shape = tuple(int(s) for s in shape)
    if xp.isdtype(dtype, "complex floating"):
        rdt = real_dtype(xp, dtype)
        both = random_normal(xp, (2, *shape), seed=seed, dtype=rdt, device=device)
        scale = 0.5**0.5
        return xp.astype(both[0, ...] * scale, dtype) + 1j * xp.astype(both[1, ...] * scale, dtype)
    name = backend_name(xp)
    if name == "torch":
        import torch

        gen = torch.Generator(device=device)
        gen.manual_seed(seed if seed is not None else int(torch.seed()))
        return torch.randn(shape, generator=gen, dtype=dtype, device=device)
    if name == "cupy":
        import cupy

        with cupy.cuda.Device(device.id):
            return cupy.random.default_rng(seed).standard_normal(shape, dtype=dtype)
    if name == "jax.numpy":
        import jax

        key = jax.random.key(0 if seed is None else seed)
        return jax.device_put(jax.random.normal(key, shape, dtype=dtype), device)
    if name == "dask.array":
        import dask.array

        return dask.array.random.default_rng(seed).standard_normal(shape).astype(dtype)
    import numpy  # numpy, and array_api_strict (which wraps numpy)

    values = numpy.random.default_rng(seed).standard_normal(shape)
    return xp.asarray(values, dtype=dtype, device=device)


def synchronize(result: Any) -> Any:
    """Block until ``result`` (an array or a tuple of arrays) is computed; return it.

    Timings of asynchronous (CUDA) or lazy (JAX, Dask) backends need this: without
    it they measure only a kernel launch or a graph construction.
    """
    arrays = result if isinstance(result, (tuple, list)) else (result,)
    for a in arrays:
        if not aac.is_array_api_obj(a):
            continue
        if aac.is_torch_array(a) and a.device.type == "cuda":
            import torch

            torch.cuda.synchronize(a.device)
        elif aac.is_cupy_array(a):
            import cupy

            cupy.cuda.get_current_stream().synchronize()
        elif aac.is_jax_array(a):
            a.block_until_ready()
        elif aac.is_dask_array(a):
            a.compute()
    return result


def to_host(a: Any) -> Any:
    """A NumPy copy of an array of any backend (computed, moved off the GPU, detached).

    For presentation only (printing, plotting, one-off host geometry); algorithms
    never call it.
    """
    import numpy  # the host library: plots and reports are made from NumPy arrays

    if aac.is_dask_array(a):
        a = a.compute()
    if aac.is_cupy_array(a):
        return a.get()
    if aac.is_torch_array(a):
        return a.detach().cpu().numpy()
    return numpy.asarray(a)


def device_named(xp: Any, name: str) -> Any:
    """The device of backend ``xp`` called ``name`` (``"cpu"``, ``"cuda"``, ``"cuda:1"``, ...).

    Names are those :func:`backends` lists (its ``devices``); ``"cpu"`` also names the
    default device of NumPy and array-api-strict, and ``"cuda"`` the first GPU.  torch
    devices are built directly: array-api-compat's ``devices()`` probes every device type
    torch knows, which makes torch warn about unrelated ones.

    Raises
    ------
    ValueError
        If the backend has no such device here.
    """
    backend = backend_name(xp)
    listed = _probe(backend)["devices"]
    wanted = f"{name}:0" if f"{name}:0" in listed else name  # "cuda" is the first GPU
    if wanted not in listed and not (name == "cpu" and backend in ("numpy", "array_api_strict")):
        raise ValueError(f"backend {backend} has no device {name!r}; it has {', '.join(listed) or 'none'}")
    if backend == "torch":
        import torch  # devices are torch objects

        return torch.device(wanted)
    if backend == "cupy":
        import cupy  # devices are cupy objects

        return cupy.cuda.Device(int(wanted.split(":")[1]))
    if backend == "jax.numpy":
        import jax  # devices are jax objects

        return next(d for d in jax.devices() if str(d) == wanted)
    return xp.__array_namespace_info__().default_device()


# --------------------------------------------------------------------------
# what is usable here
# --------------------------------------------------------------------------


def _probe(name: str) -> dict[str, Any]:
    info: dict[str, Any] = {"backend": name, "usable": False, "version": None, "devices": []}
    dist = {"jax.numpy": "jax", "dask.array": "dask", "array_api_strict": "array-api-strict"}
    try:
        info["version"] = importlib.metadata.version(dist.get(name, name))
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        mod = importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - any import failure means "not usable"
        info["reason"] = f"import failed: {type(exc).__name__}: {exc}"
        return info
    try:
        if name == "cupy":
            if not mod.cuda.is_available():
                info["reason"] = "imports, but no CUDA device is available"
                return info
            mod.zeros(1)  # a tiny allocation proves the driver works
            info["devices"] = [f"cuda:{i}" for i in range(mod.cuda.runtime.getDeviceCount())]
        elif name == "torch":
            info["devices"] = ["cpu"]
            if mod.cuda.is_available():
                info["devices"] += [f"cuda:{i}" for i in range(mod.cuda.device_count())]
            mps = getattr(mod.backends, "mps", None)
            if mps is not None and mps.is_available():
                info["devices"].append("mps")
        elif name == "jax.numpy":
            import jax

            info["devices"] = [str(d) for d in jax.devices()]
        else:
            ns = aac.array_namespace(mod.empty(0))
            info["devices"] = [str(ns.__array_namespace_info__().default_device())]
    except Exception as exc:  # noqa: BLE001 - a failing probe means "not usable"
        info["reason"] = f"probe failed: {type(exc).__name__}: {exc}"
        return info
    info["usable"] = True
    return info


def backends() -> list[dict[str, Any]]:
    """Report which array backends are importable and usable here.

    Returns
    -------
    list of dict
        One entry per backend in ``KNOWN_BACKENDS`` with keys ``backend``,
        ``usable`` (bool), ``version`` (str or None), ``devices`` (list of str)
        and, when not usable, ``reason``.  CuPy imports without a GPU, so it is
        probed with a tiny allocation.

    Examples
    --------
    >>> import framekit
    >>> [b["backend"] for b in framekit.backends() if b["usable"]][0]
    'numpy'
    """
    return [_probe(name) for name in KNOWN_BACKENDS]


# --------------------------------------------------------------------------
# fast paths (NumPy/CuPy/torch), re-exported so algorithm modules call _b.<name>;
# imported last because fast.py imports backend_name from this package
# --------------------------------------------------------------------------

from .fast import (
    binary_into,
    conj_into,
    fft_chunk_rows,
    rfft_into,
    sliding_frames,
)
from .lazy import lazy_batch, lazy_draws  # Dask along the batch axis (framekit/_backend/lazy.py)
from .portable import Portable, copy_array
