"""Scale out over files: one transform mapped over a list of WAV files with Dask.

:func:`map_files` reads each file with :func:`framekit.read_wav` and applies a transform to
it, as a Dask bag with one task per ``files_per_task`` files, on a ``dask.distributed``
client the caller passes (a ``LocalCluster``, a dask-jobqueue or Kubernetes cluster) or, by
default, on the local threaded scheduler.  Files are read where the task runs: the paths
must be readable from the workers (a shared or object file system).  See
``docs/scale_out.md`` for the cluster recipes, chunk sizes and measured figures.

This module names no array library: the Dask machinery is in
:func:`framekit._backend.lazy.map_bag` (Dask itself is an optional dependency,
``pip install "framekit[dask]"``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from . import _backend as _b
from . import _validate as _v
from .io import WavFile, read_wav

__all__ = ["map_files"]


def _read(dtype: str) -> Callable[[Any], WavFile]:
    def load(path: Any) -> WavFile:
        return read_wav(path, dtype=dtype)

    return load


def map_files(
    transform: Callable[[WavFile], Any],
    paths: Sequence[str | os.PathLike[str]],
    *,
    client: Any = None,
    files_per_task: int = 1,
    dtype: str = "float64",
    compute: bool = True,
) -> Any:
    r"""Apply ``transform`` to every WAV file of ``paths``, in parallel with Dask.

    .. math::

        [\,\mathrm{transform}(\mathrm{read\_wav}(p))\ \text{for } p \text{ in paths}\,]

    Parameters
    ----------
    transform : callable
        Called with each file's :class:`framekit.WavFile` (``data`` of shape
        ``(channels, frames)``, ``fs``, ``info``); returns anything picklable (arrays,
        tuples, a summary).  On a distributed cluster it is pickled (cloudpickle) to the
        workers: closures and lambdas work; what it uses must be importable there.
    paths : sequence of str or os.PathLike
        WAV files, readable where the tasks run.
    client : dask.distributed.Client, optional
        Where to run; default (None) the local threaded scheduler (where Dask is not
        installed, a plain loop over the files, with the same results).
    files_per_task : int
        Files read and transformed by one task (one Dask bag partition); raise it when a
        file takes well under 100 ms, so that the scheduler's ~1 ms per task stays small.
    dtype : {"float64", "float32"}
        As for :func:`framekit.read_wav`.
    compute : bool
        Return the results (a list, in the order of ``paths``); False returns the lazy
        ``dask.bag.Bag`` instead, to chain further steps (``.map``, ``.filter``,
        ``.fold``, ``.to_dataframe``) before computing.

    Returns
    -------
    list or dask.bag.Bag

    Raises
    ------
    TypeError
        If transform is not callable, paths is a single str or not a sequence of file
        names, client has no ``compute`` method, or a size or flag has the wrong type.
    ValueError
        For ``files_per_task < 1`` or an unknown dtype; a file that cannot be read raises
        :func:`framekit.read_wav`'s error when the results are computed.

    Examples
    --------
    >>> import os, tempfile, numpy as np, framekit
    >>> folder = tempfile.mkdtemp()
    >>> paths = [os.path.join(folder, f"{i}.wav") for i in range(3)]
    >>> for i, p in enumerate(paths):
    ...     framekit.write_wav(p, np.full((1, 64), 0.25 * i), 8000)
    >>> framekit.map_files(lambda w: float(w.data.max()), paths)  # doctest: +SKIP
    [0.0, 0.25, 0.5]
    """
    if not callable(transform):
        raise TypeError(f"transform must be callable (a function of a WavFile), got {type(transform).__name__}")
    if isinstance(paths, (str, bytes, os.PathLike)) or not isinstance(paths, Sequence):
        raise TypeError(
            f"paths must be a sequence (list, tuple) of WAV file names, got {type(paths).__name__}"
        )
    for i, p in enumerate(paths):
        if not isinstance(p, (str, os.PathLike)):
            raise TypeError(f"paths[{i}] must be a str or os.PathLike file name, got {type(p).__name__}")
    if client is not None and not callable(getattr(client, "compute", None)):
        raise TypeError(
            f"client must be a dask.distributed.Client (or None for the local threaded "
            f"scheduler), got {type(client).__name__}"
        )
    files_per_task = _v.positive_int(files_per_task, "files_per_task")
    compute = _v.flag(compute, "compute")
    name = getattr(dtype, "__name__", None) or str(dtype)
    if name not in ("float32", "float64"):
        raise ValueError(f"dtype must be float32 or float64, got {dtype!r}")
    if not paths and compute:
        return []
    return _b.lazy.map_bag(_read(name), transform, list(paths), client=client,
                           items_per_task=files_per_task, compute=compute)
