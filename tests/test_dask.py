"""Dask along the batch axis (framekit/_backend/lazy.py): lazy, one task chain per batch
chunk, equal to NumPy; and the distributed recipe (framekit.batch) on a LocalCluster.

Skipped without dask; the LocalCluster test also needs dask.distributed.
"""

from __future__ import annotations

import numpy as np
import pytest

import framekit
from framekit.stability import random_filterbank_condition_numbers, random_filterbank_energies

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")
from dask.callbacks import Callback
from dask.core import flatten, get_dependencies

RNG = np.random.default_rng(0)
L = 2048
X = RNG.standard_normal((6, L))
FB = framekit.isac(16000.0, kernel_size=64, num_channels=12, stride=8, length=L)
DUAL = FB.dual()
STFT = {"n_fft": 256, "hop_length": 64}


class CountComputes(Callback):
    """Counts graph executions started by any scheduler call (compute, persist, bool...)."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def _start(self, dsk):
        self.count += 1


def _lazily(func, *args, **kwargs):
    """``func(*args, **kwargs)``, asserting that the call computed nothing."""
    with CountComputes() as counter:
        out = func(*args, **kwargs)
    assert counter.count == 0, f"the call triggered {counter.count} compute(s)"
    return out


def _leaves(out):
    return list(out) if isinstance(out, tuple) else [out]


def _assert_chains(out, x, nb, *, leading=True):
    """No task of out's graph depends on two batch chunks of x, and every output chunk
    depends on exactly its own batch chunk."""
    dsk = dict(out.__dask_graph__())
    xkeys = set(flatten(x.__dask_keys__()))
    memo: dict = {}

    def sources(key):
        if key not in memo:
            if key in xkeys:
                memo[key] = {key[1 : 1 + nb]}
            else:
                deps = get_dependencies(dsk, key) if key in dsk else set()
                memo[key] = set().union(*(sources(d) for d in deps)) if deps else set()
        return memo[key]

    for key in dsk:
        assert len(sources(key)) <= 1, f"task {key} reads batch chunks {sorted(sources(key))}"
    for key in flatten(out.__dask_keys__()):
        own = key[1 : 1 + nb] if leading else key[len(key) - nb :]
        assert sources(key) == {own}, (key, sources(key))


def _stft_c():
    return framekit.stft(X, **STFT)


# name -> (function, NumPy input maker, core dims, dask chunks of the input, leading?)
CASES = {
    "stft": (lambda a: framekit.stft(a, **STFT), lambda: X, 1, (2, -1), True),
    "stft_3d_batch": (lambda a: framekit.stft(a, **STFT), lambda: X.reshape(2, 3, L), 1, (1, 2, -1), True),
    "stft_core_chunked": (lambda a: framekit.stft(a, **STFT), lambda: X, 1, (3, 512), True),
    "istft": (lambda c: framekit.istft(c, length=L, **STFT), _stft_c, 2, (2, -1, -1), True),
    "phase_derivatives": (lambda a: framekit.phase_derivatives(a, **STFT), lambda: X, 1, (2, -1), True),
    "reassigned_spectrogram": (lambda a: framekit.reassigned_spectrogram(a, **STFT), lambda: X, 1, (2, -1), True),
    "phase_scattering": (lambda a: framekit.phase_scattering(a, n_fft1=256, n_fft2=16), lambda: X, 1, (2, -1), True),
    "modulus_scattering": (lambda a: framekit.modulus_scattering(a, n_fft1=256, n_fft2=16), lambda: X, 1, (2, -1), True),
    "FilterBank.analysis": (FB.analysis, lambda: X, 1, (2, -1), True),
    "FilterBank.synthesis": (FB.synthesis, lambda: FB.analysis(X), 2, (2, -1, -1), True),
    "dual.synthesis": (DUAL.synthesis, lambda: FB.analysis(X), 2, (2, -1, -1), True),
    "dual.analysis": (DUAL.analysis, lambda: X, 1, (2, -1), True),
    "random_filterbank_energies": (
        lambda a: random_filterbank_energies(a, 8, 16, 50, seed=3), lambda: X, 1, (2, -1), False),
}


@pytest.mark.parametrize("name", list(CASES))
def test_lazy_chains_equal_numpy(name):
    func, make, core, chunks, leading = CASES[name]
    a = make()
    x = da.from_array(a, chunks=chunks)
    out = _lazily(func, x)
    want = func(a)
    nb = a.ndim - core
    got = _leaves(out)
    for lazy, ref in zip(got, _leaves(want), strict=True):
        assert isinstance(lazy, da.Array)
        assert lazy.shape == ref.shape and lazy.dtype == ref.dtype
        assert lazy.numblocks[:nb] == x.numblocks[:nb] if leading else True
        _assert_chains(lazy, x, nb, leading=leading)
        np.testing.assert_allclose(lazy.compute(), ref, rtol=1e-12, atol=1e-12 * float(np.max(np.abs(ref))))
    if isinstance(want, tuple):
        assert type(out) is type(want)


def test_condition_numbers_monte_carlo_lazy():
    """The random-kernel Monte Carlo on xp=dask.array: independent chunks of draws, equal
    to NumPy's draws (chunk k seeded as NumPy's chunk k)."""
    kw = {"seed": 7}
    lazy = _lazily(random_filterbank_condition_numbers, 40, 16, 4096, 300, xp=da, **kw)
    assert isinstance(lazy, da.Array) and lazy.numblocks[0] > 1
    dsk = dict(lazy.__dask_graph__())
    for key in flatten(lazy.__dask_keys__()):  # each chunk: its own small chain, no shared task
        stack, seen = [key], set()
        while stack:
            k = stack.pop()
            seen.add(k)
            stack.extend(get_dependencies(dsk, k) - seen)
        others = set(flatten(lazy.__dask_keys__())) - {key}
        assert not (seen & others)
    want = random_filterbank_condition_numbers(40, 16, 4096, 300, **kw)
    np.testing.assert_allclose(lazy.compute(), want, rtol=1e-12)


def test_validation_at_call_time_values_at_compute():
    x = da.from_array(X, chunks=(2, -1))
    with pytest.raises(ValueError, match="n_fft|hop_length"):
        _lazily(framekit.stft, x, n_fft=4 * L, hop_length=4 * L + 1)  # a size error: raised now
    with pytest.raises(ValueError, match="win_length"):
        _lazily(framekit.stft, x, n_fft=64, win_length=128)
    bad = X.copy()
    bad[3, 5] = np.nan
    y = _lazily(framekit.stft, da.from_array(bad, chunks=(2, -1)), **STFT)  # values: not read now
    with pytest.raises(ValueError, match="NaN or inf"):
        y.compute()
    w = np.hanning(64)
    c = _lazily(framekit.stft, x, n_fft=64, window=da.from_array(w, chunks=32))  # a Dask window
    _assert_chains(c, x, 1)
    np.testing.assert_allclose(c.compute(), framekit.stft(X, n_fft=64, window=w), rtol=1e-12, atol=1e-12)


def test_float32_and_complex_stay():
    x32 = da.from_array(X.astype(np.float32), chunks=(3, -1))
    c = _lazily(framekit.stft, x32, **STFT)
    assert c.dtype == np.complex64
    xc = da.from_array(X + 1j * X[::-1], chunks=(3, -1))
    c = _lazily(framekit.stft, xc, **STFT)
    assert c.shape == (6, 256, 33)  # two-sided for complex input
    np.testing.assert_allclose(c.compute(), framekit.stft(X + 1j * X[::-1], **STFT), rtol=1e-12, atol=1e-12)


def test_capability_table_declares_what_is_not_lazy():
    from framekit import _backend

    for func in (framekit.max_bias, framekit.check_injectivity, FB.frame_bounds, FB.dual):
        assert _backend.unsupported_reason(func, "dask.array")
    for func in (framekit.stft, framekit.istft, framekit.phase_derivatives, framekit.reassigned_spectrogram,
                 framekit.phase_scattering, FB.analysis, FB.synthesis, random_filterbank_energies):
        assert getattr(func, "__framekit_lazy__", None), func


def _wav_files(folder, count, length, seed=0):
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(count):
        p = folder / f"{i:02d}.wav"
        framekit.write_wav(p, 0.1 * rng.standard_normal((1, length)), 16000, sample_format="float32")
        paths.append(str(p))
    return paths


def _transform_for(length):
    fb = framekit.isac(16000.0, kernel_size=64, num_channels=12, stride=8, length=length)

    def transform(wav):  # a closure: pickled by value to the worker processes
        x = wav.data[0]
        return (framekit.stft(x, **STFT), framekit.phase_derivatives(x, **STFT)[0], fb.analysis(x))

    return transform


def _assert_same(got, want):
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        for a, b in zip(g, w, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_map_files_threaded_default_and_lazy_bag(tmp_path):
    paths = _wav_files(tmp_path, 6, 1024)
    transform = _transform_for(1024)
    serial = [transform(framekit.read_wav(p)) for p in paths]
    with CountComputes() as counter:
        bag = framekit.map_files(transform, paths, files_per_task=4, compute=False)
    assert counter.count == 0 and bag.npartitions == 2
    _assert_same(bag.compute(scheduler="sync"), serial)
    _assert_same(framekit.map_files(transform, paths), serial)
    assert framekit.map_files(transform, []) == []


@pytest.mark.filterwarnings("ignore:Port .* is already in use:UserWarning")  # another cluster here
def test_map_files_on_a_local_cluster_equals_serial(tmp_path):
    """64 WAV files on a LocalCluster of 2 worker processes bound to 127.0.0.1 (its HTTP
    endpoint too: with dashboard_address=None it binds the scheduler's host), closed at the end."""
    distributed = pytest.importorskip("dask.distributed")
    paths = _wav_files(tmp_path, 64, 2048)
    transform = _transform_for(2048)
    serial = [transform(framekit.read_wav(p)) for p in paths]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        got = framekit.map_files(transform, paths, client=client, files_per_task=8)
    assert cluster.status.name == "closed"
    _assert_same(got, serial)
