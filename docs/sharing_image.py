"""Draw the sharing image, ``_static/partage.png``, from the facts of ``_ext/bibliography.py``.

Share cards (Open Graph, ``ogp_image`` in ``conf.py``) show it beside the page's title. It is
drawn by ``nox -s image`` and committed; ``tests/test_publishing.py`` draws it again and
compares the pixels, so that it cannot drift from the facts or from this script. The fonts
are DejaVu's, from npm at the version ``package-lock.json`` locks, and Pillow is pinned: the
image comes out the same on every machine.

Lines are broken by sense: no line ends on a short word that belongs to the next one
(« Du Web 2.0 à / l’entreprise » becomes « Du Web 2.0 / à l’entreprise »).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

from bibliography import BOOK, REVIEW

OUTPUT = HERE / "_static" / "partage.png"
FONTS = HERE.parent / "node_modules" / "dejavu-fonts-ttf" / "ttf"  # npm ci installs them
SIZE = (1200, 630)  # what Open Graph and large Twitter cards show whole
MARGIN = 90
BACKGROUND, TEXT, ACCENT = "#1f3a5f", "#ffffff", "#b9cfee"
# Words that introduce the next one: a line does not end on them.
LEADING_WORDS = {"à", "au", "aux", "de", "des", "du", "en", "et", "la", "le", "les", "un", "une"}


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path = FONTS / f"{name}.ttf"
    if not path.is_file():
        msg = f"{path} is missing: run `npm ci` (nox -s image does)"
        raise SystemExit(msg)
    return ImageFont.truetype(str(path), size)


def lines_by_sense(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``, none ending on a word of LEADING_WORDS or
    an elided one (« l’ »): such a word goes to the next line, or, where a line holds nothing
    else, the line runs over rather than break there."""
    lines: list[list[str]] = [[]]
    for word in text.split(" "):  # not at no-break spaces
        line = lines[-1]
        if line and face.getlength(" ".join([*line, word])) > width:
            carried: list[str] = []
            while line and (line[-1].lower() in LEADING_WORDS or line[-1].endswith("’")):
                carried.insert(0, line.pop())
            if line:
                lines.append(carried)
            else:
                line.extend(carried)
        lines[-1].append(word)
    return [" ".join(words) for words in lines]


def draw() -> Image.Image:
    image = Image.new("RGB", SIZE, BACKGROUND)
    pen = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    y = 110.0

    def write(text: str, face: ImageFont.FreeTypeFont, fill: str, gap: float) -> None:
        nonlocal y
        pen.text((MARGIN, y), text, font=face, fill=fill)
        y += face.size * 1.2 + gap

    kicker = font("DejaVuSans-Bold", 28)
    write("COMPTE RENDU DE LECTURE", kicker, ACCENT, 14)
    title = font("DejaVuSerif-Bold", 78)
    for line in lines_by_sense(BOOK.title, title, width * 0.8):
        write(line, title, TEXT, -4)
    y += 12
    subtitle = BOOK.subtitle[0].upper() + BOOK.subtitle[1:]
    write(subtitle, font("DejaVuSerif-Italic", 34), TEXT, 6)
    imprint = font("DejaVuSerif", 28)
    for line in lines_by_sense(
        f"{BOOK.author.name}, {BOOK.publisher}, {BOOK.year}", imprint, width
    ):
        write(line, imprint, TEXT, 0)
    y += 26
    pen.line([(MARGIN, y), (SIZE[0] - MARGIN, y)], fill=ACCENT, width=3)
    y += 30
    write(f"par {REVIEW.author.name}", font("DejaVuSans", 32), TEXT, 0)
    return image


if __name__ == "__main__":
    draw().save(OUTPUT, optimize=True)
    print(f"{OUTPUT.relative_to(HERE.parent)}: {OUTPUT.stat().st_size} bytes")
