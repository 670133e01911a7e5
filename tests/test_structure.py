"""Structure and language of the built page: sections and anchors, contents, French UI,
and what the published folder holds."""

from __future__ import annotations

import re

import pytest
from helpers import DOCS

CHAPTERS = [
    "le-web-2-0",
    "les-usages-des-outils-du-web-2-0-en-entreprise",
    "les-domaines-du-web-2-0-en-entreprise",
    "lentreprise-2-0",
    "la-veille-2-0",
    "la-gestion-de-la-relation-client-2-0",
]
COMMENTARY = [
    "lauteur-et-son-approche",
    "le-commentaire",
    "usages-internes-et-externes-pourquoi-les-separer",
    "decloisonner-le-social-crm-et-les-parties-prenantes",
    "marque-employeur-et-veille",
    "crowdsourcing-ideagoras-et-annexes",
    "ce-que-je-retiens",
]
APPARATUS = [
    "notice-de-louvrage", "citer-louvrage", "citer-ce-compte-rendu", "glossaire", "source",
    "note-dedition",
]  # fmt: skip
# What furo says in English when nothing translates it.
FURO_ENGLISH = [
    "On this page", "Back to top", "Skip to content", "Toggle", "Made with", "Copyright",
    "Light mode", "Dark mode", "Auto light/dark", "<title>Contents", "Expand", "View this page",
    "Edit this page", "Search</", '"Search"', "Documentation", "Link to this",
]  # fmt: skip


def test_page_is_french(index):
    assert index.html["lang"] == "fr"
    assert "Documentation" not in index.title.get_text()


@pytest.mark.parametrize("name", ["index.html", "search.html"])
def test_no_english_left_from_the_theme(site, name):
    html = (site / name).read_text(encoding="utf-8")
    for english in FURO_ENGLISH:
        assert english not in html, english


def test_every_section_has_an_ascii_anchor_and_a_permalink(index):
    sections = index.select("article section")
    ids = [s["id"] for s in sections]
    assert ids[1:] == ["lauteur-et-son-approche", "le-plan-de-louvrage", *CHAPTERS,
                       *COMMENTARY[1:], *APPARATUS]  # fmt: skip
    for section in sections:
        assert re.fullmatch(r"[a-z0-9-]+", section["id"])
        heading = section.find(re.compile("^h[1-6]$"))
        assert heading.select_one("a.headerlink")["href"] == f"#{section['id']}"


@pytest.mark.parametrize("contents", ["nav.sommaire", ".toc-tree"])
def test_contents_list_every_section(index, contents):
    targets = [a["href"] for a in index.select(f"{contents} a")]
    for section_id in CHAPTERS + COMMENTARY + APPARATUS:
        assert f"#{section_id}" in targets


def test_each_chapter_points_to_the_commentary(index):
    for chapter in CHAPTERS:
        line = index.find(id=chapter).select_one("p.editorial")
        assert line is not None, chapter
        links = [a["href"].removeprefix("#") for a in line.select("a")]
        assert all(link in COMMENTARY for link in links)
        assert links or "ne commente pas" in line.get_text()
    exact = index.find(id="les-domaines-du-web-2-0-en-entreprise").get_text()
    assert "Les domaines d’application du Web 2.0 en entreprise" in exact


def test_notice_gives_every_fact_of_the_book(article):
    notice = article.find(id="notice-de-louvrage").get_text()
    for fact in [
        "Du Web 2.0 à l’entreprise", "usages, applications et outils", "Gilles Balmisse",
        "Ali Ouni", "Hermès Science Publications", "Lavoisier", "Paris", "2009", "238",
        "Management et informatique", "1635-7361", "978-2-7462-1930-4", "2-7462-1930-1",
    ]:  # fmt: skip
        assert fact in notice, fact
    assert len(article.select("#notice-de-louvrage dd ol li")) == 6


def test_notice_labels_name_what_they_hold(article):
    notice = {
        dt.get_text(): dt.find_next_sibling("dd").get_text().strip()
        for dt in article.select("#notice-de-louvrage dl.book-notice > dt")
    }
    assert notice["Auteur"] == "Gilles Balmisse"
    assert notice["Collaborateur"] == "Ali Ouni"
    assert (
        notice["Publication"] == "Paris\u00a0: Hermès Science Publications\u00a0– Lavoisier, 2009"
    )
    assert "Éditeur" not in notice  # it held place and date too


def test_the_review_is_cited_in_a_section_of_its_own(article):
    # Not under the book's notice: the contents would say it is part of the book's description.
    review = article.find(id="citer-ce-compte-rendu")
    assert review.find(re.compile("^h[1-6]$")).name == "h2"
    assert review.find_parent("section", id="notice-de-louvrage") is None


def test_citations_have_french_captions_and_copy_buttons(index, site):
    captions = [c.get_text() for c in index.select(".code-block-caption .caption-text")]
    assert captions == [
        "L’ouvrage (NF ISO 690)", "L’ouvrage (biblatex)",
        "Le billet original (NF ISO 690)", "La présente édition (NF ISO 690)",
    ]  # fmt: skip
    # site.js loads sphinx-copybutton when the code blocks come near the screen.
    site_js = index.select_one('script[src^="_static/site.js"]')
    listed = site_js["data-styles"].split() + site_js["data-scripts"].split()
    assert "copybutton.js" in listed
    assert all((site / "_static" / name).is_file() for name in listed)
    assert "Copier" in (site / "_static/copybutton.js").read_text(encoding="utf-8")


def test_standfirst_and_source(index):
    standfirst = index.select_one("article p.standfirst").get_text()
    assert "Anthony Poncier" in standfirst
    assert "Gilles Balmisse" in standfirst
    source = index.find(id="source")
    assert source.select_one('a[href="https://poncier.org/blog/?p=1380"]')


def test_footer_names_the_author_and_the_source(index):
    footer = index.select_one("footer")
    assert "Anthony Poncier" in footer.get_text()
    assert footer.select_one('a[href="https://poncier.org/blog/?p=1380"]')


def test_no_source_copy_is_published(site, index):
    assert not (site / "_sources").exists()
    assert not index.select('a[href*="_sources"]')


def test_spelling_word_list_is_sorted_and_unique():
    words = (DOCS / "spelling_wordlist.txt").read_text(encoding="utf-8").splitlines()
    assert words == sorted(set(words), key=lambda w: w.encode())
    assert all(re.fullmatch(r"[^\W\d_][\w’-]*", w) for w in words)
