"""Milestones along a line: across the slide when every date and step fits its column whole,
otherwise down the slide (in one or two columns), whichever keeps the text largest. Across, the
dates, line and steps stand in the middle of the room below the title (a wide screen's timeline
does not hang in its top half); down, a landscape screen takes two columns when they keep the
text as large as one (a 4:3 screen is not one column in its left 40 %). Where the boxes have room,
the dates and steps grow (up to `growth`'s ceiling): a 21:9 timeline is not a thin band of small
text across a wide screen."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPen

from kiosk.deck.model import Deck, Milestone, Slide, TimelineSlide
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import (
    Box,
    Part,
    draw_parts,
    grown_if_room,
    growth,
    header,
    parts_fit,
    parts_height,
    scaled_parts,
)

LINE_AT = 0.36  # of a row's height: where the line runs across
DOT_ROOM = 56.0  # from a vertical line to its words
COLUMN_GAP = 64.0


@dataclass(frozen=True)
class Arrangement:
    """Where each milestone's dot and words go; `across` puts the date above the line."""

    across: bool
    dots: list[QPointF]
    dates: list[QRectF]  # across: the date's box; down: the date and step together
    steps: list[QRectF]  # across only
    lines: list[tuple[QPointF, QPointF]]
    scale: float


def _date(frame: Frame, m: Milestone, i: int, size: float) -> Part:
    return Part(frame.runs(m.when, size, "highlight" if m.current else "accent",
                           QFont.Weight.Bold), ("milestones", i, "when"), "milestone date")


def _step(frame: Frame, m: Milestone, i: int, size: float, gap: float = 0.0) -> Part:
    ink = "highlight" if m.current else "text"
    weight = QFont.Weight.Bold if m.current else QFont.Weight.Normal
    return Part(frame.runs(m.what, size, ink, weight), ("milestones", i, "what"), "milestone",
                gap)


def _across(frame: Frame, area: QRectF, slide: TimelineSlide, size: float,
            rows: int) -> Arrangement:
    count = len(slide.milestones)
    per_row = math.ceil(count / rows)
    row_h = area.height() / rows
    step = area.width() / per_row
    dots, dates, steps, lines = [], [], [], []
    scale = 1.0
    boxes: list[Box] = []
    for r in range(rows):
        top = area.top() + r * row_h
        y = top + row_h * LINE_AT
        items = slide.milestones[r * per_row:(r + 1) * per_row]
        lines.append((QPointF(area.left() + step / 2, y),
                      QPointF(area.left() + step * (len(items) - 0.5), y)))
        for c, m in enumerate(items):
            i = r * per_row + c
            dots.append(QPointF(area.left() + step * (c + 0.5), y))
            date = QRectF(area.left() + step * c + 8, top, step - 16, y - top - 44)
            below = row_h - (y - top) - 48 - (24 if r < rows - 1 else 0)
            what = QRectF(date.left(), y + 48, step - 16, below)
            dates.append(date)
            steps.append(what)
            for part, box in ((_date(frame, m, i, size), date),
                              (_step(frame, m, i, size * 0.9), what)):
                fit = parts_fit([part], box.width(), box.height(), frame.theme.min_size)
                boxes.append(([part], box.width(), box.height()))
                scale = min(scale, fit if fit is not None else 0.0)
    return Arrangement(True, dots, dates, steps, lines, _grown(frame, boxes, scale, size))


def _grown(frame: Frame, boxes: list[Box], scale: float, size: float) -> float:
    return grown_if_room(boxes, scale, growth(frame, size), frame.theme.min_size)


def _centred(frame: Frame, slide: TimelineSlide, plan: Arrangement, size: float,
             area: QRectF) -> Arrangement:
    """An across plan moved up or down so that each row's dates, line and steps stand in the
    middle of the row, at the size they are drawn."""
    min_size = frame.theme.min_size
    scale = max(plan.scale, min(1.0, min_size / size))
    rows = len(plan.lines)
    row_h = area.height() / rows
    per_row = math.ceil(len(slide.milestones) / rows)
    dots, dates, steps, lines = list(plan.dots), list(plan.dates), list(plan.steps), []
    for r, (a, b) in enumerate(plan.lines):
        top, y = area.top() + r * row_h, a.y()
        bottom = top + row_h - (24 if r < rows - 1 else 0)
        span = range(r * per_row, min(len(slide.milestones), (r + 1) * per_row))
        date_h = max(parts_height(scaled_parts([_date(frame, slide.milestones[i], i, size)],
                                               scale, min_size), plan.dates[i].width(), 1.0,
                                  min_size) for i in span)
        step_h = max(parts_height(scaled_parts([_step(frame, slide.milestones[i], i,
                                                      size * 0.9)], scale, min_size),
                                  plan.steps[i].width(), 1.0, min_size) for i in span)
        block_top, block_bottom = y - 44 - date_h, y + 48 + step_h
        shift = (top + bottom) / 2 - (block_top + block_bottom) / 2
        shift = max(top - block_top, min(shift, bottom - block_bottom))
        y += shift
        lines.append((QPointF(a.x(), y), QPointF(b.x(), y)))
        for i in span:
            dots[i] = QPointF(dots[i].x(), y)
            dates[i] = QRectF(dates[i].left(), top, dates[i].width(), y - 44 - top)
            steps[i] = QRectF(steps[i].left(), y + 48, steps[i].width(), bottom - y - 48)
    return Arrangement(True, dots, dates, steps, lines, plan.scale)


def _down(frame: Frame, area: QRectF, slide: TimelineSlide, size: float,
          columns: int) -> Arrangement:
    count = len(slide.milestones)
    per_column = math.ceil(count / columns)
    width = (area.width() - COLUMN_GAP * (columns - 1)) / columns
    step = area.height() / per_column
    dots, rects, lines = [], [], []
    scale = 1.0
    boxes: list[Box] = []
    for c in range(columns):
        x = area.left() + c * (width + COLUMN_GAP) + 24
        items = slide.milestones[c * per_column:(c + 1) * per_column]
        lines.append((QPointF(x, area.top() + step / 2),
                      QPointF(x, area.top() + step * (len(items) - 0.5))))
        for r, m in enumerate(items):
            i = c * per_column + r
            dots.append(QPointF(x, area.top() + step * (r + 0.5)))
            box = QRectF(x + DOT_ROOM, area.top() + step * r + 6, width - DOT_ROOM - 24,
                         step - 12)
            rects.append(box)
            parts = [_date(frame, m, i, size), _step(frame, m, i, size * 0.9, 6)]
            fit = parts_fit(parts, box.width(), box.height(), frame.theme.min_size)
            boxes.append((parts, box.width(), box.height()))
            scale = min(scale, fit if fit is not None else 0.0)
    return Arrangement(False, dots, rects, [], lines, _grown(frame, boxes, scale, size))


def draw_timeline(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, TimelineSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    area = QRectF(safe.left(), top, safe.width(), safe.bottom() - top)
    size = frame.theme.body_size * (0.95 if frame.portrait else 0.9)
    tries: list[Callable[[], Arrangement]] = [
        lambda: _across(frame, area, slide, size, 1),
        lambda: _down(frame, area, slide, size, 2),
        lambda: _down(frame, area, slide, size, 1),
        lambda: _across(frame, area, slide, size, 2)]
    if frame.portrait:  # a tall screen reads a timeline downwards, in one column first
        tries = [tries[2], tries[0], tries[1], tries[3]]
    best: Arrangement | None = None
    for attempt in tries:
        found = attempt()
        if best is None or round(found.scale, 2) > round(best.scale, 2):
            best = found
        if best.scale >= 0.999:
            break
    assert best is not None
    if best.scale <= 0:
        frame.note(("milestones",), "overflow", f"{len(slide.milestones)} milestones do not "
                   "fit this screen even at the minimum text size; shorter steps would")
    if best.across:
        best = _centred(frame, slide, best, size, area)
    _draw(frame, slide, best, size)


def _draw(frame: Frame, slide: TimelineSlide, plan: Arrangement, size: float) -> None:
    p = frame.painter
    p.save()
    p.setPen(QPen(frame.color("muted"), 6))
    for a, b in plan.lines:
        p.drawLine(a, b)
    p.restore()
    min_size = frame.theme.min_size
    scale = max(plan.scale, min(1.0, min_size / size))
    centre = Qt.AlignmentFlag.AlignHCenter
    for i, m in enumerate(slide.milestones):
        _dot(frame, plan.dots[i], m.current)
        if plan.across:
            draw_parts(frame, plan.dates[i], scaled_parts([_date(frame, m, i, size)], scale,
                                                          min_size),
                       align=centre, valign=Qt.AlignmentFlag.AlignBottom)
            draw_parts(frame, plan.steps[i], scaled_parts([_step(frame, m, i, size * 0.9)],
                                                          scale, min_size), align=centre)
        else:
            draw_parts(frame, plan.dates[i],
                       scaled_parts([_date(frame, m, i, size), _step(frame, m, i, size * 0.9, 6)],
                                    scale, min_size), valign=Qt.AlignmentFlag.AlignVCenter)


def _dot(frame: Frame, centre: QPointF, current: bool) -> None:
    p = frame.painter
    p.save()
    p.setPen(QPen(frame.color("background"), 6))
    p.setBrush(frame.color("highlight" if current else "accent"))
    r = 26.0 if current else 16.0
    p.drawEllipse(centre, r, r)
    p.restore()
