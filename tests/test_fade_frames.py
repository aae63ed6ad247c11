"""A fade's frames drawn as plain rectangles (shell/transitions.py): the same pixels as a fade
drawn under the frame's clip, nothing outside the frame's region, the arriving slide blended only
where the slides differ; its pace; a turn pressed during a fade ends on the right slide."""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion
from pytestqt.qtbot import QtBot

from kiosk.deck import load_deck
from kiosk.render.tiles import Sparse, rects
from kiosk.shell.pacing import FRAME_SECONDS, FULL_RATE_PIXELS, fade_period
from kiosk.shell.session import Session, Timings
from kiosk.shell.transitions import Transition
from tests.conftest import DECK
from tests.sessions import start_session
from tests.test_tiles import BACKGROUND, drawn, largest_difference, shapes

boxes = st.lists(st.tuples(st.integers(0, 999), st.integers(0, 999), st.integers(1, 600),
                           st.integers(1, 600)), min_size=1, max_size=5)


def region_of(size: tuple[int, int], found: list[tuple[int, int, int, int]]) -> QRegion:
    w, h = size
    region = QRegion()
    for x, y, rw, rh in found:
        region = region.united(QRect(x * w // 1000, y * h // 1000, max(1, rw * w // 1000),
                                     max(1, rh * h // 1000)))
    return region.intersected(QRect(0, 0, w, h))


@settings(max_examples=40, deadline=None)
@given(st.tuples(st.integers(40, 300), st.integers(40, 200)), shapes, shapes, boxes,
       st.floats(0.02, 0.98), st.booleans())
def test_a_fade_frame_draws_its_region_only_and_blends_only_where_the_slides_differ(
        qapp: object, size: tuple[int, int], first: list[tuple[int, int, int, int, int]],
        second: list[tuple[int, int, int, int, int]], found: list[tuple[int, int, int, int]],
        now: float, clipped: bool) -> None:
    source = Sparse.of(drawn(size, first), BACKGROUND, 1.0)
    target = Sparse.of(drawn(size, second, text=True), BACKGROUND, 1.0)
    fade = Transition("fade", source, target, 0.0, 1.0, through=False)  # the cross-fade
    region = region_of(size, found) if clipped else QRegion(0, 0, *size)
    differ = source.differs_from(target)

    def before() -> QImage:  # what the screen held: nothing of either slide
        screen = QImage(size[0], size[1], QImage.Format.Format_RGB32)
        screen.fill(QColor("magenta"))
        return screen

    shown = before()
    painter = QPainter(shown)
    if clipped:
        painter.setClipRegion(region)
    fade.paint(painter, size[0], now)
    # What is drawn after the slides (the controls, the progress bar) is clipped as before.
    assert painter.hasClipping() == clipped
    if clipped:
        assert painter.clipRegion() == region
    painter.end()

    expected = before()  # the same frame drawn under the clip, picture by picture
    painter = QPainter(expected)
    painter.setClipRegion(region)
    source.draw(painter)
    painter.setClipRegion(differ, Qt.ClipOperation.IntersectClip)
    painter.setOpacity(fade.progress(now))
    target.draw(painter)
    painter.end()
    # Outside the region the screen is untouched (magenta differs by far more than a level);
    # inside, Qt's rectangle blits and its clipped spans may round one level apart.
    assert largest_difference(shown, expected) <= 1
    whole_source = source.image()
    for rect in rects(region.subtracted(differ)):  # where both slides are the same: exact
        assert shown.copy(rect) == whole_source.copy(rect)


def boxed(size: tuple[int, int], found: list[tuple[int, int, int, int]], rgb: int) -> QImage:
    """A slide with boxes of one colour, large enough that whole tiles inside them are kept as
    that colour (tiles.Sparse.flats), with a line of text in each."""
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(BACKGROUND)
    painter = QPainter(image)
    for x, y, w, h in found:
        rect = QRect(x * size[0] // 1000, y * size[1] // 1000, 80 + w // 4, 80 + h // 4)
        painter.fillRect(rect, QColor(rgb))
        painter.drawText(rect, "양재 AI")
    painter.end()
    return image


@settings(max_examples=25, deadline=None)
@given(st.tuples(st.integers(160, 400), st.integers(160, 300)), boxes, boxes,
       st.integers(0x101010, 0xEFEFEF), st.floats(0.02, 0.98))
def test_a_fade_frame_draws_the_boxes_kept_as_their_colour(
        qapp: object, size: tuple[int, int], first: list[tuple[int, int, int, int]],
        second: list[tuple[int, int, int, int]], rgb: int, now: float) -> None:
    """A box's inside kept as a colour, not pixels, is drawn in every frame of a fade: the
    frame's rectangles once left it out, and the screen kept whatever was there before."""
    source = Sparse.of(boxed(size, first, rgb), BACKGROUND, 1.0)
    target = Sparse.of(boxed(size, second, rgb ^ 0x303030), BACKGROUND, 1.0)
    assume(source.flats or target.flats)  # boxes too small for a whole tile: no flat to test
    fade = Transition("fade", source, target, 0.0, 1.0, through=False)  # the cross-fade
    shown, expected = frame_and_cross_fade(fade, size, now)
    assert largest_difference(shown, expected) <= 1


def frame_and_cross_fade(fade: Transition, size: tuple[int, int],
                         now: float) -> tuple[QImage, QImage]:
    """The fade's frame at `now` painted over magenta (a pixel it leaves out shows), and the
    cross-fade of its two slides at that moment's opacity."""
    shown = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    shown.fill(QColor("magenta"))
    painter = QPainter(shown)
    fade.paint(painter, size[0], now)
    painter.end()
    expected = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    painter = QPainter(expected)
    fade.source.draw(painter)
    painter.setOpacity(fade.progress(now))
    fade.target.draw(painter)
    painter.end()
    return shown, expected

STEP_LEVELS = 8  # rounding of a fade's steps: measured at most 6 levels over 30 steps


@settings(max_examples=30, deadline=None)
@given(st.tuples(st.integers(40, 240), st.integers(40, 160)), shapes, shapes, boxes,
       st.lists(st.floats(0.01, 0.99), min_size=1, max_size=14), st.sets(st.integers(0, 13)))
def test_frames_on_the_screen_step_on_from_the_last_and_end_on_the_arriving_slide(
        qapp: object, size: tuple[int, int], first: list[tuple[int, int, int, int, int]],
        second: list[tuple[int, int, int, int, int]], over: list[tuple[int, int, int, int]],
        times: list[float], lost: set[int]) -> None:
    """The screen keeps the last frame; where nothing else is drawn over the slides a frame
    steps on from it. Something drawn over them each frame (the controls: here a translucent
    box) and frames whose update does not reach all of the fade (a progress bar's tick) must
    not be stepped on from; a frame may also be painted again at the same moment."""
    source = Sparse.of(drawn(size, first), BACKGROUND, 1.0)
    target = Sparse.of(drawn(size, second, text=True), BACKGROUND, 1.0)
    fade = Transition("fade", source, target, 0.0, 1.0, through=False)  # the cross-fade
    overlay = region_of(size, over)
    fade.overdrawn(overlay)
    differ = source.differs_from(target)
    frame_region = differ.united(overlay)
    tick = QRegion(0, size[1] - 4, size[0], 4)

    def frame(screen: QImage, now: float, region: QRegion, on_screen: bool) -> None:
        painter = QPainter(screen)
        painter.setClipRegion(region)
        fade.paint(painter, size[0], now, screen=on_screen)
        for rect in rects(overlay):  # drawn over the slides, at the painter's clip
            painter.fillRect(rect, QColor(255, 0, 0, 90))
        painter.end()

    screen = source.image()  # the leaving slide, as the screen showed it before the fade
    for i, now in enumerate(sorted(times) + [sorted(times)[-1]]):
        frame(screen, now, tick if i in lost else frame_region, True)
        expected = source.image()  # every frame drawn from both slides, the screen forgotten
        frame(expected, now, frame_region, False)
        if i not in lost:
            assert largest_difference(screen, expected) <= STEP_LEVELS
    frame(screen, 1.0, frame_region, True)  # the last frame: the arriving slide alone
    arrived = target.image()
    for rect in rects(QRegion(0, 0, *size).subtracted(overlay)):
        assert screen.copy(rect) == arrived.copy(rect)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 4 * FULL_RATE_PIXELS))
def test_a_fade_blending_more_than_a_quarter_of_a_1080p_screen_runs_at_half_the_rate(
        pixels: int) -> None:
    period = fade_period(pixels)
    assert FULL_RATE_PIXELS == 1920 * 1080 // 4
    assert period == (2 * FRAME_SECONDS if pixels > FULL_RATE_PIXELS else FRAME_SECONDS)
    assert 1 / period in (30, 60)


@pytest.fixture
def session(qtbot: QtBot) -> Iterator[Session]:
    started = start_session(qtbot, load_deck(DECK), kiosk_mode=False, autoplay=False,
                            timings=Timings(controls_seconds=0.6))
    yield started
    started.quit()
    gc.collect()  # this session's window, collected here on the main thread


@pytest.mark.parametrize("turns", [2, 3])
def test_a_turn_during_a_fade_ends_on_the_right_slide_with_its_pixels(session: Session,
                                                                      qtbot: QtBot,
                                                                      turns: int) -> None:
    """A visitor swiping fast: each turn is pressed while the last fade still runs."""
    window, nav = session.window, session.navigator
    start = nav.index
    for _ in range(turns):
        nav.next()
        assert window.transition is not None and window.transition.kind == "fade"
    assert nav.index == (start + turns) % nav.count
    qtbot.waitUntil(lambda: window.transition is None, timeout=5000)
    half = QRect(0, 0, window.width(), window.height() // 2)  # clear of the corner button
    expected = window.current_image().convertToFormat(QImage.Format.Format_RGB32).copy(half)

    def shown() -> bool:
        shot = window.screen().grabWindow(window.winId()).toImage()
        return shot.convertToFormat(QImage.Format.Format_RGB32).copy(half) == expected

    qtbot.waitUntil(shown, timeout=3000)


@pytest.mark.parametrize("seed", [1, 2])
def test_after_any_run_of_turns_the_screen_holds_exactly_a_fresh_drawing(session: Session,
                                                                         qtbot: QtBot,
                                                                         seed: int) -> None:
    """Fades whose first frame repaints only where the slides differ (the screen held the
    leaving slide), turns during a fade, language switches and a blank screen in between: once
    things settle, the window's own pixels are what a fresh drawing of its state shows."""
    window, nav = session.window, session.navigator
    rng = random.Random(seed)
    actions = [nav.next, nav.prev, nav.toggle_language, nav.toggle_blank]

    def settled() -> bool:
        shot = window.screen().grabWindow(window.winId()).toImage()
        fresh = window.grab_image()
        return shot.convertToFormat(QImage.Format.Format_RGB32) == fresh.convertToFormat(
            QImage.Format.Format_RGB32)

    def still_same(fade: Transition | None) -> None:
        """Mid-fade, where its two slides agree and nothing is drawn over them, the screen
        shows them (not what an earlier fade left there)."""
        changing = fade.changing() if fade is not None else None
        if fade is None or changing is None or nav.blank or fade is not window.transition:
            return
        agree = QRegion(0, 0, window.width(), window.height()).subtracted(changing).subtracted(
            window.overlay.drawn_over(window.width(), window.height()))
        shot = window.screen().grabWindow(window.winId()).toImage().convertToFormat(
            QImage.Format.Format_RGB32)
        leaving = fade.source.image().convertToFormat(QImage.Format.Format_RGB32)
        for rect in rects(agree):
            assert shot.copy(rect) == leaving.copy(rect)

    for _ in range(8):
        for _ in range(rng.choice([1, 1, 2, 3])):  # several: each during the last one's fade
            painted = window._pacer.last_paint
            rng.choice(actions)()
            if window.transition is not None:  # the next action comes once a frame shows
                qtbot.waitUntil(lambda p=painted: window._pacer.last_paint > p, timeout=3000)
                still_same(window.transition)
        qtbot.waitUntil(lambda: window.transition is None, timeout=5000)
        qtbot.waitUntil(settled, timeout=3000)
    if nav.blank:
        nav.toggle_blank()
    nav.next()
    qtbot.waitUntil(lambda: window.transition is None, timeout=5000)
    qtbot.waitUntil(settled, timeout=3000)
