"""What the navigator tells its listeners, the names its commands take, and the orders in which
the languages follow each other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from kiosk.deck.fields import Lang, LanguageMode, Shown
from kiosk.deck.model import Slide

Source = Literal["visitor", "autoplay", "idle", "operator"]
ChangeKind = Literal["slide", "language", "blank", "autoplay", "countdown", "deck",
                     "access", "page", "speech", "voice",  # these four: accessibility mode
                     "sleep"]  # the screen went to sleep or woke (navigator.sleep says why)

# The attract loop's "alternate" mode shows each slide in Korean, then in English, so a visitor
# who reads only one of the two waits at most one slide, never a whole loop.
ALTERNATE_ORDER: tuple[Lang, Lang] = ("ko", "en")


def next_language(mode: LanguageMode, current: Shown) -> Shown:
    """The language button's cycle: both → ko → en → both (ko ↔ en when the deck is one
    language)."""
    order: list[Shown] = ["both", "ko", "en"] if mode in ("both", "alternate") else ["ko", "en"]
    return order[(order.index(current) + 1) % len(order)] if current in order else order[0]


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    source: Source
    index: int
    previous: int
    direction: int  # +1 forward, -1 back, 0 none


Listener = Callable[[Change], None]
Visible = Callable[[Slide, dt.datetime], bool]


class Listeners:
    """Who hears of the navigator's changes, in the order they subscribed."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener, *, first: bool = False) -> Callable[[], None]:
        """Add a listener (`first`: ahead of those already there); the function returned
        removes it again."""
        if first:
            self._listeners.insert(0, listener)
        else:
            self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def tell(self, change: Change) -> None:
        for listener in list(self._listeners):  # a listener may unsubscribe while told
            listener(change)
