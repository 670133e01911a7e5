"""Shared fixtures: the site is built once per test process (each xdist worker), served on
loopback, and opened in headless Chromium (Debian's when installed, otherwise Playwright's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from helpers import DOCS, SITE_URL, parse, sphinx_build, watch
from static_host import CHROMIUM_FLAGS, serve, system_chromium

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from bs4 import BeautifulSoup
    from playwright.sync_api import Browser, BrowserContext, Page


# Fixtures that start Chromium: a test that asks for one is marked "browser", so that
# `-m "not browser"` runs the quick rest.
BROWSER_FIXTURES = {"browser", "context", "new_context", "page", "watched"}


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


@pytest.fixture(scope="session")
def context(browser: Browser, browser_context_args: dict) -> Iterator[BrowserContext]:
    """One browser context per test process, where pytest-playwright makes one per test: a
    context and its first page cost twice what a page costs (0.25 against 0.13 CPU-s here),
    85 times. Each test still gets a page of its own (``page``); a test that changes the
    context itself (a fake clock) makes its own with ``new_context``."""
    context = browser.new_context(**browser_context_args)
    context.grant_permissions(["clipboard-read", "clipboard-write"])  # the copy buttons' tests
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, server: str) -> Iterator[Page]:
    page = context.new_page()
    yield page
    # What the test stored (the reader's theme or reading) must not reach the next test.
    context.new_cdp_session(page).send(
        "Storage.clearDataForOrigin", {"origin": server, "storageTypes": "all"}
    )
    page.close()


@pytest.fixture
def watched(page: Page, server: str) -> Page:
    """A page whose console errors and requests to other origins are recorded."""
    return watch(page, server)
