"""The on-screen controls as an input: where the buttons are, when they answer, and which
navigator command each gives. Drawing them is the shell's job (shell/overlay.py); this module
decides nothing about how they look.

Controls appear on a touch and fade after `visible_for` seconds without one. Every touch target
is at least MIN_TARGET_MM wide and tall at the screen's physical DPI, so a finger finds it on any
panel.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from kiosk.controllers.commands import Commands
from kiosk.deck.settings import Display
from kiosk.render.frame import MARGIN

CONTROLS_SECONDS = 6.0
FADE_SECONDS = 0.4
MIN_TARGET_MM = 9.0
DESIGN_TARGET = 96.0  # design px (short side 1080), generous on big screens
HIT_SLOP = 8.0  # px around a target that still count as a hit
# Where a visitor can reach, standing or in a wheelchair: KS X 9211 (무인정보단말기 접근성) and
# ADA 308 put every operable part between about 40 cm and 120 cm above the floor.
REACH_TOP_CM = 120.0
REACH_BOTTOM_CM = 40.0
ACCESS_BUTTON = 1.4  # the accessibility button, in touch targets: large, and always there
PAGE_BAR = 90.0  # design px above the mode's bar: which page of the slide this is
BAR_BUTTON = 1.25  # the mode's buttons, in touch targets
PLAUSIBLE_DPI = (20.0, 1200.0)  # outside this a screen's reported size is not believed
# The accessibility mode's bar, left to right: (name, Korean label, English label)
ACCESS_BAR = (("prev", "", ""), ("next", "", ""), ("read", "다시 듣기", "Read again"),
              ("quieter", "소리 작게", "Quieter"), ("louder", "소리 크게", "Louder"),
              ("slower", "느리게", "Slower"), ("faster", "빠르게", "Faster"),
              ("language", "언어", "Language"), ("access", "끄기", "Exit"))


@dataclass(frozen=True)
class Target:
    name: str  # "prev", "next", "language" or "section:<id>"
    rect: QRectF
    action: Callable[[], None]


def min_target_px(dpi: float) -> float:
    return MIN_TARGET_MM / 25.4 * dpi


def px_per_cm(height: float, dpi: float, display: Display) -> float:
    """The screen's scale: the deck's measured picture height when given (some screens report
    no size, or a wrong one), else the screen's physical DPI."""
    if display.height_cm:
        return height / display.height_cm
    if PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1]:
        return dpi / 2.54
    return 96 / 2.54


def reach_band(height: float, dpi: float, display: Display) -> tuple[float, float]:
    """(top, bottom) y in px of the part of the screen between 40 and 120 cm above the floor;
    top > bottom when no part of the screen is within reach."""
    scale = px_per_cm(height, dpi, display)
    top = height - (REACH_TOP_CM - display.bottom_cm) * scale
    bottom = height - (REACH_BOTTOM_CM - display.bottom_cm) * scale
    return max(0.0, top), min(height, bottom)


def height_above_floor(y: float, height: float, dpi: float, display: Display) -> float:
    """cm above the floor of the screen row y."""
    return display.bottom_cm + (height - y) / px_per_cm(height, dpi, display)


class OnScreenControls:
    """‹ › buttons, the language button and the section bar, mapped to navigator commands."""

    def __init__(self, commands: Commands, section_ids: Callable[[], Sequence[str]],
                 dpi: float = 96.0, visible_for: float = CONTROLS_SECONDS,
                 display: Callable[[], Display] = Display) -> None:
        self.commands = commands
        self.section_ids = section_ids
        self.dpi = dpi
        self.display = display  # where the screen hangs: the deck's `display` settings
        self.visible_for = visible_for
        self.visible_until = 0.0

    # ----- visibility ------------------------------------------------------------------------
    def show(self, now: float) -> None:
        self.visible_until = now + self.visible_for

    def opacity(self, now: float) -> float:
        left = self.visible_until - now
        if left <= 0:
            return 0.0
        return min(1.0, left / FADE_SECONDS)

    def fading(self, now: float) -> bool:
        return 0 < self.visible_until - now < FADE_SECONDS

    def fade_starts_in(self, now: float) -> float | None:
        """Seconds until the fade-out begins (0 while fading), None once the controls are gone."""
        left = self.visible_until - now
        if left <= 0:
            return None
        return max(0.0, left - FADE_SECONDS)

    # ----- geometry --------------------------------------------------------------------------
    @staticmethod
    def unit(width: float, height: float) -> float:
        return _unit(width, height)

    def target_size(self, width: float, height: float) -> float:
        return target_size(width, height, self.dpi)

    def targets(self, width: float, height: float) -> list[Target]:
        if self.commands.access.on:
            return []  # the mode has its own bar (access_targets) in reach of every visitor
        c = self.commands
        size = self.target_size(width, height)
        u = self.unit(width, height)
        margin = 24 * u
        mid = height / 2
        found = [
            Target("prev", QRectF(margin, mid - size / 2, size, size), c.prev),
            Target("next", QRectF(width - margin - size, mid - size / 2, size, size), c.next),
            Target("language", QRectF(width - margin - size * 3.2, margin, size * 3.2, size),
                   c.toggle_language),
        ]
        sections = list(self.section_ids())
        if sections:
            gap = 12 * u
            bar_w = min(width - 2 * margin, len(sections) * (size * 3.4 + gap))
            pill_w = (bar_w - gap * (len(sections) - 1)) / len(sections)
            left = (width - bar_w) / 2
            top = height - margin - size - 14 * u
            for i, section in enumerate(sections):
                rect = QRectF(left + i * (pill_w + gap), top, pill_w, size)
                found.append(Target(f"section:{section}", rect, _goto(c, i)))
        return found

    # ----- the accessibility button and the mode's bar --------------------------------------
    def band(self, width: float, height: float) -> tuple[float, float]:
        """The reach band (top, bottom y), kept clear of the screen's very edge."""
        return band(width, height, self.dpi, self.display())

    def access_button(self, width: float, height: float) -> Target:
        """Large and always there, in the lower band: the way into the mode (see
        button_rect)."""
        return Target("access", button_rect(width, height, self.dpi, self.display()),
                      self.commands.access.toggle)

    def access_targets(self, width: float, height: float) -> list[Target]:
        """The targets that answer whether or not the controls are shown: the accessibility
        button, or, in the mode, its whole bar (one row, or two on a narrow screen)."""
        if not self.commands.access.on:
            return [self.access_button(width, height)]
        actions = self._access_actions()
        rects = bar_rects(width, height, self.dpi, self.display())
        return [Target(name, rect, actions[name])
                for (name, _ko, _en), rect in zip(ACCESS_BAR, rects)]

    def access_reserve(self, width: float, height: float) -> float:
        """px at the bottom of the screen the mode's pages leave free for its bar."""
        return mode_reserve(width, height, self.dpi, self.display())

    def button_clear(self, width: float, height: float) -> QRectF | None:
        """The part of the screen a slide keeps clear for the accessibility button."""
        return button_clear(width, height, self.dpi, self.display())

    def _access_actions(self) -> dict[str, Callable[[], None]]:
        c = self.commands
        a = c.access
        return {"prev": c.prev, "next": c.next, "read": a.read_again, "quieter": a.quieter,
                "louder": a.louder, "slower": a.slower, "faster": a.faster,
                "language": c.toggle_language, "access": a.toggle}

    def hit(self, x: float, y: float, width: float, height: float, now: float) -> Target | None:
        point = QPointF(x, y)
        for target in self.access_targets(width, height):
            if target.rect.adjusted(-HIT_SLOP, -HIT_SLOP, HIT_SLOP, HIT_SLOP).contains(point):
                return target
        if self.opacity(now) <= 0:
            return None
        for target in self.targets(width, height):
            if target.rect.adjusted(-HIT_SLOP, -HIT_SLOP, HIT_SLOP, HIT_SLOP).contains(
                    QPointF(x, y)):
                return target
        return None


# ----- where the accessibility button and the mode's bar go (no state: the exports use these
# too, so a review copy leaves the room the running kiosk leaves) ---------------------------------
def _unit(width: float, height: float) -> float:
    return min(width, height) / 1080.0


def target_size(width: float, height: float, dpi: float) -> float:
    return max(min_target_px(dpi), DESIGN_TARGET * _unit(width, height))


def band(width: float, height: float, dpi: float, display: Display) -> tuple[float, float]:
    """The reach band (top, bottom y), kept clear of the screen's very edge."""
    top, bottom = reach_band(height, dpi, display)
    return top, min(bottom, height - 16 * _unit(width, height))


def _in_corner(width: float, height: float, dpi: float, display: Display) -> bool:
    return band(width, height, dpi, display)[1] >= height - 16 * _unit(width, height) - 0.5


def button_rect(width: float, height: float, dpi: float, display: Display) -> QRectF:
    """The accessibility button: in the screen's corner (drawn as a quarter disc, so it hides
    almost nothing of the slide) when the corner is within reach, else a round button at the
    bottom of the reach band."""
    target = target_size(width, height, dpi)
    size = target * ACCESS_BUTTON
    u = _unit(width, height)
    if _in_corner(width, height, dpi, display):
        # A quarter disc no wider than the slide's margin reaches to its corner, so it
        # covers none of the slide's text (a finger still gets a full target).
        side = max(target, min(size, MARGIN * math.sqrt(2) * u - 1))
        return QRectF(0, height - side, side, side)
    _, bottom = band(width, height, dpi, display)
    return QRectF(20 * u, bottom - size, size, size)


def button_clear(width: float, height: float, dpi: float, display: Display) -> QRectF | None:
    """The part of the screen a slide keeps free of content for the accessibility button (with
    a little air around it), or None when the button sits in the corner within the margin."""
    if _in_corner(width, height, dpi, display):
        return None
    u = _unit(width, height)
    return button_rect(width, height, dpi, display).adjusted(-12 * u, -24 * u, 24 * u, 12 * u)


def bar_rects(width: float, height: float, dpi: float, display: Display) -> list[QRectF]:
    """The mode's buttons in ACCESS_BAR's order: one row, or more on a narrow screen, at the
    bottom of the reach band."""
    u = _unit(width, height)
    size = target_size(width, height, dpi) * BAR_BUTTON
    gap = 14 * u
    margin = 20 * u
    count = len(ACCESS_BAR)
    per_row = count
    button_w = size * 1.6
    while per_row > 1 and per_row * (button_w + gap) - gap > width - 2 * margin:
        per_row = (per_row + 1) // 2 if per_row == count else per_row - 1
    rows = (count + per_row - 1) // per_row
    _, bottom = band(width, height, dpi, display)
    found = []
    for i in range(count):
        row, col = divmod(i, per_row)
        in_row = min(per_row, count - row * per_row)
        left = (width - (in_row * (button_w + gap) - gap)) / 2
        top = bottom - (rows - row) * (size + gap) + gap
        found.append(QRectF(left + col * (button_w + gap), top, button_w, size))
    return found


def mode_reserve(width: float, height: float, dpi: float, display: Display) -> float:
    """px at the bottom of the screen the mode's pages leave free for its bar and page bar."""
    bar = height - min(r.top() for r in bar_rects(width, height, dpi, display))
    return bar + PAGE_BAR * _unit(width, height)


def _goto(commands: Commands, index: int) -> Callable[[], None]:
    return lambda: commands.goto_section(index)
