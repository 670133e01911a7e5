"""The bibliographic facts of the review and of the book, written once, and all that is made
of them: the citations shown on the page, the files for reference managers, the ``<head>``
tags for Zotero and reader modes, and the schema.org data for search engines.

Facts come from the project's checked sources only: the review's publication date is not
known, so no date is written (« [S. d.] » in the French references); the blog has no sourced
title, so the review's site is named by its host.

- The ``{book-notice}`` directive writes the book's notice (a definition list).
- The ``{citation}`` directive writes one citation as a code block with a French caption,
  which the copy button copies: ``book-bibtex``, ``book-text`` (NF ISO 690), ``review-text``
  (the original post) and ``edition-text`` (this edition). The two references to the review
  end with « [consulté le jj mois aaaa] », which ``_static/site.js`` fills with the reader's day.
- ``{citation} review-files`` lists the downloadable files: RIS, biblatex (the book is also a
  related entry of type ``reviewof``) and CSL-JSON, written into the build folder when the
  build has finished. They describe this edition (its address, the site's name), name the
  original post and the reviewed book, and make the same Zotero item as the page: see
  « The files » below.
- The review page's ``<head>`` gets Highwire Press ``citation_*`` tags, Dublin Core and
  ``<meta name="author">``: what Zotero's "Embedded Metadata" translator and Mozilla's
  Readability read (neither reads JSON-LD). Not ``citation_isbn``: Zotero would save the page
  as the book; not ``DC.type``: RDF.js copies it into websiteType. The tags that give the
  page's address only with the site's address (absolute URLs only); none on the other pages.
- The same ``<head>`` gets schema.org's ``Review`` of a ``Book`` in JSON-LD, what search
  engines read.
- sphinxext-opengraph's ``ogp_image_alt`` is set from the same facts (the whole title).

No extension on PyPI exports a review as a review (biblatex ``reviewof``, CSL
``reviewed-author``) or writes JSON-LD for a Sphinx page, hence this one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.directives.code import container_wrapper
from sphinx.util.docutils import SphinxDirective
from typography import quoted

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

NBSP = "\u00a0"  # before « : », so that no colon begins a line
COLON = f"{NBSP}: "


@dataclass(frozen=True)
class Person:
    given: str
    family: str

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"

    @property
    def inverted(self) -> str:
        return f"{self.family}, {self.given}"

    @property
    def heading(self) -> str:
        """The main author as NF ISO 690 writes it: surname in capitals, then given name."""
        return f"{self.family.upper()}, {self.given}"


@dataclass(frozen=True)
class Book:
    author: Person
    contributor: Person
    title: str
    subtitle: str
    place: str
    publisher: str
    year: int
    pages: int
    series: str
    issn: str
    isbn13: str
    isbn10: str
    language: str
    chapters: tuple[str, ...]

    @property
    def full_title(self) -> str:
        return f"{self.title}{COLON}{self.subtitle}"


@dataclass(frozen=True)
class Review:
    author: Person
    title: str
    url: str  # the original post
    blog: str  # the author's blog, where it was published
    site: str  # the blog has no sourced title: its host names it
    language: str


BOOK = Book(
    author=Person("Gilles", "Balmisse"),
    contributor=Person("Ali", "Ouni"),
    title="Du Web 2.0 à l’entreprise",
    subtitle="usages, applications et outils",
    place="Paris",
    publisher=f"Hermès Science Publications{NBSP}– Lavoisier",  # no line begins with the dash
    year=2009,
    pages=238,
    series="Management et informatique",
    issn="1635-7361",
    isbn13="978-2-7462-1930-4",
    isbn10="2-7462-1930-1",
    language="fr",
    chapters=(  # as numbered in the book
        "Le Web 2.0",
        "Les usages des outils du Web 2.0 en entreprise",
        "Les domaines d’application du Web 2.0 en entreprise",
        "L’entreprise 2.0",
        "La veille 2.0",
        "La gestion de la relation client 2.0",
    ),
)
REVIEW = Review(
    author=Person("Anthony", "Poncier"),
    title="Du web 2.0 à l’entreprise",  # the post's title, as the author wrote it
    url="https://poncier.org/blog/?p=1380",
    blog="https://poncier.org/blog/",
    site="poncier.org",
    language="fr",
)
BOOK_KEY = "balmisse2009web"
REVIEW_KEY = "poncier-web20-entreprise"  # no year: the review's is not known
EDITION = "Édition annotée"  # what this site is: the review, corrected, with notes and glossary
NO_DATE = "[S.\u00a0d.]"  # after a full stop: a capital; never parted at a line's end
CONSULTED = "[consulté le jj mois aaaa]"  # site.js writes the reader's day in its place
FILE_STEM = "compte-rendu-poncier-balmisse"
FILES = {  # suffix: (media type, label)
    "ris": ("application/x-research-info-systems", "RIS (Zotero, EndNote, Mendeley…)"),
    "bib": ("application/x-bibtex", "biblatex (LaTeX, Zotero…)"),
    "json": ("application/vnd.citationstyles.csl+json", "CSL-JSON (Zotero, pandoc…)"),
}


# -- The book --------------------------------------------------------------------------------


def book_text() -> str:
    """The book's reference under NF ISO 690 (italics are lost in plain text)."""
    b = BOOK
    return (
        f"{b.author.heading}. {b.title}{COLON}{b.subtitle}. "
        f"Avec la participation d’{b.contributor.name}. "
        f"{b.place}{COLON}{b.publisher}, {b.year}. {b.pages}{NBSP}p. ({b.series}). "
        f"ISBN{NBSP}{b.isbn13}."
    )


def _bibtex(kind: str, key: str, fields: dict[str, str]) -> str:
    width = max(map(len, fields))
    lines = [f"  {name.ljust(width)} = {{{value}}}," for name, value in fields.items()]
    return "\n".join([f"@{kind}{{{key},", *lines, "}"])


def _protected(title: str) -> str:
    """A title for BibTeX, with the proper noun « Web » kept from case changes."""
    return title.replace("Web", "{Web}")


def book_bibtex() -> str:
    b = BOOK
    return _bibtex(
        "book",
        BOOK_KEY,
        {
            "author": b.author.inverted,
            "title": _protected(b.title),
            "subtitle": b.subtitle,
            "note": f"Avec la participation d’{b.contributor.name}",
            "publisher": b.publisher.replace(f"{NBSP}– ", " -- "),
            "location": b.place,
            "date": str(b.year),
            "pagetotal": str(b.pages),
            "series": b.series,
            "issn": b.issn,
            "isbn": b.isbn13,
            "langid": "french",
        },
    )


# -- The review ------------------------------------------------------------------------------


def _reviewed() -> str:
    """The reviewed book, as every reference and file names it, with its ISBN. No line
    begins with a field's name such as « ISBN: » (RIS.js's ProCiteCleaner would take a note
    so written for that field)."""
    b = BOOK
    return (
        f"Compte rendu de{COLON}{b.author.heading}. {b.title}{COLON}{b.subtitle}. "
        f"{b.place}{COLON}{b.publisher}, {b.year}. ISBN{NBSP}{b.isbn13}"
    )


def _first_publication() -> str:
    r = REVIEW
    return f"Première publication{COLON}{r.site}, {r.url}"


def review_text() -> str:
    """The original post's reference under NF ISO 690: a part (the post) of a host document
    on the web (the blog), then the work it reviews."""
    r = REVIEW
    return (
        f"{r.author.heading}. {r.title}. In{COLON}{r.site} [en ligne]. {NO_DATE} {CONSULTED}. "
        f"Disponible à l’adresse{COLON}{r.url}. {_reviewed()}."
    )


def edition_text(address: str, site: str) -> str:
    """This edition's reference, as a part of the edition's site (``site``, its name); its
    address only when the build knows it."""
    r = REVIEW
    where = f" Disponible à l’adresse{COLON}{address}." if address else ""
    return (
        f"{r.author.heading}. {r.title}. In{COLON}{site} [en ligne]. {EDITION}. {NO_DATE} "
        f"{CONSULTED}.{where} {_reviewed()}. {_first_publication()}."
    )


# -- The files: one item for reference managers ------------------------------------------------
# Zotero's translators (zotero/translators) make the same item of each file and of the page: a
# « webpage » (BibTeX.js, 2018-03-03, bibtex2zoteroTypeMap: @online; RIS.js, 2023-07-28,
# importTypeMap: ELEC; CSL JSON.js through Zotero's CSL type map: webpage; Embedded Metadata.js
# with RDF.js, detectType(): og:type "website"). No type reachable from BibTeX is a blog post,
# and neither « webpage » nor « blogPost » has a reviewedAuthor (Zotero's schema): the book
# travels as a note (RIS N1, BibTeX annote) and as Extra (CSL note), whose « reviewed-author: »
# and « reviewed-title: » lines Zotero hands to citeproc when citing. tests/test_citations.py
# states each door's item from these rules. These choices work around what the translators
# cannot carry: revisit them (and the tests' models) when Zotero's schema gives webpage or
# blogPost a reviewedAuthor, or BibTeX.js maps an entry type to blogPost.


def _reviewed_note() -> str:
    return f"{_reviewed()}."


def _edition_note() -> str:
    return f"{EDITION}. {_first_publication()}."


def review_ris(address: str, site: str) -> str:
    r = REVIEW
    lines = [
        ("TY", "ELEC"),  # a web page
        ("AU", r.author.inverted),
        ("TI", r.title),
        ("T2", site),  # Zotero's websiteTitle
        ("LA", r.language),
        ("UR", address),
        ("RI", book_text()),  # RIS's "Reviewed Item", for the tools that read it (not Zotero)
        ("N1", _reviewed_note()),
        ("N1", _edition_note()),
        ("ER", ""),
    ]
    # RIS: "TAG  - value", CRLF line ends (as the format's specification writes them).
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value or tag == "ER")


def review_bibtex(address: str, site: str) -> str:
    r = REVIEW
    fields = {
        "author": r.author.inverted,
        "title": r.title,
        "url": address,
        "organization": site,  # where biblatex's @online names its site
        "journaltitle": site,  # where Zotero's BibTeX.js finds it (websiteTitle); biblatex ignores it
        "langid": "french",
        "related": BOOK_KEY,
        "relatedtype": "reviewof",
        "titleaddon": EDITION,
        "addendum": f"{_first_publication()}.",
        # A note for Zotero (BibTeX.js: annote), not printed by biblatex (its annotation).
        "annote": f"{_reviewed_note()}\n\n{_edition_note()}",
    }
    fields = {name: value for name, value in fields.items() if value}
    return _bibtex("online", REVIEW_KEY, fields) + "\n\n" + book_bibtex() + "\n"


def review_csl(address: str, site: str) -> list[dict[str, Any]]:
    r, b = REVIEW, BOOK
    # The reviewed book in the note, as citeproc reads it there (citeproc-js, in Zotero, from
    # Extra; pandoc's citeproc): a top-level "reviewed-author" would make Balmisse a second
    # author in Zotero (utilities_item.js, itemFromCSLJSON), and "review-book" is no Zotero type.
    note = [
        f"reviewed-author: {b.author.family} || {b.author.given}",
        f"reviewed-title: {b.full_title}",
        _reviewed_note(),
        _edition_note(),
    ]
    item: dict[str, Any] = {
        "id": REVIEW_KEY,
        "type": "webpage",
        "author": [{"family": r.author.family, "given": r.author.given}],
        "title": r.title,
        "container-title": site,
        "URL": address,
        "language": r.language,
        "note": "\n".join(note),
    }
    return [{key: value for key, value in item.items() if value}]


def review_csl_json(address: str, site: str) -> str:
    return json.dumps(review_csl(address, site), ensure_ascii=False, indent=2) + "\n"


# -- schema.org and <head> -------------------------------------------------------------------


def review_schema_org(address: str = "") -> dict[str, Any]:
    """schema.org's Review of a Book: what Google's guidance for critic reviews asks for where
    the facts exist. No reviewRating: the review gives no rating, and none is invented."""
    r, b = REVIEW, BOOK
    data: dict[str, Any] = {
        "@type": "Review",
        "name": f"Compte rendu de {quoted(b.title)}",
        "headline": r.title,
        "inLanguage": r.language,
        "author": {"@type": "Person", "name": r.author.name, "url": r.blog},
        # This edition reproduces the post published on the author's blog.
        "isBasedOn": {"@type": "BlogPosting", "url": r.url, "headline": r.title},
        "itemReviewed": {
            "@type": "Book",
            "name": b.full_title,
            "author": {"@type": "Person", "name": b.author.name},
            "contributor": {"@type": "Person", "name": b.contributor.name},
            "publisher": {"@type": "Organization", "name": b.publisher},
            "datePublished": str(b.year),
            "numberOfPages": b.pages,
            "isbn": b.isbn13,
            "inLanguage": b.language,
            "isPartOf": {"@type": "BookSeries", "name": b.series, "issn": b.issn},
        },
    }
    if address:
        data["url"] = address
    return data


def head_tags(address: str) -> list[tuple[str, str]]:
    """(name, content) of the review page's tags for Zotero and reader modes; those that
    give the page's address only when it is known (absolute URLs only)."""
    r, b = REVIEW, BOOK
    tags = [
        ("author", r.author.name),
        ("citation_title", r.title),
        ("citation_author", r.author.inverted),
        ("citation_language", r.language),
        ("citation_public_url", address),
        ("DC.title", r.title),
        ("DC.creator", r.author.name),  # Readability's byline, as written
        ("DC.language", r.language),
        ("DC.identifier", address),
        ("DC.relation", f"urn:isbn:{b.isbn13.replace('-', '')}"),  # the book reviewed
    ]
    return [(name, content) for name, content in tags if content]


def image_alt() -> str:
    """The sharing image's text: the book's whole title as its title."""
    b = BOOK
    return (
        f"Compte rendu de lecture{COLON}{quoted(b.full_title)} "
        f"de {b.author.name} ({b.year}), par {REVIEW.author.name}"
    )


def page_address(config: Config) -> str:
    """The review page's absolute address, or "" when the build does not know the site's."""
    return f"{config.html_baseurl}{config.root_doc}.html" if config.html_baseurl else ""


def use_the_facts(_app: Sphinx, config: Config) -> None:
    config.ogp_image_alt = image_alt()  # sphinxext-opengraph's setting, from the facts
    # The page's text cites this edition at its address: a new address must have the page
    # read again, which html_baseurl (an "html" setting) alone would not.
    config.review_page_address = page_address(config)


def json_ld(address: str) -> str:
    """The review's schema.org data, as the script element that search engines read."""
    data = {"@context": "https://schema.org", **review_schema_org(address)}
    # "</" cannot end the script early: JSON allows "<\/" for "</".
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def add_head_tags(
    app: Sphinx, pagename: str, _template: str, context: dict[str, Any], _doctree: object
) -> None:
    if pagename != app.config.root_doc:
        return
    address = page_address(app.config)
    # DC.* need their namespace declared (Dublin Core's own convention for HTML).
    tags = ['<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">']
    tags += [
        f'<meta name="{name}" content="{escape(content)}">' for name, content in head_tags(address)
    ]
    tags.append(json_ld(address))
    context["metatags"] += "\n" + "\n".join(tags)


# -- The page --------------------------------------------------------------------------------


class CitationDirective(SphinxDirective):
    """``{citation} what``: one citation or the list of files, made from the facts above."""

    required_arguments = 1
    BLOCKS: ClassVar[dict[str, tuple[str, str]]] = {  # what: (language, caption)
        "book-bibtex": ("bibtex", "L’ouvrage (biblatex)"),
        "book-text": ("text", "L’ouvrage (NF ISO 690)"),
        "review-text": ("text", "Le billet original (NF ISO 690)"),
        "edition-text": ("text", "La présente édition (NF ISO 690)"),
    }

    def run(self) -> list[nodes.Node]:
        what = self.arguments[0]
        if what == "review-files":
            return [self.file_list()]
        if what not in self.BLOCKS:
            known = ", ".join([*self.BLOCKS, "review-files"])
            msg = f"citation inconnue {what!r}\u202f; les citations sont\u00a0: {known}"
            raise self.error(msg)
        language, caption = self.BLOCKS[what]
        makers: dict[str, Callable[[], str]] = {
            "book-bibtex": book_bibtex,
            "book-text": book_text,
            "review-text": review_text,
            "edition-text": lambda: edition_text(page_address(self.config), self.config.project),
        }
        text = makers[what]()
        block = nodes.literal_block(text, text, language=language)
        if CONSULTED in text:
            block["classes"].append("consultation")
        self.set_source_info(block)
        return [container_wrapper(self, block, caption)]

    def file_list(self) -> nodes.Node:
        items = "".join(
            f'<li><a href="{FILE_STEM}.{suffix}" type="{media}" download>{escape(label)}</a></li>'
            for suffix, (media, label) in FILES.items()
        )
        return nodes.raw("", f'<ul class="citation-files">{items}</ul>', format="html")


class BookNoticeDirective(SphinxDirective):
    """``{book-notice}``: the book's notice, field by field."""

    def run(self) -> list[nodes.Node]:
        b = BOOK
        chapters = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        chapters += [nodes.list_item("", nodes.paragraph(text=c)) for c in b.chapters]
        fields: list[tuple[str, str | nodes.Node]] = [
            (
                "Titre",
                nodes.paragraph("", "", nodes.emphasis(text=f"{b.title}{COLON}{b.subtitle}")),
            ),
            ("Auteur", b.author.name),
            ("Collaborateur", b.contributor.name),
            ("Publication", f"{b.place}{COLON}{b.publisher}, {b.year}"),
            ("Collection", f"{quoted(b.series)} (ISSN{NBSP}{b.issn})"),
            ("Pagination", f"{b.pages}{NBSP}pages"),
            ("ISBN", f"{b.isbn13} (ISBN-10{COLON}{b.isbn10})"),
            ("Chapitres", chapters),
        ]
        notice = nodes.definition_list(classes=["book-notice"])
        for term, value in fields:
            body = nodes.paragraph(text=value) if isinstance(value, str) else value
            notice += nodes.definition_list_item(
                "", nodes.term(text=term), nodes.definition("", body)
            )
        self.set_source_info(notice)
        return [notice]


def write_files(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html":
        return
    address = page_address(app.config)
    texts = {
        "ris": review_ris(address, app.config.project),
        "bib": review_bibtex(address, app.config.project),
        "json": review_csl_json(address, app.config.project),
    }
    for suffix, text in texts.items():
        # newline="": the RIS file keeps its CRLF line ends.
        Path(app.outdir, f"{FILE_STEM}.{suffix}").write_text(text, encoding="utf-8", newline="")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("review_page_address", "", "env", types=frozenset({str}))
    app.connect("config-inited", use_the_facts)
    app.add_directive("citation", CitationDirective)
    app.add_directive("book-notice", BookNoticeDirective)
    app.connect("html-page-context", add_head_tags)
    app.connect("build-finished", write_files)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
