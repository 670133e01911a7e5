"""Bad input fails the build, and the output names the file and the line."""

from __future__ import annotations

import pytest
from helpers import copy_of_the_sources, sphinx_build

BROKEN = {
    "unknown directive": ("append", "\n```{pas-une-directive}\n```\n"),
    "missing anchor": ("append", "\nVoir [cette section](#section-inexistante).\n"),
    "malformed front matter": ("front", "---\nmyst: [non fermé\n---\n"),
    "malformed correction": ("append", "\nUne {corr}`correction sans motif`.\n"),
    "unknown citation": ("append", "\n```{citation} pas-une-citation\n```\n"),
}


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
