"""The site's search (docs/_ext/site_search.py), in headless Chromium: results by section and
glossary entry, accents and case ignored, an excerpt around the match with the words marked, a
count that counts what is listed; a result leads to its section, where the words are marked
until the reader dismisses them; French wording; the policy, the review page's weight and axe."""

from __future__ import annotations

import json
import re
import unicodedata
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import DESKTOP, PHONE, parse, wcag_violations
from playwright.sync_api import Page, expect

RESULTS = "#search-results ul.search > li"


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower().replace("œ", "oe"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Found(list):
    """The results of a search (each a dict), and the sentence that sums them up."""

    summary: str


def search(page: Page, server: str, query: str) -> Found:
    """Search for ``query``; return each result's heading, link, excerpt and marked words, and
    the summary, read from the page at once."""
    page.goto(f"{server}/search.html?q={query}")  # the search runs before the load event
    found = page.evaluate(
        """selector => ({
          summary: document.querySelector("#search-results .search-summary")?.textContent,
          results: [...document.querySelectorAll(selector)].map(li => ({
            title: li.querySelector("a").textContent,
            href: li.querySelector("a").getAttribute("href"),
            excerpt: li.querySelector(".context").textContent,
            marks: [...li.querySelectorAll("mark")].map(m => m.textContent),
            excerptMarks: [...li.querySelectorAll(".context mark")].map(m => m.textContent),
          })),
        })""",
        RESULTS,
    )
    assert found["summary"], f"the search for {query!r} did not run"  # even when none is found
    results = Found(found["results"])
    results.summary = found["summary"]
    return results


FOUND = [  # a query, headings that must be among its results, the start of every marked word
    ("ideagoras", ["Crowdsourcing, idéagoras et annexes", "idéagora"], "ideagora"),
    ("idéagoras", ["Crowdsourcing, idéagoras et annexes", "idéagora"], "ideagora"),
    ("IDEAGORAS", ["Crowdsourcing, idéagoras et annexes", "idéagora"], "ideagora"),
    ("veilles", ["5. La veille 2.0", "Marque employeur et veille", "veille"], "veille"),
    ("Décloisonner", ["Décloisonner\u00a0: le Social CRM et les parties prenantes"], "decloison"),
    ("decloisonner", ["Décloisonner\u00a0: le Social CRM et les parties prenantes"], "decloison"),
    ("reputation", ["e-réputation"], "reputation"),
    ("entreprises", ["2. Les usages des outils du web 2.0 en entreprise"], "entreprise"),
]


def test_results_are_passages_with_their_words_marked(watched: Page, server, index):
    for query, expected, stem in FOUND:
        results = search(watched, server, query)
        titles = [result["title"] for result in results]
        assert set(expected) <= set(titles), (query, titles)
        assert len(titles) == len(set(titles))  # each passage once
        for result in results:
            assert result["marks"], result  # the words are marked, in the heading or excerpt
            assert all(fold(mark).startswith(stem) for mark in result["marks"]), result
            link = urlsplit(result["href"])
            assert link.path == "index.html"
            assert parse_qs(link.query) == {"surligner": [query]}
            anchor = index.find(id=link.fragment)  # the passage's own anchor
            heading = anchor if anchor.name == "dt" else anchor.find(re.compile("^h[1-6]$"))
            heading_text = heading.get_text().removesuffix("#")  # without its permalink
            assert heading_text in [result["title"], *result["title"].split(", ")]  # GRC, CRM
    assert watched.errors == []


def test_unaccented_and_accented_queries_find_the_same_passages(watched: Page, server):
    plain = search(watched, server, "ideagoras")
    accented = search(watched, server, "Idéagoras")
    assert [r["title"] for r in plain] == [r["title"] for r in accented]


def test_headings_come_first(watched: Page, server):
    titles = [result["title"] for result in search(watched, server, "veille")]
    # In the heading and the text, then in the heading only (the page's order between equals).
    assert titles[:3] == ["5. La veille 2.0", "Marque employeur et veille", "veille"]
    assert len(titles) > 3


def test_several_words_find_the_passages_that_have_them_all(watched: Page, server):
    results = search(watched, server, "etat des lieux")
    assert {r["title"] for r in results} == {"Le commentaire", "Ce que je retiens"}
    for result in results:
        assert {fold(mark) for mark in result["marks"]} == {"etat", "lieux"}  # « des »: a stop word
        assert "état des lieux" in result["excerpt"]  # both words in one excerpt
    # A passage must have every word: one more word that is not on the page, and none is left.
    assert search(watched, server, "etat des lieux ornithorynque") == []


def test_synonyms_of_the_glossary_are_one_result(watched: Page, server):
    results = search(watched, server, "relation client")
    titles = [r["title"] for r in results]
    assert "GRC, CRM" in titles
    # Each result names the part of the page it belongs to.
    entry = watched.locator(RESULTS).filter(has=watched.get_by_role("link", name="GRC, CRM"))
    expect(entry.locator(".search-where")).to_have_text("\u00a0– Glossaire")
    assert "GRC" not in titles
    assert "CRM" not in titles


def test_english_words_in_the_results_are_said_in_english(watched: Page, server):
    # As on the review page (english_words): in the headings and the excerpts, marked or not.
    search(watched, server, "crowdsourcing")
    english = watched.eval_on_selector_all(
        f"{RESULTS} [lang=en]", "spans => spans.map(span => span.textContent)"
    )
    assert {"Crowdsourcing", "crowdsourcing", "cloud computing"} <= set(english)
    unmarked = watched.evaluate(
        """selector => [...document.querySelectorAll(selector)].flatMap(li => {
            const walker = document.createTreeWalker(li, NodeFilter.SHOW_TEXT);
            const found = [];
            while (walker.nextNode()) {
                const text = walker.currentNode;
                if (/crowdsourcing|computing/i.test(text.data) && !text.parentElement.closest("[lang=en]"))
                    found.push(text.data);
            }
            return found;
        })""",
        RESULTS,
    )
    assert unmarked == []


def test_an_excerpt_is_centred_on_the_match_not_the_start_of_the_passage(watched: Page, server):
    # « remplacement » is near the end of the « Note d’édition », a passage of some 2,500
    # letters.
    [result] = [
        r for r in search(watched, server, "remplacement") if r["title"] == "Note d’édition"
    ]
    assert result["excerptMarks"] == ["remplacement"]
    assert result["excerpt"].startswith("[…]\u00a0")
    assert len(result["excerpt"]) < 260
    assert "...." not in result["excerpt"]


def test_the_count_counts_the_listed_passages(watched: Page, server):
    counts = set()
    for query in ["ideagoras", "veille", "etat des lieux", "KM", "2.0", "portfolio"]:
        results = search(watched, server, query)
        count = len(results)
        assert count >= 1
        counts.add(count == 1)
        noun = "passage trouvé" if count == 1 else "passages trouvés"
        # The figure after the query: a sentence does not begin with one.
        assert results.summary == f"Recherche de «\u00a0{query}\u00a0»\u00a0: {count} {noun}."
    assert counts == {True, False}  # the singular and the plural


def test_nothing_found_is_said_in_french(watched: Page, server):
    for query in ["ornithorynque", "veille ornithorynque"]:  # one word, or not all the words
        results = search(watched, server, query)
        assert results == []
        assert results.summary == (
            f"Aucun passage trouvé pour «\u00a0{query}\u00a0». "
            "Vérifiez l’orthographe ou essayez d’autres mots."
        )
    assert watched.errors == []


def test_the_search_page_speaks_of_passages_not_pages_or_categories(watched: Page, server):
    for query in ["veille", "ornithorynque", ""]:
        watched.goto(f"{server}/search.html?q={query}")
        text = watched.locator("#search-results").text_content()
        assert text
        assert not re.search(r"\bpages?\b|catégorie|\.\.\.", text, re.IGNORECASE), text


LAYOUT_SHIFTS = """() => {
    const observer = new PerformanceObserver(() => {});
    observer.observe({ type: "layout-shift", buffered: true });
    return observer.takeRecords().map(entry => entry.value);
}"""


def test_the_results_move_nothing_on_the_screen(watched: Page, server):
    # They come after the first paint: room is kept for them (Lighthouse's layout shift).
    watched.set_viewport_size(PHONE)
    search(watched, server, "veille")
    assert watched.evaluate(LAYOUT_SHIFTS) == []


def test_the_query_is_in_the_fields(watched: Page, server):
    watched.set_viewport_size(DESKTOP)
    watched.goto(f"{server}/search.html?q=idéagoras")
    expect(watched.get_by_role("searchbox", name="Mots à rechercher")).to_have_value("idéagoras")
    expect(watched.get_by_role("searchbox", name="Rechercher dans le site")).to_have_value(
        "idéagoras"
    )


def test_the_search_pages_form_searches_again(watched: Page, server):
    watched.set_viewport_size(PHONE)
    watched.goto(f"{server}/search.html?q=ornithorynque")
    field = watched.get_by_role("searchbox", name="Mots à rechercher")
    field.fill("crowdsourcing")
    field.press("Enter")
    expect(watched.locator(RESULTS).first).to_contain_text("rowdsourcing")


def marks_in(page: Page, selector: str) -> list[str]:
    return page.eval_on_selector_all(f"{selector} mark", "ms => ms.map(m => m.textContent)")


def test_a_result_leads_to_its_section_with_the_words_marked_until_dismissed(watched: Page, server):
    watched.set_viewport_size(PHONE)
    watched.goto(f"{server}/index.html")
    section = "crowdsourcing-ideagoras-et-annexes"
    before = watched.locator(f"#{section}").inner_html()
    search(watched, server, "ideagoras")
    watched.get_by_role("link", name="Crowdsourcing, idéagoras et annexes").click()
    watched.wait_for_url(f"**/index.html?surligner=ideagoras#{section}")
    expect(watched.locator(f"#{section} > h3")).to_be_in_viewport()
    assert set(marks_in(watched, f"#{section}")) == {"idéagoras"}
    everywhere = marks_in(watched, "article[role=main]")  # the glossary's entry too
    assert len(everywhere) > 2
    assert {fold(mark) for mark in everywhere} == {"ideagoras", "ideagora"}
    notice = watched.locator(f"#{section} > .search-marks")
    expect(notice).to_be_in_viewport()
    expect(notice).to_contain_text(
        "Les mots trouvés pour votre recherche («\u00a0ideagoras\u00a0») sont surlignés."
    )
    notice.get_by_role("button", name="Ne plus surligner").click()
    expect(watched.locator(f"#{section} > h3")).to_be_focused()  # the focus stays near
    watched.keyboard.press("Tab")
    expect(watched.locator("article[role=main] mark")).to_have_count(0)
    expect(watched.locator(".search-marks")).to_have_count(0)
    assert urlsplit(watched.url).query == ""
    assert urlsplit(watched.url).fragment == section
    # The marks took nothing away, and left nothing behind.
    assert watched.locator(f"#{section}").inner_html() == before
    watched.reload()
    expect(watched.locator("article[role=main] mark")).to_have_count(0)
    assert watched.errors == []
    assert [url for url in watched.foreign if not url.startswith("data:")] == []


def test_a_glossary_result_leads_to_its_entry(watched: Page, server):
    watched.set_viewport_size(DESKTOP)
    search(watched, server, "relation client")
    watched.locator(RESULTS).get_by_role("link", name="GRC, CRM").click()
    watched.wait_for_url("**/index.html?surligner=relation+client#term-GRC")
    expect(watched.locator("#term-GRC")).to_be_in_viewport()
    entry = watched.locator("#term-GRC ~ dd").first
    expect(entry.locator(".search-marks")).to_be_visible()
    marks = entry.evaluate("dd => [...dd.querySelectorAll('mark')].map(m => m.textContent)")
    assert {fold(mark)[:8] for mark in marks} == {"relation", "client", "clients"}
    watched.keyboard.press("Tab")  # from the entry: the notice's button is the next stop
    assert watched.evaluate("document.activeElement.textContent") == "Ne plus surligner"
    watched.keyboard.press("Enter")
    expect(watched.locator("article[role=main] mark")).to_have_count(0)
    assert watched.errors == []


def test_the_accented_query_marks_the_unaccented_words_too(watched: Page, server):
    watched.goto(f"{server}/index.html?surligner=Réputation#term-e-reputation")
    marks = {fold(mark) for mark in marks_in(watched, "article[role=main]")}
    assert marks == {"reputation"}
    assert watched.errors == []


def test_marks_without_an_anchor_are_announced_at_the_top(watched: Page, server):
    # The notice agrees with the number of words marked, not with the query's.
    notices = {
        "la%20portfolio": "Le mot trouvé pour votre recherche («\u00a0la portfolio\u00a0») est surligné.",
        "état%20des%20lieux": "Les mots trouvés pour votre recherche («\u00a0état des lieux\u00a0») sont surlignés.",
        "ornithorynque": "Aucun mot de votre recherche («\u00a0ornithorynque\u00a0») ne se trouve sur cette page.",
    }  # fmt: skip
    for query, notice in notices.items():
        watched.goto(f"{server}/index.html?surligner={query}")
        expect(watched.locator("article[role=main] h1 + .search-marks")).to_contain_text(notice)
    expect(watched.locator("article[role=main] mark")).to_have_count(0)
    watched.goto(f"{server}/index.html?surligner=%20#glossaire")  # nothing to mark
    expect(watched.locator("#glossaire > h2")).to_be_in_viewport()
    expect(watched.locator(".search-marks, article[role=main] mark")).to_have_count(0)
    assert watched.errors == []


def test_a_plain_visit_of_the_review_page_requests_nothing_of_the_search(watched: Page, server):
    requests = []
    watched.on("request", lambda request: requests.append(request.url))
    watched.goto(f"{server}/index.html#crowdsourcing-ideagoras-et-annexes")
    watched.wait_for_load_state("networkidle")
    assert [url for url in requests if "search" in url] == []
    watched.goto(f"{server}/index.html?surligner=veille#marque-employeur-et-veille")
    expect(watched.locator(".search-marks")).to_be_visible()
    searched = {urlsplit(url).path for url in requests if "search" in url}
    assert searched == {"/_static/search-words.js", "/_static/search.css"}
    assert watched.errors == []


# The notice of no result, and the marks on the review page (the results, with their marks, are
# test_accessibility.py's, in both colour schemes).
@pytest.mark.parametrize(
    ("path", "scheme"),
    [("search.html?q=ornithorynque", "light"),
     ("index.html?surligner=veille#marque-employeur-et-veille", "dark")],
)  # fmt: skip
def test_no_wcag_violation_in_results_and_marks(watched: Page, server, path, scheme):
    watched.emulate_media(color_scheme=scheme)
    watched.goto(f"{server}/{path}")
    expect(watched.locator("#search-results .search-summary, .search-marks").first).to_be_visible()
    # On the review page, the marks and their notice: the rest is test_accessibility.py's.
    within = [".search-marks", "article mark"] if path.startswith("index") else []
    assert wcag_violations(watched, within) == ""
    assert watched.errors == []


def test_the_index_reads_as_the_page_does(site):
    # What the excerpts show: sentences and fields apart, none of the text for readers
    # without JavaScript (who cannot search), the references in prose but not the biblatex.
    data = json.loads(parse(site / "search.html").select_one("#search-index").get_text())
    texts = {p["id"]: p["text"] for p in data["passages"]}
    for text in texts.values():
        assert not re.search(r"[a-zà-ÿ)»][.!?…][A-ZÀ-Ý«]", text), text
    assert "Remplacez" not in " ".join(texts.values())
    assert "Auteur, Gilles Balmisse\u202f; Collaborateur, Ali Ouni" in texts["notice-de-louvrage"]
    assert texts["citer-louvrage"].endswith("ISBN\u00a0978-2-7462-1930-4.")
    assert "(NF ISO 690)" not in texts["citer-louvrage"]  # captions ran into the text
    assert "jj mois aaaa" not in texts["citer-ce-compte-rendu"]  # only the page fills it
    assert "@book" not in texts["citer-louvrage"]
    # The corrected text, as the reader reads it: no published reading (the note's table is
    # not read: its cells would run together).
    everything = " ".join(texts.values())
    for published in ("reviendrais", "enteprise", "allez-retours"):
        assert published not in everything
    assert "vol.\u00a047, nº\u00a03" in texts["note-dedition"]  # the o raised, not « no »
