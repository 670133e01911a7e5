"""Incremental builds that equal clean builds.

Building again into the same folder (``nox -s serve`` does it on every change) must publish
what a clean build would. Sphinx rereads a page when the page, a setting or a template
changes, but not when the code of a local extension changes, although that code shapes every
page: this extension keeps a digest of ``_ext/*.py`` in the build environment and has every
page reread when it differs.

Sphinx 9 keeps a page's search-index entries (the glossary's terms) only when the build writes
that page: they are not reloaded from the previous ``searchindex.js``, so a rebuild that left a
page alone published an index without them. Every page is therefore written again (not read
again: writing the two pages from their saved doctrees takes a fraction of a second).

sphinx-copybutton adds its static folder to ``html_static_path`` when the builder starts,
after Sphinx has compared the settings with those saved by the last build, so every
incremental build reported a changed configuration. The folder is added here before that
comparison, and sphinx-copybutton's second copy dropped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import sphinx_copybutton

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata

EXTENSIONS = Path(__file__).parent


def code_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(EXTENSIONS.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def reread_if_code_changed(
    _app: Sphinx, env: BuildEnvironment, _added: set, _changed: set, _removed: set
) -> list[str]:
    digest = code_digest()
    if getattr(env, "local_extensions_digest", digest) == digest:
        env.local_extensions_digest = digest
        return []
    env.local_extensions_digest = digest
    return sorted(env.found_docs)


def write_every_page(_app: Sphinx, env: BuildEnvironment) -> list[str]:
    return sorted(env.found_docs)


def add_copybutton_folder_early(_app: Sphinx, config: Config) -> None:
    # The very string that sphinx-copybutton appends when the builder starts.
    folder = Path(sphinx_copybutton.__file__).parent.joinpath("_static").absolute()
    config.html_static_path.append(str(folder))


def drop_repeated_static_folders(app: Sphinx) -> None:
    app.config.html_static_path[:] = dict.fromkeys(app.config.html_static_path)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("config-inited", add_copybutton_folder_early)
    app.connect("builder-inited", drop_repeated_static_folders, priority=900)  # after its own
    app.connect("env-get-outdated", reread_if_code_changed)
    app.connect("env-get-updated", write_every_page)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
