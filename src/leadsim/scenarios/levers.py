"""The policy levers a scenario can set: what each means, and which bloc it acts on."""

from __future__ import annotations

from dataclasses import dataclass

REGIMES: tuple[str, ...] = ("ban", "h20", "h200", "blackwell")


EFFECTS = ("+", "-", "either")  # expected effect on the US lead in 2028-12 of pulling a lever harder


@dataclass(frozen=True)
class LeverSpec:
    """A lever: ``kind`` is ``strength`` (0..1) or ``regime``; ``bloc`` is the bloc it acts on;
    ``effect`` the expected sign of its effect on the 2028-12 lead when pulled from off to its
    strongest setting (for the regime: from ``blackwell`` to ``ban``); ``sources`` registry
    source ids that document the policy."""

    kind: str
    bloc: str
    meaning: str
    effect: str
    sources: tuple[str, ...]


LEVERS: dict[str, LeverSpec] = {
    "chip_export_regime": LeverSpec(
        "regime", "cn", "which chips the supplier bloc licenses for sale to China", "+",
        ("bis-controls", "commerce-h200-2026"),
    ),
    "smuggling_enforcement": LeverSpec(
        "strength", "cn", "share of chip smuggling stopped (location verification, funded enforcement)", "+",
        ("cnas-smuggling-2025", "doj-supermicro-2026"),
    ),
    "remote_access_rule": LeverSpec(
        "strength", "cn", "share of Chinese labs' remote use of overseas compute closed (coverage x compliance)", "+",
        ("remote-access-security-act", "ft-offshore-2025"),
    ),
    "sme_servicing_ban": LeverSpec(
        "strength", "cn", "completeness of a ban on servicing chipmaking tools in China", "+",
        ("bis-controls", "anthropic-2028-essay"),
    ),
    "hbm_controls": LeverSpec(
        "strength", "cn", "completeness of further high-bandwidth-memory controls beyond the 2024 rule", "+",
        ("bis-controls", "semianalysis-huawei-2025"),
    ),
    "distillation_deterrence": LeverSpec(
        "strength", "us", "share of distillation harvesting of the bloc's models stopped (detection, bans, penalties)",
        "+", ("anthropic-distillation-2026", "openai-memo-2026", "anthropic-2028-essay"),
    ),
    "us_stack_export_promotion": LeverSpec(
        "strength", "us", "strength of promoting the American AI stack abroad (financing, deals, trust)", "+",
        ("whitehouse-stack-export-2025", "anthropic-2028-essay"),
    ),
    "us_adoption_push": LeverSpec(
        "strength", "us", "strength of US policy pushing domestic AI adoption", "either", ("us-ai-action-plan-2025",)
    ),
    "cn_ai_plus_push": LeverSpec(
        "strength", "cn", "strength of China's AI+ initiative pushing domestic adoption", "either",
        ("state-council-ai-plus-2025",),
    ),
    "cn_chip_subsidy": LeverSpec(
        "strength", "cn", "strength of new Chinese subsidies for domestic chipmaking beyond the baseline", "-",
        ("bloomberg-huawei-2025", "semianalysis-huawei-2025"),
    ),
    "transition_support": LeverSpec(
        "strength", "us", "strength of support for workers and firms absorbing AI-driven change", "either",
        ("card-kluve-weber-2018",),
    ),
}  # fmt: skip
