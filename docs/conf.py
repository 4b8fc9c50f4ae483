"""Sphinx configuration: the MyST pages, one API page per topic (docs/reference/, explicit
autodoc directives on the public names ``framekit.NAME``) and a sphinx-gallery of examples
(docs/gallery/ -> docs/auto_examples/).

Build (warnings are errors): ``sphinx-build -W -b html docs docs/_build/html``.
"""

from __future__ import annotations

import os
import pathlib
import re

from numpydoc.xref import DEFAULT_LINKS
from sphinx_gallery.sorting import ExplicitOrder

import framekit

project = "framekit"
author = "the framekit developers"
copyright = "the framekit developers"
release = getattr(framekit, "__version__", "")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
# gallery/: sphinx-gallery's sources (it writes auto_examples/ from them); examples/: the
# standalone scripts (argparse), linked from the gallery's header, not part of it.
exclude_patterns = ["_build", "gallery", "examples", "generated", "**.ipynb_checkpoints"]
# Unresolvable cross-references in docstrings (``:func:`isac_layout``` to a non-public
# helper) stay plain text instead of warnings.
nitpicky = False

# -- MyST ---------------------------------------------------------------------------------
myst_heading_anchors = 2
# $...$ and $$...$$ for formulas in the Markdown pages (rendered by MathJax).
myst_enable_extensions = ["dollarmath", "amsmath"]

# -- autodoc / numpydoc ---------------------------------------------------------------------
autodoc_typehints = "none"  # the numpydoc Parameters sections say the types
autodoc_member_order = "bysource"
autodoc_default_options = {"exclude-members": "__init__, __new__"}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
# Types in Parameters/Returns become links only for framekit's own classes; every other
# word ("array", "shape", "optional", "bool") stays text. numpydoc's built-in aliases
# (DEFAULT_LINKS) point into the Python and NumPy docs through intersphinx, which a build
# without network cannot load ("bool" -> undefined label python:bltin-boolean-values, a
# warning per docstring); worse, they would print framekit's backend-neutral "array" as
# numpy.ndarray. So each of them is mapped to its own word.
numpydoc_xref_param_type = True
numpydoc_xref_ignore = "all"
numpydoc_xref_aliases = {key: key for key in DEFAULT_LINKS}
numpydoc_xref_aliases.update(
    (name, f"framekit.{name}")
    for name in framekit.__all__
    if isinstance(getattr(framekit, name), type)
)
numpydoc_xref_aliases["FilterResponseArtists"] = "framekit.display.FilterResponseArtists"

# -- sphinx-gallery ---------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "gallery",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",  # run every plot_*.py
    "subsection_order": ExplicitOrder(
        [f"gallery/{topic}" for topic in ("frames", "filterbanks", "tf", "stability", "relu")]
    ),
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("framekit",),
    "backreferences_dir": "generated/backreferences",
    "remove_config_comments": True,
    "show_memory": False,
    "min_reported_time": 1,
    "write_computation_times": False,  # no sg_execution_times.rst in the source tree
    "matplotlib_animations": False,
    "image_srcset": ["2x"],  # sharp figures on high-density screens
}
os.environ.setdefault("MPLBACKEND", "Agg")

# -- HTML -------------------------------------------------------------------------------------
try:
    import pydata_sphinx_theme  # noqa: F401

    html_theme = "pydata_sphinx_theme"
    html_theme_options = {
        "navbar_align": "left",
        "header_links_before_dropdown": 8,
        "show_toc_level": 2,
        # the gallery's examples get the full width for their code and figures (exact page
        # names: a second wildcard pattern would overlap "**", which the theme warns about)
        "secondary_sidebar_items": {
            "**": ["page-toc", "sourcelink"],
            **{
                f"auto_examples/{path.parent.name}/{path.stem}": []
                for path in pathlib.Path(__file__).parent.glob("gallery/*/plot_*.py")
            },
        },
        "navigation_with_keys": False,
    }
    # The top-level Markdown pages have no sub-pages: no empty "Section Navigation" column
    # (the API reference and the gallery keep theirs, listing their pages).
    html_sidebars = {
        path.stem: []
        for path in pathlib.Path(__file__).parent.glob("*.md")
        if path.stem != "api"
    }
except ImportError:  # the `docs` extra brings it; alabaster (Sphinx's default) otherwise
    html_theme = "alabaster"
html_title = "framekit"
html_static_path = ["_static"]
html_css_files = ["framekit.css"]
html_show_sourcelink = True

# -- every public name on exactly one API page ---------------------------------------------
_DIRECTIVE = re.compile(
    r"^\.\. (?:auto(?:function|class|exception|data)|module)::\s*(\S+)", re.MULTILINE
)


def _check_api_pages(app):
    """Warn (an error under -W) when a name of framekit.__all__ is on no API page or on two."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    counts: dict[str, int] = {}
    for page in sorted(pathlib.Path(app.srcdir, "reference").glob("*.rst")):
        for target in _DIRECTIVE.findall(page.read_text(encoding="utf-8")):
            parts = target.split(".")
            if parts[0] != "framekit" or len(parts) < 2:
                continue
            if parts[1] == "nn":  # the torch subpackage: its own namespace, not framekit.__all__
                continue
            if parts[1] == "display":  # the module itself and its members count as `display`
                if len(parts) == 2:
                    counts["display"] = counts.get("display", 0) + 1
                continue
            counts[parts[1]] = counts.get(parts[1], 0) + 1
    public = set(framekit.__all__)
    missing = sorted(public - set(counts))
    twice = sorted(name for name, n in counts.items() if n > 1)
    unknown = sorted(set(counts) - public)
    if missing:
        logger.warning("docs/reference/*.rst: public names on no API page: %s", missing)
    if twice:
        logger.warning("docs/reference/*.rst: public names on more than one API page: %s", twice)
    if unknown:
        logger.warning("docs/reference/*.rst: names not in framekit.__all__: %s", unknown)


def setup(app):
    app.connect("builder-inited", _check_api_pages)
