"""The HTML report, in both forms, drawn by headless Chromium offline: no web address, every chart drawn.

``leadsim report -o FILE`` writes one self-contained file; ``leadsim report`` writes into the
default reports folder beside the store, where every report loads the folder's one copy of
Plotly's script. Without Chromium the browser test skips, saying how to install it; with
``LEADSIM_REQUIRE_BROWSER=1`` (set by ``.ci/run``) a missing browser fails it.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from leadsim.cli import app
from leadsim.results import Store
from leadsim.results.report import sections_of
from leadsim.results.report_sections import SECTIONS

CHROMIUM = "/usr/bin/chromium"  # Debian's package; `.ci/run` installs it (never `playwright install`)
REQUIRE = "LEADSIM_REQUIRE_BROWSER"
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


def missing_browser() -> str | None:
    """Why the browser test cannot run here, with how to fix it; None when it can."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found: install Debian's chromium (`apt-get install -y chromium`; see the README)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed: `make setup` installs the dev extras"
    return None


def need_browser() -> None:
    """Skip without a browser, saying how to install one; under LEADSIM_REQUIRE_BROWSER=1 (CI), fail."""
    problem = missing_browser()
    if problem and os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{REQUIRE}=1 but {problem}")
    if problem:
        pytest.skip(problem)


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


@pytest.fixture(scope="module")
def reports(compared, tmp_path_factory) -> dict[str, tuple[Path, int]]:
    """The latest run's report, self-contained (``-o FILE``) and in the default folder; and the chart count."""
    store = str(compared["store"])
    path = tmp_path_factory.mktemp("report") / "report.html"
    assert invoke("report", "-o", str(path), "--store", store) == str(path)
    default = Path(invoke("report", "--store", store))
    where = Store(store)
    expected = sum(len(s.charts) for s in sections_of(where.load(where.resolve(None)), SECTIONS))
    return {"inline": (path, expected), "shared": (default, expected)}


def test_reports_have_no_web_address(reports):
    for path, _ in reports.values():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?i)https?://", text)
        assert not re.search(r"(?i)<(link|img|iframe)\b", text)
        assert "Plotly.newPlot" in text


def test_a_report_written_with_o_is_self_contained(reports):
    text = reports["inline"][0].read_text(encoding="utf-8")
    assert not re.search(r"(?i)<script[^>]*\bsrc=", text)
    assert len(text) > 4_000_000  # plotly.js is inlined


def test_reports_in_the_default_folder_load_one_checked_script(reports):
    path = reports["shared"][0]
    sources = re.findall(r'<script src="([^"]+)">', path.read_text(encoding="utf-8"))
    assert len(sources) == 1 and "/" not in sources[0]  # a file beside the report, nothing else
    script = path.parent / sources[0]
    assert hashlib.sha256(script.read_bytes()).hexdigest().startswith(script.stem.rsplit("-", 1)[1])
    assert path.stat().st_size < script.stat().st_size  # the report does not carry Plotly itself


def test_the_shared_script_is_written_once_and_rewritten_when_damaged(tmp_path):
    store = str(tmp_path / "runs.duckdb")
    for seed in ("1", "2"):
        invoke("compare", "catch-up", "-n", "8", "--seed", seed, "--horizon", "2029-12", "--prior", "--store", store)
    first, second = (Path(invoke("report", run_id, "--store", store)) for run_id in Store(store).runs()["id"])
    scripts = list((tmp_path / "reports").glob("plotly-*.js"))
    assert first.parent == second.parent and len(scripts) == 1
    script = scripts[0]
    written = script.stat().st_mtime_ns
    invoke("report", "--store", store)
    assert script.stat().st_mtime_ns == written  # the right copy is kept
    script.write_bytes(script.read_bytes()[:1000])  # a damaged copy is replaced
    invoke("report", "--store", store)
    assert hashlib.sha256(script.read_bytes()).hexdigest().startswith(script.stem.rsplit("-", 1)[1])


@pytest.mark.parametrize("form", ["inline", "shared"])
def test_report_renders_every_chart_offline(reports, form):
    need_browser()
    from playwright.sync_api import sync_playwright

    path, expected = reports[form]
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
    assert expected >= 15
    assert len(drawn) == expected
    undrawn = [d["id"] for d in drawn if not (d["svg"] and d["traces"] and d["paths"])]
    assert undrawn == []
    assert errors == []
    assert outside == []


def test_a_missing_browser_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(f"{__name__}.CHROMIUM", "/nonexistent/chromium")
    assert "apt-get install -y chromium" in missing_browser()
    monkeypatch.setenv(REQUIRE, "1")
    with pytest.raises(pytest.fail.Exception, match="not found"):
        need_browser()
    monkeypatch.delenv(REQUIRE)
    with pytest.raises(pytest.skip.Exception, match="apt-get install"):
        need_browser()


def test_run_writes_a_report_and_prints_its_path(tmp_path):
    store = tmp_path / "runs.duckdb"
    result = CliRunner().invoke(app, ["run", "--samples", "16", "--horizon", "2029-12", "--store", str(store)])
    assert result.exit_code == 0, result.output
    printed = re.search(r"Report: (\S+)", result.stdout)
    assert printed and Path(printed.group(1)).is_file()
    assert Path(printed.group(1)).parent == tmp_path / "reports"
    assert len(Store(store).runs()) == 1
