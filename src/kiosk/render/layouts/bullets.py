from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont

from kiosk.deck.model import BulletsSlide, Deck, Slide
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import Part, header, parts_fit, parts_height
from kiosk.render.layouts.image import draw_picture

MIN_GAP = 28.0  # design px between two points


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
        draw_picture(frame, pic, slide.image, slide, anchor=anchor)
    size = frame.theme.body_size
    dot = min(30.0, size * 0.55)
    # (zip's strict= is Python 3.10's; the Debian 11 build runs 3.9: one row per point anyway)
    for i, (point, row) in enumerate(zip(slide.points, _rows(frame, slide, area, size, dot))):
        frame.painter.save()
        frame.painter.setPen(frame.color("accent"))
        frame.painter.setBrush(frame.color("accent"))
        frame.painter.drawEllipse(QPointF(row.left() + dot / 2, row.top() + size * 0.62),
                                  dot / 2, dot / 2)
        frame.painter.restore()
        text = QRectF(row.left() + dot + 32, row.top(), row.width() - dot - 32, row.height())
        frame.text(text, frame.runs(point, size, weight=QFont.Weight.Medium),
                   what=f"point {i + 1}", field=("points", i))


def _rows(frame: Frame, slide: BulletsSlide, area: QRectF, size: float,
          dot: float) -> list[QRectF]:
    """Each point's row: as tall as its lines at the size all points share, the rows a line
    apart at most (three short points on a tall screen stand together at the top, not ~330 px
    apart); when they do not fit at full size, the area shared out as before."""
    count = len(slide.points)
    width = area.width() - dot - 32
    min_size = frame.theme.min_size
    parts = [Part(frame.runs(point, size, weight=QFont.Weight.Medium), ("points", i),
                  f"point {i + 1}", MIN_GAP) for i, point in enumerate(slide.points)]
    scale = parts_fit(parts, width, area.height(), min_size)
    if scale is None:
        row_h = (area.height() - MIN_GAP * (count - 1)) / count
        return [QRectF(area.left(), area.top() + i * (row_h + MIN_GAP), area.width(), row_h)
                for i in range(count)]
    heights = [parts_height([part], width, scale, min_size) for part in parts]
    spare = area.height() - sum(heights)
    # the fit left at least MIN_GAP * scale between rows; more, up to a line, where there is room
    gap = min(spare / (count - 1), max(size * scale * 1.2, MIN_GAP * scale)) if count > 1 \
        else 0.0
    rows, y = [], area.top()
    for height in heights:
        rows.append(QRectF(area.left(), y, area.width(), height + 1.0))
        y += height + gap
    return rows
