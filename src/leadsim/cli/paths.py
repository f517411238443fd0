"""Where the command line may write a file: never over the run store, never over a file without --force.

Checks run before any work (a report path is checked before the simulation it reports). A
regular file is written through a temporary file beside it and renamed into place, so a
failure (a full disk, a read-only folder) leaves the old file as it was and no partial file;
a device such as ``/dev/full`` is written directly. Every failure is one ``LeadsimError`` line.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from leadsim.errors import LeadsimError, clip


def same_file(path: Path, other: Path) -> bool:
    """The same file, through symlinks, ``..`` or hard links."""
    if path.resolve() == other.resolve():
        return True
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def check_output(path: Path, *, force: bool, store: Path | None, option: str = "--output") -> Path:
    """``path`` if a command may write it: not the store (or its log), not a folder, new unless ``force``."""
    path = Path(path).expanduser()
    if store is not None and any(same_file(path, p) for p in (store, store.with_name(store.name + ".wal"))):
        raise LeadsimError(f"option {option}: {path} is the run store; allowed: any other file (writing it would "
                           "destroy every saved run)")  # fmt: skip
    if path.is_dir():
        raise LeadsimError(f"option {option}: {path} is a folder; allowed: a file path, e.g. {path / 'out'}")
    if (path.exists() or path.is_symlink()) and not force:
        raise LeadsimError(f"option {option}: {path} exists; allowed: a new file, or --force to overwrite it")
    return path


def failure(path: Path, exc: OSError) -> LeadsimError:
    reason = clip(" ".join(str(exc.strerror or exc).split()), 200)
    return LeadsimError(f"{path}: cannot write: {reason}; nothing was written there")


def write_output(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(target)`` so that ``path`` ends up complete or untouched; return ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and not stat.S_ISREG(path.stat().st_mode):
            write(path)  # a device or pipe: nothing to rename
            return path
    except OSError as exc:
        raise failure(path, exc) from None
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp{path.suffix}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise failure(path, exc) from None
    finally:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
    return path
