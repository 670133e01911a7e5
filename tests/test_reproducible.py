"""Builds publish the same files however they are made: two clean builds, a build into a folder
that already holds one, and a rebuild after an edit are byte-identical to a clean build."""

from __future__ import annotations

from helpers import DOCS, copy_of_the_sources, files_of, sphinx_build


def differences(a, b) -> list[str]:
    first, second = files_of(a), files_of(b)
    missing = sorted(str(name) for name in first.keys() ^ second.keys())
    return missing + [str(name) for name in first if name in second and first[name] != second[name]]


def build(source, out) -> str:
    result = sphinx_build(source, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_a_clean_build_and_a_build_into_the_same_folder_equal_the_first(tmp_path, site):
    build(DOCS, tmp_path)
    assert differences(site, tmp_path / "html") == []
    again = build(DOCS, tmp_path)
    assert "0 added, 0 changed, 0 removed" in again  # nothing read again
    assert differences(site, tmp_path / "html") == []
    for page in (tmp_path / "html").glob("*.html"):
        assert page.read_text(encoding="utf-8").count('http-equiv="Content-Security-Policy"') == 1


def test_rebuilds_after_edits_read_what_changed_and_equal_clean_builds(tmp_path):
    source = copy_of_the_sources(tmp_path)
    build(source, tmp_path / "incremental")

    index = source / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", "utf-8")
    again = build(source, tmp_path / "incremental")
    assert "0 added, 1 changed, 0 removed" in again
    # Only settings that change no page differ from the last build's (Sphinx says so, and
    # rereads nothing for them): none of the "env" kind would have every page read again.
    assert "config changed" not in again
    build(source, tmp_path / "clean")
    assert differences(tmp_path / "clean" / "html", tmp_path / "incremental" / "html") == []

    # A local extension's code shapes every page: editing it has every page read again.
    extension = source / "_ext" / "upstream_fixes.py"
    extension.write_text(extension.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    assert "2 added, 0 changed, 0 removed" in build(source, tmp_path / "incremental")


def test_a_new_site_address_is_read_into_the_page(tmp_path):
    first, second = "https://example.github.io/review/", "https://example.org/revue/"
    assert sphinx_build(DOCS, tmp_path, site_url=first).returncode == 0
    again = sphinx_build(DOCS, tmp_path, site_url=second)
    assert again.returncode == 0, again.stdout + again.stderr
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert first not in page  # the citations of this edition too
    assert f"{second}index.html" in page
