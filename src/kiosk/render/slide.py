"""Draw one slide onto any QPainter device: the window, a PNG export, a PDF page."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from kiosk.deck.fields import Shown
from kiosk.deck.model import Deck, Slide
from kiosk.render.fonts import ensure_fonts
from kiosk.render.frame import DESIGN, Frame, Note
from kiosk.render.layouts import LAYOUTS
from kiosk.render.layouts._common import draw_kicker
from kiosk.render.text import Placed

log = logging.getLogger(__name__)
Layout = Callable[[Frame, Slide, Deck], None]


@dataclass(frozen=True)
class Rendered:
    """What a render drew, in design units, for tests and `kiosk check`."""

    width: float
    height: float
    safe: QRectF
    placed: tuple[Placed, ...]
    notes: tuple[Note, ...]


def canvas_size(width: int, height: int) -> tuple[float, float, float]:
    """Design-canvas size and the device-per-design scale for a device of this size."""
    scale = min(width, height) / DESIGN
    return width / scale, height / scale, scale


def render_slide(painter: QPainter, width: int, height: int, deck: Deck, index: int,
                 shown: Shown, folder: Path, clear: QRectF | None = None) -> Rendered:
    """Draw a slide; `clear` (device px) is kept free of content for a button over it."""
    ensure_fonts()
    slide = deck.slides[index]
    cw, ch, scale = canvas_size(width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.scale(scale, scale)
    frame = Frame(painter, cw, ch, deck.deck.theme, shown, folder,
                  clear=None if clear is None else QRectF(
                      clear.left() / scale, clear.top() / scale, clear.width() / scale,
                      clear.height() / scale))
    painter.fillRect(QRectF(0, 0, cw, ch), frame.color("background"))
    try:
        draw_kicker(frame, slide, deck)
        LAYOUTS[slide.layout](frame, slide, deck)
    finally:
        painter.restore()
    return Rendered(cw, ch, frame.safe, tuple(frame.placed), tuple(frame.notes))
