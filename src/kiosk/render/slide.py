"""Draw one slide onto any QPainter device: the window, a PNG export, a PDF page."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QPainter

from kiosk.deck.model import Deck, Slide
from kiosk.navigator.state import Shown
from kiosk.render.fonts import ensure_fonts
from kiosk.render.frame import DESIGN, Frame
from kiosk.render.text import Placed

log = logging.getLogger(__name__)
Layout = Callable[[Frame, Slide, Deck], None]
KICKER = 30.0


@dataclass(frozen=True)
class Rendered:
    """What a render drew, in design units, for tests and `kiosk check`."""

    width: float
    height: float
    safe: QRectF
    placed: tuple[Placed, ...]
    notes: tuple[str, ...]


def canvas_size(width: int, height: int) -> tuple[float, float, float]:
    """Design-canvas size and the device-per-design scale for a device of this size."""
    scale = min(width, height) / DESIGN
    return width / scale, height / scale, scale


def render_slide(painter: QPainter, width: int, height: int, deck: Deck, index: int,
                 shown: Shown, folder: Path) -> Rendered:
    ensure_fonts()
    from kiosk.render.layouts import LAYOUTS

    slide = deck.slides[index]
    cw, ch, scale = canvas_size(width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.scale(scale, scale)
    frame = Frame(painter, cw, ch, deck.deck.theme, shown, folder)
    painter.fillRect(QRectF(0, 0, cw, ch), frame.color("background"))
    try:
        draw_kicker(frame, slide, deck)
        LAYOUTS[slide.layout](frame, slide, deck)
    finally:
        painter.restore()
    return Rendered(cw, ch, frame.safe, tuple(frame.placed), tuple(frame.notes))


def draw_kicker(frame: Frame, slide: Slide, deck: Deck) -> None:
    """The section's name, small, above the slide: where the visitor is in the deck."""
    if slide.layout == "cover":
        return
    section = next((s for s in deck.deck.sections if s.id == slide.section), None)
    if section is None:
        return
    label = " · ".join(section.title.get(lang) for lang in frame.langs)
    safe = frame.safe
    rect = QRectF(safe.left(), safe.top() - 44, safe.width(), KICKER + 8)
    frame.painter.fillRect(QRectF(safe.left(), rect.top() + 6, 8, KICKER - 4),
                           frame.color("accent"))
    inner = QRectF(rect.left() + 22, rect.top(), rect.width() - 22, rect.height())
    frame.text(inner, frame.runs(label, KICKER, "accent", QFont.Weight.DemiBold),
               what="section label")


def content_top(frame: Frame) -> float:
    return frame.safe.top() + 8


def header(frame: Frame, title: object, *, height: float | None = None) -> float:
    """Draw a slide title at the top of the safe area; return the y where content may start."""
    from kiosk.deck.model import Text

    safe = frame.safe
    limit = height or (safe.height() * (0.26 if frame.portrait else 0.3))
    rect = QRectF(safe.left(), content_top(frame), safe.width(), limit)
    if not isinstance(title, Text):
        return rect.top()
    used = frame.text(rect, frame.runs(title, frame.theme.title_size, weight=QFont.Weight.Bold),
                      what="title")
    return used.bottom() + 44
