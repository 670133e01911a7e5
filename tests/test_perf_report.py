"""`nox -s perf` writes its figures to the GitHub Actions job summary as a Markdown table, this
site beside plain furo, and fails on the right figures: its reporting code, run on made-up
figures (no browser, no Lighthouse)."""

from __future__ import annotations

import copy

import perf
import pytest

LOAD = {
    "bytes": 21_772, "wire": 22_443, "requests": 4, "paint_requests": 1, "blocking_bytes": 0,
    "fcp": 1_000, "lcp": 1_100,
}  # fmt: skip
PLAIN_LOAD = {
    "bytes": 37_833, "wire": 39_850, "requests": 13, "paint_requests": 12,
    "blocking_bytes": 20_155, "fcp": 1_600, "lcp": 1_700,
}  # fmt: skip


def audit(performance: float, fcp: float = 1_000, **scores: float) -> dict:
    steady = {name: scores.get(name.replace("-", "_"), 1.0) for name in perf.STEADY_CATEGORIES}
    return {"performance": performance, **steady, "fcp": fcp, "lcp": fcp + 50, "below": []}


def lighthouse(pages, runs=(1.0, 1.0, 1.0)) -> dict:
    return {(page, profile): [audit(score) for score in runs]
            for page in pages for profile in perf.PROFILES}  # fmt: skip


FIGURES = {
    "first_paint": {"site": 10_752, "plain": 4_096},
    "loads": {"site": [LOAD] * 5, "plain": [PLAIN_LOAD] * 5},
    "builds": {"site": [1.30, 1.20, 9.00, 1.25, 1.22], "plain": [1.00, 1.05, 0.95, 5.0, 1.0]},
    "lighthouse": {
        "site": lighthouse(perf.LIGHTHOUSE_PAGES),
        "plain": lighthouse(perf.PLAIN_PAGES, runs=(0.98, 0.99, 0.97)),
    },
}


@pytest.fixture
def summary(tmp_path, monkeypatch):
    path = tmp_path / "summary.md"
    path.write_text("## An earlier step's summary\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(path))
    return path


def rows(markdown: str) -> dict[str, list[str]]:
    """Each table row's cells, by its first cell (with the second for Lighthouse's rows)."""
    table = {}
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            key = f"{cells[0]} {cells[1]}" if cells[1] in perf.PROFILES else cells[0]
            table[key] = cells
    return table


def test_the_table_goes_to_the_job_summary_and_to_the_console(summary, capsys):
    assert perf.report(FIGURES) == 0
    written = summary.read_text(encoding="utf-8")
    # Appended: the summary file is shared by the job's steps.
    assert written.startswith("## An earlier step's summary\n## Performance")
    assert written.removeprefix("## An earlier step's summary\n") in capsys.readouterr().out
    table = rows(written)
    assert table[""] == ["", "this site", "plain furo", "budget"]
    # The HTML's first bytes, and every render-blocking resource for plain furo.
    assert table["compressed bytes before the first paint"][1:3] == ["10,752", "24,251"]
    assert table["… of which the HTML's first bytes"][1:3] == ["10,752", "4,096"]
    assert table["requests the first paint waits for"][1:3] == ["1", "12"]
    assert table["compressed bytes"][:3] == ["compressed bytes", "21,772", "37,833"]
    assert table["requests"][1:3] == ["4", "13"]
    assert table["first contentful paint"][1:3] == ["1,000 ms", "1,600 ms"]
    assert table["largest contentful paint"][1:3] == ["1,100 ms", "1,700 ms"]
    # Medians: one slow build of either does not move the ratio (1.25 / 1.00).
    build = table["build time (median of 5 clean builds)"]
    assert build[1:3] == ["1.25 s", "1.00 s"]
    assert build[3].startswith("**1.25×** plain furo")
    assert table["index.html mobile"][2:] == [
        "100 / 98", "1,000 ms / 1,000 ms", "1,050 ms / 1,050 ms", "100 / 100", "100 / 100",
        "100 / 100",
    ]  # fmt: skip
    # Plain furo has no 404 page: nothing beside this site's figures.
    assert table["404.html desktop"][2] == "100 / –"
    assert len([key for key in table if key.endswith(perf.PROFILES)]) == 6
    assert "Every budget is met." in written
    assert "Over budget" not in written


def test_without_a_job_summary_the_table_is_only_printed(monkeypatch, capsys):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert perf.report(FIGURES) == 0
    assert "| requests | 4 | 13 |" in capsys.readouterr().out


def over(change) -> list[str]:
    figures = copy.deepcopy(FIGURES)
    change(figures)
    return perf.judge(figures)


@pytest.mark.parametrize("key", ["bytes", "requests", "paint_requests"])
def test_a_steady_figure_fails_in_a_single_load(key):
    limit = perf.BUDGET[key]

    def more(figures):
        figures["loads"]["site"][2] = {**LOAD, key: limit + 1}

    assert over(more) == [f"{key}: {limit + 1:,} > {limit:,}"]


def test_the_first_paint_needs_the_html_alone_within_a_first_flight():
    assert perf.BUDGET["paint_requests"] == 1  # the HTML alone
    limit = perf.FIRST_PAINT_BYTES

    def longer_prefix(figures):
        figures["first_paint"]["site"] = limit + 1

    def a_blocking_stylesheet(figures):
        # One load found a blocking resource: its bytes count, and so does its request.
        blocked = {**LOAD, "paint_requests": 2, "blocking_bytes": limit - 10_752 + 1}
        figures["loads"]["site"][3] = blocked

    assert over(longer_prefix) == [f"bytes before the first paint: {limit + 1:,} > {limit:,}"]
    assert over(a_blocking_stylesheet) == [
        f"bytes before the first paint: {limit + 1:,} > {limit:,}",
        f"paint_requests: 2 > {perf.BUDGET['paint_requests']}",
    ]


def test_a_steady_lighthouse_score_fails_in_a_single_run():
    def inaccessible(figures):
        figures["lighthouse"]["site"]["404.html", "mobile"][1] = audit(1.0, accessibility=0.96)

    assert over(inaccessible) == ["Lighthouse 404.html (mobile): accessibility 96 < 100"]


def test_the_search_page_need_not_score_100_in_seo():
    def hidden(figures):
        for run in figures["lighthouse"]["site"]["search.html?q=veille", "mobile"]:
            run["seo"] = 0.54

    assert over(hidden) == []


def test_the_performance_score_is_judged_by_its_median():
    low = (perf.PERFORMANCE - 1) / 100

    def one_slow_run(figures):
        figures["lighthouse"]["site"]["index.html", "mobile"][0]["performance"] = 0.5

    def two_slow_runs(figures):
        figures["lighthouse"]["site"]["index.html", "mobile"][0]["performance"] = low
        figures["lighthouse"]["site"]["index.html", "mobile"][1]["performance"] = low

    assert over(one_slow_run) == []
    assert over(two_slow_runs) == [
        f"Lighthouse index.html (mobile): performance median {low * 100:.0f} < {perf.PERFORMANCE}"
    ]


@pytest.mark.parametrize("key", ["fcp", "lcp"])
def test_each_paint_is_judged_by_its_median_against_plain_furo(key):
    limit = PLAIN_LOAD[key] * perf.PAINT_RATIO[key]

    def two_late_loads(figures):
        figures["loads"]["site"][0] = {**LOAD, key: limit + 1}
        figures["loads"]["site"][1] = {**LOAD, key: limit + 1}

    def three_late_loads(figures):
        figures["loads"]["site"][:3] = [{**LOAD, key: limit + 1}] * 3

    assert over(two_late_loads) == []
    assert over(three_late_loads) == [f"{key}: median {limit + 1:,.0f} ms > {limit:,.0f} ms"]


def test_paints_and_build_time_are_judged_against_plain_furo():
    def slower(figures):
        late = PLAIN_LOAD["lcp"] * perf.PAINT_RATIO["lcp"] + 1
        figures["loads"]["site"] = [{**LOAD, "lcp": late}] * 5
        figures["builds"]["site"] = [perf.BUILD_RATIO * 1.0 + 0.1] * 5

    failures = over(slower)
    assert [failure.split(":")[0] for failure in failures] == ["lcp", "build time"]
    assert f"> {perf.BUILD_RATIO}×" in failures[1]
    # The table says it too, with the figures.
    limit = PLAIN_LOAD["lcp"] * perf.PAINT_RATIO["lcp"]
    late = {"site": [{**LOAD, "lcp": limit + 1}], "plain": [PLAIN_LOAD]}
    table = perf.markdown(copy.deepcopy(FIGURES) | {"loads": late})
    assert f"- **Over budget:** lcp: median {limit + 1:,.0f} ms > {limit:,.0f} ms" in table
    assert "Every budget is met." not in table
