"""Editorial corrections: marked where they are made, listed in the « Note d’édition ».

The review is reproduced as published except for a few evident errors. Each correction is
written in place, in the page's source, with the role::

    {corr}`corrected text <published text | reason>`

The reader sees the corrected text, underlined (see ``site.css``), as a link to its entry in the list; its
tooltip quotes the published text. The ``{corrections}`` directive renders that list, numbered
in reading order, each entry linking back to its place in the text. Both come from the same
role, so the list can never disagree with the text.

No Sphinx extension records editorial emendations, hence this one. It works within a single
document (a transform numbers the corrections and fills the list), so it is parallel-safe.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective, SphinxRole
from typography import NBSP, quoted

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

PUBLISHED_TEXT = "texte-publie"  # class of the published text quoted in the note (site.css)
SYNTAX = re.compile(r"^(?P<new>.+?)\s*<(?P<old>[^|<>]+?)\s*\|\s*(?P<why>[^|<>]+?)\s*>$", re.DOTALL)


class correction(nodes.Inline, nodes.TextElement):
    """A corrected passage, until the transform turns it into a numbered link."""


class correction_list(nodes.General, nodes.Element):
    """Where the list of corrections goes, until the transform builds it."""


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
                node.astext(),
                ids=[f"correction-{number}-texte"],
                refid=f"correction-{number}",
                reftitle=f"Corrigé\u202f; le texte publié porte {quoted(node['old'])}",
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
    app.add_role("corr", CorrectionRole())
    app.add_directive("corrections", CorrectionsDirective)
    app.add_transform(NumberCorrections)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
