"""Bad input fails the build, and the output names the file and the line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import DOCS, sphinx_build

BROKEN = {
    "unknown directive": ("append", "\n```{pas-une-directive}\n```\n"),
    "missing anchor": ("append", "\nVoir [cette section](#section-inexistante).\n"),
    "malformed front matter": ("front", "---\nmyst: [non fermé\n---\n"),
    "malformed correction": ("append", "\nUne {corr}`correction sans motif`.\n"),
    "unknown citation": ("append", "\n```{citation} pas-une-citation\n```\n"),
}


def copy_of_the_sources(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs, ignore=shutil.ignore_patterns("_build"))
    return docs


@pytest.mark.parametrize("case", BROKEN)
def test_build_fails_naming_file_and_line(tmp_path, case):
    docs = copy_of_the_sources(tmp_path)
    page = docs / "index.md"
    text = page.read_text(encoding="utf-8")
    how, snippet = BROKEN[case]
    if how == "append":
        line = text.count("\n") + 2
        text += snippet
    else:
        line = 1
        text = snippet + text.split("---\n", 2)[2]
    page.write_text(text, encoding="utf-8")

    result = sphinx_build(docs, tmp_path / "out")

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"index.md:{line}" in output, output


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("_static/site.css", "\n.unfinished"), r"_static/site\.css, line \d+"),
        (
            ("_static/site.css", "\n.page { background: url(fond.png) }"),
            r"_static/site\.css, line \d+: the address",
        ),
        (("_templates/page.html", None), r"\.html: expected one used-CSS placeholder"),
    ],
    ids=["malformed", "relative address", "no placeholder"],
)
def test_bad_styles_fail_the_build_naming_the_file(tmp_path: Path, change, expected: str):
    """What the styles' reduction (docs/_ext/used_css.py) cannot write into a page."""
    docs = copy_of_the_sources(tmp_path)
    name, added = change
    path = docs / name
    text = path.read_text(encoding="utf-8")
    if added is None:  # a template that forgets the placeholder
        text = text.replace("<style>{{ used_css_placeholder }}</style>", "")
    path.write_text(text + (added or ""), encoding="utf-8")
    result = sphinx_build(docs, tmp_path / "out")
    assert result.returncode != 0
    assert re.search(expected, result.stdout + result.stderr), result.stderr
