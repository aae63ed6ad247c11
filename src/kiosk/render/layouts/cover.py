from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont

from kiosk.deck.model import CoverSlide, Deck, Slide
from kiosk.render.frame import Frame
from kiosk.render.layouts.image import draw_picture


def draw_cover(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, CoverSlide)
    p = frame.painter
    safe = frame.safe
    # Accent shapes: concentric rings bleeding off the far corner, a quiet sign of "network".
    p.save()
    p.setBrush(QColor(0, 0, 0, 0))
    accent = frame.color("accent")
    r0 = min(frame.width, frame.height) * 0.55
    centre = QPointF(frame.width, 0)
    for i in range(4):
        ring = QColor(accent)
        ring.setAlphaF(0.28 - i * 0.06)
        pen = p.pen()
        pen.setColor(ring)
        pen.setWidthF(26 - i * 5)
        p.setPen(pen)
        r = r0 * (0.45 + i * 0.28)
        p.drawEllipse(centre, r, r)
    p.restore()
    bar_y = safe.top() + safe.height() * (0.30 if frame.portrait else 0.26)
    p.fillRect(QRectF(safe.left(), bar_y, 140, 12), accent)
    if slide.image:
        pic = QRectF(safe.left(), safe.top(), safe.width(), bar_y - safe.top() - 40)
        draw_picture(frame, pic, slide.image)
    width = safe.width() * (1.0 if frame.portrait else 0.86)
    title = QRectF(safe.left(), bar_y + 48, width, safe.bottom() - bar_y - 48 - 150)
    used = frame.text(title, frame.runs(slide.title, frame.theme.title_size * 1.25,
                                        weight=QFont.Weight.Bold)
                      + frame.runs(slide.subtitle, frame.theme.body_size * 1.1, "accent",
                                   QFont.Weight.DemiBold, gap=40, secondary="accent"),
                      what="cover title")
    if slide.date:
        rect = QRectF(safe.left(), max(used.bottom() + 40, safe.bottom() - 130), width,
                      min(130, safe.bottom() - used.bottom() - 40))
        frame.text(rect, frame.runs(slide.date, frame.theme.body_size * 0.8, "muted"),
                   what="date line")
