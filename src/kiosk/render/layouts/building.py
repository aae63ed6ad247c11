from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont

from kiosk.deck.model import Building, BuildingSlide, Deck, Slide
from kiosk.render.frame import Frame
from kiosk.render.slide import header
from kiosk.render.text import Run

FLOOR_MAX = 96.0  # design px a floor: a building of a few floors should not fill the screen
INFO_MIN = 380.0  # design px for a building's name, area and status beside a short stack


def draw_building(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, BuildingSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    area = QRectF(safe.left(), top, safe.width(), safe.bottom() - top)
    count = len(slide.buildings)
    gap = 56.0
    floors = [max(len(b.floors), 1) for b in slide.buildings]
    if frame.portrait:
        # One above the other: each building gets the height of its stack (but room for its
        # words), on one common floor scale, and the group sits in the middle of the area.
        floor_h = min(FLOOR_MAX, (area.height() - gap * (count - 1)) / sum(floors))
        heights = [max(n * floor_h, min(INFO_MIN, area.height() / count)) for n in floors]
        y = area.top() + max(0.0, area.height() - sum(heights) - gap * (count - 1)) / 2
        cells = []
        for h in heights:
            cells.append(QRectF(area.left(), y, area.width(), h))
            y += h + gap
    else:
        floor_h = min(FLOOR_MAX, area.height() / max(floors))
        w = (area.width() - gap * (count - 1)) / count
        cells = [QRectF(area.left() + i * (w + gap), area.top(), w, area.height())
                 for i in range(count)]
    for cell, building in zip(cells, slide.buildings):
        _draw_one(frame, cell, building, floor_h)


def _draw_one(frame: Frame, cell: QRectF, b: Building, floor_h: float) -> None:
    # Floors on the left (drawn to a common scale so heights compare), words on the right.
    stack_w = cell.width() * 0.42
    ground = cell.bottom()
    below = sum(1 for f in b.floors if f.upper().startswith("B"))
    stack_left = cell.left()
    base_y = ground - below * floor_h
    p = frame.painter
    p.fillRect(QRectF(stack_left - 12, base_y - 2, stack_w + 24, 4), frame.color("muted"))
    for i, floor in enumerate(b.floors):
        y = base_y - (i - below + 1) * floor_h
        rect = QRectF(stack_left, y + 3, stack_w, floor_h - 6)
        lit = floor in b.highlight
        color = frame.color("highlight") if lit else frame.color("surface")
        if floor.upper().startswith("B"):
            color = QColor(color)
            color.setAlphaF(0.6)
        frame.fill_rounded(rect, color, 8)
        size = min(floor_h * 0.55, 34.0)
        frame.text(rect.adjusted(16, 0, -8, 0),
                   [Run(floor, size, frame.color("on_highlight" if lit else "text"),
                        QFont.Weight.DemiBold)],
                   valign=Qt.AlignmentFlag.AlignVCenter, what="floor")
    info = QRectF(cell.left() + stack_w + 36, cell.top(), cell.width() - stack_w - 36,
                  cell.height())
    body = frame.theme.body_size
    runs = frame.runs(b.name, body * 1.1, weight=QFont.Weight.Bold)
    runs += frame.runs(b.area, body * 0.9, "accent", QFont.Weight.DemiBold, gap=24)
    runs += frame.runs(b.status, body * 0.75, gap=18)
    if b.highlight_label:
        runs += frame.runs(b.highlight_label, body * 0.75, "highlight", QFont.Weight.DemiBold,
                           gap=24, secondary="highlight")
    frame.text(info, runs, valign=Qt.AlignmentFlag.AlignBottom, what="building")
