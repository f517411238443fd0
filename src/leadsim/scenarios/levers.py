"""The policy levers a scenario can set: what each means, and which bloc it acts on."""

from __future__ import annotations

from dataclasses import dataclass

REGIMES: tuple[str, ...] = ("ban", "h20", "h200", "blackwell")


@dataclass(frozen=True)
class LeverSpec:
    """A lever: ``kind`` is ``strength`` (0..1) or ``regime``; ``bloc`` is the bloc it acts on."""

    kind: str
    bloc: str
    meaning: str


LEVERS: dict[str, LeverSpec] = {
    "chip_export_regime": LeverSpec("regime", "cn", "which chips the supplier bloc licenses for sale to China"),
    "smuggling_enforcement": LeverSpec(
        "strength", "cn", "share of chip smuggling stopped (location verification, funded enforcement)"
    ),
    "remote_access_rule": LeverSpec(
        "strength", "cn", "share of Chinese labs' remote use of overseas compute closed (coverage x compliance)"
    ),
    "sme_servicing_ban": LeverSpec("strength", "cn", "completeness of a ban on servicing chipmaking tools in China"),
    "hbm_controls": LeverSpec(
        "strength", "cn", "completeness of further high-bandwidth-memory controls beyond the 2024 rule"
    ),
    "distillation_deterrence": LeverSpec(
        "strength", "us", "share of distillation harvesting of the bloc's models stopped (detection, bans, penalties)"
    ),
    "us_stack_export_promotion": LeverSpec(
        "strength", "us", "strength of promoting the American AI stack abroad (financing, deals, trust)"
    ),
    "us_adoption_push": LeverSpec("strength", "us", "strength of US policy pushing domestic AI adoption"),
    "cn_ai_plus_push": LeverSpec("strength", "cn", "strength of China's AI+ initiative pushing domestic adoption"),
    "cn_chip_subsidy": LeverSpec(
        "strength", "cn", "strength of new Chinese subsidies for domestic chipmaking beyond the baseline"
    ),
    "transition_support": LeverSpec(
        "strength", "us", "strength of support for workers and firms absorbing AI-driven change"
    ),
}
