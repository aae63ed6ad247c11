from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPen

from kiosk.deck.model import Deck, Slide, TimelineSlide
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import header


def draw_timeline(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, TimelineSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    area = QRectF(safe.left(), top, safe.width(), safe.bottom() - top)
    p = frame.painter
    count = len(slide.milestones)
    size = frame.theme.body_size * (0.95 if frame.portrait else 0.9)
    if frame.portrait:
        x = area.left() + 24
        step = area.height() / count
        p.save()
        p.setPen(QPen(frame.color("muted"), 6))
        p.drawLine(QPointF(x, area.top() + step / 2), QPointF(x, area.bottom() - step / 2))
        p.restore()
        for i, m in enumerate(slide.milestones):
            cy = area.top() + step * (i + 0.5)
            _dot(frame, QPointF(x, cy), m.current)
            rect = QRectF(x + 56, area.top() + step * i + 6, area.right() - x - 56, step - 12)
            frame.text(rect, frame.runs(m.when, size, "highlight" if m.current else "accent",
                                        QFont.Weight.Bold)
                       + frame.runs(m.what, size * 0.9, "highlight" if m.current else "text",
                                    QFont.Weight.Bold if m.current else QFont.Weight.Normal,
                                    gap=6), valign=Qt.AlignmentFlag.AlignVCenter,
                       what="milestone")
        return
    y = area.top() + area.height() * 0.36
    step = area.width() / count
    p.save()
    p.setPen(QPen(frame.color("muted"), 6))
    p.drawLine(QPointF(area.left() + step / 2, y), QPointF(area.right() - step / 2, y))
    p.restore()
    for i, m in enumerate(slide.milestones):
        cx = area.left() + step * (i + 0.5)
        _dot(frame, QPointF(cx, y), m.current)
        when = QRectF(area.left() + step * i + 8, area.top(), step - 16, y - area.top() - 44)
        frame.text(when, frame.runs(m.when, size, "highlight" if m.current else "accent",
                                    QFont.Weight.Bold),
                   align=Qt.AlignmentFlag.AlignHCenter, valign=Qt.AlignmentFlag.AlignBottom,
                   what="milestone date")
        what = QRectF(area.left() + step * i + 8, y + 48, step - 16, area.bottom() - y - 48)
        ink = "highlight" if m.current else "text"
        weight = QFont.Weight.Bold if m.current else QFont.Weight.Normal
        frame.text(what, frame.runs(m.what, size * 0.9, ink, weight),
                   align=Qt.AlignmentFlag.AlignHCenter, what="milestone")


def _dot(frame: Frame, centre: QPointF, current: bool) -> None:
    p = frame.painter
    p.save()
    p.setPen(QPen(frame.color("background"), 6))
    p.setBrush(frame.color("highlight" if current else "accent"))
    r = 26.0 if current else 16.0
    p.drawEllipse(centre, r, r)
    p.restore()
