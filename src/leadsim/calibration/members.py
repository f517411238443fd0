"""Write the constrained ensemble (the calibrated members) and check that it still matches its inputs.

The members file is an ``.npz`` archive written byte for byte the same from the same inputs
(fixed zip timestamps): ``names`` (registry ids), ``values`` (member, parameter) and ``stamp``, a
JSON text with the seed, the waves, and the hashes the members depend on: the registry's prior
(every distribution, bound and correlation), the observations file, the scenario whose history
was matched, and the source of the model and the engine. A run refuses members whose prior or
observations differ from the current ones (one error line naming ``leadsim calibrate
--write``); a test fails when the code hash is stale.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import numpy as np

from leadsim.calibration.observations import Observations
from leadsim.calibration.waves import Matched, Plan
from leadsim.errors import LeadsimError, problem
from leadsim.registry import Registry
from leadsim.sampling.members import REGENERATE, Members
from leadsim.scenarios import Scenario

FORMAT = 1
PACKAGE = Path(__file__).resolve().parents[1]
CODE = ("model", "engine")  # the source whose changes make the members stale


def code_digest(root: Path = PACKAGE) -> str:
    """Hash of every Python source file under ``model/`` and ``engine/`` (path and bytes)."""
    hasher = hashlib.sha256()
    for folder in CODE:
        for path in sorted((root / folder).rglob("*.py")):
            hasher.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()[:16]


def stamp(registry: Registry, observations: Observations, scenario: Scenario, plan: Plan, matched: Matched) -> dict:
    """What the members were made from, and how."""
    return {
        "format": FORMAT,
        "members": len(matched.posterior[1]),
        "seed": plan.seed,
        "registry": registry.prior_digest,
        "observations": observations.digest,
        "code": code_digest(),
        "scenario": {"name": scenario.name, "digest": scenario.digest},
        "cutoff": observations.settings.cutoff,
        "streamed": sum(w.samples for w in matched.waves),
        "waves": [w.to_json() for w in matched.waves],
    }


def provenance(members: Members) -> dict:
    """What a run records about the members it drew from (a compact copy of the stamp, and its digest)."""
    text = json.dumps(members.stamp, sort_keys=True, separators=(",", ":"))
    keys = ("members", "seed", "registry", "observations", "code", "scenario")
    return {k: members.stamp.get(k) for k in keys} | {"stamp": hashlib.sha256(text.encode()).hexdigest()[:16]}


def array_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def write_members(path: Path, registry: Registry, matched: Matched, document: dict) -> Path:
    """Write the last wave's accepted points as the members file (same inputs, same bytes); return the path."""
    draws, _ = matched.posterior
    arrays = {
        "names": np.array(registry.names),
        "values": np.stack([draws[n] for n in registry.names], axis=1),
        "stamp": np.array(json.dumps(document, sort_keys=True)),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, array_bytes(array))
    return path


def verify(members: Members, registry: Registry, observations: Observations) -> None:
    """Fail with one line when the members no longer match the registry's prior or the observations."""
    members.check(registry)
    if members.stamp.get("observations") != observations.digest:
        raise LeadsimError(
            problem(str(members.path), "stamp.observations", members.stamp.get("observations"),
                    f"the digest of {observations.path} ({observations.digest}): {REGENERATE}")
        )  # fmt: skip
