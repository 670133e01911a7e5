"""Shared fixtures: the site is built once for the run, served on loopback by each test process,
and opened in headless Chromium (Debian's when installed, otherwise Playwright's), in one page
per process that the browser tests take in turn, reset after each."""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from helpers import SITE_URL, built_once, parse, watch
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Keyboard, Page
from static_host import CHROMIUM_FLAGS, serve, system_chromium

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from bs4 import BeautifulSoup
    from playwright.sync_api import Browser, BrowserContext, Disposable


# Fixtures that start Chromium: a test that asks for one is marked "browser", so that
# `-m "not browser"` runs the quick rest.
BROWSER_FIXTURES = {"browser", "context", "new_context", "shared_context", "tab", "page", "watched"}


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
def browser_context_args(browser_context_args: dict) -> dict:
    """Every context the tests open, shared or their own: the copy buttons' tests read what
    they copied."""
    return {**browser_context_args, "permissions": ["clipboard-read", "clipboard-write"]}


@pytest.fixture(scope="session")
def shared_context(browser: Browser, browser_context_args: dict) -> Iterator[BrowserContext]:
    """One browser context per test process, for ``page``. (``context`` stays
    pytest-playwright's, one per test: for a test that changes the context, a fake clock.)"""
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


class Tab:
    """The test process's one page, which the browser tests take in turn (see ``page``); a
    page that a test left broken (failed, crashed, closed) is replaced by a new one."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.page = context.new_page()

    def replace(self) -> None:
        with contextlib.suppress(PlaywrightError):  # a crashed page may refuse to close
            self.page.close()
        self.page = self.context.new_page()


@pytest.fixture(scope="session")
def tab(shared_context: BrowserContext) -> Tab:
    return Tab(shared_context)


# pytest-playwright's failure artifacts are kept per test context: with one of these options
# on, each test gets a page of its own context, as pytest-playwright gives it.
ARTIFACT_OPTIONS = ("--screenshot", "--video", "--tracing")
PLAYWRIGHT_VIEWPORT = {"width": 1280, "height": 720}


@pytest.fixture
def page(
    tab: Tab,
    request: pytest.FixtureRequest,
    browser_context_args: dict,
    new_context: Callable[..., BrowserContext],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Page]:
    """The process's page, reused by every browser test: a new page starts a renderer, the
    largest cost of a short test. After each test it is blank again, at the context's viewport
    and with no emulated medium; the listeners, init scripts and held keys the test added are
    gone (recorded as they are added), and so are its routes and what the pages it visited
    stored. Not reset: the context's settings (``page.context``, ``page.clock``: a test that
    changes them asks for ``context``), extra headers, exposed functions, default timeouts."""
    if any(request.config.getoption(option) != "off" for option in ARTIFACT_OPTIONS):
        yield new_context().new_page()
        return
    page = tab.page
    listeners: list[tuple[str, Callable]] = []
    scripts: list[Disposable] = []
    held: set[str] = set()
    origins: set[str] = set()

    def on(event: str, handler: Callable) -> None:
        listeners.append((event, handler))
        Page.on(page, event, handler)

    def add_init_script(script: str | None = None, *, path: str | None = None) -> Disposable:
        scripts.append(Page.add_init_script(page, script, path=path))
        return scripts[-1]

    def key_down(key: str) -> None:
        held.add(key)
        Keyboard.down(page.keyboard, key)

    def once(event: str, handler: Callable) -> None:
        listeners.append((event, handler))
        Page.once(page, event, handler)

    monkeypatch.setattr(page, "on", on)
    monkeypatch.setattr(page, "once", once)
    monkeypatch.setattr(page, "add_init_script", add_init_script)
    monkeypatch.setattr(page.keyboard, "down", key_down)
    on("framenavigated", lambda frame: origins.add(urlsplit(frame.url)[:2]))
    yield page
    monkeypatch.undo()
    report = getattr(request.node, "rep_call", None)  # pytest-playwright's record of the call
    try:
        page.goto("about:blank")  # nothing of the test's page runs on
        # A fake clock is the context's, and would reach every later test.
        assert abs(page.evaluate("Date.now()") / 1000 - time.time()) < 60, "page.clock used"
        for event, handler in listeners:
            with contextlib.suppress(KeyError):  # a once() listener that has run
                page.remove_listener(event, handler)
        for added in scripts:
            added.close()
        for key in held:
            page.keyboard.up(key)
        page.unroute_all(behavior="ignoreErrors")
        page.set_viewport_size(browser_context_args.get("viewport") or PLAYWRIGHT_VIEWPORT)
        page.emulate_media(
            media="null", color_scheme="null", reduced_motion="null",
            forced_colors="null", contrast="null",
        )  # fmt: skip
        if report is None or report.failed:
            raise RuntimeError  # its state is unknown: a new page
    except (PlaywrightError, RuntimeError):
        tab.replace()
    # What the test's pages stored (the reader's theme or reading) must not reach the next
    # test: the context keeps it, whichever page.
    session = tab.context.new_cdp_session(tab.page)
    for scheme, host in origins - {("about", "")}:
        origin = f"{scheme}://{host}"
        session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
    session.detach()


@pytest.fixture
def watched(page: Page, server: str) -> Iterator[Page]:
    """A page whose console errors and requests to other origins are recorded."""
    yield watch(page, server)
    del page.errors, page.foreign  # the page goes on to the next test
