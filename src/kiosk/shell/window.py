"""The window: it shows the navigator's slide, drawn by the renderer, and forwards input.

A QRasterWindow (QtGui only, no QtWidgets) keeps start-up and the one-file build small. Slides are
rendered once per size and language into images (render/cache.py), so a repaint is a blit;
transitions and drags move those images. Input never reaches this class: an event filter
(shell/events.py) hands it to the session, which gives it to the controllers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QImage,
    QPainter,
    QPaintEvent,
    QRasterWindow,
    QResizeEvent,
    QScreen,
)

from kiosk.deck.fields import Shown
from kiosk.deck.loader import LoadedDeck
from kiosk.navigator.state import Change, Navigator
from kiosk.render.cache import SlideCache

if TYPE_CHECKING:
    from kiosk.render.reading_cache import ReadingCache
from kiosk.shell import runtime
from kiosk.shell.events import EventForwarder
from kiosk.shell.overlay import Overlay
from kiosk.shell.pacing import FramePacer, make_timer
from kiosk.shell.transitions import Transition, paint_pair

SPRING_SECONDS = 0.25
PREFETCH_MS = 150  # after a page turn settles, draw what comes next in the idle time
PREFETCH_SLIDES = 1  # the likeliest next slide; the previous one is usually still cached
PROGRESS_MS = 500  # the progress bar's refresh while autoplaying: a thin strip, not the screen

Key = tuple[int, str]


class KioskWindow(QRasterWindow):
    def __init__(self, loaded: LoadedDeck, navigator: Navigator, overlay: Overlay, *,
                 kiosk_mode: bool = True, on_slide_failed: Callable[[str], None] | None = None,
                 on_first_paint: Callable[[], None] | None = None) -> None:
        runtime.apply()  # before this window's first update (start.run applies it earlier)
        super().__init__()
        self.loaded = loaded
        self.navigator = navigator
        self.overlay = overlay
        self.kiosk_mode = kiosk_mode
        self.events = EventForwarder(self)  # input goes to `self.events.input`, if set
        self.close_allowed = not kiosk_mode  # the close button and Alt+F4 do not end a kiosk
        self.cache = SlideCache(on_failure=on_slide_failed)
        self._reading: ReadingCache | None = None  # the accessibility mode's enlarged pages
        self.transition: Transition | None = None
        # Drawn instead of the slide while set (an emergency alert): a painter of (w, h).
        self.cover: Callable[[QPainter, int, int], None] | None = None
        self.drag: float | None = None
        self._pending_offset = 0.0
        self._turn_from: tuple[QImage, Change] | None = None  # see replace_deck
        self._displayed: Key = (navigator.index, navigator.shown)
        self._displayed_page = 0  # of a continued slide: the page on screen
        self._on_first_paint = on_first_paint
        self._painted = False
        self._closing = False
        self.setTitle(loaded.deck.deck.title.en)
        self._progress_timer = make_timer(self, PROGRESS_MS, self._update_progress, single=False)
        self._prefetch_timer = make_timer(self, PREFETCH_MS, self._prefetch)
        self._pacer = FramePacer(self, self.update)
        if kiosk_mode:
            self.setFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                          | Qt.WindowType.WindowStaysOnTopHint)
        navigator.subscribe(self._on_change)
        self._sync_progress_timer()

    # ----- placement -------------------------------------------------------------------------
    def show_on(self, screen: QScreen | None) -> None:
        if screen is not None:
            self.setScreen(screen)
        if self.kiosk_mode:
            # Without a window manager showFullScreen() alone leaves a 640x480 window.
            self.setGeometry((screen or self.screen()).geometry())
            self.showFullScreen()
        else:
            self.resize(1280, 720)
            self.show()

    # ----- drawing ---------------------------------------------------------------------------
    def image_for(self, index: int, shown: Shown | str, page: int | None = None) -> QImage:
        """A slide's image: the page on screen for the current slide, else its first page (or
        the `page` asked for: the page a transition leaves)."""
        nav = self.navigator
        if nav.access.on:
            return self._enlarged(index, shown)
        clear = self.overlay.controls.button_clear(self.width(), self.height())
        if page is not None:
            return self.cache.get(self.loaded, index, shown, self.size(),
                                  self.devicePixelRatio(), page, clear)
        page = 0
        if index == nav.index:
            if nav.page <= 0:  # drawn first: the drawing learns the page count on the way
                self.cache.get(self.loaded, index, shown, self.size(), self.devicePixelRatio(),
                               0, clear)
            # a continued slide: its page count settles "the last page" when turning back
            nav.pages = self.cache.pages(self.loaded, index, shown, self.size(),
                                         self.devicePixelRatio(), clear)
            page = nav.page
        return self.cache.get(self.loaded, index, shown, self.size(), self.devicePixelRatio(),
                              page, clear)

    def _enlarged(self, index: int, shown: Shown | str) -> QImage:
        """The accessibility mode's page of a slide (its first page, for a neighbour)."""
        if self._reading is None:
            from kiosk.render.reading_cache import ReadingCache

            self._reading = ReadingCache()
        nav = self.navigator
        lang = cast(Shown, shown)
        size = (self.width(), self.height(), self.devicePixelRatio(),
                self.overlay.controls.access_reserve(self.width(), self.height()))
        page = 0
        if index == nav.index:
            # also settles "the last page" when the visitor turned back to this slide
            nav.access.pages = self._reading.pagination(self.loaded.deck, index, lang,
                                                        *size).pages
            page = nav.access.page
        return self._reading.page(self.loaded.deck, self.loaded.folder, index, lang, *size,
                                  page)

    def current_image(self) -> QImage:
        return self.image_for(self.navigator.index, self.navigator.shown)

    def grab_image(self) -> QImage:
        """What the screen shows now (controls and notices included), for tests and screenshots."""
        image = QImage(self.size() * self.devicePixelRatio(), QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(self.devicePixelRatio())
        painter = QPainter(image)
        try:
            self._paint(painter, time.monotonic())
        finally:
            painter.end()
        return image

    def event(self, event: QEvent) -> bool:
        if getattr(self, "_closing", False) and event.type() == QEvent.Type.UpdateRequest:
            return True  # a frame asked for before closing has no window left to flush to
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if self._closing:
            return
        now = time.monotonic()
        self._pacer.painting(now)
        painter = QPainter(self)
        try:
            self._paint(painter, now)
        finally:
            painter.end()
        controls = self.overlay.controls
        if self.transition is not None or controls.fading(now):
            self._pacer.animating(now)
        else:
            self._pacer.still(controls.fade_starts_in(now))
            if self.drag is None:
                self._prefetch_timer.start()
        if not self._painted:
            self._painted = True
            if self._on_first_paint is not None:
                self._on_first_paint()

    def _prefetch(self) -> None:
        # A tap then shows its first frame at once instead of drawing the slide first (5-25 ms).
        # One slide per turn of the event loop, so a touch waits for one drawing at most.
        if self._closing or self.transition is not None or self.drag is not None \
                or not self.isExposed() or self.navigator.access.on or self.navigator.asleep:
            return  # (the accessibility mode draws a slide's pages when it arrives)
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
        if self.navigator.blank or self.navigator.asleep:
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
        self._drop_images()
        self.update()

    def _drop_images(self, *, keep_reading: bool = False) -> None:
        """Drawn slides (and the mode's pages, unless kept) no longer fit: draw them again."""
        self.cache.clear()
        if self._reading is not None and not keep_reading:
            self._reading.clear()
        self.transition = None

    # ----- the navigator changed -------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        nav = self.navigator
        if change.kind == "deck":
            self._drop_images()
        if change.kind == "sleep":
            self.transition = None  # a turn under way when the screen slept is not finished
        if change.kind == "access":
            # One view's images at a time (the other is drawn again when it comes back), and a
            # page of the other view must not fade on.
            self._drop_images(keep_reading=nav.access.on)
        if change.kind in ("access", "slide", "language", "deck"):
            self.current_image()  # the slide's pages are counted now, before a page turn
        new: Key = (nav.index, nav.shown)
        if new != self._displayed and change.kind in ("slide", "language", "deck"):
            self._start_transition(new, change)
        self._turn_from = None  # used by this change or by none
        self._displayed = new
        self._displayed_page = max(0, nav.page)
        self._sync_progress_timer()
        self.update()

    def _start_transition(self, new: Key, change: Change) -> None:
        now = time.monotonic()
        turn, self._turn_from = self._turn_from, None
        if change.kind == "deck" and turn is not None:
            source, change = turn  # a new version arriving with a page turn: drawn as the turn
        elif not self.isVisible() or change.kind == "deck" or self.navigator.access.on:
            self.transition = None
            return
        else:
            source = self.image_for(*self._displayed, self._displayed_page)  # the page it leaves
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
        self._pacer.dragged()

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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.close_allowed:
            event.ignore()
            return
        super().closeEvent(event)

    def close_for_good(self) -> None:
        """Stop drawing and close: the session is ending."""
        self._closing = True
        self.close_allowed = True
        self._progress_timer.stop()
        self._prefetch_timer.stop()
        self._pacer.stop()
        self.close()

    # ----- what the session changes -----------------------------------------------------------
    def replace_deck(self, loaded: LoadedDeck, turn: Change | None = None) -> None:
        """A new version; the navigator's own "deck" change then clears the cache. With `turn`
        (a page turn the window has not drawn yet) that change is drawn as the turn, from the
        slide on screen (drawn from the old version, kept now) to the new version's."""
        if turn is not None and self.isVisible() and not self.navigator.access.on:
            self._turn_from = (self.image_for(*self._displayed), turn)
        self.loaded = loaded

    def set_notice(self, text: str | None) -> None:
        self.overlay.notice = text
        self.update()
