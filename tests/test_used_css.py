"""What the reduction of the styles (docs/_ext/used_css.py) may and may not change.

It may change how the styles reach the reader: each page carries its own, and nothing in its
``<head>`` waits for a stylesheet. It may not change what the reader sees: screenshots of every
page, in the states that scripts and the reader give it, are pixel-identical to those of the
same pages built without the reduction (``-D used_css=0``) in the same run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest
import used_css
from helpers import DESKTOP, DOCS, PHONE, parse, sphinx_build
from sphinx.errors import ExtensionError
from static_host import serve

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Browser, Page

PAGES = ["index.html", "search.html", "404.html"]
STEADY_TRIES = 5
ATTEMPTS = 3
RESULTS_DIR = "used-css-screenshots"  # under pytest's temporary folder, when a shot differs


PAGE = """<!doctype html><html class="no-js"><head><style>.inline{color:var(--inline)}</style>
</head><body><input type="checkbox" id="menu"><div class="page"><nav class="sommaire"><a
class="reference" href="#s">S</a></nav><article role="main"><section id="s"><h1>Titre</h1>
<p>Texte <img src="x.png" alt=""> <br> suite.</p><div class="highlight"><pre>@book</pre></div>
</section></article></div></body></html>"""


def used(css: str, html: str = PAGE, readers: tuple[str, ...] = ()) -> str:
    return used_css.reduce_css({"test.css": css}, [used_css.Page(html, "index")], readers)


def test_the_markup_added_for_the_scripts_is_theirs(site: Path):
    # A class that no script writes any more would keep rules for nothing, or hide a renamed one.
    scripts = "".join(path.read_text(encoding="utf-8") for path in site.glob("_static/*.js"))
    classes = {
        name
        for markup in used_css.SCRIPT_MARKUP.values()
        for names in re.findall(r'class="([^"]*)"', markup)
        for name in names.split()
    }
    assert classes
    assert sorted(name for name in classes if name not in scripts) == []


@pytest.mark.parametrize(
    ("rule", "kept"),
    [
        (".absent{color:red}", False),
        (".page{color:red}", True),
        ("nav .reference{color:red}", True),
        ("article .reference{color:red}", False),  # the link is in the nav, not the article
        ("nav.sommaire a.reference{color:red}", True),
        ("p{color:red}", True),  # after void elements (<img>, <br>): still inside the article
        ("article p{color:red}", True),
        ("a:hover{color:red}", True),  # the reader's states may be true
        (".absent:hover{color:red}", False),
        ("a::before{content:''}", True),
        ("#menu:checked~.page nav{color:red}", True),  # siblings: the words decide
        ("#menu:checked~.absent nav{color:red}", False),
        (".no-js .page{color:red}", True),  # a class a script removes
        ("body[data-theme=dark] .page{color:red}", True),  # an attribute a script sets
        ("p:not(.page){color:red}", True),
        (".scrolled .absent{color:red}", False),
        ("div.highlight .copybtn{color:red}", True),  # copybutton.js adds it
        ("h1 .copybtn{color:red}", False),  # but not there
        ("article mark.highlighted{color:red}", True),  # search-words.js marks the text
        ("article .reference {color:red}", False),  # a space before the block changes nothing
        ("details[open] summary{color:red}", False),  # no <details> on the page
        ("nav[open] a{color:red}", True),  # the browser sets "open": possibly true
    ],
)
def test_a_rule_is_dropped_only_when_the_page_cannot_use_it(rule: str, kept: bool):
    assert (used(rule) != "") is kept


def test_only_the_used_selectors_of_a_list_stay():
    assert used(".absent,.page,nav{color:red}") == ".page,nav{color:red}"


def test_a_list_with_a_browser_prefix_stays_whole():
    # Chromium drops the whole list for a selector it does not know (Firefox's): left whole, it
    # stays dropped; reduced to "nav", it would apply.
    css = ".absent::-moz-focus-inner,nav{border:0}"
    assert used(css) == css


def test_media_blocks_are_reduced_inside_and_other_at_rules_kept():
    css = "@media print{.absent{color:red}nav{color:blue}}@media (min-width:9em){.absent{x:y}}"
    assert used(css) == "@media print{nav{color:blue}}"
    assert used("@keyframes turn{to{rotate:1turn}}") == "@keyframes turn{to{rotate:1turn}}"


def test_custom_properties_read_by_rules_kept_whole_are_kept():
    css = "@keyframes k{to{color:var(--k)}}body{--k:red;--unread:0}"
    assert used(css) == "@keyframes k{to{color:var(--k)}}body{--k:red}"


def test_custom_properties_are_kept_if_something_reads_them():
    css = "body{--a:red;--b:var(--c);--c:blue;--unread:0;--inline:1;--later:2}nav{color:var(--b)}"
    assert used(css, readers=("x{y:var(--later)}",)) == (
        "body{--b:var(--c);--c:blue;--later:2}nav{color:var(--b)}"
    )
    # The page's own <style> reads --inline once the page passes it as a reader.
    page = used_css.Page(PAGE, "index")
    assert "--inline:1" in used_css.reduce_css({"test.css": css}, [page], page.styles)


@pytest.mark.parametrize(
    ("css", "message"),
    [
        (".page{background:url(image.png)}", r"test\.css, line 1: the address 'image\.png'"),
        (".page{\n background:URL( 'image.png' )}", r"test\.css, line 2: the address 'image\.png'"),
        (".page{background:image-set('a.png' 1x)}", r"test\.css, line 1: the address 'a\.png'"),
        (".page::after{content:'</style>'}", r"'</style' in a string"),
        ('@import "autre.css";', r"test\.css, line 1: @import"),
        (".page{\n  color:red;\n  .x{color:blue}}", r"test\.css, line 3: not a declaration"),
        (".page{color:red;\n  {oups}}", r"test\.css, line 2: not a declaration"),
    ],
    ids=[
        "address",
        "address in capitals",
        "image set",
        "end of style",
        "import",
        "nested rule",
        "malformed declaration",
    ],
)
def test_what_the_page_cannot_carry_fails_the_build(css: str, message: str):
    with pytest.raises(ExtensionError, match=message):
        used(css)


@pytest.fixture(scope="session")
def unreduced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site with furo's plain stylesheet links."""
    out = tmp_path_factory.mktemp("unreduced")
    result = sphinx_build(DOCS, out, options=["-D", "used_css=0"])
    assert result.returncode == 0, result.stdout + result.stderr
    # Really without the reduction: else the screenshots would compare two reduced builds.
    links = [link["href"] for link in parse(out / "html/index.html").select("link[rel=stylesheet]")]
    assert any(href.startswith("_static/styles/furo.css") for href in links), links
    return out / "html"


@pytest.fixture(scope="session")
def unreduced_server(unreduced: Path):
    with serve(unreduced) as base:
        yield base


@pytest.mark.parametrize("name", PAGES)
def test_no_stylesheet_delays_the_first_paint(site: Path, name: str):
    head = parse(site / name).head
    links = head.select("link[rel=stylesheet]")
    assert [
        link for link in links if link.get("media") != "print" and link.parent.name != "noscript"
    ] == []
    assert len(head.select("style")) == 2  # the used rules, and furo's code colours


@pytest.mark.parametrize("name", PAGES)
def test_the_page_carries_its_rules(site: Path, unreduced: Path, name: str):
    styles = "".join(style.get_text() for style in parse(site / name).head.select("style"))
    assert ".mobile-header{" in styles  # furo's
    assert "nav.sommaire" in styles or name != "index.html"  # the site's own
    # Rules for what the site never shows are gone.
    assert ".sig-name" not in styles  # API signatures
    assert ".admonition" not in styles  # notes, warnings…
    linked = "".join(
        (unreduced / name).read_text(encoding="utf-8")
        for name in ("_static/styles/furo.css", "_static/site.css")
    )
    assert len(styles) < len(linked) / 2


def test_the_code_colours_keep_their_place_without_delaying(site: Path, unreduced: Path):
    head = parse(site / "index.html").head
    link, fallback = head.select("link[rel=stylesheet]")
    assert link["media"] == "print"  # site.js sets "all": see the last test
    assert fallback.parent.name == "noscript"
    assert link["href"] == fallback["href"]
    assert re.fullmatch(r"_static/pygments\.css\?v=[0-9a-f]{8}", link["href"])
    assert link.find_next("style") is not None  # first in the cascade, as furo puts it
    reduced = (site / "_static/pygments.css").read_text(encoding="utf-8")
    full = (unreduced / "_static/pygments.css").read_text(encoding="utf-8")
    # Keywords (.k): none in the BibTeX block.
    assert re.search(r"\.highlight \.k\b", full)
    assert not re.search(r"\.highlight \.k\b", reduced)
    assert len(reduced) < len(full) / 4


@dataclass(frozen=True)
class Shot:
    """One screenshot: a page, a screen, a colour scheme, and what the reader did."""

    path: str
    viewport: dict
    scheme: str = "light"
    theme: str | None = None  # the reader's choice, as furo.js stores it
    action: Callable[[Page], None] | None = None
    full_page: bool = True
    javascript: bool = True
    media: str = "screen"
    label: str = field(default="", compare=False)

    def __str__(self) -> str:
        width = self.viewport["width"]
        theme = f"{self.scheme}{'-' + self.theme if self.theme else ''}"
        path = re.sub(r"\W+", "-", self.path)
        return f"{path}-{width}-{theme}-{self.label or 'page'}"


# Conditions are written as functions: Playwright evaluates a bare expression with eval(),
# which the pages' Content-Security-Policy forbids.


def open_drawer(which: str) -> Callable[[Page], None]:
    def action(page: Page) -> None:
        page.locator(f".mobile-header label[for={which}]").click()
        page.wait_for_function(f"() => document.getElementById('{which}').checked")

    return action


def scroll_back_up(page: Page) -> None:
    """Down the page, then a little up: furo shows the header's shadow and "back to top"."""
    for top in (3000, 2900):
        page.evaluate(f"window.scrollTo({{top: {top}, behavior: 'instant'}})")
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_function("() => document.documentElement.classList.contains('show-back-to-top')")


def shots() -> list[Shot]:
    found = []
    for path in ["index.html", "search.html?q=veille", "page-absente", "un/dossier/page-absente"]:
        for viewport in (PHONE, DESKTOP):
            # The reader's own choice of theme too: furo's [data-theme] rules, not the media
            # query's; and the page without JavaScript: furo's .no-js rules.
            for scheme, theme in (("light", None), ("dark", None), ("light", "dark")):
                found.append(Shot(path, viewport, scheme, theme))
            found.append(Shot(path, viewport, media="print", label="impression"))
            found.append(Shot(path, viewport, javascript=False, label="sans-javascript"))
        for scheme in ("light", "dark"):
            for drawer, label in (("__navigation", "menu"), ("__toc", "sommaire")):
                if drawer == "__toc" and path != "index.html":
                    continue  # only the review has contents
                found.append(
                    Shot(
                        path,
                        PHONE,
                        scheme,
                        action=open_drawer(drawer),
                        full_page=False,
                        label=label,
                    )
                )
    for viewport in (PHONE, DESKTOP):
        for scheme in ("light", "dark"):
            found.append(
                Shot("index.html?surligner=veille#la-veille-2-0", viewport, scheme, full_page=False,
                     label="marques")
            )  # fmt: skip
            found.append(
                Shot("index.html", viewport, scheme, action=scroll_back_up, full_page=False,
                     label="remontee")
            )  # fmt: skip
    return found


def shoot(browser: Browser, base: str, shot: Shot) -> bytes:
    context = browser.new_context(
        viewport=shot.viewport, color_scheme=shot.scheme, java_script_enabled=shot.javascript
    )
    if shot.theme:
        context.add_init_script(f"localStorage.setItem('theme', '{shot.theme}')")
    page = context.new_page()
    page.goto(f"{base}/{shot.path}", wait_until="load")
    if shot.javascript:
        # A reader's first key: site.js loads the copy buttons (and smooth scrolling starts).
        page.keyboard.press("Shift")
        if page.locator("div.highlight").count():
            page.locator("button.copybtn").first.wait_for(state="attached")
        page.wait_for_function(
            "() => [...document.querySelectorAll('link[rel=stylesheet]')].every((l) => l.sheet)"
        )
    page.evaluate("document.fonts.ready.then(() => true)")
    if shot.action:
        shot.action(page)
    # A drawer slides in: its last frame, not a fast-forwarded one.
    page.wait_for_function("() => document.getAnimations().length === 0")
    page.emulate_media(media=shot.media)
    # The same image twice in a row: a page still settling (a transition, a late tile of a
    # long page) would otherwise pass for a difference between the builds.
    images = [page.screenshot(full_page=shot.full_page, animations="disabled")]
    while len(images) < STEADY_TRIES and images[-1] != (
        image := page.screenshot(full_page=shot.full_page, animations="disabled")
    ):
        images.append(image)
    context.close()
    if len(images) == STEADY_TRIES:
        pytest.fail(f"{shot}: {base}'s page never settled ({STEADY_TRIES} different images)")
    return images[-1]


@pytest.mark.parametrize("shot", shots(), ids=str)
def test_screenshots_are_identical_without_the_reduction(
    browser: Browser, server: str, unreduced_server: str, shot: Shot, tmp_path_factory
):
    # Chromium's anti-aliasing of an SVG icon was seen to differ by one level in a dozen pixels
    # between two loads of the same page: a difference counts only if it comes back. A rule
    # the reduction lost would change every attempt.
    for _ in range(ATTEMPTS):
        reduced = shoot(browser, server, shot)
        plain = shoot(browser, unreduced_server, shot)
        if reduced == plain:
            return
    folder = tmp_path_factory.mktemp(RESULTS_DIR)
    (folder / f"{shot}-reduced.png").write_bytes(reduced)
    (folder / f"{shot}-plain.png").write_bytes(plain)
    pytest.fail(f"{shot}: the reduced styles change the page, {ATTEMPTS} times; see {folder}")


def test_the_code_colours_apply_once_the_page_has_loaded(page: Page, server: str):
    page.goto(f"{server}/index.html")
    page.wait_for_function("() => document.querySelector('link[data-deferred]').media === 'all'")
    # The field values (.s), coloured apart from the text around them.
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('div.highlight .s')).color !== "
        "getComputedStyle(document.querySelector('div.highlight pre')).color"
    )
