"""A strict Content-Security-Policy in every page, computed from the built files.

GitHub Pages sends no custom headers, so the policy goes in a ``<meta http-equiv>`` at the
top of each page's ``<head>``. Scripts and styles may only come from the site itself, plus the
inline ones the theme writes, each allowed by its SHA-256 hash. The hashes are taken from
the written HTML once the build has finished, so the policy cannot fall behind the pages.

Sphinx's ``doctools.js`` compiles the translations' plural rule with ``new Function``, which
the policy forbids ('unsafe-eval'). This extension writes the rule of the built
``translations.js`` as plain code into ``_static/translations-csp.js``, loaded just before the
translations, which then no longer need ``new Function``.

No Sphinx extension on PyPI computes a hash-based policy (sphinx-csp and the like only copy a
fixed string), hence this one.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.DOTALL)
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle=(?:"([^"]*)"|'([^']*)')""")
HEAD = re.compile(r"<head>\s*(<meta charset=[^>]*>)?")
PLURAL_EXPR = re.compile(r'"plural_expr":\s*"([^"]*)"')
PLURAL_SYNTAX = re.compile(r"[n0-9\s()!=<>&|?:%]+")  # gettext's C-like plural expressions
TRANSLATIONS_CSP = """\
/* Written by docs/_ext/content_security_policy.py: the plural rule of translations.js as code,
   so that doctools.js needs no `new Function` (forbidden by the Content-Security-Policy). */
"use strict";
Documentation.addTranslations = (catalog) => {{
  Object.assign(Documentation.TRANSLATIONS, catalog.messages);
  Documentation.PLURAL_EXPR = (n) => Number({rule});
  Documentation.LOCALE = catalog.locale;
}};
"""


def _hashes(texts: set[str]) -> str:
    return " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()}'"
        for t in sorted(texts)
    )


def policy(html: str) -> str:
    """The policy for one page: only its own inline code, by hash."""
    scripts = {m[1] for m in INLINE_SCRIPT.finditer(html)}
    styles = {m[1] for m in INLINE_STYLE.finditer(html)}
    attributes = {m[1] if m[1] is not None else m[2] for m in STYLE_ATTRIBUTE.finditer(html)}
    directives = [
        "default-src 'self'",
        f"script-src 'self' {_hashes(scripts)}".strip(),
        f"style-src 'self' {_hashes(styles)}".strip(),
        "img-src 'self' data:",  # furo draws some icons with data: URLs in its CSS
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if attributes:  # style="…" attributes of the theme's SVG icons
        directives.insert(3, f"style-src-attr 'unsafe-hashes' {_hashes(attributes)}")
    return "; ".join(directives)


def add_policy(path: Path) -> None:
    html = path.read_text(encoding="utf-8")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    html, found = HEAD.subn(lambda m: f"<head>\n    {m[1] or ''}\n    {meta}", html, count=1)
    if not found:
        msg = f"{path}: no <head> to put the Content-Security-Policy in"
        raise RuntimeError(msg)
    path.write_text(html, encoding="utf-8")


def write_plural_rule(static: Path) -> None:
    translations = static / "translations.js"
    found = PLURAL_EXPR.search(translations.read_text(encoding="utf-8"))
    if not found or not PLURAL_SYNTAX.fullmatch(found[1]):
        msg = f"{translations}: no plural rule of the expected form"
        raise RuntimeError(msg)
    script = TRANSLATIONS_CSP.format(rule=found[1])
    (static / "translations-csp.js").write_text(script, encoding="utf-8")


def add_policies(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html":
        return
    write_plural_rule(Path(app.outdir, "_static"))
    for path in sorted(Path(app.outdir).rglob("*.html")):
        add_policy(path)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_js_file("translations-csp.js", priority=300)  # after doctools.js (200)
    app.connect("build-finished", add_policies)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
