"""French typography for the interface strings that sphinx-copybutton's script writes.

sphinx-copybutton writes its French into ``copybutton.js`` and has no setting for it: its
« Copié ! » has an ordinary space, and « presse-papier » its rarer spelling. The fixes are
listed in ``COPYBUTTON``, and each must be found once in the built script: a new release of
sphinx-copybutton cannot silently undo a correction, the build stops naming it.

(The search no longer uses Sphinx's scripts, so their strings reach no reader: see
``site_search.py``.)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

COPYBUTTON = {
    "'copy_success': 'Copié !'": "'copy_success': 'Copié\u202f!'",
    "'copy_to_clipboard': 'Copier dans le presse-papier'": (
        "'copy_to_clipboard': 'Copier dans le presse-papiers'"  # the usual spelling
    ),
}


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
    fix_copy_buttons(Path(app.outdir, "_static"))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.connect("build-finished", fix_scripts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
