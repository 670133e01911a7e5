"""French typography for the interface strings that scripts write: the search's and the copy
buttons'.

- Sphinx's search takes its strings from ``_static/translations.js``, a copy of Sphinx's own
  French catalogue for scripts, which writes « Préparation de la recherche... » with three
  full stops. Sphinx's documented alternative, a whole ``sphinx.js`` in ``locale_dirs``,
  would be a copy of that catalogue to keep in step with every Sphinx release. Instead, the
  entries of ``locale/fr/LC_MESSAGES/sphinx.po`` that point to a script (a ``#:`` reference
  to a ``.js`` file) replace Sphinx's French in the built ``translations.js``: one catalogue
  for the templates and the scripts.
- sphinx-copybutton writes its French into ``copybutton.js`` and has no setting for it; its
  « Copié ! » has an ordinary space, and « presse-papier » its rarer spelling. The fixes are listed in ``COPYBUTTON``.

Either way, a string that is not found stops the build, naming it: a new release of Sphinx
or of sphinx-copybutton cannot silently undo a correction.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.pofile import read_po
from sphinx.errors import ExtensionError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

CATALOGUE = "locale/fr/LC_MESSAGES/sphinx.po"
TRANSLATIONS = re.compile(r"\ADocumentation\.addTranslations\((.*)\);\s*\Z", re.DOTALL)
COPYBUTTON = {
    "'copy_success': 'Copié !'": "'copy_success': 'Copié\u202f!'",
    "'copy_to_clipboard': 'Copier dans le presse-papier'": (
        "'copy_to_clipboard': 'Copier dans le presse-papiers'"  # the usual spelling
    ),
}


def script_messages(catalogue: Path) -> dict[str, str]:
    """The entries of the catalogue that are meant for Sphinx's scripts."""
    with catalogue.open("rb") as po:
        messages = read_po(po)
    return {
        message.id: message.string
        for message in messages
        if message.id and any(name.endswith(".js") for name, _line in message.locations)
    }


def translate_scripts(static: Path, messages: dict[str, str]) -> None:
    path = static / "translations.js"
    found = TRANSLATIONS.match(path.read_text(encoding="utf-8"))
    if not found:
        msg = f"{path}: not the form Documentation.addTranslations({{...}}); expected"
        raise ExtensionError(msg)
    catalogue = json.loads(found[1])
    for msgid, french in messages.items():
        if msgid not in catalogue["messages"]:
            msg = f"{CATALOGUE}: {msgid!r} is no longer in Sphinx's catalogue for scripts"
            raise ExtensionError(msg)
        catalogue["messages"][msgid] = french
    text = json.dumps(catalogue, indent=4, sort_keys=True)
    path.write_text(f"Documentation.addTranslations({text});\n", encoding="utf-8")


def fix_copy_buttons(static: Path) -> None:
    path = static / "copybutton.js"
    script = path.read_text(encoding="utf-8")
    for wrong, right in COPYBUTTON.items():
        if script.count(wrong) != 1:
            msg = f"{path}: {wrong!r} not found once; see COPYBUTTON in {__file__}"
            raise ExtensionError(msg)
        script = script.replace(wrong, right)
    path.write_text(script, encoding="utf-8")


def fix_scripts(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html":
        return
    static = Path(app.outdir, "_static")
    translate_scripts(static, script_messages(Path(app.confdir, CATALOGUE)))
    fix_copy_buttons(static)


def setup(app: Sphinx) -> ExtensionMetadata:
    # Before the Content-Security-Policy reads translations.js (default priority 500).
    app.connect("build-finished", fix_scripts, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
