"""One run of text broken into lines at a size: each line ends only where a reader expects
(see `breaks`), a word too wide for the column is broken between characters, and a cut keeps
the lines that fit and ends the last with an ellipsis. Also draws those lines.

A run is shaped once per size: the text set on one line gives the x of every character boundary
(where lines may end) and, kept, the glyphs each line is drawn with (a slice of that one line's
glyph runs), so drawing does not lay every line out again. The shaped texts and the breaking
are kept in small caches: a layout choosing its arrangement measures the same texts at the same
sizes and widths many times within one slide, and the next slide has texts of its own."""

from __future__ import annotations

import os
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar, cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextLayout, QTextOption

from kiosk.render.balance import balanced_lines
from kiosk.render.breaks import SPACES, Breaks, grapheme_ends
from kiosk.render.fonts import font, forget_fonts, whole_pixels

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


K = TypeVar("K")
V = TypeVar("V")


class Kept(Generic[K, V]):
    """A small least-recently-used store: what one slide's arrangements ask for again, without
    keeping every slide's texts for the life of the process."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


@dataclass(frozen=True)
class Shaped:
    """A text set on one line at one size and weight (with fallback fonts): the x of every
    character boundary, and the layout itself, whose glyphs the lines are drawn with."""

    layout: QTextLayout
    xs: tuple[float, ...]
    ascent: float  # of the one line: its baseline in the layout


# A layout with its glyphs is some kilobytes: the runs one slide draws fit (the arrangements
# try other sizes too); the xs alone (a tuple of floats) are kept longer, for measuring.
SHAPED_KEPT = 64
_SHAPED: Kept[tuple[str, int, QFont.Weight], Shaped] = Kept(SHAPED_KEPT)
_positions: Kept[tuple[str, int, QFont.Weight], tuple[float, ...]] = Kept(1024)


def shaped(text: str, size: int, weight: QFont.Weight) -> Shaped:
    """text set on one line at a whole pixel size: shaped once, then measured and drawn from."""
    key = (text, size, weight)
    found = _SHAPED.get(key)
    if found is None:
        layout, ascent = _single_line(text.replace("\n", " "), font(size, weight))
        if layout.lineCount():
            line = layout.lineAt(0)
            # PySide6 returns (x, cursor position) here, typed as a bare object
            xs = tuple(cast(tuple[float, int], line.cursorToX(i))[0]
                       for i in range(len(text) + 1))
        else:
            xs = (0.0,) * (len(text) + 1)
        found = Shaped(layout, xs, ascent)
        _SHAPED.put(key, found)
        _positions.put(key, xs)
    return found


def positions(text: str, size: int, weight: QFont.Weight) -> tuple[float, ...]:
    """x of every character boundary of text set on one line (shaped, with fallback fonts)."""
    known = _positions.get((text, size, weight))
    return known if known is not None else shaped(text, size, weight).xs


@lru_cache(maxsize=64)
def _face(size: int, weight: QFont.Weight) -> tuple[QFont, QFontMetricsF, float, float]:
    """The font of a size, its metrics, line height and ascent, made once (only read)."""
    qfont = font(size, weight)
    metrics = QFontMetricsF(qfont)
    return qfont, metrics, metrics.height(), metrics.ascent()


# (text, pixel size, weight, column width) -> (lines, where each starts in the text, their
# widths, words broken inside)
Broken = tuple[tuple[str, ...], tuple[int, ...], tuple[float, ...], tuple[str, ...]]
BROKEN_KEPT = 2048  # a slide's texts at the sizes and widths its arrangements try
_BROKEN: Kept[tuple[str, int, QFont.Weight, float], Broken] = Kept(BROKEN_KEPT)


def clear_caches() -> None:
    """Forget every measured text (for benchmarks of a cold slide, and tests)."""
    _BROKEN.clear()
    _SHAPED.clear()
    _positions.clear()
    _face.cache_clear()


def let_fonts_go() -> None:
    """Let Qt free its font engines while nothing is being drawn: one engine per size and weight
    the arrangements tried (34 after the first two slides of the bundled deck at 1080p), each with
    its own copies of the font's shaping tables and its glyph cache, some 1.5 MB in all. The
    shaped runs and fonts kept here hold them, and Qt's font cache keeps even unused ones (up to
    4 MB of glyphs), so both are dropped; measurements kept as numbers stay. The next drawing
    opens the engines it needs again (Qt notices a QFont's engines came from the dropped cache)."""
    _SHAPED.clear()
    _face.cache_clear()
    forget_fonts()
    QFont.cleanup()


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
        self.pixel_size = whole_pixels(self.size)
        self.font, self.metrics, self.line_height, self.ascent = _face(self.pixel_size,
                                                                        run.weight)
        self.text = text
        self.source = text  # the text the lines are slices of (a cut changes self.text)
        self.width = width
        self.cut = False
        self.broken: list[str] = []
        self.hard = breaks.hard
        # A layout choosing its arrangement breaks the same text at the same size and width
        # many times (each scale it tries, each arrangement): the breaking is kept.
        self.widths: list[float] = []  # each line's measured width
        self.starts: list[int] = []  # where each line begins in self.source
        key = (text, self.pixel_size, run.weight, round(width, 2))
        known = _BROKEN.get(key)
        if known is not None:
            lines, starts, widths, broken = known
            self.lines, self.starts = list(lines), list(starts)
            self.widths, self.broken = list(widths), list(broken)
            return
        xs = positions(text, self.pixel_size, run.weight)
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
                self.starts = [start for start, _ in even]
        _BROKEN.put(key, (tuple(self.lines), tuple(self.starts), tuple(self.widths),
                          tuple(self.broken)))

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
                self.starts.append(start)
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
            self.starts.append(start)
            start = cut
        return lines

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
        self.starts = self.starts[:keep]
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
        ascent = self.ascent
        painter.setPen(self.run.color)
        # The glyphs shaped while measuring, unless what is drawn differs from what was
        # measured (a non-breaking hyphen is drawn as a plain one), or the glyphs are drawn as
        # outlines: there Qt fills a glyph run's outlines a quarter slower than a laid-out
        # line's, and shaping the line again is a hundredth of the cost of filling it.
        one = shaped(self.source, self.pixel_size, self.run.weight) \
            if self.source == self.source.translate(AS_DRAWN) and \
            not outlined(painter, self.pixel_size) else None
        for i, line in enumerate(self.lines):
            baseline = top + i * self.line_height + ascent
            start = self.starts[i]
            if one is None or self.source[start:start + len(line)] != line:  # the cut line
                used = max(used, draw_line(painter, line, self.font, rect, baseline, align))
                continue
            natural = self.widths[i]  # the line measured alone, as it was broken
            used = max(used, natural)
            x = aligned_start(rect.left(), rect.width(), natural, align,
                              Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignRight)
            # the glyphs' x are where they stand on the one long line; the baseline is kept
            # where the primary font puts it, so a line with a Hanja is spaced like the rest
            at = QPointF(x - one.xs[start], baseline - one.ascent)
            for glyphs in one.layout.glyphRuns(start, len(line)):
                painter.drawGlyphRun(at, glyphs)
        return used


def outlined(painter: QPainter, size: int) -> bool:
    """Whether Qt draws glyphs of this pixel size as filled outlines rather than from its
    glyph cache on this painter: above QT_MAX_CACHED_GLYPH_SIZE device pixels (64 unless
    set), so at 4K (a scale of 2) text over 32 design px."""
    limit = int(os.environ.get("QT_MAX_CACHED_GLYPH_SIZE") or 0) or 64
    return size * size * abs(painter.transform().determinant()) > limit * limit


def draw_line(painter: QPainter, line: str, qfont: QFont, rect: QRectF, baseline: float,
              align: Qt.AlignmentFlag) -> float:
    """Lay one line out on its own and draw it on baseline, aligned in rect; return its width.
    For a line that is not a slice of the shaped text (one cut with an ellipsis, one drawn
    with other characters than were measured)."""
    layout, line_ascent = _single_line(line.translate(AS_DRAWN), qfont)
    natural = layout.lineAt(0).naturalTextWidth() if layout.lineCount() else 0.0
    x = aligned_start(rect.left(), rect.width(), natural, align,
                      Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignRight)
    # A line with a Hanja (from the fallback font) has a taller ascent: keep the baseline
    # where the primary font puts it, so every line is spaced alike.
    layout.draw(painter, QPointF(x, baseline - line_ascent))
    return natural


def alignment(align: Qt.AlignmentFlag, centre: Qt.AlignmentFlag,
              end: Qt.AlignmentFlag) -> float:
    """The share of the room left that comes before the text: 0 at the start, ½ centred, 1 at
    the end."""
    # as plain numbers: a flag enum's `&` and `.value` cost microseconds, and a layout asks
    # thousands of times while choosing its arrangement
    flags = align._value_
    if flags & centre._value_:
        return 0.5
    if flags & end._value_:
        return 1.0
    return 0.0


def aligned_start(low: float, span: float, used: float, align: Qt.AlignmentFlag,
                  centre: Qt.AlignmentFlag, end: Qt.AlignmentFlag) -> float:
    """Where `used` begins inside [low, low + span] for the given alignment (either axis)."""
    return low + (span - used) * alignment(align, centre, end)
