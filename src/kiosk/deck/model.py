"""The deck as immutable, validated data. Declared once; the JSON Schema is derived from it."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

Lang = Literal["ko", "en"]
LanguageMode = Literal["both", "ko", "en", "alternate"]
Shown = Literal["ko", "en", "both"]  # what a slide shows at one moment: one language or both
LANGS: tuple[Lang, ...] = ("ko", "en")
LANGUAGE_NAMES = {"ko": "Korean", "en": "English"}

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]


def visible_text(value: str) -> str:
    """Refuse control characters: they pass YAML as escapes ("\\x9c") and draw as empty boxes."""
    for char in value:
        if char != "\n" and unicodedata.category(char) == "Cc":
            raise PydanticCustomError(
                "control_character", "contains the control character U+{code}, which no screen "
                "can show; remove it", {"code": f"{ord(char):04X}"})
    return value


Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
                 AfterValidator(visible_text)]
ClockTime = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


def _sexagesimal(value: object) -> object:
    """YAML 1.1 reads an unquoted 16:9 as the base-60 number 969; read it back as written."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 60:
        return f"{value // 60}:{value % 60}"
    return value


Aspect = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,3}:[1-9][0-9]{0,3}$"),
                   BeforeValidator(_sexagesimal)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Model):
    """One visible text in both languages."""

    ko: Line = Field(description="Korean text")
    en: Line = Field(description="English text")

    def get(self, lang: Lang) -> str:
        return self.ko if lang == "ko" else self.en


def pick(value: str | Text, lang: Lang) -> str:
    return value if isinstance(value, str) else value.get(lang)


class Theme(Model):
    """Colours and type sizes. Sizes are pixels on a design canvas whose short side is 1080."""

    background: Color = "#004191"
    surface: Color = "#0B3A7A"
    text: Color = "#FFFFFF"
    muted: Color = "#D3E1F5"
    accent: Color = "#FFD046"
    highlight: Color = "#FFD046"
    on_highlight: Color = "#0A1F44"
    title_size: int = Field(84, ge=24, le=300)
    body_size: int = Field(46, ge=16, le=200)
    min_size: int = Field(26, ge=12, le=100, description="Text never shrinks below this to fit")


class Transition(Model):
    kind: Literal["fade", "slide", "none"] = "fade"
    duration: float = Field(0.5, ge=0, le=5, description="Seconds")


class Section(Model):
    id: Slug
    title: Text


class DailyWindow(Model):
    """A time window within each day when a slide may show (local time, end exclusive)."""

    start: ClockTime
    end: ClockTime


class SourceSettings(Model):
    """For a kiosk showing this deck from a URL (kiosk run https://...); a local file ignores it."""

    interval: float = Field(300, ge=10, le=86400, description="Seconds between checks for a "
                            "new version (a tenth of it is random jitter)")
    max_file_mb: float = Field(50, gt=0, le=1024, description="A file larger than this is refused")
    ca_file: str | None = Field(None, description="PEM file on the kiosk of the CA that signs "
                                "the server's certificate (a city network's own CA)")


class Speech(Model):
    """How the accessibility mode speaks: the engine's rate and volume a visitor starts from."""

    rate: float = Field(1.0, ge=0.5, le=2.0, description="1.0 is the engine's normal pace")
    volume: float = Field(0.8, ge=0.1, le=1.0)


class Accessibility(Model):
    """The accessibility mode (high contrast, 200 % text, speech) a visitor switches on."""

    idle_timeout: float = Field(180, ge=30, le=86400, description="Seconds without a touch in "
                                "the mode before the kiosk returns to the start (and leaves it)")
    idle_countdown: float = Field(20, ge=5, le=120, description="Seconds of warning before "
                                  "that, with a way to ask for more time")
    speech: Speech = Speech()


class Display(Model):
    """Where the screen hangs: every control of the accessibility mode is placed within reach
    (40-120 cm above the floor, KS X 9211 / ADA 308)."""

    bottom_cm: float = Field(80, ge=0, le=300, description="Height of the picture's lower "
                             "edge above the floor, in cm")
    height_cm: float | None = Field(None, gt=5, le=400, description="The picture's height in "
                                    "cm, for screens that report no physical size")


class Settings(Model):
    title: Text
    subtitle: Text | None = None
    language: LanguageMode = Field("both", description="both: Korean first, English beneath")
    duration: float = Field(12, gt=0, le=3600, description="Seconds each slide shows in autoplay")
    idle_timeout: float = Field(60, ge=5, le=86400, description="Seconds without a touch before "
                                "the kiosk returns to the first slide")
    idle_countdown: float = Field(10, ge=0, le=60)
    autoplay: bool = True
    progress: bool = Field(True, description="Show the thin progress bar while autoplaying")
    transition: Transition = Transition()
    exit_chord: str = Field("Ctrl+Shift+Q", description="Held for exit_hold seconds, quits")
    exit_hold: float = Field(2.0, ge=0.5, le=10)
    theme: Theme = Theme()
    accessibility: Accessibility = Accessibility()
    display: Display = Display()
    sections: list[Section] = Field(min_length=1, max_length=9)
    source: SourceSettings = SourceSettings()


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


class CoverSlide(SlideBase):
    layout: Literal["cover"]
    title: Text
    subtitle: Text | None = None
    date: Text | None = None
    image: str | None = None


class BulletsSlide(SlideBase):
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


class ImageSlide(SlideBase):
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
    """A whole deck file: settings under `deck`, then the slides in showing order."""

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
