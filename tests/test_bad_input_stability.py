"""Bad inputs of the stability topic: each raises a clear error naming the argument (see bad_input.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from bad_input import Bad, check, params

import framekit as fk

HUGE = 10**12  # an absurd size: must fail fast, naming the argument

_W = np.ones((3, 5))  # a valid (J, K) layer
_X = np.linspace(-1.0, 1.0, 64)  # a valid real signal
_S = np.arange(6.0).reshape(2, 3) + 1.0  # a valid matrix


def _nan(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=float)
    a.flat[1] = np.nan
    return a


def _inf(a: np.ndarray, sign: float = 1.0) -> np.ndarray:
    a = np.array(a, dtype=float)
    a.flat[1] = sign * np.inf
    return a


NOT_ARRAY = r"{} must be an array of an array-API library"
HALF = r"{} has dtype (torch\.)?float16"
NONFINITE = r"{} contains NaN or inf"


def _kernel_cases(f: Callable[..., Any], *, strided: bool = True, blocks: bool = True) -> list[Bad]:
    """Cases of the ``kernels`` argument (and stride/n_fft) of a conv-layer function.

    ``f(kernels, stride, n_fft)``; without ``strided`` the stride is ignored (stride 1).
    ``blocks``: the function forms the (N/d, d, d) polyphase blocks (N d elements), so
    stride = n_fft = 2**20 is absurd for it (``conv_filterbank`` only builds the bank).
    """
    cases = [
        Bad("kernels 1-D", lambda: f(np.ones(5), 1, None), ValueError, r"kernels must have shape \(J, K\)"),
        Bad("kernels 4-D", lambda: f(np.ones((2, 1, 1, 5)), 1, None), ValueError, r"kernels must have shape"),
        Bad("kernels 0-D array", lambda: f(np.float64(1.0), 1, None), ValueError, r"kernels must have shape"),
        Bad("kernels (J, C=2, K)", lambda: f(np.ones((3, 2, 5)), 1, None), ValueError, r"kernels .* C == 1"),
        Bad("kernels with 0 kernels", lambda: f(np.ones((0, 5)), 1, None), ValueError, r"kernels must have at least one kernel"),
        Bad("kernels with 0 taps", lambda: f(np.ones((3, 0)), 1, None), ValueError, r"kernels must have at least one kernel and one tap"),
        Bad("kernels with NaN", lambda: f(_nan(_W), 1, None), ValueError, NONFINITE.format("kernels")),
        Bad("kernels with +inf", lambda: f(_inf(_W), 1, None), ValueError, NONFINITE.format("kernels")),
        Bad("kernels with -inf", lambda: f(_inf(_W, -1.0), 1, None), ValueError, NONFINITE.format("kernels")),
        Bad("kernels float16", lambda: f(np.ones((3, 5), np.float16), 1, None), TypeError, HALF.format("kernels")),
        Bad("kernels torch float16", lambda: f(torch.ones(3, 5, dtype=torch.float16), 1, None), TypeError,
            HALF.format("kernels")),
        Bad("kernels as a list", lambda: f([[1.0, 2.0, 3.0]], 1, None), TypeError, NOT_ARRAY.format("kernels")),
        Bad("kernels as a Python scalar", lambda: f(1.0, 1, None), TypeError, NOT_ARRAY.format("kernels")),
        Bad("kernels None", lambda: f(None, 1, None), TypeError, NOT_ARRAY.format("kernels")),
        Bad("n_fft=0", lambda: f(_W, 1, 0), ValueError, r"n_fft must be a positive int, got 0"),
        Bad("n_fft=-8", lambda: f(_W, 1, -8), ValueError, r"n_fft must be a positive int"),
        Bad("n_fft=8.0 (non-integer)", lambda: f(_W, 1, 8.0), TypeError, r"n_fft must be a positive int"),
        Bad("n_fft='8'", lambda: f(_W, 1, "8"), TypeError, r"n_fft must be a positive int"),
        Bad("n_fft < K (kernel longer than the signal)", lambda: f(_W, 1, 4), ValueError, r"n_fft=4 is shorter than the kernels"),
        Bad("n_fft absurdly large", lambda: f(_W, 1, HUGE), ValueError, rf"n_fft={HUGE}"),
    ]
    if strided:
        cases += [
            Bad("stride=0", lambda: f(_W, 0, None), ValueError, r"stride must be a positive int, got 0"),
            Bad("stride=-2", lambda: f(_W, -2, None), ValueError, r"stride must be a positive int"),
            Bad("stride=2.0 (non-integer)", lambda: f(_W, 2.0, None), TypeError, r"stride must be a positive int"),
            Bad("stride=True", lambda: f(_W, True, None), TypeError, r"stride must be a positive int"),
            Bad("stride None", lambda: f(_W, None, None), TypeError, r"stride must be a positive int"),
            Bad("stride not dividing n_fft", lambda: f(_W, 4, 10), ValueError, r"n_fft=10 is not a multiple of stride=4"),
            Bad("stride > n_fft", lambda: f(_W, 16, 8), ValueError, r"n_fft=8 is not a multiple of stride=16"),
            Bad("stride absurdly large", lambda: f(_W, HUGE, None), ValueError, rf"stride={HUGE}"),
        ]
    if strided and blocks:
        cases.append(Bad("stride = n_fft absurdly large (d x d blocks)", lambda: f(_W, 2**20, 2**20), ValueError,
                         r"stride=1048576"))
    return cases


def _lp(kernels: Any, stride: Any, n_fft: Any) -> Any:
    return fk.littlewood_paley_condition(kernels, n_fft)


def _signal_cases(f: Callable[[Any], Any]) -> list[Bad]:
    """Cases of the signal ``x`` of a random-filterbank statistic ``f(x)`` (filter_length 8)."""
    return [
        Bad("x 0-D", lambda: f(np.float64(1.0)), ValueError, r"x must have shape \(\.\.\., N\)"),
        Bad("x with 0 samples", lambda: f(np.ones(0)), ValueError, r"x must have at least one sample"),
        Bad("x batch with 0 samples", lambda: f(np.ones((3, 0))), ValueError, r"x must have at least one sample"),
        Bad("x with NaN", lambda: f(_nan(_X)), ValueError, NONFINITE.format("x")),
        Bad("x with +inf", lambda: f(_inf(_X)), ValueError, NONFINITE.format("x")),
        Bad("x with -inf", lambda: f(_inf(_X, -1.0)), ValueError, NONFINITE.format("x")),
        Bad("x float16", lambda: f(_X.astype(np.float16)), TypeError, HALF.format("x")),
        Bad("x complex", lambda: f(_X + 1j), TypeError, r"x must be a real signal"),
        Bad("x torch complex", lambda: f(torch.ones(64, dtype=torch.complex128)), TypeError, r"x must be a real signal"),
        Bad("x as a list", lambda: f([1.0] * 64), TypeError, NOT_ARRAY.format("x")),
        Bad("x as a Python scalar", lambda: f(1.0), TypeError, NOT_ARRAY.format("x")),
        Bad("x None", lambda: f(None), TypeError, NOT_ARRAY.format("x")),
        Bad("x shorter than filter_length", lambda: f(np.ones(4)), ValueError, r"filter_length=8 exceeds"),
    ]


def _int_cases(name: str, f: Callable[[Any], Any], *, huge: bool = False) -> list[Bad]:
    """Zero, negative, non-integer, bool and None values of the positive-int argument ``name``."""
    pat = rf"{name} must be a positive int"
    cases = [
        Bad(f"{name}=0", lambda: f(0), ValueError, pat),
        Bad(f"{name}=-3", lambda: f(-3), ValueError, pat),
        Bad(f"{name}=2.5", lambda: f(2.5), TypeError, pat),
        Bad(f"{name}=True", lambda: f(True), TypeError, pat),
        Bad(f"{name} None", lambda: f(None), TypeError, pat),
    ]
    if huge:
        cases.append(Bad(f"{name} absurdly large", lambda: f(HUGE), ValueError, rf"{name}={HUGE}"))
    return cases


def _error(v: Any) -> type[Exception]:
    """The shared policy (``framekit._validate``): a number out of range or not finite is a
    ValueError; anything that is no real number (bool, str, None, complex, array) a TypeError."""
    return ValueError if isinstance(v, (int, float)) and not isinstance(v, bool) else TypeError


def _p_cases(f: Callable[[Any], Any]) -> list[Bad]:
    pat = r"p must be a probability in \(0, 1\)"
    return [
        Bad(f"p={v!r}", (lambda v=v: f(v)), _error(v), pat)
        for v in (0.0, 1.0, -0.5, 1.5, float("nan"), float("inf"), True, "0.1", None)
    ]


def _namespace_cases(f: Callable[..., Any]) -> list[Bad]:
    """Cases of the ``xp``/``device``/``dtype`` keywords of a function creating new arrays."""
    return [
        Bad("xp not a namespace", lambda: f(xp="numpy"), TypeError, r"xp must be an array library namespace"),
        Bad("dtype int64", lambda: f(dtype=np.int64), TypeError, r"dtype must be a real floating dtype"),
        Bad("dtype complex128", lambda: f(dtype=np.complex128), TypeError, r"dtype must be a real floating dtype"),
        Bad("dtype float16", lambda: f(dtype=np.float16), TypeError, r"dtype float16"),
        Bad("dtype as a string", lambda: f(dtype="float64"), TypeError, r"dtype must be a real floating dtype"),
        Bad("dtype of torch with numpy (mixed libraries)", lambda: f(dtype=torch.float64), TypeError,
            r"dtype must be a real floating dtype"),
        Bad("dtype of numpy with xp=torch (mixed libraries)", lambda: f(xp=torch, dtype=np.float64), TypeError,
            r"dtype must be a real floating dtype"),
        Bad("device unknown to numpy", lambda: f(device="cuda:7"), ValueError, r"device 'cuda:7'"),
    ]


def _number_cases(name: str, f: Callable[[Any], Any], bad: tuple[Any, ...], pat: str) -> list[Bad]:
    return [Bad(f"{name}={v!r}", (lambda v=v: f(v)), _error(v), pat) for v in bad]


_NONFINITE_NUMBERS = (float("nan"), float("inf"), -float("inf"))
_NOT_NUMBERS = ("1", None, True, 1j)


def _matrix_cases(f: Callable[[Any], Any]) -> list[Bad]:
    """Cases of the matrix ``S`` of a regularizer."""
    return [
        Bad("S 1-D", lambda: f(np.ones(3)), ValueError, r"S must be a matrix of shape \(\.\.\., n, m\)"),
        Bad("S 0-D", lambda: f(np.float64(2.0)), ValueError, r"S must be a matrix"),
        Bad("S with 0 rows", lambda: f(np.ones((0, 3))), ValueError, r"S must not be empty"),
        Bad("S with 0 columns", lambda: f(np.ones((3, 0))), ValueError, r"S must not be empty"),
        Bad("S with NaN", lambda: f(_nan(_S)), ValueError, NONFINITE.format("S")),
        Bad("S with +inf", lambda: f(_inf(_S)), ValueError, NONFINITE.format("S")),
        Bad("S with -inf", lambda: f(_inf(_S, -1.0)), ValueError, NONFINITE.format("S")),
        Bad("S complex with NaN", lambda: f(_S + 1j * _nan(_S)), ValueError, NONFINITE.format("S")),
        Bad("S float16", lambda: f(_S.astype(np.float16)), TypeError, HALF.format("S")),
        Bad("S torch bfloat16", lambda: f(torch.ones(2, 3, dtype=torch.bfloat16)), TypeError, r"S has dtype torch.bfloat16"),
        Bad("S as a list", lambda: f([[1.0, 2.0], [3.0, 4.0]]), TypeError, NOT_ARRAY.format("S")),
        Bad("S as a Python scalar", lambda: f(2.0), TypeError, NOT_ARRAY.format("S")),
        Bad("S None", lambda: f(None), TypeError, NOT_ARRAY.format("S")),
    ]


def _loss(S: Any = None, S_hat: Any = None, **kw: Any) -> Any:
    return fk.compressed_spectral_loss(_X if S is None else S, _X if S_hat is None else S_hat, **kw)


def _gam(*args: Any, **kw: Any) -> Any:
    sizes = dict(zip(("num_kernels", "kernel_size", "stride", "n_fft"), (8, 12, 4, 48), strict=True))
    sizes.update(zip(("num_kernels", "kernel_size", "stride", "n_fft"), args, strict=False))
    return fk.gaussian_aliasing_moments(*sizes.values(), **kw)


def _rfcn(*args: Any, **kw: Any) -> Any:
    sizes = dict(zip(("num_filters", "filter_length", "length", "draws"), (4, 8, 64, 10), strict=True))
    sizes.update(zip(("num_filters", "filter_length", "length", "draws"), args, strict=False))
    return fk.random_filterbank_condition_numbers(*sizes.values(), **kw)


def _seed_cases(f: Callable[[Any], Any]) -> list[Bad]:
    pat = r"seed must be None or an int in \[0, 2\*\*63\)"
    return [Bad(f"seed={v!r}", (lambda v=v: f(v)), ValueError if type(v) is int else TypeError, pat)
            for v in (-1, 1.5, "1", True, 2**70)]


CASES: dict[str, list[Bad]] = {
    # ---------------------------------------------------------------- aliasing
    "aliasing_terms": _kernel_cases(lambda w, d, n: fk.aliasing_terms(w, d, n)),
    "walnut_bounds": _kernel_cases(lambda w, d, n: fk.walnut_bounds(w, d, n)),
    "conv_filterbank": _kernel_cases(lambda w, d, n: fk.conv_filterbank(w, d, n), blocks=False),
    "conv_frame_bounds": _kernel_cases(lambda w, d, n: fk.conv_frame_bounds(w, d, n)),
    "aliasing_objective": _kernel_cases(lambda w, d, n: fk.aliasing_objective(w, d, n))
    + _number_cases("level", lambda v: fk.aliasing_objective(_W, 1, level=v),
                    (0.0, -1.0, *_NONFINITE_NUMBERS, *_NOT_NUMBERS), r"level must be a positive finite number"),
    "littlewood_paley_condition": _kernel_cases(_lp, strided=False)
    + _number_cases("floor", lambda v: fk.littlewood_paley_condition(_W, floor=v),
                    (0.0, 1.0, -0.1, 2.0, *_NONFINITE_NUMBERS, *_NOT_NUMBERS), r"floor must be a float in \(0, 1\)"),
    "tightness_penalty": _kernel_cases(lambda w, d, n: fk.tightness_penalty(w, d, n))
    + _number_cases("beta", lambda v: fk.tightness_penalty(_W, beta=v),
                    (-1.0, *_NONFINITE_NUMBERS, *_NOT_NUMBERS), r"beta must be a finite number >= 0")
    + _number_cases("level", lambda v: fk.tightness_penalty(_W, 2, level=v),
                    (0.0, -1.0, *_NONFINITE_NUMBERS, *_NOT_NUMBERS), r"level must be a positive finite number")
    + _number_cases("level at stride 1", lambda v: fk.tightness_penalty(_W, 1, level=v),
                    (0.0, -1.0, float("nan"), "1"), r"level must be a positive finite number")
    + [
        Bad("stride=1.0 (non-integer)", lambda: fk.tightness_penalty(_W, 1.0), TypeError, r"stride must be a positive int"),
        Bad("stride=np.float64(2.0)", lambda: fk.tightness_penalty(_W, np.float64(2.0)), TypeError,
            r"stride must be a positive int"),
        Bad("kernels None at the default stride 1", lambda: fk.tightness_penalty(None), TypeError, NOT_ARRAY.format("kernels")),
    ],
    # ----------------------------------------------------------- random kernels
    "gaussian_aliasing_moments": _int_cases("num_kernels", lambda v: _gam(v))
    + _int_cases("kernel_size", lambda v: _gam(8, v))
    + _int_cases("stride", lambda v: _gam(8, 12, v, 48), huge=True)
    + _int_cases("n_fft", lambda v: _gam(8, 12, 1, v), huge=True)
    + [
        Bad("n_fft not a multiple of stride", lambda: _gam(8, 12, 4, 50), ValueError, r"n_fft=50 is not a multiple of stride=4"),
        Bad("stride > n_fft", lambda: _gam(8, 12, 64, 48), ValueError, r"n_fft=48 is not a multiple of stride=64"),
    ]
    + _number_cases("variance", lambda v: _gam(variance=v), (0.0, -1.0, *_NONFINITE_NUMBERS, "1", True, 1j),
                    r"variance must be a positive finite number")
    + _namespace_cases(_gam),
    "random_filterbank_condition_numbers": _int_cases("num_filters", lambda v: _rfcn(v), huge=True)
    + _int_cases("filter_length", lambda v: _rfcn(4, v))
    + _int_cases("length", lambda v: _rfcn(4, 8, v), huge=True)
    + _int_cases("draws", lambda v: _rfcn(4, 8, 64, v), huge=True)
    + [
        Bad("filter_length > length", lambda: _rfcn(4, 65, 64), ValueError, r"filter_length=65 exceeds length=64"),
    ]
    + _seed_cases(lambda v: _rfcn(seed=v))
    + _namespace_cases(_rfcn),
    "random_filterbank_energies": _signal_cases(lambda x: fk.random_filterbank_energies(x, 4, 8, 10))
    + _int_cases("num_filters", lambda v: fk.random_filterbank_energies(_X, v, 8, 10), huge=True)
    + _int_cases("filter_length", lambda v: fk.random_filterbank_energies(_X, 4, v, 10))
    + _int_cases("draws", lambda v: fk.random_filterbank_energies(_X, 4, 8, v), huge=True)
    + _seed_cases(lambda v: fk.random_filterbank_energies(_X, 4, 8, 10, seed=v)),
    "energy_variance": _signal_cases(lambda x: fk.energy_variance(x, 4, 8))
    + _int_cases("num_filters", lambda v: fk.energy_variance(_X, v, 8))
    + _int_cases("filter_length", lambda v: fk.energy_variance(_X, 4, v))
    + [Bad("filter_length absurdly large", lambda: fk.energy_variance(_X, 4, HUGE), ValueError, rf"filter_length={HUGE}")],
    "cantelli_deviation": _signal_cases(lambda x: fk.cantelli_deviation(x, 4, 8, 0.1))
    + _int_cases("num_filters", lambda v: fk.cantelli_deviation(_X, v, 8, 0.1))
    + _int_cases("filter_length", lambda v: fk.cantelli_deviation(_X, 4, v, 0.1))
    + _p_cases(lambda v: fk.cantelli_deviation(_X, 4, 8, v))
    + [
        Bad("x all zeros (0/0)", lambda: fk.cantelli_deviation(np.zeros(64), 4, 8, 0.1), ValueError, r"x must be non-zero"),
        Bad("x with one zero row", lambda: fk.cantelli_deviation(np.stack([_X, 0 * _X]), 4, 8, 0.1), ValueError,
            r"x must be non-zero"),
    ],
    "chernoff_deviation": _signal_cases(lambda x: fk.chernoff_deviation(x, 4, 8, 0.1))
    + _int_cases("num_filters", lambda v: fk.chernoff_deviation(_X, v, 8, 0.1))
    + _int_cases("filter_length", lambda v: fk.chernoff_deviation(_X, 4, v, 0.1))
    + _p_cases(lambda v: fk.chernoff_deviation(_X, 4, 8, v))
    + [
        Bad("x all zeros (0/0)", lambda: fk.chernoff_deviation(np.zeros(64), 4, 8, 0.1), ValueError, r"x must be non-zero"),
        Bad("filter_length x filter_length matrices absurdly large (a broadcast view, no memory)",
            lambda: fk.chernoff_deviation(np.broadcast_to(np.ones(2**16), (2**10, 2**16)), 4, 2**16, 0.1,
                                          check_finite=False), ValueError, r"filter_length=65536"),
    ],
    "condition_number_law": _number_cases("filter_length", lambda v: fk.condition_number_law(v, 4),
                                          (0, 0.5, -8, *_NONFINITE_NUMBERS, *_NOT_NUMBERS),
                                          r"filter_length must be a finite number >= 1")
    + _number_cases("num_filters", lambda v: fk.condition_number_law(8, v),
                    (0, -4, *_NONFINITE_NUMBERS, *_NOT_NUMBERS), r"num_filters must be a positive finite number")
    + _number_cases("constant", lambda v: fk.condition_number_law(8, 4, constant=v),
                    (0.0, -2.0, *_NONFINITE_NUMBERS, *_NOT_NUMBERS), r"constant must be a positive finite number")
    + [
        Bad("filter_length as an array", lambda: fk.condition_number_law(np.array([8, 16]), 4), TypeError,
            r"filter_length must be a finite number"),
    ],
    # ------------------------------------------------------------- regularizers
    "condition_number_regularizer": _matrix_cases(fk.condition_number_regularizer),
    "condition_number_regularizer_grad": _matrix_cases(fk.condition_number_regularizer_grad),
    "compressed_spectral_loss": [
        Bad("S and S_hat of different shapes", lambda: _loss(np.ones(3), np.ones(4)), ValueError,
            r"S and S_hat must have the same shape"),
        Bad("S_hat broadcastable but not equal", lambda: _loss(np.ones((2, 3)), np.ones(3)), ValueError,
            r"S and S_hat must have the same shape"),
        Bad("S empty", lambda: _loss(np.ones(0), np.ones(0)), ValueError, r"S must not be empty"),
        Bad("S empty batch", lambda: _loss(np.ones((0, 4)), np.ones((0, 4))), ValueError, r"S must not be empty"),
        Bad("S with NaN", lambda: _loss(S=_nan(_X)), ValueError, NONFINITE.format("S")),
        Bad("S with +inf", lambda: _loss(S=_inf(_X)), ValueError, NONFINITE.format("S")),
        Bad("S_hat with NaN", lambda: _loss(S_hat=_nan(_X)), ValueError, NONFINITE.format("S_hat")),
        Bad("S_hat with -inf", lambda: _loss(S_hat=_inf(_X, -1.0)), ValueError, NONFINITE.format("S_hat")),
        Bad("S float16", lambda: _loss(S=_X.astype(np.float16)), TypeError, HALF.format("S")),
        Bad("S_hat float16", lambda: _loss(S_hat=_X.astype(np.float16)), TypeError, HALF.format("S_hat")),
        Bad("S as a list", lambda: _loss(S=list(_X)), TypeError, NOT_ARRAY.format("S")),
        Bad("S_hat as a Python scalar", lambda: _loss(S_hat=1.0), TypeError, NOT_ARRAY.format("S_hat")),
        Bad("S None", lambda: fk.compressed_spectral_loss(None, _X), TypeError, NOT_ARRAY.format("S")),
        Bad("S_hat None", lambda: fk.compressed_spectral_loss(_X, None), TypeError, NOT_ARRAY.format("S_hat")),
        Bad("S numpy, S_hat torch", lambda: _loss(S_hat=torch.from_numpy(_X)), TypeError,
            r"arguments come from different array libraries \(S: numpy.*S_hat: torch"),
    ]
    + _number_cases("compression", lambda v: _loss(compression=v), (0.0, -0.3, 1.5, *_NONFINITE_NUMBERS, *_NOT_NUMBERS),
                    r"compression must be a number in \(0, 1\]")
    + _number_cases("mix", lambda v: _loss(mix=v), (-0.1, 1.5, *_NONFINITE_NUMBERS, *_NOT_NUMBERS),
                    r"mix must be a number in \[0, 1\]")
    + _number_cases("floor", lambda v: _loss(floor=v), (0.0, -1e-8, *_NONFINITE_NUMBERS, *_NOT_NUMBERS),
                    r"floor must be a positive finite number"),
}


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    check(case)
