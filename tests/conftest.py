"""Shared fixtures: the site is built once per test run, served on loopback, and opened in
headless Chromium (Debian's when installed, otherwise Playwright's own)."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
DATA = Path(__file__).parent / "data"


def sphinx_build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Build ``source`` as ``nox -s docs`` does: strictly, every warning an error."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-T", "-b", "html",
         "-d", str(out / ".doctrees"), str(source), str(out / "html")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published folder, built once for the whole run."""
    out = tmp_path_factory.mktemp("site")
    result = sphinx_build(DOCS, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "html"


def parse(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def index(site: Path) -> BeautifulSoup:
    return parse(site / "index.html")


@pytest.fixture(scope="session")
def article(site: Path) -> BeautifulSoup:
    """The article as the reader reads it: without the permalink signs."""
    article = parse(site / "index.html").select_one("article[role=main]")
    for link in article.select("a.headerlink"):
        link.decompose()
    return article


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path):
    """Serve the built site on a free loopback port; yields its base URL."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium when present; the closed network wants background traffic off."""
    args = {
        **browser_type_launch_args,
        "headless": True,
        "args": [
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
    if system_chromium := shutil.which("chromium"):
        args["executable_path"] = system_chromium
    return args


@pytest.fixture
def watched(page, server):
    """A page whose console errors and requests to other origins are recorded."""
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "request",
        lambda request: None if request.url.startswith(server) else foreign.append(request.url),
    )
    page.errors, page.foreign = errors, foreign
    return page
