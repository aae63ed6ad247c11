"""What still holds of a deck that failed validation, so every later check can run in one pass.

A deck with one bad slide is still eleven good slides and a theme: the cross-field checks, the
image checks and the layout checks run on what validated instead of waiting for the next run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from pydantic import BaseModel, TypeAdapter, ValidationError

from kiosk.deck.locate import resolve
from kiosk.deck.model import Deck, Slide, SlideBase
from kiosk.deck.settings import Settings

_BAD = object()


@dataclass(frozen=True)
class Salvaged:
    """The parts of a broken deck that validated, with the file index of every slide kept."""

    checkable: Deck  # slides with at least a valid id and section; for cross-field checks
    checkable_numbers: tuple[int, ...]
    renderable: Deck | None  # whole slides only, under usable settings; for images and layouts
    renderable_numbers: tuple[int, ...]


def salvage(data: dict[str, Any]) -> Salvaged:
    settings, _ = _model(Settings, data.get("deck"))  # a bad colour: the default one will do
    slides = data.get("slides")
    checkable: list[Any] = []
    numbers: list[int] = []
    whole: list[Any] = []
    whole_numbers: list[int] = []
    for index, raw in enumerate(slides if isinstance(slides, list) else []):
        cls = resolve(Slide, raw)
        cls = cls if isinstance(cls, type) and issubclass(cls, BaseModel) else SlideBase
        slide, complete = _model(cls, raw)
        if slide is None or not {"id", "section"} <= slide.__dict__.keys():
            continue
        checkable.append(slide)
        numbers.append(index)
        if complete and cls is not SlideBase:
            whole.append(slide)
            whole_numbers.append(index)
    # Slides are drawn with the settings' theme and the names of their sections, nothing else
    # of the settings: broken settings still let every whole slide be laid out (with the
    # default theme, and without a section's name above it if the sections are broken).
    # (model_construct fills in every default and leaves the required fields unset)
    drawing: Any = settings if settings is not None else cast(Any, Settings).model_construct()
    if "sections" not in drawing.__dict__:
        drawing = drawing.model_copy(update={"sections": []})
    # Unvalidated on purpose: settings may be None here (cross_checks allows for it) and the
    # checkable slides may lack their broken fields.
    parts: Any = {"deck": settings}
    return Salvaged(Deck.model_construct(**parts, slides=checkable), tuple(numbers),
                    Deck.model_construct(deck=drawing, slides=whole) if whole else None,
                    tuple(whole_numbers))


def _model(cls: type[BaseModel], raw: Any) -> tuple[BaseModel | None, bool]:
    """The model with every field that validates on its own; and whether all of them did."""
    if not isinstance(raw, dict):
        return None, False
    try:
        return cls.model_validate(raw), True
    except (ValidationError, ValueError, RecursionError):
        pass
    values: dict[str, Any] = {}
    for name, info in cls.model_fields.items():
        if name in raw:
            value = _field(info.rebuild_annotation(), info.annotation, raw[name])
            if value is not _BAD:
                values[name] = value
    return cls.model_construct(**values), False


def _field(full: Any, annotation: Any, raw: Any) -> Any:
    try:
        return TypeAdapter(full).validate_python(raw)
    except (ValidationError, ValueError, RecursionError):
        pass
    inner = resolve(annotation, raw)
    if isinstance(inner, type) and issubclass(inner, BaseModel) and isinstance(raw, dict):
        found, _ = _model(inner, raw)  # a theme with one bad colour keeps the others
        if found is not None and _has_required(inner, found):
            return found
    return _BAD


def _has_required(cls: type[BaseModel], found: BaseModel) -> bool:
    """Whether a salvaged model has every field it cannot do without (a partial daily window
    would be worse than none)."""
    return all(name in found.__dict__ for name, info in cls.model_fields.items()
               if info.is_required())
