from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont

from kiosk.deck.model import Deck, FiguresSlide, Slide, pick
from kiosk.render.frame import Frame
from kiosk.render.slide import header
from kiosk.render.text import Run


def draw_figures(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, FiguresSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    note_h = 110.0 if slide.note else 0.0
    area = QRectF(safe.left(), top, safe.width(), safe.bottom() - top - note_h)
    count = len(slide.figures)
    gap = 36.0
    stacked = frame.portrait
    lang = frame.langs[0]
    for i, figure in enumerate(slide.figures):
        if stacked:
            h = (area.height() - gap * (count - 1)) / count
            card = QRectF(area.left(), area.top() + i * (h + gap), area.width(), h)
        else:
            w = (area.width() - gap * (count - 1)) / count
            card = QRectF(area.left() + i * (w + gap), area.top(), w, area.height())
        frame.fill_rounded(card, frame.color("surface"), 24)
        inner = card.adjusted(36, 28, -36, -28)
        value = pick(figure.value, lang)
        unit = figure.unit.get(lang) if figure.unit else ""
        big = frame.theme.title_size * (2.0 if count <= 3 else 1.6)
        number_h = inner.height() * (0.5 if not stacked else 0.55)
        number = QRectF(inner.left(), inner.top(), inner.width(), number_h)
        runs = [Run(value, big, frame.color("accent"), QFont.Weight.Bold)]
        frame.text(number, runs, valign=Qt.AlignmentFlag.AlignBottom, what="figure value")
        label_rect = QRectF(inner.left(), number.bottom() + 12, inner.width(),
                            inner.bottom() - number.bottom() - 12)
        label = frame.runs(figure.unit, frame.theme.body_size * 0.85, "accent",
                           QFont.Weight.DemiBold, secondary="accent") if unit and \
            frame.shown != "both" else []
        if unit and frame.shown == "both":
            label = [Run(unit, frame.theme.body_size * 0.85, frame.color("accent"),
                         QFont.Weight.DemiBold)]
        label += frame.runs(figure.label, frame.theme.body_size * 0.8, gap=10 if label else 0)
        frame.text(label_rect, label, what="figure label")
    if slide.note:
        frame.text(QRectF(safe.left(), safe.bottom() - note_h + 20, safe.width(), note_h - 20),
                   frame.runs(slide.note, frame.theme.body_size * 0.7, "muted"), what="note")
