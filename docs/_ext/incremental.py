"""Incremental builds that equal clean builds.

Building again into the same folder (``nox -s serve`` does it on every change) must publish
what a clean build would.

- Sphinx rereads a page when the page, a setting or a template changes, but not when the code
  of a local extension changes, although that code shapes every page. This extension's
  ``env_version`` is a digest of ``_ext/*.py``: Sphinx discards the saved environment, and
  reads every page again, whenever that code changes.
- Sphinx 9 keeps a page's search-index entries (the glossary's terms) only when the build
  writes that page: they are not reloaded from the previous ``searchindex.js``, so a rebuild
  that left a page alone published an index without them. Every page is therefore written
  again (not read again: writing the two pages from their saved doctrees takes a fraction of a
  second).
- The extensions that finish the written pages (``used_css``, ``content_security_policy``) take
  them from :func:`pages_written`: the HTML files this build wrote, not a page left over from
  a page renamed since, nor an HTML file copied as it is (``html_extra_path``), whose copy
  keeps its source's time.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata


def code_digest() -> int:
    """A digest of the local extensions' code, as an integer (what env_version must be)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def write_every_page(_app: Sphinx, env: BuildEnvironment) -> list[str]:
    return sorted(env.found_docs)


_STARTED: dict[int, int] = {}  # the application's id: when its build began, in nanoseconds


def note_the_start(app: Sphinx) -> None:
    _STARTED[id(app)] = time.time_ns()


def pages_written(app: Sphinx) -> list[Path]:
    """The HTML files that this build wrote, in order."""
    started = _STARTED[id(app)]
    return [
        path
        for path in sorted(Path(app.outdir).rglob("*.html"))
        if path.stat().st_mtime_ns >= started
    ]


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("builder-inited", note_the_start)
    app.connect("env-get-updated", write_every_page)
    return {
        "version": "1.0",
        "env_version": code_digest(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
