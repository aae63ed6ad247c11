"""Deck problems as `FILE:LINE:COL: message` lines, and data paths in an operator's words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

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


def close_matches(word: str, options: Iterable[str], n: int = 1) -> list[str]:
    """The options nearest to a misspelt word, for "did you mean": difflib's, imported only
    when a deck has a mistake (a running kiosk with a good deck never pays for it)."""
    import difflib

    return difflib.get_close_matches(word, list(options), n=n)
