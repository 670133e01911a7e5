"""Reading on a phone, in headless Chromium: nothing off-screen at 320 and 360 px, the table of
corrections reflowed but still a table for screen readers, identifiers kept whole, and no
motion the reader did not ask for."""

from __future__ import annotations

import re
import unicodedata

import pytest
from bibliography import book_bibtex
from corrections import NumberCorrections
from helpers import DESKTOP
from playwright.sync_api import Page, expect
from typography import NNBSP, respace

NARROW = [{"width": 320, "height": 640}, {"width": 360, "height": 740}]
# The identifiers of the book and of the review (see the notice and « Source »).
ISBN_13, ISBN_10, ISSN = "978-2-7462-1930-4", "2-7462-1930-1", "1635-7361"
ADDRESS = "poncier.org/blog/?p=1380"
TABLE = "Les corrections apportées au texte publié"


def open_narrow(page: Page, server: str, viewport: dict, path: str = "index.html") -> None:
    page.set_viewport_size(viewport)
    page.goto(f"{server}/{path}")
    if path == "index.html":
        # The copy buttons load as the citations come near: measure the page with them.
        page.locator(".highlight-bibtex").scroll_into_view_if_needed()
        blocks = page.locator("div.highlight").count()
        expect(page.locator("button.copybtn")).to_have_count(blocks)
    elif path.startswith("search"):
        expect(page.locator("#search-results ul.search li").first).to_be_visible()


OFF_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const article = document.querySelector("article[role=main]");
  // Out of sight by design (for screen readers only): inside a 1 px box that clips.
  const hidden = (el) => {
    for (let box = el; box && box !== article; box = box.parentElement) {
      const r = box.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1 && getComputedStyle(box).overflow !== "visible") {
        return true;
      }
    }
    return false;
  };
  const describe = (el) => `${el.tagName.toLowerCase()}.${el.className} ${el.textContent.trim().slice(0, 40)}`;
  const wide = [], scrolling = [];
  for (const el of [article, ...article.querySelectorAll("*")]) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.left < -0.5 || r.right > width + 0.5) && !hidden(el)) {
      wide.push(`${describe(el)} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
    }
    if (["auto", "scroll"].includes(getComputedStyle(el).overflowX)
        && el.scrollWidth > el.clientWidth + 1) {
      scrolling.push(`${describe(el)} (${el.scrollWidth} > ${el.clientWidth})`);
    }
  }
  return { wide, scrolling, page: document.documentElement.scrollWidth - width };
}"""


@pytest.mark.parametrize("path", ["index.html", "search.html?q=veille", "404.html"])
def test_nothing_is_off_screen(page: Page, server, path):
    viewport = NARROW[0]  # the narrowest: what fits there fits wider
    open_narrow(page, server, viewport, path)
    found = page.evaluate(OFF_SCREEN)
    assert found["wide"] == []  # no element wider than the screen
    assert found["scrolling"] == []  # no box that scrolls sideways
    assert found["page"] <= 0


LINES = """(identifier) => {
  // Every occurrence of the identifier in the article's text, and the lines it occupies.
  const article = document.querySelector("article[role=main]");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const texts = [];
  let text = "";
  while (walker.nextNode()) {
    texts.push([walker.currentNode, text.length]);
    text += walker.currentNode.data;
  }
  const at = (offset) => {
    const [node, start] = texts.findLast(([, start]) => start <= offset);
    return [node, offset - start];
  };
  const found = [];
  for (let i = text.indexOf(identifier); i >= 0; i = text.indexOf(identifier, i + 1)) {
    const range = document.createRange();
    range.setStart(...at(i));
    range.setEnd(...at(i + identifier.length - 1));
    range.setEnd(range.endContainer, range.endOffset + 1);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width)
      .map((r) => Math.round(r.top)));
    const parent = range.startContainer.parentElement;
    const block = parent.closest("div.highlight, dd") ?? parent.closest("p");
    const where = parent.closest("section[id]").id;
    found.push({ where, block: block?.className || block?.tagName, lines: tops.size });
  }
  return found;
}"""


def test_identifiers_stay_on_one_line(page: Page, server):
    open_narrow(page, server, NARROW[0])
    found = {name: page.evaluate(LINES, name) for name in (ISBN_13, ISBN_10, ISSN, ADDRESS)}
    for name, occurrences in found.items():
        assert occurrences, f"{name} is not on the page"
        assert all(o["lines"] == 1 for o in occurrences), (name, occurrences)
    # In the notice, in the book's citations (biblatex and text) and in the review's (the
    # book they review); the address in « Source » and in the review's citations.
    assert {o["block"] for o in found[ISBN_13]} >= {"DD", "highlight"}
    assert len([o for o in found[ISBN_13] if o["block"] == "highlight"]) == 4
    assert {o["where"] for o in found[ADDRESS]} == {"source", "citer-ce-compte-rendu"}


def test_no_line_of_the_citations_begins_with_a_colon(page: Page, server):
    # The citations wrap: at no width may « : » (typed after a space) begin a line.
    open_narrow(page, server, NARROW[0])
    for width in range(320, 721, 16):
        page.set_viewport_size({"width": width, "height": 800})
        colons = [o for o in page.evaluate(LINES, "\u00a0:") if o["block"] == "highlight"]
        assert len(colons) >= 3, width  # in the titles and before the publisher
        assert all(o["lines"] == 1 for o in colons), (width, colons)


def test_the_copy_buttons_copy_the_plain_text(page: Page, server):
    # What keeps identifiers and colons in place must not reach the clipboard.
    open_narrow(page, server, NARROW[0])
    copied = []
    for block in page.locator("div.highlight").all():
        block.hover()
        expect(block.get_by_role("button")).to_have_accessible_name("Copier dans le presse-papiers")
        button = block.locator("button.copybtn")  # its name changes once it has copied
        expect(button).to_have_attribute("data-tooltip", "Copier")
        button.click()
        expect(button).to_have_attribute("data-tooltip", f"Copié{NNBSP}!")  # French spacing
        copied.append(page.evaluate("navigator.clipboard.readText()"))
    # The BibTeX as the site writes it, with French spacing as shown.
    assert respace(book_bibtex()).rstrip("\n") in copied
    shown = page.eval_on_selector_all("div.highlight pre", "pres => pres.map(p => p.textContent)")
    assert copied == [text.rstrip("\n") for text in shown]
    assert any("978-2-7462-1930-4" in text for text in copied)
    # No format character (word joiner, zero-width space, soft hyphen), no no-break hyphen.
    assert not [c for text in copied for c in text if unicodedata.category(c) == "Cf"]
    assert "\u2011" not in "".join(copied)


def test_the_table_reflows_and_stays_a_table_for_screen_readers(page: Page, server):
    open_narrow(page, server, NARROW[0])
    table = page.get_by_role("table", name=TABLE)
    cells = table.locator("td")
    assert cells.first.evaluate("td => getComputedStyle(td).display") != "table-cell"
    assert table.bounding_box()["width"] <= NARROW[0]["width"]
    # Each field shows its column's name…
    labels = table.locator("tbody tr").first.locator(".libelle")
    columns = ["No", *NumberCorrections.headers]  # « No »: N and a superscript o
    expect(labels).to_have_text(columns)
    # …which screen readers get from the header row, still in the accessibility tree.
    headers = table.get_by_role("columnheader")
    expect(headers).to_have_text(columns)
    rows = table.get_by_role("row")
    count = rows.count()
    assert count == 12  # the header row and the eleven corrections
    for row in rows.all()[1:]:
        expect(row.get_by_role("cell")).to_have_count(len(columns))
    # The visible labels are not read a second time.
    for header in columns:
        expect(table.get_by_role("cell", name=re.compile(f"^{header}"))).to_have_count(0)


def test_on_a_wide_screen_the_table_stays_a_table(page: Page, server):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{server}/index.html")
    table = page.get_by_role("table", name=TABLE)
    assert table.locator("td").first.evaluate("td => getComputedStyle(td).display") == (
        "table-cell"
    )
    expect(table.locator("thead")).to_be_visible()
    expect(table.locator(".libelle").first).to_be_hidden()


# Chromium scrolls to the fragment around the load event: the page must not scroll smoothly
# until the reader acts (site.js, site.css).
LANDING = """async (id) => {
  // Where the page is at each frame of its first 100 ms, then where an instant jump to the
  // target puts it.
  const start = performance.now();
  const positions = [];
  while (performance.now() - start < 100) {
    positions.push(Math.round(window.scrollY));
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  document.getElementById(id).scrollIntoView({ behavior: "instant" });
  return { positions, target: Math.round(window.scrollY) };
}"""


def test_opening_at_a_fragment_lands_at_once(page: Page, server):
    # Smooth scrolling is allowed (no reduced motion), but only for the reader's own clicks.
    page.emulate_media(reduced_motion="no-preference")
    page.set_viewport_size(NARROW[1])
    for fragment in ("glossaire", "note-dedition", "term-veille"):  # sections, a definition
        page.goto(f"{server}/index.html#{fragment}")
        landing = page.evaluate(LANDING, fragment)
        assert landing["target"] > 1000  # far down the page: a smooth scroll would show
        assert landing["positions"], "no frame in 100 ms"
        assert all(abs(y - landing["target"]) <= 1 for y in landing["positions"]), landing


MOVING = """() => [...document.querySelectorAll("*")].flatMap((el) =>
  [null, "::before", "::after"].map((pseudo) => [el, getComputedStyle(el, pseudo)]))
  .filter(([, style]) =>
    style.transitionDuration.split(",").some((d) => parseFloat(d) > 0)
    || style.animationName !== "none" || style.scrollBehavior !== "auto")
  .map(([el]) => `${el.tagName.toLowerCase()}.${el.className}`)"""


def test_nothing_moves_under_reduced_motion(page: Page, server):
    page.emulate_media(reduced_motion="reduce")
    open_narrow(page, server, NARROW[1])
    page.get_by_role("link", name="Glossaire").first.click()  # a click: focus in the page
    assert page.evaluate(MOVING) == []
    # The copy button's feedback, at the moment it shows.
    block = page.locator(".highlight-bibtex")
    block.hover()
    block.get_by_role("button").click()
    assert page.evaluate(MOVING) == []


AFTER_A_CLICK = """() => {
  // Where the page is at each frame from the next click until it stops moving.
  window.afterClick = new Promise((resolve) => addEventListener("click", () => {
    const positions = [];
    const sample = () => {
      positions.push(Math.round(window.scrollY));
      const last = positions.slice(-5);
      if (last.length === 5 && last.every((y) => y === last[0])) resolve(positions);
      else requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  }, { once: true }));
}"""


def click_and_follow(page: Page, target: str) -> list[int]:
    page.evaluate(AFTER_A_CLICK)
    page.locator(f'nav.sommaire a[href="#{target}"]').click()
    return page.evaluate("window.afterClick")


def test_a_click_on_a_link_may_scroll_smoothly(page: Page, server):
    page.emulate_media(reduced_motion="no-preference")
    page.set_viewport_size(NARROW[1])
    page.goto(f"{server}/index.html")
    positions = click_and_follow(page, "glossaire")
    assert positions[-1] > 1000
    assert len(set(positions)) > 5  # passes through positions on the way


def test_with_reduced_motion_a_click_jumps(page: Page, server):
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size(NARROW[1])
    page.goto(f"{server}/index.html")
    positions = click_and_follow(page, "glossaire")
    assert positions[-1] > 1000
    assert all(abs(y - positions[-1]) <= 1 for y in positions)
