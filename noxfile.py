#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox>=2025.2.9"]
# ///
"""Every task of the review site is a nox session: ``nox -l`` lists them."""

from __future__ import annotations

import argparse
import ast
import json
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
# The one Python of every build: sessions, lock, workflow and .ci/run read it from this file.
PYTHON = (ROOT / ".python-version").read_text(encoding="utf-8").strip()
# -n: every reference must resolve; -W --keep-going: report every warning, then fail.
SPHINX_STRICT = ("-n", "-W", "--keep-going", "-T")
# A public address for the builds that check what the deployment adds (validate, tests).
EXAMPLE_SITE_URL = "https://example.github.io/review/"


def conf_literal(name: str) -> object:
    """A setting that docs/conf.py writes as a literal, read without running conf.py (which
    imports the site's extensions, absent from nox's own environment)."""
    tree = ast.parse((DOCS / "conf.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return ast.literal_eval(node.value)
    msg = f"docs/conf.py sets no literal {name}"
    raise LookupError(msg)


def install(session: nox.Session, group: str) -> None:
    """Install a dependency group exactly as pinned (with hashes) by ``nox -s lock``.

    With bytecode compiled at install (pip does it, uv only when asked): where
    PYTHONDONTWRITEBYTECODE is set, a build would otherwise compile the whole stack each time.
    """
    session.install("--require-hashes", "-r", str(REQUIREMENTS / f"{group}.txt"),
                    env={"UV_COMPILE_BYTECODE": "1"})  # fmt: skip


@nox.session(python=PYTHON, default=True)
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


def preview_command(source: Path, out: Path, port: int) -> list[str]:
    """sphinx-autobuild's command line for a live preview of ``source`` on loopback.

    The pages it serves carry its reload script, which ``csp_live_reload`` allows by hash
    (see docs/_ext/page_output.py); the tests start the preview with this too.
    """
    return [
        "sphinx-autobuild", "-n", "-T", "--keep-going", "-b", "html",
        "--host", "127.0.0.1", "--port", str(port), "-D", f"csp_live_reload=127.0.0.1:{port}",
        "--ignore", str(source / "_build"),
        str(source), str(out),
    ]  # fmt: skip


@nox.session(python=PYTHON, default=False)
def serve(session: nox.Session) -> None:
    """Preview the site on http://127.0.0.1:8000 (or -- --port N), reloaded on every change."""
    parser = argparse.ArgumentParser(prog="nox -s serve --")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(session.posargs)
    install(session, "serve")
    session.run(*preview_command(DOCS, BUILD / "serve", args.port))


def debian_packages(session: nox.Session, purpose: str, *packages: str) -> None:
    """Install missing system packages in CI (GitHub's runners, .ci/run); elsewhere, say how."""
    if os.environ.get("CI") != "true":
        session.error(f"{purpose} needs: sudo apt-get install {' '.join(packages)}")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    session.run(*sudo, "apt-get", "update", "-qq", external=True)
    session.run(*sudo, "apt-get", "install", "-y", "-qq", *packages, external=True)


def use_a_browser(session: nox.Session) -> None:
    """Use Debian's Chromium when present; otherwise fetch Playwright's own build."""
    if shutil.which("chromium"):
        session.log(f"Browser tests use the system Chromium: {shutil.which('chromium')}")
        return
    session.log("No system Chromium: installing Playwright's Chromium.")
    # GitHub's runners let Playwright install the system libraries too.
    with_deps = ["--with-deps"] if os.environ.get("GITHUB_ACTIONS") == "true" else []
    session.run("playwright", "install", *with_deps, "chromium")


# The sessions' npm tools, at the versions of package.json, locked in package-lock.json (which
# names no registry: see .npmrc): Lighthouse and chrome-launcher, which starts its Chrome
# (perf), the Nu HTML Checker (vnu-jar, validate) and Mozilla's Readability, which Firefox
# Reader View runs (tests; they find it themselves).
NODE_MODULES = ROOT / "node_modules"
NPM_LOCK = ROOT / "package-lock.json"


def npm_tools(session: nox.Session) -> dict[str, Path]:
    """Install the npm tools exactly as locked into node_modules/ (``npm ci``) when it is
    missing or older than package-lock.json; return their paths."""
    # npm ci writes node_modules/.package-lock.json as it finishes: its time is the install's.
    installed = NODE_MODULES / ".package-lock.json"
    if not installed.is_file() or installed.stat().st_mtime < NPM_LOCK.stat().st_mtime:
        if not shutil.which("npm"):
            session.error("The npm tools of package.json need Node.js and npm")
        session.run_install("npm", "ci", "--no-audit", "--no-fund", external=True)
    return {
        "lighthouse": NODE_MODULES / "lighthouse",  # imported by tests/lighthouse.mjs
        "vnu": NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar",
        "readability": NODE_MODULES / "@mozilla" / "readability" / "Readability.js",
    }


def npm_version(package: str) -> str:
    """The version of ``package`` that package-lock.json installs."""
    lock = json.loads(NPM_LOCK.read_text(encoding="utf-8"))
    return str(lock["packages"][f"node_modules/{package}"]["version"])


@nox.session(python=PYTHON, default=True)
def tests(session: nox.Session) -> None:
    """Build the site once, then test the HTML and the page in headless Chromium."""
    install(session, "test")
    use_a_browser(session)
    if not shutil.which("pandoc"):
        debian_packages(session, "the citation tests (pandoc --citeproc)", "pandoc")
    npm_tools(session)  # Readability, which a test reads the page with; the image's fonts
    # One worker per core, each stealing the others' queued tests: 11 % faster on 2 cores.
    session.run("pytest", "-n", "auto", "--dist", "worksteal", *session.posargs)


@nox.session(python=PYTHON, default=False)
def image(session: nox.Session) -> None:
    """Draw the sharing image, docs/_static/partage.png, from the page's facts."""
    install(session, "image")
    npm_tools(session)  # the DejaVu fonts
    session.run("python", str(DOCS / "sharing_image.py"))


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


@nox.session(python=PYTHON, default=True)
def validate(session: nox.Session) -> None:
    """Check every published page with the Nu HTML Checker: no error, no warning."""
    if not shutil.which("java"):
        session.error("The Nu HTML Checker needs Java: sudo apt-get install default-jre-headless")
    jar = npm_tools(session)["vnu"]
    install(session, "docs")
    out = BUILD / "validate"
    shutil.rmtree(out, ignore_errors=True)
    # Built as deployed (with an address), so that every tag the site can publish is checked.
    session.run(
        "sphinx-build", *SPHINX_STRICT, "-b", "html", "-d", str(BUILD / "doctrees-validate"),
        str(DOCS), str(out), env={"SITE_URL": EXAMPLE_SITE_URL},
    )  # fmt: skip
    pattern = ".*(" + "|".join(VNU_IGNORED) + ").*"
    session.run("java", "-jar", str(jar), "--Werror", "--skip-non-html", "--filterpattern",
                pattern, str(out), external=True)  # fmt: skip
    session.log(f"Nu HTML Checker {npm_version('vnu-jar')}: every page of {out} is valid.")


# Clean builds of each, in turn, for the build time's median. Measured (this site's median over
# plain furo's, min / median / max over consecutive runs): quiet, 12 builds each: one build
# 1.23 / 1.34 / 1.43, median of 3 1.31 / 1.35 / 1.39; while `nox -s tests` ran on the same 2
# cores, 8 builds each: one build 0.87 / 1.05 / 2.71, median of 3 0.95 / 1.19 / 1.78, median of
# 5 1.00 / 1.33 / 1.43. Under load a median of 3 can pass the budget (1.5×); of 5, none did
# there. But one `nox -s perf` started just after `nox -s tests` (whose first minute builds
# sites too) measured 1.68× (this site 1.25 to 2.09 s, plain furo 0.93 to 2.07 s; four pairs
# of five over 1.5×): a slowdown that lasts the whole series, which no count of runs averages
# out; 10 more pairs a minute later, the same load average, were 1.27 to 1.48× each.
BUILD_RUNS = 5


@nox.session(python=PYTHON, default=True)
def perf(session: nox.Session) -> None:
    """Measure the review page (weight, requests, paints), Lighthouse's scores and the build
    time, beside a plain furo build of the same review; fail over budget (tests/perf.py)."""
    install(session, "test")
    use_a_browser(session)
    npm_tools(session)  # Lighthouse
    out = BUILD / "perf"
    myst_syntax = ",".join(conf_literal("myst_enable_extensions"))  # for the plain build too
    builds = {
        # This site as `nox -s docs` builds it.
        "site": [*SPHINX_STRICT, "-q"],
        # The same review with furo and nothing else but MyST and the copy buttons (not strict:
        # it does not know this site's roles).
        "plain": ["-C", "-q", "-D", "html_theme=furo", "-D", "language=fr",
                  "-D", "extensions=myst_parser,sphinx_copybutton",
                  "-D", f"myst_enable_extensions={myst_syntax}",
                  "-D", "exclude_patterns=_build"],
    }  # fmt: skip
    seconds: dict[str, list[float]] = {name: [] for name in builds}
    # Clean builds, the two in turn so that a busy machine slows both; the median is compared.
    # Both run without writing bytecode, as on this machine and in many container images: what
    # is timed is the environment as installed.
    for _ in range(BUILD_RUNS):
        for name, options in builds.items():
            shutil.rmtree(out / name, ignore_errors=True)
            start = time.perf_counter()
            session.run("sphinx-build", *options, "-b", "html", "-d", str(out / name / "doctrees"),
                        str(DOCS), str(out / name / "html"), silent=name == "plain",
                        env={"PYTHONDONTWRITEBYTECODE": "1"})  # fmt: skip
            seconds[name].append(time.perf_counter() - start)
    session.run("python", "tests/perf.py", str(out / "site" / "html"), str(out / "plain" / "html"),
                "--lighthouse", "--lighthouse-version", npm_version("lighthouse"),
                "--build-seconds", ",".join(f"{s:.3f}" for s in seconds["site"]),
                "--plain-build-seconds", ",".join(f"{s:.3f}" for s in seconds["plain"]))  # fmt: skip


@nox.session(python=PYTHON, default=True)
def spelling(session: nox.Session) -> None:
    """Spell-check the page in French; any unknown word fails (docs/spelling_wordlist.txt)."""
    install(session, "spelling")
    has_french = "import enchant, sys; sys.exit(not enchant.dict_exists('fr'))"
    try:
        session.run("python", "-c", has_french, silent=True)
    except nox.command.CommandFailed:
        debian_packages(session, "the spelling check", "libenchant-2-2", "hunspell-fr")
    session.run(
        "sphinx-build", *SPHINX_STRICT, "-b", "spelling", "-d", str(BUILD / "doctrees-spelling"),
        str(DOCS), str(BUILD / "spelling"), *session.posargs,
    )  # fmt: skip


@nox.session(python=PYTHON, default=True)
def lint(session: nox.Session) -> None:
    """Ruff and mypy on the code; zizmor and JSON schemas on the workflows; Scientific Python
    checks."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")  # strict, on docs/_ext (pyproject.toml)
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
    pyproject = nox.project.load_toml("pyproject.toml")
    oldest = pyproject["project"]["requires-python"].removeprefix(">=")
    for group in pyproject["dependency-groups"]:
        # nox runs on any Python the project supports; everything else on PYTHON alone.
        python = oldest if group == "nox" else PYTHON
        session.run(
            "uv", "pip", "compile", "--quiet", "--universal", "--python-version", python,
            "--generate-hashes", "--no-emit-index-url", "--custom-compile-command", "nox -s lock",
            *(["--upgrade"] if args.upgrade else []),
            "--group", f"pyproject.toml:{group}",
            "--output-file", str(REQUIREMENTS / f"{group}.txt"),
        )  # fmt: skip


if __name__ == "__main__":
    nox.main()
