"""Shared fixtures: the site is built once per test process (each xdist worker), served on
loopback, and opened in headless Chromium (Debian's when installed, otherwise Playwright's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from helpers import DOCS, SITE_URL, parse, sphinx_build
from static_host import CHROMIUM_FLAGS, serve, system_chromium

if TYPE_CHECKING:
    from pathlib import Path

    from bs4 import BeautifulSoup


# Fixtures that start Chromium: a test that asks for one is marked "browser", so that
# `-m "not browser"` runs the quick rest.
BROWSER_FIXTURES = {"browser", "context", "page", "watched"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published folder, built once per test process (each xdist worker builds its own)."""
    out = tmp_path_factory.mktemp("site")
    result = sphinx_build(DOCS, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "html"


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder as the deployment builds it, with the site's public address set."""
    out = tmp_path_factory.mktemp("published")
    result = sphinx_build(DOCS, out, site_url=SITE_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "html"


@pytest.fixture(scope="session")
def index(site: Path) -> BeautifulSoup:
    return parse(site / "index.html")


@pytest.fixture(scope="session")
def article(site: Path) -> BeautifulSoup:
    """The article as the reader reads it: without the permalink signs, nor the published
    readings of the corrected passages, hidden until the reader asks for them."""
    article = parse(site / "index.html").select_one("article[role=main]")
    for element in article.select("a.headerlink, [hidden]"):
        element.decompose()
    return article


@pytest.fixture(scope="session")
def server(site: Path):
    """The built site, served as GitHub Pages serves it; yields its base URL."""
    with serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    args = {**browser_type_launch_args, "headless": True, "args": CHROMIUM_FLAGS}
    if chromium := system_chromium():
        args["executable_path"] = chromium
    return args


@pytest.fixture
def watched(page, server):
    """A page whose console errors and requests to other origins are recorded."""
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A CSP violation is also reported on the console; this makes it explicit.
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`))"
    )
    page.on(
        "request",
        lambda request: None if request.url.startswith(server) else foreign.append(request.url),
    )
    page.errors, page.foreign = errors, foreign
    return page
