"""The editorial apparatus to French publishing standards (issue 9): what a copy-editor found
once, and must not find again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import ROOT, parse
from playwright.sync_api import Page, expect
from typography import NBSP, NNBSP

PAGES = ["index.html", "search.html", "404.html"]
PROJECT = "Du Web 2.0 à l’entreprise, lu par Anthony Poncier"  # conf.py's project
# English words and phrases of the page, which a screen reader must read in English.
ENGLISH = [
    "crowdsourcing", "Crowdsourcing", "cloud computing", "Social CRM", "Wikinomics",
    "customer relationship management", "knowledge management", "MIT Sloan Management Review",
    "mashup",
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


def test_number_column_is_headed_no_with_a_superscript_o(index):
    table = index.select_one("table.corrections")
    heading = table.select_one("thead th")
    assert heading.select_one("abbr[title=numéro]").decode_contents() == "N<sup>o</sup>"
    assert "°" not in table.get_text()


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("index.html", PROJECT),
        ("search.html", f"Rechercher – {PROJECT}"),
        ("404.html", f"Page introuvable – {PROJECT}"),
    ],
)
def test_titles_join_with_a_dash(site, name, title):
    assert parse(site / name).head.title.get_text() == title


def test_editorial_lines_quote_the_section_titles_they_cite(index):
    lines = [p for p in index.select("p.editorial") if p.get_text().startswith("Commenté")]
    assert len(lines) == 4
    for line in lines:
        text = line.get_text()
        for link in line.select('a[href^="#"]'):
            title = link.get_text()
            assert f"«{NNBSP}{title}{NNBSP}»" in text, title
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


def test_english_words_cited_in_the_note_are_in_italics(index):
    note = index.find(id="note-dedition")
    cited = [em.get_text() for em in note.select("em") if em.select_one('[lang="en"]')]
    assert cited == ["crowdsourcing", "cloud computing", "Social CRM"]
    # An acronym stays in roman (Imprimerie nationale), even when cited as an English term.
    assert "KM" not in [em.get_text() for em in note.select("em")]
    assert "Social CRM, KM)" in note.get_text()


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
def test_footer_says_the_text_was_revised(site, name):
    footer = re.sub(r"[ \t\n]+", " ", parse(site / name).select_one("footer").get_text())
    assert "Édition web revue" not in footer
    assert f"Texte revu et corrigé pour cette édition{NBSP}: voir la note d’édition." in footer


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
