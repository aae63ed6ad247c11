"""The on-screen controls as an input: where the buttons are, when they answer, and which
navigator command each gives. Drawing them is the shell's job (shell/overlay.py); this module
decides nothing about how they look.

Controls appear on a touch and fade after `visible_for` seconds without one. Every touch target
is at least MIN_TARGET_MM wide and tall at the screen's physical DPI, so a finger finds it on any
panel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from kiosk.controllers.commands import Commands

CONTROLS_SECONDS = 6.0
FADE_SECONDS = 0.4
MIN_TARGET_MM = 9.0
DESIGN_TARGET = 96.0  # design px (short side 1080), generous on big screens
HIT_SLOP = 8.0  # px around a target that still count as a hit


@dataclass(frozen=True)
class Target:
    name: str  # "prev", "next", "language" or "section:<id>"
    rect: QRectF
    action: Callable[[], None]


def min_target_px(dpi: float) -> float:
    return MIN_TARGET_MM / 25.4 * dpi


class OnScreenControls:
    """‹ › buttons, the language button and the section bar, mapped to navigator commands."""

    def __init__(self, commands: Commands, section_ids: Callable[[], Sequence[str]],
                 dpi: float = 96.0, visible_for: float = CONTROLS_SECONDS) -> None:
        self.commands = commands
        self.section_ids = section_ids
        self.dpi = dpi
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
        return min(width, height) / 1080.0

    def target_size(self, width: float, height: float) -> float:
        return max(min_target_px(self.dpi), DESIGN_TARGET * self.unit(width, height))

    def targets(self, width: float, height: float) -> list[Target]:
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

    def hit(self, x: float, y: float, width: float, height: float, now: float) -> Target | None:
        if self.opacity(now) <= 0:
            return None
        for target in self.targets(width, height):
            if target.rect.adjusted(-HIT_SLOP, -HIT_SLOP, HIT_SLOP, HIT_SLOP).contains(
                    QPointF(x, y)):
                return target
        return None


def _goto(commands: Commands, index: int) -> Callable[[], None]:
    return lambda: commands.goto_section(index)
