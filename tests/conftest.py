"""Shared fixtures: the site is built once for the run, served on loopback by each test process,
and opened in headless Chromium (Debian's when installed, otherwise Playwright's), in one page
per process that each browser test gets back as new."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from helpers import SITE_URL, built_once, parse, watch
from playwright.sync_api import Page
from static_host import CHROMIUM_FLAGS, serve, system_chromium

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from bs4 import BeautifulSoup
    from playwright.sync_api import Browser, BrowserContext, Disposable


# Fixtures that start Chromium: a test that asks for one is marked "browser", so that
# `-m "not browser"` runs the quick rest.
BROWSER_FIXTURES = {"browser", "context", "new_context", "tab", "page", "watched"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published folder, built once for the run."""
    return built_once(tmp_path_factory, "site")


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder as the deployment builds it, with the site's public address set."""
    return built_once(tmp_path_factory, "published", site_url=SITE_URL)


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
    """One browser context per test process, where pytest-playwright makes one per test. A
    test that changes the context itself (a fake clock) makes its own with ``new_context``."""
    context = browser.new_context(**browser_context_args)
    context.grant_permissions(["clipboard-read", "clipboard-write"])  # the copy buttons' tests
    yield context
    context.close()


@pytest.fixture(scope="session")
def tab(context: BrowserContext) -> Page:
    """The test process's one page, which every browser test reuses (see ``page``)."""
    return context.new_page()


@pytest.fixture
def page(tab: Page, server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Page]:
    """The process's page, given to each test as a new page would be: blank, at the context's
    viewport and media, without the listeners, init scripts, routes or stored data of earlier
    tests. A new page starts a renderer: 0.22 CPU-s here, some 85 times a run.

    What the test adds to the page is recorded as it adds it, and removed after it."""
    viewport = tab.viewport_size
    listeners: list[tuple[str, Callable]] = []
    scripts: list[Disposable] = []

    def on(event: str, handler: Callable) -> None:
        listeners.append((event, handler))
        Page.on(tab, event, handler)

    def add_init_script(script: str | None = None, *, path: str | None = None) -> Disposable:
        scripts.append(Page.add_init_script(tab, script, path=path))
        return scripts[-1]

    monkeypatch.setattr(tab, "on", on)
    monkeypatch.setattr(tab, "add_init_script", add_init_script)
    yield tab
    tab.goto("about:blank")  # nothing of the test's page runs on; the next test loads afresh
    for event, handler in listeners:
        tab.remove_listener(event, handler)
    for added in scripts:
        added.close()
    tab.unroute_all(behavior="ignoreErrors")
    tab.set_viewport_size(viewport)
    # Playwright's defaults for a new page ("null": the medium is not emulated).
    tab.emulate_media(
        media="null", color_scheme="light", reduced_motion="no-preference",
        forced_colors="none", contrast="no-preference",
    )  # fmt: skip
    # What the test stored (the reader's theme or reading) must not reach the next test.
    session = tab.context.new_cdp_session(tab)
    session.send("Storage.clearDataForOrigin", {"origin": server, "storageTypes": "all"})
    session.detach()


@pytest.fixture
def watched(page: Page, server: str) -> Iterator[Page]:
    """A page whose console errors and requests to other origins are recorded."""
    yield watch(page, server)
    del page.errors, page.foreign  # the page goes on to the next test
