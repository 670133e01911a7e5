"""The review's text as edited: its corrections, its two readings, its numbered paragraphs.

The review is reproduced as published except for a few evident errors. Each correction is
written in place, in the page's source, with the role::

    {corr}`corrected text <published text | reason>`

The reader sees the corrected text, underlined (see ``site.css``), as a link to its entry in
the list; its tooltip quotes the published text. The ``{corrections}`` directive renders that
list, numbered in reading order, each entry linking back to its place in the text. Both come
from the same role, so the list can never disagree with the text.

**Two readings.** Each correction's link holds both readings: the corrected one, and the
published one in a ``hidden`` span (``PUBLISHED_READING``), so that reader modes, the spelling
check, the search's index and a page without JavaScript have the corrected text. The
``{reading-switch}`` directive writes the button that shows the text as published: ``site.js``
swaps the spans' ``hidden`` and keeps the choice; ``page.html``'s first script sets
``data-lecon`` on ``<html>`` before the first paint, and ``site.css`` shows that reading from
then on, so that nothing moves. Without JavaScript, ``site.css`` hides the button.

**Numbered paragraphs.** The paragraphs of the sections of ``review_sections`` (the review's
own, in ``conf.py``), except the edition's lines (a paragraph with a class), are numbered in
reading order, as scholarly editions on the web do (OpenEdition, Érudit): each gets the id
``paragraphe-N`` and, first, a link to itself whose number ``site.css`` draws from
``data-numero``, so that it is neither copied nor read by reader modes as part of the text;
its accessible name is « Paragraphe N ».

No Sphinx extension records editorial emendations or numbers paragraphs, hence this one. It
works within a single document (transforms), so it is parallel-safe.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from typography import NBSP, quoted

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

PUBLISHED_TEXT = "texte-publie"  # class of the published text, quoted or read (site.css)
CORRECTED_READING, PUBLISHED_READING = "lecon-corrigee", "lecon-publiee"  # site.css, site.js
SYNTAX = re.compile(r"^(?P<new>.+?)\s*<(?P<old>[^|<>]+?)\s*\|\s*(?P<why>[^|<>]+?)\s*>$", re.DOTALL)


class correction(nodes.Inline, nodes.TextElement):
    """A corrected passage, until the transform turns it into a numbered link."""


class correction_list(nodes.General, nodes.Element):
    """Where the list of corrections goes, until the transform builds it."""


class reading(nodes.Inline, nodes.TextElement):
    """One reading of a corrected passage: a ``<span>``, ``hidden`` unless it is shown."""


def visit_reading(translator: HTML5Translator, node: reading) -> None:
    if node.get("hidden"):
        translator.body.append(translator.starttag(node, "span", "", hidden="hidden"))
    else:
        translator.body.append(translator.starttag(node, "span", ""))


def depart_reading(translator: HTML5Translator, _node: reading) -> None:
    translator.body.append("</span>")


class paragraph_number(nodes.Inline, nodes.Element):
    """A numbered paragraph's link to itself (its number drawn by ``site.css``)."""


def visit_paragraph_number(translator: HTML5Translator, node: paragraph_number) -> None:
    number = node["number"]
    translator.body.append(
        f'<a class="numero-paragraphe" href="#paragraphe-{number}" data-numero="{number}"'
        f' aria-label="Paragraphe {number}"></a>'
    )
    raise nodes.SkipNode


class reading_switch(nodes.General, nodes.Element):
    """The button that shows the review as published, and back (site.js drives it)."""


def visit_reading_switch(translator: HTML5Translator, _node: reading_switch) -> None:
    translator.body.append(
        '<p class="bascule-lecon avec-script"><button type="button" aria-pressed="false">'
        "Afficher le texte sans les corrections</button></p>"
    )
    raise nodes.SkipNode


def skip(_translator: HTML5Translator, _node: nodes.Node) -> None:
    """In an EPUB, which has no site.js nor the site's margins: no button, no numbers."""
    raise nodes.SkipNode


class ReadingSwitchDirective(SphinxDirective):
    """``{reading-switch}``: where the button goes."""

    def run(self) -> list[nodes.Node]:
        node = reading_switch()
        self.set_source_info(node)
        return [node]


class CorrectionRole(SphinxRole):
    """``{corr}`new <old | why>``: the corrected text, with what was published and why."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        match = SYNTAX.match(self.text)
        if not match:
            message = self.inliner.reporter.error(
                f"correction malformée\u00a0: {self.text!r}\u202f; "
                "la forme attendue est {corr}`texte corrigé <texte publié | motif>`",
                line=self.lineno,
            )
            return [self.inliner.problematic(self.rawtext, self.rawtext, message)], [message]
        node = correction(
            self.rawtext, match["new"], classes=["correction"], old=match["old"], why=match["why"]
        )
        self.set_source_info(node)
        return [node], []


class CorrectionsDirective(SphinxDirective):
    """Place the numbered list of the document's corrections."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = correction_list()
        self.set_source_info(node)
        return [node]


def _cell(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


def _labelled(cell: nodes.entry, header_html: str) -> nodes.entry:
    # On narrow screens the table reflows into one block per correction (site.css), where
    # each cell shows its column's name. Screen readers already announce it from the header
    # row, which stays in the table out of sight: the label is hidden from them.
    label = f'<span class="libelle" aria-hidden="true">{header_html}</span>'
    cell.insert(0, nodes.raw("", label, format="html"))
    return cell


def _quoted(text: str, kind: str) -> list[nodes.Node]:
    # An inline of its own: styled by site.css, and not read by the spelling checker, which
    # only reads text directly inside paragraphs (the published text holds the errors).
    return [
        nodes.Text(f"«{NBSP}"),
        nodes.inline(text, text, classes=[kind]),
        nodes.Text(f"{NBSP}»"),
    ]


class NumberCorrections(SphinxTransform):
    """Number the corrections in reading order, link each to its entry, and build the list."""

    default_priority = 700  # after references are set up, before Sphinx resolves them

    headers: ClassVar[tuple[str, ...]] = ("Texte publié", "Texte corrigé", "Motif")

    def apply(self, **_kwargs: object) -> None:
        found = list(self.document.findall(correction))
        lists = list(self.document.findall(correction_list))
        if found and not lists:
            self.document.reporter.error(
                "le document contient des corrections mais aucune directive {corrections}",
                base_node=found[0],
            )
        rows = []
        for number, node in enumerate(found, start=1):
            link = nodes.reference(
                node.rawsource,
                "",
                reading("", "", *node.children, classes=[CORRECTED_READING]),
                reading("", node["old"], classes=[PUBLISHED_READING, PUBLISHED_TEXT], hidden=True),
                ids=[f"correction-{number}-texte"],
                refid=f"correction-{number}",
                reftitle=f"Correction{NBSP}: le texte publié porte {quoted(node['old'])}",
                classes=["correction"],
            )
            link.source, link.line = node.source, node.line
            node.replace_self(link)
            back = nodes.reference(
                "",
                str(number),
                refid=f"correction-{number}-texte",
                reftitle=f"Voir la correction {number} dans le texte",
            )
            cells = [
                _cell(back),
                _cell(*_quoted(node["old"], PUBLISHED_TEXT)),
                _cell(*_quoted(node.astext(), "texte-corrige")),
                _cell(nodes.Text(node["why"])),
            ]
            row = nodes.row(
                "",
                *map(_labelled, cells, ["N<sup>o</sup>", *map(html.escape, self.headers)]),
                ids=[f"correction-{number}"],
            )
            rows.append(row)
        for placeholder in lists:
            placeholder.replace_self(self._table(rows) if rows else [])
        self._number_paragraphs()

    def _number_paragraphs(self) -> None:
        if self.env.docname != self.config.root_doc:
            return
        wanted = set(self.config.review_sections)
        sections = [s for s in self.document.findall(nodes.section) if wanted & set(s["ids"])]
        if missing := sorted(wanted - {i for s in sections for i in s["ids"]}):
            logger.warning(
                "review_sections (conf.py) : aucune section %s dans la page",
                ", ".join(missing),
                location=self.document,
            )
        number = 0
        seen: set[int] = set()
        for section in sections:
            for paragraph in section.findall(nodes.paragraph):
                if (
                    id(paragraph) in seen
                    or paragraph["classes"]
                    or not isinstance(paragraph.parent, nodes.section)
                ):
                    continue  # the edition's lines; paragraphs in lists, tables…
                seen.add(id(paragraph))
                number += 1
                anchor = f"paragraphe-{number}"
                if anchor in self.document.ids:  # an id the page already gives elsewhere
                    logger.warning("id %s déjà pris dans la page", anchor, location=paragraph)
                paragraph["ids"].insert(0, anchor)
                self.document.ids[anchor] = paragraph
                paragraph.insert(0, paragraph_number(number=number))

    def _table(self, rows: list[nodes.row]) -> nodes.table:
        group = nodes.tgroup(cols=1 + len(self.headers))
        group.extend(nodes.colspec(colwidth=width) for width in (1, 4, 4, 6))
        # « No », with a superscript o, not the degree sign; its meaning for screen readers.
        number = nodes.abbreviation(
            "", "", nodes.Text("N"), nodes.superscript("", "o"), explanation="numéro"
        )
        headers = [_cell(number), *(_cell(nodes.Text(h)) for h in self.headers)]
        group += nodes.thead("", nodes.row("", *headers))
        group += nodes.tbody("", *rows)
        title = nodes.title("", "Les corrections apportées au texte publié")
        return nodes.table("", title, group, classes=["corrections"], ids=["corrections"])


def setup(app: Sphinx) -> ExtensionMetadata:
    # The ids of the sections that hold the review's own paragraphs.
    app.add_config_value("review_sections", [], "env", types=frozenset({list}))
    app.add_role("corr", CorrectionRole())
    app.add_directive("corrections", CorrectionsDirective)
    app.add_directive("reading-switch", ReadingSwitchDirective)
    app.add_node(
        reading, html=(visit_reading, depart_reading), epub=(visit_reading, depart_reading)
    )
    # Sphinx takes a builder's own visitors instead of its format's (sphinx/registry.py:432):
    # once one node has epub's, every node must (typography's voice too).
    app.add_node(paragraph_number, html=(visit_paragraph_number, None), epub=(skip, None))
    app.add_node(reading_switch, html=(visit_reading_switch, None), epub=(skip, None))
    app.add_transform(NumberCorrections)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
