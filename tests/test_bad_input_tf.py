"""Bad inputs of the tf topic: each raises a clear error naming the argument (see bad_input.py)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from bad_input import Bad, check, params

from framekit import (
    GaborFrame,
    bin_frequencies,
    frame_times,
    gabor_dual_window,
    gabor_frame_bounds,
    gabor_tight_window,
    get_window,
    griffin_lim,
    istft,
    modulus_scattering,
    pghi,
    phase_derivatives,
    phase_scattering,
    reassigned_spectrogram,
    spectral_convergence,
    stft,
)

HUGE = 10**12  # an absurd size: must fail fast with the argument's name
MIXED = r"arguments come from different array libraries"
NOT_ARRAY = r"must be an array of an array-API library"

X = np.random.default_rng(0).standard_normal(256)
X_NAN = np.concatenate([X[:-1], [np.nan]])
X_INF = np.concatenate([X[:-1], [np.inf]])
X_NINF = np.concatenate([X[:-1], [-np.inf]])
W16 = np.hanning(16)
CIRC = {"n_fft": 64, "hop_length": 16, "pad_mode": "circular"}
C = stft(X, **CIRC)  # (33, 16)
C_NAN = np.where(np.arange(16) == 3, np.nan, C)
C_INF = np.where(np.arange(16) == 3, np.inf, C)
LAT = {"n_fft": 64, "hop_length": 16}
F = GaborFrame(length=256, **LAT)
SCAT = np.cos(2 * np.pi * 0.05 * np.arange(2000))
SCAT_ARGS = {"n_fft1": 100, "hop_length1": 10, "n_fft2": 40, "hop_length2": 10}


def _signal_cases(call, name="x"):
    """The bad signals every function taking a signal x as first argument must refuse."""
    return [
        Bad(f"{name} 0-d", lambda: call(np.asarray(1.0)), ValueError, rf"{name} must have at least one"),
        Bad(f"{name} with 0 samples", lambda: call(np.zeros(0)), ValueError, rf"{name} has length 0"),
        Bad(f"{name} with NaN", lambda: call(X_NAN), ValueError, rf"{name} contains NaN or inf"),
        Bad(f"{name} with +inf", lambda: call(X_INF), ValueError, rf"{name} contains NaN or inf"),
        Bad(f"{name} with -inf", lambda: call(X_NINF), ValueError, rf"{name} contains NaN or inf"),
        Bad(f"{name} float16", lambda: call(X.astype(np.float16)), TypeError, rf"{name} has dtype float16"),
        Bad(f"{name} torch float16", lambda: call(torch.zeros(256, dtype=torch.float16)), TypeError,
            rf"{name} has dtype torch.float16"),
        Bad(f"{name} a list", lambda: call(list(X)), TypeError, rf"{name} {NOT_ARRAY}"),
        Bad(f"{name} a scalar", lambda: call(1.0), TypeError, rf"{name} {NOT_ARRAY}"),
        Bad(f"{name} None", lambda: call(None), TypeError, rf"{name} {NOT_ARRAY}"),
    ]


def _window_cases(call, name="window"):
    """Bad windows (with the signal X, hop 16, n_fft 64): call(window)."""
    return [
        Bad(f"{name} misspelt 'han'", lambda: call("han"), ValueError, rf"unknown {name} 'han'"),
        Bad(f"{name} None", lambda: call(None), TypeError, rf"{name} must be a name"),
        Bad(f"{name} a number", lambda: call(3.0), TypeError, rf"{name} must be a name"),
        Bad(f"{name} a list", lambda: call([1.0] * 16), TypeError, rf"{name} must be a name"),
        Bad(f"{name} 2-D", lambda: call(np.ones((2, 16))), ValueError, rf"{name} must be a non-empty 1-D array"),
        Bad(f"{name} empty", lambda: call(np.zeros(0)), ValueError, rf"{name} must be a non-empty 1-D"),
        Bad(f"{name} longer than n_fft", lambda: call(np.ones(80)), ValueError,
            rf"win_length{name[len('window'):]} = 80 > n_fft"),
        Bad(f"{name} with NaN", lambda: call(np.array([1.0] * 15 + [np.nan])), ValueError,
            rf"{name} contains NaN or inf"),
        Bad(f"{name} with inf", lambda: call(np.array([1.0] * 15 + [np.inf])), ValueError,
            rf"{name} contains NaN or inf"),
        Bad(f"{name} float16", lambda: call(W16.astype(np.float16)), TypeError,
            rf"{name} has dtype float16"),
        Bad(f"{name} gauss tfr 0", lambda: call(("gauss", 0.0)), ValueError, rf"{name} parameter"),
        Bad(f"{name} gauss tfr inf", lambda: call(("gauss", np.inf)), ValueError, rf"{name} parameter"),
        Bad(f"{name} hann with a parameter", lambda: call(("hann", 2.0)), ValueError,
            rf"{name} 'hann' takes no parameter"),
    ]


def _int_cases(call, name, *, huge=True):
    """Bad values of a positive int size: call(value)."""
    rows = [
        Bad(f"{name}=0", lambda: call(0), ValueError, rf"{name} must be a positive int"),
        Bad(f"{name}=-4", lambda: call(-4), ValueError, rf"{name} must be a positive int"),
        Bad(f"{name}=2.5", lambda: call(2.5), TypeError, rf"{name} must be a positive int"),
        Bad(f"{name}=True", lambda: call(True), TypeError, rf"{name} must be a positive int"),
        Bad(f"{name}=None", lambda: call(None), TypeError, rf"{name} must be a positive int"),
        Bad(f"{name}='16'", lambda: call("16"), TypeError, rf"{name} must be a positive int"),
    ]
    if huge:
        rows.append(Bad(f"{name}=10**12", lambda: call(HUGE), ValueError, rf"{name}"))
    return rows


def _fs_cases(call, name="fs"):
    return [
        Bad(f"{name}=0", lambda: call(0.0), ValueError, rf"{name} must be a positive finite number"),
        Bad(f"{name}=-8000", lambda: call(-8000.0), ValueError, rf"{name} must be a positive finite number"),
        Bad(f"{name}=nan", lambda: call(float("nan")), ValueError, rf"{name} must be a positive finite"),
        Bad(f"{name}=inf", lambda: call(float("inf")), ValueError, rf"{name} must be a positive finite"),
        Bad(f"{name}='8000'", lambda: call("8000"), TypeError, rf"{name} must be a positive finite"),
        Bad(f"{name}=None", lambda: call(None), TypeError, rf"{name} must be a positive finite"),
    ]


def _flag_cases(call, name):
    return [
        Bad(f"{name}='no'", lambda: call("no"), TypeError, rf"{name} must be a bool"),
        Bad(f"{name}=array", lambda: call(np.ones(3)), TypeError, rf"{name} must be a bool"),
    ]


def _dtype_cases(call):
    return [
        Bad("dtype int64", lambda: call(np.int64), TypeError, r"dtype must be a real floating dtype"),
        Bad("dtype complex128", lambda: call(np.complex128), TypeError, r"dtype must be a real floating"),
        Bad("dtype float16", lambda: call(np.float16), TypeError, r"dtype must be a real floating"),
        Bad("dtype 'float'", lambda: call("float"), TypeError, r"dtype must be a real floating"),
    ]


def _stft_like(fn):
    """Cases shared by stft and the phase derivatives: fn(x, *, n_fft, hop_length, ...)."""
    return [
        *_signal_cases(lambda x: fn(x, n_fft=64, hop_length=16)),
        *_window_cases(lambda w: fn(X, n_fft=64, hop_length=16, window=w)),
        *[c for c in _int_cases(lambda h: fn(X, n_fft=64, hop_length=h), "hop_length", huge=False)
          if c.what != "hop_length=None"],
        *[c for c in _int_cases(lambda n: fn(X, n_fft=64, win_length=n), "win_length", huge=False)
          if c.what != "win_length=None"],
        *_int_cases(lambda n: fn(X, n_fft=n), "n_fft", huge=False),
        Bad("n_fft missing", lambda: fn(X, hop_length=16), TypeError, r"n_fft"),
        Bad("positional n_fft (torch's order)", lambda: fn(X, 64, 16), TypeError, r"positional"),
        Bad("n_fft=10**12 (named window)", lambda: fn(X, n_fft=HUGE, hop_length=16), ValueError, r"n_fft"),
        Bad("n_fft=10**12 (array window)", lambda: fn(X, n_fft=HUGE, hop_length=16, window=W16), ValueError,
            r"n_fft"),
        Bad("hop_length > n_fft", lambda: fn(X, n_fft=64, hop_length=128), ValueError,
            r"hop_length = 128 > win_length = 64"),
        Bad("hop_length > window length", lambda: fn(X, n_fft=64, hop_length=32, window=W16), ValueError,
            r"hop_length = 32 > win_length = 16"),
        Bad("win_length disagrees with the window", lambda: fn(X, n_fft=64, win_length=32, window=W16),
            ValueError, r"window has 16 samples but win_length = 32"),
        Bad("hop_length not dividing the length (circular)",
            lambda: fn(X, n_fft=64, hop_length=24, pad_mode="circular"), ValueError,
            r"not a multiple of hop_length = 24"),
        Bad("x shorter than the window (circular)", lambda: fn(X[:32], n_fft=64, hop_length=16,
                                                               pad_mode="circular"), ValueError,
            r"x has length 32 along its last axis, shorter than the window"),
        Bad("x shorter than n_fft (center=False)", lambda: fn(X[:32], n_fft=64, center=False), ValueError,
            r"x has length 32 along its last axis, shorter than n_fft = 64"),
        Bad("x too short for reflect padding", lambda: fn(X[:32], n_fft=64, pad_mode="reflect"), ValueError,
            r"pad_mode='reflect' pads 32 samples .* needs length > 32"),
        Bad("last samples under no window (center=False)", lambda: fn(X, n_fft=64, hop_length=20,
                                                                      center=False), ValueError,
            r"last 12 samples lie under no window"),
        Bad("first samples under no window (center=False, win_length < n_fft)",
            lambda: fn(X, n_fft=64, win_length=32, center=False), ValueError,
            r"samples 0 \.\.\. 15 lie under no window"),
        Bad("pad_mode misspelt", lambda: fn(X, n_fft=64, pad_mode="zeros"), ValueError,
            r"pad_mode must be one of"),
        Bad("pad_mode None", lambda: fn(X, n_fft=64, pad_mode=None), ValueError, r"pad_mode must be one of"),
        *_flag_cases(lambda v: fn(X, n_fft=64, center=v), "center"),
        *_flag_cases(lambda v: fn(X, n_fft=64, check_finite=v), "check_finite"),
        Bad("x numpy, window torch", lambda: fn(X, n_fft=64, window=torch.from_numpy(W16)), TypeError, MIXED),
        Bad("x torch, window numpy", lambda: fn(torch.from_numpy(X), n_fft=64, window=W16), TypeError, MIXED),
    ]


def _gabor_window_fn(fn):
    """Cases shared by gabor_frame_bounds / _dual_window / _tight_window: fn(*, n_fft, ...)."""
    return [
        *_window_cases(lambda w: fn(window=w, **LAT)),
        *[c for c in _int_cases(lambda h: fn(n_fft=64, hop_length=h), "hop_length", huge=False)
          if c.what != "hop_length=None"],
        *_int_cases(lambda n: fn(n_fft=n, hop_length=16), "n_fft", huge=False),
        Bad("positional window", lambda: fn("hann", 16, 64), TypeError, r"positional"),
        Bad("n_fft=10**12 (named window)", lambda: fn(n_fft=HUGE, hop_length=16), ValueError, r"n_fft"),
        Bad("window torch float16", lambda: fn(window=torch.ones(16, dtype=torch.float16), **LAT), TypeError,
            r"window has dtype torch.float16"),
        *_dtype_cases(lambda d: fn(dtype=d, **LAT)),
        Bad("xp not a namespace", lambda: fn(xp="numpy", **LAT), TypeError, r"xp must be"),
    ]


def _gabor_frame_state(method):
    """A GaborFrame that should never exist, then ``method``: the constructor refuses it."""
    def frame(window, hop=16):
        return GaborFrame(length=256, n_fft=64, hop_length=hop, window=window)

    return [
        Bad("window with NaN", lambda: method(frame(np.array([1.0] * 15 + [np.nan]))),
            ValueError, r"window contains NaN or inf"),
        Bad("window with inf", lambda: method(frame(np.array([np.inf] * 16))),
            ValueError, r"window contains NaN or inf"),
        Bad("empty window", lambda: method(frame(np.zeros(0))), ValueError, r"window must be a non-empty 1-D"),
        Bad("2-D window", lambda: method(frame(np.ones((2, 16)))), ValueError,
            r"window must be a non-empty 1-D array"),
        Bad("window float16", lambda: method(frame(W16.astype(np.float16))), TypeError,
            r"window has dtype float16"),
        Bad("hop_length > window length", lambda: method(frame(W16, 32)), ValueError,
            r"hop_length = 32 > win_length = 16"),
        Bad("window misspelt", lambda: method(frame("han")), ValueError, r"unknown window 'han'"),
    ]


def _not_a_frame(method):
    """The dual or tight frame of a Gabor system that is not a frame (A = 0)."""
    return [
        Bad("hann with hop_length = n_fft (A = 0)",
            lambda: method(GaborFrame(length=256, n_fft=64, hop_length=64)), ValueError,
            r"hop_length = 64 and n_fft = 64 do not form a frame"),
        Bad("zero window (A = 0)", lambda: method(GaborFrame(length=256, window=np.zeros(16), **LAT)),
            ValueError, r"hop_length = 16 and n_fft = 64 do not form a frame"),
        Bad("window zero at both ends, hop_length = T",
            lambda: method(GaborFrame(length=256, window=np.hanning(16), **LAT)), ValueError,
            r"do not form a frame"),
    ]


def _scattering(fn, **extra):
    """Cases shared by phase_scattering and modulus_scattering: fn(x, *, n_fft1, ..., n_fft2, ...)."""
    args = {"n_fft1": 100, "hop_length1": 10, "n_fft2": 40, "hop_length2": 10}
    circ = {**args, "pad_mode": "circular"}

    def a(**kw):
        return {**args, **kw}

    rows = [
        *_signal_cases(lambda x: fn(x, **args, **extra)),
        Bad("x with 0 samples in a batch of 2", lambda: fn(np.zeros((2, 0)), **args), ValueError,
            r"x has length 0"),
        Bad("x shorter than window1 (circular)", lambda: fn(SCAT[:50], **circ), ValueError,
            r"x has length 50 along its last axis, shorter than the window \(win_length1 = 100\)"),
        Bad("positional layers", lambda: fn(SCAT, "hann", 10, 100, "hann", 10, 40), TypeError, r"positional"),
        Bad("n_fft1 missing", lambda: fn(SCAT, n_fft2=40), TypeError, r"n_fft1"),
        Bad("window1 misspelt", lambda: fn(SCAT, **a(window1="han")), ValueError, r"unknown window1 'han'"),
        Bad("window2 misspelt", lambda: fn(SCAT, **a(window2="hamm")), ValueError, r"unknown window2 'hamm'"),
        Bad("window1 None", lambda: fn(SCAT, **a(window1=None)), TypeError, r"window1 must be a name"),
        Bad("window2 2-D", lambda: fn(SCAT, **a(window2=np.ones((2, 8)))), ValueError,
            r"window2 must be a non-empty 1-D array"),
        Bad("window1 with NaN", lambda: fn(SCAT, **a(window1=np.array([1.0] * 19 + [np.nan]))), ValueError,
            r"window1 contains NaN or inf"),
        Bad("window2 with inf", lambda: fn(SCAT, **a(window2=np.array([1.0] * 19 + [np.inf]))), ValueError,
            r"window2 contains NaN or inf"),
        Bad("window2 torch, x numpy", lambda: fn(SCAT, **a(window2=torch.ones(20, dtype=torch.float64))),
            TypeError, MIXED),
        Bad("window1 longer than n_fft1", lambda: fn(SCAT, **a(window1=np.ones(120))), ValueError,
            r"win_length1 = 120 > n_fft1 = 100"),
        Bad("win_length2 disagrees with window2", lambda: fn(SCAT, **a(window2=np.ones(20), win_length2=30)),
            ValueError, r"window2 has 20 samples but win_length2 = 30"),
        Bad("window2 longer than the first layer's frames (circular)", lambda: fn(SCAT, **{**circ, "n_fft2": 400}),
            ValueError, r"the first layer's 200 frames per channel, shorter than the window \(win_length2 = 400\)"),
        Bad("hop_length1=0", lambda: fn(SCAT, **a(hop_length1=0)), ValueError,
            r"hop_length1 must be a positive int"),
        Bad("hop_length2=0", lambda: fn(SCAT, **a(hop_length2=0)), ValueError,
            r"hop_length2 must be a positive int"),
        Bad("hop_length1=2.5", lambda: fn(SCAT, **a(hop_length1=2.5)), TypeError,
            r"hop_length1 must be a positive int"),
        Bad("win_length1=0", lambda: fn(SCAT, **a(win_length1=0)), ValueError,
            r"win_length1 must be a positive int"),
        Bad("n_fft1=0", lambda: fn(SCAT, **a(n_fft1=0)), ValueError, r"n_fft1 must be a positive int"),
        Bad("n_fft2=-1", lambda: fn(SCAT, **a(n_fft2=-1)), ValueError, r"n_fft2 must be a positive int"),
        Bad("n_fft2=None", lambda: fn(SCAT, **a(n_fft2=None)), TypeError, r"n_fft2 must be a positive int"),
        Bad("hop_length1 > win_length1", lambda: fn(SCAT, **a(hop_length1=200)), ValueError,
            r"hop_length1 = 200 > win_length1 = 100"),
        Bad("hop_length2 > win_length2", lambda: fn(SCAT, **a(hop_length2=50)), ValueError,
            r"hop_length2 = 50 > win_length2 = 40"),
        Bad("hop_length1 not dividing the length (circular)", lambda: fn(SCAT, **{**circ, "hop_length1": 30}),
            ValueError, r"not a multiple of hop_length1 = 30"),
        Bad("hop_length2 not dividing the first layer's frames (circular)",
            lambda: fn(SCAT, **{**circ, "hop_length2": 30}), ValueError, r"not a multiple of hop_length2 = 30"),
        Bad("pad_mode misspelt", lambda: fn(SCAT, **args, pad_mode="zeros"), ValueError,
            r"pad_mode must be one of"),
        *_flag_cases(lambda v: fn(SCAT, **args, center=v), "center"),
        *_flag_cases(lambda v: fn(SCAT, **args, average=v), "average"),
        Bad("x torch, window1 numpy", lambda: fn(torch.from_numpy(SCAT), **a(window1=np.hanning(100))),
            TypeError, MIXED),
    ]
    return rows


CASES: dict[str, list[Bad]] = {
    "stft": [
        *_stft_like(stft),
        Bad("phase misspelt", lambda: stft(X, n_fft=64, phase="time"), ValueError, r"phase must be one of"),
        Bad("onesided with complex x", lambda: stft(X + 0j, n_fft=64, onesided=True), ValueError,
            r"onesided=True needs a real signal"),
        *_flag_cases(lambda v: stft(X, n_fft=64, onesided=v), "onesided"),
        *_flag_cases(lambda v: stft(X, n_fft=64, normalized=v), "normalized"),
    ],
    "istft": [
        Bad("c 1-D", lambda: istft(C[:, 0], **CIRC), ValueError, r"c must have shape \(\.\.\., F, N\)"),
        Bad("c with 0 frames", lambda: istft(C[:, :0], **CIRC), ValueError, r"c has 0 frames"),
        Bad("c with 0 frequency rows", lambda: istft(C[:0, :], **CIRC), ValueError,
            r"c has 0 frequency rows"),
        Bad("c with NaN", lambda: istft(C_NAN, **CIRC), ValueError, r"c contains NaN or inf"),
        Bad("c with inf", lambda: istft(C_INF, **CIRC), ValueError, r"c contains NaN or inf"),
        Bad("c float16", lambda: istft(np.abs(C).astype(np.float16), **CIRC), TypeError,
            r"c has dtype float16"),
        Bad("c a list", lambda: istft(C.tolist(), **CIRC), TypeError, rf"c {NOT_ARRAY}"),
        Bad("c None", lambda: istft(None, **CIRC), TypeError, rf"c {NOT_ARRAY}"),
        Bad("c torch, window numpy", lambda: istft(torch.from_numpy(C), window=W16, **CIRC), TypeError, MIXED),
        Bad("positional n_fft", lambda: istft(C, 64, 16), TypeError, r"positional"),
        Bad("n_fft missing", lambda: istft(C, hop_length=16), TypeError, r"n_fft"),
        Bad("c for another n_fft", lambda: istft(C, n_fft=128, hop_length=16, pad_mode="circular"), ValueError,
            r"c has 33 frequency rows"),
        Bad("two-sided c, onesided=True", lambda: istft(np.concatenate([C, C[1:32]]), onesided=True, **CIRC),
            ValueError, r"c has 64 frequency rows"),
        *[c for c in _window_cases(lambda w: istft(C, window=w, **CIRC)) if "longer than n_fft" not in c.what],
        Bad("window longer than n_fft", lambda: istft(C, window=np.ones(80), **CIRC), ValueError,
            r"win_length = 80 > n_fft"),
        *[c for c in _int_cases(lambda h: istft(C, n_fft=64, hop_length=h, pad_mode="circular"), "hop_length",
                                huge=False) if c.what != "hop_length=None"],
        *_int_cases(lambda n: istft(C, n_fft=n, hop_length=16, pad_mode="circular"), "n_fft", huge=False),
        Bad("n_fft=10**12", lambda: istft(C, n_fft=HUGE, hop_length=16, pad_mode="circular"), ValueError,
            r"n_fft"),
        *[c for c in _int_cases(lambda n: istft(C, length=n, **CIRC), "length", huge=False)
          if c.what != "length=None"],
        Bad("length=10**12", lambda: istft(C, length=HUGE, **CIRC), ValueError, r"length"),
        Bad("length not a multiple of hop_length", lambda: istft(C, length=250, **CIRC), ValueError,
            r"length = 250, not a multiple of hop_length = 16"),
        Bad("length shorter than the window", lambda: istft(C[:, :2], length=32, **CIRC), ValueError,
            r"length = 32, shorter than the window"),
        Bad("length disagrees with c", lambda: istft(C, length=512, **CIRC), ValueError,
            r"c has 16 frames but length = 512"),
        Bad("too few frames for the default length", lambda: istft(C[:, :1], n_fft=64, hop_length=16),
            ValueError, r"c has 1 frames, too few"),
        Bad("not a frame (hop_length = n_fft, hann)",
            lambda: istft(stft(X, n_fft=64, hop_length=64, pad_mode="circular"), n_fft=64, hop_length=64,
                          pad_mode="circular"), ValueError, r"do not form a frame"),
        Bad("not a frame (center=False, hann(0) = 0)",
            lambda: istft(stft(X, n_fft=64, hop_length=16, center=False), n_fft=64, hop_length=16,
                          center=False, length=256), ValueError, r"do not form a frame"),
        Bad("hop_length > window length", lambda: istft(C, n_fft=64, hop_length=32, window=W16,
                                                        pad_mode="circular"), ValueError,
            r"hop_length = 32 > win_length = 16"),
        Bad("onesided c with a complex window", lambda: istft(C, window=W16 + 0j, **CIRC), ValueError,
            r"onesided coefficients need a real window"),
        Bad("pad_mode misspelt", lambda: istft(C, n_fft=64, hop_length=16, pad_mode="circ"), ValueError,
            r"pad_mode must be one of"),
        Bad("phase misspelt", lambda: istft(C, phase="freq", **CIRC), ValueError, r"phase must be one of"),
        *_flag_cases(lambda v: istft(C, center=v, **CIRC), "center"),
        *_flag_cases(lambda v: istft(C, onesided=v, **CIRC), "onesided"),
        *_flag_cases(lambda v: istft(C, normalized=v, **CIRC), "normalized"),
    ],
    "frame_times": [
        *_int_cases(lambda n: frame_times(n, n_fft=64, hop_length=16), "length", huge=False),
        Bad("length=10**12 with hop_length 1", lambda: frame_times(HUGE, n_fft=64, hop_length=1), ValueError,
            r"length"),
        *[c for c in _int_cases(lambda n: frame_times(256, n_fft=64, win_length=n), "win_length", huge=False)
          if c.what != "win_length=None"],
        *[c for c in _int_cases(lambda h: frame_times(256, n_fft=64, hop_length=h), "hop_length", huge=False)
          if c.what != "hop_length=None"],
        *_int_cases(lambda n: frame_times(256, n_fft=n), "n_fft", huge=False),
        Bad("length shorter than the window (circular)",
            lambda: frame_times(32, n_fft=64, hop_length=16, pad_mode="circular"), ValueError,
            r"length = 32, shorter than the window"),
        Bad("hop_length not dividing length (circular)",
            lambda: frame_times(250, n_fft=64, hop_length=16, pad_mode="circular"), ValueError,
            r"length = 250, not a multiple of hop_length = 16"),
        Bad("hop_length > win_length", lambda: frame_times(256, n_fft=64, win_length=16, hop_length=32),
            ValueError, r"hop_length = 32 > win_length = 16"),
        *_fs_cases(lambda f: frame_times(256, n_fft=64, fs=f)),
        Bad("pad_mode misspelt", lambda: frame_times(256, n_fft=64, pad_mode="zero"), ValueError,
            r"pad_mode must be one of"),
        *_flag_cases(lambda v: frame_times(256, n_fft=64, center=v), "center"),
        *_dtype_cases(lambda d: frame_times(256, n_fft=64, dtype=d)),
        Bad("xp not a namespace", lambda: frame_times(256, n_fft=64, xp="numpy"), TypeError, r"xp must be"),
    ],
    "bin_frequencies": [
        *_int_cases(lambda n: bin_frequencies(n), "n_fft"),
        *_fs_cases(lambda f: bin_frequencies(64, fs=f)),
        *_flag_cases(lambda v: bin_frequencies(64, onesided=v), "onesided"),
        *_dtype_cases(lambda d: bin_frequencies(64, dtype=d)),
        Bad("xp not a namespace", lambda: bin_frequencies(64, xp=np.ones(3)), TypeError, r"xp must be"),
    ],
    "get_window": [
        *_window_cases(lambda w: get_window(w, 16))[:4],
        Bad("window an array", lambda: get_window(np.ones(16), 16), TypeError, r"window must be a name"),
        Bad("window gauss tfr 0", lambda: get_window(("gauss", 0.0), 16), ValueError, r"window parameter"),
        Bad("window gauss tfr -1", lambda: get_window(("gauss", -1.0), 16), ValueError, r"window parameter"),
        Bad("window gauss tfr inf", lambda: get_window(("gauss", np.inf), 16), ValueError,
            r"window parameter"),
        Bad("window gauss tfr nan", lambda: get_window(("gauss", np.nan), 16), ValueError,
            r"window parameter"),
        Bad("window gauss tfr a string", lambda: get_window(("gauss", "2"), 16), TypeError,
            r"window parameter"),
        Bad("window hann with a parameter", lambda: get_window(("hann", 2.0), 16), ValueError,
            r"window 'hann' takes no parameter"),
        Bad("window a 3-tuple", lambda: get_window(("gauss", 1.0, 2.0), 16), TypeError,
            r"window must be a name"),
        *_int_cases(lambda n: get_window("hann", n), "length"),
        *[c for c in _int_cases(lambda n: get_window("gauss", 16, n_fft=n), "n_fft", huge=False)
          if c.what != "n_fft=None"],
        *_flag_cases(lambda v: get_window("hann", 16, sym=v), "sym"),
        *_dtype_cases(lambda d: get_window("hann", 16, dtype=d)),
        Bad("xp not a namespace", lambda: get_window("hann", 16, xp="torch"), TypeError, r"xp must be"),
    ],
    "gabor_frame_bounds": _gabor_window_fn(gabor_frame_bounds),
    "gabor_dual_window": [
        *_gabor_window_fn(gabor_dual_window),
        Bad("not a frame (hann, hop_length = n_fft)", lambda: gabor_dual_window(n_fft=64, hop_length=64),
            ValueError, r"do not form a frame"),
        Bad("not a frame (window zero at both ends, hop_length = T)",
            lambda: gabor_dual_window(n_fft=64, hop_length=16, window=np.hanning(16)), ValueError,
            r"do not form a frame"),
    ],
    "gabor_tight_window": [
        *_gabor_window_fn(gabor_tight_window),
        Bad("not a frame (hann, hop_length = n_fft)", lambda: gabor_tight_window(n_fft=64, hop_length=64),
            ValueError, r"do not form a frame"),
        Bad("not a frame (zero window)", lambda: gabor_tight_window(n_fft=64, hop_length=8,
                                                                    window=np.zeros(16)), ValueError,
            r"do not form a frame"),
    ],
    "GaborFrame": [
        *_window_cases(lambda w: GaborFrame(length=256, window=w, **LAT)),
        Bad("positional arguments", lambda: GaborFrame("hann", 16, 64, 256), TypeError, r"positional"),
        *[c for c in _int_cases(lambda h: GaborFrame(length=256, n_fft=64, hop_length=h), "hop_length",
                                huge=False) if c.what != "hop_length=None"],
        *_int_cases(lambda n: GaborFrame(length=256, n_fft=n, hop_length=16), "n_fft", huge=False),
        Bad("n_fft=10**12", lambda: GaborFrame(length=256, n_fft=HUGE, hop_length=16), ValueError, r"n_fft"),
        *_int_cases(lambda n: GaborFrame(length=n, **LAT), "length", huge=False),
        Bad("length=10**12", lambda: GaborFrame(length=HUGE, **LAT), ValueError, r"length = 10+"),
        Bad("hop_length > n_fft", lambda: GaborFrame(length=256, n_fft=64, hop_length=128), ValueError,
            r"hop_length = 128 > win_length = 64"),
        Bad("length not a multiple of hop_length", lambda: GaborFrame(length=250, **LAT), ValueError,
            r"length = 250, not a multiple of hop_length = 16"),
        Bad("length shorter than the window", lambda: GaborFrame(length=32, **LAT), ValueError,
            r"length = 32, shorter than the window"),
        Bad("onesided with a complex window", lambda: GaborFrame(length=256, window=W16 + 0j, onesided=True,
                                                                 **LAT),
            ValueError, r"onesided=True needs a real window"),
        *_flag_cases(lambda v: GaborFrame(length=256, onesided=v, **LAT), "onesided"),
        *_flag_cases(lambda v: GaborFrame(length=256, center=v, **LAT), "center"),
        Bad("pad_mode (the frame is circular)", lambda: GaborFrame(length=256, pad_mode="constant", **LAT),
            TypeError, r"pad_mode"),
        Bad("phase misspelt", lambda: GaborFrame(length=256, phase="time", **LAT), ValueError,
            r"phase must be one of"),
        *_fs_cases(lambda f: GaborFrame(length=256, fs=f, **LAT)),
        *_dtype_cases(lambda d: GaborFrame(length=256, dtype=d, **LAT)),
    ],
    "GaborFrame.analysis": [
        *[c for c in _signal_cases(F.analysis) if "0 samples" not in c.what],
        Bad("x with 0 samples", lambda: F.analysis(np.zeros(0)), ValueError,
            r"x must have length 256 along its last axis, got 0"),
        Bad("x of the wrong length", lambda: F.analysis(X[:128]), ValueError,
            r"x must have length 256 along its last axis, got 128"),
        Bad("x of length 1 (no broadcasting)", lambda: F.analysis(X[:1]), ValueError,
            r"x must have length 256"),
        Bad("complex x for a one-sided frame", lambda: F.analysis(X + 0j), ValueError,
            r"x is complex but the frame is one-sided"),
        Bad("x torch, frame numpy", lambda: F.analysis(torch.from_numpy(X)), TypeError, MIXED),
    ],
    "GaborFrame.synthesis": [
        Bad("c 1-D", lambda: F.synthesis(C[:, 0]), ValueError, r"c must have shape \(\.\.\., F, N\)"),
        Bad("c 0-d", lambda: F.synthesis(np.asarray(1.0 + 0j)), ValueError, r"c must have shape"),
        Bad("c with 0 frames", lambda: F.synthesis(C[:, :0]), ValueError, r"c has 0 frames"),
        Bad("c of the wrong frame count", lambda: F.synthesis(C[:, :8]), ValueError,
            r"c has 8 frames but length = 256"),
        Bad("c of the wrong bin count", lambda: F.synthesis(C[:20]), ValueError, r"c has 20 frequency rows"),
        Bad("c with NaN", lambda: F.synthesis(C_NAN), ValueError, r"c contains NaN or inf"),
        Bad("c with inf", lambda: F.synthesis(C_INF), ValueError, r"c contains NaN or inf"),
        Bad("c float16", lambda: F.synthesis(np.abs(C).astype(np.float16)), TypeError,
            r"c has dtype float16"),
        Bad("c a list", lambda: F.synthesis(C.tolist()), TypeError, rf"c {NOT_ARRAY}"),
        Bad("c None", lambda: F.synthesis(None), TypeError, rf"c {NOT_ARRAY}"),
        Bad("c torch, frame numpy", lambda: F.synthesis(torch.from_numpy(C)), TypeError, MIXED),
    ],
    "GaborFrame.frame_operator": [
        *[c for c in _signal_cases(F.frame_operator) if "0 samples" not in c.what],
        Bad("x with 0 samples", lambda: F.frame_operator(np.zeros(0)), ValueError,
            r"x must have length 256 along its last axis, got 0"),
        Bad("x of the wrong length", lambda: F.frame_operator(X[:100]), ValueError,
            r"x must have length 256 along its last axis, got 100"),
        Bad("x of length 1 (no broadcasting)", lambda: F.frame_operator(X[:1]), ValueError,
            r"x must have length 256"),
        Bad("x torch, frame numpy", lambda: F.frame_operator(torch.from_numpy(X)), TypeError, MIXED),
    ],
    "GaborFrame.frame_bounds": _gabor_frame_state(lambda f: f.frame_bounds()),
    "GaborFrame.condition_number": _gabor_frame_state(lambda f: f.condition_number()),
    "GaborFrame.dual": [*_not_a_frame(lambda f: f.dual()), *_gabor_frame_state(lambda f: f.dual())[:3]],
    "GaborFrame.tight": [*_not_a_frame(lambda f: f.tight()), *_gabor_frame_state(lambda f: f.tight())[:3]],
    "phase_derivatives": [
        *_stft_like(phase_derivatives),
        *_fs_cases(lambda f: phase_derivatives(X, n_fft=64, hop_length=16, fs=f)),
        Bad("floor=0", lambda: phase_derivatives(X, n_fft=64, hop_length=16, floor=0.0), ValueError,
            r"floor must be a number in \(0, 1\)"),
        Bad("floor=1", lambda: phase_derivatives(X, n_fft=64, hop_length=16, floor=1.0), ValueError,
            r"floor must be a number in \(0, 1\)"),
        Bad("floor=nan", lambda: phase_derivatives(X, n_fft=64, hop_length=16, floor=float("nan")), ValueError,
            r"floor must be a number in \(0, 1\)"),
        Bad("floor='1e-6'", lambda: phase_derivatives(X, n_fft=64, hop_length=16, floor="1e-6"), TypeError,
            r"floor must be a number in \(0, 1\)"),
    ],
    "reassigned_spectrogram": [
        *_stft_like(reassigned_spectrogram),
        *_fs_cases(lambda f: reassigned_spectrogram(X, n_fft=64, hop_length=16, fs=f)),
        *_flag_cases(lambda v: reassigned_spectrogram(X, n_fft=64, clip=v), "clip"),
        Bad("floor=-1", lambda: reassigned_spectrogram(X, n_fft=64, hop_length=16, floor=-1.0), ValueError,
            r"floor must be a number in \(0, 1\)"),
        Bad("floor=None", lambda: reassigned_spectrogram(X, n_fft=64, hop_length=16, floor=None), TypeError,
            r"floor must be a number in \(0, 1\)"),
    ],
    "phase_scattering": [
        *_scattering(phase_scattering),
        Bad("layer1 misspelt", lambda: phase_scattering(SCAT, **SCAT_ARGS, layer1="freq"), ValueError, r"layer1 must be one of"),
        Bad("layer2 misspelt", lambda: phase_scattering(SCAT, **SCAT_ARGS, layer2="mod"), ValueError, r"layer2 must be one of"),
        Bad("complex x", lambda: phase_scattering(SCAT + 0j, **SCAT_ARGS), TypeError,
            r"x must be real"),
        *_fs_cases(lambda f: phase_scattering(SCAT, **SCAT_ARGS, fs=f)),
        Bad("floor=0", lambda: phase_scattering(SCAT, **SCAT_ARGS, floor=0.0),
            ValueError, r"floor must be a number in \(0, 1\)"),
    ],
    "modulus_scattering": [
        *_scattering(modulus_scattering),
        Bad("complex x", lambda: modulus_scattering(SCAT + 0j, **SCAT_ARGS), TypeError,
            r"x must be real"),
    ],
}


# --- phase retrieval from magnitudes (framekit.tf.retrieval, framekit.tf.phase_gradient)
MAG = np.abs(stft(X, n_fft=64, hop_length=16))  # (33, 17)
RET = {"n_fft": 64, "hop_length": 16}


def _magnitude_cases(fn):
    """Bad magnitudes S for fn(S, **kw) (griffin_lim, pghi)."""
    return [
        Bad("S 1-D", lambda: fn(MAG[:, 0], **RET), ValueError, r"S must have shape \(\.\.\., F, N\)"),
        Bad("S complex", lambda: fn(MAG + 0j, **RET), TypeError, r"S must be real magnitudes"),
        Bad("S negative", lambda: fn(-MAG, **RET), ValueError, r"S must be non-negative"),
        Bad("S with NaN", lambda: fn(np.where(MAG > 1, np.nan, MAG), **RET), ValueError, r"S contains NaN"),
        Bad("S float16", lambda: fn(MAG.astype(np.float16), **RET), TypeError, r"S has dtype float16"),
        Bad("S a list", lambda: fn(MAG.tolist(), **RET), TypeError, rf"S {NOT_ARRAY}"),
        Bad("S None", lambda: fn(None, **RET), TypeError, rf"S {NOT_ARRAY}"),
        Bad("S rows not n_fft // 2 + 1", lambda: fn(MAG[:-1], **RET), ValueError, r"S has 32 frequency rows"),
        Bad("S with 0 frames", lambda: fn(MAG[:, :0], **RET), ValueError, r"S has shape"),
        Bad("positional n_fft", lambda: fn(MAG, 64, 16), TypeError, r"positional"),
        Bad("n_fft missing", lambda: fn(MAG, hop_length=16), TypeError, r"n_fft"),
        *_int_cases(lambda n: fn(MAG, n_fft=n), "n_fft", huge=False),
        *_window_cases(lambda w: fn(MAG, window=w, **RET))[:4],
        Bad("pad_mode misspelt", lambda: fn(MAG, pad_mode="zeros", **RET), ValueError, r"pad_mode must be one of"),
        Bad("phase misspelt", lambda: fn(MAG, phase="time", **RET), ValueError, r"phase must be one of"),
        *_flag_cases(lambda v: fn(MAG, center=v, **RET), "center"),
        *_flag_cases(lambda v: fn(MAG, check_finite=v, **RET), "check_finite"),
        Bad("S numpy, window torch", lambda: fn(MAG, window=torch.from_numpy(np.hanning(64)), **RET), TypeError,
            MIXED),
    ]


CASES.update({
    "griffin_lim": [
        *_magnitude_cases(griffin_lim),
        Bad("n_iter=-1", lambda: griffin_lim(MAG, n_iter=-1, **RET), ValueError, r"n_iter must be an int >= 0"),
        Bad("n_iter=2.5", lambda: griffin_lim(MAG, n_iter=2.5, **RET), TypeError, r"n_iter must be an int >= 0"),
        Bad("n_iter=None", lambda: griffin_lim(MAG, n_iter=None, **RET), TypeError, r"n_iter must be"),
        Bad("n_iter=True", lambda: griffin_lim(MAG, n_iter=True, **RET), TypeError, r"n_iter must be"),
        Bad("momentum=-0.1", lambda: griffin_lim(MAG, momentum=-0.1, **RET), ValueError,
            r"momentum must be a number in \[0, 2\)"),
        Bad("momentum=2", lambda: griffin_lim(MAG, momentum=2.0, **RET), ValueError, r"momentum must be"),
        Bad("momentum='high'", lambda: griffin_lim(MAG, momentum="high", **RET), TypeError, r"momentum must be"),
        Bad("init misspelt", lambda: griffin_lim(MAG, init="zero", **RET), ValueError, r"init must be one of"),
        Bad("init None", lambda: griffin_lim(MAG, init=None, **RET), ValueError, r"init must be one of"),
        Bad("init of the wrong shape", lambda: griffin_lim(MAG, init=np.zeros((33, 3)), **RET), ValueError,
            r"init \(an array of phases\) must have S's shape"),
        Bad("init complex", lambda: griffin_lim(MAG, init=MAG + 0j, **RET), TypeError, r"init must be real"),
        Bad("init with NaN", lambda: griffin_lim(MAG, init=np.full(MAG.shape, np.nan), **RET), ValueError,
            r"init contains NaN"),
        Bad("init torch, S numpy", lambda: griffin_lim(MAG, init=torch.zeros(MAG.shape), **RET), TypeError,
            MIXED),
        Bad("variant misspelt", lambda: griffin_lim(MAG, variant="fast", **RET), ValueError,
            r"variant must be one of"),
        Bad("seed=-1", lambda: griffin_lim(MAG, seed=-1, **RET), ValueError, r"seed must be"),
        Bad("seed=1.5", lambda: griffin_lim(MAG, seed=1.5, **RET), TypeError, r"seed must be"),
        Bad("length not matching the frames", lambda: griffin_lim(MAG, length=1000, **RET), ValueError,
            r"S has 17 frames but length = 1000"),
        Bad("length=0", lambda: griffin_lim(MAG, length=0, **RET), ValueError, r"length must be a positive int"),
        *_flag_cases(lambda v: griffin_lim(MAG, return_sc=v, **RET), "return_sc"),
    ],
    "pghi": [
        *_magnitude_cases(pghi),
        Bad("tol=0", lambda: pghi(MAG, tol=0.0, **RET), ValueError, r"tol must be a number in \(0, 1\)"),
        Bad("tol=1", lambda: pghi(MAG, tol=1.0, **RET), ValueError, r"tol must be"),
        Bad("tol=nan", lambda: pghi(MAG, tol=float("nan"), **RET), ValueError, r"tol must be"),
        Bad("tol='1e-5'", lambda: pghi(MAG, tol="1e-5", **RET), TypeError, r"tol must be"),
        Bad("integration misspelt", lambda: pghi(MAG, integration="fft", **RET), ValueError,
            r"integration must be one of"),
        Bad("gamma=0", lambda: pghi(MAG, gamma=0.0, **RET), ValueError, r"gamma must be a positive"),
        Bad("gamma='big'", lambda: pghi(MAG, gamma="big", **RET), TypeError, r"gamma must be"),
        Bad("length=0", lambda: pghi(MAG, length=0, **RET), ValueError, r"length must be a positive int"),
        Bad("window with one non-zero sample", lambda: pghi(MAG, window=np.eye(1, 64, 32)[0], **RET), ValueError,
            r"window has no temporal spread"),
    ],
    "spectral_convergence": [
        *[c for c in _signal_cases(lambda x: spectral_convergence(x, MAG, **RET))[2:] if "torch" not in c.what],
        Bad("x complex", lambda: spectral_convergence(X + 0j, MAG, **RET), TypeError, r"x must be a real signal"),
        Bad("S complex", lambda: spectral_convergence(X, MAG + 0j, **RET), TypeError, r"S must be real"),
        Bad("S negative", lambda: spectral_convergence(X, -MAG, **RET), ValueError, r"S must be non-negative"),
        Bad("S None", lambda: spectral_convergence(X, None, **RET), TypeError, rf"S {NOT_ARRAY}"),
        Bad("S of another size", lambda: spectral_convergence(X, MAG[:, :5], **RET), ValueError,
            r"S has shape \(33, 5\) but the STFT of x"),
        Bad("x torch, S numpy", lambda: spectral_convergence(torch.from_numpy(X), MAG, **RET), TypeError, MIXED),
        Bad("positional n_fft", lambda: spectral_convergence(X, MAG, 64), TypeError, r"positional"),
        *_int_cases(lambda n: spectral_convergence(X, MAG, n_fft=n), "n_fft", huge=False),
    ],
})


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    check(case)
