"""Bad inputs of the frames topic: each raises a clear error naming the argument (see bad_input.py)."""

from __future__ import annotations

import numpy as np
import pytest
from bad_input import Bad, check, params

import framekit as fk

try:
    import torch
except ImportError:  # pragma: no cover - torch is in the test extra
    torch = None

HUGE = 10**12


def _W(m=4, n=3, seed=0):
    """A real frame with m vectors in R^n."""
    return np.random.default_rng(seed).standard_normal((m, n))


def _with(value, shape=(4, 3), at=(1, 2)):
    W = _W(*shape).astype(type(value))
    W[at] = value
    return W


def _vec(n, value=None):
    v = np.ones(n)
    if value is not None:
        v[-1] = value
    return v


def _t(a):
    return torch.asarray(a)


def _ones_like(W, n):
    """An all-ones vector of length n from W's library (NumPy for non-arrays)."""
    return torch.ones(n, dtype=torch.float64) if torch is not None and isinstance(W, torch.Tensor) else np.ones(n)


def _F(W=None):
    return fk.MatrixFrame(_W() if W is None else W)


RANK_DEFICIENT = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
WIDE = np.ones((2, 3))
BATCH_ONE_BAD = np.stack([_W(3, 2), RANK_DEFICIENT])


def _W_cases(call, name="W"):
    """The bad analysis operators every function of W refuses, passed through ``call``."""
    return [
        Bad(f"{name} 1-D", lambda: call(np.ones(3)), ValueError, rf"{name} must be an analysis operator of shape"),
        Bad(f"{name} 0-D", lambda: call(np.asarray(1.0)), ValueError, rf"{name} must be an analysis operator"),
        Bad(f"{name} with m=0 rows", lambda: call(np.ones((0, 3))), ValueError,
            rf"{name} must have at least one row and one column"),
        Bad(f"{name} with n=0 columns", lambda: call(np.ones((3, 0))), ValueError,
            rf"{name} must have at least one row and one column"),
        Bad(f"{name} batch of empty matrices", lambda: call(np.ones((2, 0, 0))), ValueError,
            rf"{name} must have at least one row"),
        Bad(f"{name} with NaN", lambda: call(_with(np.nan)), ValueError, rf"{name} contains NaN or inf"),
        Bad(f"{name} with +inf", lambda: call(_with(np.inf)), ValueError, rf"{name} contains NaN or inf"),
        Bad(f"{name} with -inf", lambda: call(_with(-np.inf)), ValueError, rf"{name} contains NaN or inf"),
        Bad(f"{name} complex with NaN", lambda: call(_with(complex(1, np.nan))), ValueError,
            rf"{name} contains NaN or inf"),
        Bad(f"{name} float16", lambda: call(_W().astype(np.float16)), TypeError, rf"{name} has dtype float16"),
        Bad(f"{name} torch bfloat16", lambda: call(_t(_W()).to(torch.bfloat16)), TypeError,
            rf"{name} has dtype torch.bfloat16"),
        Bad(f"{name} nested list", lambda: call(_W().tolist()), TypeError, rf"{name} must be an array of an array-API"),
        Bad(f"{name} Python scalar", lambda: call(2.0), TypeError, rf"{name} must be an array of an array-API"),
        Bad(f"{name} None", lambda: call(None), TypeError, rf"{name} must be an array of an array-API"),
        Bad(f"{name} string", lambda: call("mell"), TypeError, rf"{name} must be an array of an array-API"),
    ]


def _not_frame_cases(call, name="W"):
    """Operators that are no frame: the dual and the tight frame need one."""
    return [
        Bad(f"{name} with m < n", lambda: call(WIDE), ValueError, rf"{name} has m=2 rows and n=3 columns"),
        Bad(f"{name} rank-deficient", lambda: call(RANK_DEFICIENT), ValueError, rf"{name} is not a frame"),
        Bad(f"{name} all zeros", lambda: call(np.zeros((4, 3))), ValueError, rf"{name} is not a frame"),
        Bad(f"{name} batch with one rank-deficient frame", lambda: call(BATCH_ONE_BAD), ValueError,
            rf"1 of the 2 frames in {name} is not a frame"),
    ]


def _operand_cases(call, name, size, W=None):
    """Bad vectors ``name`` of length ``size`` for a function ``call(W, v)`` (W is 4 x 3)."""
    W = _W() if W is None else W
    return [
        Bad(f"{name} too long", lambda: call(W, np.ones(size + 1)), ValueError, rf"{name} must have shape \(\.\.\., {size}\)"),
        Bad(f"{name} too short", lambda: call(W, np.ones(size - 1)), ValueError, rf"{name} must have shape \(\.\.\., {size}\)"),
        Bad(f"{name} 0-D", lambda: call(W, np.asarray(1.0)), ValueError, rf"{name} must have shape"),
        Bad(f"{name} of length 0", lambda: call(W, np.ones(0)), ValueError, rf"{name} must have shape"),
        Bad(f"{name} batch not broadcasting against W's", lambda: call(np.stack([W, W]), np.ones((3, size))),
            ValueError, rf"{name} has batch shape \(3,\), which does not broadcast"),
        Bad(f"{name} with NaN", lambda: call(W, _vec(size, np.nan)), ValueError, rf"{name} contains NaN or inf"),
        Bad(f"{name} with +inf", lambda: call(W, _vec(size, np.inf)), ValueError, rf"{name} contains NaN or inf"),
        Bad(f"{name} with -inf", lambda: call(W, _vec(size, -np.inf)), ValueError, rf"{name} contains NaN or inf"),
        Bad(f"{name} float16", lambda: call(W, np.ones(size, np.float16)), TypeError, rf"{name} has dtype float16"),
        Bad(f"{name} list", lambda: call(W, [1.0] * size), TypeError, rf"{name} must be an array of an array-API"),
        Bad(f"{name} Python scalar", lambda: call(W, 1.0), TypeError, rf"{name} must be an array of an array-API"),
        Bad(f"{name} None", lambda: call(W, None), TypeError, rf"{name} must be an array of an array-API"),
        Bad(f"W numpy, {name} torch", lambda: call(W, _t(np.ones(size))), TypeError,
            rf"different array libraries \(.*{name}: torch"),
    ]


def _frame_operand_cases(method, name, size):
    """Bad vectors for a MatrixFrame method taking ``name`` of length ``size`` (frame 4 x 3)."""
    return [
        Bad(f"{name} too long", lambda: method(_F())(np.ones(size + 1)), ValueError, rf"{name} must have shape \(\.\.\., {size}\)"),
        Bad(f"{name} 0-D", lambda: method(_F())(np.asarray(1.0)), ValueError, rf"{name} must have shape"),
        Bad(f"{name} of length 0", lambda: method(_F())(np.ones(0)), ValueError, rf"{name} must have shape"),
        Bad(f"{name} batch not broadcasting against the frame's", lambda: method(_F(np.stack([_W(), _W()])))(np.ones((3, size))),
            ValueError, rf"{name} has batch shape \(3,\), which does not broadcast"),
        Bad(f"{name} with NaN", lambda: method(_F())(_vec(size, np.nan)), ValueError, rf"{name} contains NaN or inf"),
        Bad(f"{name} with +inf", lambda: method(_F())(_vec(size, np.inf)), ValueError, rf"{name} contains NaN or inf"),
        Bad(f"{name} with -inf", lambda: method(_F())(_vec(size, -np.inf)), ValueError, rf"{name} contains NaN or inf"),
        Bad(f"{name} float16", lambda: method(_F())(np.ones(size, np.float16)), TypeError, rf"{name} has dtype float16"),
        Bad(f"{name} list", lambda: method(_F())([1.0] * size), TypeError, rf"{name} must be an array of an array-API"),
        Bad(f"{name} Python scalar", lambda: method(_F())(1.0), TypeError, rf"{name} must be an array of an array-API"),
        Bad(f"{name} None", lambda: method(_F())(None), TypeError, rf"{name} must be an array of an array-API"),
        Bad(f"numpy frame, {name} torch", lambda: method(_F())(_t(np.ones(size))), TypeError,
            rf"different array libraries \(.*{name}: torch"),
        Bad(f"torch frame, {name} numpy", lambda: method(_F(_t(_W())))(np.ones(size)), TypeError,
            rf"different array libraries \(.*{name}: numpy"),
    ]


def _positive_int_cases(call, name):
    """Bad sizes for an int parameter ``name``: ``call(value)``."""
    return [
        Bad(f"{name}=0", lambda: call(0), ValueError, rf"{name} must be a positive int, got 0"),
        Bad(f"{name}=-3", lambda: call(-3), ValueError, rf"{name} must be a positive int, got -3"),
        Bad(f"{name}=2.5", lambda: call(2.5), TypeError, rf"{name} must be a positive int, got 2\.5"),
        Bad(f"{name}=3.0 (float)", lambda: call(3.0), TypeError, rf"{name} must be a positive int, got 3\.0"),
        Bad(f"{name}=True", lambda: call(True), TypeError, rf"{name} must be a positive int, got True"),
        Bad(f"{name}=None", lambda: call(None), TypeError, rf"{name} must be a positive int, got None"),
        Bad(f"{name}='4'", lambda: call("4"), TypeError, rf"{name} must be a positive int, got '4'"),
        Bad(f"{name} numpy array", lambda: call(np.array([4, 5])), TypeError, rf"{name} must be a positive int"),
        Bad(f"{name} 0-d numpy array", lambda: call(np.array(4)), TypeError, rf"{name} must be a positive int"),
    ]


def _constructor_option_cases(call, *, complex_only=False):
    """Bad ``xp``, ``device`` and ``dtype`` for a constructor ``call(**options)``."""
    kind = r"a complex floating dtype" if complex_only else r"a floating or complex dtype"
    np_msg, torch_msg = (rf"dtype must be {kind} of the {lib} namespace \(.*\), got " for lib in ("numpy", "torch"))
    cases = [
        Bad("dtype int64", lambda: call(dtype=np.int64), TypeError, np_msg + "dtype int64"),
        Bad("dtype bool", lambda: call(dtype=np.bool_), TypeError, np_msg + "dtype bool"),
        Bad("dtype float16", lambda: call(dtype=np.float16), TypeError, np_msg + "dtype float16"),
        Bad("dtype torch.bfloat16 with torch", lambda: call(xp=torch, dtype=torch.bfloat16), TypeError,
            torch_msg + r"dtype torch\.bfloat16"),
        Bad("dtype as a string", lambda: call(dtype="float64"), TypeError, np_msg + "'float64'"),
        Bad("dtype misspelt string", lambda: call(dtype="flaot64"), TypeError, np_msg + "'flaot64'"),
        Bad("numpy dtype with xp=torch", lambda: call(xp=torch, dtype=np.float64), TypeError,
            torch_msg + "dtype float64"),
        Bad("torch dtype with numpy", lambda: call(dtype=torch.float64), TypeError, np_msg + r"dtype torch\.float64"),
        Bad("xp a string", lambda: call(xp="numpy"), TypeError, r"xp must be an array library namespace"),
        Bad("xp an int", lambda: call(xp=3), TypeError, r"xp must be an array library namespace"),
        Bad("device 'gpu' on numpy", lambda: call(device="gpu"), ValueError, r"device 'gpu' is not a device of numpy"),
        Bad("device 'gpu' on torch", lambda: call(xp=torch, device="gpu"), ValueError,
            r"device 'gpu' is not a device of torch"),
    ]
    if complex_only:
        cases.append(Bad("dtype float64 (real)", lambda: call(dtype=np.float64), TypeError, np_msg + "dtype float64"))
        cases.append(Bad("dtype float32 (real)", lambda: call(dtype=np.float32), TypeError, np_msg + "dtype float32"))
    return cases


def _method_takes_nothing(method_name):
    return [
        Bad("an argument given", lambda: getattr(_F(), method_name)(np.ones(3)), TypeError,
            rf"{method_name}\(\) takes 1 positional argument"),
        Bad("a keyword given", lambda: getattr(_F(), method_name)(check_finite=True), TypeError,
            rf"{method_name}\(\) got an unexpected keyword argument 'check_finite'"),
    ]


def _fa(frame=None, c=None, **kw):
    W = _W(6, 3) if frame is None else frame
    return fk.frame_algorithm(W, W @ np.ones(3) if c is None else c, **kw)


CASES: dict[str, list[Bad]] = {
    # ------------------------------------------------------------------ functions of W
    "frame_operator": _W_cases(fk.frame_operator),
    "frame_bounds": _W_cases(fk.frame_bounds),
    "condition_number": _W_cases(fk.condition_number),
    "canonical_dual": _W_cases(fk.canonical_dual) + _not_frame_cases(fk.canonical_dual),
    "canonical_tight": _W_cases(fk.canonical_tight) + _not_frame_cases(fk.canonical_tight),
    "redundancy": [
        c for c in _W_cases(fk.redundancy) if "NaN" not in c.what and "inf" not in c.what
    ],  # redundancy reads only the shape: NaN/inf cannot make its result wrong
    "analysis": _W_cases(lambda W: fk.analysis(W, _ones_like(W, 3)))
    + _operand_cases(fk.analysis, "x", 3),
    "synthesis": _W_cases(lambda W: fk.synthesis(W, _ones_like(W, 4)))
    + _operand_cases(fk.synthesis, "c", 4),
    # ------------------------------------------------------------------ MatrixFrame
    "MatrixFrame": _W_cases(fk.MatrixFrame),
    "MatrixFrame.analysis": _frame_operand_cases(lambda F: F.analysis, "x", 3),
    "MatrixFrame.synthesis": _frame_operand_cases(lambda F: F.synthesis, "c", 4),
    "MatrixFrame.frame_operator": _frame_operand_cases(lambda F: F.frame_operator, "x", 3),
    "MatrixFrame.frame_bounds": _method_takes_nothing("frame_bounds"),
    "MatrixFrame.condition_number": _method_takes_nothing("condition_number"),
    "MatrixFrame.dual": _not_frame_cases(lambda W: fk.MatrixFrame(W).dual()) + _method_takes_nothing("dual"),
    "MatrixFrame.tight": _not_frame_cases(lambda W: fk.MatrixFrame(W).tight()) + _method_takes_nothing("tight"),
    # ------------------------------------------------------------------ constructors
    "harmonic_frame": _positive_int_cases(lambda v: fk.harmonic_frame(v, 2), "m")
    + _positive_int_cases(lambda v: fk.harmonic_frame(4, v), "n")
    + [
        Bad("m < n", lambda: fk.harmonic_frame(2, 4), ValueError, r"needs m >= n vectors, got m=2"),
        Bad("m=10**12 (absurdly large)", lambda: fk.harmonic_frame(HUGE, 3), ValueError,
            r"m=1000000000000, n=3 give .* elements, more than"),
        Bad("m=n=10**12", lambda: fk.harmonic_frame(HUGE, HUGE), ValueError, r"m=1000000000000, n=1000000000000 give"),
        Bad("m=10**7, n=10**6 (80 TB)", lambda: fk.harmonic_frame(10**7, 10**6), ValueError,
            r"m=10000000, n=1000000 give"),
    ]
    + _constructor_option_cases(lambda **kw: fk.harmonic_frame(4, 2, **kw), complex_only=True),
    "simplex_frame": _positive_int_cases(fk.simplex_frame, "n")
    + [
        Bad("n=10**12 (absurdly large)", lambda: fk.simplex_frame(HUGE), ValueError,
            r"n=1000000000000 gives .* elements, more than"),
        Bad("n=2**21 (2**42 entries)", lambda: fk.simplex_frame(2**21), ValueError, r"n=2097152 gives"),
    ]
    + _constructor_option_cases(lambda **kw: fk.simplex_frame(3, **kw)),
    "mercedes_benz_frame": _constructor_option_cases(fk.mercedes_benz_frame)
    + [
        Bad("a positional argument", lambda: fk.mercedes_benz_frame(3), TypeError,
            r"mercedes_benz_frame\(\) takes 0 positional arguments"),
        Bad("n= given (the Mercedes-Benz frame is R^2 only)", lambda: fk.mercedes_benz_frame(n=3), TypeError,
            r"mercedes_benz_frame\(\) got an unexpected keyword argument 'n'"),
    ],
    "gaussian_frame": _positive_int_cases(lambda v: fk.gaussian_frame(v, 2), "m")
    + _positive_int_cases(lambda v: fk.gaussian_frame(4, v), "n")
    + [
        Bad("m=10**12 (absurdly large)", lambda: fk.gaussian_frame(HUGE, 3), ValueError,
            r"m=1000000000000, n=3 give .* elements, more than"),
        Bad("m=n=10**12", lambda: fk.gaussian_frame(HUGE, HUGE), ValueError, r"m=1000000000000, n=1000000000000 give"),
        Bad("m=10**12 on torch", lambda: fk.gaussian_frame(HUGE, 3, xp=torch), ValueError, r"m=1000000000000, n=3 give"),
        Bad("seed=-1", lambda: fk.gaussian_frame(4, 2, seed=-1), ValueError, r"seed must be None or an int in \[0, 2\*\*63\), got -1"),
        Bad("seed=2**64", lambda: fk.gaussian_frame(4, 2, seed=2**64), ValueError, r"seed must be None or an int"),
        Bad("seed=2**63 (beyond torch's and jax's int64 seeds)", lambda: fk.gaussian_frame(4, 2, seed=2**63), ValueError,
            r"seed must be None or an int in \[0, 2\*\*63\), got 9223372036854775808"),
        Bad("seed=-1 on torch", lambda: fk.gaussian_frame(4, 2, seed=-1, xp=torch), ValueError, r"seed must be None or an int"),
        Bad("seed=2.5", lambda: fk.gaussian_frame(4, 2, seed=2.5), TypeError, r"seed must be None or an int.*got 2\.5"),
        Bad("seed='0'", lambda: fk.gaussian_frame(4, 2, seed="0"), TypeError, r"seed must be None or an int"),
        Bad("seed=True", lambda: fk.gaussian_frame(4, 2, seed=True), TypeError, r"seed must be None or an int"),
        Bad("seed an array", lambda: fk.gaussian_frame(4, 2, seed=np.array([1, 2])), TypeError, r"seed must be None or an int"),
    ]
    + _constructor_option_cases(lambda **kw: fk.gaussian_frame(4, 2, seed=0, **kw)),
    # ------------------------------------------------------------------ frame algorithm
    "frame_algorithm": [
        Bad("frame None", lambda: fk.frame_algorithm(None, np.ones(3)), TypeError, r"frame must implement the framekit Frame"),
        Bad("frame a nested list", lambda: fk.frame_algorithm(_W().tolist(), np.ones(4)), TypeError,
            r"frame must implement the framekit Frame"),
        Bad("frame a string", lambda: fk.frame_algorithm("mell", np.ones(4)), TypeError, r"frame must implement"),
        Bad("frame 1-D array", lambda: fk.frame_algorithm(np.ones(3), np.ones(3)), ValueError,
            r"frame must be an analysis operator of shape"),
        Bad("frame with m=0 rows", lambda: fk.frame_algorithm(np.ones((0, 3)), np.ones(0)), ValueError,
            r"frame must have at least one row and one column"),
        Bad("frame with NaN", lambda: fk.frame_algorithm(_with(np.nan), np.ones(4)), ValueError, r"frame contains NaN or inf"),
        Bad("frame with inf", lambda: fk.frame_algorithm(_with(np.inf), np.ones(4)), ValueError, r"frame contains NaN or inf"),
        Bad("frame float16", lambda: fk.frame_algorithm(_W().astype(np.float16), np.ones(4)), TypeError,
            r"frame has dtype float16"),
        Bad("frame rank-deficient, richardson", lambda: fk.frame_algorithm(RANK_DEFICIENT, np.ones(3), method="richardson"),
            ValueError, r"frame has lower frame bound A = 0"),
        Bad("c with NaN", lambda: _fa(c=_vec(6, np.nan)), ValueError, r"c contains NaN or inf"),
        Bad("c with inf", lambda: _fa(c=_vec(6, np.inf)), ValueError, r"c contains NaN or inf"),
        Bad("c with NaN, richardson", lambda: _fa(c=_vec(6, np.nan), method="richardson"), ValueError, r"c contains NaN or inf"),
        Bad("c with NaN, protocol frame", lambda: fk.frame_algorithm(fk.MatrixFrame(_W(6, 3)), _vec(6, np.nan)),
            ValueError, r"c contains NaN or inf"),
        Bad("c too long", lambda: _fa(c=np.ones(7)), ValueError, r"c must have shape \(\.\.\., 6\)"),
        Bad("c 0-D", lambda: _fa(c=np.asarray(1.0)), ValueError, r"c must have shape"),
        Bad("c list", lambda: _fa(c=[1.0] * 6), TypeError, r"c must be an array of an array-API"),
        Bad("c a string", lambda: _fa(c="mell"), TypeError, r"c must be an array of an array-API"),
        Bad("c None", lambda: fk.frame_algorithm(_W(6, 3), None), TypeError, r"c must be an array of an array-API"),
        Bad("c float16", lambda: _fa(c=np.ones(6, np.float16)), TypeError, r"c has dtype float16"),
        Bad("frame numpy, c torch", lambda: _fa(c=_t(np.ones(6))), TypeError, r"different array libraries \(.*c: torch"),
        Bad("frame torch, c numpy", lambda: fk.frame_algorithm(_t(_W(6, 3)), np.ones(6)), TypeError,
            r"different array libraries \(.*c: numpy"),
        Bad("method 'CG' (case)", lambda: _fa(method="CG"), ValueError, r"method must be 'cg' or 'richardson', got 'CG'"),
        Bad("method misspelt 'richardsn'", lambda: _fa(method="richardsn"), ValueError, r"method must be 'cg' or 'richardson'"),
        Bad("method None", lambda: _fa(method=None), ValueError, r"method must be 'cg' or 'richardson'"),
        Bad("maxiter=0", lambda: _fa(maxiter=0), ValueError, r"maxiter must be a positive int, got 0"),
        Bad("maxiter=-5", lambda: _fa(maxiter=-5), ValueError, r"maxiter must be a positive int, got -5"),
        Bad("maxiter=2.5", lambda: _fa(maxiter=2.5), TypeError, r"maxiter must be a positive int, got 2\.5"),
        Bad("maxiter=True", lambda: _fa(maxiter=True), TypeError, r"maxiter must be a positive int, got True"),
        Bad("maxiter=None", lambda: _fa(maxiter=None), TypeError, r"maxiter must be a positive int, got None"),
        Bad("tol=0", lambda: _fa(tol=0.0), ValueError, r"tol must be a float in \(0, 1\), got 0\.0"),
        Bad("tol=-1e-6", lambda: _fa(tol=-1e-6), ValueError, r"tol must be a float in \(0, 1\)"),
        Bad("tol=1.5 (x = 0 would pass)", lambda: _fa(tol=1.5), ValueError, r"tol must be a float in \(0, 1\)"),
        Bad("tol=inf", lambda: _fa(tol=float("inf")), ValueError, r"tol must be a float in \(0, 1\)"),
        Bad("tol=nan", lambda: _fa(tol=float("nan")), ValueError, r"tol must be a float in \(0, 1\)"),
        Bad("tol a string", lambda: _fa(tol="1e-6"), TypeError, r"tol must be a float in \(0, 1\), got '1e-6'"),
        Bad("tol an array", lambda: _fa(tol=np.array([1e-6, 1e-6])), TypeError, r"tol must be a float"),
        Bad("bounds of length 1", lambda: _fa(method="richardson", bounds=(1.0,)), ValueError,
            r"bounds must be a pair \(A, B\)"),
        Bad("bounds a float", lambda: _fa(method="richardson", bounds=1.0), TypeError, r"bounds must be a pair \(A, B\)"),
        Bad("bounds a string", lambda: _fa(method="richardson", bounds="AB"), TypeError, r"bounds must be a pair \(A, B\)"),
        Bad("bounds A=0", lambda: _fa(method="richardson", bounds=(0.0, 2.0)), ValueError,
            r"bounds must satisfy 0 < A <= B < inf"),
        Bad("bounds A<0, A+B=0", lambda: _fa(method="richardson", bounds=(-1.0, 1.0)), ValueError,
            r"bounds must satisfy 0 < A <= B"),
        Bad("bounds B < A", lambda: _fa(method="richardson", bounds=(2.0, 1.0)), ValueError, r"bounds must satisfy 0 < A <= B"),
        Bad("bounds with NaN", lambda: _fa(method="richardson", bounds=(float("nan"), 1.0)), ValueError,
            r"bounds must satisfy 0 < A <= B"),
        Bad("bounds B=inf", lambda: _fa(method="richardson", bounds=(1.0, float("inf"))), ValueError,
            r"bounds must satisfy 0 < A <= B < inf"),
        Bad("bounds arrays with one A=0", lambda: fk.frame_algorithm(
            np.stack([_W(6, 3), _W(6, 3, 1)]), np.ones((2, 6)), method="richardson",
            bounds=(np.array([0.5, 0.0]), np.array([2.0, 2.0]))), ValueError, r"bounds must satisfy 0 < A <= B"),
        Bad("bounds strings", lambda: _fa(method="richardson", bounds=("a", "b")), TypeError,
            r"bounds must be a pair \(A, B\) of real numbers or arrays"),
        Bad("bounds torch with numpy frame", lambda: _fa(method="richardson", bounds=(_t(1.0), _t(2.0))), TypeError,
            r"different array libraries \(.*bounds"),
    ],
}


@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    check(case)
