"""Text that fits its box: wraps only where a reader expects a line to end (see `breaks`), shrinks
down to the theme's minimum size, and below that breaks a word too wide for its column or cuts the
text with an ellipsis rather than spilling out, saying which it did."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextLayout, QTextOption

from kiosk.render.breaks import SPACES, Breaks, find_breaks, grapheme_ends
from kiosk.render.fonts import drawable, font

ELLIPSIS = "…"
SLACK = 0.5  # design px a line may exceed its column by: rounding in the glyph advances
_ENDS = SPACES + "\n"
# Lines are already broken, so a non-breaking hyphen has done its work: drawn as a plain
# hyphen, a PDF's text layer gives "02-2133-8462" back, the number a reader searches for.
AS_DRAWN = str.maketrans({"\u2011": "-"})


@dataclass(frozen=True)
class Run:
    """One paragraph of a text block: its words, design size, colour and weight."""

    text: str
    size: float
    color: QColor
    weight: QFont.Weight = QFont.Weight.Normal
    gap_before: float = 0.0  # design px above this run, scaled with the text


@dataclass(frozen=True)
class Placed:
    text: str
    rect: QRectF
    size: float
    cut: bool
    lines: tuple[str, ...] = ()  # as laid out, one string a line
    broken: tuple[str, ...] = ()  # words wider than the column even at the minimum size


@dataclass
class Drawn:
    """What draw_runs drew, and what it could not draw."""

    placed: list[Placed] = field(default_factory=list)
    missing: tuple[str, ...] = ()  # characters no bundled font has, left out of the text


def _single_line(text: str, qfont: QFont) -> tuple[QTextLayout, float]:
    """A laid-out one-line QTextLayout of text, and its line's ascent."""
    layout = QTextLayout(text, qfont)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    if line.isValid():
        line.setLineWidth(1e6)
    layout.endLayout()
    return layout, line.ascent() if line.isValid() else 0.0


@lru_cache(maxsize=512)
def _positions(text: str, pixel_size: float, weight: QFont.Weight) -> tuple[float, ...]:
    """x of every character boundary of text set on one line (shaped, with fallback fonts).
    Cached: a layout choosing its arrangement measures the same text at the same size often."""
    layout, _ = _single_line(text.replace("\n", " "), font(pixel_size, weight))
    if not layout.lineCount():
        return (0.0,) * (len(text) + 1)
    line = layout.lineAt(0)
    # PySide6 returns (x, cursor position) here, typed as a bare object
    return tuple(cast(tuple[float, int], line.cursorToX(i))[0] for i in range(len(text) + 1))


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _ENDS:
        end -= 1
    return end


class _Laid:
    def __init__(self, run: Run, text: str, breaks: Breaks, scale: float, width: float,
                 min_size: float) -> None:
        self.run = run
        self.size = max(run.size * scale, min(min_size, run.size * 2))
        self.font = font(self.size, run.weight)
        self.metrics = QFontMetricsF(self.font)
        self.text = text
        self.width = width
        self.cut = False
        self.broken: list[str] = []
        self.hard = breaks.hard
        xs = _positions(text, self.font.pixelSize(), run.weight)
        inside = {i for c in breaks.compounds if xs[c.end] - xs[c.start] > width + SLACK
                  for i in c.inside}  # a compound that fits a line of its own stays whole
        self.stops = sorted(breaks.soft | breaks.hard | inside | {len(text)})
        self.widths: list[float] = []  # each line's measured width
        self.lines = self._break(xs)

    def _fits(self, line: str) -> bool:
        return self.metrics.horizontalAdvance(line) <= self.width + SLACK

    def _break(self, xs: tuple[float, ...]) -> list[str]:
        """Greedy: each line takes the furthest line end that fits; a word wider than the
        column is cut between characters (and named in self.broken)."""
        text, lines, start = self.text, [], 0
        broken_ends: set[int] = set()
        while start < len(text):
            while start < len(text) and text[start] in SPACES:
                start += 1
            if start >= len(text):
                break
            fitting = []
            for stop in self.stops[bisect_right(self.stops, start):]:
                end = _trim(text, start, stop)
                if xs[end] - xs[start] > self.width + SLACK:
                    break
                fitting.append(stop)
                if stop in self.hard:
                    break
            while fitting:
                line = text[start:_trim(text, start, fitting[-1])]
                measured = self.metrics.horizontalAdvance(line)
                if measured <= self.width + SLACK:
                    break
                fitting.pop()  # measured alone, the line came out wider than its estimate
            if fitting:
                lines.append(line)
                self.widths.append(measured)
                start = fitting[-1]
                continue
            word_end = _trim(text, start, self.stops[bisect_right(self.stops, start)])
            if word_end not in broken_ends:  # the rest of a broken word is not a new one
                broken_ends.add(word_end)
                self.broken.append(text[start:word_end])
            # the estimate says where the column ends; measuring confirms (once, as a rule)
            reach = bisect_right(xs, xs[start] + self.width + SLACK, lo=start + 1) - 1
            ends = grapheme_ends(text, start, min(word_end, max(reach, start + 1)))
            cut = next((e for e in reversed(ends) if self._fits(text[start:e])),
                       grapheme_ends(text, start, word_end)[0])
            lines.append(text[start:cut])
            self.widths.append(self.metrics.horizontalAdvance(lines[-1]))
            start = cut
        return lines

    @property
    def line_height(self) -> float:
        return self.metrics.height()

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height

    def truncate(self, max_height: float) -> None:
        """Keep the lines that fit in max_height; end the last kept one with an ellipsis, after
        its last whole word where one fits."""
        keep = int((max_height + 0.5) // self.line_height) if self.line_height > 0 else 0
        if keep >= len(self.lines):
            return
        self.cut = True
        self.lines = self.lines[:keep]
        self.widths = self.widths[:keep]
        if not keep:
            self.text = ""
            return
        last = self.lines[-1]
        words = sorted({len(last)} | {i for i in range(1, len(last))
                                      if last[i - 1] in SPACES and last[i] not in SPACES})
        chars = grapheme_ends(last, 0, len(last))
        for end in [*reversed(words), *reversed(chars), 0]:
            shown = last[:end].rstrip() + ELLIPSIS
            if self._fits(shown) or end == 0:
                break
        self.lines[-1] = shown
        self.widths[-1] = self.metrics.horizontalAdvance(shown)
        self.text = "\n".join(self.lines)

    def draw(self, painter: QPainter | None, rect: QRectF, top: float,
             align: Qt.AlignmentFlag) -> float:
        """Draw the lines from top, each aligned in rect; return the widest line's width.
        With no painter, only that width, as measured."""
        if painter is None:
            return max(self.widths, default=0.0)
        used = 0.0
        ascent = self.metrics.ascent()
        painter.setPen(self.run.color)
        for i, line in enumerate(self.lines):
            layout, line_ascent = _single_line(line.translate(AS_DRAWN), self.font)
            natural = layout.lineAt(0).naturalTextWidth() if layout.lineCount() else 0.0
            used = max(used, natural)
            x = _start(rect.left(), rect.width(), natural, align, Qt.AlignmentFlag.AlignHCenter,
                       Qt.AlignmentFlag.AlignRight)
            # A line with a Hanja (from the fallback font) has a taller ascent: keep the
            # baseline where the primary font puts it, so every line is spaced alike.
            layout.draw(painter, QPointF(x, top + i * self.line_height + ascent - line_ascent))
        return used


def _stack(runs: list[tuple[Run, str, Breaks]], scale: float, width: float,
           min_size: float) -> tuple[list[_Laid], float]:
    laid = [_Laid(run, text, breaks, scale, width, min_size) for run, text, breaks in runs]
    return laid, _total(laid, scale)


def _total(laid: list[_Laid], scale: float) -> float:
    """Height of the stacked runs with the gaps between them."""
    return sum(item.height for item in laid) + \
        sum(item.run.gap_before * scale for item in laid[1:])


def _fits(laid: list[_Laid], total: float, height: float) -> bool:
    return total <= height and not any(item.broken for item in laid)


def _start(low: float, span: float, used: float, align: Qt.AlignmentFlag,
           centre: Qt.AlignmentFlag, end: Qt.AlignmentFlag) -> float:
    """Where `used` begins inside [low, low + span] for the given alignment (either axis)."""
    if align & centre:
        return low + (span - used) / 2
    if align & end:
        return low + span - used
    return low


def _prepare(runs: list[Run]) -> tuple[list[tuple[Run, str, Breaks]], tuple[str, ...]]:
    """The runs as the bundled fonts can draw them, with their line-break opportunities."""
    prepared: list[tuple[Run, str, Breaks]] = []
    missing: list[str] = []
    for run in runs:
        can = drawable(run.text)
        missing.extend(c for c in can.missing if c not in missing)
        text = can.text.strip("\n")
        if any(unicodedata.category(c)[0] not in "CZ" for c in text):  # anything to see
            prepared.append((run, text, find_breaks(text)))
    return prepared, tuple(missing)


def draw_runs(painter: QPainter, rect: QRectF, runs: list[Run], *, min_size: float,
              align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
              valign: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignTop) -> Drawn:
    """Draw runs stacked in rect at the largest common scale (≤ 1) at which every line ends
    between words and the whole fits."""
    return _fit(painter, rect, runs, min_size, align, valign)


def measure_runs(rect: QRectF, runs: list[Run], *, min_size: float,
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
                 valign: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignTop) -> Drawn:
    """What draw_runs would place, without drawing: for a layout choosing its arrangement."""
    return _fit(None, rect, runs, min_size, align, valign)


def _fit(painter: QPainter | None, rect: QRectF, runs: list[Run], min_size: float,
         align: Qt.AlignmentFlag, valign: Qt.AlignmentFlag) -> Drawn:
    prepared, missing = _prepare(runs)
    drawn = Drawn(missing=missing)
    if not prepared or rect.width() <= 1 or rect.height() <= 1:
        return drawn
    largest = max(run.size for run, _, _ in prepared)
    floor = min(1.0, min_size / largest)  # below this every run is at the minimum size
    laid, total = _stack(prepared, 1.0, rect.width(), min_size)
    scale = 1.0
    if not _fits(laid, total, rect.height()):
        lo, hi = floor, 1.0
        laid, total = _stack(prepared, lo, rect.width(), min_size)
        scale = lo
        if _fits(laid, total, rect.height()):
            for _ in range(7):
                mid = (lo + hi) / 2
                trial, trial_total = _stack(prepared, mid, rect.width(), min_size)
                if _fits(trial, trial_total, rect.height()):
                    lo, laid, total, scale = mid, trial, trial_total, mid
                else:
                    hi = mid
        elif total > rect.height():
            remaining = rect.height()
            for item in laid:
                gap = item.run.gap_before * scale if item is not laid[0] else 0.0
                item.truncate(max(0.0, remaining - gap))
                remaining -= gap + item.height
            laid = [item for item in laid if item.lines]
            total = _total(laid, scale)
    y = _start(rect.top(), rect.height(), total, valign, Qt.AlignmentFlag.AlignVCenter,
               Qt.AlignmentFlag.AlignBottom)
    for i, item in enumerate(laid):
        if i:
            y += item.run.gap_before * scale
        used = item.draw(painter, rect, y, align)
        left = _start(rect.left(), rect.width(), used, align, Qt.AlignmentFlag.AlignHCenter,
                      Qt.AlignmentFlag.AlignRight)
        drawn.placed.append(Placed(item.text, QRectF(left, y, used, item.height), item.size,
                                   item.cut, tuple(item.lines), tuple(item.broken)))
        y += item.height
    return drawn
