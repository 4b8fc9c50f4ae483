"""Serial vs Dask figures for docs/scale_out.md: one transform over 64 WAV files of 2**16 samples.

The transform is the issue's: ``stft`` + ``phase_derivatives`` + ISAC analysis of each file.
Rows: a plain loop; ``framekit.map_files`` on the local threaded scheduler (the default,
2 threads); on a ``LocalCluster`` of 2 worker processes (1 thread each) and of 2 worker
threads in one process; and the batch as one Dask array (the files stacked, chunks of 8
signals) through the lazy transforms.  Each row is the best of ``--repeat`` runs, after one
warm-up run (the cluster's start-up is timed separately).

    python asv_bench/scale_out_figures.py [--files 64] [--length 65536] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import numpy as np

import framekit

N_FFT, HOP = 1024, 256


class Transform:
    """stft + phase_derivatives + ISAC analysis of a file's first channel, summarized.

    The filterbank is built on first use and not pickled (``__getstate__``): a task ships a
    few hundred bytes instead of the filterbank's arrays (about 100 MB for 40 channels at
    2**16 samples).  On a distributed worker it is kept on the worker object, so the warm-up
    call builds it once per worker and the timed calls reuse it (steady state).
    """

    def __init__(self, fs: float, length: int):
        self.fs, self.length, self._fb = fs, length, None

    def __getstate__(self):
        return {"fs": self.fs, "length": self.length, "_fb": None}

    @property
    def fb(self):
        if self._fb is None:
            try:  # on a dask.distributed worker: built once per worker, kept across calls
                from distributed import get_worker

                cache = get_worker().__dict__.setdefault("framekit_cache", {})
            except (ImportError, ValueError):  # not on a worker
                cache = {}
            key = ("isac", self.fs, self.length)
            if key not in cache:
                cache[key] = framekit.isac(self.fs, kernel_size=128, num_channels=40, stride=16,
                                           length=self.length)
            self._fb = cache[key]
        return self._fb

    def __call__(self, wav):
        x = wav.data[0]
        c = framekit.stft(x, n_fft=N_FFT, hop_length=HOP)
        f, t = framekit.phase_derivatives(x, n_fft=N_FFT, hop_length=HOP)
        a = self.fb.analysis(x)
        return float(abs(c).sum()), float(f.mean()), float(t.mean()), float(abs(a).sum())


def best(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=64)
    ap.add_argument("--length", type=int, default=2**16)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from dask.distributed import Client, LocalCluster

    fs = 16000
    folder = tempfile.mkdtemp(prefix="framekit_scale_out_")
    rng = np.random.default_rng(0)
    paths = []
    for i in range(args.files):
        p = os.path.join(folder, f"{i:03d}.wav")
        framekit.write_wav(p, 0.1 * rng.standard_normal((1, args.length)), fs, sample_format="float32")
        paths.append(p)
    transform = Transform(float(fs), args.length)
    fb = transform.fb
    serial = [transform(framekit.read_wav(p)) for p in paths]
    print(f"{args.files} files x {args.length} samples; stft + phase_derivatives + ISAC analysis; "
          f"{os.cpu_count()} CPUs; best of {args.repeat}")
    print("| run | seconds | speed-up vs serial |\n|---|---|---|", flush=True)
    class Rows(list):
        def append(self, row):
            super().append(row)
            print(f"| {row[0]} | {row[1]:.2f} | {self[0][1] / row[1]:.2f}x |", flush=True)

    rows = Rows()
    rows.append(("serial loop (1 core)", best(lambda: [transform(framekit.read_wav(p)) for p in paths], args.repeat)))
    got = framekit.map_files(transform, paths, files_per_task=4)
    assert got == serial
    rows.append(("map_files, threaded scheduler (default)",
                 best(lambda: framekit.map_files(transform, paths, files_per_task=4), args.repeat)))
    import dask

    # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which turns off glibc's
    # adaptive mmap threshold: every temporary array over 128 KiB is then mmap'ed and
    # unmapped, page faults and all.  MALLOC_MMAP_THRESHOLD_ restores heap reuse.
    configs = (("2 worker processes (Dask's default environment)", True, {}),
               ("2 worker processes, MALLOC_MMAP_THRESHOLD_=32 MiB", True,
                {"distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": 2**25}),
               ("2 worker threads, 1 process", False, {}))
    for kind, processes, config in configs:
        where = {"host": "127.0.0.1"} if processes else {}  # threads: in-process transport
        t0 = time.perf_counter()
        with dask.config.set(config), LocalCluster(n_workers=2, threads_per_worker=1, processes=processes,
                                                   dashboard_address=None, **where) as cluster, \
                Client(cluster) as client:
            start = time.perf_counter() - t0
            got = framekit.map_files(transform, paths, client=client, files_per_task=4)
            assert np.allclose(np.array(got), np.array(serial), rtol=1e-12)
            rows.append((f"map_files, LocalCluster: {kind} (start-up {start:.1f} s)",
                         best(lambda c=client: framekit.map_files(transform, paths, client=c, files_per_task=4),
                              args.repeat)))
    import dask.array as da

    X = np.stack([framekit.read_wav(p).data[0] for p in paths])
    xd = da.from_array(X, chunks=(8, -1))

    def lazy_batch():
        c = framekit.stft(xd, n_fft=N_FFT, hop_length=HOP)
        f, t = framekit.phase_derivatives(xd, n_fft=N_FFT, hop_length=HOP)
        return dask.compute(abs(c).sum(axis=(-2, -1)), f.mean(axis=(-2, -1)), t.mean(axis=(-2, -1)),
                            abs(fb.analysis(xd)).sum(axis=(-2, -1)), scheduler="threads")

    rows.append(("one Dask array (chunks of 8 signals), threaded", best(lazy_batch, args.repeat)))


if __name__ == "__main__":
    main()
