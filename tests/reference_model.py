"""A plain per-trajectory version of the model's equations, used only as an oracle in tests.

It shares no code with the engine beyond the scenario data (levers and the regime history):
one sample, Python floats, ``math``, lists and explicit loops over blocs and months.
"""

from __future__ import annotations

import math

from leadsim.dims import BLOCS
from leadsim.scenarios import LEVERS
from leadsim.scenarios.history import regime_history

US, CN = BLOCS.index("us"), BLOCS.index("cn")
SECONDS = 365.25 * 24 * 3600 / 12


class Trajectory:
    """One sample simulated month by month."""

    def __init__(self, params: dict[str, float], scenario, n_months: int):
        self.p, self.scenario, self.n = params, scenario, n_months
        self.frontier: list[list[float]] = []
        self.accessible: list[list[float]] = []
        self.training: list[list[float]] = []
        self.smuggled: list[float] = []
        self.run()

    def lever(self, name: str, t: int, bloc: int) -> float:
        setting = self.scenario.levers[name].in_force(t)
        if setting is None or BLOCS[bloc] != LEVERS[name].bloc:
            return 0.0
        return setting.strength

    def licensed_share(self, t: int) -> float:
        setting = self.scenario.levers["chip_export_regime"].in_force(t)
        if setting is not None:
            regime = setting.regime
        else:
            regime = None
            for start, name in regime_history():
                if start <= t:
                    regime = name
        return 0.0 if regime == "ban" else self.p["access.licensed_share_" + regime]

    def deliveries(self, capacity: list[float], t: int) -> list[float]:
        p = self.p
        made = [capacity[b] * (1 - self.lever("hbm_controls", t, b) * p["access.hbm_dependence"]) for b in range(2)]
        share = self.licensed_share(t)
        licensed = made[US] * share
        openness = min(share / p["access.licensed_share_blackwell"], 1.0)
        smuggled = (
            made[US]
            * p["access.smuggling_share"]
            * (1 - self.lever("smuggling_enforcement", t, CN))
            * (1 - p["access.smuggling_substitution"] * openness)
        )
        self.smuggled.append(smuggled)
        return [made[US] - licensed - smuggled, made[CN] + licensed + smuggled]

    def measure(self, stock: list[float], t: int) -> tuple[list[float], list[float]]:
        p = self.p
        anchor = p["compute.anchor_month"]
        kw = p["compute.power_per_h100e_2025_12"] * (p["compute.power_efficiency_growth"] ** ((anchor - t) / 12))
        usable = []
        for b in range(2):
            power = p[f"compute.power_2025_12_{BLOCS[b]}"] * (
                p[f"compute.power_growth_{BLOCS[b]}"] ** ((t - anchor) / 12)
            )
            usable.append(min(stock[b], power * 1e6 / kw))
        remote = usable[US] * p["access.remote_share"] * (1 - self.lever("remote_access_rule", t, CN))
        accessible = [usable[US], usable[CN] + remote]
        run_flop = p["compute.peak_flops_per_h100e"] * p["compute.utilisation"] * p["compute.run_duration"] * SECONDS
        training = []
        for b in range(2):
            growth = p["compute.frontier_share_growth"] ** ((t - anchor) / 12)
            share = min(p[f"compute.frontier_share_{BLOCS[b]}"] * growth, p["compute.frontier_share_max"])
            training.append(share * accessible[b] * run_flop)
        return accessible, training

    def released(self, bloc: int, t: int) -> float:
        p = self.p
        x = min(t - p["distillation.release_lag"], t - 1.0)
        if x < 0:
            backcast = (
                math.log10(p["capability.training_compute_growth_pre_2023"]) / 12
                + math.log10(p["algorithms.efficiency_growth"]) / 12
            )
            return self.frontier[0][bloc] + x * backcast
        i = min(int(math.floor(x)), t - 1)
        j = min(i + 1, t - 1)
        frac = min(max(x - i, 0.0), 1.0)
        return self.frontier[i][bloc] + (self.frontier[j][bloc] - self.frontier[i][bloc]) * frac

    def run(self) -> None:
        p = self.p
        anchor = p["compute.anchor_month"]
        capacity, log_eff = [], []
        for b, name in enumerate(BLOCS):
            capacity.append(
                p[f"compute.production_2025_12_{name}"]
                / p[f"compute.production_growth_history_{name}"] ** (anchor / 12)
            )
            log_eff.append(-p.get(f"algorithms.gap_2023_{name}", 0.0) if b else 0.0)
        stock = [p["compute.stock_2023_01_us"], p["compute.stock_2023_01_cn"]]
        self.deliveries(capacity, 0)
        accessible, training = self.measure(stock, 0)
        own = [math.log10(training[b]) + log_eff[b] for b in range(2)]
        distilled, frontier = list(own), list(own)
        self.record(frontier, accessible, training)
        for t in range(1, self.n):
            for b, name in enumerate(BLOCS):
                key = "compute.production_growth_history_" if t <= anchor else "compute.production_growth_"
                growth = math.log(p[key + name]) / 12
                serving = self.lever("sme_servicing_ban", t, b)
                rate = (
                    growth * (1 - serving * p["access.servicing_growth_effect"]) - serving * p["access.servicing_decay"]
                )
                rate += self.lever("cn_chip_subsidy", t, b) * math.log(p["access.subsidy_growth_boost"]) / 12
                capacity[b] = capacity[b] * math.exp(rate)
            inflow = self.deliveries(capacity, t)
            stock = [stock[b] * (1 - 1 / p["compute.chip_lifetime"]) + inflow[b] for b in range(2)]
            accessible, training = self.measure(stock, t)
            most_compute, best_eff = max(accessible), max(log_eff)
            new_eff = []
            for b in range(2):
                gain = max(frontier[b] - self.frontier[0][US], 0.0)
                progress = math.log10(p["algorithms.efficiency_growth"]) / 12
                progress *= (accessible[b] / most_compute) ** p["algorithms.research_compute_elasticity"]
                progress *= 1 + p["algorithms.ai_rnd_speedup"] * gain
                new_eff.append(log_eff[b] + progress + p["algorithms.spillover_rate"] * (best_eff - log_eff[b]))
            log_eff = new_eff
            released = [self.released(b, t) for b in range(2)]
            for b in range(2):
                other = 1 - b
                own_b = math.log10(training[b]) + log_eff[b]
                gate = training[b] / (training[b] + p["distillation.min_student_compute"])
                active = 1.0 if t >= p["distillation.onset_month"] else 0.0
                deterrence = self.lever("distillation_deterrence", t, other)
                share = p["distillation.closure_rate"] * (1 - deterrence) * gate * active
                start = max(distilled[b], own_b)
                distilled[b] = start + share * max(released[other] - start, 0.0)
                capability = own_b + p["distillation.transfer_fraction"] * max(distilled[b] - own_b, 0.0)
                frontier[b] = max(frontier[b], capability)
            self.record(frontier, accessible, training)

    def record(self, frontier, accessible, training) -> None:
        self.frontier.append(list(frontier))
        self.accessible.append(list(accessible))
        self.training.append(list(training))

    def backcast(self) -> float:
        p = self.p
        return (
            math.log10(p["capability.training_compute_growth_pre_2023"]) / 12
            + math.log10(p["algorithms.efficiency_growth"]) / 12
        )

    def position(self, bloc: int, value: float, t: int) -> float:
        """The (fractional) month at which ``bloc``'s frontier first reached ``value``."""
        last = -1
        for month in range(t + 1):
            if self.frontier[month][bloc] <= value:
                last = month
        if last < 0:
            return (value - self.frontier[0][bloc]) / self.backcast()
        if last == t:
            return float(t)
        low, high = self.frontier[last][bloc], self.frontier[last + 1][bloc]
        return last + (value - low) / (high - low)

    def lead(self) -> list[float]:
        out = []
        for t in range(self.n):
            us, cn = self.frontier[t][US], self.frontier[t][CN]
            out.append(t - self.position(US, cn, t) if cn <= us else -(t - self.position(CN, us, t)))
        return out

    def compute_ratio(self) -> list[float]:
        return [a[US] / a[CN] for a in self.accessible]
