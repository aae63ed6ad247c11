"""Load a deck file into the validated model, or report every problem with its line."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from kiosk.deck.checks import cross_checks
from kiosk.deck.errors import DeckError, Problem
from kiosk.deck.model import LANGUAGE_NAMES, Deck
from kiosk.deck.yamlsource import Marks, read_yaml


@dataclass(frozen=True)
class LoadedDeck:
    """A valid deck with where it came from, so later checks can point at its lines."""

    deck: Deck
    path: Path
    marks: Marks = field(compare=False, repr=False)
    warnings: tuple[Problem, ...] = ()

    @property
    def folder(self) -> Path:
        return self.path.parent

    def problem_at(self, where: tuple[int | str, ...], message: str,
                   severity: str = "warning") -> Problem:
        line, col = self.marks.of_value(where)
        return Problem(str(self.path), line, col, message, severity)  # type: ignore[arg-type]


def load_deck(path: str | Path) -> LoadedDeck:
    """Read and validate a deck file; raise DeckError listing every problem found."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DeckError([Problem(str(path), 1, 1,
                                 f"cannot read the deck: {exc.strerror or exc}")]) from None
    return parse_deck(raw, path)


def parse_deck(raw: bytes, path: Path) -> LoadedDeck:
    filename = str(path)
    source, problems = read_yaml(raw, filename)
    if source is None:
        raise DeckError(problems)
    if not isinstance(source.data, dict):
        raise DeckError([*problems, Problem(filename, 1, 1, "the top level must be a mapping "
                                            "with 'deck' and 'slides'")])
    try:
        deck = Deck.model_validate(source.data)
    except ValidationError as exc:
        problems += [_describe(err, source.data, source.marks, filename) for err in exc.errors()]
        raise DeckError(_unique(problems)) from None
    except (RecursionError, OverflowError, ValueError) as exc:
        problems.append(Problem(filename, 1, 1, f"cannot validate the deck: {exc}"))
        raise DeckError(problems) from None
    found = cross_checks(deck, path.parent)
    errors = [p for path_, message, severity in found
              for p in [_at(source.marks, path_, filename, message, severity)]
              if severity == "error"]
    warnings = tuple(_at(source.marks, path_, filename, message, severity)
                     for path_, message, severity in found if severity == "warning")
    if problems or errors:
        raise DeckError([*problems, *errors, *warnings])
    return LoadedDeck(deck, path, source.marks, warnings)


def _at(marks: Marks, where: tuple[int | str, ...], filename: str, message: str,
        severity: str) -> Problem:
    line, col = marks.of_value(where)
    return Problem(filename, line, col, message, severity)  # type: ignore[arg-type]


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _data_path(loc: tuple[int | str, ...], data: Any) -> tuple[int | str, ...]:
    """Drop pydantic's union tags (the 'bullets' in slides.3.bullets.title) from a loc."""
    path: list[int | str] = []
    node = data
    tagged = -1
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and node.get("layout") == part \
                and path and isinstance(path[-1], int) and tagged != len(path):
            tagged = len(path)
            continue  # pydantic puts the union's tag right after the slide's index
        path.append(part)
        node = _child(node, part)
    return tuple(path)


def _child(node: Any, part: int | str) -> Any:
    if isinstance(node, dict) and isinstance(part, str):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _model_at(path: tuple[int | str, ...], data: Any) -> type[BaseModel] | None:
    """The model class that validates the mapping at `path`, to list its allowed keys."""
    annotation: Any = Deck
    node = data
    for part in path:
        current = _resolve(annotation, node)
        node = _child(node, part)
        if isinstance(part, int):
            annotation = _item(annotation)
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        annotation = info.annotation
    found = _resolve(annotation, node)
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


def _item(annotation: Any) -> Any:
    """The element type of a list annotation (through Optional and Annotated)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _item(typing.get_args(annotation)[0])
    if origin in (list, tuple):
        return typing.get_args(annotation)[0]
    if origin in (Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) in (list, tuple):
                return typing.get_args(arg)[0]
    return None


def _resolve(annotation: Any, node: Any) -> Any:
    """The one model class an annotation means for this node (a slide's layout picks it)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _resolve(typing.get_args(annotation)[0], node)
    if origin in (Union, types.UnionType):
        models = [a for a in (_resolve(x, node) for x in typing.get_args(annotation))
                  if isinstance(a, type) and issubclass(a, BaseModel)]
        if isinstance(node, dict) and "layout" in node:
            for candidate in models:
                layout = candidate.model_fields.get("layout")
                if layout is not None and node["layout"] in typing.get_args(layout.annotation):
                    return candidate
        return models[0] if len(models) == 1 else None
    return annotation


def _where(path: tuple[int | str, ...], data: Any) -> str:
    """Name the slide and field an error is about, the way an operator thinks of them."""
    if len(path) >= 2 and path[0] == "slides" and isinstance(path[1], int):
        slides = data.get("slides") if isinstance(data, dict) else None
        slide = slides[path[1]] if isinstance(slides, list) and path[1] < len(slides) else None
        ident = slide.get("id") if isinstance(slide, dict) else None
        name = f"slide '{ident}'" if isinstance(ident, str) else f"slide {path[1] + 1}"
        rest = path[2:]
    else:
        name, rest = "", path
    field_ = ".".join(str(p) for p in rest)
    if name and field_:
        return f"{name} field '{field_}'"
    return name or (f"field '{field_}'" if field_ else "the deck")


def _describe(err: Any, data: Any, marks: Marks, filename: str) -> Problem:
    path = _data_path(tuple(err["loc"]), data)
    kind = err["type"]
    found = err.get("input")
    if kind == "extra_forbidden":
        key = str(path[-1])
        line, col = marks.of_key(path)
        model = _model_at(path[:-1], data)
        allowed = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        expected = f"; expected one of: {', '.join(allowed)}" if allowed else ""
        where = _where(path[:-1], data)
        return Problem(filename, line, col, f"{where}: unknown key '{key}'{hint}{expected}")
    line, col = marks.of_value(path)
    where = _where(path, data)
    if kind == "missing":
        last = path[-1] if path else ""
        if last in LANGUAGE_NAMES:
            return Problem(filename, line, col,
                           f"{where}: missing {LANGUAGE_NAMES[str(last)]} translation; expected "
                           f"'{last}:' beside the other language")
        return Problem(filename, line, col, f"{where}: required but missing")
    if kind == "union_tag_invalid":
        from kiosk.deck.model import LAYOUTS

        given = found.get("layout") if isinstance(found, dict) else found
        close = difflib.get_close_matches(str(given), LAYOUTS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        line, col = marks.of_value((*path, "layout"))
        return Problem(filename, line, col, f"{where}: unknown layout '{given}'{hint}; expected "
                       f"one of: {', '.join(LAYOUTS)}")
    if kind == "union_tag_not_found":
        return Problem(filename, line, col, f"{where}: has no 'layout'; expected one of the "
                       "layouts (cover, bullets, statement, …)")
    shown = _show(found)
    return Problem(filename, line, col, f"{where}: {err['msg'].lower()}; found {shown}")


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
