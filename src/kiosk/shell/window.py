"""The window: it shows the navigator's slide, drawn by the renderer, and forwards input.

A QRasterWindow (QtGui only, no QtWidgets) keeps start-up and the one-file build small. Slides are
rendered once per size and language (render/cache.py), so a repaint is a blit; transitions and
drags move those pictures. Input never reaches this class: an event filter (shell/events.py)
hands it to the session, which gives it to the controllers.

Painting only reads: what the screen shows (the mode's page count, the end of a transition) is
settled when the navigator changes, the window is resized or a timer runs out, so a screenshot
(`grab_image`) taken at any moment changes nothing. A frame repaints only what changes: a fade
where the two slides differ, the controls' fade where the controls are, the progress bar its strip.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QRect, QRectF, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QImage,
    QPainter,
    QPaintEvent,
    QRasterWindow,
    QRegion,
    QResizeEvent,
    QScreen,
)

from kiosk.deck.fields import Shown
from kiosk.deck.loader import LoadedDeck
from kiosk.navigator.state import Change, Navigator
from kiosk.render.cache import SlideCache
from kiosk.render.tiles import Sparse, rects

if TYPE_CHECKING:
    from kiosk.render.reading_cache import ReadingCache
    from kiosk.render.reading_flow import Pagination
from kiosk.shell import memory, runtime
from kiosk.shell.events import EventForwarder
from kiosk.shell.fade_parts import fade_parts
from kiosk.shell.overlay import Overlay
from kiosk.shell.pacing import FRAME_SECONDS, FramePacer, fade_period, make_timer
from kiosk.shell.transitions import Transition, draw_within, paint_pair

SPRING_SECONDS = 0.25
PREFETCH_MS = 150  # after a page turn settles, draw what comes next in the idle time
PREFETCH_SLIDES = 1  # the likeliest next slide; the previous one is usually still cached
# The progress bar's refresh while autoplaying: a thin strip, not the screen. A 12 s slide's
# segment grows ~13 px a second at 1080p; a step a second costs the attract loop half of what two
# did (each step is a paint and a flush, ~1.5 ms on a lobby PC's CPU).
PROGRESS_MS = 1000
CONTROLS_GONE = 0.5  # s after the controls' fade ended in which a frame still redraws them

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
        self._turn_from: tuple[Sparse, Change] | None = None  # see replace_deck
        self._displayed: Key = (navigator.index, navigator.shown)
        self._displayed_page = 0  # of a continued slide: the page on screen
        self._on_first_paint = on_first_paint
        self._painted = False
        self._closing = False
        self._final_shown = True  # the last frame painted showed no transition under way
        self._changing: QRegion | None = None  # what the running transition's frames change
        self._drew_ahead = False  # a slide was drawn ahead since memory was last released
        self._on_screen = False  # the frame being drawn goes to the window (not a screenshot)
        # The slide the window's pixels show everywhere (under what the overlay draws), when
        # known: a fade from it then repaints only where the slides differ from its first frame.
        self._screen_holds: Sparse | None = None
        self._countdown_drawn = False  # the last frame on screen showed the idle countdown
        # A transition ended before its last frame was painted: the slide it arrived at and
        # where the screen still lacks it (outside, the screen shows that slide already).
        self._finishing: tuple[Sparse, QRegion] | None = None
        self.setTitle(loaded.deck.deck.title.en)
        self._progress_timer = make_timer(self, PROGRESS_MS, self._update_progress, single=False)
        self._prefetch_timer = make_timer(self, PREFETCH_MS, self._prefetch)
        self._transition_timer = make_timer(self, 0, self._end_transition, precise=True)
        self._pacer = FramePacer(self, self._next_frame)
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
    def slide_for(self, index: int, shown: Shown | str, page: int | None = None) -> Sparse:
        """What the window shows for a slide: drawn once, then kept (render/cache.py). The page
        on screen for the current slide (a continued slide has several), else its first page,
        or the `page` asked for (the page a transition leaves). Reads the navigator only."""
        nav = self.navigator
        if nav.access.on:
            return self._enlarged(index, shown, page)
        if page is None:
            page = 0
            if index == nav.index:
                page = nav.page if nav.page >= 0 else max(0, nav.pages - 1)
        return self.cache.get(self.loaded, index, shown, self.size(), self.devicePixelRatio(),
                              page, self._room())

    def _room(self) -> QRectF | None:
        """Where the always-visible accessibility button stands over the slide, kept free."""
        return self.overlay.controls.button_clear(self.width(), self.height())

    def image_for(self, index: int, shown: Shown | str, page: int | None = None) -> QImage:
        """A slide as one whole picture (screenshots, the remembered first frame, tests)."""
        return self.slide_for(index, shown, page).image()

    def _view(self) -> tuple[int, int, float, float]:
        return (self.width(), self.height(), self.devicePixelRatio(),
                self.overlay.controls.access_reserve(self.width(), self.height()))

    def _pagination(self, index: int, shown: Shown | str) -> Pagination:
        if self._reading is None:
            from kiosk.render.reading_cache import ReadingCache

            self._reading = ReadingCache()
        return self._reading.pagination(self.loaded.deck, index, cast(Shown, shown),
                                        *self._view())

    def _enlarged(self, index: int, shown: Shown | str, page: int | None = None) -> Sparse:
        """The accessibility mode's page of a slide (the one on screen for the current slide,
        its first page for a neighbour). Reads the navigator only."""
        nav = self.navigator
        pages = self._pagination(index, shown).pages
        if page is None:
            page = nav.access.page if index == nav.index else 0
            if page < 0:  # not settled yet: the last page, as settling will say
                page = pages - 1
        page = max(0, min(page, pages - 1))
        assert self._reading is not None
        return self._reading.page(self.loaded.deck, self.loaded.folder, index,
                                  cast(Shown, shown), *self._view(), page)

    def _settle_pages(self) -> None:
        """How many pages the slide on screen has (in the mode; or in the ordinary view, where
        a slide that cannot hold every word continues), told to the navigator when the slide,
        language, deck or size changes (and "the last page" when the visitor turned back to
        it) — never from a paint."""
        nav = self.navigator
        if nav.access.on:
            nav.access.pages = self._pagination(nav.index, nav.shown).pages
        elif not nav.asleep:
            nav.pages = self.cache.pages(self.loaded, nav.index, nav.shown, self.size(),
                                         self.devicePixelRatio(), self._room())

    def current_slide(self) -> Sparse:
        return self.slide_for(self.navigator.index, self.navigator.shown)

    def current_image(self) -> QImage:
        return self.current_slide().image()

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
        if event.type() == QEvent.Type.Expose and getattr(self, "transition", None) is not None:
            cast(Transition, self.transition).forget_screen()  # drawn again from both slides
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if self._closing:
            return
        now = time.monotonic()
        self._pacer.painting(now)
        painter = QPainter(self)
        try:
            region = event.region()
            if region != QRegion(0, 0, self.width(), self.height()):
                painter.setClipRegion(region)  # only what changed is drawn (and flushed)
            self._on_screen = True
            self._paint(painter, now)
        finally:
            self._on_screen = False
            painter.end()
        moving = self.transition is not None and not self.transition.done(now)
        self._final_shown = not moving
        if moving or self._controls_fading(now):
            pace = cast(Transition, self.transition).pace(now) if moving else FRAME_SECONDS
            self._pacer.animating(now, pace)
        else:
            self._pacer.still(self._controls_fade_starts_in(now))
            if self.drag is None and self.transition is None:
                self._prefetch_timer.start()
        if not self._painted:
            self._painted = True
            if self._on_first_paint is not None:
                self._on_first_paint()

    def _overlay_shown(self) -> bool:
        """The ordinary controls are on screen (not under an alert, a blank screen or the
        accessibility mode, which draws its own bar that never fades)."""
        return self.cover is None and not self.navigator.blank and not self.navigator.access.on

    def _controls_fading(self, now: float) -> bool:
        return self._overlay_shown() and self.overlay.controls.fading(now)

    def _controls_fade_starts_in(self, now: float) -> float | None:
        return self.overlay.controls.fade_starts_in(now) if self._overlay_shown() else None

    def _next_frame(self) -> None:
        """Ask for the next frame of what moves: the whole window for a slide or a drag, only
        where the slides differ for a fade, only the controls for their fade."""
        if self.drag is not None or self.cover is not None or self.navigator.blank:
            self.update()
            return
        if self.transition is not None and self._changing is None:
            self.update()
            return
        now = time.monotonic()
        region = self._moving_region(now, progress=False)
        if region.isEmpty() and self.transition is not None:
            region = self._moving_region(now)  # the fade shows a frame on every point of its grid
        if not region.isEmpty():  # else nothing moves: a frame would show the same screen
            self.update(region)

    def _moving_region(self, now: float, *, progress: bool = True) -> QRegion:
        """What a frame repaints: where the running fade's frame changes the slides, the
        progress bar with `progress` (a fade's first frame, and its last when the fade's timer
        has to ask for it), and the controls while they show. The bar changes segment as the
        turn begins; later its own step a second redraws it, and a fade's frames reach it only
        where the slides change beneath it (so they rarely reach the accessibility button in
        the corner over it either)."""
        region = QRegion()
        width, height = self.width(), self.height()
        changing = self.transition.frame_region(now) if self.transition is not None else None
        if changing is not None:
            region = region.united(changing)
            if progress:
                region = region.united(self.overlay.progress_rect(width, height).toAlignedRect())
        # The controls while they show, and once more after their fade has ended (to take
        # them away): their last frame is due at or after the moment they are gone.
        if self._overlay_shown() and now - self.overlay.controls.visible_until < CONTROLS_GONE:
            region = region.united(self.overlay.controls_region(width, height))
        return region

    def _prefetch(self) -> None:
        # A tap then shows its first frame at once instead of drawing the slide first (5-25 ms).
        # One slide or page per turn of the event loop, so a touch waits for one drawing at most.
        if self._closing or self.transition is not None or self.drag is not None \
                or not self.isExposed() or self.navigator.asleep:
            return
        nav = self.navigator
        if nav.access.on:
            self._prefetch_pages()
            return
        size, ratio = self.size(), self.devicePixelRatio()
        for index, shown in nav.upcoming()[:PREFETCH_SLIDES]:
            if not self.cache.has(index, shown, size, ratio):
                fade_parts(self.slide_for(index, shown))  # ready for the turn to it
                self._drew_ahead = True
                self._prefetch_timer.start(0)
                return
        if self._drew_ahead:  # everything is ready: what drawing freed goes back to the system
            self._drew_ahead = False
            memory.release()

    def _prefetch_pages(self) -> None:
        """The accessibility mode's neighbours: the next page (or the next slide's first page)
        and the previous one, which a drag or a tap on the bar shows next."""
        nav = self.navigator
        if self._reading is None:
            return
        pages = self._pagination(nav.index, nav.shown).pages
        page = max(0, min(nav.access.page, pages - 1))
        wanted: list[tuple[int, int]] = []
        if nav.count > 1:
            wanted.append((nav.index, page + 1) if page + 1 < pages
                          else ((nav.index + 1) % nav.count, 0))
            wanted.append((nav.index, page - 1) if page > 0
                          else ((nav.index - 1) % nav.count, 0))
        for index, wanted_page in wanted:
            if not self._reading.has_page(index, cast(Shown, nav.shown),
                                          *self._view(), wanted_page):
                self._enlarged(index, nav.shown, wanted_page)
                self._prefetch_timer.start(0)
                return

    def _paint(self, painter: QPainter, now: float) -> None:
        width = self.width()
        if self.cover is not None or self.navigator.blank or self.navigator.asleep:
            if self._on_screen:
                self._screen_holds = None
                self._finishing = None
                if self.transition is not None:
                    self.transition.forget_screen()  # the screen no longer holds its last frame
            if self.cover is not None:
                self.cover(painter, width, self.height())
            else:
                painter.fillRect(QRect(0, 0, width, self.height()), QColor("black"))
            return
        holds: Sparse | None = None
        if self.drag is not None:
            neighbour = self._neighbour(-1 if self.drag < 0 else 1)
            paint_pair(painter, self.current_slide(), neighbour, self.drag * width, width)
        elif self.transition is not None:
            # Its last frame: the new slide alone.
            changing = self.transition.frame_region(now)  # what the screen still lacks of it
            self.transition.paint(painter, width, now, screen=self._on_screen)
            if self.transition.done(now) and (not painter.hasClipping() or (
                    changing is not None and changing.subtracted(painter.clipRegion()).isEmpty())):
                holds = self.transition.target  # outside what it changed, the slides agree
        else:
            slide = self.current_slide()
            draw_within(painter, slide)
            finishing = self._finishing
            if not painter.hasClipping() or self._screen_holds is slide or (
                    finishing is not None and finishing[0] is slide
                    and finishing[1].subtracted(painter.clipRegion()).isEmpty()):
                holds = slide
        if self._on_screen:
            self._screen_holds = holds
            self._finishing = None  # this frame painted what was still due (see _on_change)
            self._countdown_drawn = self.navigator.countdown is not None
        self.overlay.paint(painter, width, self.height(), now,
                           self.loaded.deck.deck.progress)

    def _neighbour(self, side: int) -> Sparse | None:
        nav = self.navigator
        if nav.access.on:
            return self._page_neighbour(side)
        if nav.count < 2:
            return None
        index = (nav.index - side) % nav.count  # finger left (side -1) reveals the next slide
        return self.slide_for(index, nav.shown)

    def _page_neighbour(self, side: int) -> Sparse | None:
        """In the mode a drag reveals the next or previous page, or the next slide's first page
        (what the turn at its end will show)."""
        nav = self.navigator
        pages = self._pagination(nav.index, nav.shown).pages
        page = max(0, min(nav.access.page, pages - 1)) - side
        if 0 <= page < pages:
            return self._enlarged(nav.index, nav.shown, page)
        if nav.count < 2:
            return None
        return self._enlarged((nav.index - side) % nav.count, nav.shown, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._drop_images()
        self._settle_pages()  # a page count belongs to a size
        self.update()

    def _drop_images(self, *, keep_reading: bool = False) -> None:
        """Drawn slides (and the mode's pages, unless kept) no longer fit: draw them again."""
        self.cache.clear()
        if self._reading is not None and not keep_reading:
            self._reading.clear()
        self._set_transition(None)

    def _set_transition(self, transition: Transition | None) -> None:
        """A transition begins (or none runs): it ends by its own timer, never by a paint."""
        self.transition = transition
        self._changing = transition.changing() if transition is not None else None
        if transition is None:
            self._transition_timer.stop()
            return
        transition.period = FRAME_SECONDS  # its pace (the window's frames: transition.pace)
        if transition.kind == "fade":
            area = self._changing if self._changing is not None \
                else QRegion(0, 0, self.width(), self.height())
            ratio = self.devicePixelRatio()
            transition.period = fade_period(round(sum(r.width() * r.height()
                                                      for r in rects(area)) * ratio * ratio))
        self._final_shown = False
        transition.overdrawn(self.overlay.drawn_over(self.width(), self.height()))
        self._transition_timer.start(max(0, math.ceil(transition.duration * 1000)))

    def _end_transition(self) -> None:
        if self.transition is None:
            return
        now = time.monotonic()
        if not self.transition.done(now):  # a timer may wake a little early
            self._transition_timer.start(1)
            return
        ended = self.transition
        region = self._moving_region(now) if ended.frame_region(now) is not None else None
        self._set_transition(None)
        if not self._final_shown:  # its last frame has not been painted yet
            if region is None or self.drag is not None:
                self.update()
            else:
                # Only what the fade still changes (outside, its slides agree): a whole 4K
                # window painted and flushed would be the slowest frame of the turn.
                self._finishing = (ended.target, region)
                self.update(region)
        elif self.drag is None:
            self._prefetch_timer.start()

    # ----- the navigator changed -------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        nav = self.navigator
        if change.kind == "deck":
            self._drop_images()
        if change.kind == "sleep":
            self._set_transition(None)  # a turn under way when the screen slept is not finished
        if change.kind == "access":
            # One view's images at a time (the other is drawn again when it comes back), and a
            # page of the other view must not fade on.
            self._drop_images(keep_reading=nav.access.on)
        if change.kind in ("access", "slide", "language", "deck", "sleep"):
            self._settle_pages()  # counted now, before a page turn asks how many there are
        new: Key = (nav.index, nav.shown)
        before = self.transition
        if new != self._displayed and change.kind in ("slide", "language", "deck"):
            self._start_transition(new, change)
        self._turn_from = None  # used by this change or by none
        self._displayed = new
        self._displayed_page = max(0, nav.page)
        self._sync_progress_timer()
        fade = self.transition if self.transition is not before else None
        changing = fade.changing() if fade is not None and fade.kind == "fade" else None
        finishing = self._finishing
        if fade is not None and changing is not None and (
                self._screen_holds is fade.source
                or (finishing is not None and finishing[0] is fade.source)):
            # The screen shows the slide the fade leaves (or will, once the region where the
            # last fade's final frame is still due is painted): its first frame, like the
            # others, repaints where the slides change (4K: a third of the screen instead of
            # all of it, painted and flushed), and the countdown a turn ends.
            region = self._moving_region(time.monotonic())
            if finishing is not None and finishing[0] is fade.source:
                region = region.united(finishing[1])
            if self._countdown_drawn or nav.countdown is not None:
                region = region.united(self.overlay.countdown_rect(self.width(), self.height()))
            self.update(region)
        else:
            self.update()

    def _start_transition(self, new: Key, change: Change) -> None:
        turn, self._turn_from = self._turn_from, None
        if change.kind == "deck" and turn is not None:
            source, change = turn  # a new version arriving with a page turn: drawn as the turn
        elif not self.isVisible() or change.kind == "deck" or self.navigator.access.on:
            self._set_transition(None)
            return
        else:
            source = self.slide_for(*self._displayed, self._displayed_page)  # the page it leaves
        target = self.slide_for(*new)
        # The clock starts once both slides are ready: a slide drawn cold (up to ~0.1 s at 4K)
        # would otherwise eat the first frames of the fade, which would start part-way through.
        now = time.monotonic()
        style = self.loaded.deck.transition_of(new[0])
        kind = style.kind
        if change.kind == "language" or change.source == "idle":
            kind = "fade" if kind != "none" else "none"
        offset, self._pending_offset = self._pending_offset, 0.0
        if kind == "none" or style.duration <= 0:
            self._set_transition(None)
            return
        direction = change.direction or (1 if new[0] >= self._displayed[0] else -1)
        self._set_transition(Transition(kind, source, target, now, style.duration, direction,
                                        offset))

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
        self._set_transition(None)
        self.drag = max(-1.0, min(1.0, offset))
        self._pacer.dragged()

    def drag_released(self, offset: float, committed: int) -> None:
        self.drag = None
        if committed:
            self._pending_offset = offset  # the page turn continues from where the finger left it
            return
        if offset:
            current = self.current_slide()
            neighbour = self._neighbour(-1 if offset < 0 else 1) or current
            self._set_transition(Transition("spring", neighbour, current, time.monotonic(),
                                            SPRING_SECONDS, 1, offset))
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
        self._transition_timer.stop()
        self._pacer.stop()
        self.close()

    # ----- what the session changes -----------------------------------------------------------
    def replace_deck(self, loaded: LoadedDeck, turn: Change | None = None) -> None:
        """A new version; the navigator's own "deck" change then clears the cache. With `turn`
        (a page turn the window has not drawn yet) that change is drawn as the turn, from the
        slide on screen (drawn from the old version, kept now) to the new version's."""
        if turn is not None and self.isVisible() and not self.navigator.access.on:
            self._turn_from = (self.slide_for(*self._displayed, self._displayed_page), turn)
        self.loaded = loaded

    def set_notice(self, text: str | None) -> None:
        self.overlay.notice = text
        if self.transition is not None:  # a fade under way no longer steps on where it shows
            self.transition.overdrawn(self.overlay.drawn_over(self.width(), self.height()))
        self.update()
