"""Time as input: autoplay and the idle reset are the navigator's deadlines, slept until.

One single-shot timer, re-armed after every change, replaces polling: while a paused slide is
on screen the kiosk wakes for nothing at all.
"""

from __future__ import annotations

import time
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer


class Clocked(Protocol):
    def tick(self) -> None: ...
    def next_deadline(self) -> float | None: ...


class DeadlineDriver(QObject):
    def __init__(self, target: Clocked, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.CoarseTimer)
        self._timer.timeout.connect(self._fire)
        self.bound = False

    def bind(self) -> None:
        self.bound = True
        self.rearm()

    def unbind(self) -> None:
        self.bound = False
        self._timer.stop()

    def rearm(self) -> None:
        if not self.bound:
            return
        deadline = self.target.next_deadline()
        if deadline is None:
            self._timer.stop()
            return
        delay = max(0.0, deadline - time.monotonic())
        self._timer.start(int(delay * 1000) + 1)

    def _fire(self) -> None:
        self.target.tick()
        self.rearm()
