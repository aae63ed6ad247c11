"""The signals that mean "stop in order", as this system names them.

Linux: SIGTERM (`systemctl stop`, shutdown), SIGINT (a terminal's Ctrl+C), SIGHUP (the terminal or
session went away). Windows' Python has no SIGHUP: SIGINT and SIGBREAK come from a console's
Ctrl+C and Ctrl+Break (and the console closing), SIGTERM only from the process itself.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs ~8 ms before the handler is in
if TYPE_CHECKING:
    import signal

# Names only at module level: kiosk.platform.early_stop reads them before `signal` (and the
# enum module it pulls in) is imported.
WANTED = ("SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK")


def stop_signals() -> tuple[signal.Signals, ...]:
    """Those of the wanted signals this Python has, in that order."""
    import signal

    return tuple(getattr(signal, name) for name in WANTED if hasattr(signal, name))
