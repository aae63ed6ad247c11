"""Deck problems as `FILE:LINE:COL: message` lines, gathered so an operator sees all at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from kiosk.deck.loader import LoadedDeck

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.col}: {prefix}{self.message}"


def field_words(slide: str | int | None, rest: tuple[int | str, ...]) -> str:
    """'slide 'site' field 'places' item 2, field 'label.en'': a data path as an operator reads it.

    `slide` is the slide's id, or its 0-based index when it has no usable id; list indexes are
    counted from 1, as people count.
    """
    parts: list[str] = []
    if isinstance(slide, str):
        parts.append(f"slide '{slide}'")
    elif isinstance(slide, int):
        parts.append(f"slide {slide + 1}")
    keys: list[str] = []
    for part in rest:
        if isinstance(part, int):
            if keys:
                parts.append(f"field '{'.'.join(keys)}'")
                keys = []
            parts[-1:] = [f"{parts[-1]} item {part + 1}" if parts else f"item {part + 1}"]
            parts[-1] += ","
        else:
            keys.append(part)
    if keys:
        parts.append(f"field '{'.'.join(keys)}'")
    text = " ".join(parts).rstrip(",")
    return text or "the deck"


class DeckError(Exception):
    """Every error found in one deck file (qutebrowser's ConfigFileErrors, for decks).

    `partial` holds the slides that did validate, so the later stages (images, layouts) can
    still check them in the same run.
    """

    def __init__(self, problems: Iterable[Problem], partial: LoadedDeck | None = None) -> None:
        self.problems: list[Problem] = sorted(problems)
        self.partial = partial
        super().__init__(str(self))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
