"""Which slides may be shown now, and which one comes next in each direction, looping.

A slide is left out while its schedule hides it or after its drawing failed (until a reload).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kiosk.deck.model import Deck
from kiosk.navigator.changes import Visible


class SlideOrder:
    def __init__(self, visible: Visible, wall: Callable[[], dt.datetime]) -> None:
        self._visible = visible
        self._wall = wall
        self.broken: set[str] = set()  # slides whose drawing failed: skipped until a reload

    def visible(self, deck: Deck, index: int) -> bool:
        slide = deck.slides[index]
        return slide.id not in self.broken and self._visible(slide, self._wall())

    def first(self, deck: Deck) -> int:
        for i in range(len(deck.slides)):
            if self.visible(deck, i):
                return i
        return 0  # nothing is scheduled now: the first slide (the cover) beats a black screen

    def last(self, deck: Deck, current: int) -> int:
        for i in range(len(deck.slides) - 1, -1, -1):
            if self.visible(deck, i):
                return i
        return current

    def step(self, deck: Deck, index: int, direction: int) -> int:
        """The next visible slide in a direction, looping; the first visible if none other."""
        count = len(deck.slides)
        for offset in range(1, count + 1):
            candidate = (index + direction * offset) % count
            if self.visible(deck, candidate):
                return candidate
        return self.first(deck)
