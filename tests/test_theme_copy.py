"""The templates that copy furo's (page.html, partials/icons.html) were made from furo
2025.12.19: a furo release that changes the originals fails here, naming the file to compare
again, rather than leaving the copies quietly behind."""

from __future__ import annotations

import hashlib
from pathlib import Path

import furo
import pytest

THEME = Path(furo.__file__).parent / "theme" / "furo"
COPIED_FROM = {  # sha256 of furo 2025.12.19's files
    "page.html": "ad8bad98317b2e09e018cde7113e90a32b3a87e0440cfab385d1bb7ca1c9cd6d",
    "partials/icons.html": "011252a5f029c5469b589debeceff03b3c6212bf7fb692d8d11dc1b7cb6c14bf",
}


@pytest.mark.parametrize("name", COPIED_FROM)
def test_furos_original_is_the_one_the_override_was_made_from(name):
    digest = hashlib.sha256((THEME / name).read_bytes()).hexdigest()
    assert digest == COPIED_FROM[name], (
        f"furo changed {name}: compare it with docs/_themes/edition/{name}, carry the changes over, "
        "then record the new digest here"
    )
