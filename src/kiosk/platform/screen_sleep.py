"""Keep the display awake while the kiosk shows, and let go on exit.

Windows: SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED) on the
GUI thread, undone with ES_CONTINUOUS alone. Linux: the freedesktop ScreenSaver's Inhibit over
the session bus (Qt's D-Bus module, imported only here and only on Linux; the Windows build does
not ship it). Each `hold_*` returns the call that releases it, or None when nobody listens.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002


def hold() -> Callable[[], None] | None:
    if sys.platform == "win32":
        return hold_windows()
    if sys.platform.startswith("linux"):
        return hold_dbus()
    return None


def hold_windows() -> Callable[[], None] | None:
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    if not kernel.SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED):
        log.info("Windows refused to keep the display on (SetThreadExecutionState failed)")
        return None
    log.info("asked Windows to keep the display on")
    return lambda: kernel.SetThreadExecutionState(ES_CONTINUOUS)


def hold_dbus() -> Callable[[], None] | None:
    try:
        from PySide6.QtDBus import QDBusConnection, QDBusInterface
    except ImportError:
        log.info("QtDBus missing: cannot ask the desktop to keep the screen on")
        return None
    bus = QDBusConnection.sessionBus()
    if not bus.isConnected():
        log.info("no D-Bus session bus: screen blanking is left to the system "
                 "(see the README: xset s off -dpms)")
        return None
    screensaver = QDBusInterface("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
                                 "org.freedesktop.ScreenSaver", bus)
    if screensaver.isValid():
        reply = screensaver.call("Inhibit", "kiosk", "lobby display")
        args = reply.arguments()
        if args:
            cookie = args[0]
            log.info("screen saver inhibited (cookie %s)", cookie)
            return lambda: _uninhibit(screensaver, cookie)
    log.info("no freedesktop screen saver answered; screen blanking is left to the system")
    return None


def _uninhibit(screensaver: Any, cookie: int) -> None:
    from PySide6.QtCore import Q_ARG, QMetaObject, Qt

    # The cookie is a D-Bus uint32; a Python int given to call() goes out as int32, which real
    # screen savers reject ("no such method ... signature 'i'"). Calling through the interface's
    # introspected method converts it to the declared type.
    if screensaver.metaObject().indexOfMethod("UnInhibit(uint)") >= 0:
        QMetaObject.invokeMethod(screensaver, "UnInhibit", Qt.ConnectionType.DirectConnection,
                                 Q_ARG("uint", cookie))
    else:  # a service without introspection: the best we can send
        screensaver.call("UnInhibit", cookie)
