"""A stand-in for the desktop's org.freedesktop.ScreenSaver on a private session bus.

Run as a script: it claims the service name, prints "ready", then one line per call received
(Inhibit APP REASON -> COOKIE, UnInhibit COOKIE), with the same method signatures as the real
service (Inhibit(ss) -> u, UnInhibit(u)), so a call with the wrong argument types is refused as
a real screen saver would refuse it.
"""

from __future__ import annotations

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
