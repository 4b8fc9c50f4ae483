"""ReLU layers: active sets, injectivity on the ball or sphere, maximal bias, reconstruction
by dual frames, and lower Lipschitz bounds.

Modules: :mod:`.layers`, :mod:`.maxbias`.
"""

from .layers import (
    InjectivityReport,
    LipschitzBounds,
    active_frame_bound,
    active_set,
    check_injectivity,
    count_test,
    lipschitz_bounds,
    lipschitz_lower_estimate,
    relu_layer,
    relu_reconstruct,
)
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
