"""Touch and mouse share one gesture path: a press, moves, a release (or a wheel turn).

A short press that hardly moves is a tap: the right part of the screen goes forward, the left part
back, the middle just shows the controls. A horizontal drag follows the finger and, past
SWIPE_THRESHOLD of the width (or a quick flick), turns the page; otherwise it springs back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk.controllers.commands import Commands
from kiosk.controllers.controls import OnScreenControls

SWIPE_THRESHOLD = 0.18  # share of the width a drag must cover to turn the page
FLICK_SPEED = 0.9  # widths per second: a quick flick turns the page even when short
TAP_SLOP = 0.02  # share of the width a tap may wander
TAP_ZONE = 0.33  # the outer thirds of the screen are previous / next
WHEEL_STEP = 120  # one notch of a mouse wheel, in Qt's eighths of a degree


class DragView(Protocol):
    """What the gesture tells the screen while a finger is down, and when it lifts."""

    def drag_to(self, offset: float) -> None: ...
    def drag_released(self, offset: float, committed: int) -> None: ...


@dataclass
class _Press:
    x: float
    y: float
    t: float
    dragging: bool = False


class GestureController:
    def __init__(self, commands: Commands, view: DragView) -> None:
        self.commands = commands
        self.view = view
        self._press: _Press | None = None
        self._wheel = 0

    def press(self, x: float, y: float, t: float) -> None:
        self._press = _Press(x, y, t)
        self.commands.touch()

    def move(self, x: float, y: float, width: float) -> None:
        press = self._press
        if press is None or width <= 0:
            return
        dx = x - press.x
        if not press.dragging and abs(dx) > TAP_SLOP * width and abs(dx) > abs(y - press.y):
            press.dragging = True
        if press.dragging:
            self.view.drag_to(dx / width)

    def release(self, x: float, y: float, t: float, width: float) -> None:
        press, self._press = self._press, None
        if press is None or width <= 0:
            return
        dx = (x - press.x) / width
        if press.dragging:
            speed = abs(dx) / max(t - press.t, 1e-3)
            committed = 0
            if abs(dx) >= SWIPE_THRESHOLD or (speed >= FLICK_SPEED and abs(dx) > TAP_SLOP):
                committed = -1 if dx < 0 else 1  # finger to the left: forward
            self.view.drag_released(dx, committed)
            if committed < 0:
                self.commands.next()
            elif committed > 0:
                self.commands.prev()
            return
        if x >= width * (1 - TAP_ZONE):
            self.commands.next()
        elif x <= width * TAP_ZONE:
            self.commands.prev()

    def cancel(self) -> None:
        if self._press is not None and self._press.dragging:
            self.view.drag_released(0.0, 0)
        self._press = None

    def wheel(self, delta: int) -> None:
        self._wheel += delta
        while abs(self._wheel) >= WHEEL_STEP:
            if self._wheel > 0:
                self._wheel -= WHEEL_STEP
                self.commands.prev()
            else:
                self._wheel += WHEEL_STEP
                self.commands.next()


class PointerInput:
    """A finger or the mouse, as the window reports it: a press on a visible control belongs to
    that control (it acts on release, if the finger is still on it); anywhere else it is a
    gesture. Every press or wheel turn also shows the controls."""

    def __init__(self, commands: Commands, controls: OnScreenControls,
                 gestures: GestureController, on_shown: Callable[[], None],
                 on_interaction: Callable[[str], None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.commands = commands
        self.controls = controls
        self.gestures = gestures
        self.on_shown = on_shown
        self.on_interaction = on_interaction
        self.clock = clock
        self._pressed_target: str | None = None

    def _show_controls(self) -> None:
        self.controls.show(self.clock())
        self.on_shown()

    def press(self, x: float, y: float, width: float, height: float) -> None:
        self.on_interaction("touch")
        now = self.clock()
        target = self.controls.hit(x, y, width, height, now)
        self._pressed_target = target.name if target else None
        self._show_controls()
        if target is None:
            self.gestures.press(x, y, now)
        else:
            self.commands.touch()

    def move(self, x: float, y: float, width: float) -> None:
        if self._pressed_target is None:
            self.gestures.move(x, y, width)

    def release(self, x: float, y: float, width: float, height: float) -> None:
        now = self.clock()
        if self._pressed_target is not None:
            target = self.controls.hit(x, y, width, height, now)
            if target is not None and target.name == self._pressed_target:
                target.action()
            self._pressed_target = None
            self._show_controls()
            return
        self.gestures.release(x, y, now, width)

    def cancel(self) -> None:
        self.gestures.cancel()
        self._pressed_target = None

    def wheel(self, delta: int) -> None:
        self.on_interaction("wheel")
        self._show_controls()
        self.gestures.wheel(delta)
