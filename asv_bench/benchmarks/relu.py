"""ReLU layers: sampling max-bias estimation (with its GEMM reference), reconstruction, PBE.

The speed figure of the sampling method is ``time_gemm / time_max_bias_sampling`` on the
same backend and shapes: the share of the machine's matrix-multiply rate it reaches.
"""

import math

import numpy as np

import framekit

from .common import BACKENDS, XPBench, sweep

SHAPES = sweep(["200x20", "1000x100"])
N_SAMPLES = 100_000
CHUNK = 2048


def _weights(shape: str) -> np.ndarray:
    m, n = (int(s) for s in shape.split("x"))
    return np.random.default_rng(0).standard_normal((m, n))


class MaxBiasSampling(XPBench):
    params = [BACKENDS, SHAPES]
    param_names = ["backend", "shape"]
    functions = (framekit.max_bias,)

    def setup(self, backend, shape):
        self.setup_backend(backend)
        self.W = self.asarray(_weights(shape))
        n = self.W.shape[1]
        self.X = self.asarray(np.random.default_rng(1).standard_normal((CHUNK, n)))
        self.Wt = self.xp.matrix_transpose(self.W)
        self.sync(framekit.max_bias(self.W, n_samples=CHUNK, chunk_size=CHUNK))

    def time_max_bias_sampling(self, backend, shape):
        self.sync(framekit.max_bias(self.W, n_samples=N_SAMPLES, chunk_size=CHUNK, seed=0))

    def time_gemm(self, backend, shape):
        """The reference: the bare matrix products of the same sample count."""
        for _ in range(math.ceil(N_SAMPLES / CHUNK)):
            out = self.xp.matmul(self.X, self.Wt)
        self.sync(out)

    def peakmem_max_bias_sampling(self, backend, shape):
        framekit.max_bias(self.W, n_samples=N_SAMPLES, chunk_size=CHUNK, seed=0)


class ReluReconstruct(XPBench):
    params = [BACKENDS, ["dual", "frame_algorithm"]]
    param_names = ["backend", "method"]
    functions = (framekit.relu_reconstruct,)

    def setup(self, backend, method):
        self.setup_backend(backend)
        rng = np.random.default_rng(0)
        W = rng.standard_normal((100, 10))
        x = rng.standard_normal((2_000, 10))
        x *= rng.random((2_000, 1)) ** 0.1 / np.linalg.norm(x, axis=1, keepdims=True)
        self.W, self.b = self.asarray(W), self.asarray(np.full(100, -0.5))
        self.z = framekit.relu_layer(self.W, self.b, self.asarray(x))
        self.sync(framekit.relu_reconstruct(self.W, self.b, self.z[:10, :], method=method))

    def time_relu_reconstruct(self, backend, method):
        self.sync(framekit.relu_reconstruct(self.W, self.b, self.z, method=method))


class MaxBiasPolytope:
    """Polytope bias estimation (host geometry with scipy) for random omnidirectional frames."""

    params = [["50x3", "200x3", "60x4"]]
    param_names = ["shape"]

    def setup(self, shape):
        try:
            import scipy  # noqa: F401
        except ImportError as exc:
            raise NotImplementedError("scipy not installed") from exc
        self.W = _weights(shape)
        framekit.max_bias(self.W, method="polytope")  # warm-up: imports scipy.optimize/spatial

    def time_max_bias_polytope(self, shape):
        framekit.max_bias(self.W, method="polytope")


class PeerSortEverySample:
    """Reference row: the direct batched method (sort every sample's correlations), NumPy."""

    params = [SHAPES]
    param_names = ["shape"]

    def setup(self, shape):
        W = _weights(shape)
        self.Wn = W / np.linalg.norm(W, axis=1, keepdims=True)

    def time_sort_every_sample(self, shape):
        m, n = self.Wn.shape
        alpha = np.full(m, np.inf)
        rng = np.random.default_rng(0)
        for start in range(0, N_SAMPLES, CHUNK):
            u = rng.standard_normal((min(CHUNK, N_SAMPLES - start), n))
            c = (u / np.linalg.norm(u, axis=1, keepdims=True)) @ self.Wn.T
            t = np.sort(c, axis=1)[:, m - n : m - n + 1]
            alpha = np.minimum(alpha, np.where(c >= t, c, np.inf).min(axis=0))
        return alpha
