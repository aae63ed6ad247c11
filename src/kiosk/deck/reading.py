"""A slide as a list of blocks in reading order: what the enlarged view lays out top to bottom
and what speech reads aloud, from one place so the two never disagree.

Titles come first, then the body in the order a sighted reader takes it: figures as a number
with its unit and then their label, milestones in time order, a building's name before its
floors, the phone number after the office. No Qt here: the renderer and speech both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.deck.fields import Text
from kiosk.deck.model import (
    BuildingSlide,
    ContactSlide,
    CoverSlide,
    Deck,
    Figure,
    FiguresSlide,
    ImageSlide,
    SiteSlide,
    Slide,
    StatementSlide,
    TimelineSlide,
    qr_payload,
)

Role = Literal["kicker", "title", "subtitle", "body", "item", "current", "mark", "figure", "label",
               "note", "phone", "floors", "picture", "qr"]
MILESTONE_JOIN = " — "  # between a milestone's date and what happened


@dataclass(frozen=True)
class Block:
    role: Role
    text: Text | None = None
    source: str | None = None  # a picture's file name, or what a QR code encodes
    floors: tuple[str, ...] = ()  # a building's floors, bottom to top (role "floors")
    field: tuple[str | int, ...] = ()  # where in the slide's data it comes from: ("title",)


def same(text: str) -> Text:
    """A text that reads the same in both languages (a date, a floor area)."""
    return Text(ko=text, en=text)


def figure_text(figure: Figure) -> Text:
    """The number with its unit: '40명', '40 students' (Korean counters attach to the number)."""
    value = figure.value if isinstance(figure.value, Text) else same(figure.value)
    if figure.unit is None:
        return value
    return Text(ko=f"{value.ko}{figure.unit.ko}", en=f"{value.en} {figure.unit.en}")


def reading_order(slide: Slide, deck: Deck) -> list[Block]:
    blocks: list[Block] = []
    section = next((s for s in deck.deck.sections if s.id == slide.section), None)
    if section is not None and slide.layout != "cover":
        blocks.append(Block("kicker", section.title, field=("section",)))
    title = getattr(slide, "title", None)
    if isinstance(title, Text):
        blocks.append(Block("title", title, field=("title",)))
    blocks += _body(slide)
    return blocks


def _body(slide: Slide) -> list[Block]:  # noqa: C901 (one branch per layout, flat on purpose)
    out: list[Block] = []
    if isinstance(slide, CoverSlide):
        out += _optional("subtitle", slide.subtitle, "subtitle") + \
            _optional("note", slide.date, "date")
        if slide.image:
            out.append(Block("picture", source=slide.image, field=("image",)))
    elif isinstance(slide, StatementSlide):
        out += [Block("body", slide.statement, field=("statement",))] + \
            _optional("note", slide.detail, "detail")
    elif isinstance(slide, FiguresSlide):
        for i, figure in enumerate(slide.figures):
            out += [Block("figure", figure_text(figure), field=("figures", i, "value")),
                    Block("label", figure.label, field=("figures", i, "label"))]
        out += _optional("note", slide.note, "note")
    elif isinstance(slide, TimelineSlide):
        for i, m in enumerate(slide.milestones):
            joined = Text.joined(m.when.ko + MILESTONE_JOIN + m.what.ko,
                                 m.when.en + MILESTONE_JOIN + m.what.en)
            out.append(Block("current" if m.current else "item", joined,
                             field=("milestones", i)))
    elif isinstance(slide, SiteSlide):
        out.append(Block("body", slide.address, field=("address",)))
        out += [Block("item", place.label, field=("places", i, "label"))
                for i, place in enumerate(slide.places)]
        out += _optional("note", slide.note, "note")
    elif isinstance(slide, BuildingSlide):
        for i, b in enumerate(slide.buildings):
            out += [Block("subtitle", b.name, field=("buildings", i, "name")),
                    Block("floors", floors=tuple(b.floors), field=("buildings", i, "floors")),
                    Block("body", same(b.area), field=("buildings", i, "area")),
                    Block("body", b.status, field=("buildings", i, "status"))]
            out += _optional("mark", b.highlight_label, "buildings", i, "highlight_label")
    elif isinstance(slide, ContactSlide):
        out += [Block("subtitle", slide.office, field=("office",)),
                Block("phone", same(slide.phone), field=("phone",)),
                Block("qr", source=qr_payload(slide), field=("qr",))]
        out += _optional("note", slide.note, "note")
    elif isinstance(slide, ImageSlide):
        out.append(Block("picture", source=slide.image, field=("image",)))
        out += _optional("note", slide.caption, "caption")
    else:  # bullets
        out += [Block("item", point, field=("points", i)) for i, point in enumerate(slide.points)]
        if slide.image:
            out.append(Block("picture", source=slide.image, field=("image",)))
    return out


def _optional(role: Role, text: Text | None, *field: str | int) -> list[Block]:
    return [Block(role, text, field=field)] if text is not None else []
