"""French search that ignores accents: « ideagoras » finds « idéagoras », and the reverse.

Sphinx's French search stems words (veille, veilles, veiller) but keeps their accents, so a
reader who types without them finds nothing. This registers, for ``fr``, a subclass of
Sphinx's own French search language that folds accents after stemming, on both sides:

- the index: :meth:`stem` folds the Snowball stem, and the stop words gain their folded forms;
- the query: Sphinx inserts ``js_splitter_code`` into ``language_data.js`` after the
  Snowball stemmer it ships; that code wraps the ``Stemmer`` the search page uses so that it
  folds in the same way.

Stemming first and folding second keeps the French stemmer's rules, which rely on accents.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from sphinx.search.fr import SearchFrench

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(word: str) -> str:
    """Lower-case ``word`` and remove its accents and ligatures."""
    decomposed = unicodedata.normalize("NFD", word.lower().translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class SearchFrenchFolded(SearchFrench):
    """Sphinx's French search, with accents folded in the index and in the query."""

    stopwords = SearchFrench.stopwords | {fold(word) for word in SearchFrench.stopwords}

    js_splitter_code = """
/* French search that ignores accents: fold the stem, as the index does (search_fr_folded). */
(() => {
  const fold = (word) =>
    word.toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae")
      .normalize("NFD").replace(/\\p{M}/gu, "");
  const Stemming = window.Stemmer;
  window.Stemmer = function () {
    const stemmer = new Stemming();
    this.stemWord = (word) => fold(stemmer.stemWord(word));
  };
})();
"""

    def stem(self, word: str) -> str:
        return fold(super().stem(word))


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_search_language(SearchFrenchFolded)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
