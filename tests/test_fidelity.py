"""Fidelity: every sentence of the review reaches the page, in order, corrected only where
the correction table says, and the « Note d’édition » lists every correction."""

from __future__ import annotations

import csv
import re

import pytest
from helpers import DATA

REVIEW = (DATA / "review.txt").read_text(encoding="utf-8")
with (DATA / "corrections.csv").open(encoding="utf-8", newline="") as table:
    CORRECTIONS = [(row["published"], row["corrected"]) for row in csv.DictReader(table)]

TITLE, CAPTION, *BODY = [line.strip() for line in REVIEW.splitlines() if line.strip()]
OUTLINE = [line.removeprefix("•").strip() for line in BODY if line.startswith("•")]
PARAGRAPHS = [line for line in BODY if not line.startswith("•")]


def normalise(text: str) -> str:
    """Fold every kind of space to one ordinary space, and drop the spaces that French
    typography may add or remove around punctuation and guillemets."""
    text = re.sub(r"\s+", " ", text)  # \s covers U+00A0 and U+202F
    return re.sub(r" ?([;:!?»]) ?", r"\1 ", re.sub(r"« ?", "«", text)).strip()


def corrected(text: str) -> str:
    for published, fixed in CORRECTIONS:
        text = text.replace(published, fixed)
    return text


def sentences(paragraph: str) -> list[str]:
    return re.split(r"(?<=[.?!])\s+(?=[A-ZÉÀÈ])", paragraph)


def test_the_copy_of_the_review_is_the_one_handed_to_us():
    assert TITLE == "Du web 2.0 à l’entreprise"
    assert CAPTION == "Balmisse (Du web 2.0)"
    assert len(OUTLINE) == 6
    assert len(PARAGRAPHS) == 8


@pytest.mark.parametrize(("published", "fixed"), CORRECTIONS)
def test_each_correction_applies_to_exactly_one_place(published, fixed):
    assert REVIEW.count(published) == 1
    assert corrected(REVIEW).count(fixed) >= 1


def test_every_sentence_is_on_the_page_in_order(article):
    page = normalise(article.get_text())
    position = 0
    expected = [s for paragraph in PARAGRAPHS for s in sentences(corrected(paragraph))]
    assert len(expected) == 16
    for sentence in expected:
        found = page.find(normalise(sentence), position)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        position = found + len(normalise(sentence))


def test_no_published_error_is_left_in_the_text(article):
    # The note quotes the published errors; the review itself must not contain them.
    review = normalise(article.get_text()).split("Notice de l’ouvrage")[0]
    for published, _fixed in CORRECTIONS:
        assert normalise(published) not in review


def test_the_title_and_outline_become_headings(article):
    assert normalise(article.h1.get_text()) == TITLE
    chapters = [normalise(h.get_text()) for h in article.select("#le-plan-de-louvrage h3")]
    assert chapters == [f"{n}. {item[0].upper()}{item[1:]}" for n, item in enumerate(OUTLINE, 1)]


def test_the_caption_is_not_body_text(article):
    review = article.get_text().split("Notice de l’ouvrage")[0]
    assert CAPTION not in review


def test_the_note_lists_every_correction(article):
    rows = article.select("#note-dedition table.corrections tbody tr")
    listed = {
        (normalise(row.select_one(".texte-publie").get_text()),
         normalise(row.select_one(".texte-corrige").get_text()))
        for row in rows
    }  # fmt: skip
    assert len(rows) == len(CORRECTIONS)
    for published, fixed in CORRECTIONS:
        assert any(
            normalise(old) in normalise(published) and normalise(new) in normalise(fixed)
            for old, new in listed
        ), f"the note does not list {published!r} → {fixed!r}"


def test_each_correction_in_the_text_links_to_its_entry(article):
    links = article.select("a.correction")
    assert len(links) == len(CORRECTIONS)
    for link in links:
        entry = article.find(id=link["href"].removeprefix("#"))
        assert entry is not None
        assert entry.name == "tr"
        assert entry.select_one(".texte-corrige").get_text() == link.get_text()
        back = entry.select_one("a")["href"].removeprefix("#")
        assert back == link["id"]
        assert "texte publié" in link["title"]


def test_the_last_word_links_to_the_notice(article):
    last = article.find("a", string="ici")
    assert last["href"] == "#notice-de-louvrage"
