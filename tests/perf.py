"""Measure the site as a reader on a phone gets it, and check the budgets. Not a test: run by
``nox -s perf``, which builds the site and a plain furo build of the same review to compare.

Each folder is served over loopback with gzip, as GitHub Pages serves it. The review page is
loaded several times in headless Chromium, cache empty, with the network and the processor
throttled as Lighthouse's mobile profile does (slow 4G, CPU four times slower); the figures are
the browser's own: compressed bytes of the responses' bodies (what the budget counts, as in
the baseline of a plain furo page), bytes on the wire with the HTTP headers (which depend on
the host) and requests, from the DevTools protocol and the resource timing entries; first and
largest contentful paint from the paint entries. Medians are printed.

With ``--lighthouse CLI``, Lighthouse also audits the review, search and 404 pages with its
mobile and desktop profiles.

Exit status 1 when a budget is exceeded or a Lighthouse score is below 100.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright
from static_host import CHROMIUM_FLAGS, serve, system_chromium

BUDGET = {"bytes": 30_000, "requests": 12}
BUILD_SECONDS = 60  # a strict build from a clean folder, on the project's 2-core machines
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
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Categories that must score 100, by page: the search page is kept out of search engines
# (noindex, no description) on purpose, so its SEO score is shown but not required.
LIGHTHOUSE_PAGES = {
    "index.html": LIGHTHOUSE_CATEGORIES,
    "search.html?q=veille": LIGHTHOUSE_CATEGORIES[:3],
    "404.html": LIGHTHOUSE_CATEGORIES,
}


BODIES = """() => [...performance.getEntriesByType("navigation"),
  ...performance.getEntriesByType("resource")].reduce((sum, e) => sum + e.encodedBodySize, 0)"""
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
    data_urls: set[str] = set()  # CSS images written in the stylesheet: no request made

    def sent(event: dict) -> None:
        received.setdefault(event["requestId"], 0)
        if event["request"]["url"].startswith("data:"):
            data_urls.add(event["requestId"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on(
        "Network.loadingFinished",
        lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    paints = page.evaluate(PAINTS)
    bodies = page.evaluate(BODIES)
    context.close()
    wire = sum(size for request, size in received.items() if request not in data_urls)
    return {"bytes": bodies, "wire": wire, "requests": len(received) - len(data_urls), **paints}


def measure(browser, folder: Path, runs: int) -> dict[str, float]:
    with serve(folder) as base:
        loads = [load_once(browser, f"{base}/index.html") for _ in range(runs)]
    return {key: statistics.median(load[key] for load in loads) for key in loads[0]}


def lighthouse(cli: str, chromium: str, folder: Path) -> dict[str, dict[str, float]]:
    scores = {}
    flags = " ".join(["--headless=new", "--no-sandbox", *CHROMIUM_FLAGS])
    with serve(folder) as base:
        for page in LIGHTHOUSE_PAGES:
            for profile in ("mobile", "desktop"):
                command = [
                    cli, f"{base}/{page}", f"--chrome-path={chromium}", f"--chrome-flags={flags}",
                    f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
                    "--output=json", "--output-path=stdout", "--quiet",
                    *(["--preset=desktop"] if profile == "desktop" else []),
                ]  # fmt: skip
                report = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)
                categories = report["categories"]
                scores[f"{page} ({profile})"] = {
                    name: categories[name]["score"] for name in LIGHTHOUSE_CATEGORIES
                }
                failing = [
                    f"{a['id']}: {a['title']}"
                    for a in report["audits"].values()
                    if a.get("score") is not None
                    and a["score"] < 1
                    and a["scoreDisplayMode"] in {"binary", "numeric", "metricSavings"}
                ]
                scores[f"{page} ({profile})"]["_below"] = failing
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site")
    parser.add_argument("--plain", type=Path, help="a plain furo build, for comparison")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lighthouse", help="Lighthouse's command-line program")
    parser.add_argument("--build-seconds", type=float, help="the site's build time, to print")
    args = parser.parse_args()

    with sync_playwright() as playwright:
        system = system_chromium()
        browser = playwright.chromium.launch(executable_path=system, args=CHROMIUM_FLAGS)
        chromium = system or playwright.chromium.executable_path
        site = measure(browser, args.site, args.runs)
        plain = measure(browser, args.plain, args.runs) if args.plain else None
        browser.close()

    print(f"\nReview page, phone on slow 4G (median of {args.runs} loads, cache empty):")
    print(f"{'':24}{'this site':>12}{'plain furo':>12}{'budget':>10}")
    rows = [
        ("bytes (gzip bodies)", "bytes", "{:,.0f}"),
        ("bytes with headers", "wire", "{:,.0f}"),
        ("requests", "requests", "{:.0f}"),
        ("first contentful paint", "fcp", "{:,.0f} ms"),
        ("largest contentful paint", "lcp", "{:,.0f} ms"),
    ]
    for label, key, form in rows:
        other = form.format(plain[key]) if plain else "-"
        budget = form.format(BUDGET[key]) if key in BUDGET else ""
        print(f"{label:24}{form.format(site[key]):>12}{other:>12}{budget:>10}")
    over = [key for key, limit in BUDGET.items() if site[key] > limit]
    if args.build_seconds is not None:
        print(f"{'build (strict, clean)':24}{args.build_seconds:>10.1f} s{BUILD_SECONDS:>20} s")
        if args.build_seconds > BUILD_SECONDS:
            over.append("build seconds")

    below = []
    if args.lighthouse:
        print("\nLighthouse scores (performance, accessibility, best practices, SEO):")
        for page, scores in lighthouse(args.lighthouse, chromium, args.site).items():
            values = [scores[name] for name in LIGHTHOUSE_CATEGORIES]
            print(f"  {page:34}" + " ".join(f"{round(v * 100):>4}" for v in values))
            if any(scores[name] < 1 for name in LIGHTHOUSE_PAGES[page.split(" (")[0]]):
                below.append(page)
                for audit in scores["_below"]:
                    print(f"      below 100: {audit}")

    for key in over:
        print(f"OVER BUDGET: {key}")
    for page in below:
        print(f"BELOW 100: {page}")
    return 1 if over or below else 0


if __name__ == "__main__":
    sys.exit(main())
