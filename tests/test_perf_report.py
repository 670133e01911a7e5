"""`nox -s perf` fails on the right figures: its judge, on made-up figures (no browser, no
Lighthouse). What does not vary fails in a single run; what varies, by its median."""

from __future__ import annotations

import copy

import perf

LOAD = {
    "bytes": 21_772, "wire": 22_443, "requests": 4, "paint_requests": 1, "blocking_bytes": 0,
    "fcp": 1_000, "lcp": 1_100,
}  # fmt: skip
PLAIN_LOAD = {
    "bytes": 37_833, "wire": 39_850, "requests": 13, "paint_requests": 12,
    "blocking_bytes": 20_155, "fcp": 1_600, "lcp": 1_700,
}  # fmt: skip
AUDIT = {"performance": 1.0, "fcp": 1_000, "lcp": 1_050, "below": []}
STEADY = dict.fromkeys(perf.STEADY_CATEGORIES, 1.0)
FIGURES = {
    "first_paint": {"site": 10_752, "plain": 4_096},
    "loads": {"site": [LOAD] * 3, "plain": [PLAIN_LOAD] * 3},
    "builds": {"site": [1.30, 9.00, 1.25], "plain": [1.00, 5.0, 1.0]},
    "lighthouse": {
        # One run with every category, then runs of the performance category alone.
        "site": {
            (page, profile): [AUDIT | STEADY, dict(AUDIT), dict(AUDIT)]
            for page in perf.LIGHTHOUSE_PAGES
            for profile in perf.PROFILES
        },
        "plain": {},
    },
}


def over(change) -> list[str]:
    figures = copy.deepcopy(FIGURES)
    change(figures)
    return perf.judge(figures)


def test_what_does_not_vary_fails_in_a_single_run():
    def heavier(figures):
        figures["loads"]["site"][2] = LOAD | {"bytes": perf.BUDGET["bytes"] + 1}

    def inaccessible(figures):
        figures["lighthouse"]["site"]["404.html", "mobile"][0]["accessibility"] = 0.96

    assert perf.judge(FIGURES) == []
    assert over(heavier) == [f"bytes: {perf.BUDGET['bytes'] + 1:,} > {perf.BUDGET['bytes']:,}"]
    assert over(inaccessible) == ["Lighthouse 404.html (mobile): accessibility 96 < 100"]


def test_what_varies_is_judged_by_its_median():
    late = PLAIN_LOAD["lcp"] * perf.PAINT_RATIO["lcp"] + 1

    def one_bad_run_each(figures):
        figures["loads"]["site"][0] = LOAD | {"lcp": late}
        figures["lighthouse"]["site"]["index.html", "mobile"][1]["performance"] = 0.5

    def two_bad_runs_each(figures):
        figures["loads"]["site"][:2] = [LOAD | {"lcp": late}] * 2
        for run in figures["lighthouse"]["site"]["index.html", "mobile"][1:]:
            run["performance"] = 0.99
        figures["builds"]["site"] = [perf.BUILD_RATIO + 0.1] * 3

    assert over(one_bad_run_each) == []  # and one slow build of either (9.00 s, 5.0 s) neither
    assert [failure.split(":")[0] for failure in over(two_bad_runs_each)] == [
        "lcp", "build time", "Lighthouse index.html (mobile)",
    ]  # fmt: skip
