"""How long ago this process started: start-up benchmarks report the first frame's time from it.

Linux reads the kernel's own start time (/proc), so the time before Python ran is counted too.
Elsewhere (Windows, macOS) the caller's fallback is used: the time since its module loaded.
"""

from __future__ import annotations

import os
import sys


def since_exec() -> float | None:
    """Seconds since this process was exec'd, or None where the system does not say."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return None
