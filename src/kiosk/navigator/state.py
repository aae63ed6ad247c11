"""The kiosk's whole behaviour over time as one small state machine, with no Qt in it.

Controllers turn keys, touches and time into the named commands below; the window listens for
changes and redraws. Time comes from an injected clock so tests can drive hours in microseconds.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Literal

from kiosk.deck.fields import Lang, LanguageMode, Shown
from kiosk.deck.model import Deck, Slide
from kiosk.navigator import changes
from kiosk.navigator.access import AccessMode
from kiosk.navigator.changes import ALTERNATE_ORDER, Change, ChangeKind, Listener, Source, Visible
from kiosk.navigator.idle import Idle, next_wakeup
from kiosk.navigator.order import SlideOrder, section_at, slide_at
from kiosk.navigator.pages import settle_pages
from kiosk.navigator.sleep import SleepSchedule, Waker, utc_now


def _always(_slide: Slide, _now: dt.datetime) -> bool:
    return True


class Navigator:
    def __init__(self, deck: Deck, *, clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], dt.datetime] = dt.datetime.now,
                 language: LanguageMode | None = None, visible: Visible = _always,
                 autoplay: bool | None = None,
                 utc: Callable[[], dt.datetime] = utc_now) -> None:
        self._clock = clock
        self.order = SlideOrder(visible, wall)
        self._listeners = changes.Listeners()
        self.deck = deck
        self.mode: LanguageMode = language or deck.deck.language
        self.override: Shown | None = None
        self.phase: Lang = ALTERNATE_ORDER[0]
        self.index = 0
        self.blank = False
        self.held = False  # paused by the operator (P): stays paused until resumed
        self.autoplay_enabled = deck.deck.autoplay if autoplay is None else autoplay
        self.playing = self.autoplay_enabled
        now = clock()
        self.slide_started = now
        self.last_input: float | None = None
        self.countdown: int | None = None
        self.index = self._first_visible()
        self.access = AccessMode(self, deck.deck.accessibility)
        # Opening hours: a kiosk started at night comes up asleep, never lit first.
        self.sleep = SleepSchedule(deck.deck.display.hours, clock=clock, wall=utc)
        if self.sleep.asleep:
            self.playing = False
        # A slide whose layout cannot hold every word continues on further pages (the renderer
        # counts them and tells `pages`); they play in order, each for the slide's duration.
        self.page = 0  # -1 until the page count is known: the last page (arriving backwards)
        self._pages = 1

    # ----- observers -------------------------------------------------------------------------
    def subscribe(self, listener: Listener, *, first: bool = False) -> Callable[[], None]:
        return self._listeners.subscribe(listener, first=first)

    def announce(self, kind: ChangeKind, source: Source = "visitor") -> None:
        self._emit(kind, source, self.index)

    def _emit(self, kind: ChangeKind, source: Source, previous: int, direction: int = 0) -> None:
        if kind in ("language", "deck") or (kind == "slide" and source == "idle"):
            self.page, self._pages = 0, 1  # another text or deck: counted again from its start
        self._listeners.tell(Change(kind, source, self.index, previous, direction))

    # ----- what is shown ---------------------------------------------------------------------
    @property
    def count(self) -> int:
        return len(self.deck.slides)

    @property
    def slide(self) -> Slide:
        return self.deck.slides[self.index]

    @property
    def shown(self) -> Shown:
        """The language(s) on screen now."""
        if self.override is not None:
            return self.override
        if self.mode == "alternate":
            return self.phase
        return self.mode

    @property
    def section(self) -> str:
        return self.slide.section

    def duration(self) -> float:
        return self.deck.duration_of(self.index)

    def elapsed(self) -> float:
        return max(0.0, self._clock() - self.slide_started)

    def progress(self) -> float:
        """Share of the current slide's time that has passed, 0..1, while autoplaying."""
        return min(1.0, self.elapsed() / self.duration()) if self.duration() else 1.0

    def upcoming(self) -> list[tuple[int, Shown]]:
        """What the next command most likely shows, likeliest first: worth drawing in advance."""
        alternating = self.mode == "alternate" and self.override is None
        after: Shown = ALTERNATE_ORDER[0] if alternating else self.shown
        return self.order.upcoming(self.deck, self.index, self.shown, after,
                                   alternating and self.phase == "ko" and self.playing)

    @property
    def has_schedules(self) -> bool:
        """Some slide shows only at certain dates or hours: visibility must be re-read."""
        return any(s.show_from or s.show_until or s.daily for s in self.deck.slides)

    def next_deadline(self) -> float | None:
        """Clock time of the next thing tick() would do, so the caller sleeps until then."""
        hours = self.sleep.next_check(self._awake_for())
        if self.blank or self.asleep:
            return hours  # nothing moves behind a blank or a sleeping screen but the hours
        slide_end = self.slide_started + self.duration() if self.playing else None
        wakeup = next_wakeup(self._clock(), slide_end, self._idle(), self.has_schedules)
        return min((t for t in (wakeup, hours) if t is not None), default=None)

    def _idle(self) -> Idle | None:
        """The idle countdown's limits, while it runs (after a touch, autoplay off)."""
        if self.last_input is None or self.playing:
            return None
        return Idle(self.last_input, *self.access.idle_limits(self.deck.deck))

    @property
    def pages(self) -> int:
        """How many pages the slide on screen takes in the ordinary view: the renderer tells."""
        return self._pages

    @pages.setter
    def pages(self, count: int) -> None:
        self._pages, self.page = settle_pages(count, self.page)

    def _turn_page(self, step: int, source: Source) -> bool:
        """The continued slide's next or previous page; False when the slide itself turns."""
        target = self.page + step
        if self.access.on or self.blank or self.page < 0 or not 0 <= target < self._pages:
            return False
        self._visit(source)
        self.page = target
        self.slide_started = self._clock()
        self._emit("page", source, self.index)
        return True

    # ----- commands --------------------------------------------------------------------------
    def next(self, source: Source = "visitor") -> None:
        if self.access.turn(+1):  # in the accessibility mode, the slide's next page first
            return
        if self._turn_page(+1, source):  # a continued slide's next page
            return
        self._visit(source)
        self._move(self._step(+1), source, +1)

    def prev(self, source: Source = "visitor") -> None:
        if self.access.turn(-1):
            return
        if self._turn_page(-1, source):
            return
        self._visit(source)
        self.access.back = True  # a page turn backwards lands on the slide's last page
        self._move(self._step(-1), source, -1)
        self.access.back = False

    def first(self, source: Source = "visitor") -> None:
        self._visit(source)
        self._move(self._first_visible(), source, -1)

    def last(self, source: Source = "visitor") -> None:
        self._visit(source)
        self._move(self.order.last(self.deck, self.index), source, +1)

    def goto_slide(self, target: int | str, source: Source = "visitor") -> None:
        self._visit(source)
        self._jump(slide_at(self.deck, target), source)

    def goto_section(self, section: int | str, source: Source = "visitor") -> None:
        """Jump to a section by id or by its position (0-based) in the deck's section list."""
        self._visit(source)
        self._jump(section_at(self.deck, section), source)

    def toggle_language(self, source: Source = "visitor") -> None:
        """Cycle what is shown: both → ko → en → both (or ko ↔ en when the deck is one language)."""
        self._visit(source)
        self.set_language(changes.next_language(self.mode, self.shown), source)

    def set_language(self, shown: Shown, source: Source = "visitor") -> None:
        self._visit(source)
        if shown != self.shown and not self.blank:
            self.override = shown
            self._emit("language", source, self.index)

    def pause(self, source: Source = "operator") -> None:
        self.held = True
        if self.playing:
            self.playing = False
            self._emit("autoplay", source, self.index)

    def resume(self, source: Source = "operator") -> None:
        self.held = False
        self.last_input = None
        self._cancel_countdown(source)
        if not self.playing and self._may_play():
            self.playing = True
            self.slide_started = self._clock()
            self._emit("autoplay", source, self.index)

    def toggle_pause(self, source: Source = "operator") -> None:
        if self.held or not self.playing:
            self.resume(source)
        else:
            self.pause(source)

    def toggle_blank(self, source: Source = "operator") -> None:
        """The operator's black screen. It holds until toggled again: time passes unseen (no
        autoplay, no idle reset) and page turns are refused, so nothing changes behind it."""
        self.blank = not self.blank
        self.countdown = None
        if self.blank:
            self.playing = False
        else:
            self.last_input = None
            self.slide_started = self._clock()
            self.playing = self._may_play()
        self._emit("blank", source, self.index)

    def touch(self) -> None:
        """A visitor interacted without asking for anything (e.g. a tap that shows controls)."""
        self._visit("visitor")

    # ----- sleep (opening hours) ---------------------------------------------------------------
    @property
    def asleep(self) -> bool:
        return self.sleep.asleep

    def wake_by(self, kind: Waker) -> bool:
        """A touch or key on a sleeping screen wakes it (and does nothing else); False when the
        screen is awake, or the deck lets touches not wake it."""
        if not self.sleep.wake_by(kind):
            return False
        self._sleep_update()
        return True

    def sleep_command(self, name: Literal["sleep", "wake"]) -> None:
        """An operator's 'sleep' or 'wake': holds until the opening hours next change."""
        self.sleep.command(name)
        self._sleep_update()

    def alert_shown(self, on: bool) -> None:
        """An alert on screen keeps the screen awake (and wakes a sleeping one)."""
        self.sleep.alert(on)
        self._sleep_update()

    def _awake_for(self) -> float:
        return self.access.idle_limits(self.deck.deck)[0]

    def _sleep_update(self) -> None:
        changed = self.sleep.update(self._awake_for())
        if changed is None:
            return
        was_on = self.access.on
        previous = self._home()  # asleep or freshly awake: as the idle reset leaves it
        self.playing = self._may_play() and not self.blank
        if was_on:
            self._emit("access", "idle", previous)
        source: Source = "visitor" if changed.cause in ("touch", "key") else \
            "operator" if changed.cause in ("command", "alert") else "idle"
        self._emit("sleep", source, previous)

    def tick(self) -> None:
        """Let time pass: the hours are looked at, autoplay advances, idle returns home,
        schedules are re-read."""
        self._sleep_update()
        if self.blank or self.asleep:
            return
        now = self._clock()
        idle = self._idle()
        if idle is not None and idle.over(now):
            self._idle_reset()
            return
        seconds = idle.seconds_left(now) if idle is not None else None
        if seconds is not None and seconds != self.countdown:
            self.countdown = seconds
            self._emit("countdown", "idle", self.index)
        if self.playing and now - self.slide_started >= self.duration():
            self._autoplay_step()
        elif not self._is_visible(self.index):
            self._move(self._step(+1), "autoplay", +1)

    def skip_broken(self, slide_id: str) -> None:
        """A slide that cannot be drawn is left out of the loop; the kiosk moves on."""
        self.order.broken.add(slide_id)
        if self.slide.id == slide_id:
            self._move(self._step(+1), "autoplay", +1)

    # ----- deck reload -----------------------------------------------------------------------
    def replace_deck(self, deck: Deck) -> None:
        """Show a new version of the deck on the same slide (by id, else the nearest position)."""
        current = self.slide.id
        previous = self.index
        self.order.broken.clear()  # the new version may draw
        self.deck = deck
        self.access.settings = deck.deck.accessibility
        self.sleep.hours = deck.deck.display.hours
        ids = [s.id for s in deck.slides]
        self.index = ids.index(current) if current in ids else min(previous, len(ids) - 1)
        if not self._is_visible(self.index):
            self.index = self._step(+1)
        self._emit("deck", "operator", previous)
        self._sleep_update()  # new hours may say the lobby is closed (or open) now

    # ----- internals -------------------------------------------------------------------------
    def _visit(self, source: Source) -> None:
        if source != "visitor" or self.blank:
            return
        self.sleep.input()
        self.last_input = self._clock()
        self._cancel_countdown(source)
        if self.playing:
            self.playing = False
            self._emit("autoplay", source, self.index)

    def _cancel_countdown(self, source: Source) -> None:
        if self.countdown is not None:
            self.countdown = None
            self._emit("countdown", source, self.index)

    def _may_play(self) -> bool:
        """Whether the attract loop may run, blank aside: on in the deck, not held by the
        operator, not in the accessibility mode (its visitor turns the pages), not asleep."""
        return self.autoplay_enabled and not self.held and not self.access.on and \
            not self.asleep

    def _home(self) -> int:
        """The kiosk as the next visitor should find it: the cover first, in the deck's
        language, the accessibility mode off, no countdown. Returns the index it was on."""
        previous = self.index
        self.last_input = None
        self.countdown = None
        self.override = None
        self.phase = ALTERNATE_ORDER[0]
        self.access.leave()
        self.index = self._first_visible()
        self.slide_started = self._clock()
        return previous

    def _idle_reset(self) -> None:
        previous = self._home()
        self.blank = False
        if self._may_play():
            self.playing = True
        self._emit("slide", "idle", previous, -1 if previous else 0)

    def _autoplay_step(self) -> None:
        if self._turn_page(+1, "autoplay"):  # a continued slide plays all its pages
            return
        if self.mode == "alternate" and self.override is None and self.phase == "ko":
            self.phase = "en"
            self.slide_started = self._clock()
            self._emit("language", "autoplay", self.index)
            return
        self.phase = ALTERNATE_ORDER[0]
        self._move(self._step(+1), "autoplay", +1)

    def _move(self, target: int, source: Source, direction: int) -> None:
        if self.blank:
            return  # behind the operator's blank nothing moves
        previous = self.index
        self.slide_started = self._clock()
        if source != "autoplay" and self.mode == "alternate":
            self.phase = ALTERNATE_ORDER[0]
        if target == previous:
            return
        self.index = target
        self.page, self._pages = (-1 if direction < 0 and source != "autoplay" else 0), 1
        self.access.slide_changed()
        self._emit("slide", source, previous, direction)

    def _jump(self, target: int | None, source: Source) -> None:
        if target is not None:
            self._move(target, source, 1 if target >= self.index else -1)

    def _step(self, direction: int) -> int:
        return self.order.step(self.deck, self.index, direction)

    def _first_visible(self) -> int:
        return self.order.first(self.deck)

    def _is_visible(self, index: int) -> bool:
        return self.order.visible(self.deck, index)
