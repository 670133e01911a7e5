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
"""

from __future__ import annotations

import hashlib
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


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("env-get-updated", write_every_page)
    return {
        "version": "1.0",
        "env_version": code_digest(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
