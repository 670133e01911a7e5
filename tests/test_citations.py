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
from helpers import DATA, SITE_URL, parse, watch
from playwright.sync_api import expect

NBSP, NNBSP = "\u00a0", "\u202f"
PAGE = f"{SITE_URL}index.html"
STEM = "compte-rendu-poncier-balmisse"
SITE_NAME = "Compte rendu d’Anthony Poncier"  # conf.py's project
FIRST_PUBLICATION = f"Première publication{NBSP}: poncier.org, https://poncier.org/blog/?p=1380"


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
        "PONCIER, Anthony. Du web 2.0 à l’entreprise. In : poncier.org [en ligne]. [S. d.] "
        "[consulté le jj mois aaaa]. Disponible à l’adresse : https://poncier.org/blog/?p=1380. "
        "Compte rendu de : BALMISSE, Gilles. Du Web 2.0 à l’entreprise : usages, applications "
        "et outils. Paris : Hermès Science Publications – Lavoisier, 2009. ISBN "
        "978-2-7462-1930-4."
    )
    # Built without an address, the edition cannot give its own.
    assert edition == (
        "PONCIER, Anthony. Du web 2.0 à l’entreprise. In : Compte rendu d’Anthony Poncier [en "
        "ligne]. Édition annotée. [S. d.] [consulté le jj mois aaaa]. Compte rendu de : "
        "BALMISSE, Gilles. Du Web 2.0 à "
        "l’entreprise : usages, applications et outils. Paris : Hermès Science Publications – "
        "Lavoisier, 2009. ISBN 978-2-7462-1930-4. Première publication : poncier.org, "
        "https://poncier.org/blog/?p=1380."
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
def test_consultation_date_is_the_readers_day_and_is_copied(new_context, server, now, day):
    # A context of its own: the fake clock is the context's, not the page's.
    watched = watch(new_context().new_page(), server)
    watched.clock.set_fixed_time(datetime.fromisoformat(now))
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
        "type_of_reference": "ELEC",
        "authors": ["Poncier, Anthony"],
        "title": "Du web 2.0 à l’entreprise",
        "secondary_title": SITE_NAME,
        "language": "fr",
        "urls": [PAGE],
        "reviewed_item": bibliography.book_text(),
        "notes": [
            (
                f"Compte rendu de{NBSP}: BALMISSE, Gilles. Du Web 2.0 à l’entreprise{NBSP}: "
                f"usages, applications et outils. Paris{NBSP}: Hermès Science Publications"
                f"{NBSP}– Lavoisier, 2009. ISBN{NBSP}978-2-7462-1930-4."
            ),
            f"Édition annotée. {FIRST_PUBLICATION}.",
        ],
    }


def test_bibtex_file_parses_with_the_book_as_related_entry(published):
    library = bibtexparser.parse_string((published / f"{STEM}.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    review, book = library.entries
    assert review.entry_type == "online"
    assert review.fields_dict.keys() == {
        "author", "title", "url", "organization", "journaltitle", "titleaddon", "langid",
        "related", "relatedtype", "addendum", "annote",
    }  # fmt: skip
    assert review["author"] == "Poncier, Anthony"
    assert review["title"] == "Du web 2.0 à l’entreprise"
    assert review["url"] == PAGE
    assert review["organization"] == SITE_NAME
    assert review["langid"] == "french"
    assert review["relatedtype"] == "reviewof"  # biblatex: « Compte rendu de » the book
    assert review["related"] == book.key
    assert review["titleaddon"] == "Édition annotée"
    assert review["addendum"] == f"{FIRST_PUBLICATION}."
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


def test_csl_json_names_the_book_where_citeproc_reads_it(published):
    (item,) = json.loads((published / f"{STEM}.json").read_text(encoding="utf-8"))
    assert item["type"] == "webpage"
    assert item["language"] == "fr"
    assert item["author"] == [{"family": "Poncier", "given": "Anthony"}]
    assert item["container-title"] == SITE_NAME
    assert item["URL"] == PAGE
    # citeproc (citeproc-js in Zotero, from Extra; pandoc's) reads « name: value » lines.
    lines = item["note"].split("\n")
    assert lines[:2] == [
        "reviewed-author: Balmisse || Gilles",
        f"reviewed-title: Du Web 2.0 à l’entreprise{NBSP}: usages, applications et outils",
    ]
    assert "reviewed-author" not in item  # Zotero would make Balmisse a second author
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
        f"Gilles. Du Web 2.0 à l’entreprise{NBSP}: usages, applications et outils. "
        f"{SITE_NAME}, [s. d.]. Disponible à l’adresse : {PAGE}."
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
    assert tags["og:type"] == ["website"]
    assert tags["og:site_name"] == [SITE_NAME]


def test_head_tags_only_on_the_review_and_addresses_only_when_known(site, published):
    local = metas(parse(site / "index.html").head)
    assert local["author"] == ["Anthony Poncier"]  # reader modes need no address
    assert local["citation_title"] == ["Du web 2.0 à l’entreprise"]
    assert "citation_public_url" not in local  # never a relative address
    assert "DC.identifier" not in local
    for page in ["404.html", "search.html"]:
        names = metas(parse(published / page).head)
        assert not any(n.startswith(("citation_", "DC.")) or n == "author" for n in names), page


# -- What Zotero makes of each door ----------------------------------------------------------
# Zotero's translation-server cannot run here: these functions state, for what this site
# writes, the rules of Zotero's translators (zotero/translators) and schema that decide the
# item. They are this project's reading of that code, not Zotero: when a translator changes,
# they must be read against it again (the dates below are those of the versions read). Fields that the item type lacks are dropped (Zotero's schema, « webpage »: title,
# abstractNote, websiteTitle, websiteType, date, shortTitle, url, accessDate, language,
# rights, extra).
WEBPAGE = {"title", "abstractNote", "websiteTitle", "websiteType", "date", "shortTitle", "url",
           "accessDate", "language", "rights", "extra"}  # fmt: skip


def zotero_item(item_type: str, fields: dict, creators: list, notes: list) -> dict:
    kept = {k: v for k, v in fields.items() if v and (item_type != "webpage" or k in WEBPAGE)}
    return {"itemType": item_type, **kept, "creators": creators, "notes": notes}


def author(name: str) -> tuple[str, str, str]:
    last, first = name.split(", ")
    return ("author", first, last)


def from_the_page(tags: dict[str, list[str]]) -> dict:
    """Embedded Metadata.js (2024-06-13) hands the DC., og: and other prefixed tags to RDF.js
    (2018-05-08): detectType() takes z:, bib:, prism:, eprints:, then og:type (« website »:
    webpage; « article » only a guess, after the Highwire guess « journalArticle » that
    citation_title makes), then DC.type when it names a Zotero type. importItem(): title from
    DC.title; websiteTitle (publicationTitle) from prism.publicationName, DC.source, then
    og:site_name; websiteType from DC.type; url from og:url; language from DC.language; the
    abstract from og:description; DC.relation only as « see also », which completeItem()
    clears. Authors: every citation_author, « Last, First » (addHighwireMetadata())."""
    decisive = {"z.itemType", "prism.aggregationType", "DC.type"}
    assert not decisive & tags.keys()
    og_types = {"website": "webpage", "book": "book"}
    item_type = og_types.get(tags.get("og:type", [""])[0]) or "journalArticle"
    site = (tags.get("prism.publicationName") or tags.get("DC.source") or tags["og:site_name"])[0]
    fields = {
        "title": tags["DC.title"][0],
        "websiteTitle": site,
        "websiteType": tags.get("DC.type", [""])[0],
        "url": tags["og:url"][0],
        "language": tags["DC.language"][0],
        "abstractNote": tags["og:description"][0],
    }
    return zotero_item(item_type, fields, [author(a) for a in tags["citation_author"]], [])


def from_ris(text: str) -> dict:
    """RIS.js (2023-07-28): importTypeMap, the reverse of exportTypeMap (ELEC: webpage);
    fieldMap: TI title, T2 websiteTitle for a webpage, LA language, UR url, AU author;
    processTag(): an N1 becomes a child note (ProCiteCleaner.cleanTags() rewrites it only
    when it begins with one of its labels, « ISBN: » for one); RI is « unsupported/Reviewed
    Item » (degenerateImportFieldMap), dropped while the ignoreUnknown preference is true,
    its default."""
    tags = re.findall(r"^([A-Z][A-Z0-9])  - (.*?)\r$", text, re.MULTILINE)
    types = {"ELEC": "webpage", "WEB": "webpage", "BLOG": "blogPost"}
    names = {"TI": "title", "T2": "websiteTitle", "LA": "language", "UR": "url"}
    fields = {names[tag]: value for tag, value in tags if tag in names}
    known = {"TY", "AU", "N1", "RI", "ER", *names}
    assert {tag for tag, _ in tags} <= known, "a tag whose fate is not stated here"
    notes = [value for tag, value in tags if tag == "N1"]
    labels = ("ISBN", "Language", "Notes", "Edition", "Publisher Name", "Call Number")
    assert not any(re.match(rf"{label}\s*:", note) for note in notes for label in labels)
    creators = [author(value) for tag, value in tags if tag == "AU"]
    return zotero_item(types[dict(tags)["TY"]], fields, creators, notes)


def from_bibtex(text: str) -> list[dict]:
    """BibTeX.js (2018-03-03): bibtex2zoteroTypeMap (online: webpage, book: book); fieldMap
    and inputFieldMap (title, url, journaltitle: publicationTitle, that is websiteTitle;
    location: place; pagetotal: numPages…); processField(): annote and note become child
    notes (a note beginning with LCCN, MR, Zbl, PMID or PMCID goes to Extra); organization
    becomes a publisher, which a webpage lacks; related, relatedtype, addendum and langid are
    read by no rule. Every entry is an item of its own: nothing links them."""
    items = []
    for entry in bibtexparser.parse_string(text).entries:
        item_type = {"online": "webpage", "book": "book"}[entry.entry_type]
        names = {"title": "title", "url": "url", "journaltitle": "websiteTitle",
                 "organization": "publisher", "publisher": "publisher", "isbn": "ISBN"}  # fmt: skip
        fields = {names[k]: entry[k] for k in entry.fields_dict if k in names}
        notes = [entry[k] for k in ("annote", "note") if k in entry.fields_dict]
        creators = [author(name) for name in entry["author"].split(" and ")]
        items.append(zotero_item(item_type, fields, creators, notes))
    return items


def from_csl(items: list[dict]) -> dict:
    """CSL JSON.js with Zotero's itemFromCSLJSON() (utilities_item.js): the type through
    Zotero's CSL type map (webpage: webpage; « review-book » is none: « document »);
    container-title: websiteTitle; note: Extra, as it is; author: author; a
    reviewed-author that the type does not allow becomes an author."""
    (item,) = items
    assert "reviewed-author" not in item
    fields = {"title": item["title"], "websiteTitle": item["container-title"],
              "url": item["URL"], "language": item["language"], "extra": item["note"]}  # fmt: skip
    creators = [("author", a["given"], a["family"]) for a in item["author"]]
    return zotero_item({"webpage": "webpage"}.get(item["type"], "document"), fields, creators, [])


def test_every_door_gives_zotero_the_same_web_page_with_its_book(published, head):
    page = from_the_page(metas(head))
    ris = from_ris((published / f"{STEM}.ris").read_bytes().decode())
    review, book = from_bibtex((published / f"{STEM}.bib").read_text(encoding="utf-8"))
    csl = from_csl(json.loads((published / f"{STEM}.json").read_text(encoding="utf-8")))
    same = {
        "itemType": "webpage",
        "title": "Du web 2.0 à l’entreprise",
        "websiteTitle": SITE_NAME,  # where it appears: this edition, not the book
        "url": PAGE,
        "creators": [("author", "Anthony", "Poncier")],
    }
    for door in (page, ris, review, csl):
        assert {key: door.get(key) for key in same} == same, door
        assert "websiteType" not in door  # no stray field
    # The reviewed book, with its ISBN, where Zotero keeps it: a note, Extra, or (the page)
    # the abstract; and where the review first appeared.
    isbn = "978-2-7462-1930-4"
    for door in (ris, review):
        assert any("BALMISSE" in note and isbn in note for note in door["notes"]), door
        assert any("https://poncier.org/blog/?p=1380" in note for note in door["notes"]), door
    assert isbn in csl["extra"]
    assert "reviewed-author: Balmisse || Gilles" in csl["extra"]
    assert "Gilles Balmisse" in page["abstractNote"]
    assert "Du Web 2.0 à l’entreprise" in page["abstractNote"]
    # biblatex's related entry is a second item in Zotero, the book itself, unlinked.
    assert book["itemType"] == "book"
    assert book["ISBN"] == isbn


def test_a_review_book_or_a_dc_type_would_be_seen(head):
    # The models above fail on what the issue found: CSL « review-book » became a document,
    # DC.type webpage a stray websiteType.
    tags = {**metas(head), "DC.type": ["webpage"]}
    with pytest.raises(AssertionError):
        from_the_page(tags)
    item = {"type": "review-book", "title": "t", "container-title": "c", "URL": "u",
            "language": "fr", "note": "", "author": []}  # fmt: skip
    assert from_csl([item])["itemType"] == "document"


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
