"""The signals a service manager sends (SIGTERM from `systemctl stop` and at shutdown, SIGINT
from a terminal; on Windows a console's Ctrl+C and Ctrl+Break) end the kiosk the same orderly way
as the exit chord. Which signals a system has is kiosk.platform.stop_signals' to say.

A Python signal handler only runs when the interpreter gets control, which Qt's event loop does
not give it while it sleeps; so the handler's wake-up byte goes through a socket that Qt watches.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

from kiosk.platform import early_stop
from kiosk.platform.stop_signals import stop_signals

STOP_SIGNALS = stop_signals()


class StopSignals(QObject):
    """Installed as soon as Qt is up; until `on_stop` is set (the session's operations run), a
    stop is remembered in `requested` and the start-up ends as soon as it can. A stop that came
    before (kiosk.platform.early_stop, from the entry point's first line) counts as one."""

    def __init__(self, on_stop: Callable[[str], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_stop = on_stop
        self.requested: str | None = early_stop.requested()
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {sig: signal.signal(sig, self._noted) for sig in STOP_SIGNALS}
        self._received: list[int] = []
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _noted(self, signum: int, _frame: object) -> None:
        self._received.append(signum)  # the wake-up fd has already woken the event loop
        if self.on_stop is None:  # still starting: Python runs this between two imports
            self.requested = signal.Signals(signum).name

    def _woken(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(64)
        if self._received:
            name = signal.Signals(self._received[-1]).name
            self._received.clear()
            if self.on_stop is not None:
                self.on_stop(name)

    def close(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._reader.close()
        self._writer.close()
