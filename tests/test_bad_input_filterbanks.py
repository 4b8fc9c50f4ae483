"""Bad inputs of the filterbanks topic: each raises a clear error naming the argument (see bad_input.py)."""

from __future__ import annotations

import numpy as np
import pytest
from bad_input import Bad, check, params

from framekit.filterbanks import (
    FilterBank,
    FilterBankStream,
    FIRFilterBank,
    aud_bandwidth,
    aud_space,
    aud_to_freq,
    cqt,
    freq_to_aud,
    from_center_frequencies,
    gammatone,
    isac,
    third_octave,
)

try:
    import torch
except ImportError:  # the mixed numpy/torch rows need torch
    torch = None

BIG = 10**12  # an absurd size: must fail fast, naming the argument
NAN, INF = float("nan"), float("inf")

# Pattern fragments of the shared messages (see tests/bad_input.py and conventions.md).
NOT_ARRAY = r"must be an array of an array-API library"
MIXED = r"arguments come from different array libraries"
HALF = r"has dtype float16"
NONFINITE = r"contains NaN or inf"
HALF_DTYPE = r"dtype must be a real floating dtype of the numpy namespace \(float32 or float64\), got dtype float16"


def _k(K: int = 3, T: int = 4) -> np.ndarray:
    return np.random.default_rng(0).standard_normal((K, T))


def _fb(**kw) -> FilterBank:
    """A real-signal frame: 3 random kernels of 4 taps, stride 1, length 16."""
    return FilterBank(_k(), 1, 16, **kw)


def _nonframe() -> FilterBank:
    """Three identical lowpass filters at stride 4: not a frame (A = 0)."""
    return FilterBank(np.ones((3, 4)), 4, 16)


def _x(n: int = 16, **kw) -> np.ndarray:
    return np.random.default_rng(1).standard_normal(n, **kw)


def _fir() -> FIRFilterBank:
    """3 random real kernels of 4 taps, stride 1, linear mode."""
    return FIRFilterBank(_k(), 1)


def _streamed() -> FilterBankStream:
    s = FilterBankStream(_fir())
    s.analysis(_x())
    return s


def _flushed() -> FilterBankStream:
    s = _streamed()
    s.flush()
    return s


def _synth_stream() -> FilterBankStream:
    s = FilterBankStream(_fir())
    s.synthesis(np.ones((3, 4)))
    return s


def _c() -> np.ndarray:
    return np.zeros((3, 16), dtype=complex)


def _with(a: np.ndarray, index: tuple[int, ...], value: float) -> np.ndarray:
    a = np.array(a, dtype=np.result_type(a, float))
    a[index] = value
    return a


CASES: dict[str, list[Bad]] = {
    "FilterBank": [
        Bad("kernels 1-D", lambda: FilterBank(np.ones(4), 1, 16), ValueError, r"kernels must have shape \(K, T\)"),
        Bad("kernels 3-D", lambda: FilterBank(np.ones((2, 3, 4)), 1, 16), ValueError, r"kernels must have shape \(K, T\)"),
        Bad("kernels 0-D", lambda: FilterBank(np.asarray(1.0), 1, 16), ValueError, r"kernels must have shape \(K, T\)"),
        Bad("kernels with zero channels", lambda: FilterBank(np.ones((0, 4)), 1, 16), ValueError, r"kernels has zero channels"),
        Bad("kernels with zero taps", lambda: FilterBank(np.ones((3, 0)), 1, 16), ValueError, r"kernels has zero taps"),
        Bad("kernels with NaN", lambda: FilterBank(_with(_k(), (0, 0), NAN), 1, 16), ValueError, r"kernels " + NONFINITE),
        Bad("kernels with +inf", lambda: FilterBank(_with(_k(), (1, 2), INF), 1, 16), ValueError, r"kernels " + NONFINITE),
        Bad("kernels with -inf", lambda: FilterBank(_with(_k(), (2, 3), -INF), 1, 16), ValueError, r"kernels " + NONFINITE),
        Bad("kernels float16", lambda: FilterBank(_k().astype(np.float16), 1, 16), TypeError, r"kernels " + HALF),
        Bad("kernels as a list", lambda: FilterBank([[1.0, 2.0], [3.0, 4.0]], 1, 16), TypeError, r"kernels " + NOT_ARRAY),
        Bad("kernels as a scalar", lambda: FilterBank(1.0, 1, 16), TypeError, r"kernels " + NOT_ARRAY),
        Bad("kernels None", lambda: FilterBank(None, 1, 16), TypeError, r"kernels " + NOT_ARRAY),
        Bad("stride=0", lambda: FilterBank(_k(), 0, 16), ValueError, r"stride must be a positive int"),
        Bad("stride=-2", lambda: FilterBank(_k(), -2, 16), ValueError, r"stride must be a positive int"),
        Bad("stride=2.0 (not an int)", lambda: FilterBank(_k(), 2.0, 16), TypeError, r"stride must be a positive int"),
        Bad("stride=True", lambda: FilterBank(_k(), True, 16), TypeError, r"stride must be a positive int"),
        Bad("stride None", lambda: FilterBank(_k(), None, 16), TypeError, r"stride must be a positive int"),
        Bad("stride not dividing length", lambda: FilterBank(_k(), 3, 16), ValueError, r"stride=3 does not divide length=16"),
        Bad("stride > length", lambda: FilterBank(_k(), 32, 16), ValueError, r"stride=32 does not divide length=16"),
        Bad("stride absurd", lambda: FilterBank(_k(), BIG, 16), ValueError, r"stride=\d+ does not divide length=16"),
        Bad("length=0", lambda: FilterBank(_k(), 1, 0), ValueError, r"length must be a positive int"),
        Bad("length=-16", lambda: FilterBank(_k(), 1, -16), ValueError, r"length must be a positive int"),
        Bad("length=16.5", lambda: FilterBank(_k(), 1, 16.5), TypeError, r"length must be a positive int"),
        Bad("length None", lambda: FilterBank(_k(), 1, None), TypeError, r"length must be a positive int"),
        Bad("length absurd (10**12)", lambda: FilterBank(_k(), 1, BIG), ValueError, r"length=\d+ .*too large"),
        Bad("kernel longer than the signal", lambda: FilterBank(_k(3, 20), 1, 16), ValueError, r"kernels have T=20 taps, longer than the signal length=16"),
        Bad("fs=0", lambda: _fb(fs=0), ValueError, r"fs must be a positive"),
        Bad("fs<0", lambda: _fb(fs=-8000.0), ValueError, r"fs must be a positive"),
        Bad("fs NaN", lambda: _fb(fs=NAN), ValueError, r"fs must be a positive"),
        Bad("fs inf", lambda: _fb(fs=INF), ValueError, r"fs must be a positive"),
        Bad("fs as a string", lambda: _fb(fs="8000"), TypeError, r"fs must be a positive"),
        Bad("signal misspelt 'reall'", lambda: _fb(signal="reall"), ValueError, r"signal must be 'real' or 'complex'"),
        Bad("signal None", lambda: _fb(signal=None), ValueError, r"signal must be 'real' or 'complex'"),
        Bad("origin=-1", lambda: _fb(origin=-1), ValueError, r"origin must be an int in \[0, 4\)"),
        Bad("origin=T", lambda: _fb(origin=4), ValueError, r"origin must be an int in \[0, 4\)"),
        Bad("origin=1.5", lambda: _fb(origin=1.5), TypeError, r"origin must be an int"),
        Bad("center_frequencies of the wrong size", lambda: _fb(center_frequencies=[100.0, 200.0]), ValueError, r"center_frequencies must have one value per channel"),
        Bad("center_frequencies with NaN", lambda: _fb(center_frequencies=[100.0, NAN, 300.0]), ValueError, r"center_frequencies " + NONFINITE),
        Bad("center_frequencies complex", lambda: _fb(center_frequencies=np.array([1.0, 2.0, 3.0]) + 1j), TypeError, r"center_frequencies must be real"),
        Bad("center_frequencies a scalar", lambda: _fb(center_frequencies=100.0), TypeError, r"center_frequencies must be an array or a sequence"),
        Bad("bandwidths of the wrong size", lambda: _fb(bandwidths=np.ones(4)), ValueError, r"bandwidths must have one value per channel"),
        Bad("bandwidths with inf", lambda: _fb(bandwidths=[1.0, INF, 1.0]), ValueError, r"bandwidths " + NONFINITE),
        Bad("bandwidths of strings", lambda: _fb(bandwidths=["a", "b", "c"]), TypeError, r"bandwidths must be an array or a sequence"),
        Bad("torch kernels, numpy center_frequencies", lambda: FilterBank(torch.ones(3, 4, dtype=torch.float64), 1, 16, center_frequencies=np.ones(3)), TypeError, MIXED),
        Bad("check_finite not a bool", lambda: _fb(check_finite="no"), TypeError, r"check_finite must be a bool"),
    ],
    "FilterBank.analysis": [
        Bad("x of the wrong length", lambda: _fb().analysis(_x(15)), ValueError, r"x must have shape \(\.\.\., 16\)"),
        Bad("x 0-D", lambda: _fb().analysis(np.asarray(1.0)), ValueError, r"x must have shape \(\.\.\., 16\)"),
        Bad("x with a size-0 last axis", lambda: _fb().analysis(np.ones((2, 0))), ValueError, r"x must have shape \(\.\.\., 16\)"),
        Bad("x with NaN", lambda: _fb().analysis(_with(_x(), (3,), NAN)), ValueError, r"x " + NONFINITE),
        Bad("x with +inf", lambda: _fb().analysis(_with(_x(), (0,), INF)), ValueError, r"x " + NONFINITE),
        Bad("x with -inf", lambda: _fb().analysis(_with(_x(), (5,), -INF)), ValueError, r"x " + NONFINITE),
        Bad("x float16", lambda: _fb().analysis(_x().astype(np.float16)), TypeError, r"x " + HALF),
        Bad("x complex for signal='real'", lambda: _fb().analysis(_x() + 1j), TypeError, r"x must be real for a filterbank with signal='real'"),
        Bad("x as a list", lambda: _fb().analysis([0.0] * 16), TypeError, r"x " + NOT_ARRAY),
        Bad("x as a scalar", lambda: _fb().analysis(1.0), TypeError, r"x " + NOT_ARRAY),
        Bad("x None", lambda: _fb().analysis(None), TypeError, r"x " + NOT_ARRAY),
        Bad("torch x, numpy filterbank", lambda: _fb().analysis(torch.ones(16, dtype=torch.float64)), TypeError, MIXED),
        Bad("x float64, float32 filterbank", lambda: FilterBank(_k().astype(np.float32), 1, 16).analysis(_x()), TypeError, r"x has dtype float64 but the filterbank is float32"),
    ],
    "FilterBank.synthesis": [
        Bad("c of the wrong shape", lambda: _fb().synthesis(np.ones((2, 16))), ValueError, r"c must have shape \(\.\.\., 3, 16\)"),
        Bad("c 1-D", lambda: _fb().synthesis(np.ones(16)), ValueError, r"c must have shape \(\.\.\., 3, 16\)"),
        Bad("c with a size-0 axis", lambda: _fb().synthesis(np.ones((3, 0))), ValueError, r"c must have shape \(\.\.\., 3, 16\)"),
        Bad("c with NaN", lambda: _fb().synthesis(_with(_c(), (1, 1), NAN)), ValueError, r"c " + NONFINITE),
        Bad("c with inf", lambda: _fb().synthesis(_with(_c(), (0, 2), INF)), ValueError, r"c " + NONFINITE),
        Bad("c float16", lambda: _fb().synthesis(np.ones((3, 16), dtype=np.float16)), TypeError, r"c " + HALF),
        Bad("c as a list", lambda: _fb().synthesis([[0.0] * 16] * 3), TypeError, r"c " + NOT_ARRAY),
        Bad("c as a scalar", lambda: _fb().synthesis(0.0), TypeError, r"c " + NOT_ARRAY),
        Bad("c None", lambda: _fb().synthesis(None), TypeError, r"c " + NOT_ARRAY),
        Bad("torch c, numpy filterbank", lambda: _fb().synthesis(torch.zeros(3, 16, dtype=torch.complex128)), TypeError, MIXED),
        Bad("c complex128, float32 filterbank", lambda: FilterBank(_k().astype(np.float32), 1, 16).synthesis(_c()), TypeError, r"c has dtype complex128 but the filterbank is float32"),
    ],
    "FilterBank.frame_operator": [
        Bad("x of the wrong length", lambda: _fb().frame_operator(_x(17)), ValueError, r"x must have shape \(\.\.\., 16\)"),
        Bad("x with a size-0 last axis", lambda: _fb().frame_operator(np.ones(0)), ValueError, r"x must have shape \(\.\.\., 16\)"),
        Bad("x with NaN", lambda: _fb().frame_operator(_with(_x(), (2,), NAN)), ValueError, r"x " + NONFINITE),
        Bad("x with inf", lambda: _fb().frame_operator(_with(_x(), (2,), -INF)), ValueError, r"x " + NONFINITE),
        Bad("x float16", lambda: _fb().frame_operator(_x().astype(np.float16)), TypeError, r"x " + HALF),
        Bad("x complex for signal='real'", lambda: _fb().frame_operator(_x() + 0j), TypeError, r"x must be real"),
        Bad("x as a list", lambda: _fb().frame_operator([1.0] * 16), TypeError, r"x " + NOT_ARRAY),
        Bad("x None", lambda: _fb().frame_operator(None), TypeError, r"x " + NOT_ARRAY),
        Bad("torch x, numpy filterbank", lambda: _fb().frame_operator(torch.ones(16, dtype=torch.float64)), TypeError, MIXED),
    ],
    # Methods without arguments: the bad state is a non-frame (dual, tight) or an argument
    # given where none is taken (Python's own TypeError names the method).
    "FilterBank.frame_bounds": [
        Bad("an argument given", lambda: _fb().frame_bounds(_x()), TypeError, r"frame_bounds\(\) takes 1 positional argument"),
        Bad("a keyword given", lambda: _fb().frame_bounds(tol=1e-3), TypeError, r"frame_bounds\(\) got an unexpected keyword argument 'tol'"),
    ],
    "FilterBank.condition_number": [
        Bad("an argument given", lambda: _fb().condition_number(2), TypeError, r"condition_number\(\) takes 1 positional argument"),
        Bad("a keyword given", lambda: _fb().condition_number(ord=2), TypeError, r"condition_number\(\) got an unexpected keyword argument 'ord'"),
    ],
    "FilterBank.frequency_response": [
        Bad("a number of points given", lambda: _fb().frequency_response(1024), TypeError, r"frequency_response\(\) takes 1 positional argument"),
        Bad("a keyword given", lambda: _fb().frequency_response(n=1024), TypeError, r"frequency_response\(\) got an unexpected keyword argument 'n'"),
    ],
    "FilterBank.dual": [
        Bad("dual of a non-frame", lambda: _nonframe().dual(), ValueError, r"kernels do not form a frame at stride=4, length=16.*canonical dual"),
        Bad("dual of a non-frame (complex signal)", lambda: FilterBank(np.ones((3, 4)), 4, 16, signal="complex").dual(), ValueError, r"kernels do not form a frame.*canonical dual"),
        Bad("dual of zero kernels", lambda: FilterBank(np.zeros((2, 4)), 1, 16).dual(), ValueError, r"kernels do not form a frame.*canonical dual"),
        Bad("support an array", lambda: _fb().dual(_x()), TypeError, r"support must be a positive int"),
        Bad("support=0", lambda: _fb().dual(support=0), ValueError, r"support must be a positive int"),
        Bad("support=2.5", lambda: _fb().dual(support=2.5), TypeError, r"support must be a positive int"),
        Bad("support absurd", lambda: _fb().dual(support=BIG), ValueError, r"support=\d+ .*too large"),
    ],
    "FilterBank.tight": [
        Bad("tight of a non-frame", lambda: _nonframe().tight(), ValueError, r"kernels do not form a frame at stride=4, length=16.*canonical tight frame"),
        Bad("tight of zero kernels", lambda: FilterBank(np.zeros((2, 4)), 1, 16).tight(), ValueError, r"kernels do not form a frame.*canonical tight"),
        Bad("support=True", lambda: _fb().tight(True), TypeError, r"support must be a positive int"),
        Bad("support=-3", lambda: _fb().tight(support=-3), ValueError, r"support must be a positive int"),
    ],
    "FilterBank.fir": [
        Bad("an argument given", lambda: _fb().fir(4), TypeError, r"fir\(\) takes 1 positional argument"),
    ],
    "FIRFilterBank": [
        Bad("kernels 1-D", lambda: FIRFilterBank(np.ones(4), 1), ValueError, r"kernels must have shape \(K, T\)"),
        Bad("kernels None", lambda: FIRFilterBank(None, 1), TypeError, r"kernels " + NOT_ARRAY),
        Bad("kernels with NaN", lambda: FIRFilterBank(_with(_k(), (0, 0), NAN), 1), ValueError, r"kernels " + NONFINITE),
        Bad("stride=0", lambda: FIRFilterBank(_k(), 0), ValueError, r"stride must be a positive int"),
        Bad("stride=1.5", lambda: FIRFilterBank(_k(), 1.5), TypeError, r"stride must be a positive int"),
        Bad("origin=T", lambda: FIRFilterBank(_k(), 1, origin=4), ValueError, r"origin must be an int in \[0, 4\)"),
        Bad("signal misspelt", lambda: FIRFilterBank(_k(), 1, signal="reel"), ValueError, r"signal must be 'real' or 'complex'"),
    ],
    "FIRFilterBank.analysis": [
        Bad("x empty", lambda: _fir().analysis(np.ones(0)), ValueError, r"x must have shape \(\.\.\., L\) with L >= 1"),
        Bad("x 0-D", lambda: _fir().analysis(np.asarray(1.0)), ValueError, r"x must have shape"),
        Bad("x complex for signal='real'", lambda: _fir().analysis(_x() + 1j), TypeError, r"x must be real"),
        Bad("x with NaN", lambda: _fir().analysis(_with(_x(), (3,), NAN)), ValueError, r"x " + NONFINITE),
        Bad("x as a list", lambda: _fir().analysis([0.0] * 16), TypeError, r"x " + NOT_ARRAY),
        Bad("torch x, numpy bank", lambda: _fir().analysis(torch.ones(16, dtype=torch.float64)), TypeError, MIXED),
    ],
    "FIRFilterBank.synthesis": [
        Bad("c with wrong channels", lambda: _fir().synthesis(np.ones((2, 19)), 16), ValueError, r"c must have shape \(\.\.\., 3, N\)"),
        Bad("c frames not matching length", lambda: _fir().synthesis(np.ones((3, 5)), 16), ValueError, r"c has 5 frames but a signal of length=16 has 19"),
        Bad("length=0", lambda: _fir().synthesis(np.ones((3, 19)), 0), ValueError, r"length must be a positive int"),
        Bad("length=16.0", lambda: _fir().synthesis(np.ones((3, 19)), 16.0), TypeError, r"length must be a positive int"),
        Bad("c None", lambda: _fir().synthesis(None, 16), TypeError, r"c " + NOT_ARRAY),
        Bad("c with inf", lambda: _fir().synthesis(_with(np.ones((3, 19)), (0, 0), INF), 16), ValueError, r"c " + NONFINITE),
    ],
    "FIRFilterBank.num_frames": [
        Bad("length=0", lambda: _fir().num_frames(0), ValueError, r"length must be a positive int"),
        Bad("length None", lambda: _fir().num_frames(None), TypeError, r"length must be a positive int"),
    ],
    "FIRFilterBank.dual": [
        Bad("support=0", lambda: _fir().dual(0), ValueError, r"support must be a positive int"),
        Bad("support None", lambda: _fir().dual(None), TypeError, r"support must be a positive int"),
        Bad("support absurd", lambda: _fir().dual(BIG), ValueError, r"support=\d+ .*too large"),
    ],
    "FIRFilterBank.tight": [
        Bad("support=0", lambda: _fir().tight(0), ValueError, r"support must be a positive int"),
        Bad("iterations=0", lambda: _fir().tight(4, iterations=0), ValueError, r"iterations must be a positive int"),
    ],
    "FIRFilterBank.dual_error": [
        Bad("dual not a bank", lambda: _fir().dual_error(np.ones((3, 4))), TypeError, r"dual must be a FIRFilterBank"),
        Bad("dual of another stride", lambda: _fir().dual_error(FIRFilterBank(_k(), 2)), ValueError, r"dual has K=3, stride=2"),
        Bad("length not a multiple of the stride", lambda: FIRFilterBank(_k(), 2).dual_error(FIRFilterBank(_k(), 2), length=15), ValueError, r"length=15 must be a multiple of stride=2"),
        Bad("length=0", lambda: _fir().dual_error(_fir(), length=0), ValueError, r"length must be a positive int"),
    ],
    "FIRFilterBank.circular": [
        Bad("length shorter than the kernels", lambda: _fir().circular(2), ValueError, r"kernels have T=4 taps, longer than the signal length=2"),
        Bad("length=0", lambda: _fir().circular(0), ValueError, r"length must be a positive int"),
    ],
    "FIRFilterBank.stream": [
        Bad("an argument given", lambda: _fir().stream(8), TypeError, r"stream\(\) takes 1 positional argument"),
    ],
    "FilterBankStream": [
        Bad("bank an array", lambda: FilterBankStream(_k()), TypeError, r"bank must be a FIRFilterBank or a FilterBank"),
        Bad("bank None", lambda: FilterBankStream(None), TypeError, r"bank must be a FIRFilterBank"),
    ],
    "FilterBankStream.analysis": [
        Bad("block 0-D", lambda: FilterBankStream(_fir()).analysis(np.asarray(1.0)), ValueError, r"block must have shape \(\.\.\., b\)"),
        Bad("block None", lambda: FilterBankStream(_fir()).analysis(None), TypeError, r"block " + NOT_ARRAY),
        Bad("block with NaN", lambda: FilterBankStream(_fir()).analysis(_with(_x(), (1,), NAN)), ValueError, r"block " + NONFINITE),
        Bad("block dtype changes", lambda: _streamed().analysis(_x().astype(np.float32)), TypeError, r"block has dtype float32, earlier blocks had float64"),
        Bad("block shape changes", lambda: _streamed().analysis(np.ones((2, 8))), ValueError, r"block has leading shape \(2,\), earlier blocks had \(\)"),
        Bad("block complex", lambda: FilterBankStream(_fir()).analysis(_x() + 1j), TypeError, r"block must be real"),
        Bad("after flush", lambda: _flushed().analysis(_x()), ValueError, r"the stream is flushed"),
        Bad("synthesis stream", lambda: _synth_stream().analysis(_x()), ValueError, r"this is a synthesis stream"),
    ],
    "FilterBankStream.synthesis": [
        Bad("frames with wrong channels", lambda: FilterBankStream(_fir()).synthesis(np.ones((2, 4))), ValueError, r"c must have shape \(\.\.\., 3, N\)"),
        Bad("frames None", lambda: FilterBankStream(_fir()).synthesis(None), TypeError, r"c " + NOT_ARRAY),
        Bad("analysis stream", lambda: _streamed().synthesis(np.ones((3, 4))), ValueError, r"this is a analysis stream"),
    ],
    "FilterBankStream.flush": [
        Bad("nothing streamed", lambda: FilterBankStream(_fir()).flush(), ValueError, r"nothing to flush"),
        Bad("flushed twice", lambda: _flushed().flush(), ValueError, r"flushed already"),
        Bad("length on an analysis stream", lambda: _streamed().flush(length=16), ValueError, r"length is for synthesis streams"),
        Bad("length not matching the frames", lambda: _synth_stream().flush(length=100), ValueError, r"length=100 does not match the 4 frames"),
        Bad("length=0", lambda: _synth_stream().flush(length=0), ValueError, r"length must be a positive int"),
    ],
    "freq_to_aud": [
        Bad("scale misspelt 'mell'", lambda: freq_to_aud(1000.0, "mell"), ValueError, r"scale must be one of .*'mell'"),
        Bad("scale None", lambda: freq_to_aud(1000.0, None), ValueError, r"scale must be one of"),
        Bad("freq NaN", lambda: freq_to_aud(NAN), ValueError, r"freq " + NONFINITE),
        Bad("freq inf", lambda: freq_to_aud(INF, "erb"), ValueError, r"freq " + NONFINITE),
        Bad("freq array with NaN", lambda: freq_to_aud(np.array([100.0, NAN])), ValueError, r"freq " + NONFINITE),
        Bad("freq array with -inf", lambda: freq_to_aud(np.array([100.0, -INF]), "bark"), ValueError, r"freq " + NONFINITE),
        Bad("freq=0 on the log scale", lambda: freq_to_aud(0.0, "log"), ValueError, r"freq must be > 0 for the log scale"),
        Bad("freq<0 on the log scale (array)", lambda: freq_to_aud(np.array([100.0, -5.0]), "log"), ValueError, r"freq must be > 0 for the log scale"),
        Bad("freq<0 on the bark scale", lambda: freq_to_aud(-1960.0, "bark"), ValueError, r"freq must be >= 0 for the bark scale"),
        Bad("f_ref=0", lambda: freq_to_aud(440.0, "log", f_ref=0.0), ValueError, r"f_ref must be a positive"),
        Bad("f_ref<0", lambda: freq_to_aud(440.0, "log", f_ref=-1.0), ValueError, r"f_ref must be a positive"),
        Bad("f_ref NaN", lambda: freq_to_aud(440.0, "log", f_ref=NAN), ValueError, r"f_ref must be a positive"),
        Bad("f_ref as a string", lambda: freq_to_aud(440.0, "log", f_ref="1"), TypeError, r"f_ref must be a positive"),
        Bad("freq complex", lambda: freq_to_aud(np.array([100.0 + 1j])), TypeError, r"freq must be real"),
        Bad("freq complex scalar", lambda: freq_to_aud(100.0 + 1j), TypeError, r"freq must be a real number or an array"),
        Bad("freq float16", lambda: freq_to_aud(np.ones(3, dtype=np.float16)), TypeError, r"freq " + HALF),
        Bad("freq as a list", lambda: freq_to_aud([100.0, 200.0]), TypeError, r"freq must be a real number or an array"),
        Bad("freq as a string", lambda: freq_to_aud("100"), TypeError, r"freq must be a real number or an array"),
        Bad("freq None", lambda: freq_to_aud(None), TypeError, r"freq must be a real number or an array"),
    ],
    "aud_to_freq": [
        Bad("scale misspelt 'ERB '", lambda: aud_to_freq(10.0, "ERB "), ValueError, r"scale must be one of"),
        Bad("scale misspelt 'mell'", lambda: aud_to_freq(10.0, "mell"), ValueError, r"scale must be one of .*'mell'"),
        Bad("aud NaN", lambda: aud_to_freq(NAN), ValueError, r"aud " + NONFINITE),
        Bad("aud -inf", lambda: aud_to_freq(-INF, "erb"), ValueError, r"aud " + NONFINITE),
        Bad("aud array with inf", lambda: aud_to_freq(np.array([1.0, INF]), "log"), ValueError, r"aud " + NONFINITE),
        Bad("aud too large for mel (overflow)", lambda: aud_to_freq(1e7, "mel"), ValueError, r"aud must be .* for the mel scale"),
        Bad("aud too large for erb (array overflow)", lambda: aud_to_freq(np.array([1.0, 1e5]), "erb"), ValueError, r"aud must be .* for the erb scale"),
        Bad("aud too large for log (overflow)", lambda: aud_to_freq(5000.0, "log"), ValueError, r"aud must be .* for the log scale"),
        Bad("aud at the bark pole 26.28", lambda: aud_to_freq(26.28, "bark"), ValueError, r"aud must be in \[-0.53, 26.28\) for the bark scale"),
        Bad("aud beyond the bark range (array)", lambda: aud_to_freq(np.array([1.0, 30.0]), "bark"), ValueError, r"aud must be in \[-0.53, 26.28\) for the bark scale"),
        Bad("f_ref=0", lambda: aud_to_freq(1.0, "log", f_ref=0), ValueError, r"f_ref must be a positive"),
        Bad("f_ref inf", lambda: aud_to_freq(1.0, "log", f_ref=INF), ValueError, r"f_ref must be a positive"),
        Bad("aud complex", lambda: aud_to_freq(np.ones(2, dtype=complex)), TypeError, r"aud must be real"),
        Bad("aud float16", lambda: aud_to_freq(np.ones(2, dtype=np.float16)), TypeError, r"aud " + HALF),
        Bad("aud as a list", lambda: aud_to_freq([1.0]), TypeError, r"aud must be a real number or an array"),
        Bad("aud None", lambda: aud_to_freq(None), TypeError, r"aud must be a real number or an array"),
        Bad("aud bool", lambda: aud_to_freq(True), TypeError, r"aud must be a real number or an array"),
    ],
    "aud_bandwidth": [
        Bad("scale misspelt 'mell'", lambda: aud_bandwidth(1000.0, "mell"), ValueError, r"scale must be one of .*'mell'"),
        Bad("scale misspelt 'Bark'", lambda: aud_bandwidth(1000.0, "Bark"), ValueError, r"scale must be one of"),
        Bad("freq NaN", lambda: aud_bandwidth(NAN, "erb"), ValueError, r"freq " + NONFINITE),
        Bad("freq inf", lambda: aud_bandwidth(INF), ValueError, r"freq " + NONFINITE),
        Bad("freq array with NaN", lambda: aud_bandwidth(np.array([NAN, 1.0]), "bark"), ValueError, r"freq " + NONFINITE),
        Bad("freq complex", lambda: aud_bandwidth(np.ones(2) * 1j), TypeError, r"freq must be real"),
        Bad("freq float16", lambda: aud_bandwidth(np.ones(2, dtype=np.float16)), TypeError, r"freq " + HALF),
        Bad("freq as a list", lambda: aud_bandwidth([1000.0]), TypeError, r"freq must be a real number or an array"),
        Bad("freq None", lambda: aud_bandwidth(None), TypeError, r"freq must be a real number or an array"),
    ],
    "aud_space": [
        Bad("scale misspelt 'mell'", lambda: aud_space(100.0, 1000.0, 8, "mell"), ValueError, r"scale must be one of .*'mell'"),
        Bad("num=0", lambda: aud_space(100.0, 1000.0, 0), ValueError, r"num must be a positive int"),
        Bad("num=-3", lambda: aud_space(100.0, 1000.0, -3), ValueError, r"num must be a positive int"),
        Bad("num=2.5", lambda: aud_space(100.0, 1000.0, 2.5), TypeError, r"num must be a positive int"),
        Bad("num None", lambda: aud_space(100.0, 1000.0, None), TypeError, r"num must be a positive int"),
        Bad("num absurd (10**12)", lambda: aud_space(100.0, 1000.0, BIG), ValueError, r"num=\d+ is too large"),
        Bad("f_min > f_max", lambda: aud_space(1000.0, 100.0, 4), ValueError, r"f_min <= f_max"),
        Bad("f_min NaN", lambda: aud_space(NAN, 100.0, 4), ValueError, r"f_min"),
        Bad("f_max inf", lambda: aud_space(100.0, INF, 4), ValueError, r"f_max"),
        Bad("f_min=0 on the log scale", lambda: aud_space(0.0, 100.0, 4, "log"), ValueError, r"f_min must be > 0 for the log scale"),
        Bad("f_min<0 on the bark scale", lambda: aud_space(-100.0, 100.0, 4, "bark"), ValueError, r"f_min must be >= 0 for the bark scale"),
        Bad("f_min as a string", lambda: aud_space("100", 1000.0, 4), TypeError, r"f_min must be a real number"),
        Bad("f_max None", lambda: aud_space(100.0, None, 4), TypeError, r"f_max must be a real number"),
        Bad("f_min as a list", lambda: aud_space([100.0], 1000.0, 4), TypeError, r"f_min must be a real number"),
        Bad("f_ref=0 on the log scale", lambda: aud_space(100.0, 1000.0, 4, "log", f_ref=0.0), ValueError, r"f_ref must be a positive"),
        Bad("dtype int64", lambda: aud_space(100.0, 1000.0, 4, dtype=np.int64), TypeError, r"dtype must be a real floating dtype"),
        Bad("dtype float16", lambda: aud_space(100.0, 1000.0, 4, dtype=np.float16), TypeError, HALF_DTYPE),
        Bad("dtype complex128", lambda: aud_space(100.0, 1000.0, 4, dtype=np.complex128), TypeError, r"dtype must be a real floating dtype"),
        Bad("dtype as a string", lambda: aud_space(100.0, 1000.0, 4, dtype="float64"), TypeError, r"dtype must be a real floating dtype"),
        Bad("xp not a namespace", lambda: aud_space(100.0, 1000.0, 4, xp="numpy"), TypeError, r"xp must be an array library namespace"),
        Bad("torch dtype with numpy xp", lambda: aud_space(100.0, 1000.0, 4, dtype=torch.float64), TypeError, r"dtype must be a real floating dtype"),
    ],
    "from_center_frequencies": [
        Bad("fs=0", lambda: from_center_frequencies(0, [100.0], [50.0]), ValueError, r"fs must be a positive"),
        Bad("fs NaN", lambda: from_center_frequencies(NAN, [100.0], [50.0]), ValueError, r"fs must be a positive"),
        Bad("fs as a string", lambda: from_center_frequencies("8000", [100.0], [50.0]), TypeError, r"fs must be a positive"),
        Bad("center_frequencies empty", lambda: from_center_frequencies(8000, [], []), ValueError, r"center_frequencies is empty"),
        Bad("center_frequencies a scalar", lambda: from_center_frequencies(8000, 100.0, [50.0]), TypeError, r"center_frequencies must be a sequence"),
        Bad("center_frequencies None", lambda: from_center_frequencies(8000, None, [50.0]), TypeError, r"center_frequencies must be a sequence"),
        Bad("center_frequencies 2-D", lambda: from_center_frequencies(8000, np.ones((2, 2)) * 100, [50.0] * 4), ValueError, r"center_frequencies must be 1-D"),
        Bad("center_frequencies of strings", lambda: from_center_frequencies(8000, ["a"], [50.0]), TypeError, r"center_frequencies must be a sequence of real numbers"),
        Bad("center_frequencies complex", lambda: from_center_frequencies(8000, [100.0 + 1j], [50.0]), TypeError, r"center_frequencies must be a sequence of real numbers"),
        Bad("center_frequencies NaN", lambda: from_center_frequencies(8000, [NAN], [50.0]), ValueError, r"center_frequencies must lie in \[0, fs/2"),
        Bad("center_frequencies negative", lambda: from_center_frequencies(8000, [-100.0], [50.0]), ValueError, r"center_frequencies must lie in \[0, fs/2"),
        Bad("center_frequencies above Nyquist", lambda: from_center_frequencies(8000, [5000.0], [50.0]), ValueError, r"center_frequencies must lie in \[0, fs/2"),
        Bad("bandwidths of the wrong size", lambda: from_center_frequencies(8000, [100.0], [10.0, 20.0]), ValueError, r"bandwidths must have one value"),
        Bad("bandwidths 0", lambda: from_center_frequencies(8000, [100.0], [0.0]), ValueError, r"bandwidths must be positive and finite"),
        Bad("bandwidths negative", lambda: from_center_frequencies(8000, [100.0], [-5.0]), ValueError, r"bandwidths must be positive and finite"),
        Bad("bandwidths inf", lambda: from_center_frequencies(8000, [100.0], [INF]), ValueError, r"bandwidths must be positive and finite"),
        Bad("bandwidths NaN", lambda: from_center_frequencies(8000, [100.0], [NAN]), ValueError, r"bandwidths must be positive and finite"),
        Bad("bandwidths None", lambda: from_center_frequencies(8000, [100.0], None), TypeError, r"bandwidths must be a sequence"),
        Bad("bandwidths absurdly narrow (10**12-tap kernel)", lambda: from_center_frequencies(8000, [100.0], [1e-8]), ValueError, r"bandwidths .*too large"),
        Bad("stride=0", lambda: from_center_frequencies(8000, [100.0], [50.0], stride=0), ValueError, r"stride must be a positive int"),
        Bad("stride=1.5", lambda: from_center_frequencies(8000, [100.0], [50.0], stride=1.5), TypeError, r"stride must be a positive int"),
        Bad("stride absurd", lambda: from_center_frequencies(8000, [100.0], [50.0], stride=BIG), ValueError, r"stride=\d+ .*too large"),
        Bad("length not a multiple of stride", lambda: from_center_frequencies(8000, [100.0], [50.0], stride=7, length=8000), ValueError, r"length=8000 is not a multiple of stride=7"),
        Bad("length=0", lambda: from_center_frequencies(8000, [100.0], [50.0], length=0), ValueError, r"length must be a positive int"),
        Bad("length absurd", lambda: from_center_frequencies(8000, [100.0], [50.0], stride=1, length=BIG), ValueError, r"length=\d+ .*too large"),
        Bad("kernel longer than length", lambda: from_center_frequencies(8000, [100.0], [50.0], stride=1, length=100), ValueError, r"length=100 is shorter than the longest kernel"),
        Bad("residuals not a bool", lambda: from_center_frequencies(8000, [100.0], [50.0], residuals="yes"), TypeError, r"residuals must be a bool"),
        Bad("dtype int", lambda: from_center_frequencies(8000, [100.0], [50.0], dtype=np.int32), TypeError, r"dtype must be a real floating dtype"),
        Bad("dtype float16", lambda: from_center_frequencies(8000, [100.0], [50.0], dtype=np.float16), TypeError, HALF_DTYPE),
        Bad("xp not a namespace", lambda: from_center_frequencies(8000, [100.0], [50.0], xp=3), TypeError, r"xp must be an array library namespace"),
        Bad("torch dtype with numpy xp", lambda: from_center_frequencies(8000, [100.0], [50.0], dtype=torch.float32), TypeError, r"dtype must be a real floating dtype"),
    ],
    "cqt": [
        Bad("fs=0", lambda: cqt(0), ValueError, r"fs must be a positive"),
        Bad("fs<0", lambda: cqt(-8000), ValueError, r"fs must be a positive"),
        Bad("fs inf", lambda: cqt(INF), ValueError, r"fs must be a positive"),
        Bad("fs None", lambda: cqt(None), TypeError, r"fs must be a positive"),
        Bad("f_min=0", lambda: cqt(8000, 0.0, 12), ValueError, r"f_min must be a positive"),
        Bad("f_min NaN", lambda: cqt(8000, NAN, 12), ValueError, r"f_min must be a positive"),
        Bad("f_min inf", lambda: cqt(8000, INF, 12), ValueError, r"f_min must be a positive"),
        Bad("f_min as a string", lambda: cqt(8000, "110", 12), TypeError, r"f_min must be a positive"),
        Bad("n_bins=0", lambda: cqt(8000, 110.0, 0), ValueError, r"n_bins must be a positive int"),
        Bad("n_bins=2.5", lambda: cqt(8000, 110.0, 2.5), TypeError, r"n_bins must be a positive int"),
        Bad("n_bins absurd", lambda: cqt(8000, 110.0, BIG), ValueError, r"n_bins=\d+.*above Nyquist"),
        Bad("top bin above Nyquist", lambda: cqt(8000, 1000.0, 60), ValueError, r"above Nyquist.*lower f_min or n_bins"),
        Bad("bins_per_octave=0", lambda: cqt(8000, 110.0, 12, 0), ValueError, r"bins_per_octave must be a positive int"),
        Bad("bins_per_octave absurd", lambda: cqt(8000, 110.0, 12, BIG), ValueError, r"bins_per_octave=\d+.*too large"),
        Bad("gamma<0", lambda: cqt(8000, 110.0, 12, gamma=-1.0), ValueError, r"gamma must be"),
        Bad("gamma NaN", lambda: cqt(8000, 110.0, 12, gamma=NAN), ValueError, r"gamma must be"),
        Bad("gamma inf", lambda: cqt(8000, 110.0, 12, gamma=INF), ValueError, r"gamma must be"),
        Bad("stride=0", lambda: cqt(8000, 110.0, 12, stride=0), ValueError, r"stride must be a positive int"),
        Bad("stride absurd", lambda: cqt(8000, 110.0, 12, stride=BIG), ValueError, r"stride=\d+ .*too large"),
        Bad("length not a multiple of stride", lambda: cqt(8000, 110.0, 12, stride=7, length=8000), ValueError, r"length=8000 is not a multiple of stride=7"),
        Bad("length shorter than a kernel", lambda: cqt(8000, 110.0, 12, stride=1, length=64), ValueError, r"length=64 is shorter than the longest kernel"),
        Bad("length absurd", lambda: cqt(8000, 110.0, 12, stride=1, length=BIG), ValueError, r"length=\d+ .*too large"),
        Bad("residuals not a bool", lambda: cqt(8000, 110.0, 12, residuals=None), TypeError, r"residuals must be a bool"),
        Bad("dtype float16", lambda: cqt(8000, 110.0, 12, dtype=np.float16), TypeError, HALF_DTYPE),
        Bad("dtype complex", lambda: cqt(8000, 110.0, 12, dtype=np.complex64), TypeError, r"dtype must be a real floating dtype"),
    ],
    "third_octave": [
        Bad("fs=0", lambda: third_octave(0), ValueError, r"fs must be a positive"),
        Bad("fs NaN", lambda: third_octave(NAN), ValueError, r"fs must be a positive"),
        Bad("fs as a string", lambda: third_octave("44100"), TypeError, r"fs must be a positive"),
        Bad("base=3", lambda: third_octave(44100, base=3), ValueError, r"base must be 2 or 10"),
        Bad("base as a string", lambda: third_octave(44100, base="10"), ValueError, r"base must be 2 or 10"),
        Bad("f_min=0", lambda: third_octave(44100, 0.0), ValueError, r"need 0 < f_min <= f_max"),
        Bad("f_min > f_max", lambda: third_octave(44100, 1000.0, 100.0), ValueError, r"need 0 < f_min <= f_max"),
        Bad("f_min NaN", lambda: third_octave(44100, NAN), ValueError, r"f_min"),
        Bad("f_max inf", lambda: third_octave(44100, 25.0, INF), ValueError, r"f_max"),
        Bad("f_max above Nyquist", lambda: third_octave(16000, f_max=20000.0), ValueError, r"f_max=20000.0 Hz gives a band .* above Nyquist"),
        Bad("f_min absurdly small (bands of 10**300 taps)", lambda: third_octave(44100, 1e-300), ValueError, r"f_min=.* too large|too large.*f_min"),
        Bad("f_min None", lambda: third_octave(44100, None), TypeError, r"f_min"),
        Bad("stride=-1", lambda: third_octave(44100, stride=-1), ValueError, r"stride must be a positive int"),
        Bad("length not a multiple of stride", lambda: third_octave(44100, stride=7, length=44100 + 1), ValueError, r"length=44101 is not a multiple of stride=7"),
        Bad("length absurd", lambda: third_octave(44100, stride=1, length=BIG), ValueError, r"length=\d+ .*too large"),
        Bad("dtype float16", lambda: third_octave(44100, dtype=np.float16), TypeError, HALF_DTYPE),
    ],
    "gammatone": [
        Bad("fs=0", lambda: gammatone(0), ValueError, r"fs must be a positive"),
        Bad("fs inf", lambda: gammatone(INF), ValueError, r"fs must be a positive"),
        Bad("num_channels=0", lambda: gammatone(16000, 0), ValueError, r"num_channels must be a positive int"),
        Bad("num_channels=-4", lambda: gammatone(16000, -4), ValueError, r"num_channels must be a positive int"),
        Bad("num_channels=2.0", lambda: gammatone(16000, 2.0), TypeError, r"num_channels must be a positive int"),
        Bad("num_channels absurd", lambda: gammatone(16000, BIG), ValueError, r"num_channels=\d+ .*too large"),
        Bad("f_min=0", lambda: gammatone(16000, f_min=0.0), ValueError, r"f_min must be in \(0, f_max\]"),
        Bad("f_min > f_max", lambda: gammatone(16000, f_min=5000.0, f_max=1000.0), ValueError, r"f_min must be in \(0, f_max\]"),
        Bad("f_min NaN", lambda: gammatone(16000, f_min=NAN), ValueError, r"f_min must be in"),
        Bad("f_min as a string", lambda: gammatone(16000, f_min="50"), TypeError, r"f_min must be"),
        Bad("f_max above Nyquist", lambda: gammatone(16000, f_max=8001.0), ValueError, r"f_max must be at most fs/2"),
        Bad("f_max NaN", lambda: gammatone(16000, f_max=NAN), ValueError, r"f_max must be"),
        Bad("order=0", lambda: gammatone(16000, order=0), ValueError, r"order must be a positive int"),
        Bad("order absurd", lambda: gammatone(16000, order=10**6), ValueError, r"order=\d+.*too large"),
        Bad("b=0", lambda: gammatone(16000, b=0.0), ValueError, r"b must be a positive"),
        Bad("b inf", lambda: gammatone(16000, b=INF), ValueError, r"b must be a positive"),
        Bad("b NaN", lambda: gammatone(16000, b=NAN), ValueError, r"b must be a positive"),
        Bad("b as a string", lambda: gammatone(16000, b="1"), TypeError, r"b must be a positive"),
        Bad("b absurdly small (huge kernels)", lambda: gammatone(16000, b=1e-12), ValueError, r"b=.* too large|too large.*b="),
        Bad("level_db=0", lambda: gammatone(16000, level_db=0.0), ValueError, r"level_db must be a negative"),
        Bad("level_db -inf", lambda: gammatone(16000, level_db=-INF), ValueError, r"level_db must be a negative"),
        Bad("level_db absurd", lambda: gammatone(16000, level_db=-1e300), ValueError, r"level_db=.* too large|too large.*level_db"),
        Bad("stride=0", lambda: gammatone(16000, stride=0), ValueError, r"stride must be a positive int"),
        Bad("stride absurd", lambda: gammatone(16000, stride=BIG), ValueError, r"stride=\d+ .*too large"),
        Bad("length shorter than the kernel", lambda: gammatone(16000, length=256), ValueError, r"shorter than the longest kernel"),
        Bad("length not a multiple of stride", lambda: gammatone(16000, stride=3, length=16000), ValueError, r"length=16000 is not a multiple of stride=3"),
        Bad("length absurd", lambda: gammatone(16000, length=BIG), ValueError, r"length=\d+ .*too large"),
        Bad("dtype float16", lambda: gammatone(16000, dtype=np.float16), TypeError, HALF_DTYPE),
        Bad("dtype int", lambda: gammatone(16000, dtype=np.int64), TypeError, r"dtype must be a real floating dtype"),
    ],
    "isac": [
        Bad("fs=0", lambda: isac(0), ValueError, r"fs must be a positive"),
        Bad("fs NaN", lambda: isac(NAN), ValueError, r"fs must be a positive"),
        Bad("fs None", lambda: isac(None), TypeError, r"fs must be a positive"),
        Bad("scale misspelt 'mell'", lambda: isac(16000, scale="mell"), ValueError, r"scale must be one of .*'mell'"),
        Bad("scale 'bark' (not an ISAC scale)", lambda: isac(16000, scale="bark"), ValueError, r"scale must be one of \('mel', 'erb', 'log10'\)"),
        Bad("kernel_size=0", lambda: isac(16000, kernel_size=0), ValueError, r"kernel_size must be a positive int"),
        Bad("kernel_size=64.0", lambda: isac(16000, kernel_size=64.0), TypeError, r"kernel_size must be a positive int"),
        Bad("kernel_size longer than the signal", lambda: isac(16000, kernel_size=20000), ValueError, r"kernel_size=20000 is longer than the signal length=16000"),
        Bad("kernel_size absurd", lambda: isac(16000, kernel_size=BIG), ValueError, r"kernel_size=\d+ is longer than the signal length"),
        Bad("num_channels=0", lambda: isac(16000, num_channels=0), ValueError, r"num_channels must be a positive int"),
        Bad("num_channels=1", lambda: isac(16000, num_channels=1), ValueError, r"num_channels must be >= 2"),
        Bad("num_channels absurd", lambda: isac(16000, num_channels=BIG), ValueError, r"num_channels=\d+ .*too large"),
        Bad("f_max=0", lambda: isac(16000, f_max=0.0), ValueError, r"f_max must be in \(0, fs/2"),
        Bad("f_max above Nyquist", lambda: isac(16000, f_max=9000), ValueError, r"f_max must be in \(0, fs/2"),
        Bad("f_max NaN", lambda: isac(16000, f_max=NAN), ValueError, r"f_max must be in"),
        Bad("supp_mult=0", lambda: isac(16000, supp_mult=0.0), ValueError, r"supp_mult must be a positive"),
        Bad("supp_mult inf", lambda: isac(16000, supp_mult=INF), ValueError, r"supp_mult must be a positive"),
        Bad("supp_mult as a string", lambda: isac(16000, supp_mult="2"), TypeError, r"supp_mult must be a positive"),
        Bad("stride=0", lambda: isac(16000, stride=0), ValueError, r"stride must be a positive int"),
        Bad("stride absurd", lambda: isac(16000, stride=BIG), ValueError, r"stride=\d+ .*too large"),
        Bad("length not a multiple of stride", lambda: isac(16000, scale="erb", length=16000), ValueError, r"length=16000 is not a multiple of stride=11"),
        Bad("length shorter than the kernel", lambda: isac(16000, stride=1, length=64), ValueError, r"kernel_size=128 is longer than the signal length=64"),
        Bad("length absurd", lambda: isac(16000, stride=1, length=BIG), ValueError, r"length=\d+ .*too large"),
        Bad("dtype float16", lambda: isac(16000, dtype=np.float16), TypeError, HALF_DTYPE),
        Bad("dtype int", lambda: isac(16000, dtype=np.int16), TypeError, r"dtype must be a real floating dtype"),
    ],
}


if torch is None:
    CASES = {name: [c for c in rows if "torch" not in c.what] for name, rows in CASES.items()}


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    check(case)
