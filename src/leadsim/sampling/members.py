"""The calibrated members: read the shipped constrained ensemble and draw a run's samples from it.

The members file (``leadsim/members/members.npz``, written by ``leadsim calibrate --write``)
holds one row per accepted parameter set and one column per registry id, plus a JSON stamp
(seed, hashes of the prior, observations and code). A run takes the first N members of a
seeded permutation, so any chunking gives the same samples and every scenario of a run gets
the same members (paired sample by sample). A scenario's override replaces a column (a fixed
value) or maps each member's prior quantile through the override's quantile function (a
distribution), so the pairing, and the members' correlations, survive the override.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from leadsim.errors import LeadsimError, problem
from leadsim.registry import Registry
from leadsim.sampling.sobol import Draws, uniform_points
from leadsim.scenarios import Scenario

REGENERATE = "members regenerated with `leadsim calibrate --write` (or --prior for the uncalibrated prior)"


def default_path() -> Path:
    """The members file shipped in the package."""
    return Path(__file__).resolve().parents[1] / "members" / "members.npz"


@dataclass(frozen=True)
class Members:
    """Accepted parameter sets ``(member, parameter)`` by registry id, and the stamp they were made under."""

    names: tuple[str, ...]
    values: np.ndarray
    stamp: dict
    path: Path

    @property
    def count(self) -> int:
        return int(self.values.shape[0])

    def check(self, registry: Registry) -> None:
        """Fail with one line when the registry's prior is not the one the members were drawn from."""
        if self.stamp.get("registry") != registry.prior_digest or list(self.names) != registry.names:
            raise LeadsimError(
                problem(f"{self.path}", "stamp.registry", self.stamp.get("registry"),
                        f"the current registry's prior {registry.prior_digest}: {REGENERATE}")
            )  # fmt: skip

    def order(self, seed: int) -> np.ndarray:
        """The seed's permutation of the members: a run of N samples uses its first N."""
        return permutation(self.count, seed)


@lru_cache(maxsize=8)
def permutation(count: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).permutation(count)


@lru_cache(maxsize=4)
def read(path: str, modified: int) -> Members:
    """The members file at ``path`` (cached while the file is unchanged)."""
    with np.load(path, allow_pickle=False) as data:
        return Members(tuple(str(n) for n in data["names"]), data["values"], json.loads(str(data["stamp"])), Path(path))


def load_members(path: Path | None = None) -> Members:
    """Read the members file (default: the shipped one); one clear error line if it is missing or unreadable."""
    path = Path(path) if path else default_path()
    try:
        return read(str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        raise LeadsimError(problem(str(path), "file", "missing", REGENERATE)) from None
    except (OSError, ValueError, KeyError) as exc:
        raise LeadsimError(problem(str(path), "file", type(exc).__name__, REGENERATE)) from None


def prior_quantile(registry: Registry, name: str, values: np.ndarray) -> np.ndarray:
    """Each value's quantile under the registry prior, truncated to its bounds (the inverse of sampling)."""
    param = registry[name]
    dist, (low, high) = param.distribution, param.bounds
    lo_u, hi_u = dist.cdf(low), dist.cdf(high)
    edge = np.finfo(float).eps
    return np.clip((dist.cdf(values) - lo_u) / (hi_u - lo_u), edge, 1.0 - edge)


def member_draws(
    members: Members, registry: Registry, scenario: Scenario, *, seed: int, start: int, count: int
) -> Draws:
    """Parameter values of samples ``start .. start+count``: members in the seed's order, with overrides."""
    members.check(registry)
    if start + count > members.count:
        raise LeadsimError(problem("option --samples", "value", start + count, f"at most {members.count} (members)"))
    rows = members.order(seed)[start : start + count]
    draws: Draws = {}
    points = None
    for column, name in enumerate(registry.names):
        values = members.values[rows, column]
        override = scenario.overrides.get(name)
        if override is not None:
            param = registry[name]
            if param.distribution.kind == "fixed":  # no prior quantile: the run's own Sobol point
                points = uniform_points(len(registry.names), start, count, seed) if points is None else points
                quantile = points[:, column]
            else:
                quantile = prior_quantile(registry, name, values)
            values = override.sample(quantile, param.bounds)
        draws[name] = values
    return draws
