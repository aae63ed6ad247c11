"""A stand-in for the desktop's org.freedesktop.ScreenSaver on a private session bus.

Run as a script: it claims the service name, prints "ready", then one line per call received
(Inhibit APP REASON -> COOKIE, UnInhibit COOKIE), with the same method signatures as the real
service (Inhibit(ss) -> u, UnInhibit(u)), so a call with the wrong argument types is refused as
a real screen saver would refuse it. Started with `--refuse` it answers every Inhibit with a D-Bus
error reply (as a desktop whose policy forbids inhibiting does), printing "Refused APP REASON";
with `--hang` it takes every call and never answers (a service that hangs), printing "Took NAME".
Tests drive it through StandInScreenSaver.
"""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVirtualObject

COOKIE = 4242
REFUSAL = ("org.freedesktop.DBus.Error.AccessDenied", "inhibiting is not allowed here")


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QObject):
    @Slot(str, str, result="uint")
    def Inhibit(self, application: str, reason: str) -> int:  # noqa: N802 (the D-Bus name)
        print(f"Inhibit {application!r} {reason!r} -> {COOKIE}", flush=True)
        return COOKIE

    @Slot("uint")
    def UnInhibit(self, cookie: int) -> None:  # noqa: N802
        print(f"UnInhibit {cookie}", flush=True)


class RefusingScreenSaver(QDBusVirtualObject):
    """Answers every call with an error reply, the way a desktop policy refuses."""

    def handleMessage(self, message: QDBusMessage,  # noqa: N802 (Qt's name)
                      connection: QDBusConnection) -> bool:
        if message.member() == "Inhibit":
            print("Refused " + " ".join(repr(a) for a in message.arguments()), flush=True)
        connection.send(message.createErrorReply(*REFUSAL))
        return True

    def introspect(self, path: str) -> str:
        return ""


class HungScreenSaver(QDBusVirtualObject):
    """Takes every call (introspection too) and never answers."""

    def handleMessage(self, message: QDBusMessage,  # noqa: N802 (Qt's name)
                      connection: QDBusConnection) -> bool:
        print(f"Took {message.member()}", flush=True)
        return True

    def introspect(self, path: str) -> str:
        return ""


class StandInScreenSaver:
    """This script running on a session bus; calls() stops it and returns what it
    was asked, one line a call."""

    def __init__(self, bus: str, mode: str = "") -> None:
        """`mode`: "refuse", "hang" or "" (answers as a desktop's screen saver does)."""
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": bus}
        self.proc = subprocess.Popen([sys.executable, __file__, *([f"--{mode}"] if mode else [])],
                                     env=env,
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
    path = "/org/freedesktop/ScreenSaver"
    service: QObject
    if "--refuse" in sys.argv[1:] or "--hang" in sys.argv[1:]:
        service = RefusingScreenSaver() if "--refuse" in sys.argv[1:] else HungScreenSaver()
        exported = bus.registerVirtualObject(path, service)
    else:
        service = ScreenSaver()
        exported = bus.registerObject(path, service,
                                      QDBusConnection.RegisterOption.ExportAllSlots)
    if not (exported and bus.registerService("org.freedesktop.ScreenSaver")):
        print("could not claim the service", flush=True)
        return 1
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
