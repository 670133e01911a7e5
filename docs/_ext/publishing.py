"""The site's public address: checked, handed to the extensions that need it, and robots.txt.

GitHub Pages only knows the address at deploy time, so the build takes it from the
environment (``SITE_URL``, read in ``conf.py`` into ``html_baseurl``). A wrong value must stop
the build with a clear message rather than publish broken absolute links, hence the check.
With an address, the canonical link, sitemap, Open Graph tags and 404 page use it; without
one, the site builds for local use (the 404 page then assumes it is served from ``/``).

The 404 page is served at whatever path was not found, so its links must not be relative:
sphinx-notfound-page makes the theme's links and the page's images absolute, and this makes
the links written in the page itself absolute too.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)


def checked_address(value: str) -> str:
    """``value`` as an absolute https:// address ending in ``/``, or a ConfigError."""
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        msg = (
            f"SITE_URL must be the site's absolute https:// address, "
            f"such as https://example.github.io/review/; got {value!r}"
        )
        logger.error(msg)  # first, and plainly: Sphinx prints a long report for the exception
        raise ConfigError(msg)
    return value if value.endswith("/") else f"{value}/"


def use_the_address(_app: Sphinx, config: Config) -> None:
    if not config.html_baseurl:
        config.notfound_urls_prefix = "/"
        return
    config.html_baseurl = checked_address(config.html_baseurl)
    config.ogp_site_url = config.html_baseurl
    config.notfound_urls_prefix = urlsplit(config.html_baseurl).path


def absolute_links_in_404(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if docname != app.config.notfound_pagename:
        return
    for link in doctree.findall(nodes.reference):
        uri = link.get("refuri", "")
        if uri and not urlsplit(uri).scheme and not uri.startswith(("#", "/")):
            link["refuri"] = app.config.notfound_urls_prefix + uri


def write_robots_txt(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html":
        return
    lines = ["User-agent: *", "Allow: /"]
    if app.config.html_baseurl:
        lines.append(f"Sitemap: {app.config.html_baseurl}{app.config.sitemap_filename}")
    Path(app.outdir, "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    # Before the extensions that read these settings check them (priority 500 by default).
    app.connect("config-inited", use_the_address, priority=100)
    app.connect("doctree-resolved", absolute_links_in_404)
    app.connect("build-finished", write_robots_txt)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
