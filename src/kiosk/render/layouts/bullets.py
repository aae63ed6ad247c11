"""Points with a marker each, as large as the room under the title allows (up to a ceiling below
the title's size), a line apart, standing together in the middle of that room: three short
points on a tall screen are neither ~330 px apart nor huddled at the top with the lower half
empty. A wide screen (21:9) sets many or long points in two columns when that keeps them larger.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont

from kiosk.deck.model import BulletsSlide, Deck, Slide
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import (
    Part,
    grown_if_room,
    growth,
    header,
    parts_fit,
    parts_height,
)
from kiosk.render.layouts.image import draw_picture

MIN_GAP = 28.0  # design px between two points
DOT_ROOM = 30.0  # the marker's column: its widest, so a grown point keeps the width it measured
TEXT_INDENT = 32.0  # between a point's marker and its words
COLUMN_GAP = 96.0
WIDE = 1.9  # an area this many times wider than tall may take two columns
COLUMN_GAIN = 1.08  # two columns only when they keep the text this much larger


@dataclass(frozen=True)
class Rows:
    rects: list[QRectF]
    scale: float  # of the points' own size, common to all


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
    rows = _rows(frame, slide, area, size)
    shown = size * rows.scale
    dot = min(DOT_ROOM, shown * 0.55)
    # (zip's strict= is Python 3.10's; the Debian 11 build runs 3.9: one row per point anyway)
    for i, (point, row) in enumerate(zip(slide.points, rows.rects)):
        frame.painter.save()
        frame.painter.setPen(frame.color("accent"))
        frame.painter.setBrush(frame.color("accent"))
        frame.painter.drawEllipse(QPointF(row.left() + dot / 2, row.top() + shown * 0.62),
                                  dot / 2, dot / 2)
        frame.painter.restore()
        text = QRectF(row.left() + DOT_ROOM + TEXT_INDENT, row.top(),
                      row.width() - DOT_ROOM - TEXT_INDENT, row.height())
        frame.text(text, frame.runs(point, shown, weight=QFont.Weight.Medium),
                   what=f"point {i + 1}", field=("points", i), scale=min(1.0, rows.scale))


def _parts(frame: Frame, slide: BulletsSlide, size: float) -> list[Part]:
    return [Part(frame.runs(point, size, weight=QFont.Weight.Medium), ("points", i),
                 f"point {i + 1}", MIN_GAP) for i, point in enumerate(slide.points)]


def _rows(frame: Frame, slide: BulletsSlide, area: QRectF, size: float) -> Rows:
    """The arrangement that keeps the points largest: one column, or two on a wide area."""
    best = _column_rows(frame, slide, area, size, 1)
    if area.width() >= area.height() * WIDE and len(slide.points) > 1 and \
            best.scale < growth(frame, size) - 0.01:  # else no larger in two
        two = _column_rows(frame, slide, area, size, 2)
        if two.scale > best.scale * COLUMN_GAIN:
            best = two
    return best


def _column_rows(frame: Frame, slide: BulletsSlide, area: QRectF, size: float,
                 columns: int) -> Rows:
    """Each point's row in `columns` columns: as tall as its lines at the size all points share
    (grown where the room allows), the rows a line apart at most, the whole block in the middle
    of the area; when they do not fit even at the minimum size, the area shared out as before."""
    count = len(slide.points)
    per_column = math.ceil(count / columns)
    col_w = (area.width() - COLUMN_GAP * (columns - 1)) / columns
    width = col_w - DOT_ROOM - TEXT_INDENT
    min_size = frame.theme.min_size
    parts = _parts(frame, slide, size)
    groups = [parts[c * per_column:(c + 1) * per_column] for c in range(columns)]
    fits = [parts_fit(group, width, area.height(), min_size) for group in groups]
    if any(fit is None for fit in fits):
        if columns > 1:
            return Rows([], 0.0)
        row_h = (area.height() - MIN_GAP * (count - 1)) / count
        return Rows([QRectF(area.left(), area.top() + i * (row_h + MIN_GAP), area.width(),
                            row_h) for i in range(count)], 1.0)
    scale = min(fit for fit in fits if fit is not None)
    # room to spare: every column grows to one common size
    scale = grown_if_room([(group, width, area.height()) for group in groups], scale,
                          growth(frame, size), min_size)
    line = size * scale * 1.2
    heights = [[parts_height([part], width, scale, min_size) for part in group]
               for group in groups]
    # the fit left at least MIN_GAP * scale between rows; more, up to a line, where there is room
    gaps = [min((area.height() - sum(h)) / (len(h) - 1), max(line, MIN_GAP * scale))
            if len(h) > 1 else 0.0 for h in heights]
    gap = min(gaps)  # one rhythm for every column
    block = max(sum(h) + gap * (len(h) - 1) for h in heights)
    # the block in the middle of the room, a little above it (where the eye expects the middle)
    top = area.top() + max(0.0, area.height() - block) * 0.45
    rows = []
    for c, column in enumerate(heights):
        x, y = area.left() + c * (col_w + COLUMN_GAP), top
        for height in column:
            rows.append(QRectF(x, y, col_w, height + 1.0))
            y += height + gap
    return Rows(rows, scale)
