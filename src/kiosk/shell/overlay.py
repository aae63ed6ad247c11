"""What is drawn over the slide: the on-screen controls (their places and actions come from
controllers/controls.py), the idle countdown, the progress bar and the operator's notice.
Drawing only: nothing here reacts to input.

The controls are drawn once per look (size, language, section, DPI, deck) into small transparent
pictures, one per control, and blended at the fade's opacity: a frame of their fade is a few
small blits, not every label's text laid out and drawn again.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QRegion,
)

from kiosk.controllers.controls import OnScreenControls
from kiosk.navigator.state import Navigator
from kiosk.render.fonts import font

COUNTDOWN_TEXT = {"ko": "{n}초 후 처음 화면으로 돌아갑니다",
                  "en": "Returning to the start in {n} s"}


class Overlay:
    def __init__(self, navigator: Navigator, controls: OnScreenControls) -> None:
        self.nav = navigator
        self.controls = controls
        self.notice: str | None = None  # the operator's notice (e.g. a deck that failed to load)
        self.windowed = False
        self._sprites_key: tuple[object, ...] | None = None
        self._sprites: list[tuple[QPointF, QImage]] = []

    # ----- drawing ---------------------------------------------------------------------------
    def paint(self, painter: QPainter, width: float, height: float, now: float,
              progress_bar: bool) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        u = self.controls.unit(width, height)
        if self.nav.access.on:  # the accessibility mode draws its own, in high contrast
            from kiosk.shell.access import paint_mode

            paint_mode(painter, self.nav, self.controls, width, height)
            painter.restore()
            return
        if progress_bar and self.nav.playing \
                and self._meets_clip(painter, self.progress_rect(width, height), 0):
            self._paint_progress(painter, width, height, u)
        opacity = self.controls.opacity(now)
        if opacity > 0:
            painter.setOpacity(opacity)
            ratio = painter.device().devicePixelRatio() if painter.device() else 1.0
            for place, sprite in self._control_sprites(width, height, ratio, u):
                painter.drawImage(place, sprite)
            painter.setOpacity(1.0)
        if self._meets_clip(painter, self.controls.access_button(width, height).rect,
                            _outline_pad(u)):
            self._paint_access_button(painter, width, height, u)
        if self.nav.countdown is not None:
            self._paint_countdown(painter, width, height, u)
        if self.notice and (self.windowed or opacity > 0):
            self._paint_notice(painter, width, u)
        painter.restore()

    @staticmethod
    def _meets_clip(painter: QPainter, rect: QRectF, pad: int) -> bool:
        """Whether a shape in `rect` (its outline `pad` wider) reaches the painter's clip: a
        frame of a fade or the progress bar's step repaints a part of the screen only, and
        what lies outside it is not drawn at all (a few antialiased shapes a frame)."""
        return not painter.hasClipping() or painter.clipRegion().intersects(
            rect.toAlignedRect().adjusted(-pad, -pad, pad, pad))

    def _control_rects(self, width: float, height: float, u: float) -> list[QRect]:
        """Each control's box with room for its outline, in whole pixels."""
        m = max(2.0, 2 * u) + 2
        return [target.rect.adjusted(-m, -m, m, m).toAlignedRect()
                for target in self.controls.targets(width, height)]

    def controls_region(self, width: float, height: float) -> QRegion:
        """Where the fading controls (and the notice that shows with them) are drawn."""
        u = self.controls.unit(width, height)
        region = QRegion()
        for rect in self._control_rects(width, height, u):
            region = region.united(rect)
        if self.notice:
            region = region.united(self._notice_rect(width, u).toAlignedRect().adjusted(
                -1, -1, 1, 1))
        return region

    def drawn_over(self, width: float, height: float) -> QRegion:
        """Everywhere a frame of this overlay may draw over the slides (the whole screen in the
        accessibility mode): a fade steps on from its last frame only elsewhere."""
        whole = QRegion(0, 0, math.ceil(width), math.ceil(height))
        if self.nav.access.on:
            return whole
        u = self.controls.unit(width, height)
        pad = _outline_pad(u)
        region = self.controls_region(width, height).united(
            self.progress_rect(width, height).toAlignedRect())
        region = region.united(self.controls.access_button(width, height).rect.toAlignedRect()
                               .adjusted(-pad, -pad, pad, pad))
        region = region.united(self.countdown_rect(width, height))
        if self.notice:
            region = region.united(self._notice_rect(width, u).toAlignedRect().adjusted(
                -pad, -pad, pad, pad))
        return region.intersected(whole)

    def countdown_rect(self, width: float, height: float) -> QRect:
        """Where the idle countdown is drawn, its outline included."""
        u = self.controls.unit(width, height)
        pad = _outline_pad(u)
        return self._countdown_rect(width, height, u).toAlignedRect().adjusted(-pad, -pad, pad,
                                                                               pad)

    def _control_sprites(self, width: float, height: float, ratio: float,
                         u: float) -> list[tuple[QPointF, QImage]]:
        nav = self.nav
        key = (width, height, ratio, nav.shown, nav.section, self.controls.dpi, id(nav.deck),
               nav.access.on)
        if key != self._sprites_key:
            self._sprites_key = key
            self._sprites = []
            targets = self.controls.targets(width, height)
            for target, rect in zip(targets, self._control_rects(width, height, u),
                                    strict=True):
                sprite = QImage(round(rect.width() * ratio), round(rect.height() * ratio),
                                QImage.Format.Format_ARGB32_Premultiplied)
                sprite.setDevicePixelRatio(ratio)
                sprite.fill(Qt.GlobalColor.transparent)
                p = QPainter(sprite)
                try:
                    p.setRenderHint(QPainter.RenderHint.Antialiasing)
                    p.translate(-rect.x(), -rect.y())
                    self._paint_control(p, target.name, target.rect, u)
                finally:
                    p.end()
                self._sprites.append((QPointF(rect.topLeft()), sprite))
        return self._sprites

    def progress_rect(self, width: float, height: float) -> QRectF:
        thickness = max(4.0, 8 * self.controls.unit(width, height))
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

    def _paint_control(self, p: QPainter, name: str, rect: QRectF, u: float) -> None:
        nav = self.nav
        if name in ("prev", "next"):
            self._arrow(p, rect, -1 if name == "prev" else 1, u)
        elif name == "language":
            shown = nav.shown
            label = {"both": "한국어 · English", "ko": "한국어", "en": "English"}[shown]
            self._pill(p, rect, label, False, u)
        else:
            section_id = name.split(":", 1)[1]
            section = next(s for s in nav.deck.deck.sections if s.id == section_id)
            text = self._label(section.title.ko, section.title.en)
            self._pill(p, rect, text, section_id == nav.section, u)

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

    def _paint_access_button(self, p: QPainter, width: float, height: float, u: float) -> None:
        """The way into the accessibility mode, always on screen: the universal access figure
        on the deck's highlight colour, as a quarter disc in the corner (or a disc higher up)."""
        rect = self.controls.access_button(width, height).rect
        theme = self.nav.deck.deck.theme
        p.setPen(QPen(QColor("#FFFFFF"), max(2.0, 4 * u)))
        p.setBrush(QColor(theme.highlight))
        corner = rect.left() == 0 and rect.bottom() >= height - 0.5
        if corner:
            side = rect.width()
            p.drawEllipse(QPointF(0, height), side, side)
            c, r = QPointF(side * 0.4, height - side * 0.4), side * 0.3
        else:
            p.drawEllipse(rect)
            c, r = rect.center(), rect.width() / 2
        ink = QColor(theme.on_highlight)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(ink)
        p.drawEllipse(QPointF(c.x(), c.y() - r * 0.42), r * 0.13, r * 0.13)  # head
        p.setPen(QPen(ink, max(2.0, r * 0.13), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                      Qt.PenJoinStyle.RoundJoin))
        p.drawLine(QPointF(c.x() - r * 0.45, c.y() - r * 0.18),
                   QPointF(c.x() + r * 0.45, c.y() - r * 0.18))  # arms
        p.drawLine(QPointF(c.x(), c.y() - r * 0.18), QPointF(c.x(), c.y() + r * 0.12))  # body
        p.drawPolyline([QPointF(c.x() - r * 0.25, c.y() + r * 0.52),
                        QPointF(c.x(), c.y() + r * 0.12),
                        QPointF(c.x() + r * 0.25, c.y() + r * 0.52)])  # legs
        p.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_countdown(self, p: QPainter, width: float, height: float, u: float) -> None:
        n = self.nav.countdown or 0
        text = self._label(COUNTDOWN_TEXT["ko"].format(n=n), COUNTDOWN_TEXT["en"].format(n=n))
        self._pill(p, self._countdown_rect(width, height, u), text, True, u)

    def _countdown_rect(self, width: float, height: float, u: float) -> QRectF:
        w = min(width * 0.9, 1100 * u)
        return QRectF((width - w) / 2, height * 0.72, w, 84 * u)

    def _notice_rect(self, width: float, u: float) -> QRectF:
        lines = (self.notice or "").splitlines()[:4]
        h = (len(lines) + 0.8) * QFontMetricsF(font(max(12.0, 22 * u))).height()
        return QRectF(16 * u, 16 * u, min(width - 32 * u, 1400 * u), h)

    def _paint_notice(self, p: QPainter, width: float, u: float) -> None:
        text = self.notice or ""
        p.setFont(font(max(12.0, 22 * u)))
        lines = text.splitlines()[:4]
        rect = self._notice_rect(width, u)
        p.fillRect(rect, QColor(120, 0, 0, 220))
        p.setPen(QColor("#FFFFFF"))
        p.drawText(rect.adjusted(12 * u, 8 * u, -12 * u, -8 * u),
                   int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), "\n".join(lines))


def _outline_pad(u: float) -> int:
    """How far the outlines' pens (max(2, 4u) wide) reach past the boxes they are drawn on."""
    return math.ceil(max(2.0, 4 * u)) + 2
