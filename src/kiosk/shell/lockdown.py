"""Kiosk mode: no way out for a visitor, one for the operator, and a screen that stays awake.

The exit chord (the deck's `exit_chord`, Ctrl+Shift+Q by default) must be held for `exit_hold`
seconds, so a stray press on a keyboard in a cabinet does nothing. While the kiosk runs it asks the
desktop not to blank or sleep (the freedesktop ScreenSaver over D-Bus on Linux,
SetThreadExecutionState on Windows) and lets go on exit.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Q_ARG, QMetaObject, QObject, Qt, QTimer
from PySide6.QtGui import QCursor, QKeyEvent, QKeySequence, QWindow

from kiosk.platform import screen_sleep

log = logging.getLogger(__name__)
CURSOR_SECONDS = 3.0
# A held key auto-repeats (X11's default: after 660 ms, 25 times a second), and Qt often reports
# each repeat as a real release followed at once by a press. A release only ends the hold when no
# press of the chord follows within this time.
RELEASE_GRACE_MS = 150
SCREENSAVER = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATH = "/org/freedesktop/ScreenSaver"
DBUS_TIMEOUT_MS = 5000  # an answer later than this is no answer
RELEASE_TIMEOUT_MS = 1000


# A key event's timestamp is the window system's clock in milliseconds (X server time, the
# Wayland compositor's, Windows' tick count): on one machine these run with the monotonic clock,
# modulo 2**32. An event whose stamp does not read as having happened in the last minute comes
# from some other clock (a remote X server, a synthesized event with no time) and counts as now.
STAMP_WRAP = 1 << 32
PLAUSIBLE_AGE_MS = 60_000


def now_ms() -> int:
    return int(time.monotonic() * 1000) % STAMP_WRAP


def event_stamp(event: QKeyEvent) -> int:
    """When the key went down or up, in now_ms()'s clock."""
    now = now_ms()
    stamp = int(event.timestamp()) % STAMP_WRAP
    if stamp == 0:
        return now
    return stamp if (now - stamp) % STAMP_WRAP <= PLAUSIBLE_AGE_MS else now


def between(earlier: int, later: int) -> int:
    """Milliseconds from one stamp to another (negative when `later` is the earlier one)."""
    d = (later - earlier) % STAMP_WRAP
    return d if d < STAMP_WRAP // 2 else d - STAMP_WRAP


def since(stamp: int) -> int:
    return between(stamp, now_ms())


class ExitChord(QObject):
    """Fires `on_exit` when the chord's keys have been held down for `hold` seconds, timed from
    the key events' own timestamps: a press that a busy start-up handles late still counts from
    when the hand pressed it, and a release handled late still ends the hold when it happened."""

    def __init__(self, chord: str, hold: float, on_exit: Callable[[], None],
                 parent: QObject | None = None, release_grace_ms: int = RELEASE_GRACE_MS) -> None:
        super().__init__(parent)
        sequence = QKeySequence(chord)
        if sequence.isEmpty():
            sequence = QKeySequence("Ctrl+Shift+Q")
        combo = sequence[0]  # type: ignore[index]  # PySide6 supports it; the stubs do not
        self.key = combo.key()
        self.modifiers = combo.keyboardModifiers()
        self.hold_ms = int(hold * 1000)
        self.grace_ms = release_grace_ms
        self.on_exit = on_exit
        self._down: int | None = None  # stamp of the press that began the hold
        self._up: int | None = None  # stamp of a release no press has followed yet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._held)
        self._grace = QTimer(self)  # a release that no press follows: the hold really ended
        self._grace.setSingleShot(True)
        self._grace.timeout.connect(self._let_go)

    @property
    def armed(self) -> bool:
        return self._down is not None

    def key_press(self, event: QKeyEvent) -> bool:
        wanted = self.modifiers & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() != self.key or (event.modifiers() & wanted) != wanted:
            return False
        stamp = event_stamp(event)
        if self._up is not None:  # a repeat's press: the key is still held
            self._grace.stop()
            self._up = None
        if self._down is None:
            self._down = stamp
        if between(self._down, stamp) >= self.hold_ms:
            self._held()
        else:
            self._timer.start(max(0, self.hold_ms - since(self._down)))
        return True

    def key_release(self, event: QKeyEvent) -> None:
        if event.isAutoRepeat() or self._down is None:
            return
        self._up = event_stamp(event)
        # Ends the hold unless the chord's press comes straight back (within the grace after
        # the release itself, however late it is handled).
        self._grace.start(max(0, self.grace_ms - since(self._up)))

    def _let_go(self) -> None:
        self._timer.stop()
        self._down = self._up = None

    def _held(self) -> None:
        down, up = self._down, self._up
        if down is None:
            return
        if up is not None and between(down, up) < self.hold_ms:
            self._let_go()  # let go before the hold was up; handled only now
            return
        if up is None and since(down) < self.hold_ms:  # not yet (a stamp from the future)
            self._timer.start(self.hold_ms - since(down))
            return
        self._let_go()
        self.on_exit()


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
        self._asking: Any = None  # the D-Bus request still waiting for its answer
        # Why nobody keeps the screen on is said once: every wake from the opening hours' sleep
        # asks again.
        self._said: set[str] = set()

    def _once(self, line: str) -> None:
        if line not in self._said:
            self._said.add(line)
            log.info("%s", line)

    @property
    def active(self) -> bool:
        """Held, or asked for and not yet answered (so a second request is never sent)."""
        return bool(self._release) or self._asking is not None

    def acquire(self) -> None:
        if sys.platform == "win32":
            release = screen_sleep.hold_windows()
            if release is not None:
                self._release.append(release)
        elif sys.platform.startswith("linux"):
            self._acquire_dbus()

    def release(self) -> None:
        if self._asking is not None:
            # Its answer may still come: `_answered` then gives the cookie straight back.
            log.info("the screen saver never answered the request to stay off before it was let go")
            self._asking = None
        while self._release:
            try:
                self._release.pop()()
            except Exception:  # releasing at exit must never stop the exit
                log.exception("releasing the sleep inhibitor failed")

    def _acquire_dbus(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher
        except ImportError:
            self._once("QtDBus missing: cannot ask the desktop to keep the screen on")
            return
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            self._once("no D-Bus session bus: screen blanking is left to the system "
                       "(see the README: xset s off -dpms)")
            return
        # The bus itself answers this (not the screen saver, which may hang).
        registered = bus.interface().isServiceRegistered(SCREENSAVER)
        if not (registered.isValid() and registered.value()):
            self._once("no freedesktop screen saver answered; screen blanking is left to the "
                       "system")
            return
        # Asked without waiting: a screen saver that hangs must not hold up the screen.
        message = QDBusMessage.createMethodCall(SCREENSAVER, SCREENSAVER_PATH, SCREENSAVER,
                                                "Inhibit")
        message.setArguments(["kiosk", "lobby display"])
        self._asking = QDBusPendingCallWatcher(bus.asyncCall(message, DBUS_TIMEOUT_MS))
        self._asking.finished.connect(self._answered)

    def _answered(self, watcher: Any) -> None:
        wanted = watcher is self._asking  # released (asleep, quitting) while it was asked
        self._asking = None
        watcher.deleteLater()
        reply = watcher.reply()
        cookie = _cookie(reply)
        if cookie is None:
            # An error reply carries its text as an argument too: only a method return with a
            # number is a cookie, anything else is a refusal, said as one.
            log.warning("the screen saver refused to stay off (%s); screen blanking is left to "
                        "the system (see the README: xset s off -dpms)", _reason(reply))
            return
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        # It has just answered: asking it for its method list (which types the cookie right
        # for the release) is quick now.
        screensaver = QDBusInterface(SCREENSAVER, SCREENSAVER_PATH, SCREENSAVER,
                                     QDBusConnection.sessionBus())
        screensaver.setTimeout(RELEASE_TIMEOUT_MS)  # the release runs at quit
        if not wanted:
            _uninhibit(screensaver, cookie)
            log.info("screen saver answered after the kiosk let go; released again")
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
