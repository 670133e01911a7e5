"""Builds publish the same files however they are made: a build into a folder that already
holds one, whatever the files' times, and a rebuild after an edit are byte-identical to a clean
build, and every page is finished (see page_output.py)."""

from __future__ import annotations

import shutil

from helpers import DOCS, SITE_URL, copy_of_the_sources, files_of, sphinx_build


def differences(a, b) -> list[str]:
    first, second = files_of(a), files_of(b)
    missing = sorted(str(name) for name in first.keys() ^ second.keys())
    return missing + [str(name) for name in first if name in second and first[name] != second[name]]


def build(source, out) -> str:
    result = sphinx_build(source, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


# Written into the copy's conf.py: every file of the output dated 1 January 2000, as a
# filesystem that keeps seconds only, or whose clock lags, would leave them. (The output layer
# before page_output.py chose the pages to finish by their times: it published them all
# unfinished, and exited 0.)
OLD_TIMES = """
def setup(app):
    import os
    from pathlib import Path

    def date_everything_back(app, exception):
        for path in Path(app.outdir).rglob("*"):
            os.utime(path, (946684800, 946684800))

    app.connect("build-finished", date_everything_back, priority=100)
"""


def test_builds_into_the_same_folder_equal_a_clean_build_whatever_the_files_times(tmp_path, site):
    source = copy_of_the_sources(tmp_path, OLD_TIMES)
    build(source, tmp_path)
    assert differences(site, tmp_path / "html") == []  # every page finished
    again = build(source, tmp_path)
    assert "0 added, 0 changed, 0 removed" in again  # nothing read again
    assert "html_static_path" not in again  # not announced as a change: nothing changed
    assert differences(site, tmp_path / "html") == []


def test_rebuilds_after_edits_read_what_changed_and_equal_clean_builds(tmp_path):
    source = copy_of_the_sources(tmp_path)
    extra = source / "ajout.md"
    extra.write_text("---\norphan: true\n---\n# Page ajoutée\n\nTexte.\n", encoding="utf-8")
    build(source, tmp_path / "incremental")
    assert (tmp_path / "incremental" / "html" / "ajout.html").is_file()

    # One page edited, one removed: the removed page's file goes too (Sphinx leaves it).
    extra.unlink()
    index = source / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", "utf-8")
    again = build(source, tmp_path / "incremental")
    assert "0 added, 1 changed, 1 removed" in again
    # Only settings that change no page differ from the last build's (Sphinx says so, and
    # rereads nothing for them): none of the "env" kind would have every page read again.
    assert "config changed" not in again
    build(source, tmp_path / "clean")
    assert differences(tmp_path / "clean" / "html", tmp_path / "incremental" / "html") == []

    # A local extension's code shapes every page: editing it has every page read again.
    extension = source / "_ext" / "upstream_fixes.py"
    extension.write_text(extension.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    assert "2 added, 0 changed, 0 removed" in build(source, tmp_path / "incremental")


def test_a_new_site_address_is_read_into_the_page(tmp_path, published):
    first, second = SITE_URL, "https://example.org/revue/"
    shutil.copytree(published.parent, tmp_path, dirs_exist_ok=True)  # the pages, the doctrees
    again = sphinx_build(DOCS, tmp_path, site_url=second)
    assert again.returncode == 0, again.stdout + again.stderr
    page = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    assert first not in page  # the citations of this edition too
    assert f"{second}index.html" in page
