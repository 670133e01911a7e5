"""Citing the review and the book: the references on the page, the files for reference
managers and the review page's <head>, each checked by a real client where one exists
(pandoc's citeproc, a BibTeX parser, a RIS parser, Chromium; Readability in test_edition), and
against the rules of Zotero's "Embedded Metadata" translator."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import datetime

import bibliography
import bibtexparser
import pytest
import rispy
from helpers import DATA, SITE_URL, parse
from playwright.sync_api import Page, expect

NBSP, NNBSP = "\u00a0", "\u202f"
PAGE = f"{SITE_URL}index.html"
STEM = "compte-rendu-poncier-balmisse"


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace(NNBSP, " ")


@pytest.fixture(scope="module")
def head(published):
    return parse(published / "index.html").head


def metas(head) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in head.find_all("meta"):
        if name := tag.get("name") or tag.get("property"):
            found.setdefault(name, []).append(tag.get("content", ""))
    return found


# -- On the page -----------------------------------------------------------------------------


def test_book_cited_after_nf_iso_690(article):
    # Secondary responsibility after the title; only the main author's surname in capitals.
    expected = (
        "BALMISSE, Gilles. Du Web 2.0 à l’entreprise : usages, applications et outils. "
        "Avec la participation d’Ali Ouni. Paris : Hermès Science Publications – Lavoisier, "
        "2009. 238 p. (Management et informatique). ISBN 978-2-7462-1930-4."
    )
    # The readable reference first, then the one for biblatex.
    blocks = [pre.get_text().strip() for pre in article.select("#citer-louvrage pre")]
    assert plain(blocks[0]) == expected
    assert blocks[1].startswith("@book{")
    # No colon may begin a line: a no-break space before each.
    assert " :" not in blocks[0]
    assert blocks[0].count(f"{NBSP}:") == 2


def test_book_bibtex_is_for_biblatex():
    entry = bibtexparser.parse_string(bibliography.book_bibtex()).entries[0]
    assert entry["langid"] == "french"
    assert entry["title"] == "Du {Web} 2.0 à l’entreprise"
    assert entry["subtitle"] == "usages, applications et outils"


def test_review_cited_in_french_with_the_book(site, article):
    section = article.find(id="citer-ce-compte-rendu")
    original, edition = (plain(pre.get_text().strip()) for pre in section.select("pre"))
    # NF ISO 690: the post is a part of its host, the blog; the book it reviews comes last,
    # where it cannot be read as the blog's publisher.
    assert original == (
        "PONCIER, Anthony. Du web 2.0 à l’entreprise. In : poncier.org [en ligne]. [s. d.] "
        "[consulté le jj mois aaaa]. Disponible à l’adresse : https://poncier.org/blog/?p=1380. "
        "Compte rendu de : BALMISSE, Gilles. Du Web 2.0 à l’entreprise : usages, applications "
        "et outils. Paris : Hermès Science Publications – Lavoisier, 2009."
    )
    # Built without an address, the edition cannot give its own.
    assert edition == (
        "PONCIER, Anthony. Du web 2.0 à l’entreprise. In : Compte rendu d’Anthony Poncier [en "
        "ligne]. Édition annotée. [s. d.] [consulté le jj mois aaaa]. Compte rendu de : "
        "BALMISSE, Gilles. Du Web 2.0 à "
        "l’entreprise : usages, applications et outils. Paris : Hermès Science Publications – "
        "Lavoisier, 2009. Première publication : poncier.org, https://poncier.org/blog/?p=1380."
    )
    # The files, with French labels and their media types, downloaded rather than shown.
    links = section.select("ul.citation-files a")
    assert [(a["href"], a["type"]) for a in links] == [
        (f"{STEM}.ris", "application/x-research-info-systems"),
        (f"{STEM}.bib", "application/x-bibtex"),
        (f"{STEM}.json", "application/vnd.citationstyles.csl+json"),
    ]
    assert all(a.has_attr("download") for a in links)
    assert [a.get_text() for a in links][1] == "biblatex (LaTeX, Zotero…)"
    for a in links:
        assert (site / a["href"]).read_text(encoding="utf-8")


def test_edition_cited_at_its_address(published):
    edition = parse(published / "index.html").select("#citer-ce-compte-rendu pre")[1]
    assert f"[consulté le jj mois aaaa]. Disponible à l’adresse{NBSP}: {PAGE}. Compte rendu" in (
        edition.get_text()
    )


@pytest.mark.parametrize(
    ("now", "day"),
    [("2026-03-01T10:00:00", "1er mars 2026"), ("2026-11-30T23:00:00", "30 novembre 2026")],
)
def test_consultation_date_is_the_readers_day_and_is_copied(watched: Page, server, now, day):
    watched.clock.set_fixed_time(datetime.fromisoformat(now))
    watched.context.grant_permissions(["clipboard-read", "clipboard-write"])
    watched.goto(f"{server}/index.html")
    blocks = watched.locator("#citer-ce-compte-rendu .consultation")
    expect(blocks).to_have_count(2)
    # The page says so, and no longer asks the reader to write it (reader modes too: hidden).
    expect(watched.get_by_text("La date de consultation est celle du jour.")).to_be_visible()
    expect(watched.locator(".sans-script")).to_have_attribute("hidden", "")
    for block in blocks.all():
        shown = block.locator("pre").inner_text()
        assert f"[consulté le {day.replace(' ', NBSP, 1)}]" in shown
        block.hover()
        block.get_by_role("button", name="Copier dans le presse-papier").click()
        assert watched.evaluate("navigator.clipboard.readText()") == shown.rstrip("\n")
    assert watched.errors == []


# -- The files -------------------------------------------------------------------------------


def test_ris_file_parses_with_every_field(published):
    text = (published / f"{STEM}.ris").read_bytes().decode()  # as written: CRLF
    assert text.endswith("ER  - \r\n")
    (entry,) = rispy.loads(text)
    assert entry == {
        "type_of_reference": "BLOG",
        "authors": ["Poncier, Anthony"],
        "title": "Du web 2.0 à l’entreprise",
        "secondary_title": "poncier.org",
        "language": "fr",
        "urls": ["https://poncier.org/blog/?p=1380"],
        "reviewed_item": bibliography.book_text(),
        "notes": [f"Édition annotée{NBSP}: {PAGE}"],
    }


def test_bibtex_file_parses_with_the_book_as_related_entry(published):
    library = bibtexparser.parse_string((published / f"{STEM}.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    review, book = library.entries
    assert review.entry_type == "online"
    assert review.fields_dict.keys() == {
        "author", "title", "url", "organization", "langid", "related", "relatedtype", "addendum",
    }  # fmt: skip
    assert review["author"] == "Poncier, Anthony"
    assert review["title"] == "Du web 2.0 à l’entreprise"
    assert review["url"] == "https://poncier.org/blog/?p=1380"
    assert review["langid"] == "french"
    assert review["relatedtype"] == "reviewof"
    assert review["related"] == book.key
    assert PAGE in review["addendum"]
    assert book.entry_type == "book"
    assert {name: book[name] for name in book.fields_dict} == {
        "author": "Balmisse, Gilles",
        "title": "Du {Web} 2.0 à l’entreprise",
        "subtitle": "usages, applications et outils",
        "note": "Avec la participation d’Ali Ouni",
        "publisher": "Hermès Science Publications -- Lavoisier",
        "location": "Paris",
        "date": "2009",
        "pagetotal": "238",
        "series": "Management et informatique",
        "issn": "1635-7361",
        "isbn": "978-2-7462-1930-4",
        "langid": "french",
    }


def test_csl_json_is_a_review_of_the_book(published):
    (item,) = json.loads((published / f"{STEM}.json").read_text(encoding="utf-8"))
    assert item["type"] == "review-book"
    assert item["language"] == "fr"
    assert item["author"] == [{"family": "Poncier", "given": "Anthony"}]
    assert item["reviewed-author"] == [{"family": "Balmisse", "given": "Gilles"}]
    assert (
        item["reviewed-title"] == f"Du Web 2.0 à l’entreprise{NBSP}: usages, applications et outils"
    )
    assert "issued" not in item  # the date is not known


def pandoc() -> str:
    found = shutil.which("pandoc")
    assert found, "pandoc is needed to render the CSL-JSON: apt-get install pandoc"
    return found


def test_pandoc_renders_the_review_in_french(published, tmp_path):
    document = tmp_path / "references.md"
    document.write_text("---\nnocite: '@*'\nlang: fr-FR\n---\n", encoding="utf-8")
    rendered = subprocess.run(
        [pandoc(), str(document), "--citeproc", "--wrap=none", "-t", "plain",
         "--csl", str(DATA / "compte-rendu-fr.csl"),
         "--bibliography", str(published / f"{STEM}.json")],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    print(rendered)  # the closing note quotes it
    assert rendered == (
        "PONCIER, Anthony. Du web 2.0 à l’entreprise [en ligne]. Compte rendu de : BALMISSE, "
        f"Gilles. Du Web 2.0 à l’entreprise{NBSP}: usages, applications et outils. poncier.org, "
        "[s. d.]. Disponible à l’adresse : https://poncier.org/blog/?p=1380."
    )
    assert "Review" not in rendered


# -- The <head> ------------------------------------------------------------------------------


def test_head_describes_the_review_for_reference_managers(head):
    tags = metas(head)
    assert tags["author"] == ["Anthony Poncier"]
    assert tags["citation_title"] == ["Du web 2.0 à l’entreprise"]
    assert tags["citation_author"] == ["Poncier, Anthony"]
    assert tags["citation_language"] == ["fr"]
    assert tags["citation_public_url"] == [PAGE]
    assert tags["DC.creator"] == ["Anthony Poncier"]
    assert tags["DC.title"] == ["Du web 2.0 à l’entreprise"]
    assert tags["DC.language"] == ["fr"]
    assert tags["DC.relation"] == ["urn:isbn:9782746219304"]  # the book reviewed
    assert tags["DC.identifier"] == [PAGE]
    assert head.find("link", rel="schema.DC")["href"] == "http://purl.org/dc/elements/1.1/"
    assert tags["og:type"] == ["article"]


def test_head_tags_only_on_the_review_and_addresses_only_when_known(site, published):
    local = metas(parse(site / "index.html").head)
    assert local["author"] == ["Anthony Poncier"]  # reader modes need no address
    assert local["citation_title"] == ["Du web 2.0 à l’entreprise"]
    assert "citation_public_url" not in local  # never a relative address
    assert "DC.identifier" not in local
    for page in ["404.html", "search.html"]:
        names = metas(parse(published / page).head)
        assert not any(n.startswith(("citation_", "DC.")) or n == "author" for n in names), page


def test_zotero_saves_a_web_page_by_anthony_poncier(head):
    """The decisions of Zotero's "Embedded Metadata.js" (zotero/translators), stated here.

    Item type, in init() and RDF.js's detectType(): a Highwire tag among citation_journal_title,
    _technical_report_institution, _conference_title, _conference, _book_title, _inbook_title
    and _dissertation_institution fixes the type; citation_isbn guesses "book"; citation_title
    guesses "journalArticle". With DC. or og: tags, the RDF import decides first, in this order:
    z:, bib:, prism:, eprints:, then og:type ("book" gives a book, "article" only a guess),
    then DC.type when it is a Zotero item type; only then the Highwire guess.

    Authors, in addHighwireMetadata(): every citation_author, "Last, First" split at the
    comma; <meta name="author"> and og authors only when there is none.
    """
    tags = metas(head)
    decisive = {
        "citation_journal_title", "citation_technical_report_institution",
        "citation_conference_title", "citation_conference", "citation_book_title",
        "citation_inbook_title", "citation_dissertation_institution",
    }  # fmt: skip
    assert not decisive & tags.keys()
    assert "citation_isbn" not in tags  # Zotero would save the page as the book
    assert not any(n.split(":")[0] in {"z", "bib", "bibo", "prism", "eprints"} for n in tags)
    assert tags["og:type"] != ["book"]
    assert tags["DC.type"] == ["webpage"]  # a Zotero item type: the page is saved as a web page
    (author,) = tags["citation_author"]
    last, first = author.split(", ")
    assert (first, last) == ("Anthony", "Poncier")
    assert tags["citation_title"] == tags["DC.title"]
    assert tags["citation_public_url"] == [PAGE]


# -- schema.org ------------------------------------------------------------------------------


def test_structured_data_is_a_review_without_rating(head):
    data = json.loads(head.find("script", type="application/ld+json").string)
    assert data["@type"] == "Review"
    assert data["headline"] == "Du web 2.0 à l’entreprise"
    assert data["author"] == {
        "@type": "Person", "name": "Anthony Poncier", "url": "https://poncier.org/blog/",
    }  # fmt: skip
    assert data["isBasedOn"]["url"] == "https://poncier.org/blog/?p=1380"
    assert data["itemReviewed"]["isPartOf"] == {
        "@type": "BookSeries", "name": "Management et informatique", "issn": "1635-7361",
    }  # fmt: skip
    # The review gives no rating; none is invented. No publication date either.
    assert "reviewRating" not in data
    assert "datePublished" not in data


def test_sharing_image_alt_gives_the_whole_title(head):
    alt = metas(head)["og:image:alt"][0]
    assert alt == (
        f"Compte rendu de lecture{NBSP}: «{NBSP}Du Web 2.0 à l’entreprise{NBSP}: usages, "
        f"applications et outils{NBSP}» de Gilles Balmisse (2009), par Anthony Poncier"
    )
    assert re.search(r"[^\u00a0\u202f][:;!?»]", alt.replace("(2009)", "")) is None
