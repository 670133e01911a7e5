"""Identifiers and the citations' colons marked so as not to break (docs/_ext/typography.py):
what is marked, in the built page and in the Pygments filter. The browser tests are in
test_phone.py; the build's refusal of an identifier in a code block that the filter does not
see, in test_bad_input.py."""

from __future__ import annotations

import pytest
from pygments.token import String, Text
from typography import KeepTogether, identifiers


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ISBN 978-2-7462-1930-4.", ["978-2-7462-1930-4"]),
        ("(ISBN-10 : 2-7462-1930-1)", ["ISBN-10", "2-7462-1930-1"]),
        ("(ISSN 1635-7361)", ["1635-7361"]),
        ("ISBN 978-2-7462-1930-5", []),  # wrong check digit
        ("de 2006-2009 à 2010", []),  # years, not an ISSN
        ("le 978-2-7462-1930-4-1", []),  # part of a longer number
    ],
)
def test_identifiers(text, found):
    assert [match[0] for match in identifiers(text)] == found


def test_the_filter_keeps_identifiers_whole():
    citation = "Paris : Hermès, 2009. ISBN 978-2-7462-1930-4."
    tokens = list(KeepTogether().filter(None, iter([(Text, citation), (String, "{1635-7361}")])))
    assert "".join(value for _, value in tokens) == citation + "{1635-7361}"
    whole = [
        (ttype, value) for ttype, value in tokens if ttype in (Text.Insecable, String.Insecable)
    ]
    assert whole == [
        (Text.Insecable, "978-2-7462-1930-4"),
        (String.Insecable, "1635-7361"),
    ]


def test_the_page_marks_each_identifier(index):
    marked = [span.get_text() for span in index.select("article .identifiant")]
    assert marked == [
        "1635-7361", "978-2-7462-1930-4", "ISBN-10", "2-7462-1930-1", "poncier.org/blog/?p=1380"
    ]  # fmt: skip
    for block in index.select("div.highlight"):
        assert any("-Insecable" in " ".join(span.get("class", [])) for span in block.select("span"))
