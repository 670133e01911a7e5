"""The output layer: every HTML page leaves the renderer finished, or the build fails.

Sphinx renders each page through its template bridge (``template_bridge``, its documented
hook for rendering); this extension is that bridge. A page is finished in memory, in one pass
and in this order, before Sphinx writes it, by whichever process writes it:

1. **Its files** (``html-page-context``): Sphinx and its extensions give every page the same
   files. Sphinx's search scripts go to no page (the site has its own: ``site_search``); the
   search's files go to the search page, and to the review page only through ``site.js`` when
   a result leads there (``data-marks``); the copy buttons' code (some 9 KB compressed) is
   loaded by ``site.js`` when a code block comes near (``data-styles``, ``data-scripts``);
   furo's script is deferred (it waits for ``DOMContentLoaded`` anyway).
2. **Its styles:** the stylesheets of ``INLINED`` (the code's colours, furo's, the site's, the
   search's) are reduced to the rules the page can use and written into one ``<style>``, in
   their cascade order: the page paints from its HTML alone (``nox -s perf`` measures it).
3. **Its policy:** a strict Content-Security-Policy in a ``<meta>`` (GitHub Pages sends no
   headers), computed from the page as step 2 left it: scripts and styles from the site, the
   inline ones by their SHA-256 hash, no ``unsafe-*``. A ``style="…"`` attribute fails the
   build (only ``'unsafe-hashes'`` would allow it). ``csp_live_reload`` (set by ``nox -s
   serve`` only) allows sphinx-autobuild's reload script.

The edition theme's ``page.html`` writes the two placeholders; a page without exactly one of each
fails the build, naming the page. Once the build has finished, every file of the output is
checked: a placeholder left anywhere fails the build, naming the file. Then only what a page,
a script or a reader can ask for is kept (``REQUESTED_BY_READERS`` and what the pages and
their files name); everything else Sphinx and the theme copied is removed. The site's own
scripts (``OWN_SCRIPTS``) are published without their comments (rjsmin).

**Which rules a page can use.** A rule is dropped only when the page provably cannot use it:
a selector is kept unless the page lacks one of the classes, ids, element names or attributes
it names (outside ``:not()`` and the like), or, without sibling combinators, unless no
element has those of its last compound with the others among its own and its ancestors'. It
is decided on the page plus what its scripts add (``SCRIPT_MARKUP``), without what they
toggle (``SCRIPT_STATES``; ``tests/test_output.py`` reads the shipped scripts and fails on a
class or attribute they toggle that is not listed); pseudo-classes count as possibly true.
``@media`` and ``@supports`` are reduced inside, other at-rules kept whole; custom properties
that nothing kept reads are dropped. tinycss2 parses the styles, ``html.parser`` the page (a
poorer tree than a browser's: no implied ``<tbody>``). Exact matching (soupsieve) kept 7 %
fewer bytes but cost 0.45 s a build, past the build budget. What a page cannot carry fails
the build, naming the stylesheet and line: an address other than ``data:``, ``@import``, a
nested rule or malformed declaration, ``</style``. ``-D used_css=0`` links the stylesheets
instead: the screenshot test compares the two builds.

**Builders.** ``html`` and ``dirhtml`` are finished; other HTML-format builders (``epub``…)
get the theme's output as it is, without the passes.

**Rebuilds equal clean builds** (``nox -s serve`` rebuilds into the same folder): the
``env_version`` is a digest of ``_ext/*.py``, so that changed extension code rereads every page,
and every page is written again (``env-get-updated``): a page carries the rules of stylesheets
whose changes Sphinx does not track (it rewrites a page for its source and templates only).

No Sphinx extension computes a hash-based policy (sphinx-csp copies a fixed string) or keeps
the CSS a page uses (PurgeCSS, UnCSS and beasties need Node and know nothing of the build).

Workarounds, each with the condition for its removal:

- The code's colours: furo writes ``pygments.css`` at ``build-finished``, after the pages
  (furo 2025.12.19, furo/__init__.py:362, ``_overwrite_pygments_css``), so its text is taken
  from ``furo.get_pygments_stylesheet()``; remove when furo writes it with the static files.
- furo's script deferred: furo adds ``furo.js`` without ``defer`` (furo 2025.12.19
  furo/__init__.py:271), so the page's copy of its entry is remade with Sphinx's private
  asset class (Sphinx 9.2.0 builders/html/_assets.py:68, ``_JavaScript``): remove when furo
  defers it.
- The preview's reload script, read from sphinx-autobuild's own ``web_socket_script``
  (sphinx-autobuild 2025.8.25, middleware.py:11; it has no public API for it): remove when
  sphinx-autobuild loads its reload code from a file (then ``'self'`` allows it).
"""

from __future__ import annotations

import base64
import hashlib
import re
import weakref
from functools import cached_property, lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote, urlsplit

import rjsmin
import tinycss2
from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.errors import ConfigError, ExtensionError
from sphinx.jinja2glue import BuiltinTemplateLoader

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.theming import Theme
    from sphinx.util.typing import ExtensionMetadata
    from tinycss2.ast import AtRule, Node, QualifiedRule

RENDERER = f"{__name__}.PageRenderer"
FINISHED_BUILDERS = {"html", "dirhtml"}

# -- 1. The page's files ----------------------------------------------------------------------
SPHINX_SEARCH = {
    "_static/documentation_options.js",
    "_static/doctools.js",
    "_static/sphinx_highlight.js",
    "_static/translations.js",
}
SEARCH_STYLES = ("_static/search.css",)
SEARCH_SCRIPTS = ("_static/search-words.js", "_static/search.js")  # the matcher first
SITE_SCRIPT = "_static/site.js"
# The site's own scripts (docs/_static/), published without their comments, which are the
# maintainers' (some 950 compressed bytes of site.js alone: the page's byte budget).
OWN_SCRIPTS = (SITE_SCRIPT, *SEARCH_SCRIPTS)
MARKS = ("_static/search-words.js", "_static/search.css")  # what a result's page may load
COPY_BUTTON_STYLES = (
    "_static/copybutton.css",
    "_static/styles/furo-extensions.css",  # only its copy-button rules apply on this site
)
COPY_BUTTON_SCRIPTS = (
    "_static/documentation_options.js",  # copybutton.js reads the page's language from it
    "_static/clipboard.min.js",
    "_static/copybutton.js",
)
THEME_SCRIPT = "_static/scripts/furo.js"
PYGMENTS = "_static/pygments.css"
# Written into the page, in this cascade order.
INLINED = (PYGMENTS, "_static/styles/furo.css", "_static/site.css", "_static/search.css")
# Files that readers' tools ask for, not the pages.
REQUESTED_BY_READERS = {
    ".buildinfo",  # Sphinx, building again into the same folder
    "objects.inv",  # intersphinx, linking to the page's sections from another site
    "robots.txt",
    "sitemap.xml",
}

# -- 2. What the scripts do to a page ---------------------------------------------------------
# What the site's and the theme's scripts, or the browser, toggle: a selector is matched
# without them.
SCRIPT_STATES = {
    "classes": {
        "no-js",  # on <html>, removed by page.html's first script
        "scrolled",  # furo.js, on the header once the page is scrolled
        "show-back-to-top",  # furo.js, on <html> when scrolling back up
        "scroll-current",  # furo.js (Gumshoe), on the contents' entry of the section in view
        "active",  # furo.js (Gumshoe), on that section
        "interactif",  # site.js, on <html> at the first click or key (smooth scrolling)
        "success",  # copybutton.js, on a copy button once it has copied
    },
    "attributes": {
        "aria-pressed",  # site.js, on the button that shows the published reading
        "data-lecon",  # on <html>: the reading shown (page.html, site.js)
        "data-theme",  # on <body>: light, dark or auto (furo.js, page.html)
        "data-tooltip",  # copybutton.js, « Copié » once copied
        "hidden",  # site.js, on what site.css hides once scripts run (for reader modes)
        "id",  # copybutton.js, on each code block
        "open",  # <details> and <dialog>: the browser sets it when the reader opens them
    },
}
# Elements that scripts add: by the page ("*" for every page), where they go (a selector,
# matched as rules are), and the markup.
SCRIPT_MARKUP = {
    # copybutton.js, after each code block
    ("*", "div.highlight"): (
        '<button class="copybtn o-tooltip--left success" data-tooltip="Copier"'
        ' data-clipboard-target="#codecell0"><svg class="icon icon-tabler icon-tabler-copy">'
        "<title>Copier</title><path/><rect/><path/></svg>"
        '<svg class="icon icon-tabler icon-tabler-check"><path/></svg></button>'  # once copied
    ),
    # search-words.js, on the page a result leads to: the notice, after a heading or at the
    # top of a definition, and the marks, in any text of the article
    ("*", "article[role=main] section"): (
        '<p class="search-marks">Mots surlignés. <button type="button">Ne plus surligner</button>'
        "</p>"
    ),
    ("*", "article[role=main] dd"): '<p class="search-marks"><button type="button"></button></p>',
    ("*", "article[role=main] *"): '<mark class="highlighted">mot</mark>',
    # search.js, the results
    ("search", "#search-results"): (
        '<h2>Résultats</h2><p class="search-summary">1 passage</p><ul class="search"><li>'
        '<a href="index.html"><mark class="highlighted">mot</mark> <em><span lang="en">word'
        '</span></em></a><span class="search-where">– partie</span><p class="context">[…] <mark'
        ' class="highlighted">mot</mark> […]</p></li></ul>'
    ),
}

POLICY = "content-security-policy-to-be-computed"
STYLES = "/*used-css-to-be-computed*/"
PLACEHOLDERS = (POLICY, STYLES)
ADDRESS_FUNCTIONS = {"url", "src", "image-set", "-webkit-image-set", "image"}
VENDOR_PREFIX = re.compile(r":-(?:webkit|moz|ms)-")
# Elements without an end tag (html.parser does not know them).
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
# Inline code, not the JSON data blocks (JSON-LD, the search's index), which never run.
INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\ssrc=)(?![^>]*\stype="application/(?:ld\+)?json")[^>]*>(.*?)</script>',
    re.DOTALL,
)
INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle=["']""")
# What a page asks for: addresses, and the files site.js loads (named on its tag).
PAGE_REFERENCES = re.compile(r'\s(?:href|src|content)="([^"]+)"')
SCRIPT_FILES = re.compile(r'\sdata-(?:styles|scripts|marks)="([^"]+)"')
# What a stylesheet or script asks for: its source map, its licence.
FILE_REFERENCES = re.compile(
    r"(?:sourceMappingURL=|license information please see )(\S+?)(?:\*/|\s|$)"
)


def asset_path(asset: object) -> str:
    """A page's script or stylesheet, as its path in the output folder."""
    name = str(getattr(asset, "filename", asset))
    return name if name.startswith("_static/") else f"_static/{name}"


def is_finished(app: Sphinx) -> bool:
    return app.builder.name in FINISHED_BUILDERS


def choose_files(
    app: Sphinx,
    pagename: str,
    _template: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Step 1: the page's files; and the placeholders of steps 2 and 3."""
    if not is_finished(app):
        return
    if doctree is None:  # a page of no document: only this process knows it was written
        assert isinstance(app.builder, StandaloneHTMLBuilder)
        page = Path(app.builder.get_outfilename(pagename)).resolve()
        _COLLECTED_PAGES.setdefault(app, set()).add(page)
    unused = {*COPY_BUTTON_STYLES, *COPY_BUTTON_SCRIPTS, *SPHINX_SEARCH}
    if pagename != "search":
        unused |= {*SEARCH_STYLES, *SEARCH_SCRIPTS}
    if doctree is None or not any(doctree.findall(nodes.literal_block)):
        unused.add(PYGMENTS)
    for key in ("script_files", "css_files"):
        context[key] = [asset for asset in context[key] if asset_path(asset) not in unused]
    context["script_files"] = [
        type(asset)(
            asset.filename, priority=asset.priority, **{**asset.attributes, "defer": "defer"}
        )
        if asset_path(asset) == THEME_SCRIPT
        else asset
        for asset in context["script_files"]
    ]
    context["csp_placeholder"] = POLICY
    if app.config.used_css:
        files = [asset_path(css) for css in context["css_files"]]
        if others := sorted(set(files) - set(INLINED)):
            # Linked before the page's <style>, it would change places in the cascade.
            msg = f"{pagename}: page_output does not know where {', '.join(others)} goes"
            raise ExtensionError(msg)
        context["css_files"] = []
        context["used_css_files"] = [name for name in INLINED if name in files]
        context["used_css_placeholder"] = STYLES


class PageRenderer(BuiltinTemplateLoader):
    """Sphinx's template loader, which finishes each page it renders (steps 2 and 3)."""

    def init(
        self, builder: Builder, theme: Theme | None = None, dirs: list[str] | None = None
    ) -> None:
        super().init(builder, theme, dirs)
        self.builder = builder

    def render(self, template: str, context: dict[str, Any]) -> str:  # type: ignore[override]
        """Render and finish a page. An error raised here reaches the reader of the build's
        output wrapped by Sphinx in « An error happened in rendering the page … » (Sphinx 9.2.0
        builders/html/__init__.py:1229), which names the page."""
        html = super().render(template, context)
        if "csp_placeholder" not in context:  # a builder that is not finished
            return html
        name = context["pagename"]
        # choose_files set the placeholder: the builder is html or dirhtml.
        assert isinstance(self.builder, StandaloneHTMLBuilder)
        path = self.builder.get_outfilename(name)
        if "used_css_files" in context:
            css = used_css(Path(self.builder.outdir), name, html, context["used_css_files"])
            html = _fill(path, html, STYLES, css)
        live_reload = self.builder.config.csp_live_reload
        return _fill(path, html, POLICY, policy(path, html, live_reload))


def _fill(path: Path, html: str, placeholder: str, value: str) -> str:
    if (count := html.count(placeholder)) != 1:
        msg = (
            f"{path}: expected one placeholder {placeholder}, found {count}; every page's"
            " template must extend the edition theme's page.html"
        )
        raise ExtensionError(msg)
    return html.replace(placeholder, value)


# -- 2. Styles ----------------------------------------------------------------------------------
def used_css(out: Path, pagename: str, html: str, names: list[str]) -> str:
    """The rules of ``names`` that the page may use, as one stylesheet."""
    page = Page(html, pagename)
    sheets = {name: _sheet(out, name) for name in names}
    # The stylesheets site.js may load later, and the page's own styles, read custom properties.
    readers = [_sheet(out, name) for name in (*COPY_BUTTON_STYLES, *MARKS) if name.endswith(".css")]
    return reduce_css(sheets, [page], [*readers, *page.styles])


def _sheet(out: Path, name: str) -> str:
    if name == PYGMENTS:
        import furo  # noqa: PLC0415 (the theme, loaded by the time pages are written)

        return str(furo.get_pygments_stylesheet())
    path = out / name
    if not path.is_file():
        msg = f"{path}: not written; is it still the theme's?"
        raise ExtensionError(msg)
    return path.read_text(encoding="utf-8")


def _split(tokens: list[Node]) -> list[list[Node]]:
    """A selector list's tokens, split at its top-level commas, without the spaces around."""
    parts: list[list[Node]] = [[]]
    for token in tokens:
        if _literal(token, ","):
            parts.append([])
        else:
            parts[-1].append(token)
    return [_strip(part) for part in parts]


def _strip(tokens: list[Node]) -> list[Node]:
    start, end = 0, len(tokens)
    while start < end and tokens[start].type == "whitespace":
        start += 1
    while end > start and tokens[end - 1].type == "whitespace":
        end -= 1
    return tokens[start:end]


def _literal(token: object, value: str) -> bool:
    return getattr(token, "type", None) == "literal" and getattr(token, "value", None) == value


def _attribute(block: Any) -> str:
    names = [t for t in block.content if t.type == "ident"]
    return str(names[0].lower_value) if names else ""


def _words(tokens: list[Any]) -> frozenset[str]:
    """Classes (``.x``), ids (``#x``), element names and attributes (``[x]``) named at the top
    level of ``tokens`` (not inside ``:not()`` and the like), except those scripts toggle."""
    words = set()
    for previous, token in zip([None, *tokens], tokens, strict=False):
        if token.type == "ident" and _literal(previous, "."):
            if token.value not in SCRIPT_STATES["classes"]:
                words.add("." + token.value)
        elif token.type == "ident" and not _literal(previous, ":"):
            words.add(token.lower_value)
        elif token.type == "hash" and token.is_identifier:
            words.add("#" + token.value)
        elif token.type == "[] block" and _attribute(token) not in SCRIPT_STATES["attributes"]:
            words.add(f"[{_attribute(token)}]")
    return frozenset(words)


class Selector:
    """What an element must be made of to match one selector of a rule's list."""

    def __init__(self, tokens: list[Node]) -> None:
        self.tokens = tokens
        combinators = [
            i
            for i, t in enumerate(tokens)
            if t.type == "whitespace" or any(_literal(t, c) for c in ">+~")
        ]
        self.required = _words(tokens)  # on the element, its ancestors or their siblings
        self.subject = _words(tokens[max(combinators, default=-1) + 1 :])  # on the element
        # With + or ~, some words may be on siblings rather than ancestors.
        self.siblings = any(_literal(t, "+") or _literal(t, "~") for t in tokens)

    @cached_property
    def text(self) -> str:
        return str(tinycss2.serialize(self.tokens)).strip()


def _element_words(tag: str, attrs: list[tuple[str, str | None]]) -> frozenset[str]:
    words = {tag, *(f"[{name}]" for name, _ in attrs)}
    for name, value in attrs:
        if name == "class" and value:
            words.update("." + c for c in value.split())
        elif name == "id" and value:
            words.add("#" + value)
    return frozenset(words)


class Page(HTMLParser):
    """What each element of a page is made of (its words), alone and with its ancestors',
    including the elements its scripts add."""

    def __init__(self, html: str, pagename: str) -> None:
        super().__init__(convert_charrefs=True)
        self.own: list[frozenset[str]] = []
        self.context: list[frozenset[str]] = []  # the element's words and its ancestors'
        self.index: dict[str, list[int]] = {}  # word: the elements that have it
        self.styles: list[str] = []  # the page's own <style> elements
        self._open: list[tuple[str, frozenset[str]]] = []  # open elements: name, context
        self.read(html, frozenset())
        for (page, where), markup in SCRIPT_MARKUP.items():
            if page in {"*", pagename}:
                places = list(self.matching(Selector(_selector_tokens(where))))
                if page == pagename and not places:
                    msg = f"{pagename}: no {where} for its scripts' markup (SCRIPT_MARKUP)"
                    raise ExtensionError(msg)
                for i in places:
                    self.read(markup, self.context[i])

    def read(self, markup: str, above: frozenset[str]) -> None:
        """Add the elements of ``markup``, inside an element whose context is ``above``."""
        self.reset()
        self._open = [("", above)]
        self.feed(markup)
        self.close()

    def add(self, own: frozenset[str], above: frozenset[str]) -> frozenset[str]:
        context = above | own
        for word in own:
            self.index.setdefault(word, []).append(len(self.own))
        self.own.append(own)
        self.context.append(context)
        return context

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        context = self.add(_element_words(tag, attrs), self._open[-1][1])
        if tag not in VOID:
            self._open.append((tag, context))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.add(_element_words(tag, attrs), self._open[-1][1])

    def handle_endtag(self, tag: str) -> None:
        # Up to the element it closes: an end tag that html.parser leaves implied closes nothing.
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth][0] == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self._open[-1][0] == "style":
            self.styles.append(data)

    def matching(self, selector: Selector) -> Iterator[int]:
        """The elements that may match ``selector``."""
        if not all(word in self.index for word in selector.required):
            return
        candidates = min(
            (self.index[word] for word in selector.subject), key=len, default=range(len(self.own))
        )
        for i in candidates:
            if selector.subject <= self.own[i] and (
                selector.siblings or selector.required <= self.context[i]
            ):
                yield i

    def uses(self, selector: Selector) -> bool:
        return next(self.matching(selector), None) is not None


def _selector_tokens(text: str) -> list[Node]:
    return [t for t in tinycss2.parse_component_value_list(text) if t.type != "comment"]


class Declaration(NamedTuple):
    name: str
    text: str  # as written back
    reads: frozenset[str]  # the custom properties its value reads


class Rule:
    """A style rule: its selectors and its declarations."""

    def __init__(self, name: str, rule: QualifiedRule) -> None:
        self.selectors = [Selector(tokens) for tokens in _split(rule.prelude)]
        self.prefixed = bool(VENDOR_PREFIX.search(tinycss2.serialize(rule.prelude)))
        self.declarations = []
        for item in tinycss2.parse_blocks_contents(
            rule.content, skip_comments=True, skip_whitespace=True
        ):
            if item.type != "declaration":  # a nested rule, or what the browser would drop
                why = item.message if item.type == "error" else f"a nested {item.type}"
                msg = f"{name}, line {item.source_line}: not a declaration: {why}"
                raise ExtensionError(msg)
            self.declarations.append(
                Declaration(
                    item.name,
                    f"{item.name}:{tinycss2.serialize(item.value).strip()}"
                    + ("!important" if item.important else ""),
                    frozenset(_variables_read(item.value)),
                )
            )

    def used_by(self, pages: Iterable[Page]) -> list[Selector]:
        """The selectors that the pages may use. A list with a browser's own prefix keeps all
        its selectors if one is used: a browser drops a whole list for one selector it does
        not know, and dropping that selector would make the rule apply there."""
        used = [s for s in self.selectors if any(page.uses(s) for page in pages)]
        return self.selectors if used and self.prefixed else used


class Kept(NamedTuple):
    rule: Rule
    selectors: list[Selector]  # those a page may use


class Block(NamedTuple):
    """An ``@media`` or ``@supports`` block, with the rules inside."""

    rule: AtRule
    inner: list[Any]


# Keyed by the stylesheet's text, for the build's pages (furo's, the site's, the search's…).
@lru_cache(maxsize=8)
def _parsed(name: str, text: str) -> list[Any]:
    """A stylesheet's rules, parsed once for every page."""
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    _check_addresses(name, rules)
    return _prepared(name, rules)


def _check_addresses(name: str, tokens: Iterable[Any]) -> None:
    """Written into a page, an address other than ``data:`` would change meaning."""
    for token in tokens:
        address = None
        if token.type == "url":
            address = token.value
        elif token.type == "function" and token.lower_name in ADDRESS_FUNCTIONS:
            address = next((t.value for t in token.arguments if t.type == "string"), None)
        if address is not None and not address.startswith("data:"):
            msg = f"{name}, line {token.source_line}: the address {address!r} would change meaning"
            raise ExtensionError(msg)
        for part in ("prelude", "content", "arguments"):
            if isinstance(inner := getattr(token, part, None), list):
                _check_addresses(name, inner)


def _prepared(name: str, rules: list[Any]) -> list[Any]:
    prepared: list[Any] = []
    for rule in rules:
        if rule.type == "error":
            msg = f"{name}, line {rule.source_line}: {rule.message}"
            raise ExtensionError(msg)
        if rule.type == "qualified-rule":
            prepared.append(Rule(name, rule))
        elif rule.type == "at-rule" and rule.lower_at_keyword in {"media", "supports"}:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            prepared.append(Block(rule, _prepared(name, inner)))
        elif rule.type == "at-rule" and rule.lower_at_keyword == "import":
            msg = f"{name}, line {rule.source_line}: @import would change meaning in the page"
            raise ExtensionError(msg)
        else:  # @font-face, @keyframes…: kept whole
            prepared.append(rule)
    return prepared


def _used_rules(rules: list[Any], pages: list[Page]) -> list[Any]:
    kept: list[Any] = []
    for rule in rules:
        if isinstance(rule, Rule):
            if selectors := rule.used_by(pages):
                kept.append(Kept(rule, selectors))
        elif isinstance(rule, Block):
            if inner := _used_rules(rule.inner, pages):
                kept.append(rule._replace(inner=inner))
        else:
            kept.append(rule)
    return kept


def _rules(kept: list[Any]) -> Iterator[Rule]:
    for item in kept:
        if isinstance(item, Block):
            yield from _rules(item.inner)
        elif isinstance(item, Kept):
            yield item.rule


def _whole(kept: list[Any]) -> Iterator[Any]:
    """The at-rules kept whole (@keyframes, @font-face…), which may read custom properties."""
    for item in kept:
        if isinstance(item, Block):
            yield from _whole(item.inner)
        elif not isinstance(item, Kept):
            yield item


def _variables_read(tokens: Iterable[Any]) -> set[str]:
    found = set()
    for token in tokens:
        if token.type == "function":
            if token.lower_name == "var":
                names = [t for t in token.arguments if t.type == "ident"]
                if names:
                    found.add(names[0].value)
            found |= _variables_read(token.arguments)
        elif token.type in {"() block", "[] block", "{} block"}:
            found |= _variables_read(token.content)
    return found


def _serialize(kept: list[Any], read: set[str]) -> str:
    out = []
    for item in kept:
        if isinstance(item, Block):
            if body := _serialize(item.inner, read):
                out.append(
                    f"@{item.rule.at_keyword}{tinycss2.serialize(item.rule.prelude)}{{{body}}}"
                )
        elif isinstance(item, Kept):
            body = ";".join(
                d.text
                for d in item.rule.declarations
                if not d.name.startswith("--") or d.name in read
            )
            if body:
                out.append(f"{','.join(s.text for s in item.selectors)}{{{body}}}")
        else:
            out.append(item.serialize())
    return "".join(out)


@lru_cache(maxsize=16)
def _read_by(text: str) -> frozenset[str]:
    """The custom properties that a stylesheet reads."""
    return frozenset(_variables_read(tinycss2.parse_component_value_list(text)))


def reduce_css(sheets: dict[str, str], pages: list[Page], readers: Iterable[str] = ()) -> str:
    """The rules of ``sheets`` (name: text, in cascade order) that ``pages`` may use, as one
    stylesheet. A custom property is kept if a kept rule reads it, directly or through
    another one, or if one of ``readers`` (the page's other stylesheets) reads it."""
    kept = []
    for name, text in sheets.items():
        kept += _used_rules(_parsed(name, text), pages)
    read: set[str] = set().union(*(_read_by(reader) for reader in readers))
    read |= {name for item in _whole(kept) for name in _read_by(item.serialize())}
    defined: dict[str, set[str]] = {}  # custom property: those its values read
    for rule in _rules(kept):
        for declaration in rule.declarations:
            if declaration.name.startswith("--"):
                defined.setdefault(declaration.name, set()).update(declaration.reads)
            else:
                read |= declaration.reads
    pending = list(read)
    while pending:
        for name in defined.get(pending.pop(), ()):
            if name not in read:
                read.add(name)
                pending.append(name)
    css = _serialize(kept, read)
    if re.search("</style", css, re.IGNORECASE):
        msg = f"{', '.join(sheets)}: '</style' in a string would end the page's <style>"
        raise ExtensionError(msg)
    return css


# -- 3. Policy ----------------------------------------------------------------------------------
def _hashes(texts: set[str]) -> str:
    return " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()}'"
        for t in sorted(texts)
    )


@lru_cache(maxsize=4)
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
    return str(scripts[0])


def policy(path: Path, html: str, live_reload: str = "") -> str:
    """The policy for one page: only its own inline code, by hash (and, with ``live_reload``,
    the preview's reload script)."""
    if STYLE_ATTRIBUTE.search(html):
        msg = f"{path}: a style attribute, which the Content-Security-Policy forbids"
        raise ExtensionError(msg)
    scripts = {m[1] for m in INLINE_SCRIPT.finditer(html)}
    if address := live_reload:
        scripts.add(live_reload_script(address))
    styles = {m[1] for m in INLINE_STYLE.finditer(html)}
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' {_hashes(scripts)}".strip(),
        f"style-src 'self' {_hashes(styles)}".strip(),
        "img-src 'self' data:",  # furo draws some icons with data: URLs in its CSS
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])  # fmt: skip


# -- Once the build has finished ------------------------------------------------------------------
def _requested(out: Path, root: str, page: Path, html: str) -> set[Path]:
    """The files of ``out`` that a page asks for (``root``: the site's path on its host)."""
    found = set()
    for address in PAGE_REFERENCES.findall(html):
        parts = urlsplit(address)
        if parts.scheme in {"http", "https"} and not address.startswith(root):
            continue
        if parts.scheme in {"data", "mailto"} or not parts.path:
            continue
        path = unquote(urlsplit(address.removeprefix(root) if parts.scheme else address).path)
        if parts.scheme:  # an address on the site: relative to its root, the output folder
            found.add(out / path.lstrip("/"))
        elif path.startswith("/"):
            found.add(out / path.removeprefix(urlsplit(root).path or "/"))
        else:
            found.add(page.parent / path)
    statics = out / "_static"
    for names in SCRIPT_FILES.findall(html):
        found |= {statics / name for name in names.split()}
    return {path.resolve() for path in found}


# The pages written outside the documents (search, 404, html_additional_pages), by build: the
# html-page-context of those runs in the main process, even in a parallel build.
_COLLECTED_PAGES: weakref.WeakKeyDictionary[Sphinx, set[Path]] = weakref.WeakKeyDictionary()


def pages_of_this_build(app: Sphinx, out: Path) -> set[Path]:
    """The HTML files this build wrote: its documents, the pages it collected, and the
    ``html_extra_path`` files it copied."""
    builder = app.builder
    assert isinstance(builder, StandaloneHTMLBuilder)  # is_finished
    pages = {(out / builder.get_outfilename(doc)).resolve() for doc in app.env.found_docs}
    pages |= _COLLECTED_PAGES.get(app, set())
    for extra in app.config.html_extra_path:
        folder = Path(app.confdir, extra)
        pages |= {(out / p.relative_to(folder)).resolve() for p in folder.rglob("*.html")}
        if folder.is_file() and folder.suffix == ".html":
            pages.add((out / folder.name).resolve())
    return pages


def _without_comments(path: Path) -> None:
    """Publish one of the site's own scripts minified by rjsmin (a well-kept minifier: no
    hand-made one); running it again on its output changes nothing."""
    if not path.is_file():
        msg = f"{path}: not written; page_output names it in OWN_SCRIPTS"
        raise ExtensionError(msg)
    script = path.read_text(encoding="utf-8")
    small = str(rjsmin.jsmin(script))
    if not small.strip() or len(small) > len(script):
        msg = f"{path}: rjsmin gave {len(small)} characters of {len(script)}"
        raise ExtensionError(msg)
    if small != script:
        path.write_text(small, encoding="utf-8")


def _keep_only_what_is_requested(app: Sphinx, out: Path) -> None:
    files = sorted(path for path in out.rglob("*") if path.is_file())
    root = app.config.html_baseurl or "/"
    requested = {out / name for name in REQUESTED_BY_READERS}
    # A page is this build's if Sphinx wrote it: Sphinx leaves in place the page of a source
    # that is gone, which a clean build would not have.
    pages = pages_of_this_build(app, out)
    for path in files:
        if path.suffix == ".html" and path in pages:
            requested.add(path)
            requested |= _requested(out, root, path, path.read_text(encoding="utf-8"))
    for path in files:
        if path in requested and path.suffix in {".css", ".js"}:
            text = path.read_text(encoding="utf-8")
            requested |= {(path.parent / name).resolve() for name in FILE_REFERENCES.findall(text)}
    for path in files:
        if path not in requested:
            path.unlink()


def finish_the_output(app: Sphinx, exception: Exception | None) -> None:
    """Fail on anything left half-done; keep only what a page, script or reader asks for."""
    if exception or not is_finished(app):
        return
    out = Path(app.outdir).resolve()
    _keep_only_what_is_requested(app, out)
    for name in OWN_SCRIPTS:
        _without_comments(out / name)
    for folder in sorted((p for p in out.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if left := [p for p in PLACEHOLDERS if p.encode() in data]:
            msg = f"{path}: left unfinished ({', '.join(left)}); the build did not finish this file"
            raise ExtensionError(msg)
    if missing := sorted(
        name
        for name in {
            THEME_SCRIPT,
            *SEARCH_STYLES,
            *SEARCH_SCRIPTS,
            *MARKS,
            *COPY_BUTTON_STYLES,
            *COPY_BUTTON_SCRIPTS,
        }
        if not (out / name).is_file()
    ):
        # Renamed by Sphinx or an extension, a file would be asked for in vain.
        msg = f"page_output names files that the build did not write: {', '.join(missing)}"
        raise ExtensionError(msg)


# -- Setup --------------------------------------------------------------------------------------
def use_the_renderer(_app: Sphinx, config: Config) -> None:
    if config.template_bridge not in {None, RENDERER}:
        msg = f"template_bridge must be left to {RENDERER}, which finishes the pages"
        raise ConfigError(msg)
    config.template_bridge = RENDERER


def code_digest() -> int:
    """A digest of the local extensions' code, as an integer (what env_version must be)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def write_every_page(app: Sphinx, env: BuildEnvironment) -> list[str]:
    return sorted(env.found_docs) if is_finished(app) else []


def _names(paths: tuple[str, ...]) -> str:
    return " ".join(path.removeprefix("_static/") for path in paths)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("used_css", True, "html", types=frozenset({bool}))
    # host:port of sphinx-autobuild's server; set by `nox -s serve` only.
    app.add_config_value("csp_live_reload", "", "html", types=frozenset({str}))
    app.add_css_file("site.css")
    # The files site.js loads, named on its tag.
    loads: dict[str, Any] = {
        "data-styles": _names(COPY_BUTTON_STYLES),
        "data-scripts": _names(COPY_BUTTON_SCRIPTS),
        "data-marks": _names(MARKS),
    }
    app.add_js_file(SITE_SCRIPT.removeprefix("_static/"), defer="defer", **loads)
    for path in SEARCH_STYLES:
        app.add_css_file(path.removeprefix("_static/"))
    for path in SEARCH_SCRIPTS:
        app.add_js_file(path.removeprefix("_static/"), defer="defer")
    app.connect("config-inited", use_the_renderer)
    app.connect("env-get-updated", write_every_page)
    app.connect("html-page-context", choose_files)
    # Last: once every extension, and furo (its pygments.css, at 500), has written its files.
    app.connect("build-finished", finish_the_output, priority=900)
    return {
        "version": "1.0",
        "env_version": code_digest(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
