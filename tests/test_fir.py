"""FIR filterbanks in linear mode: certified short duals (against dense operators), any
length, streaming equal to one-shot, bounded streaming memory."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
from helpers import assert_backend, rel_error, to_numpy, to_xp, uses
from hypothesis import given, settings
from hypothesis import strategies as st
from test_filterbank import dense_analysis, random_kernels

import framekit
from framekit import FilterBankStream, FIRFilterBank


def _dense_error(h, oh, g, og, d, L, real):
    Ch, Cg = dense_analysis(h, d, L, oh), dense_analysis(g, d, L, og)
    op = Cg.conj().T @ Ch
    if real:
        op = op.real
    return np.linalg.norm(np.eye(L) - op, 2)


@pytest.mark.parametrize("stride,signal,cplx", [(2, "real", True), (3, "complex", True), (2, "real", False)])
@uses(FIRFilterBank.dual, FIRFilterBank.tight)
def test_certified_error_equals_dense_norm(xp, device, stride, signal, cplx):
    rng = np.random.default_rng(stride)
    K, T, L = stride, 7, 36  # few kernels: no exact short dual
    h = random_kernels(rng, K, T, cplx)
    fir = FIRFilterBank(to_xp(h, xp, device), stride, signal=signal)
    for S in (3, 5):  # short: not exact
        dual = fir.dual(S)
        assert_backend(dual.kernels, xp, device, shape=(K, S))
        g = to_numpy(dual.kernels)
        dense = _dense_error(h, fir.origin, g, dual.origin, stride, L, signal == "real")
        assert dense > 1e-6
        np.testing.assert_allclose(fir.dual_error(dual, length=L), dense, rtol=1e-10)
        # the grid value is a lower bound, error_bound an upper bound of every circular length
        assert dual.error <= dual.error_bound
        assert dense <= dual.error_bound * (1 + 1e-12)
    tight = fir.tight(3)
    t = to_numpy(tight.kernels)
    dense = _dense_error(t, tight.origin, t, tight.origin, stride, L, signal == "real")
    np.testing.assert_allclose(tight.dual_error(tight, length=L), dense, rtol=1e-10, atol=1e-13)


@uses(FIRFilterBank.dual)
def test_exact_fir_dual_when_one_exists(xp, device):
    # K = 2 d random kernels of T taps: an exact dual of T taps exists (more unknowns than equations)
    rng = np.random.default_rng(5)
    fir = FIRFilterBank(to_xp(random_kernels(rng, 8, 12, True), xp, device), 4, signal="complex")
    assert fir.dual(12).error < 1e-11


def _frobenius(h, oh, g, og, d, L, real):
    Ch, Cg = dense_analysis(h, d, L, oh), dense_analysis(g, d, L, og)
    op = Cg.conj().T @ Ch
    if real:
        op = op.real
    return np.linalg.norm(np.eye(L) - op, "fro") ** 2 / L


@pytest.mark.parametrize("stride,signal,cplx", [(2, "real", True), (3, "complex", True), (2, "real", False),
                                                (2, "complex", False), (4, "real", True)])
def test_cg_solver_equals_dense_solver_and_brute_force(stride, signal, cplx):
    from framekit.filterbanks import _fir_dual as fd

    rng = np.random.default_rng(10 + stride)
    d, T, L = stride, 7, 48
    h = random_kernels(rng, d, T, cplx)
    o, real = T // 2, signal == "real"
    for S in (3, 5, 9):
        gd, od = fd.least_squares_dual(np, h, o, d, S, real_frame=real, method="dense")
        gc, oc = fd.least_squares_dual(np, h, o, d, S, real_frame=real, method="cg")
        assert od == oc and gc.dtype == gd.dtype and gc.shape == (d, S)
        # brute force: the least-squares problem over all taps of the window, dense
        cols = []
        for j in range(d * S):
            e = np.zeros(d * S)
            e[j] = 1.0
            Ch, Cg = dense_analysis(h, d, L, o), dense_analysis(e.reshape(d, S), d, L, od)
            op = Cg.conj().T @ Ch
            cols.append((op.real if real else op).ravel())
        z = np.linalg.lstsq(np.array(cols).T, np.eye(L).ravel(), rcond=None)[0].reshape(d, S)
        best = _frobenius(h, o, z, od, d, L, real)
        for g in (gd, gc):
            assert _frobenius(h, o, g, od, d, L, real) <= best * (1 + 1e-6) + 1e-24
        # the chunked certificate equals the dense operator norm and the FilterBank-block one
        for g in (gd, gc):
            dense = _dense_error(h, o, g, od, d, L, real)
            for chunk in (1, 1 << 22):
                cert = fd.certified_error(np, h, o, g, od, d, L, real_frame=real, chunk=chunk)
                np.testing.assert_allclose(cert, dense, rtol=1e-10, atol=1e-13)


def test_cg_solver_on_isac_matches_dense():
    from framekit.filterbanks import _fir_dual as fd

    fir = framekit.isac(16000).fir()
    h = np.asarray(fir.kernels)
    T = h.shape[-1]
    gd, og = fd.least_squares_dual(np, h, fir.origin, fir.stride, 2 * T, real_frame=True, method="dense")
    gc, _ = fd.least_squares_dual(np, h, fir.origin, fir.stride, 2 * T, real_frame=True, method="cg")
    ed = fir.dual_error(FIRFilterBank(gd, fir.stride, origin=og))
    ec = fir.dual_error(FIRFilterBank(gc, fir.stride, origin=og))
    trunc = 2.0e-5  # the exact dual truncated to 2T taps (docs/filterbanks.md)
    assert ed < 1e-10 and ec < trunc / 10


def test_isac_targets_better_than_truncation():
    fb = framekit.isac(16000)
    K = fb.kernels.shape[-1]
    assert fb.dual(support=K).error <= 1e-4
    assert fb.dual(support=4 * K).error <= 1e-10
    assert fb.dual(support=K).error < 3.3e-4  # truncating the exact dual (issue 20)
    tight = fb.tight(support=2 * K)
    assert tight.error < 1e-3


@pytest.mark.parametrize("L", [1, 127, 128, 2, 97, 1009, 100_000])
@uses(FIRFilterBank.dual)
def test_any_length_round_trip(xp, device, L):
    fb = framekit.isac(16000, xp=xp, device=device, dtype=xp.float64)
    fir = fb.fir()
    dual = fb.dual(support=4 * fb.kernels.shape[-1])
    x = to_xp(np.random.default_rng(L).standard_normal((2, L)), xp, device)
    c = fir.analysis(x)
    assert_backend(c, xp, device, shape=(2, 40, fir.num_frames(L)))
    y = dual.synthesis(c, L)
    assert_backend(y, xp, device, dtype=x.dtype, shape=(2, L))
    assert rel_error(y, x) <= dual.error_bound * (1 + 1e-6) + 1e-13


def test_linear_analysis_is_linear_convolution_and_synthesis_its_adjoint():
    rng = np.random.default_rng(2)
    h = random_kernels(rng, 3, 9, True)
    fir = FIRFilterBank(h, 4, origin=6, signal="complex")
    L = 23
    x = rng.standard_normal(L) + 1j * rng.standard_normal(L)
    c = fir.analysis(x)
    first = -(6 // 4)
    for k in range(3):
        full = np.convolve(x, h[k])  # full[m + 6] is time m
        for i in range(c.shape[-1]):
            m = (i + first) * 4
            ref = full[m + 6] if 0 <= m + 6 < full.size else 0.0
            assert abs(c[k, i] - ref) < 1e-12
    cr = rng.standard_normal(c.shape) + 1j * rng.standard_normal(c.shape)
    assert abs(np.vdot(cr, c) - np.vdot(fir.synthesis(cr, L), x)) < 1e-11


def _blocks(draw_sizes, total):
    out, i = [], 0
    for b in draw_sizes:
        if i >= total:
            break
        out.append((i, min(i + b, total)))
        i += b
    if i < total:
        out.append((i, total))
    return out


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(0, 300), min_size=1, max_size=40), L=st.integers(1, 3000), seed=st.integers(0, 99))
def test_stream_equals_one_shot(sizes, L, seed):
    rng = np.random.default_rng(seed)
    fir = FIRFilterBank(random_kernels(rng, 5, 37, True), 8, origin=11)
    dual = fir.dual(40)
    x = rng.standard_normal((2, L))
    ref = fir.analysis(x)
    s = fir.stream()
    c = np.concatenate([s.analysis(x[..., a:b]) for a, b in _blocks(sizes, L)] + [s.flush()], axis=-1)
    np.testing.assert_allclose(c, ref, rtol=0, atol=1e-12 * np.abs(ref).max())
    yref = dual.synthesis(ref, L)
    s = dual.stream()
    N = ref.shape[-1]
    y = np.concatenate([s.synthesis(ref[..., a:b]) for a, b in _blocks(sizes, N)] + [s.flush(length=L)], axis=-1)
    np.testing.assert_allclose(y, yref, rtol=0, atol=1e-12 * np.abs(yref).max())


@uses(FIRFilterBank.dual)
def test_stream_on_every_backend(xp, device, dtype):
    rng = np.random.default_rng(1)
    fir = FIRFilterBank(to_xp(random_kernels(rng, 4, 20, True), xp, device, dtype), 4)
    x = to_xp(rng.standard_normal(333), xp, device, dtype)
    ref = fir.analysis(x)
    st_ = FilterBankStream(fir)
    parts = [st_.analysis(x[a : min(a + 7, 333)]) for a in range(0, 333, 7)] + [st_.flush()]
    c = xp.concat(parts, axis=-1)
    assert_backend(c, xp, device, dtype=ref.dtype, shape=tuple(ref.shape))
    tol = 1e-5 if dtype == xp.float32 else 1e-12
    assert rel_error(c, ref) < tol
    s2 = FilterBankStream(fir)
    N = ref.shape[-1]
    y = xp.concat([s2.synthesis(ref[..., a : min(a + 3, N)]) for a in range(0, N, 3)] + [s2.flush(length=333)])
    assert rel_error(y, fir.synthesis(ref, 333)) < tol


def _stream_peak(seconds, fs=44100, block=8192):
    fir = framekit.isac(16000).fir()
    dual = fir.dual(128)
    rng = np.random.default_rng(0)
    tracemalloc.start()
    a, s = fir.stream(), dual.stream()
    n = int(seconds * fs)
    for i in range(0, n, block):
        s.synthesis(a.analysis(rng.standard_normal(min(block, n - i))))
    s.synthesis(a.flush())
    s.flush(length=n)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_stream_memory_is_flat():
    small, large = _stream_peak(0.5), _stream_peak(5.0)
    assert large < 1.3 * small
