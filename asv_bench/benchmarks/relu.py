"""ReLU layers: sampling max-bias estimation (with its GEMM reference), reconstruction, PBE,
Lipschitz bounds.

The speed figure of the sampling method is ``time_gemm / time_max_bias_sampling`` on the
same backend and shapes: the share of the machine's matrix-multiply rate it reaches.
"""

import math

import numpy as np

import framekit
from framekit.relu.maxbias import default_chunk_size

from .common import BACKENDS, XPBench, require_peer, smoke_or, sweep

SHAPES = sweep(["200x20", "1000x100"])
N_SAMPLES = smoke_or(10_000, 100_000)
N_POINTS = smoke_or(200, 2_000)  # ReluReconstruct's batch of points


def _weights(shape: str) -> np.ndarray:
    m, n = (int(s) for s in shape.split("x"))
    return np.random.default_rng(0).standard_normal((m, n))


class MaxBiasSampling(XPBench):
    params = (BACKENDS, SHAPES)
    param_names = ("backend", "shape")
    functions = (framekit.max_bias,)

    def setup(self, backend, shape):
        self.setup_backend(backend)
        self.W = self.asarray(_weights(shape))
        m, n = self.W.shape
        self.chunk = default_chunk_size(m, 8)
        self.X = self.asarray(np.random.default_rng(1).standard_normal((self.chunk, n)))
        self.Wt = self.xp.matrix_transpose(self.W)
        self.sync(framekit.max_bias(self.W, n_samples=self.chunk))

    def time_max_bias_sampling(self, backend, shape):
        self.sync(framekit.max_bias(self.W, n_samples=N_SAMPLES, seed=0))

    def time_gemm(self, backend, shape):
        """The reference: the bare matrix products of the same sample count (default chunks)."""
        for _ in range(math.ceil(N_SAMPLES / self.chunk)):
            out = self.xp.matmul(self.X, self.Wt)
        self.sync(out)

    def peakmem_max_bias_sampling(self, backend, shape):
        framekit.max_bias(self.W, n_samples=N_SAMPLES, seed=0)


class LipschitzBounds(XPBench):
    """Freeman-Haider bounds: one batched eigvalsh of n x n active Gram matrices per sample."""

    params = (BACKENDS, sweep(("100x10", "400x40")))
    param_names = ("backend", "shape")
    functions = (framekit.lipschitz_bounds,)

    def setup(self, backend, shape):
        self.setup_backend(backend)
        W = _weights(shape)
        self.W, self.b = self.asarray(W), self.asarray(-0.3 * np.linalg.norm(W, axis=1))
        self.sync(framekit.lipschitz_bounds(self.W, self.b, n_samples=64).upper)

    def time_lipschitz_bounds(self, backend, shape):
        self.sync(framekit.lipschitz_bounds(self.W, self.b, n_samples=10_000).upper)


class ReluReconstruct(XPBench):
    params = (BACKENDS, ("dual", "frame_algorithm"))
    param_names = ("backend", "method")
    functions = (framekit.relu_reconstruct,)

    def setup(self, backend, method):
        self.setup_backend(backend)
        rng = np.random.default_rng(0)
        W = rng.standard_normal((100, 10))
        x = rng.standard_normal((N_POINTS, 10))
        x *= rng.random((N_POINTS, 1)) ** 0.1 / np.linalg.norm(x, axis=1, keepdims=True)
        self.W, self.b = self.asarray(W), self.asarray(np.full(100, -0.5))
        self.z = framekit.relu_layer(self.W, self.b, self.asarray(x))
        self.sync(framekit.relu_reconstruct(self.W, self.b, self.z[:10, :], method=method))

    def time_relu_reconstruct(self, backend, method):
        self.sync(framekit.relu_reconstruct(self.W, self.b, self.z, method=method))


class MaxBiasPolytope:
    """Polytope bias estimation (host geometry with scipy) for random omnidirectional frames."""

    params = (sweep(("50x3", "200x3", "60x4")),)
    param_names = ("shape",)

    def setup(self, shape):
        require_peer("scipy")
        self.W = _weights(shape)
        framekit.max_bias(self.W, method="polytope")  # warm-up: imports scipy.optimize/spatial

    def time_max_bias_polytope(self, shape):
        framekit.max_bias(self.W, method="polytope")


class PeerSortEverySample:
    """Reference row: the direct batched method (sort every sample's correlations), NumPy."""

    params = (SHAPES,)
    param_names = ("shape",)

    def setup(self, shape):
        W = _weights(shape)
        self.Wn = W / np.linalg.norm(W, axis=1, keepdims=True)

    def time_sort_every_sample(self, shape):
        m, n = self.Wn.shape
        alpha = np.full(m, np.inf)
        rng = np.random.default_rng(0)
        for start in range(0, N_SAMPLES, 1024):
            u = rng.standard_normal((min(1024, N_SAMPLES - start), n))
            c = (u / np.linalg.norm(u, axis=1, keepdims=True)) @ self.Wn.T
            t = np.sort(c, axis=1)[:, m - n : m - n + 1]
            alpha = np.minimum(alpha, np.where(c >= t, c, np.inf).min(axis=0))
        return alpha
