"""Big numbers with their units on cards: in one row, a grid or one column, whichever gives the
numbers the largest common size with every unit beside its number and every label whole."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from kiosk.deck.fields import pick
from kiosk.deck.model import Deck, Figure, FiguresSlide, Slide
from kiosk.render.fonts import font
from kiosk.render.frame import Drew, Frame
from kiosk.render.layouts._common import (
    Part,
    draw_parts,
    header,
    one_line_width,
    parts_fit,
    parts_height,
)
from kiosk.render.text import Placed
from kiosk.render.text_lines import Run

UNIT_RATIO = 0.36  # the unit beside the number, relative to the number's size
GAP = 36.0
PAD_X, PAD_Y = 36.0, 28.0
NUMBER_SHARE = 0.5  # of a card's inner height, at most, for the number
LABEL_GAP = 18.0
NOTE_GAP = 20.0  # between the cards and the note under them
NOTE_SHARE = 0.4  # of the room under the title, at most, for the note


@dataclass(frozen=True)
class Cards:
    cards: list[QRectF]
    size: float  # the numbers' common size
    label_scale: float

    def quality(self, big: float) -> float:
        return min(self.size / big, self.label_scale)


def _grid(area: QRectF, count: int, columns: int) -> list[QRectF]:
    """Cards in rows of `columns`; a last row with fewer stands in the middle (three figures
    in two columns left an empty quarter at the lower right)."""
    rows = math.ceil(count / columns)
    w = (area.width() - GAP * (columns - 1)) / columns
    h = (area.height() - GAP * (rows - 1)) / rows
    short = columns - (count - (rows - 1) * columns)  # cards missing from the last row
    return [QRectF(area.left() + (i % columns) * (w + GAP)
                   + (short * (w + GAP) / 2 if i // columns == rows - 1 else 0.0),
                   area.top() + (i // columns) * (h + GAP), w, h) for i in range(count)]


def _label(frame: Frame, figure: Figure, i: int) -> list[Part]:
    return [Part(frame.runs(figure.label, frame.theme.body_size * 0.8), ("figures", i, "label"),
                 "figure label")]


def _cards(frame: Frame, area: QRectF, slide: FiguresSlide, columns: int, big: float) -> Cards:
    cards = _grid(area, len(slide.figures), columns)
    inner = [card.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y) for card in cards]
    size = min(_fit_number(frame, figure, rect.width(), rect.height() * NUMBER_SHARE, big)
               for figure, rect in zip(slide.figures, inner))
    number_h = QFontMetricsF(font(size, QFont.Weight.Bold)).height()
    label_scale = 1.0
    for i, (figure, rect) in enumerate(zip(slide.figures, inner)):
        fit = parts_fit(_label(frame, figure, i), rect.width(),
                        rect.height() - number_h - LABEL_GAP, frame.theme.min_size)
        label_scale = min(label_scale, fit if fit is not None else 0.0)
    return Cards(cards, size, label_scale)


def draw_figures(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, FiguresSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    note = [Part(frame.runs(slide.note, frame.theme.body_size * 0.7, "muted"), ("note",),
                 "note")] if slide.note else []
    # The note gets the height its words need at their own size (at most a share of the room),
    # measured before the cards are sized: a fixed box dropped a long note's English.
    note_h = min(parts_height(note, safe.width(), 1.0, frame.theme.min_size) + NOTE_GAP,
                 (safe.bottom() - top) * NOTE_SHARE) if note else 0.0
    area = QRectF(safe.left(), top, safe.width(), safe.bottom() - top - note_h)
    count = len(slide.figures)
    big = frame.theme.title_size * (2.0 if count <= 3 else 1.6)
    columns = [1, math.ceil(count / 2), count] if frame.portrait else \
        [count, math.ceil(count / 2), 1]
    layouts = [_cards(frame, area, slide, c, big) for c in dict.fromkeys(columns)]
    best = max(layouts, key=lambda cards: round(cards.quality(big), 2))  # first of equals
    number_h = QFontMetricsF(font(best.size, QFont.Weight.Bold)).height()
    inner = [card.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y) for card in best.cards]
    labels = [_label(frame, figure, i) for i, figure in enumerate(slide.figures)]
    min_size = frame.theme.min_size
    room = [rect.height() - number_h - LABEL_GAP for rect in inner]
    scales = [parts_fit(parts, rect.width(), h, min_size) for parts, rect, h in
              zip(labels, inner, room)]
    # Number and label sit in the middle of the card, every number on one line across cards.
    block = max(number_h + LABEL_GAP + min(h, parts_height(parts, rect.width(), scale or 0.0,
                                                         min_size))
                for parts, rect, h, scale in zip(labels, inner, room, scales))
    for i, (figure, card, rect) in enumerate(zip(slide.figures, best.cards, inner)):
        frame.fill_rounded(card, frame.color("surface"), 24)
        top = rect.top() + max(0.0, rect.height() - block) / 2
        bottom = _draw_number(frame, figure, i, QRectF(rect.left(), top, rect.width(),
                                                       number_h), best.size)
        label = QRectF(rect.left(), bottom + LABEL_GAP, rect.width(),
                       rect.bottom() - bottom - LABEL_GAP)
        draw_parts(frame, label, labels[i])
    if note:
        draw_parts(frame, QRectF(safe.left(), safe.bottom() - note_h + NOTE_GAP, safe.width(),
                                 note_h - NOTE_GAP), note)


def _parts(frame: Frame, figure: Figure) -> tuple[str, list[str]]:
    """The number as the first language writes it, and beside it what each shown language
    adds: with both, '40' and ['명', 'people'] (the number reads alike, the counter does not).
    A number each language writes its own way ('약 487억' and '₩48.7 bn') is read whole in
    both: the other language's reading, with its own unit, stands where its unit would."""
    value = pick(figure.value, frame.langs[0])
    units: list[str] = []
    seen: set[str] = set()
    for n, shown in enumerate(frame.langs):
        unit = figure.unit.get(shown) if figure.unit is not None else ""
        own = pick(figure.value, shown)
        if n and not _same(own, value):
            units.append(f"{own} {unit}" if unit else own)
            continue
        # a unit once when both languages write it alike ('km'; '㎡' and 'm²' are one unit)
        if unit and _key(unit) not in seen:
            seen.add(_key(unit))
            units.append(unit)
    return value, units


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _same(a: str, b: str) -> bool:
    return _key(a) == _key(b)


def _unit_size(frame: Frame, size: float) -> float:
    return max(size * UNIT_RATIO, float(frame.theme.min_size))


def _width(frame: Frame, figure: Figure, size: float) -> float:
    value, units = _parts(frame, figure)
    unit_w = max((one_line_width(" " + unit, _unit_size(frame, size), QFont.Weight.DemiBold)
                  for unit in units), default=0.0)
    return one_line_width(value, size, QFont.Weight.Bold) + unit_w


def _fit_number(frame: Frame, figure: Figure, width: float, height: float, big: float) -> float:
    """The largest size ≤ big at which the number and its unit fit one line of the box."""
    size = big
    while size > frame.theme.min_size:
        if _width(frame, figure, size) <= width and \
                QFontMetricsF(font(size, QFont.Weight.Bold)).height() <= height:
            return size
        size *= 0.96
    return float(frame.theme.min_size)


def _draw_number(frame: Frame, figure: Figure, i: int, rect: QRectF, size: float) -> float:
    """The number and its unit on one baseline at the bottom of rect (with both languages the
    English unit on the baseline and the Korean one above it); returns the bottom y."""
    value, units = _parts(frame, figure)
    metrics = QFontMetricsF(font(size, QFont.Weight.Bold))
    value_w = one_line_width(value, size, QFont.Weight.Bold)
    if _width(frame, figure, size) > rect.width() + 0.5:
        # Wider than its card even at the minimum size: the text engine fits what it can and
        # says what it cut; nothing is drawn past the card.
        said = " ".join([value, *units])
        frame.note(("figures", i, "value"), "overflow",
                   f"the number '{said}' is wider than its card even at "
                   f"{frame.theme.min_size}px")
        return frame.text(rect, [Run(said, size, frame.color("accent"), QFont.Weight.Bold)],
                          what="figure", field=("figures", i, "value")).bottom()
    baseline = rect.bottom() - metrics.descent()
    p = frame.painter
    p.setFont(font(size, QFont.Weight.Bold))
    p.setPen(frame.color("accent"))
    p.drawText(QPointF(rect.left(), baseline), value)
    box = QRectF(rect.left(), baseline - metrics.ascent(), value_w, metrics.height())
    frame.placed.append(Placed(value, box, size, False))
    frame.record(Drew(("figures", i, "value"), "figure", "whole", box, value, size=size))
    if units:  # always drawn: a number without its unit says something else
        _draw_units(frame, i, units, rect.left() + value_w, baseline, _unit_size(frame, size))
    return baseline + metrics.descent()


def _draw_units(frame: Frame, i: int, units: list[str], left: float, baseline: float,
                size: float) -> None:
    """The unit beside the number: the last shown language's on the number's baseline, the
    first's a line above it (Korean over English, as everywhere in `both`)."""
    p = frame.painter
    metrics = QFontMetricsF(font(size, QFont.Weight.DemiBold))
    p.setFont(font(size, QFont.Weight.DemiBold))
    boxes = []
    for n, unit in enumerate(units):
        line = baseline - (len(units) - 1 - n) * metrics.lineSpacing()
        shown = " " + unit
        p.setPen(frame.color("accent" if n == 0 else "muted"))
        p.drawText(QPointF(left, line), shown)
        box = QRectF(left, line - metrics.ascent(),
                     one_line_width(shown, size, QFont.Weight.DemiBold), metrics.height())
        frame.placed.append(Placed(shown, box, size, False))
        boxes.append(box)
    where = boxes[0].united(boxes[-1])
    frame.record(Drew(("figures", i, "unit"), "figure unit", "whole", where, "\n".join(units),
                      size=size))
