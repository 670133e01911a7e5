"""The output layer (docs/_ext/page_output.py): every page is finished or the build fails, the
output holds only what is asked for, and the reduced styles change nothing the reader sees.

The screenshots compare each distinct state of the styles (page, width, colour scheme, what
scripts and the reader toggle) with the same page built without the reduction
(``-D used_css=0``) in the same run.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import page_output
import pytest
from helpers import DESKTOP, DOCS, PHONE, built_once, copy_of_the_sources, parse, sphinx_build
from sphinx.errors import ExtensionError
from static_host import serve

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from playwright.sync_api import Browser, Page

PAGES = ["index.html", "search.html", "404.html"]
PLACEHOLDERS = page_output.PLACEHOLDERS
STEADY_TRIES = 5
ATTEMPTS = 3


def unfinished(folder: Path) -> list[str]:
    """The files of ``folder`` that still hold a placeholder."""
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and any(p.encode() in path.read_bytes() for p in PLACEHOLDERS)
    )


# -- Every page finished, or the build fails ---------------------------------------------------
# Whatever the files' times: test_reproducible.py builds twice into a folder dated back.


def test_a_file_left_unfinished_fails_the_build_naming_it(tmp_path: Path):
    # A page copied as it is (html_extra_path) was never rendered: nothing filled it.
    docs = copy_of_the_sources(tmp_path, '\nhtml_extra_path = ["extra"]\n')
    (docs / "extra").mkdir()
    (docs / "extra" / "ancienne.html").write_text(
        f'<meta http-equiv="Content-Security-Policy" content="{page_output.POLICY}">',
        encoding="utf-8",
    )
    result = sphinx_build(docs, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(r"ancienne\.html: left unfinished", result.stdout + result.stderr)


def test_a_template_without_the_placeholder_fails_the_build_naming_the_page(tmp_path: Path):
    docs = copy_of_the_sources(tmp_path)
    path = docs / "_themes" / "edition" / "page.html"
    text = path.read_text(encoding="utf-8")
    assert "<style>{{ used_css_placeholder }}</style>" in text
    path.write_text(text.replace("<style>{{ used_css_placeholder }}</style>", ""), "utf-8")
    result = sphinx_build(docs, tmp_path / "out")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert re.search(r"\.html: expected one placeholder /\*used-css-to-be-computed\*/", output)


# -- Builders ----------------------------------------------------------------------------------
def test_dirhtml_gives_the_same_finished_pages(tmp_path: Path, site: Path):
    result = sphinx_build(DOCS, tmp_path, builder="dirhtml")
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "html"
    assert unfinished(out) == []
    for name, path in {"index.html": "index.html", "search.html": "search/index.html"}.items():
        styles = parse(out / path).head.select_one("style").get_text()
        assert styles == parse(site / name).head.select_one("style").get_text()
    assert ".search-page-form" in parse(out / "search/index.html").head.style.get_text()


def test_epub_builds_without_the_html_passes(tmp_path: Path):
    result = sphinx_build(DOCS, tmp_path, builder="epub")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "html" / "index.xhtml").read_text(encoding="utf-8")
    assert "Content-Security-Policy" not in page
    assert not any(p in page for p in PLACEHOLDERS)
    assert list((tmp_path / "html").glob("*.epub"))
    # No site.js there: no switch between the readings, which shows the corrected one, and
    # no paragraph numbers drawn by the site's margins; the voice of the edition kept.
    assert "<button" not in page
    assert "numero-paragraphe" not in page
    assert 'class="lecon-publiee texte-publie" hidden="hidden"' in page
    assert "<i>Les mots soulignés" in page


# -- Only what is asked for -------------------------------------------------------------------
def test_every_published_file_is_asked_for(site: Path, published: Path):
    for folder in (site, published):
        files = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
        assert files.isdisjoint({
            "searchindex.js", "_static/translations.js", "_static/french-stemmer.js",
            "_static/base-stemmer.js", "_static/copybutton_funcs.js", "_static/file.png",
            "_static/skeleton.css", "_static/favicon.svg", "_static/styles/furo.css",
            "_static/pygments.css", "_static/basic.css", "_static/doctools.js",
        }), files  # fmt: skip
    # What readers' tools and the pages ask for is there.
    for name in ("robots.txt", "sitemap.xml", "_static/partage.png", "_static/site.js",
                 "_static/copybutton.js", "_static/scripts/furo.js.LICENSE.txt"):  # fmt: skip
        assert (published / name).is_file(), name


# -- What the scripts do to a page ---------------------------------------------------------------
TOGGLED = [
    (r"classList\.(?:add|remove|toggle|replace)\(\s*['\"]([\w-]+)['\"]", "class"),
    (r"\w+Class\s*:\s*['\"]([\w-]+)['\"]", "class"),  # Gumshoe's options, in furo.js
    (r"className\s*[:=]\s*['\"`]([\w -]+)['\"`]", "class"),
    (r"class=\\?['\"]([\w -]+)", "class"),
    (r"setAttribute\(\s*['\"]([\w-]+)['\"]", "attribute"),
    (r"toggleAttribute\(\s*['\"]([\w-]+)['\"]", "attribute"),
    (r"\.(hidden|open|disabled)\s*=[^=]", "attribute"),  # properties reflected as attributes
    (r"createElement\(\s*['\"](\w+)['\"]", "element"),
]


def toggled(script: str) -> set[tuple[str, str]]:
    """The classes, attributes and elements that a script writes into the page."""
    found = {
        (kind, name)
        for pattern, kind in TOGGLED
        for names in re.findall(pattern, script)
        for name in names.split()
    }
    found |= {
        ("attribute", "data-" + re.sub(r"[A-Z]", lambda m: "-" + m[0].lower(), name))
        for name in re.findall(r"dataset\.(\w+)\s*=[^=]", script)
    }
    return found


def known_to_the_reduction() -> set[tuple[str, str]]:
    known = {("class", name) for name in page_output.SCRIPT_STATES["classes"]}
    known |= {("attribute", name) for name in page_output.SCRIPT_STATES["attributes"]}
    known |= {("element", name) for name in ("link", "script")}  # the loader's, in <head>
    # clipboard.js's off-screen <textarea readonly>, added and removed within one copy.
    known |= {("element", "textarea"), ("attribute", "readonly")}
    for markup in page_output.SCRIPT_MARKUP.values():
        known |= {("element", name) for name in re.findall(r"<(\w+)", markup)}
        known |= {("attribute", name) for name in re.findall(r"\s([\w-]+)=", markup)}
        known |= {
            ("class", name)
            for names in re.findall(r'class="([^"]*)"', markup)
            for name in names.split()
        }
    return known


def test_a_script_toggling_a_new_class_is_caught():
    script = (
        'e.classList.add("nouvel-etat"); b.dataset.vue = "x"; n.className = "a b";'
        " p.disabled = true;"
    )
    assert toggled(script) - known_to_the_reduction() == {
        ("class", "nouvel-etat"), ("attribute", "data-vue"), ("class", "a"), ("class", "b"),
        ("attribute", "disabled"),
    }  # fmt: skip


def test_the_shipped_scripts_toggle_only_what_the_reduction_knows(site: Path):
    # The scripts the pages load, and those site.js loads for them.
    scripts = set()
    for name in PAGES:
        head_and_body = parse(site / name)
        for tag in head_and_body.select("script[src]"):
            scripts.add(site / tag["src"].split("?")[0].lstrip("/"))
            for attribute in ("data-scripts", "data-marks"):
                scripts |= {site / "_static" / n for n in tag.get(attribute, "").split()}
    scripts = {path for path in scripts if path.suffix == ".js"}
    assert {path.name for path in scripts} >= {"furo.js", "site.js", "copybutton.js", "search.js"}
    found = set().union(*(toggled(path.read_text(encoding="utf-8")) for path in scripts))
    assert ("class", "scrolled") in found  # furo.js's header, once scrolled
    assert sorted(found - known_to_the_reduction()) == []


# -- The reduction -----------------------------------------------------------------------------
PAGE = """<!doctype html><html class="no-js"><head><style>.inline{color:var(--inline)}</style>
</head><body><input type="checkbox" id="menu"><div class="page"><nav class="sommaire"><a
class="reference" href="#s">S</a></nav><article role="main"><section id="s"><h1>Titre</h1>
<p>Texte <img src="x.png" alt=""> <br> suite.</p><div class="highlight"><pre>@book</pre></div>
</section></article></div></body></html>"""


def used(css: str, html: str = PAGE, readers: tuple[str, ...] = ()) -> str:
    return page_output.reduce_css({"test.css": css}, [page_output.Page(html, "index")], readers)


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


def test_custom_properties_are_kept_if_something_reads_them():
    css = "body{--a:red;--b:var(--c);--c:blue;--unread:0;--inline:1;--later:2}nav{color:var(--b)}"
    assert used(css, readers=("x{y:var(--later)}",)) == (
        "body{--b:var(--c);--c:blue;--later:2}nav{color:var(--b)}"
    )
    assert used("@keyframes k{to{color:var(--k)}}body{--k:red;--unread:0}") == (
        "@keyframes k{to{color:var(--k)}}body{--k:red}"
    )
    # The page's own <style> reads --inline once the page passes it as a reader.
    page = page_output.Page(PAGE, "index")
    assert "--inline:1" in page_output.reduce_css({"test.css": css}, [page], page.styles)


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


@pytest.mark.parametrize("name", PAGES)
def test_the_page_paints_from_its_own_rules(site: Path, name: str):
    head = parse(site / name).head
    assert head.select("link[rel=stylesheet]") == []
    styles = "".join(style.get_text() for style in head.select("style"))
    assert ".mobile-header{" in styles  # furo's
    assert "nav.sommaire" in styles or name != "index.html"  # the site's own
    assert ".sig-name" not in styles  # API signatures: never on this site
    # The code's colours, first in the cascade as furo links them, for the block there is.
    assert styles.startswith(".highlight") is (name == "index.html")
    assert not re.search(r"\.highlight \.k\b", styles)  # keywords: none in the BibTeX block


# -- Screenshots ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def unreduced(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site with furo's plain stylesheet links."""
    html = built_once(tmp_path_factory, "unreduced", options=["-D", "used_css=0"])
    # Really without the reduction: else the screenshots would compare two reduced builds.
    links = [link["href"] for link in parse(html / "index.html").select("link[rel=stylesheet]")]
    assert any(href.startswith("_static/styles/furo.css") for href in links), links
    return html


@pytest.fixture(scope="session")
def unreduced_server(unreduced: Path):
    with serve(unreduced) as base:
        yield base


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


# One shot per distinct state of the styles: each page at both widths (the layouts' @media
# blocks), in light on the phone and dark on the desktop; then, on the review page, each state
# that scripts, the browser or the reader give it, once.
SHOTS = [
    *(Shot(path, PHONE) for path in ("index.html", "search.html?q=veille", "un/dossier/absente")),
    *(Shot(path, DESKTOP, "dark") for path in ("index.html", "search.html?q=veille", "absente")),
    Shot("index.html", DESKTOP, theme="dark", label="choix-sombre"),  # furo's [data-theme]
    Shot("index.html", PHONE, media="print", label="impression"),
    Shot("index.html", DESKTOP, javascript=False, label="sans-javascript"),  # furo's .no-js
    Shot("index.html", PHONE, "dark", action=open_drawer("__navigation"), full_page=False,
         label="menu"),
    Shot("index.html", PHONE, action=open_drawer("__toc"), full_page=False, label="sommaire"),
    Shot("index.html?surligner=veille#la-veille-2-0", DESKTOP, full_page=False, label="marques"),
    Shot("index.html", PHONE, "dark", action=scroll_back_up, full_page=False, label="remontee"),
]  # fmt: skip


def capture(page: Page, *, full_page: bool) -> bytes:
    """A lossless PNG through Chromium's own call, with its fastest compression: a quarter of
    the CPU time of ``page.screenshot`` (0.25 s against 0.9 s for the review page), which
    re-encodes; the pixels are the same for both builds either way. (Unlike it, this capture
    shows a text field's caret: no shot focuses a field.)"""
    params: dict[str, object] = {"format": "png", "optimizeForSpeed": True}
    if full_page:
        width, height = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        params |= {"captureBeyondViewport": True, "clip": clip}
    session = page.context.new_cdp_session(page)
    image = base64.b64decode(session.send("Page.captureScreenshot", params)["data"])
    session.detach()
    return image


@pytest.fixture(scope="session")
def pages(browser: Browser) -> Iterator[Callable[[str, bool], Page]]:
    """One page per build, with or without JavaScript, reused from shot to shot (each shot
    loads its page afresh): a new context per shot doubled the cost of its load."""
    opened: dict[tuple[str, bool], Page] = {}

    def page_for(base: str, javascript: bool) -> Page:
        if (base, javascript) not in opened:
            context = browser.new_context(java_script_enabled=javascript)
            opened[base, javascript] = context.new_page()
        return opened[base, javascript]

    yield page_for
    for page in opened.values():
        page.context.close()


def shoot(pages: Callable[[str, bool], Page], base: str, shot: Shot, *, steady: bool) -> bytes:
    page = pages(base, shot.javascript)
    page.set_viewport_size(shot.viewport)
    page.emulate_media(color_scheme=shot.scheme, media="screen")
    page.mouse.move(-1, -1)  # out of the page: no :hover left by an earlier shot's click
    page.goto(f"{base}/{shot.path}", wait_until="load")
    if shot.theme:  # the reader's choice, stored by furo.js at an earlier visit
        page.evaluate(f"localStorage.setItem('theme', '{shot.theme}')")
        page.reload(wait_until="load")
        page.evaluate("localStorage.removeItem('theme')")
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
    # ``steady``: the same image twice in a row, after a first difference: a page still
    # settling (a transition, a late tile of a long page) would otherwise pass for a difference
    # between the builds. (Two equal images from the two builds are settled already.)
    images = [capture(page, full_page=shot.full_page)]
    while (
        steady
        and len(images) < STEADY_TRIES
        and images[-1] != (image := capture(page, full_page=shot.full_page))
    ):
        images.append(image)
    if len(images) == STEADY_TRIES:
        pytest.fail(f"{shot}: {base}'s page never settled ({STEADY_TRIES} different images)")
    return images[-1]


@pytest.mark.parametrize("shot", SHOTS, ids=str)
def test_screenshots_are_identical_without_the_reduction(
    pages, server: str, unreduced_server: str, shot: Shot, tmp_path_factory
):
    # Chromium's anti-aliasing of an SVG icon was seen to differ by one level in a dozen pixels
    # between two loads of the same page: a difference counts only if it comes back. A rule
    # the reduction lost would change every attempt.
    for attempt in range(ATTEMPTS):
        reduced = shoot(pages, server, shot, steady=attempt > 0)
        plain = shoot(pages, unreduced_server, shot, steady=attempt > 0)
        if reduced == plain:
            return
    folder = tmp_path_factory.mktemp("used-css-screenshots")
    (folder / f"{shot}-reduced.png").write_bytes(reduced)
    (folder / f"{shot}-plain.png").write_bytes(plain)
    pytest.fail(f"{shot}: the reduced styles change the page, {ATTEMPTS} times; see {folder}")
