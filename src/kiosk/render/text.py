"""Text that fits its box: wraps only where a reader expects a line to end (see `text_lines`),
shrinks down to the theme's minimum size, and below that breaks a word too wide for its column or
cuts the text with an ellipsis rather than spilling out, saying which it did."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from kiosk.render.breaks import Breaks, find_breaks
from kiosk.render.fonts import drawable
from kiosk.render.text_lines import LaidRun, Run, aligned_start, alignment


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
    asked: tuple[str, ...] = ()  # the runs' texts that have anything to see
    dropped: list[str] = field(default_factory=list)  # runs of `asked` with no line drawn
    scale: float = 1.0  # the common scale the runs were drawn at (1.0: their own sizes)

    @property
    def lost(self) -> bool:
        """Some words asked for are not on the page: a run left out or cut short."""
        return bool(self.dropped) or any(p.cut for p in self.placed)


def _stack(runs: list[tuple[Run, str, Breaks]], scale: float, width: float,
           min_size: float) -> tuple[list[LaidRun], float]:
    laid = [LaidRun(run, text, breaks, scale, width, min_size) for run, text, breaks in runs]
    return laid, _total(laid, scale)


def _total(laid: list[LaidRun], scale: float) -> float:
    """Height of the stacked runs with the gaps between them."""
    return sum(item.height for item in laid) + \
        sum(item.run.gap_before * scale for item in laid[1:])


def _fits(laid: list[LaidRun], total: float, height: float) -> bool:
    return total <= height and not any(item.broken for item in laid)



@lru_cache(maxsize=1024)  # a layout choosing its arrangement asks for the same texts often
def _readable(text: str) -> tuple[str, tuple[str, ...], Breaks | None]:
    """A run's text as the bundled fonts can draw it, what they cannot, and where its lines
    may end (None: nothing to see)."""
    can = drawable(text)
    shown = can.text.strip("\n")
    if any(unicodedata.category(c)[0] not in "CZ" for c in shown):  # anything to see
        return shown, can.missing, find_breaks(shown)
    return shown, can.missing, None


def _prepare(runs: list[Run]) -> tuple[list[tuple[Run, str, Breaks]], tuple[str, ...]]:
    """The runs as the bundled fonts can draw them, with their line-break opportunities."""
    prepared: list[tuple[Run, str, Breaks]] = []
    missing: list[str] = []
    for run in runs:
        text, lacking, breaks = _readable(run.text)
        missing.extend(c for c in lacking if c not in missing)
        if breaks is not None:
            prepared.append((run, text, breaks))
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
    drawn = Drawn(missing=missing, asked=tuple(text for _, text, _ in prepared))
    if not prepared:
        return drawn
    if rect.width() <= 1 or rect.height() <= 1:  # no room at all: said, never silent
        drawn.dropped.extend(drawn.asked)
        drawn.scale = 0.0
        return drawn
    width, height = rect.width(), rect.height()
    largest = max(run.size for run, _, _ in prepared)
    floor = min(1.0, min_size / largest)  # below this every run is at the minimum size
    laid, total = _stack(prepared, 1.0, width, min_size)
    scale = 1.0
    if not _fits(laid, total, height):
        lo, hi = floor, 1.0
        laid, total = _stack(prepared, lo, width, min_size)
        scale = lo
        if _fits(laid, total, height):
            for _ in range(7):
                mid = (lo + hi) / 2
                trial, trial_total = _stack(prepared, mid, width, min_size)
                if _fits(trial, trial_total, height):
                    lo, laid, total, scale = mid, trial, trial_total, mid
                else:
                    hi = mid
        elif total > height:
            remaining = height
            for item in laid:
                gap = item.run.gap_before * scale if item is not laid[0] else 0.0
                item.truncate(max(0.0, remaining - gap))
                remaining -= gap + item.height
            # a run with no line left is not drawn: the account says so
            drawn.dropped.extend(item.run.text for item in laid if not item.lines)
            laid = [item for item in laid if item.lines]
            total = _total(laid, scale)
    drawn.scale = scale
    y = aligned_start(rect.top(), height, total, valign, Qt.AlignmentFlag.AlignVCenter,
                      Qt.AlignmentFlag.AlignBottom)
    left_edge = rect.left()
    across = alignment(align, Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignRight)
    for i, item in enumerate(laid):
        if i:
            y += item.run.gap_before * scale
        used = item.draw(painter, rect, y, align)
        left = left_edge + (width - used) * across
        drawn.placed.append(Placed(item.text, QRectF(left, y, used, item.height), item.size,
                                   item.cut, tuple(item.lines), tuple(item.broken)))
        y += item.height
    return drawn
