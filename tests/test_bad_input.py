"""Bad input fails the build, and the output names the file and the line of each fault: one
build of a page holding every kind of fault, since the strict build reports them all before
it fails."""

from __future__ import annotations

from helpers import copy_of_the_sources, sphinx_build

# Appended to the page, each on lines of its own: what the build must report, and where.
FAULTS = {
    "unknown directive": "```{pas-une-directive}\n```",
    "missing anchor": "Voir [cette section](#section-inexistante).",
    "malformed correction": "Une {corr}`correction sans motif`.",
    "unknown citation": "```{citation} pas-une-citation\n```",
    # typography: an identifier in a code block whose language the Pygments filter ignores
    "identifier in unseen code": '```python\nisbn = "978-2-7462-1930-4"\n```',
}


def test_each_fault_fails_the_build_naming_its_file_and_line(tmp_path):
    docs = copy_of_the_sources(tmp_path)
    page = docs / "index.md"
    # A malformed front matter, in place of the page's own (line 1).
    text = "---\nmyst: [non fermé\n---\n" + page.read_text(encoding="utf-8").split("---\n", 2)[2]
    lines = {"malformed front matter": 1}
    for fault, snippet in FAULTS.items():
        text += "\n"
        lines[fault] = text.count("\n") + 1
        text += snippet + "\n"
    page.write_text(text, encoding="utf-8")
    # A stylesheet that cannot be written into a page: the search's, whose page is written last.
    css = docs / "_static" / "search.css"
    css_line = css.read_text(encoding="utf-8").count("\n") + 2
    css.write_text(css.read_text(encoding="utf-8") + "\n.page { background: url(fond.png) }\n")

    result = sphinx_build(docs, tmp_path / "out")

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for fault, line in lines.items():
        assert f"index.md:{line}" in output, (fault, output)
    assert "identifiant" in output, output
    assert f"_static/search.css, line {css_line}: the address 'fond.png'" in output, output
