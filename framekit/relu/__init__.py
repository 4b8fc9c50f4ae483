"""ReLU layers: active sets, injectivity on the ball or sphere, maximal bias, reconstruction
by dual frames, and lower Lipschitz bounds.

Modules: :mod:`.layers`, :mod:`.maxbias`, :mod:`.lipschitz`, :mod:`._sampling` (validation
and domain sampling shared by the three).
"""

from .layers import (
    InjectivityReport,
    active_frame_bound,
    active_set,
    check_injectivity,
    count_test,
    relu_layer,
    relu_reconstruct,
)
from .lipschitz import LipschitzBounds, lipschitz_bounds, lipschitz_lower_estimate
from .maxbias import covering_radius, is_omnidirectional, max_bias

__all__ = [
    "InjectivityReport",
    "LipschitzBounds",
    "active_frame_bound",
    "active_set",
    "check_injectivity",
    "count_test",
    "covering_radius",
    "is_omnidirectional",
    "lipschitz_bounds",
    "lipschitz_lower_estimate",
    "max_bias",
    "relu_layer",
    "relu_reconstruct",
]
