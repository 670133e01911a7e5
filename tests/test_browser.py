"""The page as readers meet it, in headless Chromium: contents, phone width, copy button,
search, and a clean console with no request to another origin."""

from __future__ import annotations

import io
import re
import time

import pytest
from helpers import DESKTOP, PHONE
from playwright.sync_api import Page, Route, expect
from pypdf import PdfReader


def wait_until_shown(page: Page, section_id: str) -> None:
    """Wait (scrolling may be smooth) until the address names the section and its heading is
    in the viewport."""
    page.wait_for_function(
        """id => {
            const top = document.getElementById(id).getBoundingClientRect().top;
            return location.hash === `#${id}` && top >= -2 && top < window.innerHeight - 40;
        }""",
        arg=section_id,
        timeout=5000,
    )


def contents_entries(page: Page, selector: str) -> list[str]:
    # furo's side contents open with a hidden link to the page's title: not a section.
    hashes = page.eval_on_selector_all(f"{selector} a", "links => links.map(a => a.hash)")
    return [h.removeprefix("#") for h in hashes if h]


@pytest.mark.parametrize(
    ("viewport", "contents"), [(DESKTOP, ".toc-drawer .toc-tree"), (PHONE, "nav.sommaire")]
)
def test_each_contents_entry_scrolls_to_its_section(watched: Page, server, viewport, contents):
    # Each entry leads to its section: instantly (smooth scrolling is test_phone.py's).
    watched.emulate_media(reduced_motion="reduce")
    watched.set_viewport_size(viewport)
    watched.goto(f"{server}/index.html")
    targets = contents_entries(watched, contents)
    assert len(targets) >= 18
    for target in targets:
        watched.evaluate('window.scrollTo({ top: 0, behavior: "instant" })')
        # A click waits until its link is visible.
        watched.locator(f'{contents} a[href="#{target}"]').click(timeout=5000)
        wait_until_shown(watched, target)


def test_on_a_phone_the_contents_are_at_the_top(watched: Page, server):
    watched.set_viewport_size(PHONE)
    watched.goto(f"{server}/index.html")
    sommaire = watched.locator("nav.sommaire")
    expect(sommaire).to_be_visible()
    assert sommaire.bounding_box()["y"] < 2 * PHONE["height"]
    expect(watched.locator(".toc-drawer")).not_to_be_in_viewport()


def test_search_from_the_sidebar(watched: Page, server):
    watched.set_viewport_size(DESKTOP)
    watched.goto(f"{server}/index.html")
    watched.get_by_role("searchbox", name="Rechercher dans le site").fill("veille")
    watched.get_by_role("button", name="Rechercher").click()
    expect(watched.locator("#search-results ul.search li").first).to_be_visible()


@pytest.mark.parametrize("path", ["index.html", "search.html?q=veille", "404.html"])
def test_no_console_error_and_no_other_origin(watched: Page, server, path):
    # Under the pages' Content-Security-Policy: a violation would be a console error.
    watched.goto(f"{server}/{path}")
    # Everything that loads later loads too: the copy buttons' files (at the first key).
    watched.keyboard.press("Tab")
    blocks = watched.locator("div.highlight").count()
    expect(watched.locator("button.copybtn")).to_have_count(blocks)
    watched.wait_for_load_state("networkidle")
    assert watched.errors == []
    assert [url for url in watched.foreign if not url.startswith("data:")] == []


def test_no_text_is_added_by_the_theme_css(watched: Page, server):
    # furo writes some messages (in English) with CSS ::before, out of reach of the HTML tests;
    # the copy buttons' tooltips come from their data-tooltip attribute, in French.
    watched.goto(f"{server}/index.html")
    generated = watched.evaluate(
        """() => [...document.querySelectorAll("body *")].flatMap(el =>
            ["::before", "::after"].map(p => getComputedStyle(el, p).content))
            .filter(c => c.startsWith('"') && /[A-Za-z]{2,}/.test(c))"""
    )
    assert set(generated) <= {'"Copier"'}


LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(total), 300);
})"""


# Each layout once, in either colour scheme (the colours move nothing), with the published
# reading chosen at an earlier visit: the page paints in it at once (the corrected reading is
# the late-styles test's).
@pytest.mark.parametrize(("viewport", "scheme"), [(PHONE, "light"), (DESKTOP, "dark")])
def test_nothing_shifts_while_the_page_and_copy_buttons_load(
    watched: Page, server, viewport, scheme
):
    watched.add_init_script("localStorage.setItem('lecon', 'publiee')")
    watched.set_viewport_size(viewport)
    watched.emulate_media(color_scheme=scheme)
    watched.goto(f"{server}/index.html")
    watched.locator(".highlight-bibtex").scroll_into_view_if_needed()
    expect(watched.locator("button.copybtn")).to_have_count(4)  # loaded as they came near
    expect(watched.locator("#paragraphe-5")).to_contain_text("l’enteprise 2.0")
    assert watched.evaluate(LAYOUT_SHIFT) == 0


def test_nothing_shifts_when_the_copy_buttons_styles_come_late(watched: Page, server):
    def late(route: Route) -> None:
        time.sleep(0.5)  # the browser goes on meanwhile: the buttons' scripts could run first
        route.continue_()

    for name in ("copybutton.css", "furo-extensions.css"):
        watched.route(f"**/{name}*", late)
    watched.goto(f"{server}/index.html")
    watched.locator(".highlight-bibtex").scroll_into_view_if_needed()
    expect(watched.locator("button.copybtn")).to_have_count(4)
    assert watched.evaluate(LAYOUT_SHIFT) == 0


def test_readable_without_javascript(browser, server):
    scheme = "dark"  # furo's dark colours come from the system's preference then
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{server}/index.html")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du web 2.0 à l’entreprise#")
    # No script writes the reader's day into the references: the reader is told to.
    expect(page.get_by_text("Remplacez «\u00a0jj mois aaaa\u00a0» par la date")).to_be_visible()
    expect(page.get_by_text("La date de consultation est celle du jour.")).to_be_hidden()
    expect(page.get_by_role("button", name="Afficher le texte sans les corrections")).to_have_count(
        0
    )
    link = page.locator('nav.sommaire a[href="#note-dedition"]')
    link.click()
    expect(page).to_have_url(re.compile("#note-dedition$"))
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    dark = sum(int(c) for c in re.findall(r"\d+", background)[:3]) < 3 * 128
    assert dark == (scheme == "dark"), background
    context.close()


def test_print_shows_the_text_and_no_controls(watched: Page, server):
    watched.goto(f"{server}/index.html")
    watched.emulate_media(media="print")
    for control in [".sidebar-drawer", ".toc-drawer", "nav.sommaire", ".theme-toggle", "footer"]:
        expect(watched.locator(control).first).to_be_hidden()
    expect(watched.get_by_text("Ce que je retiens surtout")).to_be_visible()
    expect(watched.locator("#note-dedition")).to_be_visible()
    # A link prints its address after its text, unless its text is the address already.
    afters = watched.eval_on_selector_all(
        'article a[href^="http"]',
        """links => links.map(a => [a.href, a.textContent,
                                    getComputedStyle(a, '::after').content])""",
    )
    assert afters
    for href, text, after in afters:
        if text.rstrip("/") in href:
            assert after == "none", text
        else:
            assert href in after, text
    assert watched.pdf()[:4] == b"%PDF"


def test_no_printed_page_ends_on_a_heading_or_a_caption(watched: Page, server):
    # A4, as a reader prints it: a heading or a citation's caption always has what it
    # introduces below it on the same page.
    watched.goto(f"{server}/index.html")
    watched.emulate_media(media="print")
    introducers = watched.eval_on_selector_all(
        "article :is(h2, h3, h4), article .code-block-caption",
        """elements => elements.map(e => {
            const copy = e.cloneNode(true);
            copy.querySelectorAll(".headerlink").forEach(link => link.remove());
            return copy.textContent.trim();
        })""",
    )
    pages = PdfReader(io.BytesIO(watched.pdf(format="A4"))).pages
    assert len(pages) > 3
    for number, page in enumerate(pages[:-1], 1):
        last = [line.strip() for line in page.extract_text().splitlines() if line.strip()][-1]
        assert not any(len(last) > 3 and text.endswith(last) for text in introducers), (
            f"page {number} ends on « {last} »"
        )


def test_comfortable_line_length_on_a_wide_screen(watched: Page, server):
    watched.set_viewport_size({"width": 2560, "height": 1200})
    watched.goto(f"{server}/index.html")
    ems = watched.locator("#le-commentaire > p").first.evaluate(
        "p => p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize)"
    )
    assert ems <= 48  # furo's column: about 80 characters to the line


def test_works_from_the_build_folder(watched: Page, site):
    # Opened as a file, with no server: the local build must still work.
    watched.goto((site / "index.html").as_uri())
    watched.get_by_role("button", name=re.compile("Changer de thème")).first.click()
    expect(watched.locator("body")).not_to_have_attribute("data-theme", "auto")
    watched.locator(".highlight-bibtex").scroll_into_view_if_needed()
    expect(watched.locator("button.copybtn")).to_have_count(4)
    assert watched.errors == []
