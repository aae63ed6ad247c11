from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont

from kiosk.deck.model import BulletsSlide, Deck, Slide
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import header
from kiosk.render.layouts.image import draw_picture


def draw_bullets(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, BulletsSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    area = QRectF(safe.left(), top, safe.width(), safe.bottom() - top)
    if slide.image:  # on the grid: against the safe area's edge, level with the first point
        anchor = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
        if frame.portrait:
            pic = QRectF(area.left(), area.bottom() - area.height() * 0.38, area.width(),
                         area.height() * 0.38)
            area.setBottom(pic.top() - 32)
        else:
            pic = QRectF(area.right() - area.width() * 0.38, area.top(), area.width() * 0.38,
                         area.height())
            area.setRight(pic.left() - 48)
            anchor = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        draw_picture(frame, pic, slide.image, anchor=anchor)
    count = len(slide.points)
    gap = 28.0
    row_h = (area.height() - gap * (count - 1)) / count
    size = frame.theme.body_size
    for i, point in enumerate(slide.points):
        row = QRectF(area.left(), area.top() + i * (row_h + gap), area.width(), row_h)
        dot = min(30.0, size * 0.55)
        frame.painter.save()
        frame.painter.setPen(frame.color("accent"))
        frame.painter.setBrush(frame.color("accent"))
        frame.painter.drawEllipse(QPointF(row.left() + dot / 2, row.top() + size * 0.62),
                                  dot / 2, dot / 2)
        frame.painter.restore()
        text = QRectF(row.left() + dot + 32, row.top(), row.width() - dot - 32, row.height())
        frame.text(text, frame.runs(point, size, weight=QFont.Weight.Medium),
                   what=f"point {i + 1}", field=("points", i))
