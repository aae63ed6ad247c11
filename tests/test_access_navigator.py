"""The accessibility mode's state in the navigator, on a fake clock: autoplay, the longer idle
time and its countdown, pages within a slide, the voice settings."""

from __future__ import annotations

from pathlib import Path

from kiosk.deck import load_deck
from kiosk.navigator import Change, Navigator
from tests.test_navigator import FakeClock


def navigator_on(deck_path: Path) -> tuple[Navigator, FakeClock]:
    """A navigator on the deck (both decks: `any_deck_path`) and the fake clock it runs on."""
    clock = FakeClock()
    return Navigator(load_deck(deck_path).deck, clock=clock), clock


def test_entering_the_mode_stops_autoplay_and_it_stays_stopped(any_deck_path: Path) -> None:
    nav, clock = navigator_on(any_deck_path)
    assert nav.playing
    nav.access.toggle()
    assert nav.access.on and not nav.playing
    index = nav.index
    clock.advance(nav.deck.deck.duration * 5, nav)
    assert nav.index == index  # no slide moved on by itself
    nav.resume()  # an operator's P does not restart it under a visitor in the mode
    assert not nav.playing


def test_the_idle_reset_waits_longer_in_the_mode_and_leaves_it(any_deck_path: Path) -> None:
    nav, clock = navigator_on(any_deck_path)
    changes: list[Change] = []
    nav.subscribe(changes.append)
    settings = nav.deck.deck
    nav.next()
    nav.access.toggle()
    long_wait = settings.accessibility.idle_timeout
    assert long_wait > settings.idle_timeout
    clock.advance(settings.idle_timeout + 1, nav)  # the ordinary reset would have come
    assert nav.access.on and nav.index == 1 and nav.countdown is None
    clock.advance(long_wait - settings.accessibility.idle_countdown
                  - (settings.idle_timeout + 1) + 0.01, nav)
    assert nav.countdown == int(settings.accessibility.idle_countdown)  # the warning starts
    nav.access.extend()  # a touch or key: more time
    assert nav.countdown is None
    clock.advance(long_wait - 1, nav)
    assert nav.access.on
    clock.advance(2, nav)
    assert not nav.access.on and nav.index == nav.order.first(nav.deck) and nav.playing
    assert any(c.kind == "slide" and c.source == "idle" for c in changes)


def test_the_countdown_counts_down_the_modes_own_seconds(any_deck_path: Path) -> None:
    nav, clock = navigator_on(any_deck_path)
    nav.access.toggle()
    counts = []
    nav.subscribe(lambda c: counts.append(nav.countdown) if c.kind == "countdown" else None)
    clock.advance(nav.deck.deck.accessibility.idle_timeout - 0.5, nav)
    shown = [n for n in counts if n is not None]
    assert shown[0] == int(nav.deck.deck.accessibility.idle_countdown) and shown[-1] == 1
    assert shown == sorted(shown, reverse=True)


def test_pages_turn_before_slides(any_deck_path: Path) -> None:
    nav, _ = navigator_on(any_deck_path)
    nav.access.toggle()
    nav.access.pages = 3  # what the enlarged view reported for this slide
    start = nav.index
    nav.next()
    nav.next()
    assert (nav.index, nav.access.page) == (start, 2)
    nav.next()  # past the last page: the next slide, from its first page
    assert nav.index != start and nav.access.page == 0 and nav.access.pages == 1
    nav.access.pages = 2
    nav.next()
    assert nav.access.page == 1
    nav.prev()
    nav.prev()
    assert nav.index == start


def test_page_turns_are_changes_of_their_own(any_deck_path: Path) -> None:
    nav, _ = navigator_on(any_deck_path)
    changes: list[Change] = []
    nav.subscribe(changes.append)
    nav.access.toggle()
    nav.access.pages = 2
    nav.next()
    assert [c.kind for c in changes] == ["autoplay", "access", "page"]


def test_voice_settings_are_clamped_and_restored_for_the_next_visitor(any_deck_path: Path) -> None:
    nav, _ = navigator_on(any_deck_path)
    nav.access.louder()  # outside the mode: nothing
    speech = nav.deck.deck.accessibility.speech
    assert nav.access.volume == speech.volume
    nav.access.toggle()
    for _ in range(20):
        nav.access.louder()
        nav.access.faster()
    assert nav.access.volume == 1.0 and nav.access.rate == 2.0
    for _ in range(30):
        nav.access.quieter()
        nav.access.slower()
    assert nav.access.volume == 0.1 and nav.access.rate == 0.5
    nav.access.toggle()
    nav.access.toggle()
    assert (nav.access.volume, nav.access.rate) == (speech.volume, speech.rate)


def test_leaving_by_the_button_keeps_autoplay_stopped_until_the_idle_reset(
        any_deck_path: Path) -> None:
    nav, clock = navigator_on(any_deck_path)
    nav.access.toggle()
    nav.access.toggle()
    assert not nav.access.on and not nav.playing
    clock.advance(nav.deck.deck.idle_timeout + 1, nav)
    assert nav.playing
