"""A stand-in for the desktop's org.freedesktop.ScreenSaver on a private session bus.

Run as a script: it claims the service name, prints "ready", then one line per call received
(Inhibit APP REASON -> COOKIE, UnInhibit COOKIE), with the same method signatures as the real
service (Inhibit(ss) -> u, UnInhibit(u)), so a call with the wrong argument types is refused as
a real screen saver would refuse it. Tests drive it through StandInScreenSaver.
"""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection

COOKIE = 4242


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QObject):
    @Slot(str, str, result="uint")
    def Inhibit(self, application: str, reason: str) -> int:  # noqa: N802 (the D-Bus name)
        print(f"Inhibit {application!r} {reason!r} -> {COOKIE}", flush=True)
        return COOKIE

    @Slot("uint")
    def UnInhibit(self, cookie: int) -> None:  # noqa: N802
        print(f"UnInhibit {cookie}", flush=True)


class StandInScreenSaver:
    """This script running on a session bus; calls() stops it and returns what it
    was asked, one line a call."""

    def __init__(self, bus: str) -> None:
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": bus}
        self.proc = subprocess.Popen([sys.executable, __file__], env=env,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "ready"

    def calls(self) -> list[str]:
        self.proc.terminate()
        out, _ = self.proc.communicate(timeout=10)
        return out.splitlines()


def main() -> int:
    app = QCoreApplication(sys.argv)
    bus = QDBusConnection.sessionBus()
    service = ScreenSaver()
    exported = bus.registerObject("/org/freedesktop/ScreenSaver", service,
                                  QDBusConnection.RegisterOption.ExportAllSlots)
    if not (exported and bus.registerService("org.freedesktop.ScreenSaver")):
        print("could not claim the service", flush=True)
        return 1
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
