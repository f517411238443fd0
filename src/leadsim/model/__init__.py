"""The model: pure process functions compiled with numba, composed month by month in step.py.

Numba's on-disk cache only notices a change to the file that defines a compiled function, not
to the files it calls or the index tables it reads. So the cache lives in a folder named after
a hash of every source file of ``model/`` and ``engine/``: any change to the model or engine
compiles afresh, and nothing is written next to the package.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numba
import platformdirs

_PACKAGE = Path(__file__).resolve().parent.parent


def source_digest() -> str:
    """A short hash of the model's and the engine's Python sources (the compiled code's inputs)."""
    digest = hashlib.sha256()
    for path in sorted([*(_PACKAGE / "model").rglob("*.py"), *(_PACKAGE / "engine").rglob("*.py")]):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_folder() -> Path:
    base = os.environ.get("NUMBA_CACHE_DIR") or platformdirs.user_cache_path("leadsim") / "numba"
    return Path(base) / f"leadsim-{numba.__version__}-{source_digest()}"


numba.config.CACHE_DIR = str(_cache_folder())
