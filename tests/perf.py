"""Measure the site beside a plain furo build of the same review, and check the budgets. Not a
test: run by ``nox -s perf``, which builds both (several times, timed) and passes the folders.

Each folder is served over loopback with gzip, as GitHub Pages serves it. The review page is
loaded several times in headless Chromium, cache empty, with the network and the processor
throttled as Lighthouse's mobile profile does (slow 4G, CPU four times slower); the figures are
the browser's own: compressed bytes of the responses' bodies (what the budget counts, as in
the baseline of a plain furo page), bytes on the wire with the HTTP headers (which depend on
the host), requests, and the requests the first paint waits for (the HTML, every resource
whose ``renderBlockingStatus`` is ``blocking``, and the head's scripts without ``async`` or
``defer``, which stop the parser before the body), from the DevTools protocol and the resource
timing entries; first and largest contentful paint from the paint entries. With
``--lighthouse``, Lighthouse (``tests/lighthouse.mjs``, from ``node_modules/``) audits the
review, search and 404 pages with its mobile and desktop profiles, the two builds in turn, then
this site's pages again for the performance score.

Compressed bytes before the first paint: how much of the response a phone must receive before
it can paint the review page's first screen. A new connection delivers about 14 KB (ten
segments of 1,460 bytes, less the headers) before its first acknowledgement; a first screen
painted from that much costs no more round trip. It is measured, not estimated, as the sum of

- the HTML's first bytes: the shortest prefix of the page compressed as it is served (gzip,
  level 6), in steps of ``PREFIX_STEP`` bytes, whose decompressed text, served in place of the
  page, paints the first screen (Lighthouse's mobile viewport, ``PHONE``) pixel for pixel as
  the whole page does; found by binary search (a longer prefix holds everything a shorter one
  paints). Script files are blocked in both loads, so that what is compared is the screen that
  the HTML and its stylesheets paint, before any script can run; a screenshot is taken once the
  load has ended, the same way for both;
- the compressed bytes of every resource the first paint waits for (above), stylesheets and
  scripts: the browser paints nothing before they have arrived, whatever the HTML's prefix.

The gate separates what does not vary from what varies with the machine's load:

- bytes (before the first paint, and in all), requests, the requests the first paint waits for,
  and Lighthouse's accessibility, best-practices and SEO scores are the same on every run: one
  run measures them (one Lighthouse run per page and profile), and each is held to its budget
  in every run that measures it;
- paint times, Lighthouse's performance score and the build time move with the load: each is
  the median of several runs, judged against the budget written beside it, and plain furo is
  measured in the same job, in turn with this site, so that a slow machine shows on both. How
  many runs: the fewest whose median held still when measured again and again on a shared
  2-core machine (``LOAD_RUNS``, ``PERFORMANCE_RUNS``, and ``BUILD_RUNS`` in ``noxfile.py``,
  each with the spread measured).

The figures are printed as a Markdown table, also appended to ``$GITHUB_STEP_SUMMARY`` when set
(the job's summary page on GitHub Actions). Exit status 1 when a budget is exceeded.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
import zlib
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright
from static_host import CHROMIUM_FLAGS, serve, system_chromium

# Figures that do not vary: each load must be within these. The bytes grew from 28.7 to 31.2 KB
# with the review's own citations, the phone layout of the corrections and the English marks,
# then fell to 21.8 KB, in 4 requests instead of 6, once each page carried only the CSS it uses
# in its head (issue 11); the budgets leave about 5 % and one request (plain furo: 37.6 KB, 13).
BUDGET = {
    "bytes": 23_000,
    "requests": 5,
    # The first paint waits for the HTML alone: no stylesheet or script blocks it.
    "paint_requests": 1,
}
# The first screen must paint from what a new connection delivers before its first
# acknowledgement: ten segments of 1,460 bytes, less the HTTP headers.
FIRST_PAINT_BYTES = 14_000
# Figures that vary with load, as medians; the margins come from the spread of five
# `nox -s perf` runs on a shared, heavily loaded 2-core machine.
BUILD_RATIO = 1.5  # the site's strict build, at most this many times plain furo's
# Each paint's median, at most this fraction of plain furo's. Painting from the HTML alone
# saves plain furo's second round trip (562 ms on slow 4G) and its blocking stylesheets: both
# paints measured at 0.55× and 0.64× plain furo's in two runs (864 ms against 1,568, 944 against
# 1,468; the first paint is the largest on both). The two moved by up to ±20 % of each other
# from run to run: 0.75 keeps most of the gain with room for that noise, and fails as soon as
# one blocking round trip comes back (about 1.0× plain furo's, as before issue 11).
PAINT_RATIO = {"fcp": 0.75, "lcp": 0.75}
# Throttled loads of the review page, each build in turn, for the paints' medians. Measured
# (ratio of this site's median to plain furo's, min / median / max over consecutive runs):
# quiet machine, 8 loads each: one load 0.49 / 0.51 / 0.61, median of 3 0.50 / 0.50 / 0.55
# (first paint; largest: 0.49 / 0.53 / 0.61 and 0.50 / 0.52 / 0.59); while `nox -s tests` ran
# on the same 2 cores (load 5 to 8), 6 loads each: one load 0.54 / 0.71 / 0.90, median of 3
# 0.67 / 0.70 / 0.72 (largest: 0.54 / 0.69 / 0.90 and 0.67 / 0.69 / 0.71). One load can pass
# 0.75 under load; no median of 3 did.
LOAD_RUNS = 3
# Lighthouse's performance score, median of the runs of each page and profile: 100 on every
# page and profile in every run measured since the first paint needs the HTML alone, except the
# review page on a phone while `nox -s tests` ran on the same 2 cores (load 5 to 8): 95 and 99
# (total blocking time 250 and 95 ms), then 100 six times (0 to 72 ms). A median of 3 of those
# eight runs was once 99; of 5, always 100. Every other page and profile scored 100 in each of
# 7 to 10 runs, quiet or loaded, its blocking time at most 22 ms (0 on desktop): one run.
PERFORMANCE = 100
PERFORMANCE_RUNS = {("index.html", "mobile"): 5}  # every other page and profile: 1
PREFIX_STEP = 256  # bytes: the resolution of the search for the first paint's HTML prefix

# Lighthouse's mobile profile, as DevTools applies it (lighthouse-core/config/constants.js).
PHONE = {
    "viewport": {"width": 412, "height": 823},
    "device_scale_factor": 1.75,
    "is_mobile": True,
    "has_touch": True,
}
NETWORK = {
    "offline": False,
    "latency": 150 * 3.75,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
    "uploadThroughput": 750 * 1024 / 8 * 0.9,
}
CPU_SLOWDOWN = 4
# A bound for a stuck load, not a wait: the throttled page settles in 2 s on an idle machine,
# but took over Playwright's default 30 s on a 2-core machine loaded tenfold.
LOAD_BOUND_MS = 180_000
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
STEADY_CATEGORIES = LIGHTHOUSE_CATEGORIES[1:]
# Steady categories that must score 100, by page: the search page is kept out of search engines
# (noindex, no description) on purpose, so its SEO score is shown but not required.
LIGHTHOUSE_PAGES = {
    "index.html": STEADY_CATEGORIES,
    "search.html?q=veille": STEADY_CATEGORIES[:2],
    "404.html": STEADY_CATEGORIES,
}
PROFILES = ("mobile", "desktop")
PLAIN_PAGES = ["index.html", "search.html?q=veille"]  # plain furo has no 404 page
# Runs Lighthouse as its command line does, in one Node.js process and one Chrome for them all.
LIGHTHOUSE_RUNNER = Path(__file__).with_name("lighthouse.mjs")


BODIES = """() => [...performance.getEntriesByType("navigation"),
  ...performance.getEntriesByType("resource")].reduce((sum, e) => sum + e.encodedBodySize, 0)"""
# Render-blocking resources (stylesheets in the head, as Chromium marks them), and the scripts
# that stop the parser before the page's body (Chromium does not mark those).
BLOCKING = """() => {
  const parserBlocking = new Set([...document.querySelectorAll(
    "head script[src]:not([async]):not([defer]):not([type=module])")].map((s) => s.src));
  return performance.getEntriesByType("resource")
    .filter((e) => e.renderBlockingStatus === "blocking" || parserBlocking.has(e.name))
    .reduce((sum, e) => ({ count: sum.count + 1, bytes: sum.bytes + e.encodedBodySize }),
            { count: 0, bytes: 0 });
}"""
PAINTS = """async () => {
  const lcp = await new Promise((resolve) => new PerformanceObserver((list) => {
    const entries = list.getEntries();
    resolve(entries[entries.length - 1].startTime);
  }).observe({ type: "largest-contentful-paint", buffered: true }));
  const fcp = performance.getEntriesByName("first-contentful-paint")[0].startTime;
  return { fcp, lcp };
}"""


def load_once(browser, url: str) -> dict[str, float]:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    received: dict[str, float] = {}
    pending: dict[str, str] = {}  # request id: URL, until the request ends
    data_urls: set[str] = set()  # CSS images written in the stylesheet: no request made

    def sent(event: dict) -> None:
        received.setdefault(event["requestId"], 0)
        if event["request"]["url"].startswith("data:"):
            data_urls.add(event["requestId"])
        else:
            pending[event["requestId"]] = event["request"]["url"]

    def finished(event: dict) -> None:
        received[event["requestId"]] = event["encodedDataLength"]
        pending.pop(event["requestId"], None)

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.loadingFailed", lambda e: pending.pop(e["requestId"], None))
    page.goto(url, wait_until="load", timeout=LOAD_BOUND_MS)
    # Then until every request has ended, as the DevTools protocol tells it. Not Playwright's
    # "networkidle": under the protocol's network emulation it sometimes never came, on a
    # loaded machine (microsoft/playwright#22676). The events arrive while Playwright waits.
    deadline = time.monotonic() + LOAD_BOUND_MS / 1000
    while pending:
        if time.monotonic() > deadline:
            msg = (
                f"{url}: requests still pending after {LOAD_BOUND_MS} ms: {list(pending.values())}"
            )
            raise TimeoutError(msg)
        page.wait_for_timeout(50)
    paints = page.evaluate(PAINTS)
    bodies = page.evaluate(BODIES)
    blocking = page.evaluate(BLOCKING)
    context.close()
    wire = sum(size for request, size in received.items() if request not in data_urls)
    requests = len(received) - len(data_urls)
    return {
        "bytes": bodies,
        "wire": wire,
        "requests": requests,
        # The HTML, then every resource that blocks rendering (stylesheets and scripts in the
        # head, without async or defer): the first paint waits for them all.
        "paint_requests": 1 + blocking["count"],
        "blocking_bytes": blocking["bytes"],
        **paints,
    }


def measure(browser, folders: dict[str, Path], runs: int) -> dict[str, list[dict[str, float]]]:
    """Load the review page of each folder ``runs`` times, the folders in turn."""
    with ExitStack() as stack:
        bases = {name: stack.enter_context(serve(folder)) for name, folder in folders.items()}
        loads: dict[str, list[dict[str, float]]] = {name: [] for name in folders}
        for _ in range(runs):
            for name, base in bases.items():
                loads[name].append(load_once(browser, f"{base}/index.html"))
    return loads


def first_screen(browser, url: str, html: bytes) -> bytes:
    """The phone's first screen as ``html`` paints it at ``url``, script files blocked."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.route(lambda address: urlsplit(address).path.endswith(".js"), lambda r: r.abort())
    page.route(url, lambda r: r.fulfill(body=html, content_type="text/html; charset=utf-8"))
    page.goto(url, wait_until="load", timeout=LOAD_BOUND_MS)
    page.evaluate("document.fonts.ready.then(() => true)")
    shot = page.screenshot(animations="disabled", caret="hide")
    context.close()
    return shot


def first_paint_prefix(browser, base: str, folder: Path) -> int:
    """The fewest compressed bytes of the review page's HTML, in steps of ``PREFIX_STEP``, from
    which its first screen paints as the whole HTML paints it (see the module's docstring)."""
    compressed = gzip.compress((folder / "index.html").read_bytes(), compresslevel=6, mtime=0)
    url = f"{base}/index.html"

    def html(size: int) -> bytes:
        # What the browser has decoded once the first ``size`` bytes have arrived.
        return zlib.decompressobj(wbits=31).decompress(compressed[:size])

    whole = first_screen(browser, url, html(len(compressed)))
    if first_screen(browser, url, html(len(compressed))) != whole:
        msg = f"{url}: two renderings of the same HTML differ; no prefix can be measured"
        raise RuntimeError(msg)
    # Binary search over the steps: a longer prefix holds all that a shorter one paints.
    low, high = 0, -(-len(compressed) // PREFIX_STEP)  # low fails (nothing), high paints
    while high - low > 1:
        middle = (low + high) // 2
        if first_screen(browser, url, html(middle * PREFIX_STEP)) == whole:
            high = middle
        else:
            low = middle
    return min(high * PREFIX_STEP, len(compressed))


def first_paint(browser, folders: dict[str, Path]) -> dict[str, int]:
    with ExitStack() as stack:
        return {
            name: first_paint_prefix(browser, stack.enter_context(serve(folder)), folder)
            for name, folder in folders.items()
        }


def lighthouse_result(report: dict) -> dict:
    """What the gate and the table read of one Lighthouse report: its categories' scores, its
    paints, and the audits below 100 of those categories."""
    audits = report["audits"]
    scored = {
        ref["id"] for category in report["categories"].values() for ref in category["auditRefs"]
    }
    return {
        **{name: category["score"] for name, category in report["categories"].items()},
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        # What to look at when a score is below 100.
        "below": [
            f"{audit['id']}: {audit['title']}"
            for audit in audits.values()
            if audit["id"] in scored
            and audit.get("score") is not None
            and audit["score"] < 1
            and audit["scoreDisplayMode"] in {"binary", "numeric", "metricSavings"}
        ],
    }


def lighthouse(chromium: str, folders: dict[str, Path]) -> dict:
    """Audit every page and profile once in every category, the folders in turn; then this
    site's pages in the performance category alone, until each has its ``PERFORMANCE_RUNS``.
    Return, by folder, ``{(page, profile): [one result per run]}``."""
    results: dict[str, dict[tuple[str, str], list[dict]]] = {name: {} for name in folders}
    with ExitStack() as stack:
        bases = {name: stack.enter_context(serve(folder)) for name, folder in folders.items()}
        audits = [
            (name, page, profile, LIGHTHOUSE_CATEGORIES)
            for page in LIGHTHOUSE_PAGES
            for profile in PROFILES
            for name in folders
            if name == "site" or page in PLAIN_PAGES
        ]
        audits += [
            ("site", page, profile, ["performance"])
            for (page, profile), runs in PERFORMANCE_RUNS.items()
            for _ in range(runs - 1)
        ]
        request = {
            "chromePath": chromium,
            "chromeFlags": ["--headless=new", "--no-sandbox", *CHROMIUM_FLAGS],
            "audits": [
                [f"{bases[name]}/{page}", profile, categories]
                for name, page, profile, categories in audits
            ],
        }
        # One JSON report per line, in order; its errors go to the console.
        lines = subprocess.run(["node", str(LIGHTHOUSE_RUNNER), json.dumps(request)],
                               stdout=subprocess.PIPE, check=True, text=True).stdout  # fmt: skip
    for (name, page, profile, _), line in zip(audits, lines.splitlines(), strict=True):
        result = lighthouse_result(json.loads(line))
        results[name].setdefault((page, profile), []).append(result)
    return results


# Reporting: pure functions of the figures, so that tests can check them without a browser.


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def figure(loads: list[dict], key: str) -> float:
    """A steady figure's worst load (what its budget holds), a varying one's median."""
    return max(load[key] for load in loads) if key in BUDGET else median(loads, key)


def first_paint_bytes(figures: dict, name: str) -> float:
    """Compressed bytes before the first paint: the HTML's first bytes that paint the first
    screen, and every render-blocking resource (the heaviest load's, like a steady figure)."""
    blocking = max(load["blocking_bytes"] for load in figures["loads"][name])
    return figures["first_paint"][name] + blocking


def judge(figures: dict) -> list[str]:
    """Every budget missed, in words; empty when all are met.

    ``figures`` holds ``first_paint`` (``{"site": bytes, "plain": bytes}``: the HTML's prefix,
    from :func:`first_paint`), ``loads`` (``{"site": [...], "plain": [...]}``, one dict per
    load), ``builds`` (``{"site": [seconds, ...], "plain": [...]}``, optional) and
    ``lighthouse`` (as returned by :func:`lighthouse`, optional).
    """
    failures = []
    site, plain = figures["loads"]["site"], figures["loads"]["plain"]
    if (before := first_paint_bytes(figures, "site")) > FIRST_PAINT_BYTES:
        failures.append(f"bytes before the first paint: {before:,.0f} > {FIRST_PAINT_BYTES:,}")
    for key, limit in BUDGET.items():
        if (worst := figure(site, key)) > limit:
            failures.append(f"{key}: {worst:,.0f} > {limit:,}")
    for key, ratio in PAINT_RATIO.items():
        limit = median(plain, key) * ratio
        if median(site, key) > limit:
            failures.append(f"{key}: median {median(site, key):,.0f} ms > {limit:,.0f} ms")
    if builds := figures.get("builds"):
        ratio = build_ratio(builds)
        if ratio > BUILD_RATIO:
            failures.append(f"build time: {ratio:.2f}× plain furo > {BUILD_RATIO}×")
    for (page, profile), runs in figures.get("lighthouse", {}).get("site", {}).items():
        where = f"Lighthouse {page} ({profile})"
        score = median(runs, "performance") * 100
        if score < PERFORMANCE:
            failures.append(f"{where}: performance median {score:.0f} < {PERFORMANCE}")
        for name in LIGHTHOUSE_PAGES[page]:
            if (lowest := steady_score(runs, name)) < 1:
                below = sorted({audit for run in runs if name in run for audit in run["below"]})
                why = f" ({'; '.join(below)})" if below else ""
                failures.append(f"{where}: {name} {lowest * 100:.0f} < 100{why}")
    return failures


def steady_score(runs: list[dict], name: str) -> float:
    """A steady category's score: the lowest of the runs that audited it (one, or more)."""
    return min(run[name] for run in runs if name in run)


def build_ratio(builds: dict[str, list[float]]) -> float:
    return statistics.median(builds["site"]) / statistics.median(builds["plain"])


def markdown(figures: dict) -> str:
    """The figures as Markdown tables: this site beside plain furo, with the budgets."""
    site, plain = figures["loads"]["site"], figures["loads"]["plain"]
    failures = judge(figures)
    lines = [
        "## Performance: this site beside plain furo",
        "",
        (
            f"Review page on a phone, slow 4G, CPU {CPU_SLOWDOWN}× slower, cache empty "
            f"(median of {len(site)} loads each, in turn):"
        ),
        "",
        "| | this site | plain furo | budget |",
        "| --- | ---: | ---: | --- |",
    ]
    before = {name: first_paint_bytes(figures, name) for name in ("site", "plain")}
    prefix = figures["first_paint"]
    lines += [
        (
            "| compressed bytes before the first paint "
            f"| {before['site']:,.0f} | {before['plain']:,.0f} | ≤ {FIRST_PAINT_BYTES:,} |"
        ),
        f"| … of which the HTML's first bytes | {prefix['site']:,} | {prefix['plain']:,} | |",
    ]
    rows = [
        (
            "requests the first paint waits for",
            "paint_requests",
            "{:.0f}",
            f"≤ {BUDGET['paint_requests']} (every load)",
        ),
        ("compressed bytes", "bytes", "{:,.0f}", f"≤ {BUDGET['bytes']:,} (every load)"),
        ("bytes with headers", "wire", "{:,.0f}", ""),
        ("requests", "requests", "{:.0f}", f"≤ {BUDGET['requests']} (every load)"),
        *(
            (label, key, "{:,.0f} ms", f"≤ {PAINT_RATIO[key]:g} × plain furo's (median)")
            for label, key in (
                ("first contentful paint", "fcp"),
                ("largest contentful paint", "lcp"),
            )
        ),
    ]
    for label, key, form, budget in rows:
        mine, theirs = form.format(figure(site, key)), form.format(figure(plain, key))
        lines.append(f"| {label} | {mine} | {theirs} | {budget} |")
    if builds := figures.get("builds"):
        lines.append(
            f"| build time (median of {len(builds['site'])} clean builds) "
            f"| {statistics.median(builds['site']):.2f} s "
            f"| {statistics.median(builds['plain']):.2f} s "
            f"| **{build_ratio(builds):.2f}×** plain furo; ≤ {BUILD_RATIO}× |"
        )
    if audits := figures.get("lighthouse"):
        version = figures.get("lighthouse_version")
        lighthouse_name = f"Lighthouse {version}" if version else "Lighthouse"
        lines += [
            "",
            (
                f"{lighthouse_name}, this site / plain furo, in turn (performance and paints: "
                "this site's median of the runs counted in the last column, plain furo's one "
                "run; the steady scores: one run each; paints as Lighthouse simulates them):"
            ),
            "",
            (
                "| page | profile | performance | first paint | largest paint "
                "| accessibility | best practices | SEO | runs |"
            ),
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for (page, profile), mine in audits["site"].items():
            theirs = audits["plain"].get((page, profile))
            cells = [
                pair(mine, theirs, lambda r: median(r, "performance") * 100, "{:.0f}"),
                pair(mine, theirs, lambda r: median(r, "fcp"), "{:,.0f} ms"),
                pair(mine, theirs, lambda r: median(r, "lcp"), "{:,.0f} ms"),
                *(
                    pair(mine, theirs, lambda r, n=name: steady_score(r, n) * 100, "{:.0f}")
                    for name in STEADY_CATEGORIES
                ),
                str(len(mine)),
            ]
            lines.append(f"| {page} | {profile} | " + " | ".join(cells) + " |")
        lines += [
            "",
            (
                f"Budgets: performance median ≥ {PERFORMANCE}; accessibility, best practices "
                "and SEO 100 (SEO is not required of the search page, kept out of search "
                "engines on purpose)."
            ),
        ]
    lines += ["", *(f"- **Over budget:** {failure}" for failure in failures)]
    if not failures:
        lines.append("Every budget is met.")
    return "\n".join(lines) + "\n"


def pair(mine: list[dict], theirs: list[dict] | None, value, form: str) -> str:
    other = form.format(value(theirs)) if theirs else "–"
    return f"{form.format(value(mine))} / {other}"


def report(figures: dict) -> int:
    """Print the table, append it to the job summary when there is one; 1 when over budget."""
    table = markdown(figures)
    print(table)
    if summary := os.environ.get("GITHUB_STEP_SUMMARY"):
        with Path(summary).open("a", encoding="utf-8") as file:
            file.write(table)
    return 1 if judge(figures) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site")
    parser.add_argument("plain", type=Path, help="a plain furo build of the same review")
    parser.add_argument("--runs", type=int, default=LOAD_RUNS, help="loads of the review page")
    parser.add_argument("--lighthouse", action="store_true",
                        help="audit with Lighthouse too (from node_modules/: npm ci)")  # fmt: skip
    parser.add_argument("--lighthouse-version", default="", help="for the table's label")
    parser.add_argument("--build-seconds", help="the site's build times, comma-separated")
    parser.add_argument("--plain-build-seconds", help="plain furo's build times, idem")
    args = parser.parse_args()

    folders = {"site": args.site, "plain": args.plain}
    with sync_playwright() as playwright:
        system = system_chromium()
        browser = playwright.chromium.launch(executable_path=system, args=CHROMIUM_FLAGS)
        chromium = system or playwright.chromium.executable_path
        figures: dict = {
            "first_paint": first_paint(browser, folders),
            "loads": measure(browser, folders, args.runs),
        }
        browser.close()
    if args.build_seconds and args.plain_build_seconds:
        figures["builds"] = {
            "site": [float(s) for s in args.build_seconds.split(",")],
            "plain": [float(s) for s in args.plain_build_seconds.split(",")],
        }
    if args.lighthouse:
        figures["lighthouse"] = lighthouse(chromium, folders)
        figures["lighthouse_version"] = args.lighthouse_version
    return report(figures)


if __name__ == "__main__":
    sys.exit(main())
