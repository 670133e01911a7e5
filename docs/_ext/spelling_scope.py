"""What the spelling check reads: all the prose, and none of the published errors.

sphinxcontrib-spelling only reads text whose parent is a block (a paragraph, a title…), so
the words inside emphasis, links and other inline markup, the corrected words among them,
would go unchecked. For its builder only, this extension widens that to inline markup, and
marks as not to be checked what is not our prose: the published text that the « Note
d’édition » quotes (the ``PUBLISHED_TEXT`` spans of ``corrections``), whose errors are quoted
on purpose and would, in the word list, be hidden anywhere else; words marked as English
(``english_words``), which a French dictionary cannot judge; and links that show their
own address (« poncier.org/blog/?p=1380 »), which PyEnchant's URL filter does not recognise.

It needs nothing from sphinxcontrib-spelling to load, so the site builds without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corrections import PUBLISHED_TEXT, reading
from docutils import nodes
from sphinx.errors import ExtensionError
from typography import ENGLISH, is_address

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

INLINE_PROSE = {
    "emphasis", "strong", "reference", "inline", "title_reference", "abbreviation",
    "reading",  # corrections.py: the corrected reading, where the reader reads it
}  # fmt: skip


def widen_scope(app: Sphinx) -> None:
    if app.builder.name != "spelling":
        return
    if not isinstance(getattr(app.builder, "TEXT_NODES", None), (set, frozenset)):
        # sphinxcontrib-spelling's list of the nodes it reads, which this widens.
        msg = "spelling_scope: sphinxcontrib-spelling's builder has no TEXT_NODES set any more"
        raise ExtensionError(msg)
    app.builder.TEXT_NODES = app.builder.TEXT_NODES | INLINE_PROSE  # type: ignore[attr-defined]


def is_not_prose(node: nodes.Node) -> bool:
    if isinstance(node, (nodes.inline, reading)):
        return bool({PUBLISHED_TEXT, ENGLISH} & set(node["classes"]))
    return is_address(node)


def skip_what_is_not_prose(app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    if app.builder.name != "spelling":
        return
    for element in doctree.findall(is_not_prose):
        for text in element.findall(nodes.Text):
            # The marker of sphinxcontrib-spelling's own role.
            text.spellingIgnore = True  # type: ignore[attr-defined]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", widen_scope)
    app.connect("doctree-resolved", skip_what_is_not_prose)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
