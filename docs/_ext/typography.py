"""The page's typography: French spacing, no line break inside an identifier, English words
said in English, the edition's own lines in ``<i>``.

One transform, :class:`Typography`, runs four steps on each document, in the order of its
``apply``:

1. French spacing (:func:`space_french`). As the Imprimerie nationale's *Lexique* sets it,
   a narrow no-break space (U+202F) goes before ``; ! ?``, a no-break space (U+00A0) before
   ``:`` and inside « ». The smart quotes Sphinx runs make « … » with U+00A0
   (docutils/utils/smartquotes.py:436) but add nothing before the punctuation (this step could go if they did). The PyPI package
   ``french-typo`` is not safe here (it lower-cases « KM », emits the text ``&nbsp;`` and
   glues words around inline markup). Only spaces change: one typed before the
   punctuation or inside the guillemets is replaced, a missing one is added after a letter or
   a closing mark (when the punctuation ends the text, or is followed by a space or a closing
   mark). No line may end on an abbreviation or an initial (« [S. d.] », « D. Williams »,
   « 238 p. »), nor between an initial and the given name before it (« Anthony D. »), nor
   begin with a dash (« Hermès – Lavoisier »): the space there becomes
   U+00A0; a stray U+00A0 after any other full stop becomes an ordinary space. Code, literal text,
   math and raw HTML are never touched, nor are URLs and e-mail addresses, ``10:30``,
   ``16:9``, ``::``, ``2.0`` or emoticons such as ``:-)``. A whole text block (paragraph,
   title, table cell…) is read at once, so that ``[lien](#x) ;`` and ``*mot* ?`` get their
   space across text nodes. Code blocks are left alone, except those of ``PROSE_CODE``: they
   hold the book's citations, French prose that wraps on a phone and is copied into
   documents (a colon must not begin a line there either).
2. No line break inside an identifier (:func:`mark_identifiers`). An ISBN or ISSN split at a
   hyphen, or the review's address split at a slash, is misread and mis-copied. Only
   ``white-space`` forbids a break after a hyphen for a stretch of text, so each identifier
   is put in an element that ``site.css`` keeps on one line; the text stays as typed, so that
   it copies as typed (a non-breaking hyphen or a word joiner would be copied too). In
   running text: each ISBN-13, ISBN-10 and ISSN (hyphenated, its check digit holding, which
   rules out most other numbers: a range of years passes one time in eleven, and is none the
   worse for staying on one line), the labels « ISBN-10 » and « ISBN-13 », and each link
   that shows its own address get the class ``identifiant``. In the citations' code blocks,
   which Pygments writes, the filter :class:`KeepTogether`, given to the lexers of
   ``PROSE_CODE`` through Sphinx's documented ``highlight_options``, makes each identifier
   and address one token of type ``<type>.Insecable`` (HTML class ``…-Insecable``), so that
   copying the block still gives its text exactly. An identifier in a code block of another
   language fails the build, naming its file and line: it could break there.
3. English words in English (:func:`mark_english`). A screen reader says the French page's
   words with French rules: « crowdsourcing » or « cloud computing » would come out as no
   listener expects. Each word or phrase of the ``english_words`` setting (``conf.py``) found
   in running text is wrapped in an inline of class ``language-en``, which docutils' HTML
   writer turns into ``lang="en"``; the text does not change. Acronyms alone (KM, CRM…) are
   not listed: French readers spell them out in French.
4. The edition's voice (:func:`voice_editorial_lines`). The lines the edition adds among the
   review's text (class ``editorial``) are set apart by ``site.css``; reader modes drop
   classes and styles and would show them as the review's own paragraphs. HTML's ``<i>``
   means text "offset from the normal prose", and reader modes keep it: each editorial
   line's content is wrapped in one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from pygments.filter import Filter
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.nodes import is_smartquotable

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from pygments.lexer import Lexer
    from pygments.token import _TokenType
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

NBSP, NNBSP = "\u00a0", "\u202f"


def quoted(text: str) -> str:
    """``text`` in French guillemets, spaced as the page's text is (for generated strings)."""
    return f"«{NBSP}{text}{NBSP}»"


SPACES = " \t\n\u00a0\u202f"
PROSE_CODE = ("bibtex", "text")  # languages of the code blocks holding French: the citations
CLASS = "identifiant"  # kept on one line by site.css
ENGLISH = "language-en"  # lang="en" in docutils' HTML


class Typography(SphinxTransform):
    """The four steps of the module docstring, in their one order."""

    # After SphinxSmartQuotes (750), which puts U+00A0 inside « »; nothing else runs before
    # docutils' Decorations (820).
    default_priority = 760

    def apply(self, **_kwargs: object) -> None:
        # 1 first: it reads whole blocks and moves spaces only, so 2 and 3 wrap the text as
        # it will be shown. 2 and 3 cut different words out of the text: their order does not
        # change the page. 4 last: it wraps a paragraph's children whole, marks included.
        space_french(self.document)
        mark_identifiers(self.document)
        mark_english(self.document, self.config.english_words)
        voice_editorial_lines(self.document)


# -- 1. French spacing --------------------------------------------------------------------------

FROZEN = "\ufffc"  # stands, during the rules, for a character that must not be read or moved
_SP = f"[{SPACES}]"
_BEFORE = r"(?:[^\W\d_]|[»)\]”’])"  # a letter or a closing mark
_AFTER = r"[»\]]"  # a closing mark that may follow the punctuation (not ")": ";)" is a smiley)
_EMOTICON = r"-?[()DPp](?!\w)"
_ABBREVIATION = r"(?<![\w.])(?:[^\W\d_]|pp?|vol|chap|fig)\."  # « s. », « D. », « p. »
_MONTHS = "(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
_NUMERO = r"(?<![\w.])(?:n[°o]|§)"  # « n° », « nᵒ » (its o in <sup>), « § » before a figure
_RULES = [
    # A stray no-break space after a full stop (left over from the source's markup), but not
    # after an abbreviation or an initial: « [s. d.] », « D. Williams ».
    (re.compile(rf"(?<!\b[^\W\d_])\.{NBSP}"), ". "),
    # No line ends on an abbreviation or an initial, nor between a number and « p. »; an
    # initial also keeps to the given name before it (« WILLIAMS, Anthony D. »).
    (re.compile(rf"(?<!\w)([A-ZÀ-Ý][^\W\d_]+){_SP}+(?=[A-ZÀ-Ý]\.(?!\w))"), rf"\1{NBSP}"),
    (re.compile(rf"({_ABBREVIATION}){_SP}+(?=[\w\[])"), rf"\1{NBSP}"),
    (re.compile(rf"(?<=\d){_SP}+(?={_ABBREVIATION})"), NBSP),
    (re.compile(rf"({_NUMERO}){_SP}+(?=\d)"), rf"\1{NBSP}"),
    # A day keeps to its month: « 5 août 2014 ».
    (re.compile(rf"(?<![\w.])(\d{{1,2}}|1er){_SP}+(?={_MONTHS}\b)"), rf"\1{NBSP}"),
    # No line begins with a dash: « Hermès – Lavoisier ».
    (re.compile(rf"{_SP}+(?=[–—])"), NBSP),
    # ; ! ? (a group such as ?! counts as one): narrow no-break space, typed or missing.
    (re.compile(rf"(?<![;!?{SPACES}]){_SP}+(?=[;!?])(?!;{_EMOTICON})"), NNBSP),
    (re.compile(rf"(?<={_BEFORE})(?=[;!?]+(?:{_SP}|$|{_AFTER}))"), NNBSP),
    # : gets a no-break space; never inside ::, 10:30 or an emoticon.
    (re.compile(rf"(?<![:{SPACES}]){_SP}+(?=:(?!:)(?!{_EMOTICON}))"), NBSP),
    (re.compile(rf"(?<={_BEFORE})(?=:(?:{_SP}|$|{_AFTER}))"), NBSP),
    # Inside guillemets.
    (re.compile(rf"(?<=«){_SP}*"), NBSP),
    (re.compile(rf"(?<![«{SPACES}]){_SP}*(?=»)"), NBSP),
]
# Words that are addresses: anything with ://, www. or @.
_ADDRESS = re.compile(rf"[^{SPACES}]*(?:://|www\.|@)[^{SPACES}]*")


def space_french(document: nodes.document) -> None:
    for block in list(_blocks(document)):
        respace_block(block)
    for code in document.findall(nodes.literal_block):
        if code.get("language") in PROSE_CODE:
            # Both change: Sphinx highlights the rawsource, and leaves unhighlighted a block
            # whose text differs from it (a parsed literal: sphinx/writers/html5.py:606).
            code.rawsource = respace(code.astext())
            code[:] = [nodes.Text(code.rawsource)]


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
        assert node is not None  # _gap_edits skips frozen pieces
        assert node.parent is not None
        content = str(node)
        for start, end, replacement in sorted(changes, reverse=True):
            content = content[:start] + replacement + content[end:]
        # By identity: Text nodes are strings, and Element.index (docutils/nodes.py:812, a
        # list.index) would take an equal one for it.
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
        movable = node if isinstance(node, nodes.Text) and is_smartquotable(node) else None
        pieces.append((movable, len(text), len(text) + len(content)))
        text += content if movable is not None else FROZEN * len(content)
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


# -- 2. No line break inside an identifier ------------------------------------------------------

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


class KeepTogether(Filter):
    """Pygments filter: each identifier as one token of type ``<type>.Insecable``."""

    # Sphinx compares highlight_options with the last build's, by value and by text (str(),
    # here this repr: sphinx/environment/__init__.py:844): equal filters must compare equal,
    # or every build would read every page again.
    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __repr__(self) -> str:
        return f"{__name__}.{type(self).__qualname__}()"

    def filter(
        self, _lexer: Lexer | None, stream: Iterable[tuple[_TokenType, str]]
    ) -> Iterator[tuple[_TokenType, str]]:
        for ttype, value in stream:
            for whole, piece in _split(value, identifiers(value)):
                yield (ttype.Insecable if whole else ttype), piece


def keep_code_identifiers_whole(_app: Sphinx, config: Config) -> None:
    for language in PROSE_CODE:
        options = config.highlight_options.setdefault(language, {})
        options["filters"] = [*options.get("filters", []), KeepTogether()]


def mark_identifiers(document: nodes.document) -> None:
    """Wrap the identifiers of running text; check that code blocks' are kept whole too."""
    for link in document.findall(nodes.reference):
        if is_address(link):
            link["classes"].append(CLASS)
    for text in _prose_texts(document):
        if not isinstance(text.parent, nodes.reference):  # links: marked whole above, or not
            pieces = list(_split(text, identifiers(text)))
            if len(pieces) > 1:  # (a text that is one identifier whole stays as it is)
                _wrap(text, pieces, CLASS)
    for block in document.findall(nodes.literal_block):
        language = block.get("language", "")
        if language not in PROSE_CODE and any(identifiers(block.astext())):
            logger.warning(
                "identifiant dans un bloc de code en %r, langage où il pourrait être "
                "coupé en fin de ligne (voir PROSE_CODE dans typography.py)",
                language,
                location=block,
            )


# -- 3. English words in English ----------------------------------------------------------------


def mark_english(document: nodes.document, words: list[str]) -> None:
    """Wrap each of ``words`` found in running text in ``inline(classes=[ENGLISH])``."""
    if not words:
        return
    words = sorted(words, key=len, reverse=True)  # longest first
    # A space of the setting matches any space: step 1 may have made it a no-break one.
    phrases = [re.escape(word).replace(r"\ ", f"[{SPACES}]+") for word in words]
    pattern = re.compile(rf"\b(?:{'|'.join(phrases)})\b", re.IGNORECASE)
    for text in _prose_texts(document):
        if not _in_english(text):
            pieces = list(_split(text, pattern.finditer(text)))
            if any(whole for whole, _piece in pieces):
                _wrap(text, pieces, ENGLISH)


def _in_english(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if ENGLISH in parent.get("classes", []):
            return True
        parent = parent.parent
    return False


# -- 4. The edition's voice ---------------------------------------------------------------------


class voice(nodes.inline):
    """Text in another voice than the review's: ``<i>`` in HTML, an inline elsewhere.

    A node of our own because Sphinx turns off docutils' ``<i>`` for an inline of class
    ``i`` (sphinx/writers/html5.py:54, sphinx-doc/sphinx#9873); it could go if Sphinx let
    that class through again.
    """


def visit_voice(translator: HTML5Translator, node: voice) -> None:
    translator.body.append(translator.starttag(node, "i", ""))


def depart_voice(translator: HTML5Translator, _node: voice) -> None:
    translator.body.append("</i>")


def voice_editorial_lines(document: nodes.document) -> None:
    for paragraph in document.findall(nodes.paragraph):
        if "editorial" in paragraph["classes"]:
            paragraph[:] = [voice("", "", *paragraph.children)]


# -- Shared by 2 and 3 --------------------------------------------------------------------------


def _prose_texts(document: nodes.document) -> list[nodes.Text]:
    """The Text nodes of running text (not code, literal or raw), listed before any change."""
    return [text for text in document.findall(nodes.Text) if is_smartquotable(text)]


def _split(text: str, matches: Iterable[re.Match[str]]) -> Iterator[tuple[bool, str]]:
    """``text`` in non-empty pieces, each with whether it is one of ``matches``."""
    end = 0
    for match in matches:
        if match.start() > end:
            yield False, text[end : match.start()]
        yield True, match[0]
        end = match.end()
    if end < len(text):
        yield False, text[end:]


def _wrap(text: nodes.Text, pieces: list[tuple[bool, str]], cls: str) -> None:
    """Replace ``text`` by its pieces, the matched ones each in an inline of class ``cls``."""
    assert text.parent is not None  # _prose_texts found it in a document
    text.parent.replace(
        text,
        [
            nodes.inline(piece, piece, classes=[cls]) if whole else nodes.Text(piece)
            for whole, piece in pieces
        ],
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("english_words", [], "env", types=frozenset({list}))
    # epub too: corrections.py gives epub visitors of its own (sphinx/registry.py:432).
    app.add_node(voice, html=(visit_voice, depart_voice), epub=(visit_voice, depart_voice))
    app.add_transform(Typography)
    # After Sphinx makes highlight_options one dict per language (sphinx/config.py:902, 800).
    app.connect("config-inited", keep_code_identifiers_whole, priority=900)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
