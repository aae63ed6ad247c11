"""The operator's blank (B or .) holds until B again: time passes unseen behind it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.deck import Deck, load_deck
from kiosk.navigator import Navigator
from tests.sessions import start_session
from tests.test_navigator import FakeClock

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_deck(ROOT / "slides.yaml").deck


def test_blank_outlasts_the_idle_timeout(deck: Deck) -> None:
    clock = FakeClock()
    nav = Navigator(deck, clock=clock)
    nav.next()
    nav.next()  # a visitor stopped the attract loop on the third slide
    nav.toggle_blank()
    clock.advance(deck.deck.idle_timeout * 5, nav)
    assert nav.blank and nav.index == 2
    assert nav.countdown is None and not nav.playing
    assert nav.next_deadline() is None  # nothing to wake up for


def test_page_turns_are_refused_while_blank(deck: Deck) -> None:
    clock = FakeClock()
    nav = Navigator(deck, clock=clock)
    changes: list[str] = []
    nav.subscribe(lambda change: changes.append(change.kind))
    nav.toggle_blank()
    for command in (nav.next, nav.prev, nav.last, nav.toggle_language):
        command()
    nav.goto_section(2)
    assert nav.index == 0 and nav.shown == deck.deck.language
    assert changes == ["blank"]


def test_blank_again_resumes_the_attract_loop(deck: Deck) -> None:
    clock = FakeClock()
    nav = Navigator(deck, clock=clock)
    nav.next()  # a visitor paused autoplay...
    nav.toggle_blank()
    clock.advance(1000, nav)
    nav.toggle_blank()  # ...and the operator's second B brings the loop back, from now
    assert not nav.blank and nav.playing and nav.index == 1
    clock.advance(deck.duration_of(1) - 0.1, nav)
    assert nav.index == 1
    clock.advance(0.2, nav)
    assert nav.index == 2


def test_blank_keeps_an_operators_pause(deck: Deck) -> None:
    clock = FakeClock()
    nav = Navigator(deck, clock=clock)
    nav.toggle_pause()
    nav.toggle_blank()
    nav.toggle_blank()
    clock.advance(deck.deck.idle_timeout * 3, nav)
    assert not nav.playing and nav.index == 0


def test_blank_and_unblank_are_logged(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    session = start_session(qtbot, load_deck(ROOT / "slides.yaml"))
    try:
        with caplog.at_level(logging.INFO, logger="kiosk"):
            QTest.keyClick(session.window, Qt.Key.Key_B)
            QTest.keyClick(session.window, Qt.Key.Key_Right)
            QTest.keyClick(session.window, Qt.Key.Key_Period)
        messages = [r.getMessage() for r in caplog.records if r.name.startswith("kiosk")]
        assert any("blanked by the operator" in m and "until B" in m for m in messages)
        assert any("unblanked by the operator" in m for m in messages)
        assert session.navigator.index == 0
    finally:
        session.quit()
