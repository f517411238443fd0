"""The HTML report: no web address anywhere, and every chart drawn by headless Chromium, offline."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leadsim.cli import app
from leadsim.results import Store
from leadsim.results.charts import charts

CHROMIUM = "/usr/bin/chromium"  # Debian's package; `.ci/run` installs it (never `playwright install`)
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DRAWN = """[...document.querySelectorAll('.chart')].map(d => ({
    id: d.id,
    svg: d.querySelectorAll('svg.main-svg').length,
    traces: d.querySelectorAll('.scatterlayer .trace, .barlayer .trace').length,
    paths: d.querySelectorAll('.scatterlayer path.js-line, .scatterlayer path.js-fill, .barlayer path').length,
}))"""


def need_browser() -> None:
    """Skip locally without a browser; in CI (CI=true) a missing browser is a failure."""
    problem = None if Path(CHROMIUM).exists() else f"{CHROMIUM} not found: apt-get install -y chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problem = "the playwright package is not installed (dev extras)"
    if problem and os.environ.get("CI") == "true":
        pytest.fail(problem)
    if problem:
        pytest.skip(problem)


@pytest.fixture(scope="module")
def report(compared, tmp_path_factory) -> tuple[Path, int]:
    """``leadsim report -o FILE`` of the latest run, and how many charts it should draw."""
    path = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(app, ["report", "-o", str(path), "--store", str(compared["store"])])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(path)
    store = Store(compared["store"])
    expected = sum(len(items) for items in charts(store.load(store.resolve(None))).values())
    return path, expected


def test_report_has_no_web_address(report):
    text = report[0].read_text(encoding="utf-8")
    assert not re.search(r"(?i)https?://", text)
    assert not re.search(r"(?i)<(link|img|iframe)\b|<script[^>]*\bsrc=", text)
    assert "Plotly.newPlot" in text and len(text) > 1_000_000  # plotly.js is inlined


def test_report_renders_every_chart_offline(report):
    need_browser()
    from playwright.sync_api import sync_playwright

    path, expected = report
    errors: list[str] = []
    outside: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith("file://"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route("**/*", route)
            page.goto(path.as_uri())
            page.wait_for_function(
                f"document.querySelectorAll('.chart svg.main-svg').length >= {expected}", timeout=60_000
            )
            drawn = page.evaluate(DRAWN)
        finally:
            browser.close()
    assert expected >= 20
    assert len(drawn) == expected
    undrawn = [d["id"] for d in drawn if not (d["svg"] and d["traces"] and d["paths"])]
    assert undrawn == []
    assert errors == []
    assert outside == []


def test_run_writes_a_report_and_prints_its_path(tmp_path):
    store = tmp_path / "runs.duckdb"
    result = CliRunner().invoke(app, ["run", "--samples", "16", "--horizon", "2029-12", "--store", str(store)])
    assert result.exit_code == 0, result.output
    printed = re.search(r"Report: (\S+)", result.stdout)
    assert printed and Path(printed.group(1)).is_file()
    assert Path(printed.group(1)).parent == tmp_path / "reports"
    assert len(Store(store).runs()) == 1
