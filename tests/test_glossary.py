"""The glossary: every term a general reader may not know, defined in one or two sentences,
and linked from its first occurrence in the review."""

from __future__ import annotations

import re

import pytest
from helpers import review_paragraphs

# Glossary entry -> the words that stand for it in the review.
TERMS = {
    "Web-2.0": "web 2.0",
    "entreprise-2.0": "entreprise 2.0",
    "KM": "KM",
    "IE": "IE",
    "veille": "veille",
    "GRC": "gestion de la relation client",
    "Social-CRM": "Social CRM",
    "parties-prenantes": "parties prenantes",
    "marque-employeur": "marque employeur",
    "e-reputation": "e-reputation",
    "crowdsourcing": "crowdsourcing",
    "ideagora": "idéagoras",
    "cloud-computing": "cloud computing",
    "mashup-dentreprise": "mashups d’entreprise",
}
ALIASES = {"CRM": "GRC", "intelligence-economique": "IE", "gestion-des-connaissances": "KM"}


def text_before(paragraphs, link):
    seen = []
    for paragraph in paragraphs:
        for string in paragraph.find_all(string=True):
            if link in string.parents:
                return "".join(seen)
            seen.append(string)
    raise AssertionError(link)


def test_glossary_defines_every_term(article):
    glossary = article.find(id="glossaire")
    terms = {dt["id"].removeprefix("term-") for dt in glossary.select("dl.glossary dt")}
    assert terms == set(TERMS) | set(ALIASES)
    for definition in glossary.select("dl.glossary dd"):
        text = definition.get_text().strip()
        sentences = re.findall(r"(?<!\b[A-Z])[.…](?=\s+[A-ZÉÀ]|$)", text)
        assert 1 <= len(sentences) <= 2, text


def test_the_glossary_keeps_one_form(article):
    glossary = article.find(id="glossaire")
    for definition in glossary.select("dl.glossary dd"):
        text = definition.get_text().strip()
        # A definition opens on its noun, without an article, as a dictionary's does.
        assert not re.match(r"(?:Le|La|Les|L’|Un|Une|Des) ", text), text
        # The English name comes after the French one that opens the definition, never later.
        for match in re.finditer(r"\(en anglais ", text):
            assert re.match(r"[^.:]+$", text[: match.start()]), text
    # The edition's own spelling: « Web » with a capital, English in italics.
    headwords = [dt.get_text().rstrip("¶") for dt in glossary.select("dl.glossary dt")]
    assert "Web 2.0" in headwords
    assert not [word for word in headwords if re.search(r"\bweb\b", word)]
    english = [dt for dt in glossary.select("dt") if dt.select_one('[lang="en"]')]
    assert {dt.get_text().rstrip("¶") for dt in english} == {
        "cloud computing", "crowdsourcing", "mashup d’entreprise", "Social CRM",
    }  # fmt: skip
    assert all(dt.select_one('em [lang="en"]') for dt in english)


@pytest.mark.parametrize(("term", "words"), TERMS.items())
def test_first_occurrence_links_to_the_definition(article, term, words):
    paragraphs = review_paragraphs(article)
    links = [a for p in paragraphs for a in p.select(f'a[href="#term-{term}"]')]
    assert len(links) == 1, term
    assert words in links[0].get_text()
    assert words not in text_before(paragraphs, links[0]), f"{words!r} occurs before its link"
