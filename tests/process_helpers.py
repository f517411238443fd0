"""``leadsim`` in a process of its own, optionally with a full disk or without root's power over permissions.

As root, file permissions do not apply (capability ``CAP_DAC_OVERRIDE``), so a read-only folder
or an unreadable file would not fail. ``drop_root`` removes those capabilities from the child's
bounding set before it starts, so the kernel checks permissions for it as for any user.
``file_limit`` caps the size of any file the child writes (``RLIMIT_FSIZE``, with ``SIGXFSZ``
ignored), so a write beyond it fails as on a full disk.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys

PR_CAPBSET_DROP = 24
DAC_CAPABILITIES = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


def _limit(drop_root: bool, file_limit: int | None):
    def apply() -> None:
        if drop_root and os.geteuid() == 0:
            libc = ctypes.CDLL(None, use_errno=True)
            for cap in DAC_CAPABILITIES:
                if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                    os._exit(97)  # cannot drop: the caller skips
        if file_limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return apply


def leadsim(
    *args: str, drop_root: bool = False, file_limit: int | None = None, timeout: float = 120, **options
) -> subprocess.CompletedProcess:
    """``python -m leadsim ARGS`` in a new process (the suite's environment), its output as text."""
    done = subprocess.run(
        [sys.executable, "-m", "leadsim", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit(drop_root, file_limit),
        check=False,
        **options,
    )
    if done.returncode == 97 and drop_root:
        import pytest

        pytest.skip("cannot drop root's permission capabilities here (no CAP_SETPCAP)")
    return done


def error_lines(stderr: str) -> list[str]:
    """The lines of stderr that are not warnings (``warning: ...``, one line each, may come with any result)."""
    return [line for line in stderr.splitlines() if not line.startswith("warning: ")]


def one_error_line(done: subprocess.CompletedProcess) -> str:
    """The process failed with exit 2 and exactly one error line on stderr, no traceback; return that line."""
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr
    lines = error_lines(done.stderr)
    assert len(lines) == 1, done.stderr[-2000:]
    return lines[0]
