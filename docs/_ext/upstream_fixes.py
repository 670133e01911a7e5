"""The site's workarounds of upstream behaviour, each to be removed when its upstream changes.

One line each: what it works around; where, upstream; when to remove it.

- Viewport: docutils' viewport ``<meta>`` (docutils 0.23 writers/html5_polyglot/__init__.py:131), kept by Sphinx beside furo's (Sphinx 9.2.0 builders/html/__init__.py:661 drops the first two of the translator's ``meta`` only; sphinx-doc/sphinx#11699): remove when Sphinx drops it.
- Contents ``<nav>``: docutils' unnamed ``<nav>`` for a contents topic, which screen readers cannot tell from furo's (docutils 0.23 writers/html5_polyglot/__init__.py:365-381): remove when docutils names it.
- Table ids: furo copies a table's ids onto its ``table-wrapper`` div (furo 2025.12.19 furo/__init__.py:56, ``update_all_atts``): remove when furo > 2025.12.19 stops copying table ids.
- ``_sources/``: Sphinx 8.2+ creates it, empty, when ``html_copy_source`` is off (sphinx-doc/sphinx#13888, PR #14074; Sphinx 9.2.0 builders/html/__init__.py:560): remove when a Sphinx release has that fix.
- ``html_static_path``: sphinx-copybutton appends its folder at ``builder-inited`` (sphinx-copybutton 0.5.2 __init__.py:11), after Sphinx has compared the settings with the last build's, so every rebuild said « The configuration has changed »: the folder is added at ``config-inited`` and the copy dropped; remove when it adds the folder at ``config-inited``.
- copybutton.js: sphinx-copybutton's French « Copié ! » (ordinary space) and « presse-papier » (sphinx-copybutton 0.5.2 _static/copybutton.js_t:23-24): remove when it writes « Copié\u202f! » and « presse-papiers ».

The viewport and the ``<nav>`` are fixed where the markup is made (a subclass of Sphinx's HTML5
translator), not by editing written files. A change upstream does not pass unseen: the build
stops if docutils no longer writes its viewport or if a string of ``COPYBUTTON`` is not found
once in copybutton.js; the tests check the landmarks' names, and ``nox -s validate`` (the Nu
HTML Checker) that every id is unique.
The table keeps its ids: Sphinx requires one on a titled table ("Any IDs not assigned for table
node"). Sphinx's own scripts need no fix: their strings reach no reader (see ``site_search.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import sphinx_copybutton
from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

# As sphinx-copybutton writes it (sphinx_copybutton/__init__.py:11).
COPYBUTTON_STATIC = str(Path(sphinx_copybutton.__file__).parent.joinpath("_static").absolute())
DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'
COPYBUTTON = {
    "'copy_success': 'Copié !'": "'copy_success': 'Copié\u202f!'",
    "'copy_to_clipboard': 'Copier dans le presse-papier'": (
        "'copy_to_clipboard': 'Copier dans le presse-papiers'"  # the usual spelling
    ),
}


class TidyTranslator(HTML5Translator):
    """Sphinx's HTML5 translator, with one viewport and a named contents list."""

    def __init__(self, document: nodes.document, builder: Builder) -> None:
        super().__init__(document, builder)
        # Sphinx drops meta[:2] by position, meaning docutils' charset and generator. Without
        # a charset (an output encoding of "unicode"), that already drops the viewport; with
        # one, the viewport is third and goes here. Any other start would lose a real tag.
        generator = [tag for tag in self.meta[:2] if 'name="generator"' in tag]
        if (
            len(self.meta) >= 3
            and generator == [self.meta[1]]
            and self.meta[2] == DOCUTILS_VIEWPORT
        ):
            del self.meta[2]  # furo's template has its own
        elif not (generator == [self.meta[0]] and self.meta[1:2] == [DOCUTILS_VIEWPORT]):
            msg = (
                "upstream_fixes: docutils' meta tags no longer begin with [charset,] generator"
                f" and {DOCUTILS_VIEWPORT.strip()!r}: {self.meta[:3]!r}"
            )
            raise ExtensionError(msg)

    def visit_topic(self, node: nodes.topic) -> None:
        title = node.next_node(nodes.title)
        if "contents" not in node["classes"] or node.parent is self.document or title is None:
            super().visit_topic(node)
            return
        node.html5tagname = "nav"  # type: ignore[attr-defined]  # what depart_topic closes
        label: dict[str, Any] = {"aria-label": title.astext()}
        self.body.append(self.starttag(node, "nav", **label))


class UniqueTableIds(SphinxPostTransform):
    """Remove from furo's table wrappers the ids that their table keeps."""

    formats = ("html",)
    default_priority = 510  # after furo's WrapTableAndMathInAContainerTransform (500)

    def run(self, **_kwargs: object) -> None:
        for wrapper in self.document.findall(nodes.container):
            table = wrapper.children[0] if wrapper.children else None
            if "table-wrapper" in wrapper["classes"] and isinstance(table, nodes.Element):
                wrapper["ids"] = [i for i in wrapper["ids"] if i not in table["ids"]]


def drop_empty_sources(app: Sphinx, exception: Exception | None) -> None:
    # For every builder that writes HTML; page_output, for html and dirhtml, removes every
    # empty folder anyway.
    sources = Path(app.outdir, "_sources")
    if not exception and sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()


def fix_copy_buttons(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html":
        return
    path = Path(app.outdir, "_static", "copybutton.js")
    script = path.read_text(encoding="utf-8")
    for wrong, right in COPYBUTTON.items():
        if script.count(wrong) != 1:
            msg = f"{path}: {wrong!r} not found once; see COPYBUTTON in {__file__}"
            raise ExtensionError(msg)
        script = script.replace(wrong, right)
    path.write_text(script, encoding="utf-8")


def add_copybutton_folder_early(_app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, COPYBUTTON_STATIC]


def drop_the_copy_of_the_folder(app: Sphinx) -> None:
    paths = app.config.html_static_path
    if paths.count(COPYBUTTON_STATIC) != 2:
        msg = f"sphinx-copybutton no longer adds {COPYBUTTON_STATIC} at builder-inited: see {__file__}"
        raise ExtensionError(msg)
    app.config.html_static_path = list(dict.fromkeys(paths))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("config-inited", add_copybutton_folder_early)
    app.connect("builder-inited", drop_the_copy_of_the_folder, priority=600)  # after copybutton's
    for builder in ("html", "dirhtml"):
        app.set_translator(builder, TidyTranslator)
    app.add_post_transform(UniqueTableIds)
    app.connect("build-finished", drop_empty_sources)
    app.connect("build-finished", fix_copy_buttons)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
