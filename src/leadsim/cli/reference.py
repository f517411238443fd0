"""The reference commands: ``params`` (every assumption and its sources) and ``scenarios`` (and their levers)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from leadsim.cli.console import new_table, out
from leadsim.cli.options import Format, check_format

EFFECT_WORDS = {"+": "widens", "-": "narrows", "either": "either way"}  # scenarios.levers.EFFECTS in words


def params(format: Format = "table") -> None:
    """Every parameter with unit, default, distribution, bounds and sources."""
    from leadsim.calibration.posterior import registry_correlations
    from leadsim.registry import load_registry

    check_format(format)
    registry = load_registry()
    if format == "json":
        document = {
            "parameters": [
                {
                    "name": p.name,
                    "description": p.description,
                    "unit": p.unit,
                    "default": p.default,
                    "distribution": p.distribution.model_dump(),
                    "bounds": list(p.bounds),
                    "sources": p.sources,
                }
                for p in registry.parameters.values()
            ],
            "sources": {k: s.model_dump() for k, s in registry.sources.items()},
            "correlations": registry_correlations(registry),
        }
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return
    title = "Parameters (leadsim params --format json for descriptions and full sources)"
    table = new_table(title, ("parameter", "default [unit]; distribution; bounds; sources"), keep=("parameter",))
    for p in registry.parameters.values():
        dist = p.distribution.model_dump()
        kind = dist.pop("kind")
        args = ", ".join(f"{k}={v:g}" for k, v in dist.items())
        lines = (f"{p.default:g} [{p.unit}]", f"{kind}({args})", f"bounds [{p.bounds[0]:g}, {p.bounds[1]:g}]",
                 f"sources: {', '.join(p.sources)}")  # fmt: skip
        table.add_row(p.name, "\n".join(lines))
    out().print(table)
    out().print(correlations_table(registry_correlations(registry)))


def correlations_table(found: dict):
    """Declared rank correlations (prior) against the calibrated members', and the members' strongest others."""
    from leadsim.results.report_tables import fmt

    members = "members" if found["members"] else "members (missing or stale)"
    title = f"Rank correlations (Spearman): declared in registry/correlations.yaml; {members}"
    table = new_table(title, ("parameters", "declared; prior sample; members; why"), keep=("parameters",))
    rows = [(r, f"declared {r['declared']:+.2f}", r["note"]) for r in found["declared"]]
    rows += [(r, "not declared", "tied by the observations") for r in found["induced"]]
    for row, declared, why in rows:
        values = f"{declared}; prior sample {fmt(row['prior'], 2)}; members {fmt(row['posterior'], 2)}"
        table.add_row("\n~ ".join(row["parameters"]), f"{values}\n{why}")
    return table


def levers_table():
    """Every lever a scenario can set: its kind and range, the bloc it acts on, meaning, expected effect, sources."""
    from leadsim.scenarios.levers import LEVERS, REGIMES

    title = "Levers (a scenario sets each as {enacted: YYYY-MM | null, strength | regime})"
    table = new_table(title, ("lever", "setting; bloc it acts on; expected effect; meaning; sources"), keep=("lever",))
    for name, spec in LEVERS.items():
        setting = "regime: " + " | ".join(REGIMES) if spec.kind == "regime" else "strength: 0 to 1"
        effect = EFFECT_WORDS.get(spec.effect, spec.effect)
        lines = (f"{setting}; acts on {spec.bloc}", f"effect on the US lead: {effect}", spec.meaning,
                 f"sources: {', '.join(spec.sources)}")  # fmt: skip
        table.add_row(name, "\n".join(lines))
    return table


def scenarios(
    levers: Annotated[
        bool, typer.Option("--levers", help="List every lever a scenario can set, and its meaning.")
    ] = False,
) -> None:
    """The shipped scenarios (any command also takes a path to a scenario file); --levers: the levers."""
    console = out()
    if levers:
        console.print(levers_table())
        console.print(
            "effect: the expected sign of the lever's effect on the US lead in 2028-12 when pulled from off to its "
            "strongest setting (the export regime: from blackwell to ban); sources: ids in `leadsim params "
            "--format json`. `leadsim levers` (when available) measures each lever's effect.",
            markup=False,
            highlight=False,
        )
        return
    from leadsim.registry import load_registry
    from leadsim.scenarios import list_scenarios, load_scenario

    registry = load_registry()
    table = new_table("Shipped scenarios", ("name", "extends", "description"), keep=("name",))
    for name in list_scenarios():
        s = load_scenario(name, registry)
        table.add_row(name, " -> ".join(s.chain[1:]) or "-", " ".join(s.description.split()))
    console.print(table)
