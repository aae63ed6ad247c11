"""What every layout shares: the section kicker above a slide and the title at the top."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont

from kiosk.deck.model import Deck, Slide, Text
from kiosk.render.frame import Frame

KICKER = 30.0


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
    safe = frame.safe
    limit = height or (safe.height() * (0.26 if frame.portrait else 0.3))
    rect = QRectF(safe.left(), content_top(frame), safe.width(), limit)
    if not isinstance(title, Text):
        return rect.top()
    used = frame.text(rect, frame.runs(title, frame.theme.title_size, weight=QFont.Weight.Bold),
                      what="title")
    return used.bottom() + 44
