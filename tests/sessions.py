"""Start a real kiosk session (window, controllers, navigator) on the current Qt platform."""

from __future__ import annotations

import gc
from typing import Any

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from kiosk.deck.loader import LoadedDeck
from kiosk.navigator import Navigator
from kiosk.shell.session import Session, Timings


def start_session(qtbot: QtBot, loaded: LoadedDeck, *, kiosk_mode: bool = True,
                  timings: Timings | None = None, **navigator_options: Any) -> Session:
    # What earlier tests' sessions left is collected now, between sessions, not by a collection
    # that an allocation happens to start inside the next window's construction (which crashed).
    gc.collect()
    session = Session(loaded, Navigator(loaded.deck, **navigator_options),
                      kiosk_mode=kiosk_mode, timings=timings or Timings())
    session.show_on(QGuiApplication.primaryScreen())
    qtbot.waitExposed(session.window)
    return session
