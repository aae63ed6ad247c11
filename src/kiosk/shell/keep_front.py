"""Kiosk mode: the deck stays in front and keeps the keyboard.

Window managers do not all honour "stay on top" for a full-screen window: under xfwm4 a new
popup (a network notice, an updater) is stacked over the deck, and under openbox a popup that
stays hidden behind the deck still takes the keyboard focus, so keys and the exit chord stop
reaching the kiosk. Whenever the kiosk's window loses activation, it raises itself and asks for
the focus back. A bounded rate keeps two such programs from fighting without end.
"""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QWindow

SETTLE_MS = 100  # let the window manager finish placing the newcomer first
MAX_RETURNS = 10  # at most this many returns to the front ...
PER_SECONDS = 10.0  # ... in this many seconds


class KeepInFront(QObject):
    def __init__(self, window: QWindow) -> None:
        super().__init__(window)  # lives as long as the window
        self._window = window
        self._returns: deque[float] = deque(maxlen=MAX_RETURNS)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._to_front)
        window.activeChanged.connect(self._active_changed)

    def _active_changed(self) -> None:
        if not self._window.isActive() and self._window.isVisible():
            self._timer.start()

    def _to_front(self) -> None:
        if self._window.isActive() or not self._window.isVisible():
            return
        now = time.monotonic()
        if len(self._returns) == MAX_RETURNS and now - self._returns[0] < PER_SECONDS:
            return  # something else insists on the front: do not fight it for ever
        self._returns.append(now)
        self._window.raise_()
        self._window.requestActivate()
