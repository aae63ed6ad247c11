"""Which slides may be shown now, which one comes next in each direction, looping, and which
slide a jump by id, position or section lands on.

A slide is left out while its schedule hides it or after its drawing failed (until a reload).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kiosk.deck.fields import Shown
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

    def upcoming(self, deck: Deck, index: int, shown: Shown, after: Shown,
                 english_next: bool) -> list[tuple[int, Shown]]:
        """The neighbours a page turn shows (in `after`), likeliest first, after this slide in
        English if autoplay shows that next; never what is on screen now (`index` in `shown`)."""
        keys: list[tuple[int, Shown]] = [(index, "en")] if english_next else []
        keys += [(self.step(deck, index, +1), after), (self.step(deck, index, -1), after)]
        return [k for i, k in enumerate(keys) if k != (index, shown) and k not in keys[:i]]


def slide_at(deck: Deck, target: int | str) -> int | None:
    """A slide by id or by position; None when the deck has no such slide."""
    if isinstance(target, str):
        ids = [s.id for s in deck.slides]
        return ids.index(target) if target in ids else None
    return target if 0 <= target < len(deck.slides) else None


def section_at(deck: Deck, section: int | str) -> int | None:
    """A section's first slide, by the section's id or its position (0-based) in the deck's
    section list; None when there is no such section."""
    sections = deck.deck.sections
    if isinstance(section, int):
        if not 0 <= section < len(sections):
            return None
        section = sections[section].id
    return deck.section_start(section)
