"""Text that fits its box: wraps (Korean too, and words longer than a line), shrinks down to the
theme's minimum size, and below that is cut with an ellipsis rather than spilling out."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextLayout, QTextOption

from kiosk.render.fonts import font

ELLIPSIS = "…"


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


class _Laid:
    def __init__(self, run: Run, scale: float, width: float, align: Qt.AlignmentFlag,
                 min_size: float) -> None:
        self.run = run
        self.size = max(run.size * scale, min(min_size, run.size * 2))
        self.font = font(self.size, run.weight)
        self.text = run.text
        self.width = width
        self.align = align
        self.cut = False
        self.layout = self._lay(self.text)

    def _lay(self, text: str) -> QTextLayout:
        layout = QTextLayout(text, self.font)
        option = QTextOption(self.align)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(self.width)
            line.setPosition(QPointF(0, y))
            y += line.height()
        layout.endLayout()
        return layout

    @property
    def height(self) -> float:
        count = self.layout.lineCount()
        if not count:
            return 0.0
        last = self.layout.lineAt(count - 1)
        return last.y() + last.height()

    def used_width(self) -> float:
        return max((self.layout.lineAt(i).naturalTextWidth()
                    for i in range(self.layout.lineCount())), default=0.0)

    def truncate(self, max_height: float) -> None:
        """Keep the lines that fit in max_height; end the last kept one with an ellipsis."""
        keep = 0
        for i in range(self.layout.lineCount()):
            line = self.layout.lineAt(i)
            if line.y() + line.height() > max_height + 0.5:
                break
            keep = i + 1
        if keep >= self.layout.lineCount():
            return
        self.cut = True
        if keep == 0:
            self.text = ""
            self.layout = self._lay("")
            return
        last = self.layout.lineAt(keep - 1)
        head = self.text[: last.textStart()]
        tail = self.text[last.textStart():]
        metrics = QFontMetricsF(self.font)
        elided = metrics.elidedText(tail, Qt.TextElideMode.ElideRight, self.width)
        if not elided.endswith(ELLIPSIS):
            elided = elided.rstrip() + ELLIPSIS
        while elided and metrics.horizontalAdvance(elided) > self.width:
            elided = elided[:-2] + ELLIPSIS
        self.text = head + elided
        self.layout = self._lay(self.text)
        if self.layout.lineCount() > keep:  # re-wrapping moved a break: drop what spilled
            self.text = self.text[: self.layout.lineAt(keep).textStart()].rstrip()
            self.text = self.text[:-1] + ELLIPSIS if self.text else ""
            self.layout = self._lay(self.text)


def _stack(runs: list[Run], scale: float, width: float, align: Qt.AlignmentFlag,
           min_size: float) -> tuple[list[_Laid], float]:
    laid = [_Laid(run, scale, width, align, min_size) for run in runs if run.text]
    return laid, _total(laid, scale)


def _total(laid: list[_Laid], scale: float) -> float:
    """Height of the stacked runs with the gaps between them."""
    return sum(item.height for item in laid) + \
        sum(item.run.gap_before * scale for item in laid[1:])


def _start(low: float, span: float, used: float, align: Qt.AlignmentFlag,
           centre: Qt.AlignmentFlag, end: Qt.AlignmentFlag) -> float:
    """Where `used` begins inside [low, low + span] for the given alignment (either axis)."""
    if align & centre:
        return low + (span - used) / 2
    if align & end:
        return low + span - used
    return low


def draw_runs(painter: QPainter, rect: QRectF, runs: list[Run], *, min_size: float,
              align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
              valign: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignTop) -> list[Placed]:
    """Draw runs stacked in rect at the largest common scale (≤ 1) that fits."""
    runs = [r for r in runs if r.text]
    if not runs or rect.width() <= 1 or rect.height() <= 1:
        return []
    largest = max(r.size for r in runs)
    floor = min(1.0, min_size / largest)  # below this every run is at the minimum size
    laid, total = _stack(runs, 1.0, rect.width(), align, min_size)
    scale = 1.0
    if total > rect.height():
        lo, hi = floor, 1.0
        laid, total = _stack(runs, lo, rect.width(), align, min_size)
        scale = lo
        if total <= rect.height():
            for _ in range(7):
                mid = (lo + hi) / 2
                trial, trial_total = _stack(runs, mid, rect.width(), align, min_size)
                if trial_total <= rect.height():
                    lo, laid, total, scale = mid, trial, trial_total, mid
                else:
                    hi = mid
        else:
            remaining = rect.height()
            for item in laid:
                gap = item.run.gap_before * scale if item is not laid[0] else 0.0
                item.truncate(max(0.0, remaining - gap))
                remaining -= gap + item.height
            laid = [item for item in laid if item.text]
            total = _total(laid, scale)
    y = _start(rect.top(), rect.height(), total, valign, Qt.AlignmentFlag.AlignVCenter,
               Qt.AlignmentFlag.AlignBottom)
    placed: list[Placed] = []
    for i, item in enumerate(laid):
        if i:
            y += item.run.gap_before * scale
        painter.setPen(item.run.color)
        item.layout.draw(painter, QPointF(rect.left(), y))
        used = item.used_width()
        left = _start(rect.left(), rect.width(), used, align, Qt.AlignmentFlag.AlignHCenter,
                      Qt.AlignmentFlag.AlignRight)
        placed.append(Placed(item.text, QRectF(left, y, used, item.height), item.size,
                             item.cut))
        y += item.height
    return placed
