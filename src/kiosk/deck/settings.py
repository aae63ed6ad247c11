"""The deck's settings (its `deck:` part): languages and timing, transitions, the theme, the
accessibility mode, where the screen hangs, and how a kiosk fetches the deck from a URL."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from kiosk.deck.fields import Color, LanguageMode, Model, ScreenSize, Slug, Text, described
from kiosk.deck.hours import OpeningHours

# Common lobby screens, landscape and portrait: 16:9 at three sizes, 4:3, 5:4, 21:9, 9:16, 3:4.
COMMON_SCREENS: tuple[str, ...] = ("1920x1080", "3840x2160", "1366x768", "1024x768",
                                   "1280x1024", "2560x1080", "1080x1920", "768x1024")


class Theme(Model):
    model_config = described("""
        Colours and type sizes. Sizes are pixels on a design canvas whose short side is 1080.""")

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


class SourceSettings(Model):
    model_config = described("""
    For a kiosk showing this deck from a URL (kiosk run https://...); a local file ignores it.""")

    interval: float = Field(300, ge=10, le=86400, description="Seconds between checks for a "
                            "new version (a tenth of it is random jitter)")
    max_file_mb: float = Field(50, gt=0, le=1024, description="A file larger than this is refused")
    ca_file: str | None = Field(None, description="PEM file on the kiosk of the CA that signs "
                                "the server's certificate (a city network's own CA)")


class Speech(Model):
    model_config = described("""
        How the accessibility mode speaks: the engine's rate and volume a visitor starts from.""")

    rate: float = Field(1.0, ge=0.5, le=2.0, description="1.0 is the engine's normal pace")
    volume: float = Field(0.8, ge=0.1, le=1.0)


class Accessibility(Model):
    model_config = described("""
        The accessibility mode (high contrast, 200 % text, speech) a visitor switches on.""")

    idle_timeout: float = Field(180, ge=30, le=86400, description="Seconds without a touch in "
                                "the mode before the kiosk returns to the start (and leaves it)")
    idle_countdown: float = Field(20, ge=5, le=120, description="Seconds of warning before "
                                  "that, with a way to ask for more time")
    speech: Speech = Speech()


class Display(Model):
    model_config = described("""
        Where the screen hangs: every control of the accessibility mode is placed within reach
        (40-120 cm above the floor, KS X 9211 / ADA 308).""")

    bottom_cm: float = Field(80, ge=0, le=300, description="Height of the picture's lower "
                             "edge above the floor, in cm")
    height_cm: float | None = Field(None, gt=5, le=400, description="The picture's height in "
                                    "cm, for screens that report no physical size")
    hours: OpeningHours | None = Field(None, description="When the lobby is open; outside "
                                       "these hours the screen sleeps (deck/hours.py)")
    overflow: Literal["continue", "primary"] = Field(
        "continue", description="A slide that cannot hold every word even at the minimum size: "
        "continue it on further pages that play after it, or (primary) show it in Korean alone "
        "at that screen when that fits, and continue only when even that does not")
    screens: list[ScreenSize] = Field(
        default_factory=lambda: list(COMMON_SCREENS), min_length=1, max_length=16,
        description="The screen sizes (WxH) `kiosk check` lays every slide out at, in every "
        "language mode the deck uses; by default the common shapes")


def screen_size(screen: str) -> tuple[int, int]:
    width, height = screen.split("x")
    return int(width), int(height)


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
