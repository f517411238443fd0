"""Every malformed input ends with exit status 2 and one clear line: file, field, value, allowed; no traceback.

One tiny fixture per case (``fixtures/scenarios`` for the schema, ``fixtures/hostile`` for what a
hostile tester tries); inputs too large for a fixture are written by the test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from leadsim.registry.yaml_input import MAX_BYTES, MAX_DEPTH
from leadsim.scenarios.load import MAX_EXTENDS
from tests.process_helpers import error_lines, leadsim, one_error_line

FIXTURES = Path(__file__).parent / "fixtures" / "scenarios"
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = error_lines(err)
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("yaml_broken.yaml", ["yaml_broken.yaml:", "YAML does not parse"]),
        ("unknown_key.yaml", ["unknown_key.yaml", "colour", "known keys"]),
        ("unknown_lever.yaml", ["unknown_lever.yaml", "moon_shot", "remote_access_rule"]),
        ("unknown_parameter.yaml", ["unknown_parameter.yaml", "compute.unobtainium", "registry parameter"]),
        ("bad_month.yaml", ["bad_month.yaml", "levers.remote_access_rule", "enacted", "2027-13", "YYYY-MM"]),
        ("month_outside_span.yaml", ["month_outside_span.yaml", "enacted", "2040-01", "2023-01 to 2032-12"]),
        ("strength_outside.yaml", ["strength_outside.yaml", "strength", "1.5", "less than or equal to 1"]),
        (
            "value_outside_bounds.yaml",
            ["value_outside_bounds.yaml", "access.remote_uptake", "1.5", "bounds [0.0, 1.0]"],
        ),
        ("bad_regime.yaml", ["bad_regime.yaml", "regime", "rubin", "ban | h20 | h200 | blackwell"]),
        ("cycle_a.yaml", ["extends", "no cycle"]),
        ("unknown_parent.yaml", ["unknown_parent.yaml", "extends", "no-such-scenario", "shipped scenario"]),
        ("bad_distribution.yaml", ["bad_distribution.yaml", "access.remote_uptake", "p5 < p50 < p95"]),
    ],
)
def test_bad_scenario_file(leadsim_cli, fixture, expected):
    code, _, err = leadsim_cli("compare", str(FIXTURES / fixture), "--samples", "4")
    assert code == 2
    one_line(err)
    for text in expected:
        assert text in err, f"{text!r} not in {err!r}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--samples", "0"], ["--samples", "'0'", "greater than or equal to 1"]),
        (["--samples", "many"], ["--samples", "'many'", "valid integer"]),
        (["--seed", "-3"], ["--seed", "'-3'", "greater than or equal to 0"]),
        (["--chunk-size", "0"], ["--chunk-size", "'0'", "greater than or equal to 1"]),
        (["--at", "2028-13"], ["--at", "2028-13", "YYYY-MM"]),
        (["--at", "2035-01"], ["--at", "2035-01", "2023-01 to 2032-12"]),
        (["--at", ","], ["--at", "YYYY-MM"]),
        (["--format", "xml"], ["--format", "xml", "table | json"]),
        (["--horizon", "2032-15"], ["--horizon", "2032-15", "YYYY-MM"]),
    ],
)
def test_bad_option(leadsim_cli, args, expected):
    code, _, err = leadsim_cli("compare", "current-policy", "--samples", "4", *args)
    assert code == 2
    one_line(err)
    for text in expected:
        assert text in err, f"{text!r} not in {err!r}"


def test_unknown_scenario_name(leadsim_cli):
    code, _, err = leadsim_cli("compare", "no-such-scenario")
    assert code == 2
    assert "no-such-scenario" in err and "current-policy" in err


def test_installed_command_prints_no_traceback():
    """The console script itself, in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-m", "leadsim", "compare", str(FIXTURES / "strength_outside.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_user_scenario_file_extends_a_shipped_one(leadsim_cli, registry):
    from leadsim.calendar import Span
    from leadsim.scenarios import load_scenario

    scenario = load_scenario(str(FIXTURES / "good.yaml"), registry, Span())
    assert scenario.chain == ("good", "pull-ahead", "current-policy")
    assert scenario.levers["remote_access_rule"].in_force(Span().index("2027-06")) is None  # the plan moved
    assert scenario.levers["remote_access_rule"].in_force(Span().index("2028-01")).strength == 0.8
    assert scenario.levers["distillation_deterrence"].strength == 0.8  # inherited from pull-ahead
    assert scenario.overrides["distillation.transfer_fraction"].value == 0.7
    code, out, _ = leadsim_cli("compare", str(FIXTURES / "good.yaml"), "--samples", "8", "--no-store", "--prior")
    assert code == 0 and "good" in out


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("utf16.yaml", ["utf16.yaml", "UTF-16", "UTF-8"]),
        ("latin1.yaml", ["latin1.yaml:1", "byte 0xe9", "UTF-8"]),
        ("alias_bomb.yaml", ["alias_bomb.yaml:", "aliases", "not allowed"]),
        ("alias_in_keys.yaml", ["alias_in_keys.yaml", "aliases", "not allowed"]),
        ("deep_nesting.yaml", ["deep_nesting.yaml:3", f"deeper than {MAX_DEPTH}"]),
        ("duplicate_key.yaml", ["duplicate_key.yaml:4", "duplicate key 'remote_access_rule'"]),
        ("strength_true.yaml", ["strength_true.yaml", "levers.remote_access_rule.strength", "True", "valid number"]),
        ("lever_unknown_key.yaml", ["lever_unknown_key.yaml", "strenght", "known keys: enacted, strength, regime"]),
        ("extends_folder.yaml", ["hostile", "is a folder", "YAML file"]),
    ],
)
def test_hostile_scenario_file(leadsim_cli, fixture, expected):
    code, out, err = leadsim_cli("compare", str(HOSTILE / fixture), "--samples", "4", "--no-store")
    assert code == 2 and out == ""
    one_line(err)
    for text in expected:
        assert text in err, f"{text!r} not in {err!r}"


def test_a_folder_as_scenario(leadsim_cli):
    code, _, err = leadsim_cli("compare", str(HOSTILE), "--no-store")
    assert code == 2 and "is a folder" in one_line(err)


def test_two_scenarios_with_one_name(leadsim_cli):
    code, _, err = leadsim_cli("compare", "catch-up", str(HOSTILE / "same_name.yaml"), "-n", "4", "--no-store")
    assert code == 2 and "'catch-up'" in one_line(err) and "each scenario name once" in err
    code, _, err = leadsim_cli("compare", "pull-ahead", "pull-ahead", "-n", "4", "--no-store")
    assert code == 2 and "'pull-ahead'" in one_line(err)


def test_a_month_given_twice(leadsim_cli):
    code, _, err = leadsim_cli("compare", "catch-up", "-n", "4", "--at", "2028-12,2027-12,2028-12", "--no-store")
    assert code == 2 and "'2028-12'" in one_line(err) and "each month once" in err


def test_numbers_as_people_write_them_run(leadsim_cli):
    """``strength: 5e-1`` and an override ``1e-01`` are numbers (YAML 1.1 reads them as text)."""
    code, out, err = leadsim_cli("compare", str(HOSTILE / "scientific.yaml"), "-n", "8", "--prior", "--no-store",
                                 "--format", "json")  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["scenarios"]["scientific"]["failed_samples"] == 0


def test_a_huge_value_is_cut_in_the_message(leadsim_cli, tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_text("name: huge\n? " + "k" * 200_000 + "\n: " + "v" * 300_000 + "\n")  # an explicit key: any length
    code, _, err = leadsim_cli("compare", str(path), "--no-store")
    assert code == 2 and len(one_line(err)) < 1000 and "200,000 characters" in err and "'vvvv" in err


def test_a_file_too_large(leadsim_cli, tmp_path):
    path = tmp_path / "large.yaml"
    path.write_text("name: large\ndescription: " + "x" * MAX_BYTES + "\n")
    code, _, err = leadsim_cli("compare", str(path), "--no-store")
    assert code == 2 and f"larger than {MAX_BYTES:,} bytes" in one_line(err)


def test_a_long_extends_chain(leadsim_cli, tmp_path):
    for i in range(MAX_EXTENDS + 4):
        (tmp_path / f"s{i}.yaml").write_text(f"name: s{i}\nextends: s{i + 1}.yaml\n")
    (tmp_path / f"s{MAX_EXTENDS + 4}.yaml").write_text(f"name: s{MAX_EXTENDS + 4}\n")
    code, _, err = leadsim_cli("compare", str(tmp_path / "s0.yaml"), "--no-store")
    assert code == 2 and f"at most {MAX_EXTENDS} scenarios" in one_line(err)


def test_an_unreadable_scenario_file(tmp_path):
    path = tmp_path / "secret.yaml"
    path.write_text("name: secret\n")
    path.chmod(0)
    line = one_error_line(leadsim("compare", str(path), "--no-store", drop_root=True))
    assert str(path) in line and "Permission denied" in line


@pytest.mark.parametrize("fixture", ["latin1.yaml", "utf16.yaml", "alias_bomb.yaml", "duplicate_key.yaml"])
def test_hostile_observations(leadsim_cli, fixture):
    code, _, err = leadsim_cli("calibrate", "-n", "8", "--observations", str(HOSTILE / fixture))
    assert code == 2 and fixture in one_line(err)


def test_a_folder_as_observations(leadsim_cli):
    code, _, err = leadsim_cli("calibrate", "-n", "8", "--observations", str(HOSTILE))
    assert code == 2 and "is a folder" in one_line(err)


def test_an_alias_bomb_is_refused_in_bounded_time_and_memory(tmp_path):
    """In a process of its own, which reports its peak memory: the refusal comes at once, nothing expands.

    The peak is the process's own (VmHWM); ``ru_maxrss`` would also count the parent's pages at the
    fork, i.e. however large the test session has grown."""
    peak = tmp_path / "peak-kb"
    code = (
        "import sys\nfrom leadsim.cli import main\n"
        f"sys.argv = ['leadsim', 'compare', {str(HOSTILE / 'alias_bomb.yaml')!r}, '--no-store']\n"
        "try:\n    main()\nfinally:\n"
        "    hwm = next(x for x in open('/proc/self/status') if x.startswith('VmHWM:'))\n"
        f"    open({str(peak)!r}, 'w').write(hwm.split()[1])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert "aliases" in one_error_line(done)
    assert int(peak.read_text()) < 1_000_000  # [kB]: the expanded bomb (9**9 items) would take gigabytes


def test_samples_above_the_cap_need_force(leadsim_cli):
    code, _, err = leadsim_cli("compare", "catch-up", "-n", "20000000", "--no-store")
    assert code == 2 and "--force" in one_line(err) and "10,000,000" in err
    code, _, err = leadsim_cli("compare", "catch-up", "-n", "20000000", "--force", "--at", "2099-01", "--no-store")
    assert code == 2 and "--at" in one_line(err)  # past the cap: the next check speaks


def test_usage_errors_are_one_line(leadsim_cli):
    for args in (["compare", "--sampels", "3"], ["compare"], ["runs", "bogus"], ["nonsense"]):
        code, _, err = leadsim_cli(*args)
        assert code == 2 and "see `leadsim" in one_line(err), args


def test_version(leadsim_cli):
    from importlib.metadata import version

    code, out, _ = leadsim_cli("--version")
    assert code == 0 and out.strip() == f"leadsim {version('leadsim')}"


def test_help_loads_no_heavy_module():
    """``leadsim --help`` imports none of the libraries that make start-up slow (timed by benchmarks/startup.py)."""
    heavy = ("numba", "scipy", "xarray", "pandas", "duckdb", "plotly", "numpy", "pydantic")
    code = (
        "import sys\nfrom leadsim.cli import main\nsys.argv = ['leadsim', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print([m for m in {heavy!r} if m in sys.modules], file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ)
    assert "run" in done.stdout and done.stderr.strip() == "[]"
