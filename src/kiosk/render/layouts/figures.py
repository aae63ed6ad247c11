from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from kiosk.deck.model import Deck, Figure, FiguresSlide, Slide, pick
from kiosk.render.fonts import font
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import header
from kiosk.render.text import Placed

UNIT_RATIO = 0.36  # the unit beside the number, relative to the number's size


def draw_figures(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, FiguresSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    note_h = 110.0 if slide.note else 0.0
    area = QRectF(safe.left(), top, safe.width(), safe.bottom() - top - note_h)
    count = len(slide.figures)
    gap = 36.0
    stacked = frame.portrait
    big = frame.theme.title_size * (2.0 if count <= 3 else 1.6)
    cards = []
    for i in range(count):
        if stacked:
            h = (area.height() - gap * (count - 1)) / count
            cards.append(QRectF(area.left(), area.top() + i * (h + gap), area.width(), h))
        else:
            w = (area.width() - gap * (count - 1)) / count
            cards.append(QRectF(area.left() + i * (w + gap), area.top(), w, area.height()))
    # One number size for every card, so the figures compare at a glance.
    inner = [card.adjusted(36, 28, -36, -28) for card in cards]
    share = 0.46 if not stacked else 0.5
    size = min(_fit_number(frame, figure, rect.width(), rect.height() * share, big)
               for figure, rect in zip(slide.figures, inner, strict=True))
    for figure, card, rect in zip(slide.figures, cards, inner, strict=True):
        frame.fill_rounded(card, frame.color("surface"), 24)
        number = QRectF(rect.left(), rect.top(), rect.width(), rect.height() * share)
        bottom = _draw_number(frame, figure, number, size)
        label = QRectF(rect.left(), bottom + 18, rect.width(), rect.bottom() - bottom - 18)
        frame.text(label, frame.runs(figure.label, frame.theme.body_size * 0.8),
                   what="figure label")
    if slide.note:
        frame.text(QRectF(safe.left(), safe.bottom() - note_h + 20, safe.width(), note_h - 20),
                   frame.runs(slide.note, frame.theme.body_size * 0.7, "muted"), what="note")


def _parts(frame: Frame, figure: Figure) -> tuple[str, str]:
    lang = frame.langs[0]
    unit = figure.unit.get(lang) if figure.unit else ""
    return pick(figure.value, lang), unit


def _unit_size(frame: Frame, size: float) -> float:
    return max(size * UNIT_RATIO, float(frame.theme.min_size))


def _widths(frame: Frame, figure: Figure, size: float) -> tuple[float, float, QFontMetricsF]:
    value, unit = _parts(frame, figure)
    metrics = QFontMetricsF(font(size, QFont.Weight.Bold))
    unit_metrics = QFontMetricsF(font(_unit_size(frame, size), QFont.Weight.DemiBold))
    unit_w = unit_metrics.horizontalAdvance(" " + unit) if unit else 0.0
    return metrics.horizontalAdvance(value), unit_w, metrics


def _fit_number(frame: Frame, figure: Figure, width: float, height: float, big: float) -> float:
    size = big
    while size > frame.theme.min_size:
        value_w, unit_w, metrics = _widths(frame, figure, size)
        if value_w + unit_w <= width and metrics.height() <= height:
            return size
        size *= 0.94
    return frame.theme.min_size


def _draw_number(frame: Frame, figure: Figure, rect: QRectF, size: float) -> float:
    """The number and its unit on one baseline at the bottom of rect; returns the bottom y."""
    value, unit = _parts(frame, figure)
    metrics = QFontMetricsF(font(size, QFont.Weight.Bold))
    cut = metrics.horizontalAdvance(value) > rect.width()
    value = metrics.elidedText(value, Qt.TextElideMode.ElideRight, rect.width())
    value_w = metrics.horizontalAdvance(value)
    baseline = rect.bottom() - metrics.descent()
    p = frame.painter
    p.setFont(font(size, QFont.Weight.Bold))
    p.setPen(frame.color("accent"))
    p.drawText(QPointF(rect.left(), baseline), value)
    frame.placed.append(Placed(value, QRectF(rect.left(), baseline - metrics.ascent(), value_w,
                                             metrics.height()), size, cut))
    room = rect.width() - value_w
    unit_size = _unit_size(frame, size)
    unit_metrics = QFontMetricsF(font(unit_size, QFont.Weight.DemiBold))
    if unit and room > unit_metrics.averageCharWidth() * 3:
        shown = unit_metrics.elidedText(" " + unit, Qt.TextElideMode.ElideRight, room)
        p.setFont(font(unit_size, QFont.Weight.DemiBold))
        p.drawText(QPointF(rect.left() + value_w, baseline), shown)
        frame.placed.append(Placed(shown, QRectF(rect.left() + value_w,
                                                 baseline - unit_metrics.ascent(),
                                                 unit_metrics.horizontalAdvance(shown),
                                                 unit_metrics.height()), unit_size,
                                   shown != " " + unit))
    if cut:
        frame.note((), "truncated", "a figure's number does not fit its card and is cut")
    return baseline + metrics.descent()
