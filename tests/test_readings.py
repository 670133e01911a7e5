"""The review as edited: its paragraphs numbered « § 1 » to « § 8 », and the switch between
the corrected text and the text as published."""

from __future__ import annotations

import json
import re

from helpers import DESKTOP, PHONE, parse, review_paragraphs, wcag_violations
from playwright.sync_api import Page, Route, expect
from test_fidelity import CORRECTIONS, PARAGRAPHS, corrected, normalise

SWITCH = "Afficher le texte sans les corrections"


# -- The numbered paragraphs -----------------------------------------------------------------
def test_the_review_s_own_paragraphs_are_numbered_in_order(article):
    paragraphs = review_paragraphs(article)
    assert [p["id"] for p in paragraphs] == [f"paragraphe-{n}" for n in range(1, 9)]
    for number, (paragraph, text) in enumerate(zip(paragraphs, PARAGRAPHS, strict=True), 1):
        assert normalise(paragraph.get_text()) == normalise(corrected(text))
        link = paragraph.contents[0]
        assert link.name == "a", paragraph
        assert link["href"] == f"#paragraphe-{number}"
        assert link["aria-label"] == f"Paragraphe {number}"
        assert link["data-numero"] == str(number)
        assert link.get_text() == ""  # drawn by site.css: not copied, not in reader modes
    # The edition's lines, the outline's headings, the notice, glossary and note: not numbered.
    assert not [p for p in paragraphs if p.get("class")]


def test_citing_a_passage_is_explained(article):
    advice = article.find(id="citer-ce-compte-rendu").get_text()
    assert (
        "présente édition, ajoutez à la fin de sa référence le numéro du paragraphe, par exemple «\u00a0§\u00a05\u00a0»"
        in advice
    )


def test_the_search_index_knows_the_paragraphs(site):
    data = json.loads(parse(site / "search.html").select_one("#search-index").get_text())
    found = [n for p in data["passages"] for _start, _end, n in p["paragraphs"]]
    assert found == list(range(1, 9))
    for passage in data["passages"]:
        for start, end, _n in passage["paragraphs"]:
            assert 0 <= start < end <= len(passage["text"])


def test_numbers_beside_the_paragraphs_on_screen_and_on_paper(watched: Page, server):
    watched.goto(f"{server}/index.html")
    number, paragraph = watched.locator("#paragraphe-5 .numero-paragraphe"), "#paragraphe-5"
    assert number.evaluate("a => getComputedStyle(a, '::before').content") == '"5"'
    for viewport, media, in_margin in [(DESKTOP, "screen", True), (PHONE, "screen", False),
                                       (PHONE, "print", True)]:  # fmt: skip
        watched.set_viewport_size(viewport)
        watched.emulate_media(media=media)
        box, text = number.bounding_box(), watched.locator(paragraph).bounding_box()
        assert box
        assert text
        assert box["width"] > 0
        assert (box["x"] + box["width"] <= text["x"]) == in_margin, (viewport, media)
    watched.emulate_media(media="screen")
    number.click()
    assert watched.url.endswith("#paragraphe-5")


# -- The two readings ------------------------------------------------------------------------
def test_each_correction_holds_its_published_reading_hidden(index):
    links = index.select("article a.correction")
    assert len(links) == len(CORRECTIONS)
    for link in links:
        shown, published = link.select(".lecon-corrigee"), link.select(".lecon-publiee")
        assert len(shown) == len(published) == 1
        assert not shown[0].has_attr("hidden")
        assert published[0].has_attr("hidden")  # for reader modes and without JavaScript
        row = index.find(id=link["href"].removeprefix("#"))
        assert published[0].get_text() == row.select_one(".texte-publie").get_text()
        assert shown[0].get_text() == row.select_one(".texte-corrige").get_text()


def selected_text(page: Page, selector: str) -> str:
    return page.evaluate(
        """selector => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector(selector));
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            return getSelection().toString();
        }""",
        selector,
    )


def test_the_switch_shows_the_text_as_published_and_back(watched: Page, server):
    watched.set_viewport_size(PHONE)
    watched.goto(f"{server}/index.html?surligner=veille")
    switch = watched.get_by_role("button", name=SWITCH)
    expect(switch).to_have_attribute("aria-pressed", "false")
    assert "l’entreprise 2.0" in selected_text(watched, "#paragraphe-5")

    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    copied = selected_text(watched, "#paragraphe-5")  # what is selected is what is shown
    assert "l’enteprise 2.0" in copied
    assert "l’entreprise 2.0 est" not in copied
    assert "reviendrais" in copied
    assert "allez-retours" in copied
    # Still marked, still linked to the note; the search's marks still there.
    published = watched.locator("#paragraphe-5 a.correction").first
    expect(published).to_have_attribute("href", "#correction-3")
    expect(published).to_have_css("text-decoration-style", "dotted")
    # The search's marks on the reading shown: « veille 2.0, et » is published text now.
    expect(watched.locator("#paragraphe-4 .lecon-publiee mark")).to_have_count(0)
    expect(watched.locator("article mark").first).to_be_attached()
    # axe on what the switch changed: the readings shown and the switch (test_accessibility.py
    # runs it on the whole page, in the corrected reading).
    assert wcag_violations(watched, within=[".lecon-publiee", ".bascule-lecon"]) == ""
    assert watched.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    watched.reload()  # the choice is kept, and exposed as such
    expect(watched.get_by_role("button", name=SWITCH, pressed=True)).to_be_visible()
    expect(switch).to_have_attribute("aria-pressed", "true")
    assert "l’enteprise 2.0" in selected_text(watched, "#paragraphe-5")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "false")
    assert "l’entreprise 2.0" in selected_text(watched, "#paragraphe-5")
    assert watched.evaluate("localStorage.getItem('lecon')") is None
    assert watched.errors == []


def test_the_chosen_reading_is_painted_from_the_html_before_site_js(watched: Page, server):
    # The reading chosen at an earlier visit shows from the first paint, with site.js held
    # back: nothing changes when it comes (no layout shift, wherever the passage is).
    held: list[Route] = []

    def hold(route: Route) -> None:  # a function: Playwright does not take a bound method
        held.append(route)

    watched.route("**/site.js*", hold)
    watched.add_init_script("localStorage.setItem('lecon', 'publiee')")
    watched.goto(f"{server}/index.html", wait_until="commit")
    paragraph = watched.locator("#paragraphe-5")
    expect(paragraph).to_contain_text("l’enteprise 2.0")
    before = paragraph.inner_text()  # what is rendered, hidden text left out
    assert "l’enteprise 2.0" in before
    assert "l’entreprise 2.0 est" not in before
    held[0].continue_()
    switch = watched.get_by_role("button", name=SWITCH)
    expect(switch).to_have_attribute("aria-pressed", "true")
    assert paragraph.inner_text() == before


def test_the_search_names_the_paragraph(watched: Page, server):
    watched.goto(f"{server}/search.html?q=crowdsourcing")
    result = watched.locator("#search-results li").filter(
        has=watched.get_by_role("link", name=re.compile("idéagoras et annexes"))
    )
    expect(result.locator(".search-where")).to_have_text("\u00a0– Le commentaire, §\u00a07")
