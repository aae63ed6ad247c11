"""The signals that mean "stop in order", as this system names them.

Linux: SIGTERM (`systemctl stop`, shutdown), SIGINT (a terminal's Ctrl+C), SIGHUP (the terminal or
session went away). Windows' Python has no SIGHUP: SIGINT and SIGBREAK come from a console's
Ctrl+C and Ctrl+Break (and the console closing), SIGTERM only from the process itself.
"""

from __future__ import annotations

import signal

WANTED = ("SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK")


def stop_signals() -> tuple[signal.Signals, ...]:
    """Those of the wanted signals this Python has, in that order."""
    return tuple(getattr(signal, name) for name in WANTED if hasattr(signal, name))
