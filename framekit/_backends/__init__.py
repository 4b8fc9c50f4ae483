"""Backend-specific helpers (NumPy fast paths, SciPy geometry for one-off steps).

Only these modules and ``framekit/_backend.py`` may import a backend library.
"""
