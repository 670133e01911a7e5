"""A strict Content-Security-Policy in every page, computed from the page itself.

GitHub Pages sends no custom headers, so the policy goes in a ``<meta http-equiv>`` in each
page's ``<head>``. Scripts and styles may only come from the site itself, plus the inline ones
the theme writes, each allowed by its SHA-256 hash. The hashes depend on the rendered page,
which Sphinx gives no hook for, so ``_templates/page.html`` writes the ``<meta>`` with a
placeholder (the ``csp_placeholder`` template variable) ahead of every style and script, and
once the build has finished this extension fills the placeholder of each page (every build
writes every page: see ``incremental.py``). A page with no placeholder, or with two, fails the
build naming the file; so does a ``style="…"`` attribute, which only 'unsafe-hashes' would allow.

The live preview (``nox -s serve``) appends sphinx-autobuild's inline reload script to every
page it serves. Its hash is allowed only when ``csp_live_reload`` names the preview's
``host:port``, which only the ``serve`` session sets: the published pages never allow it.

No Sphinx extension on PyPI computes a hash-based policy (sphinx-csp and the like only copy a
fixed string), hence this one.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from incremental import pages_written
from sphinx.errors import ExtensionError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

PLACEHOLDER = "content-security-policy-to-be-computed"
# Inline code, not the JSON data blocks (JSON-LD, the search's index), which never run.
INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\ssrc=)(?![^>]*\stype="application/(?:ld\+)?json")[^>]*>(.*?)</script>',
    re.DOTALL,
)
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle=["']""")


def _hashes(texts: set[str]) -> str:
    return " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()}'"
        for t in sorted(texts)
    )


def live_reload_script(address: str) -> str:
    """The body of the reload script that sphinx-autobuild serves at ``address``."""
    try:
        from sphinx_autobuild.middleware import web_socket_script  # noqa: PLC0415
    except ImportError as error:
        msg = f"csp_live_reload is set, but sphinx-autobuild's reload script is not found: {error}"
        raise ExtensionError(msg) from error
    scripts = INLINE_SCRIPT.findall(web_socket_script(address))
    if len(scripts) != 1:
        msg = "csp_live_reload: sphinx-autobuild's reload script is no longer one inline <script>"
        raise ExtensionError(msg)
    return scripts[0]


def policy(html: str, extra_scripts: frozenset[str] = frozenset()) -> str:
    """The policy for one page: only its own inline code, by hash."""
    scripts = {m[1] for m in INLINE_SCRIPT.finditer(html)} | extra_scripts
    styles = {m[1] for m in INLINE_STYLE.finditer(html)}
    directives = [
        "default-src 'self'",
        f"script-src 'self' {_hashes(scripts)}".strip(),
        f"style-src 'self' {_hashes(styles)}".strip(),
        "img-src 'self' data:",  # furo draws some icons with data: URLs in its CSS
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


def fill_policy(path: Path, extra_scripts: frozenset[str] = frozenset()) -> None:
    """Fill the page's placeholder (every build writes every page: see incremental.py)."""
    html = path.read_text(encoding="utf-8")
    if STYLE_ATTRIBUTE.search(html):
        # Only 'unsafe-hashes' would allow it: give the element a class, or SVG attributes.
        msg = f'{path}: a style="…" attribute, which the Content-Security-Policy forbids'
        raise ExtensionError(msg)
    count = html.count(PLACEHOLDER)
    if count != 1:
        msg = (
            f"{path}: expected one Content-Security-Policy placeholder, found {count}; "
            "every page's template must extend _templates/page.html"
        )
        raise ExtensionError(msg)
    path.write_text(html.replace(PLACEHOLDER, policy(html, extra_scripts)), encoding="utf-8")


def add_placeholder(_app: Sphinx, _pagename: str, _template: str, context: dict, _doctree) -> None:
    context["csp_placeholder"] = PLACEHOLDER


def fill_policies(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html":
        return
    address = app.config.csp_live_reload
    extra = frozenset({live_reload_script(address)}) if address else frozenset()
    for path in pages_written(app):
        fill_policy(path, extra)


def setup(app: Sphinx) -> ExtensionMetadata:
    # host:port of sphinx-autobuild's server; set by `nox -s serve` only.
    app.add_config_value("csp_live_reload", "", "html", types=frozenset({str}))
    app.connect("html-page-context", add_placeholder)
    # Last: after used_css writes the page's styles (at 700).
    app.connect("build-finished", fill_policies, priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
