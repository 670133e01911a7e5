"""The French labels do not depend on the exact markup of furo's templates.

The page template overrides furo's page.html as a whole; these tests build the site against a
furo whose base.html differs (as after a release that reorders markup or adds attributes)."""

from __future__ import annotations

import re
from pathlib import Path

import furo
from helpers import copy_of_the_sources, parse, sphinx_build

BASE = Path(furo.__file__).parent / "theme" / "furo" / "base.html"
FRENCH_LABELS = {
    "#__navigation": "Afficher ou masquer la navigation",
    "#__toc": "Afficher ou masquer le sommaire",
    "aside.sidebar-drawer": "Panneau de navigation",
    "aside.toc-drawer": "Panneau du sommaire",
    ".sidebar-container": "Navigation du site",
    ".toc-sticky": "Sommaire de la page",
}


def test_labels_stay_french_when_furos_markup_changes(tmp_path):
    source = copy_of_the_sources(tmp_path)
    base = BASE.read_text(encoding="utf-8")
    variant = base.replace("<body>", '<body class="variant" data-furo-next>')
    variant = variant.replace('<meta charset="utf-8">', '<meta charset="utf-8" data-variant>')
    variant = re.sub(r'<html class="no-js"', '<html data-variant class="no-js"', variant)
    assert variant.count("variant") == 3, "furo's base.html changed: update this test"
    (source / "_themes" / "edition" / "base.html").write_text(variant, encoding="utf-8")
    result = sphinx_build(source, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    page = parse(tmp_path / "html" / "index.html")
    assert page.body.get("data-furo-next") is not None  # built against the variant
    for selector, label in FRENCH_LABELS.items():
        assert page.select_one(selector)["aria-label"] == label
    assert len(page.select("a.skip-to-content")) == 1
    assert page.select_one("a[href], input, button")["class"][0] == "skip-to-content"
    assert page.select_one(".theme-toggle")["aria-label"].startswith("Changer de thème")
    titles = {title.get_text() for title in page.select("svg symbol title")}
    assert titles >= {"Sommaire", "Thème clair", "Thème sombre"}
    policies = page.select('meta[http-equiv="Content-Security-Policy"]')
    assert len(policies) == 1
    assert policies[0]["content"].startswith("default-src 'self'")
