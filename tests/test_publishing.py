"""Publishing: the public address, metadata for search engines and sharing, sitemap, robots,
404 page and the Content-Security-Policy."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urlsplit

import pytest
import sharing_image
from helpers import DOCS, SITE_URL, parse, sphinx_build
from PIL import Image
from playwright.sync_api import Page, expect
from publishing import checked_address
from sphinx.errors import ConfigError


@pytest.fixture(scope="module")
def head(published):
    return parse(published / "index.html").head


def meta(head, attribute, value):
    tag = head.find("meta", attrs={attribute: value})
    assert tag is not None, value
    return tag["content"]


def test_description_and_canonical(head):
    description = head.find("meta", attrs={"name": "description"})["content"]
    assert "Anthony Poncier" in description
    assert "Gilles Balmisse" in description
    assert head.find("link", rel="canonical")["href"] == f"{SITE_URL}index.html"


def test_open_graph_and_twitter_card(head, published):
    assert meta(head, "property", "og:locale") == "fr_FR"
    assert meta(head, "property", "og:type") == "website"  # what Zotero saves as a web page
    assert meta(head, "property", "og:url") == f"{SITE_URL}index.html"
    assert "Du web 2.0" in meta(head, "property", "og:title")
    assert "Anthony Poncier" in meta(head, "property", "og:description")
    image = meta(head, "property", "og:image")
    assert image == f"{SITE_URL}_static/partage.png"
    assert (published / "_static/partage.png").stat().st_size > 0
    assert "Balmisse" in meta(head, "property", "og:image:alt")
    assert meta(head, "name", "twitter:card") == "summary_large_image"


def test_structured_data_states_the_facts(head):
    data = json.loads(head.find("script", type="application/ld+json").string)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Review"
    assert data["inLanguage"] == "fr"
    assert data["url"] == f"{SITE_URL}index.html"  # the page, as its canonical link says
    assert data["author"]["name"] == "Anthony Poncier"
    book = data["itemReviewed"]
    assert book["@type"] == "Book"
    assert book["name"] == "Du Web 2.0 à l’entreprise\u00a0: usages, applications et outils"
    assert book["author"]["name"] == "Gilles Balmisse"
    assert book["isbn"] == "978-2-7462-1930-4"
    assert book["datePublished"] == "2009"
    assert book["numberOfPages"] == 238
    assert "Hermès" in book["publisher"]["name"]
    assert "Lavoisier" in book["publisher"]["name"]


def test_favicon(head):
    icon = head.find("link", rel="icon")["href"]
    assert icon.startswith("data:image/svg+xml,")
    assert unquote(icon).count("<svg") == 1


def test_sitemap_lists_real_pages_only(published):
    tree = ET.parse(published / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in tree.findall("s:url/s:loc", namespace)]
    assert urls == [f"{SITE_URL}index.html"]
    for url in urls:
        assert "/fr/" not in url
        assert (published / url.removeprefix(SITE_URL)).is_file()


def test_robots_txt_points_to_the_sitemap(published):
    robots = (published / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()


def test_404_page_works_at_any_depth(published):
    page = parse(published / "404.html")
    assert page.html["lang"] == "fr"
    assert "Page introuvable" in page.title.get_text()
    links = [a["href"] for a in page.select("a[href]")]
    prefix = urlsplit(SITE_URL).path
    assert f"{prefix}index.html" in links
    assert f"{prefix}search.html" in links
    assets = [tag.get("href") or tag.get("src") for tag in page.select("link[href], script[src]")]
    for asset in assets:
        if asset.startswith(("_static", "../")):
            pytest.fail(f"relative asset in the 404 page: {asset}")


def test_local_build_has_no_address(site, index):
    assert not (site / "sitemap.xml").exists()
    assert "Sitemap" not in (site / "robots.txt").read_text(encoding="utf-8")
    assert index.find("link", rel="canonical") is None


@pytest.mark.parametrize("bad", ["http://exemple.org/", "exemple.org", "https://", "/revue/"])
def test_a_bad_address_is_refused(bad):
    with pytest.raises(ConfigError, match="SITE_URL must be the site's absolute https:// address"):
        checked_address(bad)


def test_a_bad_address_stops_the_build_before_any_page(tmp_path):
    result = sphinx_build(DOCS, tmp_path, site_url="exemple.org")
    assert result.returncode != 0
    assert "SITE_URL must be the site's absolute https:// address" in result.stderr
    assert not (tmp_path / "html" / "index.html").exists()


# -- Content-Security-Policy ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["index.html", "search.html", "404.html"])
def test_every_page_carries_a_strict_policy(published, name):
    html = parse(published / name)
    policy = html.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    script = directives["script-src"]
    assert "unsafe-inline" not in script
    assert "unsafe-eval" not in script
    assert "unsafe" not in policy
    assert re.fullmatch(r"'self'( 'sha256-[A-Za-z0-9+/=]+')*", script)
    # The policy comes before anything it governs (JSON-LD is data, never run; canonical and
    # search links load nothing).
    governed = html.head.select(
        'script:not([type="application/ld+json"]), style, link[rel~=stylesheet], link[rel~=icon]'
    )
    assert governed
    assert min(element.sourceline for element in governed) > (
        html.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"}).sourceline
    )


def test_404_page_at_any_depth_runs_under_the_policy(watched: Page, server):
    # Served as GitHub Pages does; the other pages are checked in test_browser.py.
    response = watched.goto(f"{server}/un/dossier/nulle-part")
    watched.wait_for_load_state("networkidle")
    assert response.status == 404
    # The one error is the page's own status; every asset it needs loads.
    assert watched.errors == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
    expect(watched.get_by_role("heading", level=1, name="Page introuvable")).to_be_visible()
    expect(watched.locator("script[src]").first).to_have_attribute("src", re.compile("^/_static/"))
    # furo's styles applied (written into the page): its system font stack, not the
    # browser's default serif.
    assert "-apple-system" in watched.evaluate("getComputedStyle(document.body).fontFamily")


def test_theme_toggle_works_under_the_policy(watched: Page, server):
    watched.goto(f"{server}/index.html")
    before = watched.evaluate("document.body.dataset.theme")
    watched.get_by_role("button", name=re.compile("Changer de thème")).first.click()
    expect(watched.locator("body")).not_to_have_attribute("data-theme", before)
    assert watched.errors == []


# -- The sharing image ---------------------------------------------------------------------------


def test_the_sharing_image_is_the_one_its_script_draws():
    # Drawn from the facts by docs/sharing_image.py: a fact or the script changed, the image
    # follows (nox -s image), or this fails.
    committed = Image.open(sharing_image.OUTPUT)
    drawn = sharing_image.draw()
    assert committed.size == drawn.size == (1200, 630)
    assert committed.convert("RGB").tobytes() == drawn.tobytes(), "run nox -s image"


@pytest.mark.parametrize("width", range(300, 1100, 40))
def test_the_sharing_image_breaks_its_lines_by_sense(width):
    face = sharing_image.font("DejaVuSerif-Bold", 78)
    title = "Du Web 2.0 à l’entreprise, usages et outils de la veille"
    lines = sharing_image.lines_by_sense(title, face, width)
    assert " ".join(lines) == title
    for line in lines[:-1]:
        last = line.split()[-1]
        assert last not in sharing_image.LEADING_WORDS, lines
        assert not last.endswith("’"), lines
    narrow = face.getlength("Du Web 2.0 à") + 1  # « à » fits, and goes to the next line
    assert sharing_image.lines_by_sense("Du Web 2.0 à l’entreprise", face, narrow) == [
        "Du Web 2.0", "à l’entreprise",
    ]  # fmt: skip


@pytest.mark.parametrize("name", ["index.html", "404.html", "search.html"])
def test_what_tools_show_of_the_page_is_spaced_the_french_way(published, name):
    # Share cards, search engines and reference managers show these strings as text: the
    # page's rules hold there too (no-break space inside « », before « : » and « – »).
    head = parse(published / name).head
    shown = 'meta[property], meta[name="description"], meta[name="author"], meta[name^="DC."]'
    texts = [tag["content"] for tag in head.select(f"{shown}, meta[name^='citation_']")]
    texts += [head.title.get_text()]
    for script in head.select('script[type="application/ld+json"]'):
        texts += _strings(json.loads(script.get_text()))
    prose = [t for t in texts if " " in t and "://" not in t]
    assert prose
    for text in prose:
        assert not re.search(r"«(?!\u00a0)|(?<!\u00a0)»", text), text
        assert not re.search(r"[ \u202f][:–]", text), text
        assert not re.search(r"[^\u202f][;!?](?:\s|$)", text), text


def _strings(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str):
        yield data
