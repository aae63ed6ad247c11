"""The thin Qt shell: a raster window that shows the navigator's slide, drawn by the renderer.

A QRasterWindow (QtGui only, no QtWidgets) keeps start-up and the one-file build small. Slides are
rendered once per size and language into images, so a repaint is a single blit.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QCursor,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QRasterWindow,
    QResizeEvent,
    QScreen,
)

from kiosk.controllers.keyboard import KeyboardController
from kiosk.deck.loader import LoadedDeck
from kiosk.navigator.state import Change, Navigator, Shown
from kiosk.render.slide import render_slide

log = logging.getLogger(__name__)
CACHE_SLIDES = 6  # rendered slide images kept; enough for a transition and its neighbours


class SlideCache:
    """Rendered slides by (index, language, size); bounded so weeks of running stay flat."""

    def __init__(self, limit: int = CACHE_SLIDES) -> None:
        self.limit = limit
        self._images: OrderedDict[tuple[int, str, int, int], QImage] = OrderedDict()

    def clear(self) -> None:
        self._images.clear()

    def get(self, loaded: LoadedDeck, index: int, shown: Shown, size: QSize,
            ratio: float) -> QImage:
        w, h = max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio))
        key = (index, shown, w, h)
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
            return image
        image = QImage(w, h, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            render_slide(painter, w, h, loaded.deck, index, shown, loaded.folder)
        except Exception:  # content must never take the kiosk down
            log.exception("drawing slide %r failed", loaded.deck.slides[index].id)
            image.fill(QColor(loaded.deck.deck.theme.background))
        finally:
            painter.end()
        image.setDevicePixelRatio(ratio)
        self._images[key] = image
        while len(self._images) > self.limit:
            self._images.popitem(last=False)
        return image


class KioskWindow(QRasterWindow):
    def __init__(self, loaded: LoadedDeck, navigator: Navigator, *, kiosk_mode: bool = True,
                 report_first_frame: bool = False) -> None:
        super().__init__()
        self.loaded = loaded
        self.navigator = navigator
        self.kiosk_mode = kiosk_mode
        self.cache = SlideCache()
        self.keyboard = KeyboardController(navigator)
        self._report_first_frame = report_first_frame
        self._painted = False
        self.setTitle(loaded.deck.deck.title.en)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)
        navigator.subscribe(self._on_change)
        if kiosk_mode:
            self.setFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                          | Qt.WindowType.WindowStaysOnTopHint)
            self.setCursor(QCursor(Qt.CursorShape.BlankCursor))
        self._schedule()

    # ----- placement -------------------------------------------------------------------------
    def show_on(self, screen: QScreen | None) -> None:
        if screen is not None:
            self.setScreen(screen)
        if self.kiosk_mode:
            # Without a window manager showFullScreen() alone leaves a 640x480 window.
            geometry = (screen or self.screen()).geometry()
            self.setGeometry(geometry)
            self.showFullScreen()
        else:
            self.resize(1280, 720)
            self.show()

    # ----- drawing ---------------------------------------------------------------------------
    def current_image(self) -> QImage:
        nav = self.navigator
        return self.cache.get(self.loaded, nav.index, nav.shown, self.size(),
                              self.devicePixelRatio())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        try:
            if self.navigator.blank:
                painter.fillRect(QRect(0, 0, self.width(), self.height()), QColor("black"))
            else:
                painter.drawImage(0, 0, self.current_image())
        finally:
            painter.end()
        if not self._painted:
            self._painted = True
            if self._report_first_frame:
                from kiosk.timing import since_process_start

                print(f"first-frame {since_process_start():.3f} monotonic={time.monotonic():.3f}",
                      flush=True, file=__import__("sys").stderr)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self.cache.clear()
        self.update()

    # ----- input -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.keyboard.key_press(event):
            event.accept()
            return
        if not self.kiosk_mode and event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        event.ignore()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.kiosk_mode and not getattr(self, "_quitting", False):
            event.ignore()  # the close button and Alt+F4 do not end a kiosk
            return
        super().closeEvent(event)

    def quit(self) -> None:
        self._quitting = True
        self.close()
        app = QGuiApplication.instance()
        if app is not None:
            app.quit()

    # ----- time ------------------------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        if change.kind == "deck":
            self.cache.clear()
        self.update()
        self._schedule()

    def _on_timer(self) -> None:
        self.navigator.tick()
        self._schedule()

    def _schedule(self) -> None:
        """Sleep until the navigator's next deadline: no polling while nothing happens."""
        deadline = self.navigator.next_deadline()
        if deadline is None:
            self._timer.stop()
            return
        delay = max(0.0, deadline - time.monotonic())
        self._timer.start(int(delay * 1000) + 1)

    def replace_deck(self, loaded: LoadedDeck) -> None:
        self.loaded = loaded
        self.navigator.replace_deck(loaded.deck)
