"""Process age, for first-frame reports (start-up benchmarks read it from stderr)."""

from __future__ import annotations

import os
import time

_IMPORTED = time.monotonic()


def since_process_start() -> float:
    """Seconds since this process was exec'd (Linux /proc); else since this module loaded."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED
