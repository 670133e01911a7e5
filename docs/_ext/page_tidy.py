"""Small corrections to what the theme and Sphinx publish.

- docutils' HTML writer adds a viewport ``<meta>`` that furo's template already has: keep one.
- furo wraps each table in a ``div`` and copies the table's ids onto it, so a titled table's
  id appears twice (invalid HTML): the wrapper gives its ids back.
- Sphinx creates ``_sources/`` even when ``html_copy_source`` is off: remove it when empty.

Each is too small for a library; all are furo/Sphinx behaviour, not content.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />'


def drop_duplicate_viewport(_app, _pagename, _template, context: dict, _doctree) -> None:
    context["metatags"] = context.get("metatags", "").replace(DOCUTILS_VIEWPORT, "")


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
    app.connect("html-page-context", drop_duplicate_viewport)
    app.add_post_transform(UniqueTableIds)
    app.connect("build-finished", drop_empty_sources)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
