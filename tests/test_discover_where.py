"""The ``--where`` condition of ``leadsim discover``: strict parsing, one error line for anything else."""

from __future__ import annotations

import numpy as np
import pytest

from leadsim.analysis.where import parse_where
from leadsim.calendar import Span, parse_month
from leadsim.errors import LeadsimError

SPAN = Span()


@pytest.mark.parametrize(
    ("text", "output", "position", "month", "at_most", "threshold", "normal"),
    [
        ("lead_months@2028-12<=6", "lead_months", (), "2028-12", True, 6.0, "lead_months@2028-12<=6"),
        (" lead_months @ 2028-12 >= -1.5 ", "lead_months", (), "2028-12", False, -1.5, "lead_months@2028-12>=-1.5"),
        ("adoption.cn@2027-06>=0.4", "adoption", (1,), "2027-06", False, 0.4, "adoption.cn@2027-06>=0.4"),
        ("global_share_by_region.china.us@2030-01<=1e-1", "global_share_by_region", (1, 0), "2030-01", True, 0.1,
         "global_share_by_region.china.us@2030-01<=1e-1"),
    ],
)  # fmt: skip
def test_good_conditions(text, output, position, month, at_most, threshold, normal):
    c = parse_where(text, SPAN)
    assert (c.output, c.position, c.month, c.at_most, c.threshold, c.text) == (
        output, position, parse_month(month), at_most, threshold, normal)  # fmt: skip


def test_the_condition_reads_the_output_at_its_month():
    outputs = {"adoption": np.arange(2 * 3 * 2, dtype=float).reshape(2, 3, 2)}
    c = parse_where("adoption.cn@2023-02>=5", SPAN)
    assert c.values(outputs).tolist() == [3.0, 9.0]
    assert c.holds(np.array([4.0, 5.0, np.nan])).tolist() == [False, True, False]


@pytest.mark.parametrize(
    ("text", "field", "allowed"),
    [
        ("lead_months@2028-12<6", "value", "OUTPUT@YYYY-MM<=X"),
        ("lead_months 2028-12<=6", "value", "OUTPUT@YYYY-MM<=X"),
        ("lead_months@2028-12<=", "value", "OUTPUT@YYYY-MM<=X"),
        ("lead_month@2028-12<=6", "output", "lead_months"),
        ("adoption@2028-12<=0.5", "output", "adoption.us|cn"),
        ("adoption.eu@2028-12<=0.5", "output", "adoption.us|cn"),
        ("lead_months.cn@2028-12<=6", "output", "lead_months"),
        ("lead_months@2028-13<=6", "month", "a YYYY-MM month from 2023-01 to 2032-12"),
        ("lead_months@2040-01<=6", "month", "a YYYY-MM month from 2023-01 to 2032-12"),
        ("lead_months@2028-12<=six", "threshold", "a finite number"),
        ("lead_months@2028-12<=nan", "threshold", "a finite number"),
        ("lead_months@2028-12>=inf", "threshold", "a finite number"),
    ],
)
def test_bad_conditions_name_the_option_the_value_and_what_is_allowed(text, field, allowed):
    with pytest.raises(LeadsimError) as caught:
        parse_where(text, SPAN)
    line = caught.value.one_line()
    assert line.startswith(f"option --where: {field}: got ") and allowed in line.partition("; allowed: ")[2]


@pytest.mark.parametrize("text", ["lead_months@2028-12=6", "frontier.cn@2031-01<=x", "lead_months@2033-01<=6"])
def test_a_bad_where_on_the_command_line_is_one_line_and_exit_2(leadsim_cli, text):
    code, out, err = leadsim_cli("discover", "catch-up", "--where", text, "--no-store", "--samples", "10")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "option --where" in err and "Traceback" not in err


def test_a_month_past_a_shorter_horizon_is_refused(leadsim_cli):
    code, _, err = leadsim_cli("discover", "catch-up", "--where", "lead_months@2029-06<=6", "--horizon", "2028-12")
    assert code == 2 and "option --where: month: got '2029-06'; allowed: a YYYY-MM month from 2023-01 to 2028-12" in err
