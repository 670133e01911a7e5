"""French typographic spacing for every page, applied after Sphinx's smart quotes.

French sets a space before ``; ! ?`` and inside « », a narrow no-break space (U+202F),
and a no-break space (U+00A0) before ``:``. Sphinx's smart quotes turn ``"…"`` into « … »
with U+00A0, but add nothing before the punctuation. The PyPI package ``french-typo`` is not
safe here (it lower-cases « KM », emits the text ``&nbsp;`` and glues words around inline
markup), hence this transform.

It only ever changes spaces: it replaces a space typed before the punctuation or inside the
guillemets, adds a missing one after a letter or a closing mark (when the punctuation ends
the text, or is followed by a space or a closing mark), and turns a stray U+00A0 after a full stop into an
ordinary space. Code, literal text, math and raw HTML are never touched, nor are URLs and
e-mail addresses, ``10:30``, ``16:9``, ``::``, ``2.0`` or emoticons such as ``:-)``.

Code blocks are left alone, except those in plain text or BibTeX: on this site they hold
the book's citations, French prose that wraps on a phone and is copied into documents (a
colon must not begin a line there either).

It works on a whole text block at a time (a paragraph, a title, a table cell…), so that
``[lien](#x) ;`` and ``*mot* ?`` get their space although the punctuation sits in another
text node than the word before it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import is_smartquotable

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

NBSP, NNBSP = "\u00a0", "\u202f"
PROSE_CODE = ("bibtex", "text")  # languages of the code blocks holding French: the citations
SPACES = " \t\n\u00a0\u202f"
FROZEN = "\ufffc"  # stands, during the rules, for a character that must not be read or moved

_SP = f"[{SPACES}]"
_BEFORE = r"(?:[^\W\d_]|[»)\]”’])"  # a letter or a closing mark
_AFTER = r"[»\]]"  # a closing mark that may follow the punctuation (not ")": ";)" is a smiley)
_EMOTICON = r"-?[()DPp](?!\w)"
_RULES = [
    # A stray no-break space after a full stop (left over from the source's markup).
    (re.compile(rf"\.{NBSP}"), ". "),
    # ; ! ? (a group such as ?! counts as one): narrow no-break space, typed or missing.
    (re.compile(rf"(?<![;!?{SPACES}]){_SP}+(?=[;!?])(?!;{_EMOTICON})"), NNBSP),
    (re.compile(rf"(?<={_BEFORE})(?=[;!?]+(?:{_SP}|$|{_AFTER}))"), NNBSP),
    # : gets a no-break space; never inside ::, 10:30 or an emoticon.
    (re.compile(rf"(?<![:{SPACES}]){_SP}+(?=:(?!:)(?!{_EMOTICON}))"), NBSP),
    (re.compile(rf"(?<={_BEFORE})(?=:(?:{_SP}|$|{_AFTER}))"), NBSP),
    # Inside guillemets.
    (re.compile(rf"(?<=«){_SP}*"), NNBSP),
    (re.compile(rf"(?<![«{SPACES}]){_SP}*(?=»)"), NNBSP),
]
# Words that are addresses: anything with ://, www. or @.
_ADDRESS = re.compile(rf"[^{SPACES}]*(?:://|www\.|@)[^{SPACES}]*")


def respace(text: str) -> str:
    """Return ``text`` with French spacing. Only spaces change: every other character comes
    out identical and in the same order. ``FROZEN`` characters mark text that must not be
    read (code, for instance): they are not letters, so no space is added after them."""
    masked = list(text)
    for match in _ADDRESS.finditer(text):
        masked[match.start() : match.end()] = FROZEN * len(match[0])
    result = "".join(masked)
    for pattern, space in _RULES:
        result = pattern.sub(space, result)
    # Put the addresses back in place of their masks.
    kept = iter(char for char in text if char not in SPACES)
    return "".join(char if char in SPACES else next(kept) for char in result)


Piece = tuple["nodes.Text | None", int, int]  # a Text node (None: frozen), its start, its end


def respace_block(block: nodes.Element) -> None:
    """Respace the text of one block element, across its inline markup."""
    pieces, text = _pieces(block)
    new = respace(text)
    if new == text:
        return
    edits: dict[int, list[tuple[int, int, str]]] = {}  # piece -> (start, end, replacement)
    for index, start, end, replacement in _gap_edits(text, new, pieces):
        edits.setdefault(index, []).append((start, end, replacement))
    for index, changes in edits.items():
        node = pieces[index][0]
        content = str(node)
        for start, end, replacement in sorted(changes, reverse=True):
            content = content[:start] + replacement + content[end:]
        # By identity: Text nodes are strings, and equal ones would be mistaken for each other.
        parent = node.parent
        parent[next(i for i, child in enumerate(parent.children) if child is node)] = nodes.Text(
            content
        )


def _pieces(block: nodes.Element) -> tuple[list[Piece], str]:
    """The block's text, frozen parts masked, and where each of its pieces lies in it."""
    pieces: list[Piece] = []
    text = ""
    for node in _inline_texts(block):
        content = node.astext()
        movable = isinstance(node, nodes.Text) and is_smartquotable(node)
        pieces.append((node if movable else None, len(text), len(text) + len(content)))
        text += content if movable else FROZEN * len(content)
    return pieces, text


def _gap_edits(text: str, new: str, pieces: list[Piece]) -> Iterator[tuple[int, int, int, str]]:
    """(piece, start, end, replacement) for each gap between kept characters that changed.

    The kept characters are the same in both texts; only the gaps between them differ.
    """
    old_keep = [i for i, char in enumerate(text) if char not in SPACES]
    new_keep = [i for i, char in enumerate(new) if char not in SPACES]
    old_gaps = zip([-1, *old_keep], [*old_keep, len(text)], strict=True)
    new_gaps = zip([-1, *new_keep], [*new_keep, len(new)], strict=True)
    for (before, after), (new_before, new_after) in zip(old_gaps, new_gaps, strict=True):
        gap, replacement = text[before + 1 : after], new[new_before + 1 : new_after]
        if gap == replacement:
            continue
        if gap:  # a typed space replaced: the first piece holding it takes the new one
            for index, (node, start, end) in enumerate(pieces):
                low, high = max(start, before + 1), min(end, after)
                if node is not None and low < high:
                    yield index, low - start, high - start, replacement
                    replacement = ""
        else:  # a space added: it goes with the punctuation after it, or the « before it
            with_next = after < len(text) and text[after] in ";:!?»"
            at = after if with_next else before + 1
            index = next(
                i
                for i, (_node, start, end) in enumerate(pieces)
                if start <= (after if with_next else before) < end
            )
            node, start, _end = pieces[index]
            if node is not None:
                yield index, at - start, at - start, replacement


def _inline_texts(block: nodes.Element) -> Iterator[nodes.Node]:
    """The text of a block in reading order: Text nodes, and whole frozen inline elements
    (literal, math, raw, addresses shown as links) as single pieces."""
    for child in block.children:
        if isinstance(child, (nodes.Text, nodes.literal, nodes.math, nodes.raw)) or is_address(
            child
        ):
            yield child
        elif isinstance(child, nodes.Element) and not isinstance(child, nodes.Structural):
            yield from _inline_texts(child)  # emphasis, links, and extensions' inline nodes


def is_address(node: nodes.Node) -> bool:
    """A link whose text is its own address, such as « poncier.org/blog/?p=1380 »."""
    uri = node.get("refuri", "") if isinstance(node, nodes.reference) else ""
    return bool(uri) and node.astext().rstrip("/") in uri


def _blocks(document: nodes.document) -> Iterator[nodes.TextElement]:
    """Elements that hold running text and are not inside another such element."""
    for node in document.findall(nodes.TextElement):
        if isinstance(node, (nodes.Inline, nodes.FixedTextElement)):
            continue  # inline elements are handled with their block; literal blocks never
        if isinstance(node.parent, nodes.TextElement):
            continue
        yield node


class FrenchSpacing(SphinxTransform):
    """Apply French spacing to every text block of the document."""

    default_priority = 760  # after SphinxSmartQuotes (750), which puts U+00A0 inside « »

    def apply(self, **_kwargs: object) -> None:
        for block in list(_blocks(self.document)):
            respace_block(block)
        for code in self.document.findall(nodes.literal_block):
            if code.get("language") in PROSE_CODE:
                # Sphinx highlights the rawsource (and takes a block whose text differs from
                # it for a parsed literal): both change.
                code.rawsource = respace(code.astext())
                code[:] = [nodes.Text(code.rawsource)]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_transform(FrenchSpacing)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
