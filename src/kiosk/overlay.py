"""On-screen controls drawn over the slide: previous / next, the language button, the section bar,
the idle countdown, the progress bar and the operator's notice.

Controls appear on a touch and fade after CONTROLS_SECONDS without one. Every touch target is at
least MIN_TARGET_MM wide and tall at the screen's physical DPI, so a finger finds it on any panel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen

from kiosk.navigator.state import Navigator
from kiosk.render.fonts import font

CONTROLS_SECONDS = 6.0
FADE_SECONDS = 0.4
MIN_TARGET_MM = 9.0
DESIGN_TARGET = 96.0  # design px (short side 1080), generous on big screens
COUNTDOWN_TEXT = {"ko": "{n}초 후 처음 화면으로 돌아갑니다",
                  "en": "Returning to the start in {n} s"}


@dataclass(frozen=True)
class Target:
    name: str
    rect: QRectF
    action: Callable[[], None]


def _goto(nav: Navigator, index: int) -> Callable[[], None]:
    return lambda: nav.goto_section(index)


def min_target_px(dpi: float) -> float:
    return MIN_TARGET_MM / 25.4 * dpi


class Overlay:
    def __init__(self, navigator: Navigator, dpi: float) -> None:
        self.nav = navigator
        self.dpi = dpi
        self.visible_until = 0.0
        self.notice: str | None = None  # the operator's notice (e.g. a deck that failed to load)
        self.windowed = False

    # ----- visibility ------------------------------------------------------------------------
    def show(self, now: float) -> None:
        self.visible_until = now + CONTROLS_SECONDS

    def hide(self) -> None:
        self.visible_until = 0.0

    def opacity(self, now: float) -> float:
        left = self.visible_until - now
        if left <= 0:
            return 0.0
        return min(1.0, left / FADE_SECONDS)

    def fading(self, now: float) -> bool:
        return 0 < self.visible_until - now < FADE_SECONDS

    # ----- geometry --------------------------------------------------------------------------
    def _unit(self, width: float, height: float) -> float:
        return min(width, height) / 1080.0

    def target_size(self, width: float, height: float) -> float:
        return max(min_target_px(self.dpi), DESIGN_TARGET * self._unit(width, height))

    def targets(self, width: float, height: float) -> list[Target]:
        nav = self.nav
        size = self.target_size(width, height)
        u = self._unit(width, height)
        margin = 24 * u
        mid = height / 2
        found = [
            Target("prev", QRectF(margin, mid - size / 2, size, size), nav.prev),
            Target("next", QRectF(width - margin - size, mid - size / 2, size, size), nav.next),
            Target("language", QRectF(width - margin - size * 3.2, margin, size * 3.2, size),
                   nav.toggle_language),
        ]
        sections = nav.deck.deck.sections
        gap = 12 * u
        bar_w = min(width - 2 * margin, len(sections) * (size * 3.4 + gap))
        pill_w = (bar_w - gap * (len(sections) - 1)) / len(sections)
        left = (width - bar_w) / 2
        top = height - margin - size - 14 * u
        for i, section in enumerate(sections):
            rect = QRectF(left + i * (pill_w + gap), top, pill_w, size)
            found.append(Target(f"section:{section.id}", rect, _goto(nav, i)))
        return found

    def hit(self, x: float, y: float, width: float, height: float, now: float) -> Target | None:
        if self.opacity(now) <= 0:
            return None
        for target in self.targets(width, height):
            if target.rect.adjusted(-8, -8, 8, 8).contains(QPointF(x, y)):
                return target
        return None

    # ----- drawing ---------------------------------------------------------------------------
    def paint(self, painter: QPainter, width: float, height: float, now: float,
              progress_bar: bool) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        u = self._unit(width, height)
        if progress_bar and self.nav.playing:
            self._paint_progress(painter, width, height, u)
        opacity = self.opacity(now)
        if opacity > 0:
            painter.setOpacity(opacity)
            self._paint_controls(painter, width, height, u)
            painter.setOpacity(1.0)
        if self.nav.countdown is not None:
            self._paint_countdown(painter, width, height, u)
        if self.notice and (self.windowed or opacity > 0):
            self._paint_notice(painter, width, u)
        painter.restore()

    def progress_rect(self, width: float, height: float) -> QRectF:
        thickness = max(4.0, 8 * self._unit(width, height))
        return QRectF(0, height - thickness, width, thickness)

    def _paint_progress(self, p: QPainter, width: float, height: float, u: float) -> None:
        rect = self.progress_rect(width, height)
        count = self.nav.count
        gap = 4 * u
        seg = (width - gap * (count - 1)) / count
        accent = QColor(self.nav.deck.deck.theme.accent)
        dim = QColor(255, 255, 255, 70)
        for i in range(count):
            cell = QRectF(i * (seg + gap), rect.top(), seg, rect.height())
            if i < self.nav.index:
                p.fillRect(cell, accent)
            elif i == self.nav.index:
                p.fillRect(cell, dim)
                done = QRectF(cell.left(), cell.top(), seg * self.nav.progress(), cell.height())
                p.fillRect(done, accent)
            else:
                p.fillRect(cell, dim)

    def _label(self, text_ko: str, text_en: str) -> str:
        shown = self.nav.shown
        if shown == "ko":
            return text_ko
        if shown == "en":
            return text_en
        return f"{text_ko} · {text_en}"

    def _pill(self, p: QPainter, rect: QRectF, text: str, active: bool, u: float) -> None:
        theme = self.nav.deck.deck.theme
        path = QPainterPath()
        path.addRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        p.fillPath(path, QColor(theme.highlight) if active else QColor(0, 0, 0, 150))
        p.setPen(QPen(QColor(255, 255, 255, 200), max(1.0, 2 * u)))
        p.drawPath(path)
        p.setPen(QColor(theme.on_highlight) if active else QColor("#FFFFFF"))
        size = rect.height() * 0.34
        f = font(size, QFont.Weight.DemiBold)
        p.setFont(f)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextSingleLine
        metrics_width = p.fontMetrics().horizontalAdvance(text)
        while metrics_width > rect.width() * 0.9 and size > 10:
            size *= 0.9
            p.setFont(font(size, QFont.Weight.DemiBold))
            metrics_width = p.fontMetrics().horizontalAdvance(text)
        p.drawText(rect, int(flags), text)

    def _paint_controls(self, p: QPainter, width: float, height: float, u: float) -> None:
        nav = self.nav
        for target in self.targets(width, height):
            if target.name in ("prev", "next"):
                self._arrow(p, target.rect, -1 if target.name == "prev" else 1, u)
            elif target.name == "language":
                shown = nav.shown
                label = {"both": "한국어 · English", "ko": "한국어", "en": "English"}[shown]
                self._pill(p, target.rect, label, False, u)
            else:
                section_id = target.name.split(":", 1)[1]
                section = next(s for s in nav.deck.deck.sections if s.id == section_id)
                text = self._label(section.title.ko, section.title.en)
                self._pill(p, target.rect, text, section_id == nav.section, u)

    def _arrow(self, p: QPainter, rect: QRectF, direction: int, u: float) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(0, 0, 0, 150))
        p.drawEllipse(rect)
        pen = QPen(QColor("#FFFFFF"), max(3.0, 8 * u), Qt.PenStyle.SolidLine,
                   Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        c = rect.center()
        s = rect.width() * 0.16
        tip = QPointF(c.x() + direction * s, c.y())
        p.drawPolyline([QPointF(c.x() - direction * s * 0.6, c.y() - s * 1.4), tip,
                        QPointF(c.x() - direction * s * 0.6, c.y() + s * 1.4)])
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_countdown(self, p: QPainter, width: float, height: float, u: float) -> None:
        n = self.nav.countdown or 0
        text = self._label(COUNTDOWN_TEXT["ko"].format(n=n), COUNTDOWN_TEXT["en"].format(n=n))
        w = min(width * 0.9, 1100 * u)
        h = 84 * u
        rect = QRectF((width - w) / 2, height * 0.72, w, h)
        self._pill(p, rect, text, True, u)

    def _paint_notice(self, p: QPainter, width: float, u: float) -> None:
        text = self.notice or ""
        p.setFont(font(max(12.0, 22 * u)))
        lines = text.splitlines()[:4]
        h = (len(lines) + 0.8) * p.fontMetrics().height()
        rect = QRectF(16 * u, 16 * u, min(width - 32 * u, 1400 * u), h)
        p.fillRect(rect, QColor(120, 0, 0, 220))
        p.setPen(QColor("#FFFFFF"))
        p.drawText(rect.adjusted(12 * u, 8 * u, -12 * u, -8 * u),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), "\n".join(lines))
