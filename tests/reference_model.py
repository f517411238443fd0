"""A plain per-trajectory version of the model's equations, used only as an oracle in tests.

It shares no code with the engine beyond the scenario data (levers, the regime history) and the
names of blocs and regions: one sample, Python floats, ``math``, lists and explicit loops over
blocs, regions and months, reading registry ids directly (docs/model.md and docs/dials.md are
its specification).
"""

from __future__ import annotations

import math

from leadsim.dims import BLOCS, REGIONS
from leadsim.scenarios import LEVERS
from leadsim.scenarios.history import regime_history

US, CN = BLOCS.index("us"), BLOCS.index("cn")
NB = len(BLOCS)
SECONDS = 365.25 * 24 * 3600 / 12
UPTAKE = {"a800": "access.licensed_uptake_a800", "h20": "access.licensed_uptake_h20",
          "h200": "access.licensed_uptake_h200", "blackwell": "access.licensed_uptake_blackwell"}  # fmt: skip


def interpolate(series: list[float], x: float, slope: float) -> float:
    """A monthly series at fractional month x (known up to its last element); linear back before 0."""
    if x <= 0:
        return series[0] + x * slope
    low = min(int(math.floor(x)), len(series) - 1)
    high = min(low + 1, len(series) - 1)
    return series[low] + (series[high] - series[low]) * (x - low)


class Trajectory:
    """One sample simulated month by month; every output as a list over months."""

    def __init__(self, params: dict[str, float], scenario, n_months: int, milestone_anchor: int, offsets):
        self.p, self.scenario, self.n = params, scenario, n_months
        self.out: dict[str, list] = {}
        self.run()
        self.measure(milestone_anchor, offsets)

    # --- inputs -----------------------------------------------------------------------------
    def q(self, name: str, bloc: int | None = None, default: float | None = None) -> float:
        key = name if bloc is None else f"{name}_{BLOCS[bloc]}"
        if key not in self.p and default is not None:
            return default
        return self.p[key]

    def lever(self, name: str, t: float, bloc: int) -> float:
        setting = self.scenario.levers[name].in_force(t)
        if setting is None or BLOCS[bloc] != LEVERS[name].bloc:
            return 0.0
        return setting.strength

    def regime(self, t: int) -> str:
        setting = self.scenario.levers["chip_export_regime"].in_force(t)
        if setting is not None:
            return setting.regime
        return [name for start, name in regime_history() if start <= t][-1]

    def window(self, end: float) -> float:
        """Duration of a run ending at month ``end`` [month]."""
        p = self.p
        growth = p["compute.run_duration_growth"] ** ((end - p["compute.anchor_month"]) / 12)
        return min(p["compute.run_duration"] * growth, p["compute.run_duration_max"])

    # --- the simulation ---------------------------------------------------------------------
    def run(self) -> None:
        p, n = self.p, self.n
        anchor = self.q("compute.anchor_month")
        retire = 1 / self.q("compute.chip_lifetime")
        capacity = [self.q("compute.production_2025_12", b) / self.q("compute.production_growth_history", b)
                    ** (anchor / 12) for b in range(NB)]  # fmt: skip
        stock = [self.q("compute.stock_2023_01", b) for b in range(NB)]
        desired = stock[CN]
        eff = [-self.q("algorithms.gap_2023", b, 0.0) for b in range(NB)]
        adoption = [self.q("dials.adoption_2023_01", b) for b in range(NB)]
        share = [[0.0] * NB for _ in REGIONS]
        smoothed, anchor_share = [1.0] * NB, [1.0] * NB
        names = ("frontier", "usable", "accessible", "stock", "training_compute", "production", "licensed",
                 "smuggled", "remote", "adoption", "resilience", "global_share", "by_region")  # fmt: skip
        o = self.out = {k: [] for k in names}
        flows, cumulative, effs = [[] for _ in range(NB)], [[] for _ in range(NB)], [[] for _ in range(NB)]
        distilled, frontier = [0.0] * NB, [0.0] * NB
        g_before = math.log(p["capability.training_compute_growth_pre_2023"] / p["compute.run_duration_growth"]) / 12
        for t in range(n):
            months = t - anchor
            invest = [
                (smoothed[b] / anchor_share[b]) ** p["investment.share_elasticity"] if t > anchor else 1.0
                for b in range(NB)
            ]
            kw = p["compute.power_per_h100e_2025_12"] / p["compute.power_efficiency_growth"] ** (months / 12)
            made, powered = [], []
            for b in range(NB):
                if t > 0:
                    key = "compute.production_growth_history" if t <= anchor else "compute.production_growth"
                    serv, sub = self.lever("sme_servicing_ban", t, b), self.lever("cn_chip_subsidy", t, b)
                    rate = math.log(self.q(key, b)) / 12 * (1 - serv * p["access.servicing_growth_effect"])
                    rate += -serv * p["access.servicing_decay"] + sub * math.log(p["access.subsidy_growth_boost"]) / 12
                    capacity[b] *= math.exp(rate)
                hbm = self.lever("hbm_controls", t, b)
                made.append(capacity[b] * (1 - hbm * p["access.hbm_dependence"]) * invest[b])
                gw = self.q("compute.power_2025_12", b) * self.q("compute.power_growth", b) ** (months / 12)
                powered.append(gw * 1e6 / kw * invest[b])
            keep = 1 - retire if t > 0 else 1.0
            room = [max((1 + p["compute.idle_buffer"]) * powered[b] - stock[b] * keep, 0.0) for b in range(NB)]
            demand = p["compute.demand_2025_12_cn"] * p["compute.demand_growth_cn"] ** (months / 12) * invest[CN]
            wanted = min(demand, room[CN])
            domestic = min(made[CN], wanted)
            imports = wanted - domestic
            regime = self.regime(t)
            uptake = 0.0 if regime == "ban" else p[UPTAKE[regime]]
            reach = p["access.leakage_cap"]
            cap = {"ban": 0.0, "h200": min(p["access.licence_cap_h200"], reach)}.get(regime, reach)
            licensed = min(uptake * imports, cap * made[US])
            enforcement = self.lever("smuggling_enforcement", t, CN)
            smuggled = min(p["access.smuggling_share"] * (imports - licensed) * (1 - enforcement),
                           max(reach * made[US] - licensed, 0.0))  # fmt: skip
            if t > 0:
                stock = [s * (1 - retire) for s in stock]
                stock[US] += min(made[US] - licensed - smuggled, room[US])
                stock[CN] += domestic + licensed + smuggled
                desired = desired * (1 - retire) + demand
            usable = [min(stock[b], powered[b]) for b in range(NB)]
            rule = self.lever("remote_access_rule", t, CN)
            remote = min(p["access.remote_uptake"] * max(desired - stock[CN], 0.0),
                         p["access.remote_cap"] * usable[US]) * (1 - rule)  # fmt: skip
            accessible = list(usable)
            accessible[US] -= remote
            accessible[CN] += remote
            # training runs and releases
            flop = p["compute.peak_flops_per_h100e"] * p["compute.utilisation"] * SECONDS
            runs = []
            for b in range(NB):
                share_b = min(self.q("compute.frontier_share", b) * p["compute.frontier_share_growth"] ** (months / 12),
                              p["compute.frontier_share_max"])  # fmt: skip
                flows[b].append(share_b * accessible[b] * flop)
                if t == 0:
                    cumulative[b].append(flows[b][0] / g_before)
                else:
                    cumulative[b].append(cumulative[b][-1] + 0.5 * (flows[b][-2] + flows[b][-1]))

                def cum(x, b=b):
                    if x <= 0:
                        return flows[b][0] / g_before * math.exp(g_before * x)
                    return interpolate(cumulative[b], x, 0.0)

                end = t - self.q("capability.release_lag", b)
                runs.append(cum(end) - cum(end - self.window(end)))
            # algorithmic efficiency
            base = math.log10(p["algorithms.efficiency_growth"]) / 12
            own_rate = [base * self.q("algorithms.research_productivity", b, 1.0) for b in range(NB)]

            def run_start(b, t=t):
                end = t - self.q("capability.release_lag", b)
                return end - self.window(end)

            if t > 0:
                most = max(accessible)
                new = []
                for b in range(NB):
                    published = max(
                        interpolate(effs[c], run_start(c) - p["algorithms.spillover_lag"], own_rate[c])
                        for c in range(NB)
                        if c != b
                    )
                    gain = max(o["frontier"][t - 1][b] - o["frontier"][0][US], 0.0)
                    rate = own_rate[b] * (accessible[b] / most) ** p["algorithms.research_compute_elasticity"]
                    rate *= p["algorithms.ai_rnd_uplift"] ** gain
                    new.append(eff[b] + rate + p["algorithms.spillover_rate"] * max(published - eff[b], 0.0))
                eff = new
            for b in range(NB):
                effs[b].append(eff[b])
            own = [math.log10(runs[b]) + interpolate(effs[b], run_start(b), own_rate[b]) for b in range(NB)]
            # distillation and the frontier
            if t == 0:
                distilled, frontier = list(own), list(own)
            else:
                harvest = min(t - p["distillation.harvest_lag"], t - 1.0)
                backcast = math.log10(p["capability.training_compute_growth_pre_2023"]
                                      * p["algorithms.efficiency_growth"]) / 12  # fmt: skip
                past_frontier = [[row[b] for row in o["frontier"]] for b in range(NB)]
                past_runs = [[row[b] for row in o["training_compute"]] for b in range(NB)]
                for b in range(NB):
                    teacher, src = max(
                        (interpolate(past_frontier[c], harvest, backcast), c) for c in range(NB) if c != b
                    )
                    g_run = math.log(p["capability.training_compute_growth_pre_2023"]) / 12
                    if harvest <= 0:
                        teacher_flop = past_runs[src][0] * math.exp(g_run * harvest)
                    else:
                        teacher_flop = interpolate(past_runs[src], harvest, 0.0)
                    deterrence = self.lever("distillation_deterrence", max(math.floor(harvest), 0), src)
                    share_b = 0.0
                    if harvest >= p["distillation.onset_month"]:
                        share_b = (
                            p["distillation.closure_rate"]
                            * (1 - deterrence)
                            * runs[b]
                            / (runs[b] + p["distillation.student_compute_ratio"] * teacher_flop)
                        )
                    start = max(distilled[b], own[b])
                    distilled[b] = start + share_b * max(teacher - start, 0.0)
                    capability = own[b] + p["distillation.transfer_fraction"] * max(distilled[b] - own[b], 0.0)
                    frontier[b] = max(frontier[b], capability)
            # the dials
            reference = frontier[US] if t == 0 else o["frontier"][0][US]
            resilience, scarce = [], []
            for b in range(NB):
                half = p["dials.scarcity_half_intensity"]
                scarce.append(half / (half + accessible[b] / self.q("dials.gdp", b)))
                speed = (1 + p["dials.capability_speedup"] * max(frontier[b] - reference, 0.0)) * (
                    1 - p["dials.scarcity_speed_effect"] * scarce[b]
                )
                push = self.lever("us_adoption_push", t, b) + self.lever("cn_ai_plus_push", t, b)
                innovation = p["dials.bass_innovation"] * (1 + p["dials.push_effect"] * push)
                pace = (1 - math.exp(-speed * (innovation + p["dials.bass_imitation"] * adoption[b]))) * (
                    1 - adoption[b]
                )
                absorption = p["dials.absorption_rate"] * (
                    1 + p["dials.support_effect"] * self.lever("transition_support", t, b)
                )
                resilience.append(absorption / (absorption + p["dials.automatable_share"] * pace))
                if t > 0:
                    adoption[b] += pace * (1 - p["dials.backlash"] * (1 - resilience[b]))
            weights = [p[f"dials.weight_{r}"] for r in REGIONS]
            weights = [w / sum(weights) for w in weights]
            world = [0.0] * NB
            for r, region in enumerate(REGIONS):
                utility, captive = [], []
                for b in range(NB):
                    listed = self.q("dials.stack_price", b, 1.0) if t >= p["dials.open_weight_onset"] else 1.0
                    price = math.log(listed) + math.log1p(p["dials.scarcity_markup"] * scarce[b])
                    promotion = self.lever("us_stack_export_promotion", t, b)
                    utility.append(p["dials.capability_weight"] * frontier[b] - p["dials.price_weight"] * price
                                   + p.get(f"dials.trust_{region}_{BLOCS[b]}", 0.0)
                                   + p["dials.promotion_weight"] * promotion)  # fmt: skip
                    captive.append(p.get(f"dials.captive_{region}_{BLOCS[b]}", 0.0))
                captive = [c / max(sum(captive), 1.0) for c in captive]
                top = max(utility)
                z = [math.exp(u - top) for u in utility]
                for b in range(NB):
                    target = captive[b] + (1 - sum(captive)) * z[b] / sum(z)
                    share[r][b] = target if t == 0 else share[r][b] + p["dials.switching_rate"] * (target - share[r][b])
                    world[b] += weights[r] * share[r][b]
            for b in range(NB):
                if t == 0:
                    smoothed[b] = world[b]
                else:
                    smoothed[b] += (world[b] - smoothed[b]) * (1 - math.exp(-1 / p["investment.lag"]))
                if t <= anchor:
                    anchor_share[b] = smoothed[b]
            values = {"frontier": frontier, "usable": usable, "accessible": accessible, "stock": stock,
                      "training_compute": runs, "production": made, "adoption": adoption,
                      "resilience": resilience, "global_share": world}  # fmt: skip
            for key, value in values.items():
                o[key].append(list(value))
            o["licensed"].append([0.0, licensed] if CN else [licensed, 0.0])
            o["smuggled"].append([0.0, smuggled] if CN else [smuggled, 0.0])
            o["remote"].append([0.0, remote] if CN else [remote, 0.0])
            o["by_region"].append([list(row) for row in share])

    # --- whole-trajectory measures ----------------------------------------------------------
    def position(self, bloc: int, value: float, t: int, backcast: float) -> float:
        """The (fractional) month at which ``bloc``'s frontier first reached ``value``."""
        f = [row[bloc] for row in self.out["frontier"]]
        last = -1
        for month in range(t + 1):
            if f[month] <= value:
                last = month
        if last < 0:
            return (value - f[0]) / backcast
        if last == t:
            return float(t)
        return last + (value - f[last]) / (f[last + 1] - f[last])

    def measure(self, milestone_anchor: int, offsets) -> None:
        p, o = self.p, self.out
        backcast = math.log10(p["capability.training_compute_growth_pre_2023"] * p["algorithms.efficiency_growth"]) / 12
        o["lead_months"] = []
        for t in range(self.n):
            us, cn = o["frontier"][t][US], o["frontier"][t][CN]
            if cn <= us:
                o["lead_months"].append(t - self.position(US, cn, t, backcast))
            else:
                o["lead_months"].append(-(t - self.position(CN, us, t, backcast)))
        o["rival_lead_months"] = [[lead, -lead] if US == 0 else [-lead, lead] for lead in o["lead_months"]]
        o["compute_ratio"] = [a[US] / a[CN] for a in o["accessible"]]
        o["compute_ratio_owned"] = [s[US] / s[CN] for s in o["stock"]]
        o["adoption_users"] = [[1 - (1 - d) ** p["dials.users_exponent"] for d in row] for row in o["adoption"]]
        cap, share = p["dials.safety_cap"], p["dials.safety_share_of_lead"]
        margins = []
        for row in o["rival_lead_months"]:
            margin = []
            for b, lead in enumerate(row):
                floor = self.q("dials.safety_floor", b)
                room = max(cap - floor, 1e-300)
                k = share if lead >= 0 else share * p["dials.safety_trailing_relief"]
                margin.append(floor + room * (1 - math.exp(-k * abs(lead) / room)))
            margins.append(margin)
        o["safety_margin_months"] = margins
        level0 = o["frontier"][milestone_anchor][US] if milestone_anchor < self.n else math.nan
        o["milestones"] = [
            [
                next((float(t) for t in range(self.n) if o["frontier"][t][b] >= level0 + off), math.nan)
                for b in range(NB)
            ]
            for off in offsets
        ]
