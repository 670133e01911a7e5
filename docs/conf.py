"""Sphinx settings for the web edition of Anthony Poncier's review of Gilles Balmisse's book.

Only what differs from Sphinx's and furo's defaults is set here; custom behaviour lives in
the small extensions of ``_ext/``.
"""

import os
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from bibliography import REVIEW  # the facts, written once, in _ext/

# -- Project -----------------------------------------------------------------------------------
project = f"Compte rendu d’{REVIEW.author.name}"  # the site's name, not the book's title
author = REVIEW.author.name
copyright = author  # the review's text is its author's (shown by no HTML page; EPUB needs it)
# The edition's version, written once in pyproject.toml (EPUB needs one).
version = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"][
    "version"
]
language = "fr"  # exactly "fr": furo's and sphinx-copybutton's French need no region suffix

# -- Sources -----------------------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "notfound.extension",
    # Local extensions (docs/_ext/)
    "publishing",
    "bibliography",
    "upstream_fixes",
    "page_output",
    "corrections",
    "typography",
    "site_search",
    "spelling_scope",
]
root_doc = "index"
exclude_patterns = ["_build"]
nitpicky = True  # every reference must resolve
locale_dirs = ["locale"]  # French for the theme strings that Sphinx's catalogue lacks

# The sections that hold the review's own paragraphs, numbered « § 1 »… (see _ext/corrections.py).
review_sections = ["lauteur-et-son-approche", "le-plan-de-louvrage", "le-commentaire",
                   "ce-que-je-retiens"]  # fmt: skip

# English words and phrases of the page, read in English by screen readers (lang="en").
english_words = [
    "cloud computing", "crowdsourcing", "customer relationship management",
    "Enterprise 2.0 : The Dawn of Emergent Collaboration", "knowledge management", "mashup",
    "mashups", "MIT Sloan Management Review", "Social CRM", "Wikinomics",
]  # fmt: skip

# -- MyST --------------------------------------------------------------------------------------
myst_enable_extensions = ["attrs_block", "attrs_inline", "deflist"]
myst_heading_anchors = 3
myst_heading_slug_func = "docutils"  # MyST anchors equal to docutils' ASCII section ids

# -- HTML output -------------------------------------------------------------------------------
html_theme = "edition"  # furo, with the templates of _themes/edition/
html_theme_path = ["_themes"]
html_title = project  # short: furo shows it in the phone's header too
html_short_title = html_title
html_static_path = ["_static"]
html_theme_options = {"top_of_page_buttons": []}
html_copy_source = False  # no _sources/ copy of the page
html_show_sourcelink = False
html_show_sphinx = False
html_show_copyright = False
html_domain_indices = False
html_use_index = False
html_permalinks_icon = '<span aria-hidden="true">#</span>'  # its title names the link
html_context = {
    "favicon_svg": (Path(__file__).parent / "_static/favicon.svg").read_text(),
    "review_url": REVIEW.url,  # the footer links to the original post
}

# -- Publishing --------------------------------------------------------------------------------
# The public address, e.g. https://example.github.io/review/, comes from the deployment (see
# .github/workflows/ci.yml). The "publishing" extension checks it and gives it to the sitemap,
# Open Graph and 404 page. Without it, the site builds for local use.
html_baseurl = os.environ.get("SITE_URL", "")
if not html_baseurl:
    suppress_warnings = ["sitemap.configuration"]  # no address, no sitemap: by design
sitemap_url_scheme = "{link}"  # no /fr/ prefix
sitemap_excludes = ["search.html", "404.html"]
ogp_type = "website"  # Zotero saves the page as a web page (see _ext/bibliography.py)
ogp_social_cards = {"enable": False}  # the sharing image is given (ogp_image)
ogp_site_name = html_title
ogp_image = "_static/partage.png"
ogp_custom_meta_tags = [
    '<meta property="og:locale" content="fr_FR">',
    '<meta name="twitter:card" content="summary_large_image">',
]
# -- Spelling (nox -s spelling; the builder comes from sphinxcontrib-spelling) --------------------
spelling_lang = "fr"  # and no tokenizer_lang: PyEnchant has no French tokenizer
spelling_word_list_filename = "spelling_wordlist.txt"
spelling_warning = True  # each unknown word is a warning with its file and line; -W fails
spelling_show_suggestions = True
spelling_ignore_acronyms = False  # KM, IE, RH… are listed in the word list instead
spelling_ignore_pypi_package_names = False
spelling_ignore_wiki_words = False
spelling_ignore_python_builtins = False
spelling_ignore_importable_modules = False
spelling_ignore_contributor_names = False
