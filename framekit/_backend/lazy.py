"""Dask along the batch axis: run a function chunk by chunk, lazily, with one task chain per chunk.

framekit's algorithms are written once for whole arrays.  Run on a Dask array directly,
some of them would reshape the batch dimensions together (``reshape(x, (-1, L))``), mix
batch chunks in a matmul, or read a value (``float(xp.max(...))``), which computes the
graph.  Batch laziness is therefore a property of this layer, not of each algorithm:

* :func:`lazy_batch` decorates a public function whose argument ``x`` has shape
  ``(*batch, *core)`` (``core`` trailing dimensions: 1 for a signal ``(..., L)``, 2 for
  coefficients ``(..., F, N)``).  On a Dask array it returns Dask arrays at once, with
  **no compute**: the function runs on each chunk (a NumPy or CuPy block, the chunk's own
  library) through :func:`dask.array.apply_gufunc`, so each batch chunk is one
  independent chain of tasks (no task reads two batch chunks) and the result equals the
  function on the computed array.  Any other input goes straight to the function.
* :func:`map_bag` maps a transform over a list of files as a Dask bag, on a
  ``dask.distributed`` client or the local threaded scheduler (:func:`framekit.map_files`).
* :func:`lazy_draws` builds a Monte Carlo array whose leading axis (the draws) is split
  into independent chunks, each drawn by a NumPy call with its own seed.

The output's shapes and dtypes come from one call of the function on a *probe*: a block of
the chunk's library with every batch dimension of length 1 and the real core shape (seeded
normal values), run at call time.  It costs one signal's worth of work, it raises the
function's own error for bad shapes, sizes or options at call time (as for eager input),
and it never reads the Dask array's values.  (A Dask array with no batch dimension is one
chunk: the probe then costs as much as the computation itself; give Dask a batch.)  Value checks (NaN/inf, data-dependent
conditions) run inside each chunk's task, so they raise at ``.compute()``.

What must hold per function (declared where it is decorated): the result's leading
dimensions (``out_batch="leading"``) or trailing ones (``"trailing"``) are the batch
dimensions, computed independently for each batch entry.  Any per-signal reduction (the
phase derivatives' energy floor is the loudest frame *of each signal*) is then the same
per chunk; a reduction over the whole batch would not be, and such a function is not
decorated.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import math
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import array_api_compat as aac

__all__ = ["is_dask", "lazy_batch", "lazy_draws", "map_bag"]

F = TypeVar("F", bound=Callable[..., Any])


def is_dask(x: Any) -> bool:
    """True for a Dask array (cheap: false at once when dask was never imported)."""
    return bool(aac.is_dask_array(x))


def lazy_batch(arg: str = "x", *, core: int = 1, out_batch: str = "leading") -> Callable[[F], F]:
    """Run the decorated function lazily, chunk by chunk, on a Dask array ``arg``.

    Parameters
    ----------
    arg : str
        The batched argument, shape ``(*batch, *core)``.
    core : int
        Its number of trailing core dimensions (each computed in one chunk: they are
        rechunked to one chunk if needed, which merges chunks within a batch chunk only).
    out_batch : {"leading", "trailing"}
        Where the batch dimensions are in every output.

    Notes
    -----
    The function's other arguments are passed to every chunk's call as they are (pickled
    with the task on a distributed cluster); other Dask arrays among them (a window) are
    passed whole, in one chunk, to every batch chunk's task.  Outputs may be an array or a
    tuple (or NamedTuple) of arrays.
    """
    if out_batch not in ("leading", "trailing"):
        raise ValueError(f"out_batch must be 'leading' or 'trailing', got {out_batch!r}")

    def decorate(func: F) -> F:
        pos = list(inspect.signature(func).parameters).index(arg)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            x = args[pos] if len(args) > pos else kwargs.get(arg)
            if not is_dask(x):
                return func(*args, **kwargs)
            return _map_batch(func, args, kwargs, pos, arg, x, core, out_batch)

        wrapper.__framekit_lazy__ = {"arg": arg, "core": core, "out_batch": out_batch}  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def _with(args: tuple[Any, ...], kwargs: dict[str, Any], pos: int, arg: str, value: Any) -> tuple[tuple, dict]:
    if len(args) > pos:
        return (*args[:pos], value, *args[pos + 1 :]), kwargs
    return args, {**kwargs, arg: value}


def _substituted(args: tuple, kwargs: dict, pairs: list[tuple[Any, Any]]) -> tuple[tuple, dict]:
    """args and kwargs with the arguments named by ``pairs`` (position or keyword) replaced."""
    a, kw = list(args), dict(kwargs)
    for key, value in pairs:
        if isinstance(key, int):
            a[key] = value
        else:
            kw[key] = value
    return tuple(a), kw


def _flatten(result: Any, where: str) -> tuple[list[Any], Callable[[list[Any]], Any]]:
    """The arrays of a result (an array or a tuple/NamedTuple of arrays) and how to rebuild it."""
    if isinstance(result, tuple):
        leaves = list(result)
        rebuild: Callable[[list[Any]], Any]
        if hasattr(result, "_fields"):  # a NamedTuple
            cls = type(result)
            rebuild = lambda v: cls(*v)
        else:
            rebuild = tuple
    else:
        leaves, rebuild = [result], lambda v: v[0]
    for leaf in leaves:
        if not aac.is_array_api_obj(leaf):
            raise TypeError(f"{where} returns {type(leaf).__name__}, not an array: it cannot run lazily on Dask")
    return leaves, rebuild


def _probe_block(meta_xp: Any, shape: tuple[int, ...], dtype: Any) -> Any:
    """Seeded normal values of ``shape`` in the chunks' library (complex for a complex dtype)."""
    from . import random_normal  # the package imports this module at its end

    kind = "complex floating" if meta_xp.isdtype(dtype, "complex floating") else "real floating"
    floating = dtype if meta_xp.isdtype(dtype, ("real floating", "complex floating")) else (
        meta_xp.complex128 if kind == "complex floating" else meta_xp.float64
    )
    values = random_normal(meta_xp, shape, seed=0, dtype=floating, device=None)
    return values if values.dtype == dtype else meta_xp.astype(values, dtype)


def _map_batch(func: Callable[..., Any], args: tuple, kwargs: dict, pos: int, arg: str, x: Any,
               core: int, out_batch: str) -> Any:
    import dask.array as da  # the backend layer may name array libraries

    where = f"{func.__qualname__}"
    # other Dask arrays (a window...): whole, in one chunk, broadcast to every batch chunk
    extras = [(k, v) for k, v in [*enumerate(args), *kwargs.items()] if v is not x and is_dask(v)]
    for k, v in extras:
        if any(math.isnan(s) for s in v.shape):
            raise ValueError(f"{where}: argument {k!r} has unknown sizes; call compute_chunk_sizes() first")
    meta_xp = aac.array_namespace(x._meta)
    nb = x.ndim - core
    if nb < 0:  # fewer dimensions than the core: the function's own error, from a probe
        pa, pk = _with(args, kwargs, pos, arg, _probe_block(meta_xp, tuple(int(s) for s in x.shape), x.dtype))
        pa, pk = _substituted(pa, pk, [(k, _probe_block(meta_xp, tuple(v.shape), v.dtype)) for k, v in extras])
        func(*pa, **pk)
        return func(*args, **kwargs)  # (it accepted the shape: nothing to map over)
    if any(math.isnan(s) for s in x.shape[nb:]):
        raise ValueError(
            f"{arg} has unknown sizes {tuple(x.shape)} along its last {core} axes; call "
            f"{arg}.compute_chunk_sizes() first"
        )
    core_shape = tuple(int(s) for s in x.shape[nb:])
    probe = _probe_block(meta_xp, (1,) * nb + core_shape, x.dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the probe's values are arbitrary: its warnings are noise
        pa, pk = _with(args, kwargs, pos, arg, probe)
        pa, pk = _substituted(pa, pk, [(k, _probe_block(meta_xp, tuple(v.shape), v.dtype)) for k, v in extras])
        leaves, rebuild = _flatten(func(*pa, **pk), where)
    core_out = []
    for leaf in leaves:
        shape = tuple(leaf.shape)
        batch_part = shape[:nb] if out_batch == "leading" else shape[len(shape) - nb :]
        if len(shape) < nb or batch_part != (1,) * nb:
            raise TypeError(f"{where}: an output of shape {shape} does not keep the batch dimensions")
        core_out.append(shape[nb:] if out_batch == "leading" else shape[: len(shape) - nb])
    single = len(leaves) == 1

    if any(n > 1 for n in x.numblocks[nb:]):
        x = x.rechunk({i: -1 for i in range(nb, x.ndim)})  # within each batch chunk only

    extras = [(k, v.rechunk(-1) if any(n > 1 for n in v.numblocks) else v) for k, v in extras]

    def block(b: Any, *others: Any) -> Any:
        ba, bk = _with(args, kwargs, pos, arg, b)
        ba, bk = _substituted(ba, bk, [(k, o) for (k, _), o in zip(extras, others)])
        out, _ = _flatten(func(*ba, **bk), where)
        if out_batch == "trailing":
            bxp = aac.array_namespace(*out)
            out = [bxp.permute_dims(o, (*range(o.ndim - nb, o.ndim), *range(o.ndim - nb))) for o in out]
        return out[0] if single else tuple(out)

    block.__name__ = func.__name__
    names = (f"o{k}" for k in itertools.count())
    sig_in = "(" + ",".join(f"i{j}" for j in range(core)) + ")"
    outs: list[str] = []
    sizes: dict[str, int] = {}
    for shape in core_out:
        dims = [next(names) for _ in shape]
        sizes.update(zip(dims, shape))
        outs.append("(" + ",".join(dims) + ")")
    for e, (_, v) in enumerate(extras):
        sig_in += ",(" + ",".join(f"e{e}_{j}" for j in range(v.ndim)) + ")"
    signature = f"{sig_in}->" + (outs[0] if single else ",".join(outs))
    metas = [meta_xp.empty((0,) * (nb + len(c)), dtype=leaf.dtype) for c, leaf in zip(core_out, leaves)]
    result = da.apply_gufunc(
        block, signature, x, *(v for _, v in extras),
        output_sizes=sizes, allow_rechunk=False, vectorize=False,
        meta=metas[0] if single else tuple(metas),
    )
    lazies = [result] if single else list(result)
    if out_batch == "trailing":
        lazies = [da.moveaxis(r, list(range(nb, r.ndim)), list(range(r.ndim - nb))) for r in lazies]
    return rebuild(lazies)


def lazy_draws(draw: Callable[[int, int], Any], sizes: list[int], *, dtype: Any, tail: tuple[int, ...] = ()) -> Any:
    """A Dask array of Monte Carlo draws, one independent chunk per entry of ``sizes``.

    ``draw(k, n)`` returns chunk ``k``'s ``n`` draws, shape ``(n, *tail)``, as a NumPy array
    (called inside the chunk's task; it seeds its own generator from ``k``).
    """
    import dask
    import dask.array as da
    import numpy  # the chunks are NumPy arrays

    parts = [
        da.from_delayed(dask.delayed(draw, pure=True)(k, n), shape=(n, *tail), dtype=dtype,
                        meta=numpy.empty((0,) * (1 + len(tail)), dtype=dtype))
        for k, n in enumerate(sizes)
    ]
    return parts[0] if len(parts) == 1 else da.concatenate(parts, axis=0)


def map_bag(load: Callable[[Any], Any], transform: Callable[[Any], Any], items: list[Any], *,
            client: Any, items_per_task: int, compute: bool) -> Any:
    """``[transform(load(item)) for item in items]`` as a Dask bag (one task per
    ``items_per_task`` items), computed on ``client`` (a ``dask.distributed.Client``) or,
    without one, on the local threaded scheduler; ``compute=False`` returns the bag."""
    def run(item: Any) -> Any:
        return transform(load(item))

    try:
        import dask.bag as db
    except ImportError:
        if compute and client is None:  # no Dask here: the same results, one file after another
            return [run(item) for item in items]
        raise ImportError('this needs Dask: pip install "framekit[dask]"') from None
    import dask

    def apply(item: Any, transform: Any) -> Any:
        return transform(load(item))

    # The transform is one key of the graph, not a copy inside every task: each worker
    # deserializes it once and every task there calls the same object, so what it builds on
    # first use (a filterbank) is built once per worker, not once per task.
    shared = dask.delayed(transform, pure=True, traverse=False)
    bag = db.from_sequence(items, partition_size=items_per_task).map(apply, shared)
    if not compute:
        return bag
    if client is None:
        return bag.compute(scheduler="threads")
    return client.compute(bag, sync=True)
