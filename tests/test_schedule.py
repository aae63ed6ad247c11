"""Slides with a time window: skipped outside it, re-evaluated as time passes, checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.deck import DeckError, load_deck
from kiosk.deck.schedule import visible
from kiosk.navigator import Navigator
from tests.decks import MINIMAL


def scheduled(extra: str) -> str:
    return MINIMAL.replace("  - id: two\n    section: main\n",
                           f"  - id: two\n    section: main\n{extra}")


class Clocks:
    def __init__(self, wall: dt.datetime) -> None:
        self.mono = 0.0
        self.wall = wall

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += dt.timedelta(seconds=seconds)


def test_daily_window_across_midnight(write_deck: Callable[[str], Path]) -> None:
    deck = load_deck(write_deck(scheduled("    daily: {start: '22:00', end: '06:00'}\n"))).deck
    slide = deck.slides[1]
    assert visible(slide, dt.datetime(2026, 1, 1, 23, 0))
    assert visible(slide, dt.datetime(2026, 1, 2, 5, 59))
    assert not visible(slide, dt.datetime(2026, 1, 2, 12, 0))


def test_autoplay_skips_slides_outside_their_window(write_deck: Callable[[str], Path]) -> None:
    deck = load_deck(write_deck(scheduled("    show_from: 2026-12-01\n"
                                          "    show_until: 2026-12-31\n"))).deck
    clocks = Clocks(dt.datetime(2026, 11, 30, 23, 59, 45))
    nav = Navigator(deck, clock=lambda: clocks.mono, wall=lambda: clocks.wall, visible=visible)
    clocks.advance(deck.deck.duration + 1)
    nav.tick()
    assert nav.index == 0  # 'two' is not on yet: the loop stays on 'one'
    clocks.advance(deck.deck.duration + 1)  # now it is 1 December
    nav.tick()
    assert nav.slide.id == "two"


def test_a_window_that_never_opens_is_an_error(write_deck: Callable[[str], Path]) -> None:
    path = write_deck(scheduled("    show_from: 2026-12-31\n    show_until: 2026-12-01\n"))
    with pytest.raises(DeckError) as info:
        load_deck(path)
    assert any("could never show" in str(p) and ":14:17:" in str(p) for p in info.value.problems)


def test_warns_when_nothing_would_show(write_deck: Callable[[str], Path]) -> None:
    text = scheduled("    daily: {start: '08:00', end: '18:00'}\n").replace(
        "  - id: one\n    section: main\n",
        "  - id: one\n    section: main\n    daily: {start: '08:00', end: '18:00'}\n")
    loaded = load_deck(write_deck(text))
    assert any("no slide is scheduled" in str(w) for w in loaded.warnings)
    nav = Navigator(loaded.deck, wall=lambda: dt.datetime(2026, 1, 1, 3, 0), visible=visible)
    assert nav.index == 0  # nothing is on: the first slide, never a black screen
