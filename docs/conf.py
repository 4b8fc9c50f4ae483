"""Sphinx configuration: Markdown pages (MyST) plus numpydoc docstrings of the public API."""

project = "framekit"
author = "the framekit developers"
extensions = ["myst_parser", "sphinx.ext.autodoc", "numpydoc"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build"]
numpydoc_show_class_members = False
myst_heading_anchors = 2
