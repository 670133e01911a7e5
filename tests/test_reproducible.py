"""Two builds from clean folders publish byte-identical files."""

from __future__ import annotations

from conftest import DOCS, sphinx_build


def published(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_clean_builds_are_identical(tmp_path, site):
    again = sphinx_build(DOCS, tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    first, second = published(site), published(tmp_path / "html")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
