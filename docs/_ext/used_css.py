"""Each page carries, in its own ``<head>``, the rules of the stylesheets it can use, and no
stylesheet delays its first paint.

Without this, a page paints only once furo's ``furo.css`` (10 KB compressed, most of it for
things this site never shows: API signatures, admonitions, tables…), the site's ``site.css``
and ``pygments.css`` have arrived: on a slow phone, at least one round trip after the HTML. Here:

- the stylesheets that the first screen needs (furo's and the site's) are reduced to the rules
  whose selectors can match the built page, and written into it, in one ``<style>`` in their
  cascade order: the page paints from its HTML alone, in the first ~14 KB that a new connection
  delivers (``nox -s perf`` measures it);
- the code's colours (``pygments.css``), for the BibTeX block far below the first screen, are
  reduced the same way, over every page, and linked in their place in the cascade (first) for
  print only, which does not delay the first paint; ``site.js`` then applies them to the
  screen (the loadCSS pattern; a ``<noscript>`` link serves readers without JavaScript).
  Linked at the end of the body instead, they would come last in the cascade and win ties
  of specificity they used to lose (the code's line height in dark mode);
- custom properties that no kept rule reads, directly or through another, are dropped too.

A rule is kept when one of its selectors matches an element of the page as the reader's
scripts can make it (``SCRIPT_MARKUP``), with what scripts and the reader toggle treated as
possibly true: user-action pseudo-classes (``:hover``, ``:checked`` for the drawers…),
pseudo-elements, and the classes and attributes that scripts set (``SCRIPT_STATES``). Matching
is done by soupsieve, Beautiful Soup's CSS engine; tinycss2 parses the stylesheets. At-rules
other than ``@media`` and ``@supports`` (which are reduced inside) are kept whole, so printing
keeps its rules. A stylesheet with a relative ``url()`` fails the build: written into the page,
the address would change meaning.

The ``<style>`` is written by ``_templates/page.html`` with a placeholder naming the files, and
filled once the build has finished, before the Content-Security-Policy allows it by its hash;
a page without exactly one placeholder fails the build, naming the file. ``used_css = False``
(``-D used_css=0``) builds the pages with furo's plain ``<link>`` tags: the screenshot test
compares the two (``tests/test_used_css.py``).

No Sphinx extension does this: sphinx-minify and the like compress files as they are, and the
PurgeCSS-like tools (PurgeCSS, UnCSS) need Node and match selectors by their words rather than
by the page's structure.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import soupsieve
import tinycss2
from bs4 import BeautifulSoup
from page_assets import COPY_BUTTON_STYLES, MARKS
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

# What the site's and the theme's scripts set, and the reader's actions: a condition on any of
# these may be true at some moment, so a selector is matched as if it were.
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
    "attributes": {"data-theme"},  # on <body>: light, dark or auto (furo.js, page.html)
}
# Elements that scripts add: by the page (or "*" for every page), the element they go next to
# (a CSS selector), and where ("after" it, or "append"ed into it).
SCRIPT_MARKUP = {
    # copybutton.js, after each code block
    ("*", "div.highlight pre", "after"): (
        '<button class="copybtn o-tooltip--left" data-tooltip="Copier"'
        ' data-clipboard-target="#codecell0"><svg><title>Copié</title></svg></button>'
    ),
    # search-words.js, on the page a search result leads to: the notice and the marks
    ("*", "article[role=main] h1", "after"): (
        '<p class="search-marks">Mots surlignés. <button type="button">Ne plus surligner</button>'
        "</p>"
    ),
    # search.js, the results
    ("search", "#search-results", "append"): (
        '<h2>Résultats</h2><p class="search-summary">1 passage</p><ul class="search"><li>'
        '<a href="index.html"><mark class="highlighted">mot</mark> <span lang="en">word</span>'
        '</a><span class="search-where">– partie</span><p class="context">… <mark'
        ' class="highlighted">mot</mark> …</p></li></ul>'
    ),
}
# The marks go into any text of the article: every element that holds text gets one.
MARKED = "article[role=main] :is(p, li, dt, dd, h1, h2, h3, a, em, strong, span, cite, td, th)"

# Pseudo-classes that depend on the markup alone: soupsieve evaluates them as they are.
STATIC_PSEUDO_CLASSES = {
    "root", "empty", "first-child", "last-child", "only-child", "first-of-type",
    "last-of-type", "only-of-type", "nth-child", "nth-last-child", "nth-of-type",
    "nth-last-of-type", "lang", "dir", "link", "any-link", "disabled", "enabled", "required",
    "optional", "read-only", "read-write", "defined",
}  # fmt: skip
SELECTOR_LISTS = {"is", "where", "matches", "any", "has"}
ALWAYS = ":is(*)"  # what a condition that may be true becomes
VENDOR_PREFIX = re.compile(r":-(?:webkit|moz|ms)-")


def _split(tokens: list) -> list[list]:
    """A selector list's tokens, split at its top-level commas."""
    parts: list[list] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _literal(token: object, value: str) -> bool:
    return getattr(token, "type", None) == "literal" and token.value == value


def _pseudo_class(name_token: object) -> tuple[str, bool]:
    """A pseudo-class, loosened as :func:`_loosen` says; and whether it was."""
    is_function = name_token.type == "function"
    name = name_token.lower_name if is_function else name_token.lower_value
    if name in STATIC_PSEUDO_CLASSES:
        return ":" + tinycss2.serialize([name_token]), False
    if is_function and name in SELECTOR_LISTS:
        inner = [_loosen(part) for part in _split(name_token.arguments)]
        return f":{name}({','.join(text for text, _ in inner)})", any(c for _, c in inner)
    if is_function and name == "not":
        inner = [_loosen(part) for part in _split(name_token.arguments)]
        if not any(changed for _, changed in inner):
            return ":" + tinycss2.serialize([name_token]), False
    # :hover, :focus, :checked, :target…, any unknown one, and "not X" with X possibly true
    return ALWAYS, True


def _loosen(tokens: list) -> tuple[str, bool]:
    """The selector with every condition that scripts or the reader may make true replaced by
    one always true; and whether anything was replaced."""
    out: list[str] = []
    loosened = False
    i = 0
    while i < len(tokens):
        token, following = tokens[i], (tokens[i + 1] if i + 1 < len(tokens) else None)
        step, text, changed = 1, tinycss2.serialize([token]), False
        if _literal(token, ":") and _literal(following, ":"):
            # A pseudo-element, and the pseudo-classes on it: its element is what matters.
            step = 3
            while _literal(tokens[i + step] if i + step < len(tokens) else None, ":"):
                step += 2
            text, changed = ALWAYS, True
        elif _literal(token, ":") and following is not None:
            step = 2
            text, changed = _pseudo_class(following)
        elif _literal(token, ".") and getattr(following, "value", None) in SCRIPT_STATES["classes"]:
            step, text, changed = 2, ALWAYS, True
        elif token.type == "[] block" and _attribute(token) in SCRIPT_STATES["attributes"]:
            text, changed = ALWAYS, True
        out.append(text)
        loosened |= changed
        i += step
    return "".join(out).strip(), loosened


def _attribute(block: object) -> str:
    names = [t for t in block.content if t.type == "ident"]
    return names[0].lower_value if names else ""


def _required(tokens: list) -> set[str]:
    """Classes (``.x``), ids (``#x``), element names and attributes (``[x]``) that any element
    matching the selector's main chain must have somewhere in the page."""
    words = set()
    for previous, token in zip([None, *tokens], tokens, strict=False):
        after_dot = previous is not None and previous.type == "literal" and previous.value == "."
        after_colon = previous is not None and previous.type == "literal" and previous.value == ":"
        if token.type == "ident" and after_dot:
            if token.value not in SCRIPT_STATES["classes"]:
                words.add("." + token.value)
        elif token.type == "ident" and not after_colon:
            words.add(token.lower_value)
        elif token.type == "hash" and token.is_identifier:
            words.add("#" + token.value)
        elif token.type == "[] block" and _attribute(token) not in SCRIPT_STATES["attributes"]:
            words.add(f"[{_attribute(token)}]")
    return words


class Page:
    """A built page as its scripts can make it, and what its elements are made of."""

    def __init__(self, html: str, pagename: str) -> None:
        self.soup = BeautifulSoup(html, "html.parser")
        for (page, where, how), markup in SCRIPT_MARKUP.items():
            if page in {"*", pagename}:
                for element in self.soup.select(where):
                    added = BeautifulSoup(markup, "html.parser")
                    if how == "after":
                        element.insert_after(added)
                    else:
                        element.append(added)
        for element in self.soup.select(MARKED):
            element.append(self.soup.new_tag("mark", attrs={"class": "highlighted"}))
        self.words: set[str] = set()
        for element in self.soup.find_all(True):
            self.words.add(element.name)
            self.words.update(f"[{name}]" for name in element.attrs)
            self.words.update("." + name for name in element.get("class", []))
            if element.get("id"):
                self.words.add("#" + element["id"])


@cache
def _compiled(selector: str) -> soupsieve.SoupSieve | None:
    try:
        return soupsieve.compile(selector)
    except soupsieve.SelectorSyntaxError:
        return None  # a syntax soupsieve does not know: the rule is kept


def _matches(selector: list, pages: Iterable[Page]) -> bool:
    loosened, _ = _loosen(selector)
    required = _required([t for t in selector if t.type != "function"])
    for page in pages:
        # Looking the words up first spares soupsieve most of furo's rules.
        if not required <= page.words:
            continue
        compiled = _compiled(loosened)
        if compiled is None or compiled.select_one(page.soup) is not None:
            return True
    return False


def _used_selectors(prelude: list, pages: Iterable[Page]) -> list[list]:
    """The selectors of a rule's list that can match. A list with a browser's own prefix keeps
    all its selectors if one matches: a browser drops a whole list for one selector it does
    not know, and dropping that selector would make the rule apply there."""
    selectors = _split(prelude)
    used = [selector for selector in selectors if _matches(selector, pages)]
    if used and VENDOR_PREFIX.search(tinycss2.serialize(prelude)):
        return selectors
    return used


class Rule(NamedTuple):
    """A style rule kept, with those of its selectors that can match."""

    selectors: list[list]
    declarations: list


class Block(NamedTuple):
    """An ``@media`` or ``@supports`` block kept, with the rules kept inside."""

    rule: tinycss2.ast.AtRule
    inner: list


def _used_rules(rules: list, pages: list[Page]) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            if selectors := _used_selectors(rule.prelude, pages):
                declarations = tinycss2.parse_blocks_contents(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                kept.append(Rule(selectors, [d for d in declarations if d.type == "declaration"]))
        elif rule.type == "at-rule" and rule.lower_at_keyword in {"media", "supports"}:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            if inner := _used_rules(inner, pages):
                kept.append(Block(rule, inner))
        else:  # @font-face, @keyframes…: kept whole
            kept.append(rule)
    return kept


def _rules(kept: list) -> Iterator[Rule]:
    for item in kept:
        if isinstance(item, Block):
            yield from _rules(item.inner)
        elif isinstance(item, Rule):
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
        elif isinstance(item, Rule):
            body = ";".join(
                f"{d.name}:{tinycss2.serialize(d.value).strip()}{'!important' if d.important else ''}"
                for d in item.declarations
                if not d.name.startswith("--") or d.name in read
            )
            if body:
                prelude = ",".join(tinycss2.serialize(s).strip() for s in item.selectors)
                out.append(f"{prelude}{{{body}}}")
        else:
            out.append(item.serialize())
    return "".join(out)


def reduce_css(sheets: dict[str, str], pages: list[Page], readers: Iterable[str] = ()) -> str:
    """The rules of ``sheets`` (name: text, in cascade order) that can apply to ``pages``, as
    one stylesheet. A custom property is kept if a kept rule reads it, directly or through
    another one, or if one of ``readers`` (the page's other stylesheets) reads it."""
    kept = []
    for name, text in sheets.items():
        rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
        for rule in rules:
            if rule.type == "error":
                msg = f"{name}, line {rule.source_line}: {rule.message}"
                raise ExtensionError(msg)
        if relative := re.search(r"url\(\s*(?!['\"]?data:)[^)]*\)", text):
            msg = f"{name}: {relative[0]} would change meaning once written into the page"
            raise ExtensionError(msg)
        kept += _used_rules(rules, pages)
    read: set[str] = set()
    for reader in readers:
        read |= _variables_read(tinycss2.parse_component_value_list(reader))
    defined: dict[str, set[str]] = {}  # custom property: those its values read
    for rule in _rules(kept):
        for declaration in rule.declarations:
            uses = _variables_read(declaration.value)
            if declaration.name.startswith("--"):
                defined.setdefault(declaration.name, set()).update(uses)
            else:
                read |= uses
    pending = list(read)
    while pending:
        for name in defined.get(pending.pop(), ()):
            if name not in read:
                read.add(name)
                pending.append(name)
    return _serialize(kept, read)


def place_stylesheets(
    app: Sphinx, _pagename: str, _template: str, context: dict, _doctree: nodes.document | None
) -> None:
    """Name the page's first-paint stylesheets in a placeholder, and set the code's colours
    apart (``late_css_files``)."""
    context["used_css_placeholder"] = ""
    context["late_css_files"] = []
    if not app.config.used_css:
        return
    files = context["css_files"]
    inlined = [css.filename for css in files if css.filename in INLINED]
    context["late_css_files"] = [
        # Its version is that of the file reduced once every page is written.
        f"{css.filename}?v={LATE_VERSION}{css.filename})"
        for css in files
        if css.filename in LATE
    ]
    context["css_files"] = [css for css in files if css.filename not in {*INLINED, *LATE}]
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
        for path in sorted(out.rglob("*.html"))
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
        inline_styles = [style.get_text() for style in page.soup.find_all("style")]
        css = reduce_css(sheets, [page], [*others, *inline_styles])
        html = PLACEHOLDER_STYLE.sub(lambda _, css=css: f"<style>{css}</style>", html)
        html = LATE_VERSIONS.sub(lambda m: _version(out / m[1]), html)
        path.write_text(html, encoding="utf-8")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("used_css", True, "html", types=frozenset({bool}))
    app.connect("html-page-context", place_stylesheets)
    # After furo writes pygments.css (at the default priority, 500), before the
    # Content-Security-Policy hashes the page's styles (content_security_policy, 800).
    app.connect("build-finished", fill_pages, priority=700)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
