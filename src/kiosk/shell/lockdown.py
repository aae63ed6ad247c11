"""Kiosk mode: no way out for a visitor, one for the operator, and a screen that stays awake.

The exit chord (the deck's `exit_chord`, Ctrl+Shift+Q by default) must be held for `exit_hold`
seconds, so a stray press on a keyboard in a cabinet does nothing. While the kiosk runs it asks the
desktop not to blank or sleep (kiosk.platform.screen_sleep: the freedesktop ScreenSaver over
D-Bus on Linux, SetThreadExecutionState on Windows) and lets go on exit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QCursor, QKeyEvent, QKeySequence, QWindow

from kiosk.platform import screen_sleep

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
        release = screen_sleep.hold()
        if release is not None:
            self._release.append(release)

    def release(self) -> None:
        while self._release:
            try:
                self._release.pop()()
            except Exception:  # releasing at exit must never stop the exit
                log.exception("releasing the sleep inhibitor failed")
