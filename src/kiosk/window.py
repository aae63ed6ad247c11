"""The thin Qt shell: a raster window that shows the navigator's slide, drawn by the renderer.

A QRasterWindow (QtGui only, no QtWidgets) keeps start-up and the one-file build small. Slides are
rendered once per size and language into images, so a repaint is a blit; transitions and drags
move those images. Input goes to the controllers, which speak only navigator commands.
"""

from __future__ import annotations

import logging
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QRasterWindow,
    QResizeEvent,
    QScreen,
    QTouchEvent,
    QWheelEvent,
)

from kiosk import runtime
from kiosk.controllers.keyboard import KeyboardController
from kiosk.controllers.pointer import GestureController
from kiosk.controllers.timing import DeadlineDriver
from kiosk.deck.loader import LoadedDeck
from kiosk.lockdown import CursorHider, ExitChord, SleepInhibitor
from kiosk.navigator.state import Change, Navigator, Shown
from kiosk.overlay import Overlay
from kiosk.render.slide import render_slide
from kiosk.transitions import Transition, next_frame_due, paint_pair

log = logging.getLogger(__name__)
CACHE_SLIDES = 4  # rendered slides kept: on screen, next (drawn ahead), previous, one spare
CACHE_BYTES = 64 * 1024 * 1024  # ...but fewer on a 4K panel, where one image is 33 MB
CACHE_MINIMUM = 3  # a page turn and the neighbour a drag reveals
SPRING_SECONDS = 0.25
FRAME_SECONDS = 1 / 60  # animation pace: a 60 Hz display shows no more than this
PREFETCH_MS = 150  # after a page turn settles, draw what comes next in the idle time
PREFETCH_SLIDES = 1  # the likeliest next slide; the previous one is usually still cached
PROGRESS_MS = 500  # the progress bar's refresh while autoplaying: a thin strip, not the screen

Key = tuple[int, str]


class SlideCache:
    """Rendered slides by (index, language, size); bounded so weeks of running stay flat."""

    def __init__(self, limit: int = CACHE_SLIDES,
                 on_failure: Callable[[str], None] | None = None) -> None:
        self.limit = limit
        self.on_failure = on_failure
        self._images: OrderedDict[tuple[int, str, int, int], QImage] = OrderedDict()

    def __len__(self) -> int:
        return len(self._images)

    def clear(self) -> None:
        self._images.clear()

    @staticmethod
    def _key(index: int, shown: Shown | str, size: QSize,
             ratio: float) -> tuple[int, str, int, int]:
        width = max(1, round(size.width() * ratio))
        height = max(1, round(size.height() * ratio))
        return index, shown, width, height

    def has(self, index: int, shown: Shown | str, size: QSize, ratio: float) -> bool:
        return self._key(index, shown, size, ratio) in self._images

    def get(self, loaded: LoadedDeck, index: int, shown: Shown | str, size: QSize,
            ratio: float) -> QImage:
        key = self._key(index, shown, size, ratio)
        _, _, w, h = key
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
            return image
        image = QImage(w, h, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            render_slide(painter, w, h, loaded.deck, index, shown, loaded.folder)  # type: ignore[arg-type]
        except Exception:  # content must never take the kiosk down
            slide_id = loaded.deck.slides[index].id
            log.exception("drawing slide %r failed; it is skipped", slide_id)
            painter.end()
            image.fill(QColor(loaded.deck.deck.theme.background))
            if self.on_failure is not None:
                self.on_failure(slide_id)
            return image  # not cached: a reload may fix it
        else:
            painter.end()
        image.setDevicePixelRatio(ratio)
        self._images[key] = image
        limit = max(CACHE_MINIMUM, min(self.limit, CACHE_BYTES // max(1, image.sizeInBytes())))
        while len(self._images) > limit:
            self._images.popitem(last=False)
        return image


class KioskWindow(QRasterWindow):
    def __init__(self, loaded: LoadedDeck, navigator: Navigator, *, kiosk_mode: bool = True,
                 report_first_frame: bool = False) -> None:
        runtime.apply()  # before this window's first update (app.run applies it earlier)
        super().__init__()
        self.loaded = loaded
        self.navigator = navigator
        self.kiosk_mode = kiosk_mode
        self.cache = SlideCache(on_failure=self._slide_failed)
        self.keyboard = KeyboardController(navigator)
        self.gestures = GestureController(navigator, self)
        self.driver = DeadlineDriver(navigator, self)
        self.overlay = Overlay(navigator, 96.0)
        self.overlay.windowed = not kiosk_mode
        self.transition: Transition | None = None
        self.drag: float | None = None
        self._pending_offset = 0.0
        self._displayed: Key = (navigator.index, navigator.shown)
        self._pressed_target: str | None = None
        self._report_first_frame = report_first_frame
        self._painted = False
        self._last_paint = 0.0
        self._quitting = False
        self.interaction_listeners: list[Callable[[str], None]] = []  # proof of play counts
        self.first_paint_listeners: list[Callable[[], None]] = []
        self.watcher: Any = None  # the live-reload watcher, once the first frame is up
        self.plays: Any = None
        self.fleet: Any = None  # kiosk.fleet's link, with a URL deck or --mqtt
        # Drawn instead of the slide while set (an emergency alert): a painter of (w, h).
        self.cover: Callable[[QPainter, int, int], None] | None = None
        self.setTitle(loaded.deck.deck.title.en)
        self._progress_timer = QTimer(self)
        self._progress_timer.setInterval(PROGRESS_MS)
        self._progress_timer.timeout.connect(self._update_progress)
        self._frame_timer = QTimer(self)
        self._frame_timer.setSingleShot(True)
        self._frame_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._frame_timer.timeout.connect(self.update)
        self._frame_due: float | None = None  # when the next animation frame should be shown
        self._drag_timer = QTimer(self)  # a drag's next frame, at most one per display period
        self._drag_timer.setSingleShot(True)
        self._drag_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._drag_timer.timeout.connect(self.update)
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(PREFETCH_MS)
        self._prefetch_timer.timeout.connect(self._prefetch)
        self._fade_timer = QTimer(self)
        self._fade_timer.setSingleShot(True)
        self._fade_timer.timeout.connect(self.update)
        self.inhibitor = SleepInhibitor()
        self.chord = ExitChord(loaded.deck.deck.exit_chord, loaded.deck.deck.exit_hold, self.quit,
                               self)
        self.cursor_hider: CursorHider | None = None
        if kiosk_mode:
            self.setFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                          | Qt.WindowType.WindowStaysOnTopHint)
            self.cursor_hider = CursorHider(self)
        navigator.subscribe(self._on_change)
        self.driver.bind()
        self._sync_progress_timer()

    # ----- placement -------------------------------------------------------------------------
    def show_on(self, screen: QScreen | None) -> None:
        if screen is not None:
            self.setScreen(screen)
        self.overlay.dpi = (screen or self.screen()).physicalDotsPerInch() or 96.0
        if self.kiosk_mode:
            # Without a window manager showFullScreen() alone leaves a 640x480 window.
            self.setGeometry((screen or self.screen()).geometry())
            self.showFullScreen()
            QTimer.singleShot(0, self.inhibitor.acquire)  # after the first frame, not before
        else:
            self.resize(1280, 720)
            self.show()

    # ----- drawing ---------------------------------------------------------------------------
    def image_for(self, index: int, shown: Shown | str) -> QImage:
        return self.cache.get(self.loaded, index, shown, self.size(), self.devicePixelRatio())

    def current_image(self) -> QImage:
        return self.image_for(self.navigator.index, self.navigator.shown)

    def event(self, event: QEvent) -> bool:
        if getattr(self, "_quitting", False) and event.type() == QEvent.Type.UpdateRequest:
            return True  # a frame asked for before closing has no window left to flush to
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if self._quitting:
            return
        now = time.monotonic()
        self._last_paint = now
        self._drag_timer.stop()  # this frame shows the finger's latest position already
        painter = QPainter(self)
        try:
            self._paint(painter, now)
        finally:
            painter.end()
        if self.transition is not None or self.overlay.fading(now):
            self._schedule_frame(now)
        else:
            self._frame_due = None  # nothing at all is scheduled while the slide stands still
            if self.drag is None:
                self._prefetch_timer.start()
        if not self._painted:
            self._painted = True
            if self._report_first_frame:
                from kiosk.preview import report_first_frame

                report_first_frame()
            listeners, self.first_paint_listeners = self.first_paint_listeners, []
            for listener in listeners:
                listener()

    def _schedule_frame(self, started: float) -> None:
        now = time.monotonic()
        self._frame_due = next_frame_due(self._frame_due, started, now, FRAME_SECONDS)
        self._frame_timer.start(max(0, round((self._frame_due - now) * 1000)))

    def _prefetch(self) -> None:
        # A tap then shows its first frame at once instead of drawing the slide first (5-25 ms).
        # One slide per turn of the event loop, so a touch waits for one drawing at most.
        if self._quitting or self.transition is not None or self.drag is not None \
                or not self.isExposed():
            return
        size, ratio = self.size(), self.devicePixelRatio()
        for index, shown in self.navigator.upcoming()[:PREFETCH_SLIDES]:
            if not self.cache.has(index, shown, size, ratio):
                self.image_for(index, shown)
                self._prefetch_timer.start(0)
                return

    def _paint(self, painter: QPainter, now: float) -> None:
        width = self.width()
        if self.cover is not None:
            self.cover(painter, width, self.height())
            return
        if self.navigator.blank:
            painter.fillRect(QRect(0, 0, width, self.height()), QColor("black"))
            return
        if self.drag is not None:
            neighbour = self._neighbour(-1 if self.drag < 0 else 1)
            paint_pair(painter, self.current_image(), neighbour, self.drag * width, width)
        elif self.transition is not None:
            self.transition.paint(painter, width, now)
            if self.transition.done(now):
                self.transition = None
                painter.drawImage(0, 0, self.current_image())
        else:
            painter.drawImage(0, 0, self.current_image())
        self.overlay.paint(painter, width, self.height(), now,
                           self.loaded.deck.deck.progress)

    def _neighbour(self, side: int) -> QImage | None:
        nav = self.navigator
        if nav.count < 2:
            return None
        index = (nav.index - side) % nav.count  # finger left (side -1) reveals the next slide
        return self.image_for(index, nav.shown)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self.cache.clear()
        self.transition = None
        self.update()

    def _slide_failed(self, slide_id: str) -> None:
        # Not from inside a paint: let the current frame finish, then move on.
        QTimer.singleShot(0, lambda: self.navigator.skip_broken(slide_id))

    # ----- the navigator changed -------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        nav = self.navigator
        if change.kind == "deck":
            self.cache.clear()
            self.transition = None
        new: Key = (nav.index, nav.shown)
        if new != self._displayed and change.kind in ("slide", "language", "deck"):
            self._start_transition(new, change)
        self._displayed = new
        self.driver.rearm()
        self._sync_progress_timer()
        self.update()

    def _start_transition(self, new: Key, change: Change) -> None:
        now = time.monotonic()
        if not self.isVisible() or change.kind == "deck":
            self.transition = None
            return
        source = self.image_for(*self._displayed)
        target = self.image_for(*new)
        style = self.loaded.deck.transition_of(new[0])
        kind = style.kind
        if change.kind == "language" or change.source == "idle":
            kind = "fade" if kind != "none" else "none"
        offset, self._pending_offset = self._pending_offset, 0.0
        if kind == "none" or style.duration <= 0:
            self.transition = None
            return
        direction = change.direction or (1 if new[0] >= self._displayed[0] else -1)
        self.transition = Transition(kind, source, target, now, style.duration, direction, offset)

    def _sync_progress_timer(self) -> None:
        wanted = self.loaded.deck.deck.progress and self.navigator.playing
        if wanted and not self._progress_timer.isActive():
            self._progress_timer.start()
        elif not wanted:
            self._progress_timer.stop()

    def _update_progress(self) -> None:
        rect = self.overlay.progress_rect(self.width(), self.height()).toAlignedRect()
        self.update(rect)

    # ----- drag feedback (the gesture controller's view) --------------------------------------
    def drag_to(self, offset: float) -> None:
        self.transition = None
        self.drag = max(-1.0, min(1.0, offset))
        # Touch screens report moves at 100-200 Hz; a frame for each would cost a 4K panel most
        # of a core for no visible gain, so the slide follows the finger at the display's rate.
        wait = self._last_paint + FRAME_SECONDS - time.monotonic()
        if wait <= 0:
            self.update()
        elif not self._drag_timer.isActive():
            self._drag_timer.start(math.ceil(wait * 1000))

    def drag_released(self, offset: float, committed: int) -> None:
        self.drag = None
        if committed:
            self._pending_offset = offset  # the page turn continues from where the finger left it
            return
        if offset:
            image = self.current_image()
            neighbour = self._neighbour(-1 if offset < 0 else 1) or image
            self.transition = Transition("spring", neighbour, image, time.monotonic(),
                                         SPRING_SECONDS, 1, offset)
        self.update()

    # ----- input -----------------------------------------------------------------------------
    def _controls_touched(self) -> None:
        self.overlay.show(time.monotonic())
        self._fade_timer.start(int((self.overlay.visible_until - time.monotonic()
                                    - 0.35) * 1000))
        self.update()

    def _interacted(self, kind: str) -> None:
        for listener in self.interaction_listeners:
            listener(kind)

    def _press(self, pos: QPointF) -> None:
        self._interacted("touch")
        now = time.monotonic()
        target = self.overlay.hit(pos.x(), pos.y(), self.width(), self.height(), now)
        self._pressed_target = target.name if target else None
        self._controls_touched()
        if target is None:
            self.gestures.press(pos.x(), pos.y(), now)
        else:
            self.navigator.touch()

    def _move(self, pos: QPointF) -> None:
        if self._pressed_target is None:
            self.gestures.move(pos.x(), pos.y(), self.width())

    def _release(self, pos: QPointF) -> None:
        now = time.monotonic()
        if self._pressed_target is not None:
            target = self.overlay.hit(pos.x(), pos.y(), self.width(), self.height(), now)
            if target is not None and target.name == self._pressed_target:
                target.action()
            self._pressed_target = None
            self._controls_touched()
            return
        self.gestures.release(pos.x(), pos.y(), now, self.width())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        real_mouse = event.source() == Qt.MouseEventSource.MouseEventNotSynthesized
        if self.cursor_hider is not None and real_mouse:
            self.cursor_hider.moved()
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._move(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._release(event.position())
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        self._interacted("wheel")
        self._controls_touched()
        self.gestures.wheel(event.angleDelta().y() or event.angleDelta().x())
        event.accept()

    def touchEvent(self, event: QTouchEvent) -> None:  # noqa: N802
        points = event.points()
        if not points:
            event.accept()
            return
        pos = points[0].position()
        kind = event.type()
        if kind == QEvent.Type.TouchBegin:
            self._press(pos)
        elif kind == QEvent.Type.TouchUpdate:
            self._move(pos)
        elif kind == QEvent.Type.TouchEnd:
            self._release(pos)
        elif kind == QEvent.Type.TouchCancel:
            self.gestures.cancel()
            self._pressed_target = None
        event.accept()  # handled: Qt must not also synthesise mouse events from it

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.kiosk_mode and self.chord.key_press(event):
            event.accept()
            return
        if self.keyboard.key_press(event):
            self._interacted("key")
            event.accept()
            return
        if not self.kiosk_mode and event.key() == Qt.Key.Key_Escape:
            self.quit()
            return
        event.ignore()  # Escape, Alt+F4 and the rest do nothing in kiosk mode

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        self.chord.key_release(event)
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.kiosk_mode and not self._quitting:
            event.ignore()  # the close button and Alt+F4 do not end a kiosk
            return
        super().closeEvent(event)

    def quit(self) -> None:
        self._quitting = True
        self.driver.unbind()
        self._progress_timer.stop()
        self._prefetch_timer.stop()
        self._drag_timer.stop()
        self.inhibitor.release()
        if self.plays is not None:
            self.plays.close()
        app = QGuiApplication.instance()
        if app is not None:
            app.quit()
        self.close()

    # ----- deck changes ----------------------------------------------------------------------
    def replace_deck(self, loaded: LoadedDeck) -> None:
        self.loaded = loaded
        self.chord.deleteLater()
        self.chord = ExitChord(loaded.deck.deck.exit_chord, loaded.deck.deck.exit_hold,
                               self.quit, self)
        self.navigator.replace_deck(loaded.deck)

    def set_notice(self, text: str | None) -> None:
        self.overlay.notice = text
        self.update()
