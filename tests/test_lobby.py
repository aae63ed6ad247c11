"""Lobby behaviour in the real window (offscreen): touch, mouse, wheel, controls, transitions,
autoplay and lockdown, driven with qtbot and real QTouchEvents."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QPointingDevice
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.controllers.controls import MIN_TARGET_MM, min_target_px
from kiosk.controllers.pointer import SWIPE_THRESHOLD
from kiosk.deck import load_deck
from kiosk.deck.loader import LoadedDeck
from kiosk.navigator import Navigator
from kiosk.shell.session import Session, Timings
from kiosk.shell.window import KioskWindow
from tests.sessions import start_session

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def touchscreen() -> QPointingDevice:
    return QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)


def make_window(qtbot: QtBot, loaded: LoadedDeck, **kwargs: object) -> KioskWindow:
    return start_session(qtbot, loaded, **kwargs).window


@pytest.fixture
def session(qtbot: QtBot, any_deck_path: Path) -> Iterator[Session]:
    started = start_session(qtbot, load_deck(any_deck_path))
    yield started
    started.quit()


@pytest.fixture
def window(session: Session) -> KioskWindow:
    return session.window


def swipe(window: KioskWindow, device: QPointingDevice, start: float, end: float,
          steps: int = 6) -> None:
    y = window.height() // 2
    QTest.touchEvent(window, device).press(0, QPoint(int(start), y), window)
    for i in range(1, steps + 1):
        x = start + (end - start) * i / steps
        QTest.touchEvent(window, device).move(0, QPoint(int(x), y), window)
    QTest.touchEvent(window, device).release(0, QPoint(int(end), y), window)


def test_touch_swipe_left_advances(window: KioskWindow, touchscreen: QPointingDevice) -> None:
    w = window.width()
    swipe(window, touchscreen, w * 0.7, w * 0.2)
    assert window.navigator.index == 1
    assert window.drag is None


def test_touch_swipe_right_goes_back(window: KioskWindow, touchscreen: QPointingDevice) -> None:
    window.navigator.goto_slide(3)
    w = window.width()
    swipe(window, touchscreen, w * 0.2, w * 0.7)
    assert window.navigator.index == 2


def test_short_slow_drag_springs_back(window: KioskWindow, touchscreen: QPointingDevice,
                                      qtbot: QtBot) -> None:
    w = window.width()
    y = window.height() // 2
    start = int(w * 0.5)
    QTest.touchEvent(window, touchscreen).press(0, QPoint(start, y), window)
    end = int(start - w * SWIPE_THRESHOLD * 0.5)
    QTest.touchEvent(window, touchscreen).move(0, QPoint(end, y), window)
    assert window.drag is not None and window.drag < 0  # the slide follows the finger
    qtbot.wait(400)  # slow enough not to be a flick
    QTest.touchEvent(window, touchscreen).release(0, QPoint(end, y), window)
    assert window.navigator.index == 0
    assert window.transition is not None and window.transition.kind == "spring"
    qtbot.waitUntil(lambda: window.transition is None, timeout=20_000)


def test_touch_taps_on_the_sides(window: KioskWindow, touchscreen: QPointingDevice) -> None:
    y = window.height() // 3
    right = QPoint(window.width() - window.width() // 8, y)
    QTest.touchEvent(window, touchscreen).press(0, right, window)
    QTest.touchEvent(window, touchscreen).release(0, right, window)
    assert window.navigator.index == 1
    left = QPoint(window.width() // 8, y)
    QTest.touchEvent(window, touchscreen).press(0, left, window)
    QTest.touchEvent(window, touchscreen).release(0, left, window)
    assert window.navigator.index == 0


def test_mouse_drag_and_click_share_the_gesture_path(window: KioskWindow, qtbot: QtBot) -> None:
    w, y = window.width(), window.height() // 3
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(int(w * 0.8), y))
    QTest.mouseMove(window, QPoint(int(w * 0.5), y))
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(int(w * 0.2), y))
    assert window.navigator.index == 1
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(int(w * 0.9), y))
    assert window.navigator.index == 2


def test_a_finger_is_followed_at_the_display_rate_not_the_touch_rate(
        window: KioskWindow, touchscreen: QPointingDevice, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QTimer

    from kiosk.shell.pacing import FRAME_SECONDS

    frames: list[float] = []
    paint = window._paint
    monkeypatch.setattr(window, "_paint", lambda painter, now: (frames.append(now),
                                                                 paint(painter, now)))
    x, y = window.width() * 0.8, window.height() // 2
    QTest.touchEvent(window, touchscreen).press(0, QPoint(int(x), y), window)
    moves: list[float] = []

    def move() -> None:  # a touch screen reporting every 2 ms
        moves.append(time.monotonic())
        QTest.touchEvent(window, touchscreen).move(0, QPoint(int(x - 2 * len(moves)), y), window)
        if len(moves) == 60:
            timer.stop()

    timer = QTimer()
    timer.timeout.connect(move)
    timer.start(2)
    qtbot.waitUntil(lambda: not timer.isActive())
    qtbot.waitUntil(lambda: max(frames) >= moves[-1])  # the last position is drawn
    assert window.drag is not None  # still held: the slide follows the finger
    during = [t for t in frames if t >= moves[0]]
    span = max(frames) - moves[0]
    assert 2 <= len(during) <= span / FRAME_SECONDS + 2
    QTest.touchEvent(window, touchscreen).release(0, QPoint(int(x - 120), y), window)


def test_wheel_moves_one_slide_per_notch(window: KioskWindow) -> None:
    from PySide6.QtGui import QWheelEvent

    def turn(delta: int) -> None:
        pos = QPointF(100, 100)
        event = QWheelEvent(pos, pos, QPoint(0, 0), QPoint(0, delta), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QGuiApplication.sendEvent(window, event)

    turn(-120)
    assert window.navigator.index == 1
    turn(120)
    assert window.navigator.index == 0


def test_a_touch_shows_controls_that_fade(window: KioskWindow, touchscreen: QPointingDevice,
                                          qtbot: QtBot) -> None:
    controls = window.overlay.controls
    now = time.monotonic()
    assert controls.opacity(now) == 0
    centre = QPoint(window.width() // 2, window.height() // 3)
    QTest.touchEvent(window, touchscreen).press(0, centre, window)
    QTest.touchEvent(window, touchscreen).release(0, centre, window)
    assert controls.opacity(time.monotonic()) == 1
    assert window.navigator.index == 0  # the middle only shows the controls
    controls.visible_until = time.monotonic() + 0.2  # let them fade now
    qtbot.waitUntil(lambda: controls.opacity(time.monotonic()) == 0, timeout=20_000)


def test_section_bar_and_language_button(window: KioskWindow, touchscreen: QPointingDevice
                                         ) -> None:
    nav = window.navigator
    controls = window.overlay.controls
    controls.show(time.monotonic())
    targets = {t.name: t for t in controls.targets(window.width(), window.height())}
    sections = [s.id for s in nav.deck.deck.sections]
    assert [n for n in targets if n.startswith("section:")] == [f"section:{s}" for s in sections]
    pos = targets[f"section:{sections[2]}"].rect.center().toPoint()
    QTest.touchEvent(window, touchscreen).press(0, pos, window)
    QTest.touchEvent(window, touchscreen).release(0, pos, window)
    assert nav.section == sections[2]
    before = nav.shown
    pos = targets["language"].rect.center().toPoint()
    QTest.touchEvent(window, touchscreen).press(0, pos, window)
    QTest.touchEvent(window, touchscreen).release(0, pos, window)
    assert nav.shown != before
    for target in targets.values():
        need = min_target_px(controls.dpi)
        assert target.rect.width() >= need and target.rect.height() >= need, target.name


def test_targets_are_nine_millimetres_on_a_dense_screen() -> None:
    from kiosk.controllers.controls import OnScreenControls

    loaded = load_deck(ROOT / "slides.yaml")
    nav = Navigator(loaded.deck)
    controls = OnScreenControls(nav, lambda: [s.id for s in loaded.deck.deck.sections],
                                dpi=400.0)  # a small, dense panel
    for target in controls.targets(1280, 720):
        mm = min(target.rect.width(), target.rect.height()) / 400.0 * 25.4
        assert mm >= MIN_TARGET_MM - 0.01, target.name


def test_transition_interrupted_finishes_at_once(window: KioskWindow, qtbot: QtBot) -> None:
    nav = window.navigator
    nav.next()
    first = window.transition
    assert first is not None and first.kind == nav.deck.transition_of(1).kind
    nav.next()
    second = window.transition
    assert second is not None and second is not first
    # the new transition starts from the slide that was arriving, not from slide 0
    assert second.source is window.slide_for(1, nav.shown)
    assert second.target is window.slide_for(2, nav.shown)
    qtbot.waitUntil(lambda: window.transition is None, timeout=20_000)


def test_slide_transition_direction_follows_navigation(qtbot: QtBot,
                                                       write_deck: object) -> None:
    text = (ROOT / "slides.yaml").read_text(encoding="utf-8").replace(
        "transition: {kind: fade, duration: 0.5}", "transition: {kind: slide, duration: 0.3}")
    loaded = load_deck(write_deck(text))  # type: ignore[operator]
    win = make_window(qtbot, loaded)
    try:
        win.navigator.next()
        assert win.transition is not None and win.transition.direction == 1
        win.navigator.prev()
        assert win.transition is not None and win.transition.direction == -1
        qtbot.waitUntil(lambda: win.transition is None, timeout=20_000)
    finally:
        win.close_for_good()


def test_autoplay_runs_on_its_own(qtbot: QtBot, write_deck: object) -> None:
    text = (ROOT / "slides.yaml").read_text(encoding="utf-8").replace(
        "  duration: 12\n", "  duration: 0.3\n")
    loaded = load_deck(write_deck(text))  # type: ignore[operator]
    win = make_window(qtbot, loaded)
    try:
        qtbot.waitUntil(lambda: win.navigator.index >= 2, timeout=20_000)
        assert win._progress_timer.isActive()
        nav = win.navigator
        QTest.keyClick(win, Qt.Key.Key_P)  # the operator pauses
        index = nav.index
        # Playing, the page would have turned at this slide's end: wait past that time (plus
        # the deadline timer's slack), ending early if it turns after all.
        due = nav.slide_started + nav.duration()
        qtbot.waitUntil(lambda: nav.index != index or time.monotonic() > due + 0.2,
                        timeout=20_000)
        assert nav.index == index and not win._progress_timer.isActive()
        deadline = nav.next_deadline()  # and the navigator asks to be woken for no page turn
        assert deadline is None or deadline > nav.slide_started + nav.duration()
    finally:
        win.close_for_good()


def test_escape_and_close_do_not_quit_a_kiosk(window: KioskWindow, qtbot: QtBot) -> None:
    QTest.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    window.close()
    assert window.isVisible()


def test_exit_chord_must_be_held(qtbot: QtBot) -> None:
    session = start_session(qtbot, load_deck(ROOT / "slides.yaml"),
                            timings=Timings(exit_hold=0.4, exit_release_grace_ms=50))
    window = session.window
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press = QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Q, mods)
    release = QKeyEvent(QKeyEvent.Type.KeyRelease, Qt.Key.Key_Q, mods)
    QGuiApplication.sendEvent(window, press)
    assert session.chord.armed
    QGuiApplication.sendEvent(window, release)  # let go too early: nothing happens
    qtbot.waitUntil(lambda: not session.chord.armed, timeout=20_000)
    assert window.isVisible()
    QGuiApplication.sendEvent(window, press)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    assert session.ended


def on_screen_is_black(window: KioskWindow) -> bool:
    """Whether every pixel the window put on the screen (its flushed backing store, grabbed
    through the platform as a screenshot would) is black."""
    from PySide6.QtGui import QColor, QImage

    shot = window.screen().grabWindow(window.winId()).toImage()
    shot = shot.convertToFormat(QImage.Format.Format_RGB32)
    black = QImage(shot.size(), QImage.Format.Format_RGB32)
    black.fill(QColor("black"))
    return bool(shot.width()) and shot == black


def test_blank_key_blacks_out(window: KioskWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not window.isExposed() or not on_screen_is_black(window))
    assert window.isExposed()  # the slide is up, so black below can only come from B
    QTest.keyClick(window, Qt.Key.Key_B)
    assert window.navigator.blank
    qtbot.waitUntil(lambda: on_screen_is_black(window), timeout=20_000)
    QTest.keyClick(window, Qt.Key.Key_Period)
    assert not window.navigator.blank
    qtbot.waitUntil(lambda: not on_screen_is_black(window), timeout=20_000)


def test_language_and_section_keys(window: KioskWindow) -> None:
    nav = window.navigator
    QTest.keyClick(window, Qt.Key.Key_4)
    assert nav.section == nav.deck.deck.sections[3].id
    seen = {nav.shown}
    QTest.keyClick(window, Qt.Key.Key_L)
    seen.add(nav.shown)
    QTest.keyClick(window, Qt.Key.Key_L)
    seen.add(nav.shown)
    assert seen == {"both", "ko", "en"}
    index = nav.index
    QTest.keyClick(window, Qt.Key.Key_Return)
    QTest.keyClick(window, Qt.Key.Key_Backspace)
    assert nav.index == index


def test_countdown_notice_is_drawn(window: KioskWindow, qtbot: QtBot) -> None:
    from PySide6.QtGui import QImage, QPainter

    nav = window.navigator
    plain = QImage(window.width(), window.height(), QImage.Format.Format_RGB32)
    with_notice = QImage(plain)
    for image, countdown in ((plain, None), (with_notice, 7)):
        nav.countdown = countdown
        painter = QPainter(image)
        window._paint(painter, time.monotonic())
        painter.end()
    nav.countdown = None
    assert plain != with_notice


def test_sleep_inhibitor_without_a_session_bus_is_harmless(monkeypatch: pytest.MonkeyPatch,
                                                            caplog: pytest.LogCaptureFixture
                                                            ) -> None:
    import logging

    from kiosk.shell.lockdown import SleepInhibitor

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    inhibitor = SleepInhibitor()
    with caplog.at_level(logging.INFO, logger="kiosk.shell.lockdown"):
        inhibitor.acquire()
        assert not inhibitor.active
        inhibitor.release()  # nothing to release, and no error
    said = [r.getMessage() for r in caplog.records if r.name == "kiosk.shell.lockdown"]
    assert any(m.startswith("no D-Bus session bus: screen blanking is left to the system")
               for m in said), said  # the operator is told why the screen may still blank
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_a_slide_that_fails_to_draw_is_logged_and_skipped(qtbot: QtBot,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture
                                                          ) -> None:
    from kiosk.render import layouts

    def broken(*_args: object) -> None:
        raise RuntimeError("a layout bug")

    monkeypatch.setitem(layouts.LAYOUTS, "statement", broken)
    loaded = load_deck(ROOT / "slides.yaml")
    win = make_window(qtbot, loaded)
    try:
        statement = next(i for i, s in enumerate(loaded.deck.slides) if s.layout == "statement")
        win.navigator.goto_slide(statement)
        win.current_image()  # what a paint would do
        qtbot.waitUntil(lambda: win.navigator.slide.layout != "statement", timeout=20_000)
        assert "it is skipped" in caplog.text and loaded.deck.slides[statement].id in caplog.text
        for _ in range(win.navigator.count):  # the loop never lands on it again
            win.navigator.next("autoplay")
            win.current_image()
            assert win.navigator.slide.id != loaded.deck.slides[statement].id
    finally:
        win.close_for_good()


def test_cursor_hidden_shown_on_mouse_move_then_hidden_again(qtbot: QtBot) -> None:
    session = start_session(qtbot, load_deck(ROOT / "slides.yaml"),
                            timings=Timings(cursor_seconds=0.1))  # a few seconds, really
    window = session.window
    assert window.cursor().shape() == Qt.CursorShape.BlankCursor
    QTest.mouseMove(window, QPoint(200, 200))
    QTest.mouseMove(window, QPoint(220, 210))
    assert window.cursor().shape() == Qt.CursorShape.ArrowCursor
    qtbot.waitUntil(lambda: window.cursor().shape() == Qt.CursorShape.BlankCursor, timeout=20_000)
