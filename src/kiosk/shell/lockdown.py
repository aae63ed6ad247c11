"""Kiosk mode: no way out for a visitor, one for the operator, and a screen that stays awake.

The exit chord (the deck's `exit_chord`, Ctrl+Shift+Q by default) must be held for `exit_hold`
seconds, so a stray press on a keyboard in a cabinet does nothing. While the kiosk runs it asks the
desktop not to blank or sleep (the freedesktop ScreenSaver over D-Bus on Linux,
SetThreadExecutionState on Windows) and lets go on exit.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Q_ARG, QMetaObject, QObject, Qt, QTimer
from PySide6.QtGui import QCursor, QKeyEvent, QKeySequence, QWindow

log = logging.getLogger(__name__)
CURSOR_SECONDS = 3.0
# A held key auto-repeats (X11's default: after 660 ms, 25 times a second), and Qt often reports
# each repeat as a real release followed at once by a press. A release only ends the hold when no
# press of the chord follows within this time.
RELEASE_GRACE_MS = 150


class ExitChord(QObject):
    """Fires `on_exit` when the chord's keys have been held down for `hold` seconds."""

    def __init__(self, chord: str, hold: float, on_exit: Callable[[], None],
                 parent: QObject | None = None, release_grace_ms: int = RELEASE_GRACE_MS) -> None:
        super().__init__(parent)
        sequence = QKeySequence(chord)
        if sequence.isEmpty():
            sequence = QKeySequence("Ctrl+Shift+Q")
        combo = sequence[0]  # type: ignore[index]  # PySide6 supports it; the stubs do not
        self.key = combo.key()
        self.modifiers = combo.keyboardModifiers()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(hold * 1000))
        self._timer.timeout.connect(on_exit)
        self._grace = QTimer(self)  # a release that no press follows: the hold really ended
        self._grace.setSingleShot(True)
        self._grace.setInterval(release_grace_ms)
        self._grace.timeout.connect(self._timer.stop)

    @property
    def armed(self) -> bool:
        return self._timer.isActive()

    def key_press(self, event: QKeyEvent) -> bool:
        wanted = self.modifiers & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() == self.key and (event.modifiers() & wanted) == wanted:
            self._grace.stop()  # a repeat's press: the key is still held
            if not self._timer.isActive():
                self._timer.start()
            return True
        return False

    def key_release(self, event: QKeyEvent) -> None:
        if event.isAutoRepeat() or not self._timer.isActive():
            return
        self._grace.start()  # ends the hold unless the chord's press comes straight back


class CursorHider(QObject):
    """The cursor stays hidden; a mouse move shows it for a few seconds (for an operator)."""

    def __init__(self, window: QWindow, seconds: float = CURSOR_SECONDS) -> None:
        super().__init__(window)
        self.window = window
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(seconds * 1000))
        self._timer.timeout.connect(self.hide)
        self.hide()

    def hide(self) -> None:
        self.window.setCursor(QCursor(Qt.CursorShape.BlankCursor))

    def moved(self) -> None:
        if self.window.cursor().shape() == Qt.CursorShape.BlankCursor:
            self.window.setCursor(QCursor(Qt.CursorShape.ArrowCursor))
        self._timer.start()


class SleepInhibitor:
    """Keeps the display awake while the kiosk runs; a no-op (logged) where nobody listens."""

    def __init__(self) -> None:
        self._release: list[Callable[[], None]] = []

    @property
    def active(self) -> bool:
        return bool(self._release)

    def acquire(self) -> None:
        if sys.platform == "win32":
            self._acquire_windows()
        elif sys.platform.startswith("linux"):
            self._acquire_dbus()

    def release(self) -> None:
        while self._release:
            try:
                self._release.pop()()
            except Exception:  # releasing at exit must never stop the exit
                log.exception("releasing the sleep inhibitor failed")

    def _acquire_windows(self) -> None:
        import ctypes

        es_continuous, es_system, es_display = 0x80000000, 0x00000001, 0x00000002
        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        kernel.SetThreadExecutionState(es_continuous | es_system | es_display)
        self._release.append(lambda: kernel.SetThreadExecutionState(es_continuous))
        log.info("asked Windows to keep the display on")

    def _acquire_dbus(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection, QDBusInterface
        except ImportError:
            log.info("QtDBus missing: cannot ask the desktop to keep the screen on")
            return
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            log.info("no D-Bus session bus: screen blanking is left to the system "
                     "(see the README: xset s off -dpms)")
            return
        screensaver = QDBusInterface("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
                                     "org.freedesktop.ScreenSaver", bus)
        if not screensaver.isValid():
            log.info("no freedesktop screen saver answered; screen blanking is left to the "
                     "system")
            return
        reply = screensaver.call("Inhibit", "kiosk", "lobby display")
        cookie = _cookie(reply)
        if cookie is None:
            # An error reply carries its text as an argument too: only a method return with a
            # number is a cookie, anything else is a refusal, said as one.
            log.warning("the screen saver refused to stay off (%s); screen blanking is left to "
                        "the system (see the README: xset s off -dpms)", _reason(reply))
            return
        self._release.append(lambda: _uninhibit(screensaver, cookie))
        log.info("screen saver inhibited (cookie %s)", cookie)


def _cookie(reply: Any) -> int | None:
    from PySide6.QtDBus import QDBusMessage

    if reply.type() != QDBusMessage.MessageType.ReplyMessage:
        return None
    args = reply.arguments()
    if not args or isinstance(args[0], bool) or not isinstance(args[0], int):
        return None
    return int(args[0])


def _reason(reply: Any) -> str:
    from PySide6.QtDBus import QDBusMessage

    if reply.type() == QDBusMessage.MessageType.ErrorMessage:
        return f"{reply.errorName()}: {reply.errorMessage()}"
    return f"an answer that is not a cookie: {reply.arguments()!r}"


def _uninhibit(screensaver: Any, cookie: int) -> None:
    # The cookie is a D-Bus uint32; a Python int given to call() goes out as int32, which real
    # screen savers reject ("no such method ... signature 'i'"). Calling through the interface's
    # introspected method converts it to the declared type.
    if screensaver.metaObject().indexOfMethod("UnInhibit(uint)") >= 0:
        QMetaObject.invokeMethod(screensaver, "UnInhibit", Qt.ConnectionType.DirectConnection,
                                 Q_ARG("uint", cookie))
    else:  # a service without introspection: the best we can send
        screensaver.call("UnInhibit", cookie)
