"""The emergency slide: full screen, high contrast, the level in words as well as colour.

Colours are fixed here, not taken from the deck's theme: an alert must read the same on every
screen of a fleet, whatever each lobby's branding, and each pair has a contrast ratio above 7:1.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter

from kiosk.deck.fields import Text
from kiosk.deck.settings import Theme
from kiosk.navigator.state import Shown
from kiosk.render.fonts import ensure_fonts
from kiosk.render.frame import Frame, fill_ground
from kiosk.render.slide import canvas_size

# level -> (background, text, band): white on deep red, black on amber, white on deep blue.
PALETTES = {
    "emergency": ("#8B0000", "#FFFFFF", "#FFFFFF"),
    "warning": ("#FFC400", "#000000", "#000000"),
    "info": ("#0A2A66", "#FFFFFF", "#FFFFFF"),
}
LEVEL_WORDS = {
    "emergency": Text(ko="긴급 안내", en="EMERGENCY"),
    "warning": Text(ko="주의", en="WARNING"),
    "info": Text(ko="안내", en="NOTICE"),
}


def paint_alert(painter: QPainter, width: int, height: int, level: str, title: Text,
                text: Text | None, shown: Shown = "both") -> None:
    ensure_fonts()
    background, ink, band = PALETTES.get(level, PALETTES["emergency"])
    theme = Theme(background=background, surface=background, text=ink, muted=ink, accent=band,
                  highlight=band, on_highlight=background, min_size=30)
    cw, ch, scale = canvas_size(width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    try:
        frame = Frame(painter, cw, ch, theme, shown, Path())  # an alert names no images
        fill_ground(painter, cw, ch, frame.color("background"))
        safe = frame.safe
        bar = 28.0
        painter.fillRect(QRectF(0, 0, cw, bar), frame.color("accent"))
        painter.fillRect(QRectF(0, ch - bar, cw, bar), frame.color("accent"))
        label = QRectF(safe.left(), safe.top(), safe.width(), 110)
        frame.text(label, frame.runs(LEVEL_WORDS.get(level, LEVEL_WORDS["emergency"]), 64,
                                     weight=QFont.Weight.Black, secondary="text"),
                   what="alert level")
        body_top = label.bottom() + 40
        # As large as fits: the title over about half the rest, the text below it.
        title_h = (safe.bottom() - body_top) * (0.5 if text else 1.0)
        frame.text(QRectF(safe.left(), body_top, safe.width(), title_h),
                   frame.runs(title, 170, weight=QFont.Weight.Bold, secondary="text"),
                   valign=Qt.AlignmentFlag.AlignVCenter, what="alert title")
        if text is not None:
            frame.text(QRectF(safe.left(), body_top + title_h + 30, safe.width(),
                              safe.bottom() - body_top - title_h - 30),
                       frame.runs(text, 84, weight=QFont.Weight.Medium, secondary="text"),
                       valign=Qt.AlignmentFlag.AlignVCenter, what="alert text")
    finally:
        painter.restore()
