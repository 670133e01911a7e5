"""The site's search: results by section and glossary entry, the words marked where they lead.

Why not Sphinx's search (``searchtools.js``): it indexes *documents*, and the site is one page.
It answered « 2 pages trouvées » (the glossary entry counted as a page), linked every result
to the top of the page, took its excerpt from the first occurrence in the page's HTML (often
the contents list), did not fold accents there, and spoke of pages and categories. Its
documented hooks (``Scorer.score``, ``Search.setIndex``, ``html_search_options``) change a
result's score or the index's words, not what a result is: results by section would mean
rewriting its private functions (``_displayItem``, ``performTermsSearch``), which a Sphinx
upgrade would silently break. The search engines that index by section in the browser
(Pagefind and the like) either need ``wasm-unsafe-eval``, which the site's policy forbids, or
weigh more than this whole search. Hence a small search of its own, in three files:

- this extension writes into the search page, as a ``<script type="application/json">`` block
  (no request, no ``fetch``: it works from the build folder too; nothing executed), an index
  read from the page's resolved doctree: one passage per section (its own text, without its
  subsections or the contents list) and one per glossary entry (synonyms together), each with
  its id, heading and parent heading, and where the review's numbered paragraphs lie in it;
- ``_static/search.js`` (search page only) lists the passages that contain every word of the
  query, headings first, each with its heading, its place (« – Le commentaire, § 5 ») and an
  excerpt centred on the match, the words marked; each result links to
  ``index.html?surligner=…#section``;
- ``_static/search-words.js`` is the word matcher that both use; on the review page it marks
  the words of ``?surligner=`` until the reader dismisses them. ``site.js`` loads it, with
  ``search.css``, only on such a visit (see ``page_output``): a plain visit of the review page
  loads nothing of the search.

Words match when they are equal once case and accents are folded (« ideagoras » matches
« idéagoras »), when a word begins with a term of three letters or more (« décloison »), or
when they differ only by a final plural « s » or « x ». No stemmer: Sphinx's French Snowball
stemmer weighs some 50 KB in the browser, for little gain on a page of this size.

Sphinx still writes its ``searchindex.js`` (it cannot be turned off without losing the search
page); no page loads it.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from corrections import PUBLISHED_READING
from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ExtensionError
from typography import ENGLISH

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# A passage of the index: strings, the parent's heading or None, and the English words' spans.
Passage = dict[str, Any]

# Not read as passages: sub-sections (passages of their own), the glossary (one per entry), the
# corrections' table. Of the citations, the references in prose are read, not the code
# (biblatex, read as noise out of its layout).
SKIPPED = (
    nodes.section, addnodes.glossary, nodes.comment, nodes.raw, nodes.system_message,
    nodes.table,  # the corrections' table: cells run together read as prose
)  # fmt: skip
# Superscripts the index writes as the characters French typesets them with (« nº 3 »).
SUPERSCRIPTS = {"o": "º", "e": "ᵉ", "er": "ᵉʳ", "re": "ʳᵉ"}
PROSE = "text"  # the language of the citations' blocks that are prose (typography.PROSE_CODE)
# Not read: the text for readers without JavaScript, who cannot search (its twin for the
# others is read), and the published readings of the corrected passages (their errors).
UNREAD = {"sans-script", PUBLISHED_READING}
# A numbered paragraph of the review (corrections.py) is bracketed by these characters: the
# first, PARAGRAPH + its number; then given as ranges, so that a result names its paragraph.
PARAGRAPH, PARAGRAPH_END = 0xE100, "\ue0ff"
SPACES = re.compile(r"[ \t\r\n]+")  # not \s: the no-break spaces of French typography stay


# English words and phrases (``english_words``) and emphasis are bracketed by these pairs of
# characters while the text is gathered, then given as ranges, so that the results say them
# in English and show them in italics, as the page does.
EN_START, EN_END = "\ue000", "\ue001"
IT_START, IT_END = "\ue002", "\ue003"


def _text(node: nodes.Node) -> str:
    """The text the reader sees in ``node``, blocks separated by a space."""
    if isinstance(node, nodes.Text):
        return str(node)
    if (
        isinstance(node, SKIPPED)
        or (isinstance(node, nodes.topic) and "contents" in node["classes"])
        or isinstance(node, nodes.caption)  # a citation's, which would run into its text
        or (
            isinstance(node, nodes.literal_block)
            # The references to the review end with the day of consultation, which only
            # the page's script fills: in an excerpt, it would contradict the page.
            and (node.get("language") != PROSE or "consultation" in node["classes"])
        )
        or (isinstance(node, nodes.Element) and UNREAD & set(node["classes"]))
    ):
        return ""
    if isinstance(node, nodes.superscript):
        return SUPERSCRIPTS.get(node.astext(), node.astext())
    if isinstance(node, nodes.definition_list_item):  # a field of the notice: « Titre, … »
        term, definition = (_text(child) for child in node.children[:2])
        return f"{term}, {definition}"  # not « : », which the values hold already
    glue = "" if isinstance(node, nodes.TextElement) else " "
    if isinstance(node, (nodes.definition_list, nodes.enumerated_list, nodes.bullet_list)):
        glue = "\u202f; "  # the notice's fields, the chapters: not run together
    return _bracketed(node, glue.join(_text(child) for child in node.children))


def _bracketed(node: nodes.Node, text: str) -> str:
    """``text`` between the markers of what ``node`` is: English, italics, a paragraph."""
    if isinstance(node, nodes.inline) and ENGLISH in node["classes"]:
        text = f"{EN_START}{text}{EN_END}"
    elif isinstance(node, nodes.emphasis):
        text = f"{IT_START}{text}{IT_END}"
    elif isinstance(node, nodes.paragraph) and (number := _paragraph_number(node)):
        if number >= 0xFF:  # the markers' range (PARAGRAPH)
            msg = f"site_search: paragraph {number}: the index marks paragraphs 1 to 254 only"
            raise ExtensionError(msg)
        text = f"{chr(PARAGRAPH + number)}{text}{PARAGRAPH_END}"
    return text


def _paragraph_number(node: nodes.paragraph) -> int:
    ids = [i for i in node["ids"] if i.startswith("paragraphe-")]
    return int(ids[0].removeprefix("paragraphe-")) if ids else 0


def _clean(text: str) -> tuple[str, dict[str, list[list[int]]]]:
    """The text with its spaces tidied, and the [start, end] ranges of its English, of its
    italics and (as [start, end, number]) of its numbered paragraphs."""
    text = SPACES.sub(" ", text).strip()
    plain: list[str] = []
    ranges: dict[str, list[list[int]]] = {EN_START: [], IT_START: [], PARAGRAPH_END: []}
    ends = {EN_END: EN_START, IT_END: IT_START, PARAGRAPH_END: PARAGRAPH_END}
    for char in text:
        if PARAGRAPH < ord(char) < PARAGRAPH + 0xFF:
            ranges[PARAGRAPH_END].append([len(plain), len(plain), ord(char) - PARAGRAPH])
        elif char in ranges and char not in ends:
            ranges[char].append([len(plain), len(plain)])
        elif char in ends:
            ranges[ends[char]][-1][1] = len(plain)
        else:
            plain.append(char)
    return "".join(plain), {
        "english": ranges[EN_START],
        "italic": ranges[IT_START],
        "paragraphs": ranges[PARAGRAPH_END],
    }


def _passage(anchor: str, title: nodes.Node, parent: str | None, text: str) -> Passage:
    title_text, title_ranges = _clean(_text(title))
    body, ranges = _clean(text)
    return {
        "id": anchor, "title": title_text, "titleEnglish": title_ranges["english"],
        "titleItalic": title_ranges["italic"], "parent": parent, "text": body, **ranges,
    }  # fmt: skip


def _section_of(node: nodes.Node) -> nodes.section | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


def _title(section: nodes.section) -> str:
    return _clean(_text(section[0]))[0]


def passages(doctree: nodes.document) -> list[Passage]:
    """One passage per section and per glossary entry, in the page's order. A passage's
    parent is the heading of the section around it (none for the page's own sections)."""
    root = doctree.next_node(nodes.section)
    found = []
    for section in doctree.findall(nodes.section):
        parent = _section_of(section)
        found.append(_passage(
            section["ids"][0], section[0],
            None if parent is None or parent is root else _title(parent),
            " ".join(_text(child) for child in section.children[1:]),
        ))  # fmt: skip
        for glossary in section.findall(addnodes.glossary):
            if _section_of(glossary) is not section:
                continue  # a subsection's glossary comes with that subsection
            for entry in glossary.findall(nodes.definition_list_item):
                terms = [term for term in entry.children if isinstance(term, nodes.term)]
                title = nodes.inline()  # synonyms (« GRC, CRM ») share one entry
                for term in terms:
                    title += [nodes.Text(", ")] if len(title) else []
                    title += term.deepcopy()
                found.append(_passage(
                    terms[0]["ids"][0], title, _title(section),
                    _text(entry.next_node(nodes.definition) or nodes.definition()),
                ))  # fmt: skip
    return found


def add_index(
    app: Sphinx, pagename: str, _template: str, context: dict[str, Any], _doctree: object
) -> None:
    if pagename != "search":
        return
    root = app.config.root_doc
    index = {
        "page": app.builder.get_relative_uri("search", root),
        "passages": passages(
            app.env.get_and_resolve_doctree(root, app.builder, tags=app.builder.tags)
        ),
    }
    # Escaped so that no "</script>" or markup can end the block early.
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    context["search_index"] = data.replace("<", "\\u003c").replace(">", "\\u003e")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("html-page-context", add_index)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
