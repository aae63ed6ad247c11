"""Whether the screen sleeps now, and why: opening hours, a visitor's touch, an operator's command
or an alert. Plain decisions on two clocks, with no Qt; the navigator owns one of these.

The wall clock (aware, any zone) says whether the lobby is open; the monotonic clock measures how
long a visitor who woke the screen has been gone, so a wall clock set back or forward by NTP
cannot keep a screen lit or put a visitor's screen out early.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from kiosk.deck.hours import OpeningHours, is_open, next_change

Cause = Literal["schedule", "touch", "key", "command", "alert", "idle"]
Waker = Literal["touch", "key"]
# The hours are looked at again at least this often (seconds), so a wall clock set under the
# kiosk (NTP after a boot with a wrong clock, a PC waking from suspend) is noticed: within a
# minute asleep, within five minutes awake (where a wake-up costs a paused slide its 0 % CPU).
RECHECK_SECONDS = 60.0
RECHECK_AWAKE_SECONDS = 300.0


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class State:
    asleep: bool
    cause: Cause

    def words(self) -> str:
        """As the fleet status says it: 'awake (schedule)', 'asleep (command)'."""
        return f"{'asleep' if self.asleep else 'awake'} ({self.cause})"


class SleepSchedule:
    """Asleep or awake, and why. `hours` None: the screen never sleeps by itself (an
    operator's command still may put it to sleep, until the other command or a touch)."""

    def __init__(self, hours: OpeningHours | None, *, clock: Callable[[], float],
                 wall: Callable[[], dt.datetime] = utc_now) -> None:
        self.hours = hours
        self._clock = clock
        self._wall = wall
        self.override: Literal["sleep", "wake"] | None = None
        self._override_until: dt.datetime | None = None  # the next change of hours
        self.alerting = False
        self._visitor: Waker | None = None  # woke the screen outside the hours
        self._waker: Waker | None = None  # the input that asked for the next wake
        self._last_input: float | None = None
        self.state = self._decide()

    @property
    def asleep(self) -> bool:
        return self.state.asleep

    def words(self) -> str:
        """'awake' for a kiosk without hours or commands; else the state and its cause."""
        if self.hours is None and self.override is None and not self.state.asleep:
            return "awake"
        return self.state.words()

    # ----- what happened -----------------------------------------------------------------------
    def wake_by(self, kind: Waker) -> bool:
        """A visitor's touch or key on a sleeping screen: whether it wakes (and is used up)."""
        if not self.asleep:
            return False
        if kind == "touch" and self.hours is not None and not self.hours.wake_on_touch:
            return False
        if self.override == "sleep":
            self.override = None  # someone is there: an operator's "sleep" yields to them
        self._visitor = self._waker = kind
        self._last_input = self._clock()
        return True

    def input(self) -> None:
        """Any visitor input while awake: a screen woken outside the hours stays up for them."""
        if self._visitor is not None:
            self._last_input = self._clock()

    def command(self, name: Literal["sleep", "wake"]) -> None:
        """An operator's sleep or wake: holds until the hours next change (without hours:
        until the other command, or a visitor's touch on a sleeping screen)."""
        self.override = name
        self._override_until = next_change(self.hours, self._wall()) if self.hours else None
        self._visitor = None

    def alert(self, on: bool) -> None:
        self.alerting = on

    # ----- deciding ----------------------------------------------------------------------------
    def update(self, awake_for: float) -> State | None:
        """Decide again; the new state when it changed (else None). `awake_for`: how long a
        screen woken by a visitor stays up after their last input (the idle timeout)."""
        new = self._decide(awake_for)
        if self._waker is not None and not new.asleep and new.cause != "alert":
            new = State(False, self._waker)  # woken by that touch, whatever else holds now
        self._waker = None
        if new.asleep == self.state.asleep:
            if new.cause != self.state.cause:
                self.state = new  # e.g. a visitor's wake became the opening: said truly
            return None
        self.state = new
        return new

    def _decide(self, awake_for: float = 0.0) -> State:
        now = self._wall()
        if self.override is not None and self._override_until is not None \
                and now >= self._override_until:
            self.override = None  # the hours changed since: they rule again
        if self.alerting:
            return State(False, "alert")
        if self.override is not None:
            return State(self.override == "sleep", "command")
        if self.hours is None:
            return State(False, "schedule")  # no hours: awake unless told otherwise
        if is_open(self.hours, now):
            self._visitor = None
            return State(False, "schedule")
        if self._visitor is not None and self._last_input is not None:
            if self._clock() - self._last_input < awake_for:
                return State(False, self._visitor)
            self._visitor = None
            return State(True, "idle")
        return State(True, "schedule")

    def next_check(self, awake_for: float) -> float | None:
        """Clock time at which `update` may decide differently; None: nothing scheduled."""
        if self.hours is None:
            return None  # only a command or an alert changes anything then
        now, wall = self._clock(), self._wall()
        times = [now + (RECHECK_SECONDS if self.asleep else RECHECK_AWAKE_SECONDS)]
        change = next_change(self.hours, wall)
        if change is not None:
            times.append(now + max(0.0, min((change - wall).total_seconds(), 86400.0)))
        if self._override_until is not None and self.override is not None:
            times.append(now + max(0.0, (self._override_until - wall).total_seconds()))
        if self._visitor is not None and self._last_input is not None and not self.asleep:
            times.append(self._last_input + awake_for)
        return min(times)
