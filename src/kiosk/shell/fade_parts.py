"""A slide's content in two parts that a fade may draw on alternate frames.

A frame of a fade costs in proportion to the content it repaints: at 4K a text slide is 2-3
million pixels of text blended, a slide of figure cards 5 million (1.4 of text, 3.8 of cards),
and such a frame took 9-13 ms to paint and flush on a lobby PC's CPU, more than the 8 ms a frame
may take (issue 22). Drawn as two parts on alternate frames of a grid twice as fine, every pixel
still changes 30 times a second and each frame repaints half the content.

The content is cut along rows and columns of pixels that are all background (each cut right
across the piece it divides, down to pieces of a quarter of the cost), and the pieces are dealt
to two parts of near equal cost. No glyph, box or picture is ever cut (a box kept as its colour
would show the line inside it); at most a thin upright stroke, such as a quote's bar or the
dashed side of a frame, is crossed. So two parts a frame apart read as things fading a
sixtieth of a second apart, never as a seam.
"""

from __future__ import annotations

import bisect
import weakref
from collections.abc import Callable

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QRegion

from kiosk.render.tiles import Sparse

# A slide whose content costs more than this (in pixels blended; a box's plain fill costs half
# of one) is drawn in two parts: every 4K slide of the bundled deck, no 1080p one (the
# heaviest, a figures slide, is 1.0 million), whose frames are cheap and whose idle CPU would
# only pay for twice the frames.
SPLIT_ABOVE = 1_500_000
FILL_COST = 0.5  # a plain fill and its flush against a blend and its flush, measured at 4K
MOST = 0.75  # a cut that leaves more than this share of the cost on one side is not worth it

Box = tuple[int, int, int, int, float]  # left, top, right, bottom (exclusive), cost per pixel

_found: weakref.WeakKeyDictionary[Sparse, tuple[int, list[QRegion]]] = \
    weakref.WeakKeyDictionary()


def fade_parts(slide: Sparse, above: int | None = None) -> list[QRegion]:
    """The slide's content as one part, or as two (the first nearer the top left) when it
    costs more than `above` (None: SPLIT_ABOVE) and clean cuts leave no more than MOST of it
    in either part."""
    if above is None:
        above = SPLIT_ABOVE
    known = _found.get(slide)
    if known is not None and known[0] == above:
        return known[1]
    parts = _parts(slide, above)
    _found[slide] = (above, parts)
    return parts


def _parts(slide: Sparse, above: int) -> list[QRegion]:
    boxes: list[Box] = [_box(rect, 1.0) for rect, _ in slide.pieces]
    boxes += [_box(rect, FILL_COST) for _, found in slide.flats for rect in found]
    total = sum(_cost(b) for b in boxes)
    if total <= above or len(boxes) < 2 or slide.ratio != 1.0 or slide.whole:
        return [slide.content]  # (only slides drawn pixel for pixel fade through)
    plain = _Plain(slide)
    leaves: list[tuple[float, Area]] = []
    _cut_down(boxes, (0, 0, slide.width, slide.height), total / 4, plain, leaves)
    # The pieces, heaviest first, each to the lighter part: two parts of near equal cost.
    sides: list[tuple[float, list[Area]]] = [(0.0, []), (0.0, [])]
    for cost, area in sorted(leaves, key=lambda leaf: -leaf[0]):
        lighter = 0 if sides[0][0] <= sides[1][0] else 1
        sides[lighter] = (sides[lighter][0] + cost, [*sides[lighter][1], area])
    if not sides[0][1] or not sides[1][1] or max(sides[0][0], sides[1][0]) > MOST * total:
        return [slide.content]
    first = QRegion()
    for left, top, right, bottom in sides[0][1]:
        first = first.united(QRect(left, top, right - left, bottom - top))
    before = slide.content.intersected(first)
    parts = [before, slide.content.subtracted(before)]
    # The part nearest the top left first (frames then run in reading order).
    corner = [(p.boundingRect().top(), p.boundingRect().left()) for p in parts]
    return parts if corner[0] <= corner[1] else parts[::-1]


Area = tuple[int, int, int, int]  # left, top, right, bottom (exclusive)


def _box(rect: QRect, cost: float) -> Box:
    return rect.left(), rect.top(), rect.right() + 1, rect.bottom() + 1, cost


def _cost(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1]) * box[4]


def _within(boxes: list[Box], area: Area) -> list[Box]:
    """The boxes' parts inside an area."""
    found: list[Box] = []
    for b in boxes:
        left, top = max(b[0], area[0]), max(b[1], area[1])
        right, bottom = min(b[2], area[2]), min(b[3], area[3])
        if left < right and top < bottom:
            found.append((left, top, right, bottom, b[4]))
    return found


def _cut_down(boxes: list[Box], area: Area, enough: float, plain: _Plain,
              leaves: list[tuple[float, Area]]) -> None:
    """Cut an area along clean lines into pieces of at most `enough` cost where it can (a
    guillotine cut: each cut runs right across the piece it cuts)."""
    inside = _within(boxes, area)
    cost = sum(_cost(b) for b in inside)
    if cost <= enough or len(inside) < 2:
        if cost:
            leaves.append((cost, area))
        return
    best: tuple[float, int, int] | None = None
    for axis in (0, 1):  # along a row (things above and below), then down a column
        found = _best_cut(inside, axis, cost, area, plain)
        if found is not None and (best is None or found[0] < best[0]):
            best = (found[0], axis, found[1])
    if best is None:
        leaves.append((cost, area))
        return
    _, axis, at = best
    left, top, right, bottom = area
    halves = [(left, top, right, at), (left, at, right, bottom)] if axis == 0 \
        else [(left, top, at, bottom), (at, top, right, bottom)]
    for half in halves:
        _cut_down(inside, half, enough, plain, leaves)


def _best_cut(boxes: list[Box], axis: int, total: float, area: Area,
              plain: _Plain) -> tuple[float, int] | None:
    """The clean cut of `area` across `axis` (0: along a row of pixels, 1: down a column)
    nearest the middle of its cost: (the heavier side's cost, the row or column)."""
    lo, hi = (1, 3) if axis == 0 else (0, 2)
    start, end = area[lo], area[hi]
    per_line = [0.0] * (end - start + 1)  # a difference array: each row's (column's) cost
    for b in boxes:
        first, last = int(b[lo]), int(b[hi])
        share = _cost(b) / (last - first)
        per_line[first - start] += share
        per_line[last - start] -= share
    before = [0.0] * (end - start + 1)  # the cost of the rows (columns) before each
    running = 0.0
    for i in range(end - start):
        running += per_line[i]
        before[i + 1] = before[i] + running
    middle = max(1, min(end - start - 1, bisect.bisect_left(before, total / 2)))
    clean = plain.clean(axis, area)
    low, high = middle, middle + 1  # outward from the middle
    while low > 0 or high < end - start:
        for at in (low, high):
            if 0 < at < end - start and clean(start + at):
                return max(before[at], total - before[at]), start + at
        low, high = low - 1, high + 1
    return None


class _Plain:
    """Which rows and columns of a kept slide hold more than the background. A box's inside
    kept as its colour is content; so is a piece's pixel that differs from the background,
    except, for rows, where all a row holds is one or two thin upright strokes that go on
    above and below it (a quote's bar beside a paragraph, the dashed sides of a frame around
    boxes): a row between two lines of text inside such a frame may cross them, which parts a
    stroke, not a glyph or a box."""

    def __init__(self, slide: Sparse) -> None:
        ground = slide.background.rgb()
        height = slide.height
        flat = [0] * height  # per row: the columns a box's inside covers, as bits
        for _, found in slide.flats:
            for rect in found:
                covered = ((1 << rect.width()) - 1) << rect.left()
                for y in range(rect.top(), rect.bottom() + 1):
                    flat[y] |= covered
        seen = [0] * (height + 2)  # per row (one above and below the slide): its content
        for rect, piece in slide.pieces:
            mask = piece.createMaskFromColor(ground, Qt.MaskMode.MaskOutColor)
            bits, line = mask.constBits(), mask.bytesPerLine()
            used, keep, left = (rect.width() + 7) // 8, (1 << rect.width()) - 1, rect.left()
            for y in range(rect.height()):
                value = int.from_bytes(bits[y * line:y * line + used], "little") & keep
                if value:
                    seen[rect.top() + y + 1] |= value << left
        thin = max(4, slide.width // 100)
        self._any = [seen[y + 1] | flat[y] for y in range(height)]  # for columns
        self._rows = [flat[y] | (0 if _strokes(seen[y + 1], seen[y], seen[y + 2], thin)
                                 else seen[y + 1]) for y in range(height)]

    def clean(self, axis: int, area: Area) -> Callable[[int], bool]:
        """Whether a row (axis 0) or column (1) crosses no content within `area`."""
        left, top, right, bottom = area
        span = ((1 << (right - left)) - 1) << left
        if axis == 0:
            rows = self._rows
            return lambda y: not rows[y] & span
        crossed = 0
        for y in range(top, bottom):
            crossed |= self._any[y]
        return lambda x: not (crossed >> x) & 1


def _strokes(row: int, above: int, below: int, thin: int) -> bool:
    """Whether a row's content is one or two thin upright strokes: at most two runs of at most
    `thin` pixels each, the same columns filled in the rows above and below (no content: true)."""
    if (row ^ (row << 1)).bit_count() > 4:  # each run begins and ends: more than two runs
        return False
    first = row ^ ((row + (row & -row)) & row)  # the lowest run (adding its lowest bit ends it)
    return first.bit_count() <= thin and (row ^ first).bit_count() <= thin \
        and above & row == row and below & row == row
