"""The validated registry, cached in the user cache folder so that a command starts fast.

Validating the registry (YAML, pydantic, distribution checks) takes a tenth of a second on
every command; reading it back from a pickle takes a millisecond. The cache file is named by
a hash of everything the registry is built from: every YAML file under the registry folder
(so a new file, e.g. correlations, counts too), the registry package's Python source (so a
schema change invalidates it), the folder's path, and the Python and pydantic versions. It
lives in ``platformdirs.user_cache_path("leadsim")`` (never the data folder) and is written
atomically; a corrupt or unreadable file is ignored and rewritten. ``LEADSIM_CACHE=off``
turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

import platformdirs
import pydantic

ENV = "LEADSIM_CACHE"  # "off", "0", "no" or "false": never read or write the cache
PREFIX = "registry-"
KEEP = 8  # cache files kept (several checkouts or versions may share the folder); older ones are removed


def enabled() -> bool:
    return os.environ.get(ENV, "").strip().lower() not in {"off", "0", "no", "false"}


def folder() -> Path:
    return platformdirs.user_cache_path("leadsim")


def key(directory: Path) -> str:
    """A hash of the registry's YAML files, the registry package's source, and the versions that read them."""
    hasher = hashlib.sha256(
        f"{directory.resolve()}|{sys.version}|{pydantic.VERSION}|{pickle.HIGHEST_PROTOCOL}".encode()
    )
    files = sorted(directory.rglob("*.yaml")) + sorted(Path(__file__).parent.glob("*.py"))
    for path in files:
        hasher.update(f"\0{path.name}\0{path.stat().st_size}\0".encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:32]


def cached(name: str, build: Callable[[], object]) -> object:
    """The object cached under ``name``, else ``build()`` (stored for next time)."""
    if not enabled():
        return build()
    path = folder() / f"{PREFIX}{name}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # absent, unreadable or corrupt (any unpickling error): rebuild and rewrite
        pass
    value = build()
    store(path, value)
    return value


def store(path: Path, value: object) -> None:
    """Write atomically (temporary file, then rename), keep the KEEP newest caches; never fail a command."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
        caches = sorted(path.parent.glob(f"{PREFIX}*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in caches[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        tmp.unlink(missing_ok=True)
