"""``framekit demo``: one module per part, each with ``demo(xp, device, out_dir) -> (text,
figures)``.  The presentation layer: it may import NumPy and matplotlib (for plots).
"""

from __future__ import annotations

