"""English words read in English: ``lang="en"`` on each English word or phrase of the page.

The page is French, and a screen reader says every word with French rules unless told
otherwise: « crowdsourcing » or « cloud computing » would come out as no French listener
expects them. The English words and phrases the page uses are listed once, in ``conf.py``
(``english_words``); wherever one occurs in running text (the review, headings, links,
glossary, notes), this transform wraps it in an inline element of class ``language-en``,
which docutils' HTML writer turns into ``lang="en"``. The text itself does not change.

Acronyms alone (KM, CRM, RH…) are left out: French readers spell them out in French. Code
blocks and literal text are left alone.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import is_smartquotable

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

ENGLISH = "language-en"


def _is_english(node: nodes.Node) -> bool:
    return any(ENGLISH in parent.get("classes", []) for parent in _ancestors(node))


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


class MarkEnglishWords(SphinxTransform):
    """Wrap each listed English word or phrase in ``inline(classes=["language-en"])``."""

    default_priority = 770  # after the French spacing (760), which reads whole blocks

    def apply(self, **_kwargs: object) -> None:
        words = sorted(self.config.english_words, key=len, reverse=True)  # longest first
        if not words:
            return
        pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b", re.IGNORECASE)
        for text in list(self.document.findall(nodes.Text)):
            if not is_smartquotable(text) or _is_english(text) or not pattern.search(text):
                continue  # code, literal and raw text stay as they are
            pieces: list[nodes.Node] = []
            start = 0
            for match in pattern.finditer(text):
                pieces.append(nodes.Text(text[start : match.start()]))
                pieces.append(nodes.inline(match[0], match[0], classes=[ENGLISH]))
                start = match.end()
            pieces.append(nodes.Text(text[start:]))
            text.parent.replace(text, [piece for piece in pieces if piece.astext()])


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("english_words", [], "env", types=frozenset({list}))
    app.add_transform(MarkEnglishWords)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
