"""Every internal link and #fragment of the published folder resolves, on every page (the
404 page's links are absolute: they resolve from the site's root)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers import SITE_URL, parse

PAGES = ["index.html", "search.html", "404.html"]


@cache
def ids_of(page: Path) -> frozenset[str]:
    return frozenset(tag["id"] for tag in parse(page).select("[id]"))


def internal_links(site: Path, page: str, root: str = "/") -> list[tuple[str, Path, str]]:
    """(link as written, file it points to, fragment) for each internal link of a page."""
    html = parse(site / page)
    links = []
    for tag, attribute in [("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")]:
        for element in html.find_all(tag, attrs={attribute: True}):
            url = urlsplit(element[attribute])
            if url.scheme or url.netloc:
                continue
            path = unquote(url.path)
            if path.startswith("/"):
                assert path.startswith(root), f"{page}: {path} is outside the site"
                target = site / path.removeprefix(root)
            else:
                target = (site / page).parent / path if path else site / page
            links.append((element[attribute], target, url.fragment))
    return links


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("build", ["local", "published"])
def test_every_internal_link_resolves(request, build, name):
    site = request.getfixturevalue("site" if build == "local" else "published")
    links = internal_links(site, name, "/" if build == "local" else urlsplit(SITE_URL).path)
    assert len(links) > 5
    for written, target, fragment in links:
        file = target / "index.html" if target.is_dir() else target
        assert file.is_file(), f"{name}: {written}"
        if fragment and file.suffix == ".html":
            assert fragment in ids_of(file), f"{name}: {written}"
