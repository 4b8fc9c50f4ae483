"""ReLU, clipping and modulus layers (Freeman & Haider's three nonlinear frame maps): active
and unsaturated sets, injectivity on the ball or sphere, maximal bias, reconstruction by dual
frames, lower Lipschitz bounds, the complement property and real phase retrieval.

Modules: :mod:`.layers`, :mod:`.maxbias`, :mod:`.lipschitz` (ReLU), :mod:`.clipping`
(λ-saturation), :mod:`.modulus` (real phase retrieval), :mod:`._sampling` (validation, domain
sampling and the active-set sampler shared by all of them).
"""

from .clipping import (
    check_clipping_injectivity,
    clipping_layer,
    clipping_lipschitz_bounds,
    clipping_lower_estimate,
    clipping_reconstruct,
    unsaturated_frame_bound,
    unsaturated_set,
)
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
from .modulus import ComplementReport, complement_property, modulus_reconstruct

__all__ = [
    "ComplementReport",
    "InjectivityReport",
    "LipschitzBounds",
    "active_frame_bound",
    "active_set",
    "check_clipping_injectivity",
    "check_injectivity",
    "clipping_layer",
    "clipping_lipschitz_bounds",
    "clipping_lower_estimate",
    "clipping_reconstruct",
    "complement_property",
    "count_test",
    "covering_radius",
    "is_omnidirectional",
    "lipschitz_bounds",
    "lipschitz_lower_estimate",
    "max_bias",
    "modulus_reconstruct",
    "relu_layer",
    "relu_reconstruct",
    "unsaturated_frame_bound",
    "unsaturated_set",
]
