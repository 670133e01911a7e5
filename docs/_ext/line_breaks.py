"""Where a line must not break: inside an identifier.

An ISBN or ISSN split at one of its hyphens, or the review's address split at a slash, is
misread and mis-copied. Browsers may break a line after any hyphen, and no CSS property
forbids that for a stretch of text but ``white-space``: each identifier is put in an element
that ``site.css`` keeps on one line. The text itself is left as typed, so that copying it
gives the plain characters (a non-breaking hyphen or a word joiner would be copied too).

- In running text, a transform wraps each ISBN-13, ISBN-10 and ISSN (hyphenated, and
  checked by its check digit, which rules out most other numbers: a range of years passes
  one time in eleven, and is none the worse for staying on one line) and the labels
  « ISBN-10 » and « ISBN-13 » in an inline of class ``identifiant``, and gives that class
  to a link that shows its own address (« poncier.org/blog/?p=1380 »).
- In code blocks (the citations, which wrap: see ``site.css``), Pygments writes the HTML: a
  Pygments filter, given to the lexers of ``PROSE_CODE`` through Sphinx's documented
  ``highlight_options``, gives the same identifiers a token type of their own,
  ``<type>.Insecable`` (HTML class ``…-Insecable``), so that copying the block still gives
  its text exactly. (Before « : ; ! ? », ``french_typography`` puts no-break spaces, in
  the citations too.)

A code block in another language that holds an identifier fails the build, naming its file
and line: its identifiers would break.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from french_typography import PROSE_CODE, is_address
from pygments.filter import Filter
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.nodes import is_smartquotable

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pygments.lexer import Lexer
    from pygments.token import _TokenType
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

CLASS = "identifiant"
_IDENTIFIER = re.compile(
    r"\b(?:"
    r"(?:97[89]-)?\d{1,5}-\d{1,7}-\d{1,7}-[\dX]"  # ISBN-13 or ISBN-10, hyphenated
    r"|\d{4}-\d{3}[\dX]"  # ISSN
    r"|(?P<label>ISBN-1[03])"
    r")(?![\w-])"
    r"|(?P<address>https?://\S+)"  # in the citations: one line, as in « Source »
)


def _check_digit_holds(identifier: str) -> bool:
    digits = [10 if char == "X" else int(char) for char in identifier if char not in "-"]
    if len(digits) == 13:  # ISBN-13: weights 1, 3, 1, 3…; the sum is a multiple of 10
        return sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
    # ISBN-10 (weights 10 to 1) and ISSN (weights 8 to 1): the sum is a multiple of 11
    return (
        len(digits) in {8, 10}
        and sum(d * (len(digits) - i) for i, d in enumerate(digits)) % 11 == 0
    )


def identifiers(text: str) -> Iterator[re.Match[str]]:
    """The identifiers in ``text``: ISBNs and ISSNs whose check digit holds, and ISBN labels."""
    for match in _IDENTIFIER.finditer(text):
        if match["label"] or match["address"] or _check_digit_holds(match[0]):
            yield match


def _split(text: str) -> Iterator[tuple[bool, str]]:
    """``text`` in pieces, each with whether it must stay on one line."""
    end = 0
    for match in identifiers(text):
        if match.start() > end:
            yield False, text[end : match.start()]
        yield True, match[0]
        end = match.end()
    if end < len(text):
        yield False, text[end:]


class KeepTogether(Filter):
    """Pygments filter: each identifier as one token of type ``<type>.Insecable``."""

    # Sphinx compares highlight_options with the last build's, by value and by text: equal
    # filters must compare equal, or every build would read every page again.
    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __repr__(self) -> str:
        return f"{__name__}.{type(self).__qualname__}()"

    def filter(
        self, _lexer: Lexer, stream: Iterator[tuple[_TokenType, str]]
    ) -> Iterator[tuple[_TokenType, str]]:
        for ttype, value in stream:
            for whole, piece in _split(value):
                yield (ttype.Insecable if whole else ttype), piece


class MarkIdentifiers(SphinxTransform):
    """Wrap the identifiers of running text; check that code blocks' are kept whole too."""

    default_priority = 770  # after french_typography (760), which may respace around them

    def apply(self, **_kwargs: object) -> None:
        for link in self.document.findall(is_address):
            link["classes"].append(CLASS)
        for text in list(self.document.findall(nodes.Text)):
            if not is_smartquotable(text) or isinstance(text.parent, nodes.reference):
                continue  # code, literal, raw; links are marked whole (above) or not at all
            pieces = list(_split(str(text)))
            if len(pieces) > 1:
                text.parent.replace(text, [_node(whole, piece) for whole, piece in pieces])
        for block in self.document.findall(nodes.literal_block):
            language = block.get("language", "")
            if language not in PROSE_CODE and any(identifiers(block.astext())):
                logger.warning(
                    "identifiant dans un bloc de code en %r, langage où il pourrait être "
                    "coupé en fin de ligne (voir PROSE_CODE dans french_typography.py)",
                    language,
                    location=block,
                )


def _node(whole: bool, piece: str) -> nodes.Node:
    return nodes.inline(piece, piece, classes=[CLASS]) if whole else nodes.Text(piece)


def keep_code_identifiers_whole(_app: Sphinx, config: Config) -> None:
    for language in PROSE_CODE:
        options = config.highlight_options.setdefault(language, {})
        options["filters"] = [*options.get("filters", []), KeepTogether()]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_transform(MarkIdentifiers)
    # After Sphinx turns an old-style highlight_options into one dict per language (800).
    app.connect("config-inited", keep_code_identifiers_whole, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
