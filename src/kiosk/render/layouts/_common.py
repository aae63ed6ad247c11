"""What every layout shares: the section kicker, the title, and measuring text before it is drawn,
so a layout can choose the arrangement in which every word fits whole."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QTextLayout

from kiosk.deck.fields import Text
from kiosk.deck.model import Deck, Slide
from kiosk.render.fonts import font
from kiosk.render.frame import FieldPath, Frame
from kiosk.render.text import measure_runs
from kiosk.render.text_lines import Run, shown_size

KICKER = 30.0
TITLE_GAP = 44.0  # between a title and what follows it
UNBOUNDED = 1e6  # design px: a column's height when only its width is asked about
# Text that has room grows, up to this much of its own size and never past these shares of the
# title's size: a body text stays below its title, a statement may reach it.
GROWTH = 1.5
BODY_CEILING = 0.75
STATEMENT_CEILING = 1.0
MIN_GROWTH = 1.04  # growing less than this is not worth another measure


@dataclass(frozen=True)
class Part:
    """One field's runs in a block of several fields drawn at one common scale."""

    runs: list[Run]
    field: FieldPath
    what: str
    gap: float = 0.0  # design px above this part


def draw_kicker(frame: Frame, slide: Slide, deck: Deck) -> None:
    """The section's name, small, above the slide: where the visitor is in the deck."""
    if slide.layout == "cover":
        return
    section = next((s for s in deck.deck.sections if s.id == slide.section), None)
    if section is None:
        return
    label = " · ".join(section.title.get(lang) for lang in frame.langs)
    safe = frame.safe
    rect = QRectF(safe.left(), safe.top() - 44, safe.width(), KICKER + 8)
    frame.painter.fillRect(QRectF(safe.left(), rect.top() + 6, 8, KICKER - 4),
                           frame.color("accent"))
    inner = QRectF(rect.left() + 22, rect.top(), rect.width() - 22, rect.height())
    frame.text(inner, frame.runs(label, KICKER, "accent", QFont.Weight.DemiBold),
               what="section label", field=("section",))


def content_top(frame: Frame) -> float:
    return frame.safe.top() + 8


def header(frame: Frame, title: object, *, height: float | None = None) -> float:
    """Draw a slide title at the top of the safe area; return the y where content may start."""
    safe = frame.safe
    limit = height or (safe.height() * (0.26 if frame.portrait else 0.3))
    rect = QRectF(safe.left(), content_top(frame), safe.width(), limit)
    if not isinstance(title, Text):
        return rect.top()
    used = frame.text(rect, frame.runs(title, frame.theme.title_size, weight=QFont.Weight.Bold),
                      what="title", field=("title",))
    return used.bottom() + TITLE_GAP


def scaled(runs: list[Run], scale: float, min_size: float) -> list[Run]:
    return [replace(r, size=shown_size(r, scale, min_size), gap_before=r.gap_before * scale)
            for r in runs if r.text]


@lru_cache(maxsize=4096)  # a layout sizing a number tries the same sizes for every arrangement
def one_line_width(text: str, size: float, weight: QFont.Weight = QFont.Weight.Normal) -> float:
    """Width of text on one line as the text engine lays it out (fallback fonts included)."""
    layout = QTextLayout(text, font(size, weight))
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return line.naturalTextWidth() if line.isValid() else 0.0


def measure(runs: list[Run], width: float, min_size: float) -> tuple[float, bool]:
    """Height of runs laid out by the text engine in a column of this width (drawn nowhere),
    and whether every word fitted the column whole at the runs' own sizes."""
    return measure_lines(runs, width, min_size)[:2]


def measure_lines(runs: list[Run], width: float, min_size: float) -> tuple[float, bool, bool]:
    """`measure`, and whether some line ends inside a word that has no space in it: after the
    dash of "서울시–KAIST" or "industry–academia–government", a place the breaker allows
    when the column leaves no other."""
    runs = [r for r in runs if r.text]
    if not runs:
        return 0.0, True, False
    key = tuple((r.text, r.size, r.weight.value, r.gap_before) for r in runs)
    return _measure(key, round(width, 3), min_size)


@lru_cache(maxsize=4096)  # a layout tries the same texts in several arrangements
def _measure(key: tuple[tuple[str, float, int, float], ...], width: float,
             min_size: float) -> tuple[float, bool, bool]:
    black = QColor(0, 0, 0)
    runs = [Run(text, size, black, QFont.Weight(weight), gap) for text, size, weight, gap in key]
    placed = measure_runs(QRectF(0, 0, width, UNBOUNDED), runs, min_size=min_size).placed
    if not placed:
        return 0.0, True, False
    whole = len(placed) == len(runs) and all(
        not p.broken and abs(p.size - shown_size(r, 1.0, min_size)) < 0.01
        for p, r in zip(placed, runs))
    split = any(" ".join(line.strip() for line in p.lines).split() != p.text.split()
                for p in placed if len(p.lines) > 1)
    return placed[-1].rect.bottom() - placed[0].rect.top(), whole, split


def scaled_parts(parts: list[Part], scale: float, min_size: float) -> list[Part]:
    """The parts at a scale chosen for a whole group, so that like texts share one size."""
    return [replace(part, runs=scaled(part.runs, scale, min_size), gap=part.gap * scale)
            for part in parts]


def _part_runs(parts: list[Part], scale: float, min_size: float) -> list[list[Run]]:
    return [scaled(part.runs, scale, min_size) for part in parts]


def parts_measure(parts: list[Part], width: float, scale: float,
                  min_size: float) -> tuple[float, bool]:
    """Height of the parts stacked at a common scale in a column, and whether every word fitted
    the column whole."""
    laid = [(part, runs) for part, runs in zip(parts, _part_runs(parts, scale, min_size)) if runs]
    total, whole = 0.0, True
    for i, (part, runs) in enumerate(laid):
        height, fits = measure(runs, width, min_size)
        total += height + (part.gap * scale if i else 0.0)
        whole = whole and fits
    return total, whole


def _parts_split(parts: list[Part], width: float, scale: float, min_size: float) -> bool:
    """Whether a line of the parts at this scale ends inside a word (see `measure_lines`);
    measured already by `parts_measure` at that scale, so cached."""
    return any(measure_lines(runs, width, min_size)[2]
               for runs in _part_runs(parts, scale, min_size) if runs)


def parts_height(parts: list[Part], width: float, scale: float, min_size: float) -> float:
    return parts_measure(parts, width, scale, min_size)[0]


def growth(frame: Frame, size: float, ceiling: float = BODY_CEILING) -> float:
    """How far text of this size may grow where a screen has room for it (≥ 1): up to GROWTH
    times, and to `ceiling` times the deck's title size at most."""
    return max(1.0, min(GROWTH, frame.theme.title_size * ceiling / max(size, 1.0)))


def parts_fit(parts: list[Part], width: float, height: float, min_size: float,
              steps: int = 8, most: float = 1.0) -> float | None:
    """The largest common scale (≤ most; above 1 the text grows into room it has, see `grown`)
    at which every word of the parts fits the width whole and the parts fit the height; None
    when not even the minimum size does."""
    runs = [r for part in parts for r in part.runs if r.text]
    if not runs or width <= 1:
        return None

    def fits(scale: float) -> bool:
        total, whole = parts_measure(parts, width, scale, min_size)
        return whole and total <= height

    if fits(1.0):
        return grown([(parts, width, height)], most, min_size) if most > 1.0 else 1.0
    lo = min(1.0, min_size / max(r.size for r in runs))
    if not fits(lo):
        return None
    hi = 1.0
    for _ in range(steps):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


Box = tuple[list[Part], float, float]  # parts and the width and height they must fit


def grown(boxes: list[Box], most: float, min_size: float) -> float:
    """How far (1 to `most`) texts that fit their boxes at their own size may grow together, each
    still fitting its box with every word whole. Found in a measure or two, not a search (a cold
    slide's layout must not take longer for it): wrapped text grows about as the square of its
    scale, so the square root of the room over the height at 1 is the likely answer, and text
    grows at least as fast as its scale, so room over height bounds it."""
    if most <= 1.0 or not boxes:
        return 1.0

    # Growing must not break a word at its dash that stood whole at the text's own size.
    kept = [not _parts_split(parts, width, 1.0, min_size) for parts, width, _ in boxes]

    def fits(scale: float) -> bool:
        for (parts, width, height), whole_words in zip(boxes, kept):
            total, whole = parts_measure(parts, width, scale, min_size)
            if not whole or total > height or \
                    (whole_words and _parts_split(parts, width, scale, min_size)):
                return False
        return True

    upper, likely = most, most
    for parts, width, height in boxes:
        at_one = parts_measure(parts, width, 1.0, min_size)[0]  # measured already: cached
        if at_one > 0:
            upper = min(upper, height / at_one)
            likely = min(likely, math.sqrt(height / at_one))
    scale = min(likely, upper)
    for _ in range(4):
        if scale < MIN_GROWTH:  # text that nearly fills its room stays at its size
            return 1.0
        if fits(scale):
            # one text alone (a statement, a single point) gets one step towards its bound:
            # one line grows as its scale, not its square
            further = (scale + upper) / 2
            if len(boxes) == 1 and len(boxes[0][0]) == 1 and further > scale * 1.04 and \
                    fits(further):
                return further
            return scale
        scale *= 0.94
    return 1.0


def grown_if_room(boxes: list[Box], scale: float, most: float, min_size: float) -> float:
    """The scale the boxes' texts are drawn at: where every box holds its words at their own
    size (`scale` 1), the size they may all grow to together (`grown`); else `scale`."""
    return grown(boxes, most, min_size) if scale >= 0.999 else scale


def parts_fit_at_all(parts: list[Part], width: float, height: float, min_size: float) -> bool:
    """Whether the parts fit at some scale down to the minimum size (parts_fit without the
    search for the largest: a yes or no is all some choices need)."""
    runs = [r for part in parts for r in part.runs if r.text]
    if not runs or width <= 1:
        return False
    lowest = min(1.0, min_size / max(r.size for r in runs))
    total, whole = parts_measure(parts, width, lowest, min_size)
    return whole and total <= height


def draw_parts(frame: Frame, rect: QRectF, parts: list[Part], *,
               align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
               valign: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignTop) -> QRectF:
    """Draw several fields stacked in rect at the largest common scale at which all fit, each
    with its own field path; return the box used."""
    min_size = frame.theme.min_size
    scale = parts_fit(parts, rect.width(), rect.height(), min_size)
    if scale is None:  # the text engine shrinks to the minimum and reports what it cuts
        scale = min(1.0, min_size / max((r.size for p in parts for r in p.runs), default=1.0))
    used = parts_height(parts, rect.width(), scale, min_size)
    y = rect.top()
    if valign & Qt.AlignmentFlag.AlignVCenter:
        y += max(0.0, rect.height() - used) / 2
    elif valign & Qt.AlignmentFlag.AlignBottom:
        y += max(0.0, rect.height() - used)
    top = y
    first = True
    for part, runs in zip(parts, _part_runs(parts, scale, min_size)):
        if not runs:
            continue
        if not first:
            y += part.gap * scale
        first = False
        h = measure(runs, rect.width(), min_size)[0]
        room = min(h + 1.0, max(1.0, rect.bottom() - y))
        box = frame.text(QRectF(rect.left(), y, rect.width(), room), runs, align=align,
                         what=part.what, field=part.field, scale=scale)
        y = max(y + h, box.bottom())
    return QRectF(rect.left(), top, rect.width(), y - top)
