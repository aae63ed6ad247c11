"""Painting only reads, and a frame draws only what changed (offscreen, the real window).

A screenshot (the fleet's `grab_image`) taken at any moment changes nothing; the accessibility
mode's page count is settled on a change or a resize, not by a paint; an unchanged screen is not
painted again; a fade's frames repaint only where the two slides differ; the mode's neighbouring
pages are drawn ahead.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPointingDevice, QRegion
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.deck import load_deck
from kiosk.render.reading_cache import ReadingCache
from kiosk.shell.session import Session, Timings
from kiosk.shell.window import KioskWindow
from tests.conftest import DECK
from tests.sessions import start_session


class Frames(QObject):
    """Counts the frames a window draws, with the area each one draws (the painter's clip; the
    whole window when it has none)."""

    def __init__(self, window: KioskWindow) -> None:
        super().__init__()
        self.requests = 0
        self.painted: list[QRegion] = []
        self.window = window
        paint = window._paint
        whole = QRegion(0, 0, window.width(), window.height())
        painted = self.painted

        def drawn(painter: QPainter, now: float) -> None:
            painted.append(QRegion(painter.clipRegion()) if painter.hasClipping() else whole)
            paint(painter, now)

        window._paint = drawn  # type: ignore[method-assign]
        window.installEventFilter(self)

    def close(self) -> None:
        """Stop watching: the window draws and filters as before, and nothing here holds it."""
        self.window.removeEventFilter(self)
        del self.window._paint  # the class's own again

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.UpdateRequest:
            self.requests += 1
        return False


def inside(region: QRegion, outer: QRegion) -> bool:
    return region.subtracted(outer).isEmpty()


@pytest.fixture
def session(qtbot: QtBot) -> Iterator[Session]:
    started = start_session(qtbot, load_deck(DECK), kiosk_mode=False, autoplay=False,
                            timings=Timings(controls_seconds=0.6))
    yield started
    started.quit()
    # This session's window and the test's hooks on it, collected here on the main thread: a
    # collection another thread happens to trigger later would destroy them from there.
    gc.collect()


@pytest.fixture
def watch(session: Session) -> Iterator[Callable[[], Frames]]:
    made: list[Frames] = []

    def start() -> Frames:
        made.append(Frames(session.window))
        return made[-1]

    yield start
    for frames in made:
        frames.close()


@pytest.fixture(scope="module")
def touchscreen() -> QPointingDevice:
    return QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)


def state(session: Session) -> tuple[object, ...]:
    nav, window = session.navigator, session.window
    return (nav.index, nav.shown, nav.access.on, nav.access.page, nav.access.pages,
            window.transition, window.drag)


def test_a_screenshot_does_not_end_a_transition(session: Session, qtbot: QtBot) -> None:
    window = session.window
    session.navigator.next()
    transition = window.transition
    assert transition is not None
    # The moment after its last frame is due and before the window has drawn it: a screenshot
    # (an operator's MQTT command) arrives. It shows the end of the fade and changes nothing.
    transition.start -= transition.duration
    before = state(session)
    shot = window.grab_image()
    assert state(session) == before and window.transition is transition
    assert shot.copy(0, 0, window.width(), window.height() // 2) == window.current_image().copy(
        0, 0, window.width(), window.height() // 2)  # the arriving slide, whole
    qtbot.waitUntil(lambda: window.transition is None, timeout=20_000)  # its own timer ends it


def test_the_page_count_follows_a_resize_before_any_paint(session: Session,
                                                           qtbot: QtBot) -> None:
    nav, window = session.navigator, session.window
    nav.goto_slide("intake")
    QTest.keyClick(window, Qt.Key.Key_A)
    assert nav.access.on and nav.access.pages > 1
    seen: list[tuple[int, int, int, int]] = []  # (width, height, count before, count after)
    paint = window._paint

    def watched(painter: QPainter, now: float) -> None:
        before = nav.access.pages
        paint(painter, now)
        seen.append((window.width(), window.height(), before, nav.access.pages))

    window._paint = watched  # type: ignore[method-assign]
    counts = {nav.access.pages}
    for size in (QSize(720, 1280), QSize(1280, 400)):  # portrait needs fewer pages
        window.resize(size)
        qtbot.waitUntil(lambda size=size: any(  # type: ignore[misc]
            (w, h) == (size.width(), size.height()) for w, h, _, _ in seen), timeout=20_000)
        reserve = session.controls.access_reserve(size.width(), size.height())
        fresh = ReadingCache().pagination(nav.deck, nav.index, nav.shown, size.width(),
                                          size.height(), window.devicePixelRatio(), reserve)
        counts.add(fresh.pages)
        at_size = [(b, a) for w, h, b, a in seen if (w, h) == (size.width(), size.height())]
        # already settled when the first frame at the new size was drawn, and not by it
        assert at_size and all(b == a == fresh.pages for b, a in at_size), at_size
        before = state(session)
        window.grab_image()
        assert state(session) == before
    del window._paint  # the class's own again
    assert len(counts) > 1  # the sizes do change the count


def test_turning_back_to_a_slide_in_the_mode_settles_on_its_last_page(session: Session) -> None:
    nav, window = session.navigator, session.window
    nav.goto_slide("intake")
    QTest.keyClick(window, Qt.Key.Key_A)
    pages = nav.access.pages
    nav.goto_slide(nav.index + 1)
    QTest.keyClick(window, Qt.Key.Key_Left)  # back onto "intake": its last page
    assert nav.slide.id == "intake" and nav.access.page == pages - 1  # without a paint
    before = state(session)
    window.grab_image()
    assert state(session) == before


def test_an_unchanged_screen_is_not_painted_again(session: Session, qtbot: QtBot,
                                                  touchscreen: QPointingDevice,
                                                  watch: Callable[[], Frames]) -> None:
    """One tap in the accessibility mode: one frame, not a frame for every step of a fade
    of controls the mode does not even show."""
    nav, window = session.navigator, session.window
    QTest.keyClick(window, Qt.Key.Key_A)
    assert nav.access.on
    qtbot.waitUntil(lambda: not window._prefetch_timer.isActive(), timeout=20_000)
    frames = watch()
    point = QPoint(window.width() // 2, window.height() // 3)  # no control there
    QTest.touchEvent(window, touchscreen).press(0, point, window)
    QTest.touchEvent(window, touchscreen).release(0, point, window)
    shown_until = session.controls.visible_until
    qtbot.waitUntil(lambda: time.monotonic() > shown_until + 0.2, timeout=20_000)
    assert 1 <= frames.requests <= 2, frames.requests


def test_the_controls_fade_repaints_only_the_controls(session: Session, qtbot: QtBot,
                                                      touchscreen: QPointingDevice,
                                                      watch: Callable[[], Frames]) -> None:
    window = session.window
    frames = watch()
    point = QPoint(window.width() // 2, window.height() // 3)
    QTest.touchEvent(window, touchscreen).press(0, point, window)
    QTest.touchEvent(window, touchscreen).release(0, point, window)
    shown_until = session.controls.visible_until
    qtbot.waitUntil(lambda: time.monotonic() > shown_until + 0.2, timeout=20_000)
    controls = QRegion()
    for target in session.controls.targets(window.width(), window.height()):
        controls = controls.united(target.rect.adjusted(-8, -8, 8, 8).toAlignedRect())
    fading = [r for r in frames.painted if r != QRegion(0, 0, window.width(), window.height())]
    assert len(fading) >= 3  # the fade was drawn in steps...
    assert all(inside(r, controls) for r in fading)  # ...each only where the controls are


def test_a_fade_repaints_only_where_the_slides_differ(session: Session, qtbot: QtBot,
                                                      watch: Callable[[], Frames]) -> None:
    window, nav = session.window, session.navigator
    frames = watch()
    nav.next()
    transition = window.transition
    assert transition is not None and transition.kind == "fade"
    qtbot.waitUntil(lambda: window.transition is None, timeout=20_000)
    differ = transition.source.differs_from(transition.target)
    whole = QRegion(0, 0, window.width(), window.height())
    assert differ != whole
    steps = [r for r in frames.painted if r != whole]
    assert steps
    progress = session.window.overlay.progress_rect(window.width(), window.height())
    allowed = differ.united(progress.toAlignedRect())
    assert all(inside(r, allowed) for r in steps)


def test_the_modes_next_pages_are_drawn_ahead(session: Session, qtbot: QtBot) -> None:
    nav, window = session.navigator, session.window
    nav.goto_slide("intake")
    QTest.keyClick(window, Qt.Key.Key_A)
    assert nav.access.pages > 1
    reading = window._reading
    assert reading is not None
    view = (window.width(), window.height(), window.devicePixelRatio(),
            session.controls.access_reserve(window.width(), window.height()))

    def ready() -> bool:
        return reading.has_page(nav.index, nav.shown, *view, 1) and reading.has_page(
            (nav.index - 1) % nav.count, nav.shown, *view, 0)

    qtbot.waitUntil(ready, timeout=20_000)  # the next page and the previous slide's first


def test_the_controls_are_gone_from_the_screen_after_their_fade(session: Session, qtbot: QtBot,
                                                                touchscreen: QPointingDevice
                                                                ) -> None:
    """What the screen really holds (the window's own pixels, not a fresh drawing): a fade that
    repaints only the controls must also take them away at its end."""
    window = session.window
    width, height = window.width(), window.height()
    arrow = next(t for t in session.controls.targets(width, height) if t.name == "next")
    box = arrow.rect.toAlignedRect()

    def on_screen() -> QImage:
        shot = window.screen().grabWindow(window.winId()).toImage()
        return shot.convertToFormat(QImage.Format.Format_RGB32).copy(box)

    slide = window.current_image().convertToFormat(QImage.Format.Format_RGB32).copy(box)
    point = QPoint(width // 2, height // 3)
    QTest.touchEvent(window, touchscreen).press(0, point, window)
    QTest.touchEvent(window, touchscreen).release(0, point, window)
    qtbot.waitUntil(lambda: on_screen() != slide, timeout=20_000)  # the arrow shows...
    shown_until = session.controls.visible_until
    qtbot.waitUntil(lambda: time.monotonic() > shown_until + 0.2, timeout=20_000)
    assert on_screen() == slide  # ...and is gone, pixel for pixel


def test_the_screen_holds_the_arriving_slide_after_a_fade(session: Session, qtbot: QtBot) -> None:
    """Frames that repaint only where the slides differ still leave the whole new slide, to the
    last level of every pixel (the background is never blended into itself)."""
    window, nav = session.window, session.navigator
    for _ in range(6):
        nav.next()
        qtbot.waitUntil(lambda: window.transition is None, timeout=20_000)
        half = QRect(0, 0, window.width(), window.height() // 2)  # clear of the corner button
        expected = window.current_image().convertToFormat(QImage.Format.Format_RGB32).copy(half)

        def shown(half: QRect = half, expected: QImage = expected) -> bool:
            shot = window.screen().grabWindow(window.winId()).toImage()
            return shot.convertToFormat(QImage.Format.Format_RGB32).copy(half) == expected

        qtbot.waitUntil(shown, timeout=20_000)
