"""Each page carries, in its own ``<head>``, the rules of the stylesheets it can use, and no
stylesheet delays its first paint.

Without this, a page paints only once furo's ``furo.css`` (10 KB compressed, most of it for
things this site never shows: API signatures, admonitions, tables…), the site's ``site.css``
and ``pygments.css`` have arrived: on a slow phone, at least one round trip after the HTML. Here:

- the stylesheets that the first screen needs (furo's and the site's) are reduced to the rules
  the built page can use, and written into it, in one ``<style>``, in their cascade order: the
  page paints from its HTML alone, within the first ~14 KB that a new connection delivers
  (``nox -s perf`` measures it);
- the code's colours (``pygments.css``), for the BibTeX block far below the first screen, are
  reduced the same way, over every page, and linked in their place in the cascade (first) for
  print only, which does not delay the first paint; ``site.js`` then applies them to the
  screen (the loadCSS pattern; a ``<noscript>`` link serves readers without JavaScript).
  Linked at the end of the body instead, they would come last in the cascade and win ties of
  specificity they used to lose (the code's line height in dark mode);
- custom properties that no kept rule reads, directly or through another, are dropped too.

**Which rules are kept.** A rule is dropped only when the page provably cannot use it: a
selector is kept unless the page lacks one of the classes, ids, element names or attributes it
names (outside ``:not()``, ``:is()`` and the like), or, for a selector without sibling
combinators, unless no element has those of its last compound with the others among its own
and its ancestors'. This is decided on the page as built plus the elements its scripts add
(``SCRIPT_MARKUP``), without the classes and attributes that scripts or the browser toggle
(``SCRIPT_STATES``); pseudo-classes (``:hover``, ``:checked`` for the drawers…) and
pseudo-elements count as possibly true. So every state keeps its rules, including printing
(``@media`` and ``@supports`` blocks are reduced inside; other at-rules are kept whole).
tinycss2 parses the stylesheets, Python's ``html.parser`` the pages.

Exact selector matching by a CSS engine (soupsieve, tried first) kept 7 % fewer bytes, but
added 0.45 s to a 0.8 s build, past the build budget (1.5 × a plain furo build, ``nox -s
perf``); this filter costs a fraction of that, and needs no state to be simulated right:
what it cannot decide, it keeps.

The pages are read with ``html.parser``, which builds a poorer tree than a browser (it adds
no implied ``<tbody>``, and closes a ``<div/>`` at once): for markup that docutils and furo do
not write, the filter would have to be told.

What a page cannot carry fails the build, naming the stylesheet and the line: an address other
than ``data:`` (written into the page, it would change meaning), ``@import``, a nested rule or
a malformed declaration (which the browser would drop, and which could not be reduced), a
``</style`` in a string.

The ``<style>`` is written by ``_templates/page.html`` with a placeholder
naming the files, and filled once the build has finished, before the Content-Security-Policy
allows it by its hash; a page without exactly one placeholder fails the build, naming the
file. ``used_css = False`` (``-D used_css=0``) builds the pages with furo's plain ``<link>``
tags: the screenshot test compares the two (``tests/test_used_css.py``).

No Sphinx extension does this: sphinx-minify and the like compress files as they are, and
PurgeCSS and UnCSS need Node and know nothing of Sphinx's build.
"""

from __future__ import annotations

import hashlib
import re
from functools import cached_property, lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import tinycss2
from incremental import pages_written
from page_assets import COPY_BUTTON_STYLES, MARKS, asset_path
from sphinx.errors import ExtensionError

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

# Written into the page, in the cascade order of the files they replace.
INLINED = ("_static/styles/furo.css", "_static/site.css", "_static/search.css")
# Linked without delaying the first paint: for content far below the first screen.
LATE = ("_static/pygments.css",)
# Stylesheets that site.js may load later: they too may read the theme's custom properties.
LOADED_LATER = (*COPY_BUTTON_STYLES, *(name for name in MARKS if name.endswith(".css")))
PLACEHOLDER = "used-css-to-be-computed"
PLACEHOLDER_STYLE = re.compile(rf"<style>/\*{PLACEHOLDER}: ([^*]*)\*/</style>")
LATE_VERSION = "(version-of:"
LATE_VERSIONS = re.compile(re.escape(LATE_VERSION) + r"([^)]+)\)")

# What the site's and the theme's scripts, or the browser, toggle: a selector is matched
# without them.
SCRIPT_STATES = {
    "classes": {
        "no-js",  # on <html>, removed by page.html's first script
        "scrolled",  # furo.js, on the header once the page is scrolled
        "show-back-to-top",  # furo.js, on <html> when scrolling back up
        "scroll-current",  # furo.js, on the contents' entry of the section in view
        "active",  # furo.js (Gumshoe), on that section
        "interactif",  # site.js, on <html> at the first click or key (smooth scrolling)
        "success",  # copybutton.js, on a copy button once it has copied
    },
    "attributes": {
        "data-theme",  # on <body>: light, dark or auto (furo.js, page.html)
        "open",  # <details> and <dialog>: the browser sets it when the reader opens them
    },
}
# Elements that scripts add: by the page (or "*" for every page), the elements they go into
# (a selector, matched as rules are), and the markup.
SCRIPT_MARKUP = {
    # copybutton.js, after each code block
    ("*", "div.highlight"): (
        '<button class="copybtn o-tooltip--left success" data-tooltip="Copier"'
        ' data-clipboard-target="#codecell0"><svg class="icon icon-tabler icon-tabler-copy">'
        "<title>Copier</title><path/><rect/><path/></svg></button>"
    ),
    # search-words.js, on the page a search result leads to: the notice, after a heading or
    # at the top of a definition, and the marks, in any text of the article
    ("*", "article[role=main] section"): (
        '<p class="search-marks">Mots surlignés. <button type="button">Ne plus surligner</button>'
        "</p>"
    ),
    ("*", "article[role=main] dd"): '<p class="search-marks"><button type="button"></button></p>',
    ("*", "article[role=main] *"): '<mark class="highlighted">mot</mark>',
    # search.js, the results
    ("search", "#search-results"): (
        '<h2>Résultats</h2><p class="search-summary">1 passage</p><ul class="search"><li>'
        '<a href="index.html"><mark class="highlighted">mot</mark> <span lang="en">word</span>'
        '</a><span class="search-where">– partie</span><p class="context">[…] <mark'
        ' class="highlighted">mot</mark> […]</p></li></ul>'
    ),
}
ADDRESS_FUNCTIONS = {"url", "src", "image-set", "-webkit-image-set", "image"}
VENDOR_PREFIX = re.compile(r":-(?:webkit|moz|ms)-")
# Elements without an end tag (html.parser does not know them).
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


def _split(tokens: list) -> list[list]:
    """A selector list's tokens, split at its top-level commas, without the spaces around."""
    parts: list[list] = [[]]
    for token in tokens:
        if _literal(token, ","):
            parts.append([])
        else:
            parts[-1].append(token)
    return [_strip(part) for part in parts]


def _strip(tokens: list) -> list:
    start, end = 0, len(tokens)
    while start < end and tokens[start].type == "whitespace":
        start += 1
    while end > start and tokens[end - 1].type == "whitespace":
        end -= 1
    return tokens[start:end]


def _literal(token: object, value: str) -> bool:
    return getattr(token, "type", None) == "literal" and token.value == value


def _attribute(block: object) -> str:
    names = [t for t in block.content if t.type == "ident"]
    return names[0].lower_value if names else ""


def _words(tokens: list) -> frozenset[str]:
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

    def __init__(self, tokens: list) -> None:
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
        return tinycss2.serialize(self.tokens).strip()


def _element_words(tag: str, attrs: list[tuple[str, str | None]]) -> frozenset[str]:
    words = {tag, *(f"[{name}]" for name, _ in attrs)}
    for name, value in attrs:
        if name == "class" and value:
            words.update("." + c for c in value.split())
        elif name == "id" and value:
            words.add("#" + value)
    return frozenset(words)


class Page(HTMLParser):
    """What each element of a built page is made of (its words), alone and with its
    ancestors', including the elements its scripts add."""

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
                    msg = f"{pagename}: no {where} for its scripts' markup (used_css.SCRIPT_MARKUP)"
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


def _selector_tokens(text: str) -> list:
    return [t for t in tinycss2.parse_component_value_list(text) if t.type != "comment"]


class Declaration(NamedTuple):
    """A property and its value, as written back."""

    name: str
    text: str  # as written back
    reads: frozenset[str]  # the custom properties its value reads


class Rule:
    """A style rule: its selectors and its declarations."""

    def __init__(self, name: str, rule: tinycss2.ast.QualifiedRule) -> None:
        self.rule = rule
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
        if used and self.prefixed:
            return self.selectors
        return used


class Kept(NamedTuple):
    """A rule that a page uses, with the selectors it may use."""

    rule: Rule
    selectors: list[Selector]


class Block(NamedTuple):
    """An ``@media`` or ``@supports`` block, with the rules inside."""

    rule: tinycss2.ast.AtRule
    inner: list


# Keyed by the stylesheet's text: a few, so that edits under `nox -s serve` do not pile up.
@lru_cache(maxsize=8)
def _parsed(name: str, text: str) -> list:
    """A stylesheet's rules, parsed once for every page."""
    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    _check_addresses(name, rules)
    return _prepared(name, rules)


def _check_addresses(name: str, tokens: Iterable) -> None:
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


def _prepared(name: str, rules: list) -> list:
    prepared = []
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


def _used_rules(rules: list, pages: list[Page]) -> list:
    kept = []
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


def _rules(kept: list) -> Iterator[Rule]:
    for item in kept:
        if isinstance(item, Block):
            yield from _rules(item.inner)
        elif isinstance(item, Kept):
            yield item.rule


def _whole(kept: list) -> Iterator:
    """The at-rules kept whole (@keyframes, @font-face…), which may read custom properties."""
    for item in kept:
        if isinstance(item, Block):
            yield from _whole(item.inner)
        elif not isinstance(item, Kept):
            yield item


def _variables_read(tokens: Iterable) -> set[str]:
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


def _serialize(kept: list, read: set[str]) -> str:
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


def place_stylesheets(
    app: Sphinx, pagename: str, _template: str, context: dict, _doctree: nodes.document | None
) -> None:
    """Name the page's first-paint stylesheets in a placeholder, and set the code's colours
    apart (``late_css_files``)."""
    context["used_css_placeholder"] = ""
    context["late_css_files"] = []
    if not app.config.used_css:
        return
    files = {asset_path(css): css for css in context["css_files"]}
    if others := sorted(set(files) - {*INLINED, *LATE}):
        # Written before the page's <style>, it would change places in the cascade.
        msg = f"{pagename}: used_css does not know where {', '.join(others)} goes"
        raise ExtensionError(msg)
    inlined = [name for name in files if name in INLINED]
    # The code's colours: their version is that of the file reduced once every page is written.
    context["late_css_files"] = [
        f"{name}?v={LATE_VERSION}{name})" for name in files if name in LATE
    ]
    context["css_files"] = []
    context["used_css_placeholder"] = f"/*{PLACEHOLDER}: {' '.join(inlined)}*/"


def _version(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]


def fill_pages(app: Sphinx, exception: Exception | None) -> None:
    """Reduce the code's colours to those used, and write the used rules into each page."""
    if exception or app.builder.format != "html" or not app.config.used_css:
        return
    out = Path(app.outdir)
    pages = {
        path: Page(
            path.read_text(encoding="utf-8"), path.relative_to(out).with_suffix("").as_posix()
        )
        for path in pages_written(app)
    }
    for name in LATE:
        sheet = out / name
        if not sheet.is_file():
            msg = f"{sheet}: not written; is it still the theme's code stylesheet?"
            raise ExtensionError(msg)
        text = sheet.read_text(encoding="utf-8")
        sheet.write_text(reduce_css({name: text}, list(pages.values())), encoding="utf-8")
    others = [(out / name).read_text(encoding="utf-8") for name in (*LATE, *LOADED_LATER)]
    for path, page in pages.items():
        html = path.read_text(encoding="utf-8")
        found = PLACEHOLDER_STYLE.findall(html)
        if len(found) != 1:
            msg = (
                f"{path}: expected one used-CSS placeholder, found {len(found)}; every page's "
                "template must extend _templates/page.html"
            )
            raise ExtensionError(msg)
        sheets = {name: (out / name).read_text(encoding="utf-8") for name in found[0].split()}
        css = reduce_css(sheets, [page], [*others, *page.styles])
        html = PLACEHOLDER_STYLE.sub(lambda _, css=css: f"<style>{css}</style>", html)
        head, body = html.split("</head>", 1)
        html = LATE_VERSIONS.sub(lambda m: _version(out / m[1]), head) + "</head>" + body
        path.write_text(html, encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("used_css", True, "html", types=frozenset({bool}))
    # After page_assets has chosen the page's files (at the default priority, 500).
    app.connect("html-page-context", place_stylesheets, priority=600)
    # After furo writes pygments.css (at the default priority, 500), before the
    # Content-Security-Policy hashes the page's styles (content_security_policy, 800).
    app.connect("build-finished", fill_pages, priority=700)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
