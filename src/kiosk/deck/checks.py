"""Checks that span fields: references, duplicates, files, contrast. No Qt.

Each check yields (data path, message, severity); the loader turns paths into lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Union

from kiosk.deck.errors import close_matches
from kiosk.deck.model import (
    BuildingSlide,
    BulletsSlide,
    CoverSlide,
    Deck,
    ImageSlide,
    TimelineSlide,
)

Found = tuple[tuple[Union[int, str], ...], str, str]  # evaluated at import: no | on 3.9
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


def cross_checks(deck: Deck, folder: Path, now: dt.datetime | None = None,
                 numbers: tuple[int, ...] = (), *, whole: bool = True) -> list[Found]:
    """Every cross-field finding. `deck` may be the salvaged part of a deck that failed
    validation (`whole` False: settings None, slides without their broken fields); `numbers`
    are then the slides' places in the file (empty when no slide was kept)."""
    from kiosk.deck.hours import hours_checks
    from kiosk.deck.schedule import schedule_checks

    found = [*_ids(deck, numbers), *_floors(deck), *_images(deck, folder), *_timeline(deck),
             *_framing(deck),
             *_past(deck, now or dt.datetime.now()), *schedule_checks(deck)]
    if deck.deck is not None:  # salvaged settings have a theme, not always their sections
        found += [*_contrast(deck)]
        display = getattr(deck.deck, "display", None)
        # (a day missing from a salvaged week may only have failed: said once it is whole)
        found += [*hours_checks(getattr(display, "hours", None), whole=whole)]
        if getattr(deck.deck, "sections", None) is not None:
            found += [*_section_ids(deck), *_sections(deck)]
    return found


MIN_CONTRAST = 4.5  # WCAG AA for text
# (text colour, background colour) pairs the renderer actually draws
TEXT_PAIRS = (("text", "background"), ("muted", "background"), ("accent", "background"),
              ("highlight", "background"), ("text", "surface"), ("muted", "surface"),
              ("accent", "surface"), ("on_highlight", "highlight"))


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _contrast(deck: Deck) -> Iterator[Found]:
    theme = deck.deck.theme
    for fg, bg in TEXT_PAIRS:
        ratio = contrast_ratio(getattr(theme, fg), getattr(theme, bg))
        if ratio < MIN_CONTRAST:
            yield (("deck", "theme", fg), f"theme: {fg} {getattr(theme, fg)} on {bg} "
                   f"{getattr(theme, bg)} has contrast {ratio:.1f}:1; expected at least "
                   f"{MIN_CONTRAST}:1 to be readable", "error")


def _ids(deck: Deck, numbers: tuple[int, ...]) -> Iterator[Found]:
    seen: dict[str, int] = {}
    for i, slide in enumerate(deck.slides):
        if slide.id in seen:
            first = seen[slide.id]
            yield (("slides", i, "id"), f"slide id '{slide.id}' is used twice (first by slide "
                   f"{(numbers[first] if numbers else first) + 1}); expected unique ids",
                   "error")
        seen.setdefault(slide.id, i)


def _section_ids(deck: Deck) -> Iterator[Found]:
    sections: set[str] = set()
    for i, section in enumerate(deck.deck.sections):
        if section.id in sections:
            yield (("deck", "sections", i, "id"), f"section id '{section.id}' is used twice; "
                   "expected unique ids", "error")
        sections.add(section.id)


def _sections(deck: Deck) -> Iterator[Found]:
    known = [s.id for s in deck.deck.sections]
    for i, slide in enumerate(deck.slides):
        if slide.section not in known:
            close = close_matches(slide.section, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            yield (("slides", i, "section"), f"slide '{slide.id}' field 'section': unknown "
                   f"section '{slide.section}'{hint}; expected one of: {', '.join(known)}",
                   "error")
    used = {slide.section for slide in deck.slides}
    for i, section in enumerate(deck.deck.sections):
        if section.id not in used:
            yield (("deck", "sections", i), f"section '{section.id}' has no slides; its button "
                   "would lead nowhere", "warning")


def _floors(deck: Deck) -> Iterator[Found]:
    for i, slide in enumerate(deck.slides):
        if not isinstance(slide, BuildingSlide):
            continue
        for b, building in enumerate(getattr(slide, "buildings", ())):
            for floor in building.highlight:
                if floor not in building.floors:
                    close = [f for f in building.floors if f.casefold() == floor.casefold()] \
                        or close_matches(floor, building.floors, n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    yield (("slides", i, "buildings", b, "highlight"), f"slide '{slide.id}': "
                           f"highlighted floor '{floor}' is not among the floors "
                           f"{', '.join(building.floors)}{hint}", "error")


def _timeline(deck: Deck) -> Iterator[Found]:
    for i, slide in enumerate(deck.slides):
        if isinstance(slide, TimelineSlide) and \
                sum(m.current for m in getattr(slide, "milestones", ())) > 1:
            yield (("slides", i, "milestones"), f"slide '{slide.id}': more than one milestone "
                   "is marked current; expected at most one", "error")


def _framing(deck: Deck) -> Iterator[Found]:
    """A picture's fit, focus or max_crop where they can do nothing: no picture, or (focus,
    max_crop) a picture shown whole."""
    for i, slide in enumerate(deck.slides):
        if not isinstance(slide, (CoverSlide, ImageSlide, BulletsSlide)):
            continue
        given = [name for name in ("fit", "focus", "max_crop") if name in slide.model_fields_set]
        if given and not slide.image:
            yield (("slides", i, given[0]), f"slide '{slide.id}': '{given[0]}' is about the "
                   "slide's picture, and it has no 'image'", "warning")
            continue
        cropped = slide.fit == "cover" or (slide.fit is None and slide.layout == "cover")
        for name in ("focus", "max_crop"):
            if name in given and not cropped:
                yield (("slides", i, name), f"slide '{slide.id}': '{name}' does nothing while "
                       "the picture is shown whole; add 'fit: cover' to fill its box", "warning")


def image_paths(deck: Deck) -> Iterator[tuple[tuple[int | str, ...], str]]:
    """Every image the deck names, with where it is named."""
    for i, slide in enumerate(deck.slides):
        image = getattr(slide, "image", None)
        if isinstance(slide, (CoverSlide, ImageSlide, BulletsSlide)) and image:
            yield ("slides", i, "image"), image


def resolve_image(folder: Path, name: str) -> Path | None:
    """The image file inside the deck's folder, or None when the name leads outside it."""
    candidate = Path(name)
    if candidate.is_absolute() or name.startswith(("/", "\\")):
        return None
    base = folder.resolve()
    target = (base / candidate).resolve()
    if target != base and base not in target.parents:
        return None
    return target


def present_images(deck: Deck, folder: Path) -> Iterator[tuple[tuple[int | str, ...], str, Path]]:
    """(where, name, file) of every image the deck names that is a file in its folder; the
    others are reported by the deck's own checks."""
    for where, name in image_paths(deck):
        target = resolve_image(folder, name)
        if target is not None and target.is_file():
            yield where, name, target


def _images(deck: Deck, folder: Path) -> Iterator[Found]:
    for where, name in image_paths(deck):
        target = resolve_image(folder, name)
        if target is None:
            yield (where, f"image '{name}' lies outside the deck's folder; expected a path "
                   "like assets/photo.png", "error")
        elif not name.lower().endswith(IMAGE_SUFFIXES):
            yield (where, f"image '{name}' is not a PNG, JPEG or SVG file", "error")
        elif not target.is_file():
            yield (where, f"image '{name}' does not exist (looked in {folder}); expected a file "
                   "beside the deck", "error")


def _past(deck: Deck, now: dt.datetime) -> Iterator[Found]:
    """A show_until already gone: the slide will never show again (a forgotten notice?)."""
    from kiosk.deck.schedule import end_of

    for i, slide in enumerate(deck.slides):
        if slide.show_until is not None and end_of(slide.show_until) <= now.replace(tzinfo=None):
            yield (("slides", i, "show_until"), f"slide '{slide.id}': show_until "
                   f"{slide.show_until} has passed; the slide will never show (remove it, or "
                   "give a later date)", "warning")
