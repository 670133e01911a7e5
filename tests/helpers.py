"""What the test modules share besides fixtures: paths, the test address, viewports, and the
strict build, whose flags and address come from noxfile.py."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup

from noxfile import EXAMPLE_SITE_URL, SPHINX_STRICT

if TYPE_CHECKING:
    from collections.abc import Sequence

    from playwright.sync_api import Page

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
DATA = Path(__file__).parent / "data"

SITE_URL = EXAMPLE_SITE_URL
PHONE = {"width": 390, "height": 844}
# axe's rules of WCAG 2.2, levels A and AA: what the site must meet.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Only the violations are reported back: the passes, node by node, doubled a run's cost.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
DESKTOP = {"width": 1440, "height": 900}


def sphinx_build(
    source: Path,
    out: Path,
    site_url: str | None = None,
    options: Sequence[str] = (),
    builder: str = "html",
) -> subprocess.CompletedProcess[str]:
    """Build ``source`` into ``out / "html"`` as ``nox -s docs`` does: strictly, with
    ``options`` added."""
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "sphinx", *SPHINX_STRICT, *options, "-b", builder,
         "-d", str(out / ".doctrees"), str(source), str(out / "html")],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip


def built_once(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    site_url: str | None = None,
    options: Sequence[str] = (),
) -> Path:
    """The site built once for the whole run, into ``name / "html"``: under xdist the first
    worker to ask builds it and the others wait for it (each worker built its own before). A
    build is made in a folder of its own and moved into place whole; a failed build is
    recorded, and fails every test that asks for it, with its log."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")  # the same in every worker of this run
    base = tmp_path_factory.getbasetemp()
    root = base.parent / f"shared-{run}" if run else base
    root.mkdir(exist_ok=True)
    out, failed = root / name, root / f"{name}.failed"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not out.is_dir() and not failed.is_file():
            partial = root / f"{name}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            result = sphinx_build(DOCS, partial, site_url=site_url, options=options)
            if result.returncode:
                failed.write_text(result.stdout + result.stderr, encoding="utf-8")
            else:
                partial.rename(out)
    if failed.is_file():
        pytest.fail(f"{name}: the build failed\n{failed.read_text(encoding='utf-8')}")
    return out / "html"


def review_paragraphs(article: BeautifulSoup) -> list:
    """The review's own paragraphs, in order, as the page numbers them (§ 1 to § 8; that
    they are the review's, test_readings.py checks against the text handed to us)."""
    return article.select('p[id^="paragraphe-"]')


def parse(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def files_of(folder: Path) -> dict[Path, bytes]:
    """Every file of a built folder, by its path inside the folder."""
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_of_the_sources(tmp_path: Path, conf_addition: str = "") -> Path:
    """A copy of docs/ (and of pyproject.toml, which conf.py reads) to edit; returns its docs/.
    ``conf_addition`` is appended to its conf.py."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("_build"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    if conf_addition:
        conf = docs / "conf.py"
        conf.write_text(conf.read_text(encoding="utf-8") + conf_addition, encoding="utf-8")
    return docs


def watch(page: Page, server: str) -> Page:
    """Record the page's console errors (``page.errors``, a CSP violation among them) and its
    requests to other origins (``page.foreign``)."""
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
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


def wcag_violations(page: Page, within: Sequence[str] = ()) -> str:
    """axe's report of the page's WCAG violations (only inside the elements that the selectors
    ``within`` name, if any), or "" if there is none."""
    context = {"include": [[selector] for selector in within]} if within else None
    results = Axe().run(page, context=context, options=AXE_OPTIONS)
    return results.generate_report() if results.violations_count else ""
