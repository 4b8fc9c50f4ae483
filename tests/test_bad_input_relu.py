"""Bad inputs of the relu topic: each raises a clear error naming the argument (see bad_input.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from bad_input import Bad, check, params

import framekit as fk

torch = pytest.importorskip("torch")

# A valid layer: 4 omnidirectional rows of R^3, a negative bias (every unit of both inputs is
# active, so their outputs determine them), a batch of two inputs and their layer outputs.
W = np.vstack([np.eye(3), -np.ones((1, 3))])
B = np.full(4, -0.6)
X = np.array([[0.3, -0.2, 0.1], [0.0, 0.5, -0.4]])
Z = fk.relu_layer(W, B, X)
NAN_W = np.where(np.eye(4, 3) > 0, np.nan, W)
INF_W = np.where(np.eye(4, 3) > 0, np.inf, W)
INF_B = np.array([-0.6, np.inf, -0.6, -0.6])
HUGE = 10**12


def _wb_cases(f: Callable[[Any, Any], Any]) -> list[Bad]:
    """Bad weights and biases, shared by every function taking (W, b)."""
    return [
        Bad("W of rank 1", lambda: f(W[0], B), ValueError, r"W must be a weight matrix"),
        Bad("W of rank 3", lambda: f(W[None], B), ValueError, r"W must be a weight matrix"),
        Bad("W with 0 rows", lambda: f(np.zeros((0, 3)), np.zeros(0)), ValueError, r"W must have at least one row"),
        Bad("W with 0 columns", lambda: f(np.zeros((4, 0)), B), ValueError, r"W must have at least one row"),
        Bad("W with NaN", lambda: f(NAN_W, B), ValueError, r"W contains NaN or inf"),
        Bad("W with inf", lambda: f(INF_W, B), ValueError, r"W contains NaN or inf"),
        Bad("W complex", lambda: f(W + 0j, B), TypeError, r"W must be real"),
        Bad("W float16", lambda: f(W.astype(np.float16), B), TypeError, r"W has dtype float16"),
        Bad("W a list", lambda: f(W.tolist(), B), TypeError, r"W must be an array"),
        Bad("W None", lambda: f(None, B), TypeError, r"W must be an array"),
        Bad("b of wrong length", lambda: f(W, B[:-1]), ValueError, r"b must be a bias vector of shape \(4,\)"),
        Bad("b a 0-D array", lambda: f(W, np.asarray(0.0)), ValueError, r"b must be a bias vector"),
        Bad("b of rank 2", lambda: f(W, B[None]), ValueError, r"b must be a bias vector"),
        Bad("b with inf", lambda: f(W, INF_B), ValueError, r"b contains NaN or inf"),
        Bad("b with NaN", lambda: f(W, np.full(4, np.nan)), ValueError, r"b contains NaN or inf"),
        Bad("b complex", lambda: f(W, B + 0j), TypeError, r"b must be real"),
        Bad("b float16", lambda: f(W, B.astype(np.float16)), TypeError, r"b has dtype float16"),
        Bad("b a Python float", lambda: f(W, -0.6), TypeError, r"b must be an array"),
        Bad("b a list", lambda: f(W, B.tolist()), TypeError, r"b must be an array"),
        Bad("b None", lambda: f(W, None), TypeError, r"b must be an array"),
        Bad("W numpy, b torch", lambda: f(W, torch.tensor(B)), TypeError, r"different array libraries"),
    ]


def _layer_cases(f: Callable[[Any, Any, Any], Any]) -> list[Bad]:
    """(W, b) cases plus bad inputs x, for relu_layer, active_set, count_test, active_frame_bound."""
    return [
        *_wb_cases(lambda W_, b_: f(W_, b_, X)),
        Bad("x of wrong length", lambda: f(W, B, np.ones(4)), ValueError, r"x must have shape \(\.\.\., 3\)"),
        Bad("x 0-D", lambda: f(W, B, np.asarray(1.0)), ValueError, r"x must have shape"),
        Bad("x with 0 features", lambda: f(W, B, np.ones((2, 0))), ValueError, r"x must have shape"),
        Bad("x with NaN", lambda: f(W, B, np.array([0.1, np.nan, 0.0])), ValueError, r"x contains NaN or inf"),
        Bad("x with -inf", lambda: f(W, B, np.array([0.1, -np.inf, 0.0])), ValueError, r"x contains NaN or inf"),
        Bad("x complex", lambda: f(W, B, X + 1j), TypeError, r"x must be real"),
        Bad("x float16", lambda: f(W, B, X.astype(np.float16)), TypeError, r"x has dtype float16"),
        Bad("x a list", lambda: f(W, B, X.tolist()), TypeError, r"x must be an array"),
        Bad("x a Python scalar", lambda: f(W, B, 1.0), TypeError, r"x must be an array"),
        Bad("x None", lambda: f(W, B, None), TypeError, r"x must be an array"),
        Bad("x torch, W numpy", lambda: f(W, B, torch.tensor(X)), TypeError, r"different array libraries"),
    ]


def _domain_cases(f: Callable[..., Any], *, domain: bool = True) -> list[Bad]:
    """Bad domain names and radii."""
    rows = [
        Bad("radius=0", lambda: f(radius=0.0), ValueError, r"radius must be a positive finite number"),
        Bad("radius<0", lambda: f(radius=-1.0), ValueError, r"radius must be a positive finite number"),
        Bad("radius NaN", lambda: f(radius=float("nan")), ValueError, r"radius must be a positive finite number"),
        Bad("radius inf", lambda: f(radius=float("inf")), ValueError, r"radius must be a positive finite number"),
        Bad("radius a string", lambda: f(radius="1"), TypeError, r"radius must be a positive"),
        Bad("radius None", lambda: f(radius=None), TypeError, r"radius must be a positive"),
        Bad("radius an array", lambda: f(radius=np.ones(2)), TypeError, r"radius must be a positive"),
    ]
    if domain:
        rows += [
            Bad("domain misspelt", lambda: f(domain="bal"), ValueError, r"domain must be 'sphere' or 'ball'"),
            Bad("domain None", lambda: f(domain=None), ValueError, r"domain must be 'sphere' or 'ball'"),
        ]
    return rows


def _count_cases(f: Callable[..., Any], name: str) -> list[Bad]:
    """Bad sample counts (zero, negative, non-integer, absurd)."""
    return [
        Bad(f"{name}=0", lambda: f(**{name: 0}), ValueError, rf"{name} must be a positive int"),
        Bad(f"{name}<0", lambda: f(**{name: -5}), ValueError, rf"{name} must be a positive int"),
        Bad(f"{name} float", lambda: f(**{name: 100.5}), TypeError, rf"{name} must be a positive int"),
        Bad(f"{name} True", lambda: f(**{name: True}), TypeError, rf"{name} must be a positive int"),
        Bad(f"{name} None", lambda: f(**{name: None}), TypeError, rf"{name} must be a positive int"),
        Bad(f"{name}=10**12", lambda: f(**{name: HUGE}), ValueError, rf"{name}={HUGE} .*2\*\*40"),
    ]


def _seed_cases(f: Callable[..., Any]) -> list[Bad]:
    pat = r"seed must be None or an int in \[0, 2\*\*63\)"
    return [
        Bad("seed a string", lambda: f(seed="0"), TypeError, pat),
        Bad("seed a float", lambda: f(seed=1.5), TypeError, pat),
        Bad("seed=-1", lambda: f(seed=-1), ValueError, pat),
        Bad("seed=2**63", lambda: f(seed=2**63), ValueError, pat),
    ]


def _chunk_cases(f: Callable[..., Any]) -> list[Bad]:
    return [
        Bad("chunk_size=0", lambda: f(chunk_size=0), ValueError, r"chunk_size must be a positive int"),
        Bad("chunk_size float", lambda: f(chunk_size=64.0), TypeError, r"chunk_size must be a positive int"),
    ]


def _injectivity(W_: Any = W, b_: Any = B, **kw: Any) -> Any:
    return fk.check_injectivity(W_, b_, **({"n_samples": 200} | kw))


def _bounds(W_: Any = W, b_: Any = B, **kw: Any) -> Any:
    return fk.lipschitz_bounds(W_, b_, **({"n_samples": 200} | kw))


def _estimate(W_: Any = W, b_: Any = B, **kw: Any) -> Any:
    return fk.lipschitz_lower_estimate(W_, b_, **({"n_pairs": 200} | kw))


def _max_bias(W_: Any = W, **kw: Any) -> Any:
    return fk.max_bias(W_, **({"n_samples": 200} | kw))


def _reconstruct(W_: Any = W, b_: Any = B, z: Any = Z, **kw: Any) -> Any:
    return fk.relu_reconstruct(W_, b_, z, **kw)


def _w_cases(f: Callable[[Any], Any]) -> list[Bad]:
    """W-only cases (from the (W, b) ones), for max_bias and is_omnidirectional."""
    return [c for c in _wb_cases(lambda W_, b_: f(W_)) if c.what.startswith("W ") and "b" not in c.what]


CASES: dict[str, list[Bad]] = {
    "relu_layer": _layer_cases(fk.relu_layer),
    "active_set": _layer_cases(fk.active_set),
    "count_test": _layer_cases(fk.count_test),
    "active_frame_bound": _layer_cases(fk.active_frame_bound),
    "check_injectivity": [
        *_wb_cases(_injectivity),
        *_domain_cases(_injectivity),
        *_count_cases(_injectivity, "n_samples"),
        *_chunk_cases(_injectivity),
        *_seed_cases(_injectivity),
    ],
    "lipschitz_bounds": [
        *_wb_cases(_bounds),
        *_domain_cases(_bounds, domain=False),
        *_count_cases(_bounds, "n_samples"),
        *_chunk_cases(_bounds),
        *_seed_cases(_bounds),
    ],
    "lipschitz_lower_estimate": [
        *_wb_cases(_estimate),
        *_domain_cases(_estimate),
        *_count_cases(_estimate, "n_pairs"),
        Bad("local_scale=0", lambda: _estimate(local_scale=0.0), ValueError, r"local_scale must be in \(0, 1\)"),
        Bad("local_scale=1", lambda: _estimate(local_scale=1.0), ValueError, r"local_scale must be in \(0, 1\)"),
        Bad("local_scale<0", lambda: _estimate(local_scale=-1e-3), ValueError, r"local_scale must be in \(0, 1\)"),
        Bad("local_scale NaN", lambda: _estimate(local_scale=float("nan")), ValueError, r"local_scale must be in \(0, 1\)"),
        Bad("local_scale a string", lambda: _estimate(local_scale="small"), TypeError, r"local_scale must be in \(0, 1\)"),
        Bad("local_scale None", lambda: _estimate(local_scale=None), TypeError, r"local_scale must be in \(0, 1\)"),
        *_seed_cases(_estimate),
    ],
    "max_bias": [
        *_w_cases(_max_bias),
        Bad("W with a zero row", lambda: _max_bias(np.vstack([W, np.zeros((1, 3))])), ValueError, r"W has a zero row"),
        Bad("W with m < n", lambda: _max_bias(np.ones((2, 3))), ValueError, r"W has m=2 rows and n=3 columns"),
        Bad("W of rank < n", lambda: _max_bias(np.vstack([np.eye(3)[:2], -np.eye(3)[:2]])), ValueError, r"W has rank < n=3"),
        Bad("method misspelt", lambda: _max_bias(method="polytop"), ValueError, r"method must be 'sampling' or 'polytope'"),
        Bad("method None", lambda: _max_bias(method=None), ValueError, r"method must be 'sampling' or 'polytope'"),
        Bad("polytope with n=11", lambda: _max_bias(np.vstack([np.eye(11), -np.eye(11)]), method="polytope"),
            ValueError, r"method='polytope' .*2 <= n <= 10, got n=11"),
        Bad("polytope, W not omnidirectional", lambda: _max_bias(np.vstack([np.eye(3), np.ones((1, 3))]), method="polytope"),
            ValueError, r"W is not omnidirectional"),
        Bad("polytope with nonnegative", lambda: _max_bias(method="polytope", nonnegative=True), ValueError, r"nonnegative=True"),
        *_domain_cases(_max_bias),
        *_count_cases(_max_bias, "n_samples"),
        *_chunk_cases(_max_bias),
        *_seed_cases(_max_bias),
    ],
    "is_omnidirectional": [
        *_w_cases(fk.is_omnidirectional),
        Bad("W with a zero row", lambda: fk.is_omnidirectional(np.vstack([W, np.zeros((1, 3))])), ValueError, r"W has a zero row"),
        Bad("tol<0", lambda: fk.is_omnidirectional(W, tol=-1.0), ValueError, r"tol must be a non-negative finite number"),
        Bad("tol NaN", lambda: fk.is_omnidirectional(W, tol=float("nan")), ValueError, r"tol must be a non-negative finite number"),
        Bad("tol inf", lambda: fk.is_omnidirectional(W, tol=float("inf")), ValueError, r"tol must be a non-negative finite number"),
        Bad("tol a string", lambda: fk.is_omnidirectional(W, tol="1e-9"), TypeError, r"tol must be a non-negative finite number"),
        Bad("tol None", lambda: fk.is_omnidirectional(W, tol=None), TypeError, r"tol must be a non-negative finite number"),
    ],
    "covering_radius": [
        Bad("n_samples=0", lambda: fk.covering_radius(0, 3), ValueError, r"n_samples must be a positive int"),
        Bad("n_samples<0", lambda: fk.covering_radius(-10, 3), ValueError, r"n_samples must be a positive int"),
        Bad("n_samples float", lambda: fk.covering_radius(1000.0, 3), TypeError, r"n_samples must be a positive int"),
        Bad("n_samples None", lambda: fk.covering_radius(None, 3), TypeError, r"n_samples must be a positive int"),
        Bad("n_samples an array", lambda: fk.covering_radius(np.array([10, 20]), 3), TypeError, r"n_samples must be a positive int"),
        Bad("n=0", lambda: fk.covering_radius(1000, 0), ValueError, r"n must be a positive int"),
        Bad("n<0", lambda: fk.covering_radius(1000, -3), ValueError, r"n must be a positive int"),
        Bad("n float", lambda: fk.covering_radius(1000, 2.5), TypeError, r"n must be a positive int"),
        Bad("n True", lambda: fk.covering_radius(1000, True), TypeError, r"n must be a positive int"),
        Bad("n a string", lambda: fk.covering_radius(1000, "3"), TypeError, r"n must be a positive int"),
    ],
    "relu_reconstruct": [
        *_wb_cases(lambda W_, b_: _reconstruct(W_, b_)),
        Bad("z of wrong length", lambda: _reconstruct(z=Z[:, :3]), ValueError, r"z must have shape \(\.\.\., 4\)"),
        Bad("z 0-D", lambda: _reconstruct(z=np.asarray(1.0)), ValueError, r"z must have shape"),
        Bad("z with NaN", lambda: _reconstruct(z=np.where(Z > 0, np.nan, Z)), ValueError, r"z contains NaN or inf"),
        Bad("z with inf", lambda: _reconstruct(z=Z + np.inf), ValueError, r"z contains NaN or inf"),
        Bad("z negative (not a ReLU output)", lambda: _reconstruct(z=Z - 1.0), ValueError, r"z must be non-negative"),
        Bad("z complex", lambda: _reconstruct(z=Z + 0j), TypeError, r"z must be real"),
        Bad("z float16", lambda: _reconstruct(z=Z.astype(np.float16)), TypeError, r"z has dtype float16"),
        Bad("z a list", lambda: _reconstruct(z=Z.tolist()), TypeError, r"z must be an array"),
        Bad("z None", lambda: _reconstruct(z=None), TypeError, r"z must be an array"),
        Bad("z torch, W numpy", lambda: _reconstruct(z=torch.tensor(Z)), TypeError, r"different array libraries"),
        Bad("z all zero (active set does not span)", lambda: _reconstruct(b_=np.ones(4), z=np.zeros(4)), ValueError,
            r"z: the active set .* does not span"),
        Bad("method misspelt", lambda: _reconstruct(method="duel"), ValueError, r"method must be 'dual' or 'frame_algorithm'"),
        Bad("on_nonspanning misspelt", lambda: _reconstruct(on_nonspanning="flagg"), ValueError, r"on_nonspanning must be"),
        Bad("maxiter=0", lambda: _reconstruct(method="frame_algorithm", maxiter=0), ValueError, r"maxiter must be a positive int"),
        Bad("maxiter float", lambda: _reconstruct(method="frame_algorithm", maxiter=10.5), TypeError, r"maxiter must be a positive int"),
        Bad("tol<0", lambda: _reconstruct(method="frame_algorithm", tol=-1.0), ValueError, r"tol must be a positive finite number"),
        Bad("tol=0", lambda: _reconstruct(method="frame_algorithm", tol=0.0), ValueError, r"tol must be a positive finite number"),
        Bad("tol NaN", lambda: _reconstruct(method="frame_algorithm", tol=float("nan")), ValueError, r"tol must be a positive finite number"),
        Bad("tol a string", lambda: _reconstruct(method="frame_algorithm", tol="1e-9"), TypeError, r"tol must be a positive finite number"),
    ],
}


# --- clipping and modulus layers: level λ = 0.5, inputs X (every unsaturated set spans)
LEVEL = 0.5
ZC = fk.clipping_layer(W, LEVEL, X)
WM = np.random.default_rng(0).standard_normal((24, 3))
YM = np.abs(X @ WM.T)


def _level_cases(f: Callable[[Any], Any]) -> list[Bad]:
    pat = r"level must be a positive finite number"
    return [
        Bad("level=0", lambda: f(0.0), ValueError, pat),
        Bad("level<0", lambda: f(-1.0), ValueError, pat),
        Bad("level NaN", lambda: f(float("nan")), ValueError, pat),
        Bad("level inf", lambda: f(float("inf")), ValueError, pat),
        Bad("level a string", lambda: f("0.5"), TypeError, pat),
        Bad("level None", lambda: f(None), TypeError, pat),
        Bad("level an array", lambda: f(np.ones(4)), TypeError, pat),
    ]


def _clip_cases(f: Callable[[Any, Any, Any], Any]) -> list[Bad]:
    """W, level and x cases for clipping_layer, unsaturated_set, unsaturated_frame_bound."""
    return [
        *_w_cases(lambda W_: f(W_, LEVEL, X)),
        *_level_cases(lambda lv: f(W, lv, X)),
        *[c for c in _layer_cases(lambda W_, b_, x_: f(W_, LEVEL, x_)) if c.what.startswith("x ")],
    ]


def _clip_inj(W_: Any = W, level: Any = LEVEL, **kw: Any) -> Any:
    return fk.check_clipping_injectivity(W_, level, **({"n_samples": 200} | kw))


def _clip_bounds(W_: Any = W, level: Any = LEVEL, **kw: Any) -> Any:
    return fk.clipping_lipschitz_bounds(W_, level, **({"n_samples": 200} | kw))


def _clip_est(W_: Any = W, level: Any = LEVEL, **kw: Any) -> Any:
    return fk.clipping_lower_estimate(W_, level, **({"n_pairs": 200} | kw))


def _clip_rec(W_: Any = W, level: Any = LEVEL, z: Any = ZC, **kw: Any) -> Any:
    return fk.clipping_reconstruct(W_, level, z, **kw)


def _modulus_rec(W_: Any = WM, y: Any = YM, **kw: Any) -> Any:
    return fk.modulus_reconstruct(W_, y, **kw)


CASES |= {
    "clipping_layer": _clip_cases(fk.clipping_layer),
    "unsaturated_set": _clip_cases(fk.unsaturated_set),
    "unsaturated_frame_bound": _clip_cases(fk.unsaturated_frame_bound),
    "check_clipping_injectivity": [
        *_w_cases(_clip_inj),
        *_level_cases(lambda lv: _clip_inj(level=lv)),
        *_domain_cases(_clip_inj),
        *_count_cases(_clip_inj, "n_samples"),
        *_chunk_cases(_clip_inj),
        *_seed_cases(_clip_inj),
    ],
    "clipping_lipschitz_bounds": [
        *_w_cases(_clip_bounds),
        *_level_cases(lambda lv: _clip_bounds(level=lv)),
        *_domain_cases(_clip_bounds, domain=False),
        *_count_cases(_clip_bounds, "n_samples"),
        *_seed_cases(_clip_bounds),
    ],
    "clipping_lower_estimate": [
        *_w_cases(_clip_est),
        *_level_cases(lambda lv: _clip_est(level=lv)),
        *_domain_cases(_clip_est),
        *_count_cases(_clip_est, "n_pairs"),
        Bad("local_scale=1", lambda: _clip_est(local_scale=1.0), ValueError, r"local_scale must be in \(0, 1\)"),
        *_seed_cases(_clip_est),
    ],
    "clipping_reconstruct": [
        *_w_cases(lambda W_: _clip_rec(W_)),
        *_level_cases(lambda lv: _clip_rec(level=lv)),
        Bad("z of wrong length", lambda: _clip_rec(z=ZC[:, :3]), ValueError, r"z must have shape \(\.\.\., 4\)"),
        Bad("z with NaN", lambda: _clip_rec(z=np.where(ZC > 0, np.nan, ZC)), ValueError, r"z contains NaN or inf"),
        Bad("z beyond the level (not clipped)", lambda: _clip_rec(z=ZC + 1.0), ValueError, r"z must satisfy \|z_i\| <= level"),
        Bad("z complex", lambda: _clip_rec(z=ZC + 0j), TypeError, r"z must be real"),
        Bad("z None", lambda: _clip_rec(z=None), TypeError, r"z must be an array"),
        Bad("z torch, W numpy", lambda: _clip_rec(z=torch.tensor(ZC)), TypeError, r"different array libraries"),
        Bad("z all saturated (no span)", lambda: _clip_rec(z=np.full(4, LEVEL)), ValueError, r"unsaturated set .* does not span"),
        Bad("method misspelt", lambda: _clip_rec(method="dul"), ValueError, r"method must be 'dual' or 'consistent'"),
        Bad("on_nonspanning misspelt", lambda: _clip_rec(on_nonspanning="x"), ValueError, r"on_nonspanning must be"),
        Bad("maxiter=0", lambda: _clip_rec(maxiter=0), ValueError, r"maxiter must be a positive int"),
        Bad("tol=0", lambda: _clip_rec(tol=0.0), ValueError, r"tol must be a positive finite number"),
    ],
    "complement_property": [
        *_w_cases(fk.complement_property),
        Bad("method misspelt", lambda: fk.complement_property(W, method="exct"), ValueError, r"method must be 'auto', 'exact' or 'sampled'"),
        Bad("exact with m=30", lambda: fk.complement_property(np.ones((30, 2)), method="exact"), ValueError, r"method='exact' .* m <= 22, got m=30"),
        Bad("n_samples=0", lambda: fk.complement_property(W, method="sampled", n_samples=0), ValueError, r"n_samples must be a positive int"),
        Bad("chunk_size=0", lambda: fk.complement_property(W, chunk_size=0), ValueError, r"chunk_size must be a positive int"),
        Bad("seed=-1", lambda: fk.complement_property(W, method="sampled", seed=-1), ValueError, r"seed must be None or an int"),
    ],
    "modulus_reconstruct": [
        *_w_cases(lambda W_: _modulus_rec(W_)),
        Bad("y of wrong length", lambda: _modulus_rec(y=YM[:, :5]), ValueError, r"y must have shape \(\.\.\., 24\)"),
        Bad("y negative", lambda: _modulus_rec(y=-YM), ValueError, r"y must be non-negative"),
        Bad("y with NaN", lambda: _modulus_rec(y=YM * np.nan), ValueError, r"y contains NaN or inf"),
        Bad("y complex", lambda: _modulus_rec(y=YM + 0j), TypeError, r"y must be real"),
        Bad("y None", lambda: _modulus_rec(y=None), TypeError, r"y must be an array"),
        Bad("y torch, W numpy", lambda: _modulus_rec(y=torch.tensor(YM)), TypeError, r"different array libraries"),
        Bad("maxiter=0", lambda: _modulus_rec(maxiter=0), ValueError, r"maxiter must be a positive int"),
        Bad("n_restarts<0", lambda: _modulus_rec(n_restarts=-1), ValueError, r"n_restarts must be a non-negative int"),
        Bad("tol=0", lambda: _modulus_rec(tol=0.0), ValueError, r"tol must be a positive finite number"),
        Bad("seed a string", lambda: _modulus_rec(seed="0"), TypeError, r"seed must be None or an int"),
    ],
}

@pytest.mark.parametrize("case", params(CASES))
def test_bad_input(case):
    check(case)
