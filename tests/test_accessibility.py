"""Accessibility in headless Chromium: axe-core's WCAG 2.2 A and AA rules on every page, in
each distinct state of its styles (phone and desktop layouts, light and dark colours, dark by
the system's preference and by furo's toggle); the keyboard; landmarks, names and headings."""

from __future__ import annotations

import itertools

import pytest
from helpers import DESKTOP, PHONE, wcag_violations
from playwright.sync_api import Page, expect

PAGES = ["index.html", "search.html?q=veille", "404.html"]
NARROWEST = {"width": 320, "height": 640}  # WCAG's reflow width
# Each page in both layouts and both colour schemes, one page load each: at 320 px in light,
# then in dark by furo's toggle (its [data-theme] rules; the review only), then on a desktop in
# dark by the system's preference.


def set_theme(page: Page, theme: str) -> None:
    toggle = page.locator("button.theme-toggle:visible").first
    for _ in range(3):  # furo's toggle cycles through auto, dark and light
        if page.evaluate("document.body.dataset.theme") == theme:
            break
        toggle.click()
    assert page.evaluate("document.body.dataset.theme") == theme


def violations(page: Page, state: str) -> list[str]:
    report = wcag_violations(page)
    return [f"{state}: {report}"] if report else []


@pytest.mark.parametrize("path", PAGES)
def test_no_wcag_violation(watched: Page, server, path):
    watched.set_viewport_size(NARROWEST)
    watched.emulate_media(color_scheme="light")
    watched.goto(f"{server}/{path}")
    if path.startswith("search"):
        expect(watched.locator("#search-results .search-summary")).to_be_visible()
    # A first key: site.js loads the copy buttons, which are checked too.
    watched.keyboard.press("Shift")
    expect(watched.locator("button.copybtn")).to_have_count(
        watched.locator("div.highlight").count()
    )
    found = violations(watched, "320 px, light")
    if path == "index.html":
        set_theme(watched, "dark")
        found += violations(watched, "320 px, dark by furo's toggle")
        set_theme(watched, "auto")
    watched.set_viewport_size(DESKTOP)
    watched.emulate_media(color_scheme="dark")
    found += violations(watched, "desktop, dark by the system's preference")
    assert found == []


# Each element that takes the focus, described as it is focused.
RECORD_FOCUS = """() => {
  window.focusStops = [];
  document.addEventListener("focusin", () => {
    const el = document.activeElement;
    // A drawer's checkbox is invisible: its focus shows on the drawer's icon.
    const shown = el.matches("input.sidebar-toggle")
      ? [...document.querySelectorAll(`label[for="${el.id}"]:not(.overlay)`)]
          .find(label => label.checkVisibility())
      : el;
    const style = getComputedStyle(shown);
    const box = shown.getBoundingClientRect();
    window.focusStops.push({
      tag: el.tagName.toLowerCase(), cls: el.className, href: el.getAttribute("href") || "",
      name: el.getAttribute("aria-label") || el.textContent.trim().slice(0, 40),
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
      visible: box.width > 0 && box.height > 0 && style.visibility !== "hidden",
      drawer: Boolean(el.closest(".sidebar-drawer, .toc-drawer")),
    });
  });
}"""
BATCH = 10


def tab_through(page: Page, limit: int = 150) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the page or comes back to its
    first stop. The copy buttons load at the first key pressed: the first press waits for
    them. The stops are read every few presses, not after each."""
    page.locator("body").focus()
    page.evaluate(RECORD_FOCUS)
    page.keyboard.press("Tab")
    if page.locator("div.highlight").count():
        page.locator("button.copybtn").first.wait_for(state="attached")
    stops: list[dict] = []
    for _ in range(limit // BATCH):
        for _ in range(BATCH):
            page.keyboard.press("Tab")
        before, stops = len(stops), page.evaluate("window.focusStops")
        if not stops:
            pytest.fail("nothing on the page takes the focus")
        if stops[0] in stops[1:]:  # round the page and back
            return stops[: stops.index(stops[0], 1)]
        if len(stops) < before + BATCH:  # out of the page: no stop since
            return stops
    pytest.fail(f"still tabbing after {limit} presses")


def test_keyboard_reaches_everything_on_a_desktop(watched: Page, server):
    watched.set_viewport_size(DESKTOP)
    watched.goto(f"{server}/index.html")
    stops = tab_through(watched)
    assert "skip-to-content" in stops[0]["cls"]
    hrefs = [s["href"] for s in stops]
    assert any("sidebar-search" in s["cls"] for s in stops)
    assert any("theme-toggle" in s["cls"] for s in stops)
    toc = watched.eval_on_selector_all(
        ".toc-drawer .toc-tree a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert [h for h in toc if h != "#"], "no contents entries"
    for href in toc:
        assert href == "#" or href in hrefs, href
    assert sum("copybtn" in s["cls"] for s in stops) == 4
    for stop in stops:
        assert stop["visible"], stop
        assert stop["outline"], stop


def test_keyboard_on_a_phone(watched: Page, server):
    watched.set_viewport_size(PHONE)
    watched.goto(f"{server}/index.html")
    stops = tab_through(watched)
    assert "skip-to-content" in stops[0]["cls"]
    assert not [s for s in stops if s["drawer"]], "focus went into a closed drawer"
    assert all(s["outline"] for s in stops)
    sommaire = watched.eval_on_selector_all(
        "nav.sommaire a", "links => links.map(a => a.getAttribute('href'))"
    )
    hrefs = [s["href"] for s in stops]
    assert all(h in hrefs for h in sommaire)


@pytest.mark.parametrize(
    ("toggle", "drawer"),
    [
        ("Afficher ou masquer la navigation", ".sidebar-drawer"),
        ("Afficher ou masquer le sommaire", ".toc-drawer"),
    ],
)
def test_drawers_open_and_close_with_the_keyboard(watched: Page, server, toggle, drawer):
    watched.set_viewport_size(PHONE)
    watched.goto(f"{server}/index.html")
    checkbox = watched.get_by_role("checkbox", name=toggle, exact=True)
    expect(watched.locator(drawer)).not_to_be_visible()
    checkbox.focus()
    watched.keyboard.press("Space")
    expect(checkbox).to_be_checked()
    expect(watched.locator(drawer)).to_be_visible()
    expect(watched.locator(drawer)).to_be_in_viewport()
    expect(watched.locator(f"{drawer} :focus")).to_have_count(1)  # the drawer takes focus
    watched.keyboard.press("Escape")
    expect(checkbox).not_to_be_checked()
    expect(checkbox).to_be_focused()
    expect(watched.locator(drawer)).not_to_be_visible()


@pytest.mark.parametrize("path", PAGES)
def test_landmarks_names_and_headings(watched: Page, server, path):
    watched.goto(f"{server}/{path}")
    assert watched.locator("main, [role=main]").count() == 1
    navigations = watched.eval_on_selector_all(
        "nav, [role=navigation]",
        "els => els.filter(e => e.checkVisibility({visibilityProperty: true}))"
        ".map(e => e.getAttribute('aria-label'))",
    )
    assert all(navigations), navigations
    assert len(set(navigations)) == len(navigations)
    levels = watched.eval_on_selector_all(
        "h1, h2, h3, h4, h5, h6", "hs => hs.map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    unnamed = watched.eval_on_selector_all(
        "button, input:not([type=hidden]), [role=button]",
        "els => els.filter(e => !(e.getAttribute('aria-label') || e.textContent.trim()"
        " || e.labels?.length)).map(e => e.outerHTML)",
    )
    assert unnamed == []


def test_search_form_has_a_submit_button(index):
    form = index.select_one("form[role=search]")
    assert form.select_one("button[type=submit]").get_text(strip=True) == "Rechercher"


def test_permalinks_have_a_french_name(watched: Page, server):
    watched.goto(f"{server}/index.html")
    heading = watched.locator("#source h2")
    heading.hover()  # furo shows a heading's permalink on hover only
    expect(heading.get_by_role("link", name="Lien vers cette rubrique")).to_be_visible()
