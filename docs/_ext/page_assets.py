"""Each page loads only the scripts and styles that something on it uses.

Sphinx and its extensions give every page the same files. On this site that costs the review
page five requests it has no use for (the search's scripts and translations) and gives the
search and 404 pages the copy buttons' code without a single code block. Lighter pages load
faster on a phone; the review page keeps within its budget (see ``nox -s perf``).

- Sphinx's search scripts and translations go to no page: the site has a search of its own
  (``site_search``). Its files go to the search page only; the review page gets them from
  ``site.js`` only when the reader comes from a result (``?surligner=…``), to mark the words:
  the word matcher and its styles, named on ``site.js``'s tag (``data-marks``).
- The code blocks' styles go only to pages with a code block.
- The copy buttons' code (some 9 KB compressed) is left out of every page: ``_static/site.js``
  loads it when a code block comes near the screen. The citations are at the end of the
  review page, and few readers copy them: the first visit is a third lighter. The files to
  load are listed here only, and reach ``site.js`` through its ``<script>`` tag's
  ``data-styles`` and ``data-scripts`` attributes.

furo's script is deferred: it waits for the page to be parsed anyway (``DOMContentLoaded``), so
it need not stop the parser at the end of the body.

The site's own files are added here too, with ``app.add_css_file`` and ``app.add_js_file``
rather than ``html_css_files`` and ``html_js_files``: Sphinx annotates those settings in place
during the build, so an incremental build would find the configuration changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import ExtensionError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

SPHINX_SEARCH = {
    "_static/documentation_options.js",
    "_static/doctools.js",
    "_static/sphinx_highlight.js",
    "_static/translations.js",
}
# The site's search (see site_search): the matcher first, as search.js uses it.
SEARCH_STYLES = ("_static/search.css",)
SEARCH_SCRIPTS = ("_static/search-words.js", "_static/search.js")
MARKS = ("_static/search-words.js", "_static/search.css")  # what the review page may load
CODE_STYLES = {"_static/pygments.css"}
# Loaded by _static/site.js when a code block comes near, in this order.
COPY_BUTTON_STYLES = (
    "_static/copybutton.css",
    "_static/styles/furo-extensions.css",  # only its copy-button rules apply on this site
)
THEME_SCRIPT = "_static/scripts/furo.js"
COPY_BUTTON_SCRIPTS = (
    "_static/documentation_options.js",  # copybutton.js reads the page's language from it
    "_static/clipboard.min.js",
    "_static/copybutton.js",
)


def asset_path(asset: object) -> str:
    """A page's script or stylesheet, as its path in the output folder."""
    name = str(getattr(asset, "filename", asset))
    return name if name.startswith("_static/") else f"_static/{name}"


def keep_what_the_page_uses(
    _app: Sphinx, pagename: str, _template: str, context: dict, doctree: nodes.document | None
) -> None:
    unused = {*COPY_BUTTON_STYLES, *COPY_BUTTON_SCRIPTS, *SPHINX_SEARCH}
    if pagename != "search":
        unused |= {*SEARCH_STYLES, *SEARCH_SCRIPTS}
    if doctree is None or not any(doctree.findall(nodes.literal_block)):
        unused |= CODE_STYLES
    for key in ("script_files", "css_files"):
        context[key] = [asset for asset in context[key] if asset_path(asset) not in unused]
    context["script_files"] = [
        type(asset)(
            asset.filename, priority=asset.priority, **{**asset.attributes, "defer": "defer"}
        )
        if asset_path(asset) == THEME_SCRIPT
        else asset
        for asset in context["script_files"]
    ]


def check_the_names(app: Sphinx, exception: Exception | None) -> None:
    """Every file named here exists: a file that Sphinx or an extension renames would
    otherwise slip through the filter, or be asked for by site.js in vain."""
    if exception or app.builder.format != "html":
        return
    named = {THEME_SCRIPT, *SPHINX_SEARCH, *SEARCH_STYLES, *SEARCH_SCRIPTS, *MARKS, *CODE_STYLES,
             *COPY_BUTTON_STYLES, *COPY_BUTTON_SCRIPTS}  # fmt: skip
    if missing := sorted(name for name in named if not Path(app.outdir, name).is_file()):
        msg = f"page_assets names files that the build did not write: {', '.join(missing)}"
        raise ExtensionError(msg)


def _names(paths: tuple[str, ...]) -> str:
    return " ".join(path.removeprefix("_static/") for path in paths)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_css_file("site.css")
    app.add_js_file(
        "site.js", defer="defer",
        **{"data-styles": _names(COPY_BUTTON_STYLES), "data-scripts": _names(COPY_BUTTON_SCRIPTS),
           "data-marks": _names(MARKS)},
    )  # fmt: skip
    for path in SEARCH_STYLES:
        app.add_css_file(path.removeprefix("_static/"))
    for path in SEARCH_SCRIPTS:
        app.add_js_file(path.removeprefix("_static/"), defer="defer")
    app.connect("html-page-context", keep_what_the_page_uses)
    app.connect("build-finished", check_the_names)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
