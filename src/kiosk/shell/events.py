"""Input as the window receives it, handed on untouched in meaning: positions and keys go to
the session's handlers (`WindowInput`), which give them to the controllers. Installed as an
event filter, so the window class itself never sees an input event.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent, QWheelEvent, QWindow

T = QEvent.Type
TOUCH = {T.TouchBegin, T.TouchUpdate, T.TouchEnd, T.TouchCancel}
MOUSE = {T.MouseButtonPress, T.MouseMove, T.MouseButtonRelease, T.MouseButtonDblClick}


class WindowInput(Protocol):
    """What the session does with the window's input."""

    def key_press(self, event: QKeyEvent) -> bool: ...
    def key_release(self, event: QKeyEvent) -> None: ...
    def mouse_moved(self) -> None: ...
    def press(self, x: float, y: float, width: float, height: float) -> None: ...
    def move(self, x: float, y: float, width: float) -> None: ...
    def release(self, x: float, y: float, width: float, height: float) -> None: ...
    def cancel(self) -> None: ...
    def wheel(self, delta: int) -> None: ...


class EventForwarder(QObject):
    def __init__(self, window: QWindow) -> None:
        self.input: WindowInput | None = None  # set before any event can arrive
        self.window = window
        super().__init__(window)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        handler = getattr(self, "input", None)  # None while Qt tears the window down
        if handler is None:
            return False
        if kind in (T.KeyPress, T.KeyRelease):
            assert isinstance(event, QKeyEvent)
            if kind == T.KeyRelease:
                handler.key_release(event)
                return True
            # Unhandled keys (Escape, Alt+F4 in kiosk mode) go on to Qt, which ignores them.
            return handler.key_press(event)
        if kind in TOUCH:
            assert isinstance(event, QTouchEvent)
            self._touch(handler, event)
            event.accept()  # handled: Qt must not also synthesise mouse events from it
            return True
        if kind in MOUSE:
            assert isinstance(event, QMouseEvent)
            self._mouse(handler, event)
            return True
        if kind == T.Wheel:
            assert isinstance(event, QWheelEvent)
            handler.wheel(event.angleDelta().y() or event.angleDelta().x())
            return True
        return False

    def _touch(self, handler: WindowInput, event: QTouchEvent) -> None:
        points = event.points()
        if not points and event.type() != T.TouchCancel:
            return
        w, h = self.window.width(), self.window.height()
        if event.type() == T.TouchCancel:
            handler.cancel()
            return
        pos = points[0].position()
        if event.type() == T.TouchBegin:
            handler.press(pos.x(), pos.y(), w, h)
        elif event.type() == T.TouchUpdate:
            handler.move(pos.x(), pos.y(), w)
        else:
            handler.release(pos.x(), pos.y(), w, h)

    def _mouse(self, handler: WindowInput, event: QMouseEvent) -> None:
        pos, kind = event.position(), event.type()
        w, h = self.window.width(), self.window.height()
        left = Qt.MouseButton.LeftButton
        if kind == T.MouseMove:
            if event.source() == Qt.MouseEventSource.MouseEventNotSynthesized:
                handler.mouse_moved()
            if event.buttons() & left:
                handler.move(pos.x(), pos.y(), w)
        elif kind == T.MouseButtonPress and event.button() == left:
            handler.press(pos.x(), pos.y(), w, h)
        elif kind == T.MouseButtonRelease and event.button() == left:
            handler.release(pos.x(), pos.y(), w, h)
