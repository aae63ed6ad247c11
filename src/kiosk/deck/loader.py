"""Load a deck file into the validated model, or report every problem with its line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from kiosk.deck.checks import Found, cross_checks
from kiosk.deck.errors import Problem, Severity
from kiosk.deck.explain import describe_errors
from kiosk.deck.model import Deck
from kiosk.deck.salvage import salvage
from kiosk.deck.yamlsource import Marks, read_yaml


@dataclass(frozen=True)
class LoadedDeck:
    """A valid deck with where it came from, so later checks can point at its lines.

    `numbers` maps each slide to its index in the file when some slides were left out (a deck
    that failed validation, checked further as far as it goes); empty means one to one.
    """

    deck: Deck
    path: Path
    marks: Marks = field(compare=False, repr=False)
    warnings: tuple[Problem, ...] = ()
    numbers: tuple[int, ...] = ()

    @property
    def folder(self) -> Path:
        return self.path.parent

    def file_path(self, where: tuple[int | str, ...]) -> tuple[int | str, ...]:
        """A path into this deck's slides as a path into the file's."""
        if self.numbers and len(where) >= 2 and where[0] == "slides" and \
                isinstance(where[1], int):
            return ("slides", self.numbers[where[1]], *where[2:])
        return where

    def problem_at(self, where: tuple[int | str, ...], message: str,
                   severity: Severity = "warning") -> Problem:
        line, col = self.marks.of_value(self.file_path(where))
        return Problem(str(self.path), line, col, message, severity)


class DeckError(Exception):
    """Every error found in one deck file (qutebrowser's ConfigFileErrors, for decks).

    `partial` holds the slides that did validate, so the later stages (images, layouts) can
    still check them in the same run.
    """

    def __init__(self, problems: Iterable[Problem], partial: LoadedDeck | None = None) -> None:
        self.problems: list[Problem] = sorted(problems)
        self.partial = partial
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def load_deck(path: str | Path, now: dt.datetime | None = None) -> LoadedDeck:
    """Read and validate a deck file; raise DeckError listing every problem found."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DeckError([Problem(str(path), 1, 1,
                                 f"cannot read the deck: {exc.strerror or exc}")]) from None
    return parse_deck(raw, path, now)


def parse_deck(raw: bytes, path: Path, now: dt.datetime | None = None) -> LoadedDeck:
    filename = str(path)
    source, problems = read_yaml(raw, filename)
    if source is None:
        raise DeckError(problems)
    if not isinstance(source.data, dict):
        raise DeckError([*problems, Problem(filename, 1, 1, "the top level must be a mapping "
                                            "with 'deck' and 'slides'")])
    marks = source.marks
    try:
        deck = Deck.model_validate(source.data)
    except ValidationError as exc:
        problems += describe_errors(exc.errors(), source.data, marks, filename)
    except (RecursionError, OverflowError, ValueError) as exc:
        problems.append(Problem(filename, 1, 1, f"cannot validate the deck: {exc}"))
        raise DeckError(problems) from None
    else:
        found = _located(cross_checks(deck, path.parent, now), marks, filename, ())
        loaded = LoadedDeck(deck, path, marks, tuple(p for p in found if p.severity == "warning"))
        if problems or any(p.severity == "error" for p in found):
            raise DeckError([*problems, *found], loaded)
        return loaded
    # Validation failed: check what did validate, so the operator sees everything in one run.
    parts = salvage(source.data)
    found = _located(cross_checks(parts.checkable, path.parent, now, parts.checkable_numbers,
                                  whole=False),
                     marks, filename,
                     parts.checkable_numbers)
    partial = None
    if parts.renderable is not None:
        partial = LoadedDeck(parts.renderable, path, marks,
                             tuple(p for p in found if p.severity == "warning"),
                             parts.renderable_numbers)
    raise DeckError(list(dict.fromkeys([*problems, *found])), partial) from None


def _located(found: list[Found], marks: Marks, filename: str,
             numbers: tuple[int, ...]) -> list[Problem]:
    problems = []
    for where, message, severity in found:
        if numbers and len(where) >= 2 and where[0] == "slides" and isinstance(where[1], int):
            where = ("slides", numbers[where[1]], *where[2:])
        line, col = marks.of_value(where)
        problems.append(Problem(filename, line, col, message, severity))  # type: ignore[arg-type]
    return problems
