"""The editorial apparatus to French publishing standards (issue 9): what a copy-editor found
once, and must not find again."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import ROOT, parse
from playwright.sync_api import Page, expect
from typography import NBSP

PAGES = ["index.html", "search.html", "404.html"]
PROJECT = "Compte rendu d’Anthony Poncier"  # conf.py's project: the site's name
# English words and phrases of the page, which a screen reader must read in English.
ENGLISH = [
    "crowdsourcing", "Crowdsourcing", "cloud computing", "Social CRM", "Wikinomics",
    "customer relationship management", "knowledge management", "MIT Sloan Management Review",
    "mashup", "The Dawn of Emergent Collaboration",
]  # fmt: skip


def test_corrections_stay_underlined_on_paper(watched: Page, server):
    # The page says « Les mots soulignés en pointillé… »: the print must show them so.
    watched.goto(f"{server}/index.html")
    expect(watched.locator("p.editorial").first).to_contain_text("soulignés en pointillé")
    watched.emulate_media(media="print")
    styles = watched.eval_on_selector_all(
        "a.correction",
        """links => links.map(a => {
            const style = getComputedStyle(a);
            return [style.textDecorationLine, style.textDecorationStyle];
        })""",
    )
    assert len(styles) == 11
    assert set(map(tuple, styles)) == {("underline", "dotted")}


def test_inside_italics_what_is_italic_elsewhere_is_roman(watched: Page, server):
    # The editorial lines are in italics: the English words in them are set in roman.
    watched.goto(f"{server}/index.html")
    styles = watched.eval_on_selector_all(
        "p.editorial em", "ems => ems.map(em => getComputedStyle(em).fontStyle)"
    )
    assert len(styles) >= 3  # « Crowdsourcing », « Social CRM » twice
    assert set(styles) == {"normal"}
    line = watched.locator("p.editorial i").first.evaluate("i => getComputedStyle(i).fontStyle")
    assert line == "italic"


def test_number_column_is_headed_no_with_a_superscript_o(index):
    table = index.select_one("table.corrections")
    heading = table.select_one("thead th")
    assert heading.select_one("abbr[title=numéro]").decode_contents() == "N<sup>o</sup>"
    assert "°" not in table.get_text()


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("index.html", f"Du web 2.0 à l’entreprise{NBSP}– {PROJECT}"),
        ("search.html", f"Rechercher{NBSP}– {PROJECT}"),
        ("404.html", f"Page introuvable{NBSP}– {PROJECT}"),
    ],
)
def test_titles_join_with_a_dash(site, name, title):
    assert parse(site / name).head.title.get_text() == title


def test_the_site_has_a_name_of_its_own(index):
    # Not the book's title with one capital changed, above a title that has the other.
    names = {
        index.select_one(".sidebar-brand-text").get_text(strip=True),
        index.select_one(".mobile-header .brand").get_text(strip=True),
        index.select_one('meta[property="og:site_name"]')["content"],
    }
    assert names == {PROJECT}
    title = index.select_one("h1").get_text().rstrip("#").casefold()
    assert "web 2.0" not in PROJECT.casefold()
    assert title not in PROJECT.casefold()
    assert "lu par" not in index.head.title.get_text()  # an audiobook's narrator


def test_editorial_lines_quote_the_section_titles_they_cite(index):
    lines = [p for p in index.select("p.editorial") if p.get_text().startswith("Commenté")]
    assert len(lines) == 4
    for line in lines:
        text = line.get_text()
        for link in line.select('a[href^="#"]'):
            title = link.get_text()
            assert f"«{NBSP}{title}{NBSP}»" in text, title
    # « ?, » and a capital after a comma are gone with the quotation marks.
    assert "?," not in "".join(p.get_text() for p in lines)


def test_404_page_has_the_book_title_in_italics_and_its_own_description(site):
    page = parse(site / "404.html")
    link = page.select_one('article a[href$="index.html"]')
    assert link.select_one("em").get_text() == "Du Web 2.0 à l’entreprise"
    assert "«" not in link.get_text()
    description = page.select_one('meta[name="description"]')["content"]
    assert description == page.select_one('meta[property="og:description"]')["content"]
    assert description.startswith("Cette adresse ne correspond à aucune page du site.")
    assert "Rechercher dans le site" not in description


@pytest.mark.parametrize("name", PAGES)
def test_no_page_shows_a_placeholder(site, name):
    body = parse(site / name).body
    for word in ["None", "null", "undefined"]:
        assert not re.search(rf"\b{word}\b", body.get_text()), word
    for tree in body.select(".sidebar-tree"):  # furo's, where there is a tree to show
        assert tree.get_text().strip()


def test_english_words_are_marked_as_english(site):
    for page in PAGES:
        body = parse(site / page).body
        for pre in body.select("pre, script"):  # code, read as it is; data, never read
            pre.decompose()
        for string in body.find_all(string=True):
            for words in ENGLISH:
                if words in string:
                    marked = string.find_parent(attrs={"lang": "en"})
                    assert marked is not None, f"{page}: {words!r} in {string!r}"


def in_the_reviews_words(element) -> bool:
    return element.find_parent("p", id=re.compile("^paragraphe-")) is not None


def test_english_words_of_the_edition_are_in_italics(article):
    # Everywhere the edition writes them: headings, contents, editorial lines, notice,
    # glossary (headwords too), note. A title of an article is in roman between guillemets.
    edition = [s for s in article.select('[lang="en"]') if not in_the_reviews_words(s)]
    assert len(edition) > 10
    for span in edition:
        before = span.find_previous(string=True) or ""
        quoted = re.search(rf"«{NBSP}$", before)
        # NF ISO 690: the title of a part (an article) in roman, after its author's name.
        part = re.search(r"[A-ZÀ-Ý]{2,}, [^.,]+\.\s*$", before)
        assert span.find_parent(["em", "i"]) or quoted or part, span.find_parent(["p", "dt"])
    review = [s for s in article.select('[lang="en"]') if in_the_reviews_words(s)]
    assert all(s.find_parent(["em", "i"]) is None for s in review)  # the author's roman
    # An acronym stays in roman (Imprimerie nationale), even when cited as an English term.
    note = article.find(id="note-dedition")
    assert "KM" not in [em.get_text() for em in note.select("em")]
    assert "Social CRM, KM)" in note.get_text()


def test_search_results_keep_the_edition_s_italics(site, index):
    # The search's index carries the page's italics, which search.js writes as <em>.
    data = json.loads(parse(site / "search.html").select_one("#search-index").get_text())
    for passage in data["passages"]:
        target = index.find(id=passage["id"])
        heading = target if target.name == "dt" else target.find(re.compile("^h[1-6]$"))
        shown = [em.get_text() for em in heading.select("em")]
        title = passage["title"]
        assert [title[start:end] for start, end in passage["titleItalic"]] == shown, title
    titles = {p["title"]: p["titleItalic"] for p in data["passages"]}
    assert titles["Crowdsourcing, idéagoras et annexes"] == [[0, 13]]


def test_glossary_english_phrases_are_in_italics_and_english(index):
    glossary = index.find(id="glossaire")
    phrases = {span.get_text() for span in glossary.select('em > span[lang="en"]')}
    assert {"customer relationship management", "knowledge management"} <= phrases


def test_search_page_speaks_french_without_javascript(site):
    noscript = parse(site / "search.html").select_one("noscript").get_text()
    assert "Please" not in noscript
    assert "Activez JavaScript pour utiliser la recherche." in noscript


def glossary_definition(index, term: str) -> str:
    return index.find(id=f"term-{term}").find_next_sibling("dd").get_text(" ", strip=True)


def test_glossary_definitions(index):
    # McAfee's definition, not Balmisse's internal-only view that the review argues against.
    enterprise = glossary_definition(index, "entreprise-2.0")
    assert "partenaires" in enterprise
    assert "clients" in enterprise
    assert "McAfee" in enterprise
    assert "2006" in enterprise
    assert "avec la protection de cette information et l’influence" not in (
        glossary_definition(index, "IE")
    )
    assert "et non plus seulement" in glossary_definition(index, "Social-CRM")
    for term in ["GRC", "KM"]:
        assert "(en anglais " in glossary_definition(index, term)
        assert "de l’anglais" not in glossary_definition(index, term)


@pytest.mark.parametrize("name", PAGES)
def test_footer_says_where_the_review_appeared_and_where_it_was_corrected(site, name):
    footer = re.sub(r"[ \t\n]+", " ", parse(site / name).select_one("footer").get_text())
    assert footer.strip().startswith(f"{PROJECT}, paru sur son blog.")
    # Only the review page holds the text that was corrected.
    corrected = f"Fautes évidentes du texte publié corrigées{NBSP}: voir la note d’édition."
    assert (corrected in footer) == (name == "index.html")
    assert "revu" not in footer


def test_the_note_says_what_the_edition_did(index):
    note = index.find(id="note-dedition").get_text()
    assert "leur numéro est celui du chapitre dans le livre" in note
    assert "tels qu’Anthony Poncier les a écrits" in note  # « l’auteur » is Balmisse elsewhere
    assert "coquille" not in index.select_one("article").get_text()


def test_editorial_lines_keep_their_voice_without_styles(index):
    # Reader modes drop classes and styles but keep <i>: « offset from the normal prose ».
    lines = index.select("article p.editorial")
    assert len(lines) == 7
    for line in lines:
        assert [child.name for child in line.children] == ["i"], line


def test_the_contents_have_one_name(index):
    # furo's side contents and the contents at the top of the page are the same list.
    assert index.select_one(".toc-drawer .toc-title").get_text(strip=True) == "Sommaire"
    assert index.select_one("nav.sommaire .topic-title").get_text(strip=True) == "Sommaire"


@pytest.fixture(scope="session")
def readability() -> Path:
    """Mozilla's Readability, which Firefox Reader View runs, as ``npm ci`` installs it from
    package-lock.json (``nox -s tests`` runs it when needed)."""
    path = ROOT / "node_modules" / "@mozilla" / "readability" / "Readability.js"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `npm ci` in {ROOT} (or `nox -s tests`, which runs it)")
    return path


def test_reader_mode_shows_the_byline_and_keeps_the_editorial_lines_apart(
    browser, server, readability, index
):
    context = browser.new_context(bypass_csp=True)  # Readability is injected, not the site's
    page = context.new_page()
    page.goto(f"{server}/index.html")
    page.add_script_tag(path=readability)
    article = page.evaluate("new Readability(document.cloneNode(true)).parse()")
    context.close()
    content = BeautifulSoup(article["content"], "html.parser")
    voiced = {" ".join(i.get_text().split()) for i in content.select("i")}
    for line in index.select("article p.editorial"):
        assert " ".join(line.get_text().split()) in voiced
    assert content.select('[lang="en"]')  # the English words are still read in English
    assert article["title"] == "Du web 2.0 à l’entreprise"  # the review's own title
    assert article["byline"] == "Anthony Poncier"  # from <meta name="author">
    assert article["lang"] == "fr"
