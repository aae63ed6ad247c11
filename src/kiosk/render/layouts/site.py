from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen

from kiosk.deck.model import Deck, SiteSlide, Slide
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import header


def draw_site(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, SiteSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    text_h = safe.height() * (0.2 if frame.portrait else 0.18)
    plan = QRectF(safe.left(), top, safe.width(), safe.bottom() - top - text_h - 24)
    if not frame.portrait:  # keep the schematic near its drawn shape on wide screens
        w = min(plan.width(), plan.height() * 1.9)
        plan = QRectF(plan.left() + (plan.width() - w) / 2, plan.top(), w, plan.height())
    p = frame.painter
    p.save()
    pen = QPen(frame.color("muted"), 3, Qt.PenStyle.DashLine)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(plan, 24, 24)
    p.restore()
    inner = plan.adjusted(24, 24, -24, -24)
    for place in slide.places:
        rect = QRectF(inner.left() + place.x * inner.width(),
                      inner.top() + place.y * inner.height(),
                      place.w * inner.width(), place.h * inner.height())
        if place.kind == "school":
            fill, ink = frame.color("highlight"), "on_highlight"
        elif place.kind == "main":
            fill, ink = frame.color("surface"), "text"
        else:
            fill, ink = QColor(frame.color("surface")).lighter(115), "text"
        frame.fill_rounded(rect, fill, 16)
        frame.text(rect.adjusted(20, 14, -20, -14),
                   frame.runs(place.label, frame.theme.body_size * 0.8, ink, QFont.Weight.Bold,
                              secondary=ink),
                   align=Qt.AlignmentFlag.AlignHCenter, valign=Qt.AlignmentFlag.AlignVCenter,
                   what="place label")
    words = QRectF(safe.left(), safe.bottom() - text_h, safe.width(), text_h)
    frame.text(words, frame.runs(slide.address, frame.theme.body_size * 0.8, "accent",
                                 QFont.Weight.DemiBold, secondary="accent")
               + frame.runs(slide.note, frame.theme.body_size * 0.7, gap=14),
               valign=Qt.AlignmentFlag.AlignBottom, what="address")
