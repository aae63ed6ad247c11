"""The accessibility mode's state and commands: on or off, the page within an enlarged slide,
the speech volume and rate a visitor chose, and the longer idle time while the mode is on.

The mode belongs to one visitor: the idle reset leaves it, so the next person finds the kiosk as
it was. Autoplay stops while it is on (entering it is a visitor's touch, and nothing restarts
autoplay but the idle reset). No Qt: the navigator owns one of these.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.deck.settings import Accessibility, Settings
from kiosk.navigator.changes import ChangeKind, Source
from kiosk.navigator.pages import settle_pages

VOLUME_STEP = 0.1
RATE_STEP = 0.15
VOLUME_RANGE = (0.1, 1.0)
RATE_RANGE = (0.5, 2.0)


class Host(Protocol):
    def touch(self) -> None: ...
    def announce(self, kind: ChangeKind, source: Source = ...) -> None: ...


def _clamp(value: float, bounds: tuple[float, float]) -> float:
    return round(min(bounds[1], max(bounds[0], value)), 2)


class AccessMode:
    def __init__(self, host: Host, settings: Accessibility) -> None:
        self._host = host
        self.settings = settings
        self.on = False
        self.page = 0  # -1 until the page count is known: the last page (arriving backwards)
        self._pages = 1
        self.back = False  # the navigator is turning back a page (set around the move)
        self.volume = settings.speech.volume
        self.rate = settings.speech.rate
        self.reads = 0  # counts "read again" requests; speech listens for the change

    @property
    def pages(self) -> int:
        """How many pages the slide on screen needs: the enlarged view tells."""
        return self._pages

    @pages.setter
    def pages(self, count: int) -> None:
        self._pages, self.page = settle_pages(count, self.page)

    # ----- commands ----------------------------------------------------------------------------
    def toggle(self) -> None:
        self._host.touch()
        self.on = not self.on
        self.page, self._pages = 0, 1
        if self.on:  # every visitor starts from the deck's voice settings
            self.volume = self.settings.speech.volume
            self.rate = self.settings.speech.rate
        self._host.announce("access")

    def turn(self, step: int) -> bool:
        """Next or previous page of the enlarged slide; False when the slide itself should
        turn (the mode is off, or this is its first or last page)."""
        target = self.page + step
        if not self.on or self.page < 0 or not 0 <= target < self.pages:
            return False
        self._host.touch()
        self.page = target
        self._host.announce("page")
        return True

    def next_page(self) -> bool:
        return self.turn(+1)

    def prev_page(self) -> bool:
        return self.turn(-1)

    def read_again(self) -> None:
        if not self.on:
            return
        self._host.touch()
        self.reads += 1
        self._host.announce("speech")

    def extend(self) -> None:
        """More time: the idle countdown starts over (any touch or key does the same)."""
        self._host.touch()

    def louder(self) -> None:
        self._voice(volume=self.volume + VOLUME_STEP)

    def quieter(self) -> None:
        self._voice(volume=self.volume - VOLUME_STEP)

    def faster(self) -> None:
        self._voice(rate=self.rate + RATE_STEP)

    def slower(self) -> None:
        self._voice(rate=self.rate - RATE_STEP)

    def _voice(self, *, volume: float | None = None, rate: float | None = None) -> None:
        if not self.on:
            return
        self._host.touch()
        if volume is not None:
            self.volume = _clamp(volume, VOLUME_RANGE)
        if rate is not None:
            self.rate = _clamp(rate, RATE_RANGE)
        self._host.announce("voice")

    # ----- what the navigator asks -------------------------------------------------------------
    def leave(self) -> None:
        """The idle reset: the next visitor finds the kiosk in its ordinary mode."""
        self.on = False
        self.page, self._pages = 0, 1

    def slide_changed(self) -> None:
        """A new slide: its first page, or its last when the visitor turned back to it."""
        self._pages = 1
        self.page = -1 if self.back and self.on else 0

    def idle_limits(self, deck: Settings) -> tuple[float, float]:
        """(seconds without input before the reset, seconds of countdown before it)."""
        if self.on:
            return self.settings.idle_timeout, self.settings.idle_countdown
        return deck.idle_timeout, deck.idle_countdown
