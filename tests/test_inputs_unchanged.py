"""Inputs are never modified: every public function leaves its array arguments as they were.

``CALLS`` holds one valid call per public name (``framekit.__all__``, the public methods of
``FilterBank``, ``GaborFrame`` and ``MatrixFrame``, and the functions of ``framekit.display``);
``test_calls_cover_every_public_name`` fails when a name has no entry.  Each call runs on
every backend with its inputs laid out two ways:

* ``contiguous``: fresh arrays, so that an internal ``reshape`` returns a view of the
  caller's memory (the torch and NumPy trap: ``y = x.reshape(...); y *= w``);
* ``strided``: every array is a view (step 2, offset 1) into a larger buffer filled with a
  sentinel, and the whole buffer is checked, so that a write through a view, or past the
  view's elements (``as_strided`` / ``out=`` mistakes), is caught;

and once more on NumPy with read-only arrays (``writeable=False``), where a write raises.

Before the call every array reachable from the arguments (inside tuples, lists and dicts, and
the array attributes of frame objects, caches included) is copied to the host; afterwards each
is compared with its copy bitwise (the bytes, so -0.0/0.0 and NaN payloads count).  ``EXTRA``
adds the known in-place traps as further variants: the chunked CPU paths of the phase
derivatives (forced to several chunks), ``frame_algorithm`` on each kind of frame and with
Richardson, ``relu_reconstruct`` by the frame algorithm, synthesis of coefficients by each
frame (dual and tight), ``istft`` of coefficients (one- and two-sided, zero-padded),
``max_bias`` with several reused chunks, and ``write_wav`` in every sample format.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import array_api_compat as aac
import numpy as np
import pytest
from helpers import to_numpy, to_xp

import framekit
from framekit import FilterBank, FilterBankStream, FIRFilterBank, GaborFrame, MatrixFrame, _backend

try:  # display needs matplotlib; without it its rows skip
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:  # pragma: no cover - the test extra installs matplotlib
    plt = None

#: Public names that are not called with arrays (classes of results and warnings, the
#: Protocol, the display module itself, the backend report).
NOT_CALLED = {
    "ConvergenceWarning",
    "IllConditionedWarning",
    "Frame",
    "InjectivityReport",
    "LipschitzBounds",
    "ComplementReport",
    "WavFile",
    "WavInfo",
    "display",
    "backends",
}

CLASSES = ("FilterBank", "GaborFrame", "MatrixFrame", "FIRFilterBank", "FilterBankStream")

Maker = Callable[[Any, Any], "tuple[tuple[Any, ...], dict[str, Any]]"]

# --------------------------------------------------------------------------
# inputs: every array goes through arr(), which lays it out as the test asks
# --------------------------------------------------------------------------

_STATE: dict[str, Any] = {"strided": False, "readonly": False, "buffers": [], "tmp": None}

#: Fill value of the gaps of the strided buffers.
SENTINEL = -7.25


def arr(xp: Any, device: Any, a: Any, dtype: Any = None) -> Any:
    """``a`` (NumPy data) on the backend, laid out as the test asks: fresh, a strided view
    into a sentinel buffer, or (NumPy) read-only, so that any write raises."""
    a = np.asarray(a)
    if _STATE["readonly"]:
        out = to_xp(a, xp, device, dtype)
        out.flags.writeable = False
        return out
    if not _STATE["strided"] or a.ndim == 0:
        return to_xp(a, xp, device, dtype)
    buf = np.full(2 * a.size + 1, SENTINEL, dtype=a.dtype)
    buf[1::2] = a.ravel()
    base = to_xp(buf, xp, device, dtype)
    _STATE["buffers"].append(base)
    return xp.reshape(base[1::2], a.shape)


def host_arr(xp: Any, device: Any, a: Any) -> Any:
    """For write_wav, which takes host arrays only: the backend's array where it lives on the
    host (NumPy, array-api-strict, torch on the CPU), else a NumPy one."""
    name = _backend.backend_name(xp)
    on_host = name in ("numpy", "array_api_strict") or (
        name == "torch" and getattr(device, "type", "cpu") == "cpu"
    )
    return arr(xp, device, a) if on_host else arr(_backend.get_namespace(np), "cpu", a)


def rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def tmpdir() -> Path:
    return _STATE["tmp"]


L, HOP, NFFT, T = 64, 4, 16, 12  # STFT sizes: 17 frames (16 circular) of 9 bins, a window of 12 taps


def _window() -> np.ndarray:
    return 0.5 - 0.5 * np.cos(2 * np.pi * (np.arange(T) + 0.5) / T)


def _signal(seed: int = 0, shape: tuple[int, ...] = (2, L)) -> np.ndarray:
    return rng(seed).standard_normal(shape)


def _stft_np(x: np.ndarray, w: np.ndarray, **kw: Any) -> np.ndarray:
    return framekit.stft(x, n_fft=NFFT, hop_length=HOP, window=w, **kw)


def _frame(seed: int = 0, m: int = 8, n: int = 4, batch: tuple[int, ...] = ()) -> np.ndarray:
    return rng(seed).standard_normal((*batch, m, n)) / np.sqrt(m)


def _relu_setup() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """W (12, 3), b, inputs x (5, 3) and their outputs z: every input's active rows span."""
    W = _frame(3, 12, 3)
    b = np.full(12, -0.3)
    x = 0.5 * rng(4).standard_normal((5, 3)) / np.sqrt(3)
    z = np.maximum(x @ W.T - b, 0.0)
    return W, b, x, z


def _clipped() -> np.ndarray:
    """Clipped coefficients (level 0.2) of the _relu_setup inputs: every unsaturated set spans."""
    W, _, x, _ = _relu_setup()
    return np.clip(x @ W.T, -0.2, 0.2)


def _kernels(seed: int = 5, K: int = 6, taps: int = 5, complex_: bool = False) -> np.ndarray:
    k = rng(seed).standard_normal((K, taps))
    if complex_:
        k = k + 1j * rng(seed + 1).standard_normal((K, taps))
    return k


def _fb(xp: Any, device: Any, **kw: Any) -> FilterBank:
    return FilterBank(arr(xp, device, _kernels()), 2, 32, **kw)


def _fir(xp: Any, device: Any) -> FIRFilterBank:
    return FIRFilterBank(arr(xp, device, _kernels()), 2)


def _streamed(xp: Any, device: Any) -> FilterBankStream:
    s = FilterBankStream(_fir(xp, device))
    s.analysis(arr(xp, device, _signal(9, (2, 31))))
    return s


def _gabor(xp: Any, device: Any, **kw: Any) -> GaborFrame:
    return GaborFrame(length=L, n_fft=NFFT, hop_length=HOP, window=arr(xp, device, _window()), **kw)


def _mf(xp: Any, device: Any) -> MatrixFrame:
    return MatrixFrame(arr(xp, device, _frame(1, 8, 4) + 1j * _frame(2, 8, 4)))


def _wav_file() -> Path:
    p = tmpdir() / "in.wav"
    framekit.write_wav(p, np.linspace(-0.5, 0.5, 40).reshape(2, 20), 8000, sample_format="pcm24")
    return p


def _xpkw(xp: Any, device: Any) -> dict[str, Any]:
    return {"xp": xp, "device": device}


def _call(*args: Any, **kwargs: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    return args, kwargs


# --------------------------------------------------------------------------
# one valid call per public name
# --------------------------------------------------------------------------

CALLS: dict[str, Maker] = {
    # --- finite frames
    "MatrixFrame": lambda xp, d: _call(arr(xp, d, _frame())),
    "analysis": lambda xp, d: _call(arr(xp, d, _frame()), arr(xp, d, _signal(1, (3, 4)))),
    "synthesis": lambda xp, d: _call(arr(xp, d, _frame()), arr(xp, d, _signal(1, (3, 8)))),
    "canonical_dual": lambda xp, d: _call(arr(xp, d, _frame(batch=(2,)))),
    "canonical_tight": lambda xp, d: _call(
        arr(xp, d, _frame(batch=(2,)) + 1j * _frame(7, batch=(2,)))
    ),
    "condition_number": lambda xp, d: _call(arr(xp, d, _frame())),
    "frame_bounds": lambda xp, d: _call(arr(xp, d, _frame(batch=(3,)))),
    "frame_operator": lambda xp, d: _call(arr(xp, d, _frame())),
    "frame_algorithm": lambda xp, d: _call(arr(xp, d, _frame()), arr(xp, d, _signal(2, (3, 8)))),
    "redundancy": lambda xp, d: _call(arr(xp, d, _frame())),
    "gaussian_frame": lambda xp, d: _call(8, 4, seed=0, **_xpkw(xp, d)),
    "harmonic_frame": lambda xp, d: _call(8, 4, **_xpkw(xp, d)),
    "mercedes_benz_frame": lambda xp, d: _call(**_xpkw(xp, d)),
    "simplex_frame": lambda xp, d: _call(3, **_xpkw(xp, d)),
    # --- ReLU layers
    "active_frame_bound": lambda xp, d: _call(*(arr(xp, d, a) for a in _relu_setup()[:3])),
    "active_set": lambda xp, d: _call(*(arr(xp, d, a) for a in _relu_setup()[:3])),
    "count_test": lambda xp, d: _call(*(arr(xp, d, a) for a in _relu_setup()[:3])),
    "relu_layer": lambda xp, d: _call(*(arr(xp, d, a) for a in _relu_setup()[:3])),
    "relu_reconstruct": lambda xp, d: _call(
        *(arr(xp, d, a) for i, a in enumerate(_relu_setup()) if i != 2)
    ),
    "check_injectivity": lambda xp, d: _call(
        *(arr(xp, d, a) for a in _relu_setup()[:2]), n_samples=300, chunk_size=64
    ),
    "covering_radius": lambda xp, d: _call(1000, 3),
    "is_omnidirectional": lambda xp, d: _call(arr(xp, d, _relu_setup()[0])),
    "lipschitz_bounds": lambda xp, d: _call(
        *(arr(xp, d, a) for a in _relu_setup()[:2]), n_samples=300, chunk_size=64
    ),
    "lipschitz_lower_estimate": lambda xp, d: _call(
        *(arr(xp, d, a) for a in _relu_setup()[:2]), n_pairs=300
    ),
    "max_bias": lambda xp, d: _call(arr(xp, d, _relu_setup()[0]), n_samples=300),
    # --- clipping and modulus layers
    "clipping_layer": lambda xp, d: _call(arr(xp, d, _relu_setup()[0]), 0.2, arr(xp, d, _relu_setup()[2])),
    "unsaturated_set": lambda xp, d: _call(arr(xp, d, _relu_setup()[0]), 0.2, arr(xp, d, _relu_setup()[2])),
    "unsaturated_frame_bound": lambda xp, d: _call(
        arr(xp, d, _relu_setup()[0]), 0.2, arr(xp, d, _relu_setup()[2])
    ),
    "check_clipping_injectivity": lambda xp, d: _call(
        arr(xp, d, _relu_setup()[0]), 0.2, n_samples=300, chunk_size=64
    ),
    "clipping_lipschitz_bounds": lambda xp, d: _call(
        arr(xp, d, _relu_setup()[0]), 0.2, n_samples=300, chunk_size=64
    ),
    "clipping_lower_estimate": lambda xp, d: _call(arr(xp, d, _relu_setup()[0]), 0.2, n_pairs=300),
    "clipping_reconstruct": lambda xp, d: _call(
        arr(xp, d, _relu_setup()[0]), 0.2, arr(xp, d, _clipped()), method="consistent"
    ),
    "complement_property": lambda xp, d: _call(arr(xp, d, _frame(6, 7, 3))),
    "modulus_reconstruct": lambda xp, d: _call(
        arr(xp, d, _frame(6, 24, 3)), arr(xp, d, np.abs(_signal(7, (2, 3)) @ _frame(6, 24, 3).T))
    ),
    # --- filterbanks
    "FilterBank": lambda xp, d: _call(
        arr(xp, d, _kernels()),
        2,
        32,
        center_frequencies=arr(xp, d, np.linspace(0.1, 0.4, 6)),
        bandwidths=arr(xp, d, np.full(6, 0.05)),
    ),
    "aud_bandwidth": lambda xp, d: _call(arr(xp, d, np.array([100.0, 1000.0, 4000.0]))),
    "aud_space": lambda xp, d: _call(100.0, 3000.0, 8, **_xpkw(xp, d)),
    "aud_to_freq": lambda xp, d: _call(arr(xp, d, np.array([1.0, 10.0, 20.0])), "erb"),
    "freq_to_aud": lambda xp, d: _call(arr(xp, d, np.array([100.0, 1000.0, 4000.0])), "bark"),
    "cqt": lambda xp, d: _call(8000, 500.0, 12, length=512, **_xpkw(xp, d)),
    "from_center_frequencies": lambda xp, d: _call(
        8000,
        arr(xp, d, np.array([500.0, 1000.0, 2000.0])),
        arr(xp, d, np.array([200.0, 300.0, 500.0])),
        stride=4,
        length=256,
        **_xpkw(xp, d),
    ),
    "gammatone": lambda xp, d: _call(8000, 8, 200.0, stride=2, length=1024, **_xpkw(xp, d)),
    "isac": lambda xp, d: _call(8000, 32, 8, stride=4, length=256, **_xpkw(xp, d)),
    "third_octave": lambda xp, d: _call(8000, 200, 3000, length=520, **_xpkw(xp, d)),
    # --- stability of conv layers
    "aliasing_objective": lambda xp, d: _call(arr(xp, d, _kernels()), 2, 16),
    "aliasing_terms": lambda xp, d: _call(arr(xp, d, _kernels(complex_=True)), 2, 16),
    "cantelli_deviation": lambda xp, d: _call(arr(xp, d, _signal(3, (2, 32))), 4, 8, 0.1),
    "chernoff_deviation": lambda xp, d: _call(arr(xp, d, _signal(3, (2, 32))), 4, 8, 0.1),
    "compressed_spectral_loss": lambda xp, d: _call(
        arr(xp, d, _signal(4, (3, 5)) + 1j * _signal(5, (3, 5))),
        arr(xp, d, _signal(6, (3, 5)) + 0j),
    ),
    "condition_number_law": lambda xp, d: _call(8, 40),
    "condition_number_regularizer": lambda xp, d: _call(arr(xp, d, _signal(7, (2, 4, 3)))),
    "condition_number_regularizer_grad": lambda xp, d: _call(arr(xp, d, _signal(7, (2, 4, 3)))),
    "conv_filterbank": lambda xp, d: _call(arr(xp, d, _kernels()), 2, 16),
    "conv_frame_bounds": lambda xp, d: _call(arr(xp, d, _kernels()), 2, 16),
    "energy_variance": lambda xp, d: _call(arr(xp, d, _signal(3, (2, 32))), 4, 8),
    "gaussian_aliasing_moments": lambda xp, d: _call(4, 6, 2, 16, **_xpkw(xp, d)),
    "littlewood_paley_condition": lambda xp, d: _call(arr(xp, d, _kernels()), 16),
    "random_filterbank_condition_numbers": lambda xp, d: _call(
        4, 8, 32, 10, seed=0, **_xpkw(xp, d)
    ),
    "random_filterbank_energies": lambda xp, d: _call(
        arr(xp, d, _signal(3, (2, 32))), 4, 8, 10, seed=0
    ),
    "tightness_penalty": lambda xp, d: _call(arr(xp, d, _kernels()), 2, 16),
    "walnut_bounds": lambda xp, d: _call(arr(xp, d, _kernels()), 2, 16),
    # --- time-frequency
    "GaborFrame": lambda xp, d: _call(length=L, n_fft=NFFT, hop_length=HOP, window=arr(xp, d, _window())),
    "bin_frequencies": lambda xp, d: _call(NFFT, fs=8000.0, **_xpkw(xp, d)),
    "frame_times": lambda xp, d: _call(L, n_fft=NFFT, hop_length=HOP, win_length=T, **_xpkw(xp, d)),
    "gabor_dual_window": lambda xp, d: _call(n_fft=NFFT, hop_length=HOP, window=arr(xp, d, _window())),
    "gabor_frame_bounds": lambda xp, d: _call(n_fft=NFFT, hop_length=HOP, window=arr(xp, d, _window())),
    "gabor_tight_window": lambda xp, d: _call(n_fft=NFFT, hop_length=HOP, window=arr(xp, d, _window())),
    "get_window": lambda xp, d: _call(("gauss", 2.0), NFFT, **_xpkw(xp, d)),
    "stft": lambda xp, d: _call(arr(xp, d, _signal()), n_fft=NFFT, hop_length=HOP, window=arr(xp, d, _window())),
    "istft": lambda xp, d: _call(
        arr(xp, d, _stft_np(_signal(), _window())), n_fft=NFFT, hop_length=HOP, window=arr(xp, d, _window())
    ),
    "griffin_lim": lambda xp, d: _call(
        arr(xp, d, np.abs(_stft_np(_signal(), _window()))), n_fft=NFFT, hop_length=HOP, window=arr(xp, d, _window()),
        n_iter=3, init=arr(xp, d, np.angle(_stft_np(_signal(1), _window()))), length=L
    ),
    "pghi": lambda xp, d: _call(
        arr(xp, d, np.abs(_stft_np(_signal(), _window()))), n_fft=NFFT, hop_length=HOP, window=arr(xp, d, _window())
    ),
    "spectral_convergence": lambda xp, d: _call(
        arr(xp, d, _signal(1)), arr(xp, d, np.abs(_stft_np(_signal(), _window()))), n_fft=NFFT, hop_length=HOP,
        window=arr(xp, d, _window())
    ),
    "phase_derivatives": lambda xp, d: _call(
        arr(xp, d, _signal()), n_fft=NFFT, hop_length=HOP, window=arr(xp, d, _window())
    ),
    "reassigned_spectrogram": lambda xp, d: _call(
        arr(xp, d, _signal()), n_fft=NFFT, hop_length=HOP, window=arr(xp, d, _window()), center=True
    ),
    "phase_scattering": lambda xp, d: _call(
        arr(xp, d, _signal()), n_fft1=NFFT, hop_length1=HOP, window1=arr(xp, d, _window()), n_fft2=8, hop_length2=2, window2=arr(xp, d, np.hanning(6))
    ),
    "modulus_scattering": lambda xp, d: _call(
        arr(xp, d, _signal()), n_fft1=NFFT, hop_length1=HOP, window1=arr(xp, d, _window()), n_fft2=8, hop_length2=2, window2=arr(xp, d, np.hanning(6))
    ),
    # --- WAV files (write_wav takes host arrays: NumPy, and torch on the CPU through __array__)
    "read_wav": lambda xp, d: _call(_wav_file()),
    "map_files": lambda xp, d: _call(lambda w: w.data[:, :4], [_wav_file(), _wav_file()]),
    "write_wav": lambda xp, d: _call(
        tmpdir() / "out.wav", host_arr(xp, d, 0.5 * np.tanh(_signal(8, (2, 30)))), 8000
    ),
    # --- methods (the object is the first argument: its arrays are checked too)
    "FilterBank.frequency_response": lambda xp, d: _call(_fb(xp, d)),
    "FilterBank.analysis": lambda xp, d: _call(_fb(xp, d), arr(xp, d, _signal(9, (2, 32)))),
    "FilterBank.synthesis": lambda xp, d: _call(
        _fb(xp, d), arr(xp, d, _signal(9, (2, 6, 16)) + 1j * _signal(10, (2, 6, 16)))
    ),
    "FilterBank.frame_operator": lambda xp, d: _call(_fb(xp, d), arr(xp, d, _signal(9, (2, 32)))),
    "FilterBank.frame_bounds": lambda xp, d: _call(_fb(xp, d)),
    "FilterBank.condition_number": lambda xp, d: _call(_fb(xp, d)),
    "FilterBank.dual": lambda xp, d: _call(_fb(xp, d)),
    "FilterBank.tight": lambda xp, d: _call(_fb(xp, d)),
    "FilterBank.fir": lambda xp, d: _call(_fb(xp, d)),
    "FIRFilterBank": lambda xp, d: _call(arr(xp, d, _kernels()), 2),
    "FIRFilterBank.analysis": lambda xp, d: _call(_fir(xp, d), arr(xp, d, _signal(9, (2, 31)))),
    "FIRFilterBank.synthesis": lambda xp, d: _call(
        _fir(xp, d), arr(xp, d, _signal(9, (2, 6, 18)) + 1j * _signal(10, (2, 6, 18))), 31
    ),
    "FIRFilterBank.num_frames": lambda xp, d: _call(_fir(xp, d), 31),
    "FIRFilterBank.dual": lambda xp, d: _call(_fir(xp, d), 6),
    "FIRFilterBank.tight": lambda xp, d: _call(_fir(xp, d), 6),
    "FIRFilterBank.dual_error": lambda xp, d: _call(_fir(xp, d), _fir(xp, d)),
    "FIRFilterBank.circular": lambda xp, d: _call(_fir(xp, d), 32),
    "FIRFilterBank.stream": lambda xp, d: _call(_fir(xp, d)),
    "FilterBankStream": lambda xp, d: _call(_fir(xp, d)),
    "FilterBankStream.analysis": lambda xp, d: _call(FilterBankStream(_fir(xp, d)), arr(xp, d, _signal(9, (2, 31)))),
    "FilterBankStream.synthesis": lambda xp, d: _call(
        FilterBankStream(_fir(xp, d)), arr(xp, d, _signal(9, (2, 6, 5)) + 1j * _signal(10, (2, 6, 5)))
    ),
    "FilterBankStream.flush": lambda xp, d: _call(_streamed(xp, d)),
    "GaborFrame.analysis": lambda xp, d: _call(_gabor(xp, d), arr(xp, d, _signal())),
    "GaborFrame.synthesis": lambda xp, d: _call(
        _gabor(xp, d), arr(xp, d, _stft_np(_signal(), _window(), pad_mode="circular"))
    ),
    "GaborFrame.frame_operator": lambda xp, d: _call(_gabor(xp, d), arr(xp, d, _signal())),
    "GaborFrame.frame_bounds": lambda xp, d: _call(_gabor(xp, d)),
    "GaborFrame.condition_number": lambda xp, d: _call(_gabor(xp, d)),
    "GaborFrame.dual": lambda xp, d: _call(_gabor(xp, d)),
    "GaborFrame.tight": lambda xp, d: _call(_gabor(xp, d)),
    "MatrixFrame.analysis": lambda xp, d: _call(_mf(xp, d), arr(xp, d, _signal(11, (3, 4)) + 0j)),
    "MatrixFrame.synthesis": lambda xp, d: _call(_mf(xp, d), arr(xp, d, _signal(11, (3, 8)) + 1j)),
    "MatrixFrame.frame_operator": lambda xp, d: _call(
        _mf(xp, d), arr(xp, d, _signal(11, (3, 4)) + 0j)
    ),
    "MatrixFrame.frame_bounds": lambda xp, d: _call(_mf(xp, d)),
    "MatrixFrame.condition_number": lambda xp, d: _call(_mf(xp, d)),
    "MatrixFrame.dual": lambda xp, d: _call(_mf(xp, d)),
    "MatrixFrame.tight": lambda xp, d: _call(_mf(xp, d)),
    # --- plots
    "display.coefficient_image": lambda xp, d: _call(
        arr(xp, d, _stft_np(_signal(0, (L,)), _window())),
        fs=8000.0,
        hop_length=HOP,
        freqs=arr(xp, d, np.linspace(0.0, 4000.0, NFFT // 2 + 1)),
    ),
    "display.filter_responses": lambda xp, d: _call(
        FilterBank(arr(xp, d, _kernels()), 2, 32, fs=8000.0)
    ),
    "display.reassignment_scatter": lambda xp, d: _call(
        arr(xp, d, rng(12).uniform(0, 1, (9, 16))),
        arr(xp, d, rng(13).uniform(0, 4000, (9, 16))),
        arr(xp, d, rng(14).uniform(0, 1, (9, 16))),
    ),
}


def _force_chunks(monkeypatch: pytest.MonkeyPatch, rows: int = 3) -> None:
    """Where the phase derivatives take the chunked CPU path, make it several chunks of ``rows``."""
    orig = _backend.fft_chunk_rows
    monkeypatch.setattr(
        _backend, "fft_chunk_rows", lambda xp, n, *a: None if orig(xp, n, *a) is None else rows
    )


def _istft_case(onesided: bool, pad_mode: str, center: bool) -> Maker:
    def make(xp: Any, d: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        x = _signal()
        if not onesided:
            x = x + 1j * _signal(1)
        kw = {"pad_mode": pad_mode, "center": center}
        c = _stft_np(x, _window(), **kw)
        return _call(arr(xp, d, c), n_fft=NFFT, hop_length=HOP, window=arr(xp, d, _window()), length=L, **kw)

    return make


def _synthesis_of(kind: str, which: str) -> Maker:
    """Synthesis of coefficients by the dual or tight frame of a FilterBank, GaborFrame, ..."""

    def make(xp: Any, d: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        if kind == "FilterBank":
            F = _fb(xp, d)
            c = _signal(9, (2, 6, 16)) + 1j * _signal(10, (2, 6, 16))
        elif kind == "GaborFrame":
            F = _gabor(xp, d, center=False)
            c = _stft_np(_signal(), _window(), pad_mode="circular", center=False)
        else:
            F = _mf(xp, d)
            c = _signal(11, (3, 8)) + 1j * _signal(12, (3, 8))
        G = getattr(F, which)()
        return _call(G, arr(xp, d, c))

    return make


def _fa_case(kind: str, method: str) -> Maker:
    def make(xp: Any, d: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        if kind == "FilterBank":
            F = _fb(xp, d)
            c = to_numpy(FilterBank(_kernels(), 2, 32).analysis(_signal(9, (2, 32))))
        elif kind == "GaborFrame":
            F = _gabor(xp, d)
            c = _stft_np(_signal(), _window(), pad_mode="circular")
        elif kind == "MatrixFrame":
            F = _mf(xp, d)
            c = (_frame(1, 8, 4) + 1j * _frame(2, 8, 4)) @ (_signal(11, (4, 3)) + 0j)
            c = c.T
        else:  # a bare analysis operator
            F = arr(xp, d, _frame())
            c = _signal(2, (3, 8))
        kw: dict[str, Any] = {"method": method, "maxiter": 20000}
        if method == "richardson":  # bounds given as arrays: they are inputs too
            F_np = F if not isinstance(F, (FilterBank, GaborFrame, MatrixFrame)) else None
            A, B = framekit.frame_bounds(to_numpy(F_np)) if F_np is not None else F.frame_bounds()
            kw["bounds"] = (arr(xp, d, to_numpy(A)), arr(xp, d, to_numpy(B)))
        return _call(F, arr(xp, d, c), **kw)

    return make


def _relu_fa(xp: Any, d: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    W, b, _, z = _relu_setup()
    return _call(arr(xp, d, W), arr(xp, d, b), arr(xp, d, z), method="frame_algorithm")


def _relu_flag(xp: Any, d: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    W, b, _, z = _relu_setup()
    z = np.concatenate([z, np.zeros((1, 12))])  # one input with no active unit
    return _call(arr(xp, d, W), arr(xp, d, b), arr(xp, d, z), on_nonspanning="flag")


def _chunked(name: str, **extra: Any) -> Maker:
    def make(xp: Any, d: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        x = _signal(0, (2, 3, L))
        return _call(arr(xp, d, x), n_fft=NFFT, hop_length=HOP, window=arr(xp, d, _window()), **extra)

    return make


def _chunked_named(name: str, window: Any) -> Maker:
    """A named window (hann: the sparse-DFT tap path) in the chunked path."""

    def make(xp: Any, d: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return _call(
            arr(xp, d, _signal(0, (2, L))), n_fft=NFFT, hop_length=HOP,
            window=arr(xp, d, framekit.get_window(window, NFFT))
        )

    return make


def _max_bias_chunks(xp: Any, d: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    return _call(
        arr(xp, d, _relu_setup()[0]),
        n_samples=1000,
        chunk_size=64,
        domain="ball",
        conservative=True,
    )


def _fb_real_synthesis(which: str) -> Maker:
    """Real kernels give real coefficients: synthesis of real c by the frame, dual or tight."""

    def make(xp: Any, d: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        fb = _fb(xp, d)
        return _call(getattr(fb, which)() if which else fb, arr(xp, d, _signal(9, (2, 6, 16))))

    return make


def _write_wav(fmt: str) -> Maker:
    return lambda xp, d: _call(
        tmpdir() / f"{fmt}.wav",
        host_arr(xp, d, 0.999 * np.tanh(_signal(8, (2, 30)))),
        8000,
        sample_format=fmt,
    )


#: Further variants: (id, public name, maker, force chunked phase-derivative paths).
EXTRA: list[tuple[str, str, Maker, bool]] = [
    *[
        (
            f"phase_derivatives-chunked-{b}-{c}",
            "phase_derivatives",
            _chunked("pd", pad_mode=b, center=c),
            True,
        )
        for b, c in (("circular", False), ("circular", True), ("constant", True), ("reflect", True))
    ],
    *[
        (
            f"reassigned_spectrogram-chunked-{b}",
            "reassigned_spectrogram",
            _chunked("rs", pad_mode=b, center=True),
            True,
        )
        for b in ("circular", "constant", "reflect")
    ],
    (
        "phase_derivatives-chunked-hann-taps",
        "phase_derivatives",
        _chunked_named("pd", "hann"),
        True,
    ),
    (
        "reassigned_spectrogram-chunked-blackman-taps",
        "reassigned_spectrogram",
        _chunked_named("rs", "blackman"),
        True,
    ),
    (
        "reassigned_spectrogram-chunked-gauss",
        "reassigned_spectrogram",
        _chunked_named("rs", ("gauss", 2.0)),
        True,
    ),
    (
        "phase_scattering-chunked-delay",
        "phase_scattering",
        lambda xp, d: _call(
            arr(xp, d, _signal(0, (2, L))),
            n_fft1=NFFT,
            hop_length1=HOP,
            window1=arr(xp, d, _window()),
            n_fft2=8,
            hop_length2=2,
            window2=arr(xp, d, np.hanning(6)),
            layer1="delay",
            layer2="modulus",
            average=False,
        ),
        True,
    ),
    *[
        (f"frame_algorithm-{k}-{m}", "frame_algorithm", _fa_case(k, m), False)
        for k in ("FilterBank", "GaborFrame", "MatrixFrame", "array")
        for m in ("cg", "richardson")
    ],
    ("relu_reconstruct-frame_algorithm", "relu_reconstruct", _relu_fa, False),
    ("relu_reconstruct-flag", "relu_reconstruct", _relu_flag, False),
    *[
        (f"{k}.{w}().synthesis", f"{k}.synthesis", _synthesis_of(k, w), False)
        for k in ("FilterBank", "GaborFrame", "MatrixFrame")
        for w in ("dual", "tight")
    ],
    *[
        (
            f"istft-{'onesided' if o else 'twosided'}-{b}-center{c}",
            "istft",
            _istft_case(o, b, c),
            False,
        )
        for o in (True, False)
        for b, c in (("circular", False), ("circular", True), ("constant", True), ("reflect", True))
    ],
    ("max_bias-chunks-ball", "max_bias", _max_bias_chunks, False),
    (
        "max_bias-polytope",
        "max_bias",
        lambda xp, d: _call(
            arr(xp, d, np.vstack([np.eye(3), -np.eye(3), _frame(3, 4, 3)])), method="polytope"
        ),
        False,
    ),
    *[
        (f"write_wav-{f}", "write_wav", _write_wav(f), False)
        for f in ("pcm8", "pcm16", "pcm24", "pcm32", "float32", "float64")
    ],
    (
        "FilterBank.analysis-complex",
        "FilterBank.analysis",
        lambda xp, d: _call(
            FilterBank(arr(xp, d, _kernels(complex_=True)), 2, 32, signal="complex"),
            arr(xp, d, _signal(9, (2, 32)) + 1j * _signal(10, (2, 32))),
        ),
        False,
    ),
    (
        "FilterBank.synthesis-complex",
        "FilterBank.synthesis",
        lambda xp, d: _call(
            FilterBank(arr(xp, d, _kernels(complex_=True)), 2, 32, signal="complex"),
            arr(xp, d, _signal(9, (6, 16)) + 1j * _signal(10, (6, 16))),
        ),
        False,
    ),
    *[
        (
            f"FilterBank{'.' + w + '()' if w else ''}.synthesis-real-coefficients",
            "FilterBank.synthesis",
            _fb_real_synthesis(w),
            False,
        )
        for w in ("", "dual", "tight")
    ],
    (
        "stft-complex-freqinv",
        "stft",
        lambda xp, d: _call(
            arr(xp, d, _signal() + 1j * _signal(1)),
            n_fft=NFFT,
            hop_length=HOP,
            window=arr(xp, d, _window() + 0.1j),
            phase="freqinv",
        ),
        False,
    ),
    (
        "compressed_spectral_loss-real",
        "compressed_spectral_loss",
        lambda xp, d: _call(arr(xp, d, _signal(4, (3, 5))), arr(xp, d, _signal(6, (3, 5)))),
        False,
    ),
]


# --------------------------------------------------------------------------
# the machinery: resolve, snapshot, compare
# --------------------------------------------------------------------------


def public_names() -> list[str]:
    """``framekit.__all__`` less NOT_CALLED, the classes' public methods, display's functions."""
    names = [n for n in framekit.__all__ if n not in NOT_CALLED]
    for cls_name in CLASSES:
        cls = getattr(framekit, cls_name)
        names += [
            f"{cls_name}.{m}"
            for m in vars(cls)
            if not m.startswith("_") and callable(getattr(cls, m))
        ]
    names += [
        f"display.{n}"
        for n in framekit.display.__all__
        if callable(getattr(framekit.display, n))
        and not isinstance(getattr(framekit.display, n), type)
    ]
    return sorted(names)


def resolve(name: str) -> Callable[..., Any]:
    head, _, tail = name.partition(".")
    if not tail:
        return getattr(framekit, name)
    owner = framekit.display if head == "display" else getattr(framekit, head)
    return getattr(owner, tail)


def _is_array(a: Any) -> bool:
    return aac.is_array_api_obj(a) and not isinstance(a, (bool, int, float, complex))


def collect(obj: Any, out: list[tuple[str, Any]], path: str = "", depth: int = 0) -> None:
    """Every array reachable from ``obj``: itself, container items, frame objects' attributes."""
    if depth > 4:
        return
    if _is_array(obj):
        out.append((path or "arg", obj))
    elif isinstance(obj, (tuple, list)):
        for i, v in enumerate(obj):
            collect(v, out, f"{path}[{i}]", depth + 1)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            collect(v, out, f"{path}[{k!r}]", depth + 1)
    elif isinstance(obj, (FilterBank, GaborFrame, MatrixFrame)):
        for k, v in list(vars(obj).items()):
            collect(v, out, f"{path}.{k}", depth + 1)


def snapshot(a: Any) -> np.ndarray:
    """A host copy (never a view of ``a``: torch.asarray shares NumPy's memory)."""
    return np.array(to_numpy(a), copy=True)


def same_bits(before: np.ndarray, after: np.ndarray) -> bool:
    return (
        before.dtype == after.dtype
        and before.shape == after.shape
        and np.ascontiguousarray(before).tobytes() == np.ascontiguousarray(after).tobytes()
    )


def run_and_check(name: str, maker: Maker, xp: Any, device: Any, backend: str) -> None:
    reason = _backend.unsupported_reason(resolve(name), backend)
    if reason:
        pytest.skip(f"{name} does not support {backend}: {reason}")
    if name.startswith("display.") and plt is None:
        pytest.skip("matplotlib is not installed")
    _STATE["buffers"] = []
    args, kwargs = maker(xp, device)
    watched: list[tuple[str, Any]] = []
    collect(args, watched, "args")
    collect(kwargs, watched, "kwargs")
    watched += [(f"buffer[{i}]", b) for i, b in enumerate(_STATE["buffers"])]
    before = [(label, a, snapshot(a)) for label, a in watched]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = resolve(name)(*args, **kwargs)
    changed = [label for label, a, copy in before if not same_bits(copy, snapshot(a))]
    assert not changed, f"{name} modified its input(s) {changed}"
    del result


@pytest.fixture(autouse=True)
def _fresh_state(tmp_path):
    _STATE.update(strided=False, readonly=False, buffers=[], tmp=tmp_path)
    yield
    _STATE.update(strided=False, readonly=False, buffers=[])
    if plt is not None:
        plt.close("all")


def _backend_name(request: pytest.FixtureRequest) -> str:
    return request.node.callspec.params["xp"]


def _layout(layout: str) -> None:
    _STATE["strided"] = layout == "strided"
    _STATE["readonly"] = layout == "readonly"


#: contiguous: fresh arrays; strided: views into sentinel buffers (every backend)
LAYOUTS = ["contiguous", "strided"]
#: every call and trap, for the NumPy-only read-only test
ALL_CALLS = [pytest.param(n, CALLS[n], False, id=n) for n in sorted(CALLS)] + [
    pytest.param(n, m, c, id=i) for i, n, m, c in EXTRA
]


# --------------------------------------------------------------------------
# the tests
# --------------------------------------------------------------------------


def test_calls_cover_every_public_name():
    missing = sorted(set(public_names()) - set(CALLS))
    assert not missing, f"public names without a CALLS entry (add a valid call): {missing}"
    stale = sorted(set(CALLS) - set(public_names()))
    assert not stale, f"CALLS entries that are no public name: {stale}"
    unknown = sorted({n for _, n, _, _ in EXTRA} - set(public_names()))
    assert not unknown, f"EXTRA variants of unknown names: {unknown}"


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", sorted(CALLS))
def test_inputs_unchanged(name, layout, xp, device, request):
    _layout(layout)
    run_and_check(name, CALLS[name], xp, device, _backend_name(request))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    ("name", "maker", "chunks"), [pytest.param(n, m, c, id=i) for i, n, m, c in EXTRA]
)
def test_inputs_unchanged_traps(name, maker, chunks, layout, xp, device, request, monkeypatch):
    if chunks:
        _force_chunks(monkeypatch)
    _layout(layout)
    run_and_check(name, maker, xp, device, _backend_name(request))


@pytest.mark.parametrize(("name", "maker", "chunks"), ALL_CALLS)
def test_readonly_numpy_inputs_are_accepted(name, maker, chunks, monkeypatch):
    """NumPy inputs with ``writeable=False`` (np.broadcast_to, read-only memory maps) work:
    a write into an input would raise here instead of passing unnoticed."""
    if chunks:
        _force_chunks(monkeypatch)
    _layout("readonly")
    run_and_check(name, maker, _backend.get_namespace(np), "cpu", "numpy")


def test_chunked_path_is_taken(monkeypatch):
    """Forced chunking really reaches the chunked code on NumPy (else the traps test nothing)."""
    from framekit.tf import _phase_chunked

    calls = []
    orig = _phase_chunked.chunked_derivatives

    def spy(*a: Any, **k: Any) -> Any:
        calls.append(a[-2])  # rows
        return orig(*a, **k)

    _force_chunks(monkeypatch)
    from framekit.tf import phase

    monkeypatch.setattr(phase, "chunked_derivatives", spy)
    framekit.phase_derivatives(_signal(0, (2, L)), n_fft=NFFT, hop_length=HOP, window=_window())
    assert calls == [3]


def test_torch_views_and_grad_inputs_unchanged(monkeypatch):
    """torch: inputs that are views of one tensor (rows of a batch, a transposed frame) and
    leaf tensors that require grad come back unchanged from the in-place-prone functions
    (the phase derivatives in several chunks)."""
    torch = pytest.importorskip("torch")
    _force_chunks(monkeypatch)
    base = torch.asarray(_signal(0, (4, L)), dtype=torch.float64)
    keep = base.clone()
    w = torch.asarray(_window(), dtype=torch.float64)
    kw = {"n_fft": NFFT, "hop_length": HOP, "window": w}
    framekit.phase_derivatives(base[1:3], **kw)
    framekit.reassigned_spectrogram(base[::2], **kw)
    c = framekit.stft(base[:2], pad_mode="circular", **kw)
    c_keep = c.clone()
    framekit.istft(c, pad_mode="circular", **kw)
    # a strided view of the coefficients
    framekit.istft(c[..., ::2], n_fft=NFFT, hop_length=2 * HOP, window=w, pad_mode="circular")
    assert torch.equal(c, c_keep)
    Wt = torch.asarray(_frame(0, 4, 8), dtype=torch.float64).T  # a transposed (non-contiguous) view
    Wt_keep = Wt.clone()
    framekit.frame_algorithm(Wt, Wt @ base[0, :4], method="richardson")
    framekit.canonical_dual(Wt)
    assert torch.equal(Wt, Wt_keep)
    assert torch.equal(base, keep)
    x = torch.asarray(_signal(1, (2, L)), dtype=torch.float64).requires_grad_(True)
    x_keep = x.detach().clone()
    y = framekit.istft(framekit.stft(x, **kw), length=L, **kw)
    y.sum().backward()
    assert torch.equal(x.detach(), x_keep)


def test_read_wav_after_write_wav_leaves_data_unchanged(tmp_path):
    """write_wav's data is unchanged, and read_wav's result is a fresh array (not a view of it)."""
    x = np.round(np.linspace(-1.0, 1.0 - 2.0**-23, 24).reshape(2, 12) * 2**23) / 2**23
    keep = x.copy()
    p = tmp_path / "x.wav"
    framekit.write_wav(p, x, 8000, sample_format="pcm24")
    assert same_bits(keep, x)
    y = framekit.read_wav(p).data
    assert not np.shares_memory(x, y)
    np.testing.assert_array_equal(y, x)


@pytest.mark.parametrize("layout", ["contiguous", "strided"])
def test_the_check_catches_a_mutation(layout, monkeypatch):
    """The machinery itself: a function writing into its input (or past a strided view's
    elements, into the buffer) is reported."""
    import numpy

    def in_place(x):
        x[..., 0] = 0.0
        return x

    def past_the_view(x):
        if _STATE["buffers"]:
            _STATE["buffers"][0][0] = 1.0  # a gap of the buffer, not an element of x
        else:
            x[..., 0] = 0.0
        return x

    _STATE["strided"] = layout == "strided"
    xp = _backend.get_namespace(numpy)
    for func in (in_place, past_the_view):
        monkeypatch.setattr(framekit, "stft", func)
        with pytest.raises(AssertionError, match="modified its input"):
            run_and_check("stft", lambda xp, d: _call(arr(xp, d, _signal())), xp, "cpu", "numpy")
