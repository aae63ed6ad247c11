"""Buildings as stacks of floors beside their name, area and status.

The layout solves for the space it has: it tries the buildings side by side (words beside or above
each stack) and one above the other, and keeps the arrangement in which the floors are tallest
and the words shrink least, so every floor, label and highlight stays on the slide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont

from kiosk.deck.model import Building, BuildingSlide, Deck, Slide
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import Part, draw_parts, header, parts_measure
from kiosk.render.text_lines import Run

FLOOR_MAX = 96.0  # design px a floor: a building of a few floors should not fill the screen
FLOOR_LABEL = 34.0  # the floor's name at full size
GAP = 56.0  # between buildings
INFO_GAP = 36.0  # between a stack and its words
GROUND = 12.0  # the ground line reaches this far beyond the stack on each side
STACK_MAX = 420.0  # a stack wider than this only looks heavy
STACK_MIN = 110.0  # room for a floor name such as "B12" at full size
WORD_SCALES = (1.0, 0.88, 0.77, 0.68, 0.6, 0.53)  # the words' sizes tried against the floors'


@dataclass(frozen=True)
class Plan:
    """One arrangement: a cell per building, where its stack and its words go, the floor height."""

    stacks: list[QRectF]  # the floors' column; floors stand on `grounds`
    grounds: list[float]  # y of each building's ground line
    infos: list[QRectF]
    floor_h: float
    info_scale: float

    @property
    def quality(self) -> float:
        """How little had to shrink: 1 when floors and words are at their full size."""
        return min(self.floor_h / FLOOR_MAX, self.info_scale)

    @property
    def rank(self) -> tuple[float, float]:
        """Least shrinking first; among equals, the one whose floors cover the most space."""
        return round(self.quality, 2), self.floor_h * self.stacks[0].width()


def _is_basement(floor: str) -> bool:
    return floor.upper().startswith("B")


def _levels(b: Building) -> tuple[int, int]:
    below = sum(1 for f in b.floors if _is_basement(f))
    return len(b.floors) - below, below


def _info(frame: Frame, b: Building, i: int) -> list[Part]:
    body = frame.theme.body_size
    field = ("buildings", i)
    parts = [Part(frame.runs(b.name, body * 1.1, weight=QFont.Weight.Bold), (*field, "name"),
                  "building name"),
             Part(frame.runs(b.area, body * 0.9, "accent", QFont.Weight.DemiBold),
                  (*field, "area"), "floor area", 24),
             Part(frame.runs(b.status, body * 0.75), (*field, "status"), "status", 18)]
    if b.highlight_label:
        parts.append(Part(frame.runs(b.highlight_label, body * 0.75, "highlight",
                                     QFont.Weight.DemiBold, secondary="highlight"),
                          (*field, "highlight_label"), "highlight label", 24))
    return parts


def _label_size(frame: Frame, floor_h: float) -> float:
    return max(float(frame.theme.min_size), min(floor_h * 0.55, FLOOR_LABEL))


def _floor_min(frame: Frame) -> float:
    """The lowest floor whose name still fits inside it at the minimum size."""
    return frame.theme.min_size * 1.3 + 6


Floors = Callable[[list[float]], float]  # the floor height left beside words of these heights


def _trade(frame: Frame, infos: list[list[Part]], width: float, floors: Floors,
           beat: float) -> tuple[float, float, list[float]]:
    """The words' scale that gives floors and words the best common share of their full size:
    smaller words leave taller floors. Returns the scale, the floor height and the words'
    heights; a scale of 0 when no scale keeps every word whole with floors tall enough.

    Each scale tried measures every building's words at a new size (shaping them afresh: most
    of this layout's time), so scales that cannot change the choice are not tried. A share is
    at most its scale (floors are at most FLOOR_MAX): once a scale is no larger than the best
    share found, no smaller one can beat it; and a scale whose share, rounded as `Plan.rank`
    rounds, is below `beat` (the best quality of the arrangements already planned) cannot make
    this arrangement the one drawn, so what it would return instead does not matter."""
    min_size = frame.theme.min_size
    largest = max(r.size for parts in infos for part in parts for r in part.runs)
    lowest = min(1.0, min_size / largest)
    best: tuple[float, float, list[float]] | None = None
    best_share = -1.0
    fallback: tuple[float, float, list[float]] = (0.0, 0.0, [0.0] * len(infos))
    for scale in sorted({*(s for s in WORD_SCALES if s > lowest), lowest}, reverse=True):
        if scale <= best_share or round(scale, 2) < beat:
            break
        measured = [parts_measure(parts, width, scale, min_size) for parts in infos]
        heights = [h for h, _ in measured]
        floor_h = floors(heights)
        fallback = (0.0, max(floor_h, 0.0), heights)
        if not all(whole for _, whole in measured) or floor_h < _floor_min(frame):
            continue
        share = min(floor_h / FLOOR_MAX, scale)
        if share > best_share:
            best, best_share = (scale, floor_h, heights), share
        if floor_h / FLOOR_MAX >= scale:  # smaller words would only shrink the share
            break
    return best if best is not None else fallback


def _side_by_side(frame: Frame, area: QRectF, slide: BuildingSlide,
                  infos: list[list[Part]], above: bool, beat: float) -> Plan:
    count = len(slide.buildings)
    w = (area.width() - GAP * (count - 1)) / count
    lefts = [area.left() + i * (w + GAP) for i in range(count)]
    levels = [_levels(b) for b in slide.buildings]
    down = max(b for _, b in levels)
    if above:  # each building's words on top of its own stack; one ground line for all
        def floors(heights: list[float]) -> float:
            return min([FLOOR_MAX] + [(area.height() - h - INFO_GAP) / (up + down)
                                      for h, (up, _) in zip(heights, levels)])

        scale, floor_h, heights = _trade(frame, infos, w, floors, beat)
        words = [h + INFO_GAP for h in heights]
        group = max(h + (up + down) * floor_h for h, (up, _) in zip(words, levels))
        ground = area.bottom() - (area.height() - group) / 2 - down * floor_h
        stack_w = min(w - 2 * GROUND, STACK_MAX)
        infos_at = [QRectF(left, ground - up * floor_h - h, w, h - INFO_GAP)
                    for left, h, (up, _) in zip(lefts, words, levels)]
    else:  # words beside each stack, their foot on the stacks' foot
        stack_w = max(STACK_MIN, min(w * 0.3, STACK_MAX))
        info_w = w - stack_w - INFO_GAP - GROUND
        up = max(a for a, _ in levels)
        tallest = min(FLOOR_MAX, area.height() / (up + down))

        def floors(heights: list[float]) -> float:
            return tallest if max(heights) <= area.height() else -1.0

        scale, floor_h, _ = _trade(frame, infos, info_w, floors, beat)
        floor_h = tallest
        foot = area.bottom() - (area.height() - (up + down) * floor_h) / 2
        ground = foot - down * floor_h
        infos_at = [QRectF(left + GROUND + stack_w + INFO_GAP, area.top(), info_w,
                           foot - area.top()) for left in lefts]
    stacks = [QRectF(left + GROUND, area.top(), stack_w, area.height()) for left in lefts]
    return Plan(stacks, [ground] * count, infos_at, floor_h, scale)


def _one_above_another(frame: Frame, area: QRectF, slide: BuildingSlide,
                       infos: list[list[Part]], beat: float) -> Plan:
    count = len(slide.buildings)
    stack_w = min(area.width() * 0.42, STACK_MAX)
    info_w = area.width() - stack_w - INFO_GAP - GROUND
    room = area.height() - GAP * (count - 1)
    counts = [len(b.floors) for b in slide.buildings]

    def cells(heights: list[float], floor_h: float) -> list[float]:
        return [max(n * floor_h, h) for n, h in zip(counts, heights)]

    def floors(heights: list[float]) -> float:
        if sum(heights) > room:
            return -1.0
        lo, hi = 0.0, FLOOR_MAX
        if sum(cells(heights, hi)) <= room:
            return hi
        for _ in range(20):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if sum(cells(heights, mid)) <= room else (lo, mid)
        return lo

    scale, floor_h, heights = _trade(frame, infos, info_w, floors, beat)
    sizes = cells(heights, floor_h)
    y = area.top() + max(0.0, room - sum(sizes)) / 2
    stacks, grounds, infos_at = [], [], []
    for b, h in zip(slide.buildings, sizes):
        _, down = _levels(b)
        stacks.append(QRectF(area.left() + GROUND, y, stack_w, h))
        grounds.append(y + h - down * floor_h)
        infos_at.append(QRectF(area.left() + GROUND + stack_w + INFO_GAP, y, info_w, h))
        y += h + GAP
    return Plan(stacks, grounds, infos_at, floor_h, scale)


def draw_building(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, BuildingSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    area = QRectF(safe.left(), top, safe.width(), safe.bottom() - top)
    infos = [_info(frame, b, i) for i, b in enumerate(slide.buildings)]
    # Planned in turn, each told the best quality so far: a scale that cannot win is not tried
    # (the same plan is drawn as when every arrangement tried every scale).
    plans: list[Plan] = []
    for arrange in (partial(_side_by_side, above=False), partial(_side_by_side, above=True),
                    _one_above_another):
        beat = max((p.rank[0] for p in plans), default=0.0)
        plans.append(arrange(frame, area, slide, infos, beat=beat))
    plan = max(plans, key=lambda p: p.rank)
    if plan.floor_h < _floor_min(frame):
        floors = sum(len(b.floors) for b in slide.buildings)
        frame.note(("buildings",), "overflow",
                   f"{len(slide.buildings)} buildings with {floors} floors in all cannot show "
                   "every floor's name at this screen size: fewer floors or buildings would")
    for i, b in enumerate(slide.buildings):
        _draw_stack(frame, plan.stacks[i], plan.grounds[i], b, i, plan.floor_h)
        draw_parts(frame, plan.infos[i], infos[i], valign=Qt.AlignmentFlag.AlignBottom)


def _draw_stack(frame: Frame, stack: QRectF, ground: float, b: Building, index: int,
                floor_h: float) -> None:
    _, below = _levels(b)
    frame.painter.fillRect(QRectF(stack.left() - GROUND, ground - 2, stack.width() + 2 * GROUND, 4),
                           frame.color("muted"))
    size = _label_size(frame, floor_h)
    for i, floor in enumerate(b.floors):
        y = ground - (i - below + 1) * floor_h
        rect = QRectF(stack.left(), y + 3, stack.width(), floor_h - 6)
        lit = floor in b.highlight
        if lit:  # full strength below ground too: the floor's name keeps its contrast
            color = frame.color("highlight")
        elif _is_basement(floor):  # below ground reads darker than the floors above it
            color = QColor(frame.color("surface")).darker(125)
        else:
            color = frame.color("surface")
        frame.fill_rounded(rect, color, 8)
        frame.text(rect.adjusted(16, 0, -8, 0),
                   [Run(floor, size, frame.color("on_highlight" if lit else "text"),
                        QFont.Weight.DemiBold)],
                   valign=Qt.AlignmentFlag.AlignVCenter, what="floor",
                   field=("buildings", index, "floors", i))
