"""The navigator alone, driven by a fake clock: no Qt, no waiting."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.deck import Deck, load_deck
from kiosk.navigator import Change, Navigator

ROOT = Path(__file__).resolve().parents[1]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float, nav: Navigator) -> None:
        """Let time pass the way the window's timer would: tick at every deadline."""
        end = self.now + seconds
        while True:
            deadline = nav.next_deadline()
            if deadline is None or deadline > end:
                break
            self.now = max(self.now, deadline)
            nav.tick()
        self.now = end
        nav.tick()


@pytest.fixture(scope="module")
def deck(any_deck_path: Path) -> Deck:
    return load_deck(any_deck_path).deck


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def nav(deck: Deck, clock: FakeClock) -> Navigator:
    return Navigator(deck, clock=clock)


def test_next_prev_first_last(nav: Navigator) -> None:
    nav.next()
    nav.next()
    assert nav.index == 2
    nav.prev()
    assert nav.index == 1
    nav.last()
    assert nav.index == nav.count - 1
    nav.next()
    assert nav.index == 0  # loops
    nav.prev()
    assert nav.index == nav.count - 1
    nav.first()
    assert nav.index == 0


def test_goto_section_and_slide(nav: Navigator, deck: Deck) -> None:
    second = deck.deck.sections[1].id
    nav.goto_section(second)
    assert nav.slide.section == second
    assert nav.index == deck.section_start(second)
    nav.goto_section(len(deck.deck.sections) - 1)
    assert nav.slide.section == deck.deck.sections[-1].id
    target = deck.slides[2].id
    nav.goto_slide(target)
    assert nav.slide.id == target
    nav.goto_slide(99)
    assert nav.slide.id == target


def test_autoplay_advances_after_duration_and_loops(deck: Deck, clock: FakeClock) -> None:
    nav = Navigator(deck, clock=clock, language="both")
    assert nav.playing
    clock.advance(deck.duration_of(0) - 0.1, nav)
    assert nav.index == 0
    clock.advance(0.2, nav)
    assert nav.index == 1
    clock.advance(sum(deck.duration_of(i) for i in range(1, nav.count)), nav)
    assert nav.index == 0


def test_visitor_pauses_and_idle_returns_to_start(nav: Navigator, clock: FakeClock,
                                                  deck: Deck) -> None:
    changes: list[Change] = []
    nav.subscribe(changes.append)
    section = deck.deck.sections[2].id
    nav.goto_section(section)
    shown_at_start = Navigator(deck).shown
    nav.toggle_language()
    assert not nav.playing
    assert nav.shown != shown_at_start
    countdown = deck.deck.idle_countdown
    clock.advance(deck.deck.idle_timeout - countdown - 1, nav)
    assert nav.countdown is None and nav.slide.section == section
    clock.advance(2, nav)
    assert nav.countdown == countdown - 1
    clock.advance(countdown - 1, nav)
    assert nav.index == 0 and nav.playing and nav.shown == shown_at_start
    assert nav.countdown is None
    assert changes[-1].source == "idle"


def test_a_touch_cancels_the_countdown(nav: Navigator, clock: FakeClock, deck: Deck) -> None:
    nav.next()
    clock.advance(deck.deck.idle_timeout - 3, nav)
    assert nav.countdown is not None
    nav.touch()
    assert nav.countdown is None
    clock.advance(deck.deck.idle_timeout - 1, nav)
    assert nav.index == 1


def test_operator_pause_holds_through_idle(deck: Deck, clock: FakeClock) -> None:
    nav = Navigator(deck, clock=clock, language="both")
    nav.pause()
    clock.advance(deck.deck.duration * 3, nav)
    assert nav.index == 0 and not nav.playing
    nav.resume()
    clock.advance(deck.duration_of(0) + 0.01, nav)
    assert nav.index == 1


def test_alternate_shows_korean_then_english(deck: Deck, clock: FakeClock) -> None:
    nav = Navigator(deck, clock=clock, language="alternate")
    assert (nav.index, nav.shown) == (0, "ko")
    clock.advance(deck.duration_of(0) + 0.01, nav)
    assert (nav.index, nav.shown) == (0, "en")
    clock.advance(deck.duration_of(0), nav)
    assert (nav.index, nav.shown) == (1, "ko")


def test_blank_toggles(nav: Navigator) -> None:
    nav.toggle_blank()
    assert nav.blank
    nav.toggle_blank()
    assert not nav.blank


def test_no_deadline_when_paused_and_nobody_touched(nav: Navigator) -> None:
    nav.pause()
    assert nav.next_deadline() is None  # nothing to wake up for: zero idle CPU


def test_reload_keeps_the_slide_by_id(nav: Navigator, deck: Deck) -> None:
    target = deck.slides[4].id
    nav.goto_slide(target)
    reordered = deck.model_copy(update={"slides": list(reversed(deck.slides))})
    nav.replace_deck(reordered)
    assert nav.slide.id == target
    shorter = deck.model_copy(update={"slides": deck.slides[:3]})
    nav.replace_deck(shorter)
    assert nav.index == 2


@pytest.mark.parametrize("language", ["both", "alternate"])
def test_upcoming_names_what_the_next_command_shows(deck: Deck, clock: FakeClock,
                                                     language: str) -> None:
    nav = Navigator(deck, clock=clock, language=language)  # type: ignore[arg-type]
    for _ in range(2 * nav.count):  # the attract loop: each step was predicted, likeliest first
        predicted = nav.upcoming()
        clock.advance(deck.duration_of(nav.index) + 0.01, nav)
        assert predicted[0] == (nav.index, nav.shown)
    for move in (nav.next, nav.prev, nav.next):  # a visitor's page turns
        predicted = nav.upcoming()
        move()
        assert (nav.index, nav.shown) in predicted
