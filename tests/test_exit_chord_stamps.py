"""The exit chord's hold is timed from the key events' own timestamps (the window system's
millisecond clock, which runs with the monotonic clock), not from when a busy kiosk handles
them: a press handled late still counts from the moment of the press, and a release handled
late still ends the hold when it happened."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from pytestqt.qtbot import QtBot

from kiosk.deck import load_deck
from kiosk.shell.session import Timings
from tests.conftest import DECK
from tests.sessions import start_session

HOLD = 1.0
MODS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def key(kind: QEvent.Type, seconds_ago: float) -> QKeyEvent:
    event = QKeyEvent(kind, Qt.Key.Key_Q, MODS)
    event.setTimestamp(int((time.monotonic() - seconds_ago) * 1000) % (1 << 32))
    return event


def test_a_press_handled_late_counts_from_when_it_happened(qtbot: QtBot) -> None:
    # A long hold, pressed all but one second of it ago: the rest (1 s) and a whole hold (10 s)
    # lie far apart, whatever a busy machine adds to the wait.
    hold = 10.0
    session = start_session(qtbot, load_deck(DECK), timings=Timings(exit_hold=hold))
    delivered = time.monotonic()
    QGuiApplication.sendEvent(session.window, key(QEvent.Type.KeyPress, hold - 1.0))
    qtbot.waitUntil(lambda: session.ended, timeout=30_000)
    assert time.monotonic() - delivered < hold / 2  # the rest of the hold, not a whole one


def test_a_release_handled_late_still_ends_the_hold(qtbot: QtBot) -> None:
    session = start_session(qtbot, load_deck(DECK), timings=Timings(exit_hold=HOLD))
    # Held from 0.9 s ago to 0.5 s ago: 0.4 s, not the hold; both handled only now.
    QGuiApplication.sendEvent(session.window, key(QEvent.Type.KeyPress, 0.9))
    QGuiApplication.sendEvent(session.window, key(QEvent.Type.KeyRelease, 0.5))
    qtbot.waitUntil(lambda: not session.chord.armed, timeout=20_000)
    qtbot.wait(int(HOLD * 1000))  # past when the hold would have ended: nothing happened
    assert not session.ended and session.window.isVisible()
    session.quit()
