"""Input that comes to the remembered first frame is handed to the kiosk's window: what came
before the window existed first, then the rest as it comes, in order, with its own timestamps."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QRasterWindow

from kiosk.shell.preview import PreviewWindow

KEYS = [Qt.Key.Key_Q, Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_L, Qt.Key.Key_Control]
T = QEvent.Type

# One event: a key press/release or a mouse press/release, at a timestamp.
EVENTS = st.lists(st.tuples(st.sampled_from([T.KeyPress, T.KeyRelease, T.MouseButtonPress,
                                              T.MouseButtonRelease]),
                            st.sampled_from(KEYS), st.integers(1, 2**32 - 1)),
                  max_size=30)


class Recorder(QObject):
    def __init__(self, window: QRasterWindow) -> None:
        super().__init__(window)
        self.seen: list[tuple[QEvent.Type, int, int]] = []
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if isinstance(event, QKeyEvent):
            self.seen.append((event.type(), event.key(), event.timestamp()))
        elif isinstance(event, QMouseEvent) and event.type() != T.MouseMove:
            self.seen.append((event.type(), 0, event.timestamp()))
        return False


def make(kind: QEvent.Type, key: Qt.Key, stamp: int) -> QEvent:
    event: QKeyEvent | QMouseEvent
    if kind in (T.KeyPress, T.KeyRelease):
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier)
    else:
        event = QMouseEvent(kind, QPointF(10, 10), QPointF(10, 10), Qt.MouseButton.LeftButton,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    event.setTimestamp(stamp)
    return event


@settings(max_examples=50, deadline=None)
@given(events=EVENTS, split=st.integers(0, 30))
def test_input_reaches_the_kiosk_window_in_order(qapp: object,
                                                 events: list[tuple[QEvent.Type, Qt.Key, int]],
                                                 split: int) -> None:
    image = QImage(16, 9, QImage.Format.Format_RGB32)
    image.fill(QColor("#004191"))
    preview = PreviewWindow(image, False)
    target = QRasterWindow()
    recorder = Recorder(target)
    try:
        for n, (kind, key, stamp) in enumerate(events):
            if n == split:
                preview.hand_input_to(target)  # the session's window now exists
            QCoreApplication.sendEvent(preview, make(kind, key, stamp))
        if split >= len(events):
            preview.hand_input_to(target)
        wanted = [(kind, key if kind in (T.KeyPress, T.KeyRelease) else 0, stamp)
                  for kind, key, stamp in events]
        assert recorder.seen == wanted
    finally:
        preview.dispose()
        target.deleteLater()
