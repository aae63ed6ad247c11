"""The accessibility mode in the running kiosk (offscreen): in and out by touch and by key,
controls within reach, autoplay and the idle countdown, speech that starts and stops."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QProcess, Qt
from PySide6.QtGui import QGuiApplication, QPointingDevice
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.controllers.controls import REACH_BOTTOM_CM, REACH_TOP_CM, min_target_px
from kiosk.deck import load_deck
from kiosk.deck.fields import Lang
from kiosk.deck.spoken import spoken_text
from kiosk.ops.speech import Engine
from kiosk.shell.session import Session
from tests.conftest import DECK
from tests.sessions import start_session


class SlowVoice(Engine):
    """Stands in for an audio device that takes its time: it reads the text and then plays
    for half a minute, unless it is stopped."""

    name = "slow"

    def __init__(self) -> None:
        super().__init__(sys.executable)

    def command(self, lang: Lang, rate: float, volume: float, wav: Path | None) -> list[str]:
        return [sys.executable, "-c", "import sys, time; sys.stdin.read(); time.sleep(30)"]


@pytest.fixture(scope="module")
def touchscreen() -> QPointingDevice:
    return QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)


@pytest.fixture
def session(qtbot: QtBot) -> Iterator[Session]:
    started = start_session(qtbot, load_deck(DECK), kiosk_mode=False)
    started.speech_engine = SlowVoice
    yield started
    started.quit()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def tap(session: Session, device: QPointingDevice, point: QPoint) -> None:
    window = session.window
    QTest.touchEvent(window, device).press(0, point, window)
    QTest.touchEvent(window, device).release(0, point, window)


def target(session: Session, name: str) -> QPoint:
    w, h = session.window.width(), session.window.height()
    found = {t.name: t for t in session.controls.access_targets(w, h)}
    return found[name].rect.center().toPoint()


def test_in_and_out_by_touch(session: Session, touchscreen: QPointingDevice) -> None:
    nav = session.navigator
    tap(session, touchscreen, target(session, "access"))
    assert nav.access.on and not nav.playing
    assert nav.access.pages >= 1 and session.window.current_image().pixelColor(5, 5).name() \
        == "#000000"  # the enlarged, high-contrast page is what is on screen
    tap(session, touchscreen, target(session, "access"))  # the same button, now "Exit"
    assert not nav.access.on


def test_in_and_out_by_key(session: Session) -> None:
    nav = session.navigator
    QTest.keyClick(session.window, Qt.Key.Key_A)
    assert nav.access.on
    QTest.keyClick(session.window, Qt.Key.Key_F1)
    assert not nav.access.on
    QTest.keyClick(session.window, Qt.Key.Key_F1)
    assert nav.access.on


def test_the_button_answers_when_the_controls_are_hidden(session: Session,
                                                         touchscreen: QPointingDevice) -> None:
    session.controls.visible_until = 0  # no touch yet: nothing else on screen answers
    w, h = session.window.width(), session.window.height()
    button = session.controls.access_button(w, h).rect
    assert button.width() >= min_target_px(session.controls.dpi) * 1.2
    tap(session, touchscreen, button.center().toPoint())
    assert session.navigator.access.on


def test_the_bar_turns_pages_and_slides(session: Session, touchscreen: QPointingDevice) -> None:
    nav = session.navigator
    nav.goto_slide("intake")
    QTest.keyClick(session.window, Qt.Key.Key_A)
    assert nav.access.pages > 1
    tap(session, touchscreen, target(session, "next"))
    assert nav.access.page == 1 and nav.slide.id == "intake"
    for _ in range(nav.access.pages - 1):
        tap(session, touchscreen, target(session, "next"))
    assert nav.slide.id != "intake" and nav.access.page == 0
    QTest.keyClick(session.window, Qt.Key.Key_Left)  # keys and taps turn pages too
    assert nav.slide.id == "intake" and nav.access.page == nav.access.pages - 1


@pytest.mark.parametrize("bottom_cm", [112.0, 85.0, 30.0])
def test_every_control_in_the_mode_is_within_reach(qtbot: QtBot, write_deck: Callable[..., Path],
                                                   bottom_cm: float) -> None:
    text = DECK.read_text(encoding="utf-8").replace(
        "  language: both\n", f"  language: both\n  display: {{bottom_cm: {bottom_cm}}}\n")
    session = start_session(qtbot, load_deck(write_deck(text)), kiosk_mode=False)
    try:
        screen = session.window.screen()
        dpi = screen.physicalDotsPerInch()
        h = session.window.height()
        cm_per_px = 2.54 / dpi  # the screen's own physical size

        def floor_cm(y: float) -> float:
            return bottom_cm + (h - y) * cm_per_px

        w = session.window.width()
        reachable = [session.controls.access_button(w, h)]
        session.navigator.access.toggle()
        reachable += session.controls.access_targets(w, h)
        assert len(reachable) == 10
        for t in reachable:
            top, bottom = floor_cm(t.rect.top()), floor_cm(t.rect.bottom())
            assert top <= REACH_TOP_CM + 0.01, f"{t.name} reaches {top:.0f} cm"
            assert bottom >= REACH_BOTTOM_CM - 0.01, f"{t.name} is down at {bottom:.0f} cm"
        QGuiApplication.processEvents()  # let the mode's first frame go out before closing
    finally:
        session.quit()


def test_autoplay_stops_and_the_countdown_is_longer_and_says_how_to_wait(
        qtbot: QtBot, write_deck: Callable[..., Path]) -> None:
    text = DECK.read_text(encoding="utf-8").replace("  duration: 12\n", "  duration: 0.3\n") \
        .replace("  idle_timeout: 60\n", "  idle_timeout: 5\n  idle_countdown: 1\n"
                 "  accessibility: {idle_timeout: 30, idle_countdown: 29}\n")
    session = start_session(qtbot, load_deck(write_deck(text)), kiosk_mode=False)
    session.speech_engine = lambda: None
    try:
        nav = session.navigator
        qtbot.waitUntil(lambda: nav.index == 1, timeout=30_000)  # autoplay runs
        QTest.keyClick(session.window, Qt.Key.Key_A)
        assert nav.access.on and not nav.playing
        plain = session.window.grab_image()
        # The mode's countdown starts after 1 s (30 - 29), the ordinary one would only after 4.
        qtbot.waitUntil(lambda: nav.countdown is not None, timeout=20_000)
        assert nav.countdown > 20 and nav.index == 1
        assert session.window.grab_image() != plain  # the warning is on screen
        QTest.keyClick(session.window, Qt.Key.Key_Z)  # any key: more time
        assert nav.countdown is None and nav.access.on
    finally:
        session.quit()


def test_speech_starts_on_arrival_and_stops_on_a_page_turn(session: Session,
                                                            qtbot: QtBot) -> None:
    nav = session.navigator
    nav.goto_slide("intake")
    QTest.keyClick(session.window, Qt.Key.Key_A)
    speech = session.access_speech
    assert speech is not None
    speaker = speech.speaker
    qtbot.waitUntil(lambda: speaker.process is not None and speaker.process.state()
                    == QProcess.ProcessState.Running, timeout=30_000)
    assert speaker.spoken[-1].text == spoken_text(nav.slide, nav.deck, "ko")  # Korean first
    pid = speaker.process.processId()
    QTest.keyClick(session.window, Qt.Key.Key_Right)  # the next page of the same slide
    assert nav.access.page == 1 and not speaker.speaking
    # Killed and reaped, not left to finish (it would take 30 s).
    qtbot.waitUntil(lambda: not _alive(pid), timeout=15_000)
    QTest.keyClick(session.window, Qt.Key.Key_R)  # read again
    assert speaker.speaking and speaker.spoken[-1].text == spoken_text(nav.slide, nav.deck, "ko")
    nav.goto_slide("contact")  # a new slide: its own words, the old ones cut off
    assert "공 이, 이 일 삼 삼" in speaker.spoken[-1].text
    QTest.keyClick(session.window, Qt.Key.Key_L)  # one language: read in that one only
    assert speaker.spoken[-1].lang == nav.shown
    QTest.keyClick(session.window, Qt.Key.Key_A)  # leaving the mode silences it
    assert not speaker.speaking


def test_volume_and_rate_reach_the_engine(session: Session) -> None:
    QTest.keyClick(session.window, Qt.Key.Key_A)
    speech = session.access_speech
    assert speech is not None
    for key in (Qt.Key.Key_Plus, Qt.Key.Key_BracketRight, Qt.Key.Key_BracketRight):
        QTest.keyClick(session.window, key)
    assert speech.speaker.volume == pytest.approx(0.9) and speech.speaker.rate == 1.3
    assert speech.speaker.spoken[-1].text == "소리 90%, 빠르기 1.3"  # said back to the visitor


def test_without_an_engine_the_mode_still_works(qtbot: QtBot,
                                                caplog: pytest.LogCaptureFixture) -> None:
    session = start_session(qtbot, load_deck(DECK), kiosk_mode=False)
    session.speech_engine = lambda: None
    try:
        with caplog.at_level(logging.WARNING):
            QTest.keyClick(session.window, Qt.Key.Key_A)
            QTest.keyClick(session.window, Qt.Key.Key_R)
            QTest.keyClick(session.window, Qt.Key.Key_Right)
        assert session.navigator.access.on
        assert [r.getMessage() for r in caplog.records if "speech" in r.getMessage()] == [
            "accessibility mode: no speech engine found (install espeak-ng); the mode works "
            "without speech"]
    finally:
        session.quit()


def test_windows_voices_are_chosen_by_language_rate_and_volume() -> None:
    """Only the command is checked here: CI has no Windows (SAPI is untested beyond this)."""
    from kiosk.ops.speech import Sapi

    program, *args = Sapi("powershell.exe").command("ko", 2.0, 0.5, Path("C:/out.wav"))
    script = args[-1]
    assert program == "powershell.exe" and args[:3] == ["-NoProfile", "-NonInteractive",
                                                        "-Command"]
    assert "-like 'ko-KR*'" in script and "$s.Rate=10;" in script and "$s.Volume=50;" in script
    assert "SetOutputToWaveFile('C:/out.wav')" in script
    assert "[Console]::In.ReadToEnd()" in script  # the text comes on standard input, unquoted
    slow = Sapi("powershell.exe").command("en", 0.5, 1.0, None)[-1]
    assert "-like 'en-*'" in slow and "$s.Rate=-5;" in slow and "SetOutputToWaveFile" not in slow


def test_the_idle_warning_is_spoken_once(qtbot: QtBot, write_deck: Callable[..., Path]) -> None:
    from kiosk.shell.access import COUNTDOWN

    text = DECK.read_text(encoding="utf-8").replace(
        "  idle_timeout: 60\n", "  idle_timeout: 60\n"
        "  accessibility: {idle_timeout: 30, idle_countdown: 29}\n")
    session = start_session(qtbot, load_deck(write_deck(text)), kiosk_mode=False)
    session.speech_engine = SlowVoice
    try:
        QTest.keyClick(session.window, Qt.Key.Key_A)
        speech = session.access_speech
        assert speech is not None
        nav = session.navigator
        qtbot.waitUntil(lambda: nav.countdown is not None and nav.countdown < 28, timeout=30_000)
        warnings = [u for u in speech.speaker.spoken if "처음 화면으로" in u.text]
        assert len(warnings) == 1  # said when it starts, not every second
        assert warnings[0].text == COUNTDOWN["ko"].format(n=29)
    finally:
        session.quit()


def test_the_mode_settles_without_drawing_ahead_forever(session: Session, qtbot: QtBot) -> None:
    """Drawing the next slide ahead looks in the ordinary cache; in the mode it must not keep
    re-arming itself (a busy loop: a core spent while the screen stands still)."""
    window = session.window
    QTest.keyClick(window, Qt.Key.Key_A)
    window.update()
    qtbot.waitUntil(lambda: not window._prefetch_timer.isActive(), timeout=20_000)


def test_an_engine_that_cannot_start_does_not_leave_speech_hanging(session: Session,
                                                                   qtbot: QtBot) -> None:
    class Missing(Engine):
        name = "missing"

        def command(self, lang: Lang, rate: float, volume: float,
                    wav: Path | None) -> list[str]:
            return ["/nonexistent/espeak-ng", lang]

    session.speech_engine = lambda: Missing("/nonexistent/espeak-ng")
    QTest.keyClick(session.window, Qt.Key.Key_A)
    speech = session.access_speech
    assert speech is not None
    qtbot.waitUntil(lambda: not speech.speaker.speaking, timeout=20_000)
    assert [u.lang for u in speech.speaker.spoken] == ["ko", "en"]  # both tried, in order
