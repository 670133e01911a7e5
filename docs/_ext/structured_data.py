"""Structured data for search engines: the review page describes itself in JSON-LD.

schema.org's ``Review`` of a ``Book``, built from the facts of ``bibliography.py`` (checked in
the project's sources only), and embedded in the root page's ``<head>``. No extension on PyPI writes JSON-LD for a Sphinx page, hence this one.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from bibliography import page_address, review_schema_org

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def add_json_ld(app: Sphinx, pagename: str, _template: str, context: dict, _doctree) -> None:
    if pagename != app.config.root_doc:
        return
    data = {"@context": "https://schema.org", **review_schema_org(page_address(app.config))}
    # "</" cannot end the script early: JSON allows "<\/" for "</".
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    context["metatags"] += f'\n<script type="application/ld+json">\n{text}\n</script>'


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("html-page-context", add_json_ld)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
