"""Editorial lines in an ``<i>``: recognisable as editorial even without the site's styles.

The lines the edition adds among the review's text (class ``editorial``: the note under
the title, the line under each chapter) are set apart by ``site.css``. Reader modes (Firefox
Reader View and the like) drop classes and styles, and would show them as the review's own
paragraphs. HTML's ``<i>`` means text "offset from the normal prose", and reader modes keep
it: each editorial line's content is wrapped in one. (docutils writes an inline of class
``i`` as ``<i>``, but Sphinx turns that off, hence a node of our own; other builders than
HTML treat it as an inline.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator


class voice(nodes.inline):
    """Text in another voice than the review's: ``<i>`` in HTML."""


def visit_voice(translator: HTML5Translator, node: voice) -> None:
    translator.body.append(translator.starttag(node, "i", ""))


def depart_voice(translator: HTML5Translator, _node: voice) -> None:
    translator.body.append("</i>")


class EditorialVoice(SphinxTransform):
    """Wrap the content of each ``editorial`` paragraph in an ``<i>``."""

    default_priority = 780  # after the text transforms (French spacing, English words)

    def apply(self, **_kwargs: object) -> None:
        for paragraph in self.document.findall(nodes.paragraph):
            if "editorial" in paragraph["classes"]:
                paragraph[:] = [voice("", "", *paragraph.children)]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_node(voice, html=(visit_voice, depart_voice))
    app.add_transform(EditorialVoice)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
