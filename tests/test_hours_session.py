"""Opening hours in the running kiosk (offscreen): a night start comes up black, a touch or key
wakes it (and does nothing else), it sleeps again after the idle timeout, the exit chord and the
accessibility button still work, an alert wakes it, the broker's commands and status say so,
proof of play and `kiosk stats` count the hours."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication, QImage, QKeyEvent, QPointingDevice
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.deck import load_deck
from kiosk.fleet.mqtt import parse_command
from kiosk.fleet.options import FleetOptions
from kiosk.shell.fleet_link import FleetLink
from kiosk.shell.session import Session, Timings
from tests.hours_decks import deck_text, seoul
from tests.sessions import start_session
from tests.test_fleet_schemas import check


class Wall:
    """The wall clock the hours read; real monotonic time drives the session's timers."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start.astimezone(dt.timezone.utc)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(scope="module")
def touchscreen() -> QPointingDevice:
    return QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)


@pytest.fixture
def night() -> Wall:
    return Wall(seoul(8, 2, 30))  # Tuesday, half past two in the morning


@pytest.fixture
def session(qtbot: QtBot, write_deck: Callable[[str], Path], night: Wall,
            tmp_path: Path) -> Iterator[Session]:
    text = deck_text().replace("idle_timeout: 60", "idle_timeout: 5")
    started = start_session(qtbot, load_deck(write_deck(text)), utc=night,
                            timings=Timings(exit_hold=0.3, exit_release_grace_ms=50))
    started.start_operations(tmp_path / "plays.jsonl", started.loaded.path, watch=False)
    yield started
    started.quit()


def black(image: QImage) -> bool:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    w, h = image.width(), image.height()
    return all(image.pixelColor(x * w // 8, y * h // 8).name() == "#000000"
               for x in range(8) for y in range(8))


def tap(session: Session, device: QPointingDevice, point: QPoint) -> None:
    window = session.window
    QTest.touchEvent(window, device).press(0, point, window)
    QTest.touchEvent(window, device).release(0, point, window)


def records(session: Session) -> list[dict[str, object]]:
    assert session.plays is not None
    return [json.loads(line) for line in session.plays.path.read_text().splitlines()]


def test_a_night_start_comes_up_black_and_asleep(session: Session, qtbot: QtBot) -> None:
    assert session.navigator.asleep and not session.navigator.playing
    assert black(session.window.grab_image())
    qtbot.waitUntil(lambda: session.power is not None and bool(session.power.said))
    assert session.power is not None
    assert "the screen shows black instead" in session.power.said[0]  # offscreen: no panel
    assert not session.inhibitor.active  # the PC's own power plan may act
    assert records(session)[0] == {"t": records(session)[0]["t"], "event": "sleep",
                                   "cause": "schedule", "watts": 120}


def test_a_touch_wakes_first_then_the_access_button_works(
        session: Session, touchscreen: QPointingDevice, qtbot: QtBot) -> None:
    nav = session.navigator
    w, h = session.window.width(), session.window.height()
    button = session.controls.access_button(w, h).rect.center().toPoint()
    tap(session, touchscreen, button)
    assert not nav.asleep and nav.sleep.state.words() == "awake (touch)"
    assert not nav.access.on  # the waking touch did nothing else
    assert not black(session.window.grab_image()) and nav.index == 0
    tap(session, touchscreen, button)
    assert nav.access.on
    assert [r["event"] for r in records(session)][:2] == ["sleep", "wake"]
    assert records(session)[1]["cause"] == "touch"


def test_a_key_wakes_and_the_screen_sleeps_again_after_the_idle_timeout(
        session: Session, qtbot: QtBot) -> None:
    nav = session.navigator
    QTest.keyClick(session.window, Qt.Key.Key_Right)
    assert not nav.asleep and nav.index == 0  # woken, not moved on
    QTest.keyClick(session.window, Qt.Key.Key_Right)
    assert nav.index == 1  # the next key is a key
    qtbot.waitUntil(lambda: nav.asleep, timeout=30_000)  # the deck's 5 s without a touch
    assert nav.index == 0 and black(session.window.grab_image())
    causes = [(r["event"], r.get("cause")) for r in records(session)
              if r["event"] in ("sleep", "wake")]
    assert causes == [("sleep", "schedule"), ("wake", "key"), ("sleep", "idle")]


def test_the_exit_chord_works_while_asleep(session: Session, qtbot: QtBot) -> None:
    assert session.navigator.asleep
    mods = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QGuiApplication.sendEvent(session.window, QKeyEvent(QKeyEvent.Type.KeyPress, Qt.Key.Key_Q,
                                                        mods))
    qtbot.waitUntil(lambda: session.ended, timeout=20_000)


def test_opening_wakes_it_by_itself_on_the_cover(session: Session, night: Wall,
                                                 qtbot: QtBot) -> None:
    nav = session.navigator
    night.now = seoul(8, 9, 0).astimezone(dt.timezone.utc)  # the clock reaches opening time
    session.driver.rearm()
    nav.tick()  # (the driver would within a minute; the test does not wait for it)
    assert not nav.asleep and nav.index == 0 and nav.playing
    assert nav.sleep.state.words() == "awake (schedule)"
    qtbot.waitUntil(lambda: not black(session.window.grab_image()))


def test_an_alert_wakes_the_screen_and_the_broker_sees_it(
        session: Session, tmp_path: Path, qtbot: QtBot,
        caplog: pytest.LogCaptureFixture) -> None:
    link = FleetLink(session, FleetOptions(None, None, tmp_path / "state"), None)
    try:
        nav = session.navigator
        status = link.status()
        assert status["state"] == "online" and status["display"] == "asleep (schedule)"
        assert check(status, "status") == []
        link.handle(parse_command("t", json.dumps({"command": "alert", "alert": {
            "title": {"ko": "화재", "en": "Fire"}, "level": "emergency"}}).encode()))
        assert not nav.asleep and link.status()["display"] == "awake (alert)"
        assert session.window.cover is not None
        link.handle(parse_command("t", json.dumps({"command": "alert", "clear": True}).encode()))
        assert nav.asleep and link.status()["display"] == "asleep (schedule)"
        link.handle(parse_command("t", b"wake"))
        assert not nav.asleep and link.status()["display"] == "awake (command)"
        assert check(link.status(), "status") == []
        link.handle(parse_command("t", b"sleep"))
        assert nav.asleep and link.status()["display"] == "asleep (command)"
    finally:
        link.stop()


@pytest.mark.parametrize("payload", [{"command": "sleep"}, {"command": "wake"}])
def test_the_sleep_commands_are_in_the_command_schema(payload: dict[str, str]) -> None:
    assert check(payload, "command") == []
    assert parse_command("kiosk/lobby/cmd", json.dumps(payload).encode()).name == \
        payload["command"]


def test_stats_count_hours_lit_and_asleep_and_the_energy(
        tmp_path: Path, run_cli: Callable[..., tuple[int, str, str]]) -> None:
    start = dt.datetime(2026, 12, 8, 0, 0).timestamp()  # the PC's local midnight
    lines = [{"t": start, "event": "sleep", "cause": "schedule", "watts": 120},
             {"t": start + 9 * 3600, "event": "wake", "cause": "schedule", "watts": 120},
             {"t": start + 12 * 3600, "event": "slide", "id": "cover", "lang": "both",
              "seconds": 12, "by": "autoplay"},
             {"t": start + 18 * 3600, "event": "sleep", "cause": "schedule", "watts": 120},
             {"t": start + 20 * 3600, "event": "wake", "cause": "touch", "watts": 120},
             {"t": start + 20.5 * 3600, "event": "sleep", "cause": "idle", "watts": 120},
             {"t": start + 33 * 3600, "event": "wake", "cause": "schedule", "watts": 120},
             {"t": start + 34 * 3600, "event": "slide", "id": "cover", "lang": "both",
              "seconds": 12, "by": "autoplay"}]
    plays = tmp_path / "plays.jsonl"
    plays.write_text("".join(json.dumps(r) + "\n" for r in lines))
    code, out, _ = run_cli("stats", str(plays))
    assert code == 0
    assert "2026-12-08 Tue    9.5 /  14.5" in out  # 09-18 and 20:00-20:30 lit
    assert "2026-12-09 Wed    1.0 /   9.0" in out  # asleep to 09:00, then lit to 10:00
    assert "slept: idle 1, schedule 2; woke: schedule 2, touch 1" in out
    # lit 10.5 h x 120 W = 1.26 kWh; asleep 23.5 h x 120 W = 2.82 kWh
    assert "energy: 1.3 kWh lit, 2.8 kWh saved asleep (69 % of the time; panel 120 W" in out


def test_a_deck_without_hours_never_sleeps_and_says_awake(
        qtbot: QtBot, write_deck: Callable[[str], Path], night: Wall, tmp_path: Path) -> None:
    session = start_session(qtbot, load_deck(write_deck(deck_text(hours=""))), utc=night)
    # (a window closed before its first paint makes Qt warn)
    qtbot.waitUntil(lambda: session.window._painted)  # noqa: SLF001
    try:
        assert not session.navigator.asleep and session.power is None
        link = FleetLink(session, FleetOptions(None, None, tmp_path / "state"), None)
        assert link.status()["display"] == "awake"
        link.handle(parse_command("t", b"sleep"))  # an operator may still put it to sleep
        assert session.navigator.asleep and link.status()["display"] == "asleep (command)"
        link.stop()
    finally:
        session.quit()


def test_the_display_power_is_said_in_the_log(session: Session, qtbot: QtBot,
                                              caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="kiosk")
    QTest.keyClick(session.window, Qt.Key.Key_Space)
    assert "screen awake (key)" in caplog.text


def test_asleep_the_mode_ends_and_no_timer_runs_but_the_hours(session: Session,
                                                               qtbot: QtBot) -> None:
    nav, window = session.navigator, session.window
    QTest.keyClick(window, Qt.Key.Key_Space)  # wakes it
    QTest.keyClick(window, Qt.Key.Key_A)  # the accessibility mode
    assert nav.access.on and not nav.asleep
    nav.sleep_command("sleep")
    assert nav.asleep and not nav.access.on and not nav.playing
    assert window.transition is None
    assert not window._progress_timer.isActive()  # noqa: SLF001
    remaining = session.driver._timer.remainingTime()  # noqa: SLF001
    assert remaining >= 30_000  # the next look at the hours, nothing sooner
    qtbot.waitUntil(lambda: black(window.grab_image()))


class RecordingInhibitor:
    """Stands in for the sleep inhibitor (its D-Bus and Windows calls are tested in
    test_sleep_inhibit.py): records when the session takes and lets go of it."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    @property
    def active(self) -> bool:
        return bool(self.calls) and self.calls[-1] == "acquire"

    def acquire(self) -> None:
        self.calls.append("acquire")

    def release(self) -> None:
        if self.active:
            self.calls.append("release")


def test_the_inhibitor_is_let_go_while_asleep_and_taken_again_on_waking(
        qtbot: QtBot, write_deck: Callable[[str], Path]) -> None:
    day = Wall(seoul(8, 10, 0))  # Tuesday morning: open
    deck_path = write_deck(deck_text())
    loaded = load_deck(deck_path)
    from kiosk.navigator import Navigator

    session = Session(loaded, Navigator(loaded.deck, utc=day))
    inhibitor = RecordingInhibitor()
    session.inhibitor = inhibitor  # type: ignore[assignment]
    session.show_on(QGuiApplication.primaryScreen())
    # Taken once the first frame is up and logging can say how it went.
    session.start_operations(deck_path.parent / "plays.jsonl", deck_path, watch=False)
    qtbot.waitUntil(lambda: inhibitor.calls == ["acquire"])
    try:
        session.navigator.sleep_command("sleep")  # the PC's power plan may act now
        assert inhibitor.calls == ["acquire", "release"]
        QTest.keyClick(session.window, Qt.Key.Key_Space)
        assert inhibitor.calls == ["acquire", "release", "acquire"]
    finally:
        session.quit()
    assert inhibitor.calls[-1] == "release"


def test_a_held_key_wakes_and_its_repeats_do_nothing_else(session: Session) -> None:
    """A clicker's button held down to wake the screen: the press wakes it, the key's
    auto-repeats until its release are that same press (as the waking touch's moves and
    release are), and the next press is a key again."""
    nav = session.navigator
    window = session.window

    def send(kind: QKeyEvent.Type, repeat: bool) -> None:
        QGuiApplication.sendEvent(window, QKeyEvent(kind, Qt.Key.Key_Right,
                                                    Qt.KeyboardModifier.NoModifier, "",
                                                    repeat))

    send(QKeyEvent.Type.KeyPress, False)
    assert not nav.asleep
    for _ in range(5):  # X sends a release and a press for each repeat
        send(QKeyEvent.Type.KeyRelease, True)
        send(QKeyEvent.Type.KeyPress, True)
    send(QKeyEvent.Type.KeyRelease, False)
    assert nav.index == 0  # woken on the cover, not moved on by the repeats
    QTest.keyClick(window, Qt.Key.Key_Right)
    assert nav.index == 1


@pytest.mark.parametrize("kiosk_mode", [True, False], ids=["kiosk", "windowed"])
def test_a_night_start_says_why_the_screen_is_black(
        qtbot: QtBot, write_deck: Callable[[str], Path], night: Wall, tmp_path: Path,
        caplog: pytest.LogCaptureFixture, kiosk_mode: bool) -> None:
    """Started outside the hours the window is black from the first frame; the log says why
    (an operator editing a deck in the evening with --windowed saw black and no word)."""
    caplog.set_level(logging.INFO, logger="kiosk")
    started = start_session(qtbot, load_deck(write_deck(deck_text())), utc=night,
                            kiosk_mode=kiosk_mode)
    # (a window closed before its first paint makes Qt warn)
    qtbot.waitUntil(lambda: started.window._painted)  # noqa: SLF001
    try:
        started.start_operations(tmp_path / "plays.jsonl", started.loaded.path, watch=False)
        assert "screen asleep (schedule) from the start: outside the opening hours" \
            in caplog.text
    finally:
        started.quit()
