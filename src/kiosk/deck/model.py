"""The deck as immutable, validated data: the slides of each layout and the deck that holds them
with its settings. Declared once; the JSON Schema is derived from it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, Field, StringConstraints

from kiosk.deck.fields import Aspect, ClockTime, Model, Slug, Text, described, visible_text
from kiosk.deck.settings import Settings, Transition


class DailyWindow(Model):
    model_config = described("""
        A time window within each day when a slide may show (local time, end exclusive).""")

    start: ClockTime
    end: ClockTime


class SlideBase(Model):
    id: Slug
    section: Slug
    duration: float | None = Field(None, gt=0, le=3600)
    transition: Transition | None = None
    show_from: dt.datetime | dt.date | None = None
    show_until: dt.datetime | dt.date | None = None
    daily: DailyWindow | None = None
    notes: str | None = Field(None, description="For operators; never shown")
    speech: Text | None = Field(None, description="What the accessibility mode says for this "
                                "slide, instead of reading its visible text")


Share = Annotated[float, Field(ge=0, le=1)]


class Framing(Model):
    """How a slide's picture meets its box: whole or filling it, and what a crop keeps."""

    fit: Literal["cover", "contain"] | None = Field(
        None, description="cover: fill the box, cropping the picture to its shape; contain: "
        "the whole picture, with room beside it. By default the cover slide's picture covers, "
        "the others are contained")
    focus: tuple[Share, Share] = Field(
        (0.5, 0.5), description="[x, y], 0–1 from the picture's left and top: the point a crop "
        "keeps in view, as near the middle of the box as the picture allows")
    max_crop: Share = Field(
        0.75, description="The share of the picture a crop may cut away (0–1) before `kiosk "
        "check` warns, at any screen shape")


class CoverSlide(SlideBase, Framing):
    layout: Literal["cover"]
    title: Text
    subtitle: Text | None = None
    date: Text | None = None
    image: str | None = None


class BulletsSlide(SlideBase, Framing):
    layout: Literal["bullets"]
    title: Text
    points: list[Text] = Field(min_length=1, max_length=6)
    image: str | None = None


class StatementSlide(SlideBase):
    layout: Literal["statement"]
    title: Text | None = None
    statement: Text
    detail: Text | None = None


class Figure(Model):
    value: Annotated[str, StringConstraints(min_length=1, max_length=12),
                     AfterValidator(visible_text)] | Text = Field(
        description="The number as shown; a {ko, en} pair when it reads differently")
    unit: Text | None = None
    label: Text


class FiguresSlide(SlideBase):
    layout: Literal["figures"]
    title: Text
    figures: list[Figure] = Field(min_length=1, max_length=4)
    note: Text | None = None


class Building(Model):
    name: Text
    floors: list[Annotated[str, StringConstraints(min_length=1, max_length=6),
                           AfterValidator(visible_text)]] = Field(
        min_length=1, max_length=30, description="Bottom to top, e.g. [B1, 1F, 2F]")
    area: Annotated[str, AfterValidator(visible_text)] = Field(
        description="Floor area as printed, e.g. '1,098 m²'")
    status: Text
    highlight: list[str] = Field(default_factory=list, description="Floors to highlight")
    highlight_label: Text | None = None


class BuildingSlide(SlideBase):
    layout: Literal["building"]
    title: Text
    buildings: list[Building] = Field(min_length=1, max_length=3)


class Place(Model):
    label: Text
    kind: Literal["main", "school", "other"] = "other"
    x: float = Field(ge=0, le=1)
    y: float = Field(ge=0, le=1)
    w: float = Field(gt=0, le=1)
    h: float = Field(gt=0, le=1)


class SiteSlide(SlideBase):
    layout: Literal["site"]
    title: Text
    address: Text
    aspect: Aspect | None = Field(
        None, description="The plan's shape as width:height, e.g. '16:9', kept on every screen; "
        "by default the shape in which the places' labels fit best")
    places: list[Place] = Field(min_length=1, max_length=8)
    note: Text | None = None


class Milestone(Model):
    when: Text
    what: Text
    current: bool = False


class TimelineSlide(SlideBase):
    layout: Literal["timeline"]
    title: Text
    milestones: list[Milestone] = Field(min_length=2, max_length=8)


class ContactSlide(SlideBase):
    layout: Literal["contact"]
    title: Text
    office: Text
    phone: Annotated[str, StringConstraints(pattern=r"^[0-9+][0-9 ()-]{3,24}$")]
    qr: str | None = Field(None, description="What the QR code encodes; a tel: link by default")
    note: Text | None = None


class ImageSlide(SlideBase, Framing):
    layout: Literal["image"]
    title: Text | None = None
    image: str
    caption: Text | None = None


Slide = Annotated[
    # Union[...], not |: evaluated at import, and Python 3.9 (Debian 11 builds) has no type |
    Union[CoverSlide, BulletsSlide, StatementSlide, FiguresSlide, BuildingSlide, SiteSlide,
          TimelineSlide, ContactSlide, ImageSlide],
    Field(discriminator="layout"),
]

LAYOUTS: tuple[str, ...] = ("cover", "bullets", "statement", "figures", "building", "site",
                            "timeline", "contact", "image")


class Deck(Model):
    model_config = described("""
        A whole deck file: settings under `deck`, then the slides in showing order.""")

    deck: Settings
    slides: list[Slide] = Field(min_length=1, max_length=200)

    def section_start(self, section_id: str) -> int | None:
        for index, slide in enumerate(self.slides):
            if slide.section == section_id:
                return index
        return None

    def duration_of(self, index: int) -> float:
        own = self.slides[index].duration
        return own if own is not None else self.deck.duration

    def transition_of(self, index: int) -> Transition:
        own = self.slides[index].transition
        return own if own is not None else self.deck.transition


def aspect_ratio(aspect: str) -> float:
    """Width over height of a 'W:H' aspect such as '16:9'."""
    width, height = aspect.split(":")
    return int(width) / int(height)


def qr_payload(slide: ContactSlide) -> str:
    if slide.qr:
        return slide.qr
    digits = "".join(ch for ch in slide.phone if ch.isdigit() or ch == "+")
    return f"tel:{digits}"


def json_schema() -> dict[str, object]:
    schema = Deck.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Lobby kiosk deck (slides.yaml)"
    return schema
