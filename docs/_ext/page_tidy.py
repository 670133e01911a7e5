"""Small corrections to the HTML that docutils writes, made in Sphinx's HTML translator.

- docutils adds a viewport ``<meta>`` that furo's template already has: keep one.
- The « Sommaire » at the top of the page is a ``<nav>``: name it after its title, so that a
  screen reader tells it apart from the theme's navigation landmarks.

- furo wraps each table in a ``div`` and copies the table's ids onto it, so a titled table's
  id appears twice (invalid HTML): the wrapper gives its ids back. (Sphinx requires an id on a
  titled table: without one it warns "Any IDs not assigned for table node".)

The first two are done where the markup is made (a subclass of Sphinx's translator,
registered with ``app.set_translator``), not by editing written files. If docutils stops
writing its viewport, the build fails naming this correction; the tests check the landmarks'
names and that every id is unique.

Sphinx also creates ``_sources/`` when ``html_copy_source`` is off: it is removed when empty.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'


class TidyTranslator(HTML5Translator):
    """Sphinx's HTML5 translator, with one viewport and a named contents list."""

    def __init__(self, document: nodes.document, builder) -> None:
        super().__init__(document, builder)
        if DOCUTILS_VIEWPORT not in self.meta:
            msg = f"page_tidy: docutils no longer writes {DOCUTILS_VIEWPORT.strip()!r}"
            raise ExtensionError(msg)
        self.meta.remove(DOCUTILS_VIEWPORT)  # furo's template has its own

    def visit_topic(self, node: nodes.topic) -> None:
        if "contents" not in node["classes"] or node.parent is self.document:
            super().visit_topic(node)
            return
        title = node.next_node(nodes.title)
        node.html5tagname = "nav"  # what docutils' depart_topic closes
        self.body.append(self.starttag(node, "nav", **{"aria-label": title.astext()}))


class UniqueTableIds(SphinxPostTransform):
    """Remove from furo's table wrappers the ids that their table keeps."""

    formats = ("html",)
    default_priority = 510  # after furo's WrapTableAndMathInAContainerTransform (500)

    def run(self, **_kwargs: object) -> None:
        for wrapper in self.document.findall(nodes.container):
            if "table-wrapper" in wrapper["classes"] and wrapper.children:
                kept = set(wrapper.children[0].get("ids", []))
                wrapper["ids"] = [i for i in wrapper["ids"] if i not in kept]


def drop_empty_sources(app: Sphinx, exception: Exception | None) -> None:
    sources = Path(app.outdir, "_sources")
    if not exception and sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()


def setup(app: Sphinx) -> ExtensionMetadata:
    app.set_translator("html", TidyTranslator)
    app.add_post_transform(UniqueTableIds)
    app.connect("build-finished", drop_empty_sources)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
