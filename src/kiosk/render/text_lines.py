"""One run of text broken into lines at a size: each line ends only where a reader expects
(see `breaks`), a word too wide for the column is broken between characters, and a cut keeps
the lines that fit and ends the last with an ellipsis. Also draws those lines."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextLayout, QTextOption

from kiosk.render.balance import balanced_lines
from kiosk.render.breaks import SPACES, Breaks, grapheme_ends
from kiosk.render.fonts import font

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


# (text, pixel size, weight, column width) -> (lines, their widths, words broken inside)
_BROKEN: dict[tuple[str, int, QFont.Weight, float], tuple[tuple[str, ...], tuple[float, ...],
                                                          tuple[str, ...]]] = {}
BROKEN_KEPT = 4096  # a few slides' worth of texts at the sizes and widths a layout tries


def clear_caches() -> None:
    """Forget every measured text (for benchmarks of a cold slide, and tests)."""
    _BROKEN.clear()
    _positions.cache_clear()


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _ENDS:
        end -= 1
    return end


def shown_size(run: Run, scale: float, min_size: float) -> float:
    """The size a run is drawn at for a common scale: never below the minimum, unless the run
    was asked for at less than half of it (a deliberately small note)."""
    return max(run.size * scale, min(min_size, run.size * 2))


class LaidRun:
    """A run at a scale of its size, broken into lines of a column `width` wide."""

    def __init__(self, run: Run, text: str, breaks: Breaks, scale: float, width: float,
                 min_size: float) -> None:
        self.run = run
        self.size = shown_size(run, scale, min_size)
        self.font = font(self.size, run.weight)
        self.metrics = QFontMetricsF(self.font)
        self.text = text
        self.width = width
        self.cut = False
        self.broken: list[str] = []
        self.hard = breaks.hard
        # A layout choosing its arrangement breaks the same text at the same size and width
        # many times (each scale it tries, each arrangement): the breaking is kept.
        self.widths: list[float] = []  # each line's measured width
        key = (text, self.font.pixelSize(), run.weight, round(width, 2))
        known = _BROKEN.get(key)
        if known is not None:
            lines, widths, broken = known
            self.lines, self.widths, self.broken = list(lines), list(widths), list(broken)
            return
        xs = _positions(text, self.font.pixelSize(), run.weight)
        inside = {i for c in breaks.compounds if xs[c.end] - xs[c.start] > width + SLACK
                  for i in c.inside}  # a compound that fits a line of its own stays whole
        self.stops = sorted(breaks.soft | breaks.hard | inside | {len(text)})
        self.lines = self._break(xs)
        even = balanced_lines(text, xs, self.stops, self.hard, width + SLACK) \
            if len(self.lines) > 1 and not self.broken else None
        if even and len(even) <= len(self.lines):  # even lines, no lone last word
            balanced = [text[start:end] for start, end in even]
            measured = [self.metrics.horizontalAdvance(line) for line in balanced]
            if max(measured) <= width + SLACK:  # as measured, not only as estimated
                self.lines, self.widths = balanced, measured
        if len(_BROKEN) >= BROKEN_KEPT:
            _BROKEN.pop(next(iter(_BROKEN)))  # the oldest: insertion order
        _BROKEN[key] = (tuple(self.lines), tuple(self.widths), tuple(self.broken))

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
            x = aligned_start(rect.left(), rect.width(), natural, align,
                              Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignRight)
            # A line with a Hanja (from the fallback font) has a taller ascent: keep the
            # baseline where the primary font puts it, so every line is spaced alike.
            layout.draw(painter, QPointF(x, top + i * self.line_height + ascent - line_ascent))
        return used


def aligned_start(low: float, span: float, used: float, align: Qt.AlignmentFlag,
                  centre: Qt.AlignmentFlag, end: Qt.AlignmentFlag) -> float:
    """Where `used` begins inside [low, low + span] for the given alignment (either axis)."""
    if align & centre:
        return low + (span - used) / 2
    if align & end:
        return low + span - used
    return low
