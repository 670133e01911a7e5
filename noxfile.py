#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox>=2025.2.9"]
# ///
"""Every task of the review site is a nox session: ``nox -l`` lists them."""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"

ROOT = Path(__file__).parent
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
REQUIREMENTS = ROOT / "requirements"
# -n: every reference must resolve; -W --keep-going: report every warning, then fail.
SPHINX_STRICT = ("-n", "-W", "--keep-going", "-T")


def install(session: nox.Session, group: str) -> None:
    """Install a dependency group exactly as pinned (with hashes) by ``nox -s lock``."""
    session.install("--require-hashes", "-r", str(REQUIREMENTS / f"{group}.txt"))


@nox.session(default=True)
def docs(session: nox.Session) -> None:
    """Build the site strictly into docs/_build/html (any warning fails the build)."""
    install(session, "docs")
    html = BUILD / "html"
    # A failed build must not leave a half-built site that looks publishable.
    shutil.rmtree(BUILD, ignore_errors=True)
    try:
        session.run(
            "sphinx-build", *SPHINX_STRICT, "-b", "html", "-d", str(BUILD / "doctrees"),
            str(DOCS), str(html), *session.posargs,
        )  # fmt: skip
    except nox.command.CommandFailed:
        shutil.rmtree(html, ignore_errors=True)
        raise
    session.log(f"Site built: {html / 'index.html'}")


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Serve the site on http://127.0.0.1:8000 and rebuild it on every change."""
    install(session, "serve")
    session.run(
        "sphinx-autobuild", "-n", "-T", "--keep-going", "-b", "html",
        "--host", "127.0.0.1", "--port", "8000",
        "--watch", str(DOCS / "_ext"), "--ignore", str(BUILD),
        str(DOCS), str(BUILD / "serve"), *session.posargs,
    )  # fmt: skip


def use_a_browser(session: nox.Session) -> None:
    """Use Debian's Chromium when present; otherwise fetch Playwright's own build."""
    if shutil.which("chromium"):
        session.log(f"Browser tests use the system Chromium: {shutil.which('chromium')}")
        return
    session.log("No system Chromium: installing Playwright's Chromium.")
    # GitHub's runners let Playwright install the system libraries too.
    with_deps = ["--with-deps"] if os.environ.get("GITHUB_ACTIONS") == "true" else []
    session.run("playwright", "install", *with_deps, "chromium")


@nox.session(default=True)
def tests(session: nox.Session) -> None:
    """Build the site once, then test the HTML and the page in headless Chromium."""
    install(session, "test")
    use_a_browser(session)
    session.run("pytest", *session.posargs)


LIGHTHOUSE = "12.2.3"  # the newest Lighthouse that runs on Node.js 20
VNU = "26.9.27"  # the Nu HTML Checker, from the npm package vnu-jar
# Messages of the checker that are wrong for this site, each with the reason.
VNU_IGNORED = [
    # Sphinx and docutils write void elements the XHTML way (<meta … />): harmless in HTML.
    "Trailing slash on void elements",
    # The checker judges the pages' Content-Security-Policy against the file: URLs it reads
    # and does not check hashes; served over https, nothing is blocked, which the browser
    # tests check on every page.
    "violates Content Security Policy",
    # furo wraps the page in one <article>; its h1 is the page's title, its headings are in
    # the sections within.
    "Consider using the .h1. element as a top-level heading only",
    "Article lacks heading",
]


@nox.session(default=True)
def validate(session: nox.Session) -> None:
    """Check every published page with the Nu HTML Checker: no error, no warning."""
    if not shutil.which("java"):
        session.error("The Nu HTML Checker needs Java: sudo apt-get install default-jre-headless")
    jar = npm_tool(session, "vnu-jar", VNU) / "vnu-jar/build/dist/vnu.jar"
    install(session, "docs")
    out = BUILD / "validate"
    shutil.rmtree(out, ignore_errors=True)
    # Built as deployed (with an address), so that every tag the site can publish is checked.
    session.run(
        "sphinx-build", *SPHINX_STRICT, "-b", "html", "-d", str(BUILD / "doctrees-validate"),
        str(DOCS), str(out), env={"SITE_URL": "https://example.github.io/review/"},
    )  # fmt: skip
    pattern = ".*(" + "|".join(VNU_IGNORED) + ").*"
    session.run("java", "-jar", str(jar), "--Werror", "--skip-non-html", "--filterpattern",
                pattern, str(out), external=True)  # fmt: skip
    session.log(f"Nu HTML Checker {VNU}: every page of {out} is valid.")


def npm_tool(session: nox.Session, package: str, version: str) -> Path:
    """Install an npm package once in nox's cache; return its folder."""
    if not shutil.which("npm"):
        session.error(f"{package} comes from npm: install Node.js and npm")
    prefix = Path(session.cache_dir, f"{package}-{version}").resolve()
    if not (prefix / "node_modules" / package).is_dir():
        session.run("npm", "install", "--prefix", str(prefix), "--no-save", "--no-audit",
                    "--no-fund", f"{package}@{version}", external=True)  # fmt: skip
    return prefix / "node_modules"


@nox.session(default=False)
def perf(session: nox.Session) -> None:
    """Measure the review page (weight, requests, paints), Lighthouse's scores and the build
    time, beside a plain furo build of the same review; fail over budget (tests/perf.py)."""
    install(session, "test")
    use_a_browser(session)
    lighthouse = npm_tool(session, "lighthouse", LIGHTHOUSE) / ".bin" / "lighthouse"
    out = BUILD / "perf"
    builds = {
        # This site as `nox -s docs` builds it.
        "site": [*SPHINX_STRICT, "-q"],
        # The same review with furo and nothing else but MyST and the copy buttons (not strict:
        # it does not know this site's roles).
        "plain": ["-C", "-q", "-D", "html_theme=furo", "-D", "language=fr",
                  "-D", "extensions=myst_parser,sphinx_copybutton",
                  "-D", "myst_enable_extensions=attrs_block,deflist",
                  "-D", "exclude_patterns=_build"],
    }  # fmt: skip
    seconds: dict[str, list[float]] = {name: [] for name in builds}
    # Clean builds, the two in turn so that a busy machine slows both; the median is compared.
    # Both run without writing bytecode, as on this machine and in many container images: what
    # is timed is the environment as installed.
    for _ in range(5):
        for name, options in builds.items():
            shutil.rmtree(out / name, ignore_errors=True)
            start = time.perf_counter()
            session.run("sphinx-build", *options, "-b", "html", "-d", str(out / name / "doctrees"),
                        str(DOCS), str(out / name / "html"), silent=name == "plain",
                        env={"PYTHONDONTWRITEBYTECODE": "1"})  # fmt: skip
            seconds[name].append(time.perf_counter() - start)
    session.run("python", "tests/perf.py", str(out / "site" / "html"), str(out / "plain" / "html"),
                "--lighthouse", str(lighthouse),
                "--build-seconds", ",".join(f"{s:.3f}" for s in seconds["site"]),
                "--plain-build-seconds", ",".join(f"{s:.3f}" for s in seconds["plain"]))  # fmt: skip


@nox.session(default=True)
def spelling(session: nox.Session) -> None:
    """Spell-check the page in French; any unknown word fails (docs/spelling_wordlist.txt)."""
    install(session, "spelling")
    try:
        session.run("python", "-c", "import enchant, sys; sys.exit(not enchant.dict_exists('fr'))",
                    silent=True)  # fmt: skip
    except nox.command.CommandFailed:
        session.error(
            "The spelling check needs the Enchant library and a French Hunspell dictionary. "
            "On Debian or Ubuntu: sudo apt-get install libenchant-2-2 hunspell-fr"
        )
    session.run(
        "sphinx-build", *SPHINX_STRICT, "-b", "spelling", "-d", str(BUILD / "doctrees-spelling"),
        str(DOCS), str(BUILD / "spelling"), *session.posargs,
    )  # fmt: skip


@nox.session(default=True)
def lint(session: nox.Session) -> None:
    """Ruff on the code; zizmor and JSON schemas on the workflows; Scientific Python checks."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    # --offline: the online audits need GitHub's API.
    session.run("zizmor", "--offline", "--persona=pedantic", ".github")
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows",
                *map(str, ROOT.glob(".github/workflows/*.yml")))  # fmt: skip
    session.run("check-jsonschema", "--builtin-schema", "vendor.dependabot",
                ".github/dependabot.yml")  # fmt: skip
    session.run("repo-review", ".")


@nox.session(default=False, venv_backend="uv")
def lock(session: nox.Session) -> None:
    """Pin every dependency group of pyproject.toml, with hashes, in requirements/."""
    parser = argparse.ArgumentParser(prog="nox -s lock --")
    parser.add_argument("--upgrade", action="store_true", help="take the newest releases")
    args = parser.parse_args(session.posargs)
    groups = nox.project.load_toml("pyproject.toml")["dependency-groups"]
    for group in groups:
        session.run(
            "uv", "pip", "compile", "--quiet", "--universal", "--python-version", "3.11",
            "--generate-hashes", "--no-emit-index-url", "--custom-compile-command", "nox -s lock",
            *(["--upgrade"] if args.upgrade else []),
            "--group", f"pyproject.toml:{group}",
            "--output-file", str(REQUIREMENTS / f"{group}.txt"),
        )  # fmt: skip


if __name__ == "__main__":
    nox.main()
