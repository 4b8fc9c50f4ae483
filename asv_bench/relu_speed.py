"""Speed figure of max_bias(method="sampling"), in one run (not an asv benchmark).

W is 1000 x 100 (Gaussian) and there are 10**6 samples with the default chunk_size (512 in
float64, 1024 in float32), on NumPy and torch (CPU), float64 and float32. Each repetition
times the bare GEMM loop first: the same number of (chunk x 100) @ (100 x 1000) products. It then times max_bias. The figure is
GEMM time / max_bias time, i.e. the share of the machine's matrix-multiply rate that the
estimator reaches: from the best times of each (the least disturbed runs) and per repetition. Then:
- peak memory (tracemalloc, NumPy) for several chunk sizes;
- two reference methods on NumPy: a per-sample loop (the research-code style, 10**4
  samples) and a batched method that sorts every sample (10**5 samples).

Run: ``python asv_bench/relu_speed.py [REPS]`` (needs torch for the torch rows); each group
runs in its own process.
"""

import statistics
import subprocess
import sys
import time
import tracemalloc

import numpy as np

import framekit
from framekit import _backend
from framekit.relu.maxbias import default_chunk_size

M, N_DIM, N_SAMPLES = 1000, 100, 10**6


def _best(func, reps):
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def gemm_fraction(mod, dtype_name, reps):
    xp = _backend.get_namespace(mod)
    dtype = getattr(xp, dtype_name)
    device = xp.__array_namespace_info__().default_device()
    W = xp.asarray(np.random.default_rng(0).standard_normal((M, N_DIM)), dtype=dtype)
    chunk = default_chunk_size(M, xp.finfo(dtype).bits // 8)
    X = _backend.random_normal(xp, (chunk, N_DIM), seed=1, dtype=dtype, device=device)
    Wt = xp.matrix_transpose(W)
    n_chunks = -(-N_SAMPLES // chunk)
    flops = 2.0 * N_SAMPLES * N_DIM * M
    fractions, rates, totals = [], [], []
    for _ in range(reps):
        start = time.perf_counter()
        for _ in range(n_chunks):
            xp.matmul(X, Wt)
        t_gemm = time.perf_counter() - start
        start = time.perf_counter()
        framekit.max_bias(W, n_samples=N_SAMPLES, seed=0)
        t_total = time.perf_counter() - start
        fractions.append(t_gemm / t_total)
        rates.append(flops / t_gemm)
        totals.append(t_total)
    return (
        f"{_backend.backend_name(xp):6s} {dtype_name} (chunk {chunk}): max_bias best {min(totals):.2f} s; "
        f"GEMM best {max(rates) / 1e9:.1f} GFLOP/s; fraction of the GEMM rate, best GEMM time / best "
        f"max_bias time {flops / max(rates) / min(totals):.0%}, per repetition median "
        f"{statistics.median(fractions):.0%} (all {', '.join(f'{f:.0%}' for f in fractions)})"
    )


def peak_memory():
    W = np.random.default_rng(0).standard_normal((M, N_DIM))
    lines = []
    for chunk in (1024, 2048, 4096, 16384):
        tracemalloc.start()
        framekit.max_bias(W, n_samples=100_000, chunk_size=chunk, seed=0)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        lines.append(
            f"numpy float64 chunk_size={chunk}: tracemalloc peak {peak / 2**20:.1f} MiB "
            f"(one chunk of correlations: {chunk * M * 8 / 2**20:.1f} MiB)"
        )
    return lines


def references():
    W = np.random.default_rng(0).standard_normal((M, N_DIM))
    Wn = W / np.linalg.norm(W, axis=1, keepdims=True)

    def loop(count):
        rng = np.random.default_rng(0)
        alpha = np.full(M, np.inf)
        for _ in range(count):
            u = rng.standard_normal(N_DIM)
            c = Wn @ (u / np.linalg.norm(u))
            top = np.argsort(c)[-N_DIM:]
            alpha[top] = np.minimum(alpha[top], c[top])
        return alpha

    def sort_every_sample(count):
        rng = np.random.default_rng(0)
        alpha = np.full(M, np.inf)
        for start in range(0, count, 1024):
            u = rng.standard_normal((min(1024, count - start), N_DIM))
            c = (u / np.linalg.norm(u, axis=1, keepdims=True)) @ Wn.T
            t = np.sort(c, axis=1)[:, M - N_DIM : M - N_DIM + 1]
            alpha = np.minimum(alpha, np.where(c >= t, c, np.inf).min(axis=0))
        return alpha

    t_loop = _best(lambda: loop(10_000), 2) / 10_000
    t_sort = _best(lambda: sort_every_sample(100_000), 3) / 100_000
    t_fk = _best(lambda: framekit.max_bias(W, n_samples=100_000, include_rows=False), 3) / 100_000
    return [
        f"per-sample loop (research-code style): {t_loop * 1e6:.1f} us/sample",
        f"batched, sort every sample:            {t_sort * 1e6:.1f} us/sample",
        (
            f"framekit max_bias (numpy float64):     {t_fk * 1e6:.1f} us/sample "
            f"({t_loop / t_fk:.1f}x and {t_sort / t_fk:.1f}x faster)"
        ),
    ]


def main():
    """Each group runs in its own process: torch's OpenMP threads keep spinning after a
    parallel region and would slow down NumPy's BLAS threads (and vice versa)."""
    args = sys.argv[1:]
    if args[:1] == ["--group"]:
        lib, dtype_name, reps = args[1], args[2], int(args[3])
        if lib == "numpy":
            print(gemm_fraction(np, dtype_name, reps))
        elif lib == "torch":
            import torch

            print(gemm_fraction(torch, dtype_name, reps))
        elif lib == "memory":
            print("\n".join(peak_memory()))
        else:
            print("\n".join(references()))
        return
    reps = int(args[0]) if args else 3
    print(f"W {M} x {N_DIM}, {N_SAMPLES} samples, default chunk_size, {reps} repetitions")
    groups = [(lib, dt) for dt in ("float64", "float32") for lib in ("numpy", "torch")]
    groups += [("memory", "-"), ("references", "-")]
    for lib, dtype_name in groups:
        cmd = [sys.executable, __file__, "--group", lib, dtype_name, str(reps)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        print(out.stdout.rstrip() or f"{lib} {dtype_name}: failed: {out.stderr.strip()[-300:]}")


if __name__ == "__main__":
    main()
