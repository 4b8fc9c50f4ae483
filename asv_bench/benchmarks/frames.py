"""Finite frames: bounds and canonical dual over backends and sizes; NumPy eigvalsh as the peer."""

import numpy as np

import framekit

from .common import BACKENDS, XPBench, sweep

SHAPES = sweep(["64x32", "512x256", "2048x1024"])


def _frame(shape: str) -> np.ndarray:
    m, n = (int(s) for s in shape.split("x"))
    return np.random.default_rng(0).standard_normal((m, n)) / np.sqrt(m)


class FrameBounds(XPBench):
    params = (BACKENDS, SHAPES)
    param_names = ("backend", "shape")
    functions = (framekit.frame_bounds,)

    def setup(self, backend, shape):
        self.setup_backend(backend)
        self.W = self.asarray(_frame(shape))
        self.sync(framekit.frame_bounds(self.W))  # warm-up (allocations, JIT)

    def time_frame_bounds(self, backend, shape):
        self.sync(framekit.frame_bounds(self.W))


class CanonicalDual(XPBench):
    params = (BACKENDS, SHAPES)
    param_names = ("backend", "shape")
    functions = (framekit.canonical_dual,)

    def setup(self, backend, shape):
        self.setup_backend(backend)
        self.W = self.asarray(_frame(shape))
        self.sync(framekit.canonical_dual(self.W))

    def time_canonical_dual(self, backend, shape):
        self.sync(framekit.canonical_dual(self.W))


class PeerNumpyEigvalsh:
    """The peer row: ``numpy.linalg.eigvalsh`` of the frame operator, with no framekit dispatch."""

    params = (SHAPES,)
    param_names = ("shape",)

    def setup(self, shape):
        self.W = _frame(shape)

    def time_numpy_eigvalsh(self, shape):
        lam = np.linalg.eigvalsh(self.W.T @ self.W)
        return lam[0], lam[-1]
