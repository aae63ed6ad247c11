"""The accessibility mode's enlarged view: a slide's blocks in reading order (deck/reading.py) at
twice their size, in the high-contrast palette, flowing onto as many pages as they need.

Nothing is shrunk to fit and nothing is cut: a paragraph that reaches the bottom of a page
continues on the next one, line by line; a picture or a QR code that does not fit the rest of a
page starts a new one. Figures and the phone number are display text, already large: they grow
to twice their size or to the page's width on one line, whichever is less, and never below twice
the body size. The page's bottom is kept free for the mode's controls (`reserve`, device px).

"Twice" is twice what the ordinary view draws at the same screen, not twice the deck's nominal
size: a layout grows text into room it has (a portrait screen's bullets), so the sizes come from
the ordinary view's account of that slide at that shape.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPicture, QTextLayout, QTextOption

from kiosk.deck.fields import Lang, Shown, Text
from kiosk.deck.model import Deck
from kiosk.deck.reading import Block, reading_order
from kiosk.render.breaks import find_breaks
from kiosk.render.contrast import INK, MARK
from kiosk.render.fonts import ensure_fonts, font
from kiosk.render.frame import MARGIN, SECONDARY, FieldPath, canvas_size
from kiosk.render.own_layout import draw_layout
from kiosk.render.text_lines import LaidRun, Run

ENLARGE = 2.0
KICKER = 30.0  # the normal view's section label (render/layouts/_common.py)
FLOOR = 34.0  # the normal view's largest floor label (render/layouts/building.py)
PICTURE_SHARE = 0.6  # of the page's height, at most, for a picture or a QR code
QR_SIDE = 420.0
BULLET_INDENT = 0.9  # of the text size: room for an item's square marker


@dataclass(frozen=True)
class Style:
    size: float  # design px before enlarging
    color: str
    weight: QFont.Weight
    display: bool = False  # one line if it can: grows to ENLARGE x or the page's width


def _style(block: Block, deck: Deck, layout: str) -> Style:
    t, b = deck.deck.theme.title_size, deck.deck.theme.body_size
    bold, normal = QFont.Weight.Bold, QFont.Weight.Normal
    return {
        "kicker": Style(KICKER, MARK, QFont.Weight.DemiBold),
        "title": Style(t * (1.25 if layout == "cover" else 1.0), INK, bold),
        "subtitle": Style(b * 1.2, MARK, QFont.Weight.DemiBold),
        "body": Style(b * (1.25 if layout == "statement" else 1.0), INK, normal),
        "item": Style(b, INK, normal),
        "current": Style(b, MARK, bold),
        "mark": Style(b * 0.8, MARK, QFont.Weight.DemiBold),
        "label": Style(b * 0.8, INK, normal),
        "note": Style(b * 0.8, INK, normal),
        "floors": Style(FLOOR, INK, QFont.Weight.DemiBold),
        "figure": Style(max(t, b * 2.0), MARK, bold, display=True),
        "phone": Style(t * 1.5, MARK, bold, display=True),
    }.get(block.role, Style(b, INK, normal))


@dataclass
class _Line:
    page: int
    y: float  # top of the line on its page, design px


@dataclass
class _Para:
    role: str
    text: str
    size: float
    color: str
    weight: QFont.Weight
    layout: QTextLayout
    left: float
    width: float
    bullet: bool
    lines: list[_Line] = field(default_factory=list)
    source: tuple[str | int, ...] = ()  # the slide data it shows (deck/reading.py's Block.field)


@dataclass
class _Figure:
    kind: str  # "picture" or "qr"
    source: str
    page: int
    rect: QRectF



@dataclass
class Pagination:
    width: float
    height: float
    content: QRectF
    paras: list[_Para]
    figures: list[_Figure]
    pages: int


def _texts(text: Text | None, shown: Shown) -> list[tuple[str, float]]:
    """(text, relative size): Korean first and English smaller beneath, as the normal view."""
    if text is None:
        return []
    if shown != "both" or text.ko == text.en:
        lang: Lang = "en" if shown == "en" else "ko"
        return [(text.get(lang), 1.0)]
    return [(text.ko, 1.0), (text.en, SECONDARY)]


def _line_starts(text: str, size: float, weight: QFont.Weight, width: float) -> list[int]:
    """Where each line begins, broken as the ordinary view breaks (render/text_lines.py): only
    where a reader expects a line to end, never inside a name with Hanja, a number and its unit
    or an address, unless the word alone is wider than the line."""
    laid = LaidRun(Run(text, size, QColor(0, 0, 0), weight), text, find_breaks(text), 1.0,
                   width, 0.0)
    starts, pos = [], 0
    for line in laid.lines:
        at = text.find(line, pos)
        if at < 0:  # not a slice of the text (cannot happen untruncated): let Qt wrap
            return []
        starts.append(at)
        pos = at + len(line)
    return starts


LINE_END = "\u2028"  # Unicode's line separator: where the ordinary view's breaker ends a line


def broken(text: str, size: float, weight: QFont.Weight, width: float) -> str:
    """The text with a line separator wherever the ordinary view's breaker ends a line."""
    starts = _line_starts(text, size, weight, width)
    if not starts:
        return text
    return LINE_END.join(text[a:b] for a, b in zip(starts, [*starts[1:], len(text)]))


def _laid(text: str, size: float, weight: QFont.Weight, width: float) -> QTextLayout:
    """Qt lays the lines out where `broken` put its separators; the slack lets a line the
    breaker measured as fitting stay whole (glyph advances round differently)."""
    layout = QTextLayout(text, font(size, weight))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width + 1.0)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


def _height(layout: QTextLayout) -> float:
    return sum(layout.lineAt(i).height() for i in range(layout.lineCount()))


def _display_size(text: str, style: Style, body: float, width: float,
                  enlarge: float) -> float:
    """Twice the size, or the largest size that keeps it on one line; at least twice body."""
    size = style.size * enlarge
    floor = body * enlarge
    while size > floor:
        if QFontMetricsF(font(size, style.weight)).horizontalAdvance(text) <= width:
            return size
        size *= 0.96
    return floor


def _word_size(text: str, size: float, weight: QFont.Weight, width: float,
               minimum: float) -> float:
    """The size (down to the minimum) at which the text's widest word fits the width."""
    widest = max((QFontMetricsF(font(size, weight)).horizontalAdvance(word)
                  for word in text.split()), default=0.0)
    if widest <= width:
        return size
    return max(minimum, size * width / widest * 0.98)


KEEP_WITH_NEXT = ("kicker", "title", "subtitle", "figure")  # a heading stays with what follows


@dataclass
class _Unit:
    """One block, measured: its paragraphs, or the picture or QR code it is."""

    role: str
    paras: list[_Para]
    figure: _Figure | None
    height: float

    @property
    def lead(self) -> float:
        """The height of its first line: what must follow a heading on the same page."""
        if not self.paras or not self.paras[0].layout.lineCount():
            return self.height
        return self.paras[0].layout.lineAt(0).height()


class _Quiet(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return False


@contextmanager
def _pictures_unsaid() -> Iterator[None]:
    """A layout measured without the deck's folder finds no picture: not worth a log line
    (the sizes of its text do not depend on the picture's pixels)."""
    logger = logging.getLogger("kiosk.render.layouts.image")
    quiet = _Quiet()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def drawn_sizes(deck: Deck, index: int, shown: Shown, width: int,
                height: int) -> dict[FieldPath, float]:
    """The size each field of the slide is drawn at in the ordinary view at this screen (its
    first language's, design px), from the layout's account. Laid out without the deck's
    folder, so the live mode and `export --accessible` measure alike."""
    picture = QPicture()
    painter = QPainter(picture)
    try:
        with _pictures_unsaid():
            account = draw_layout(painter, width, height, deck, index, shown, Path(".")).account
    finally:
        painter.end()
    sizes: dict[FieldPath, float] = {}
    for drew in account:
        if drew.size > 0:
            sizes[drew.field] = max(drew.size, sizes.get(drew.field, 0.0))
    return sizes


def _drawn_at(sizes: Mapping[FieldPath, float], path: tuple[str | int, ...]) -> float:
    """The largest size any field at or under `path` was drawn at (a milestone's date and step
    are one block here)."""
    if not path:
        return 0.0
    return max((size for at, size in sizes.items() if at[:len(path)] == path), default=0.0)


def _measure(block: Block, style: Style, shown: Shown, content: QRectF,
             body: float, minimum: float, enlarge: float,
             sizes: Mapping[FieldPath, float]) -> _Unit:
    if block.role in ("picture", "qr"):
        side = min(content.height() * PICTURE_SHARE, content.width(),
                   QR_SIDE if block.role == "qr" else content.width())
        fig = _Figure(block.role, block.source or "", 0,
                      QRectF(content.left(), 0, content.width(), side))
        return _Unit(block.role, [], fig, side)
    if block.role == "floors":
        texts = [(" · ".join(block.floors), 1.0)]
    elif block.role == "kicker" and block.text is not None:  # one line, as the normal view
        langs: tuple[Lang, ...] = ("ko", "en") if shown == "both" else (shown,)
        texts = [(" · ".join(block.text.get(lang) for lang in langs), 1.0)]
    else:
        texts = _texts(block.text, shown)
    bullet = block.role in ("item", "current")
    left = content.left() + (style.size * enlarge * BULLET_INDENT if bullet else 0)
    w = content.right() - left
    paras = []
    for n, (text, relative) in enumerate(texts):
        # the normal view never draws text below the theme's minimum: twice that, at least;
        # and twice what it drew where it grew the text into the room it had
        base = max(style.size, _drawn_at(sizes, block.field))
        size = max(base * relative, minimum) * enlarge
        if style.display:
            size = max(_display_size(text, style, body, w, enlarge), body * enlarge) * relative
        elif enlarge < ENLARGE:  # a continued slide: a word is made smaller before it is broken
            size = _word_size(text, size, style.weight, w, minimum)
        text = broken(text, size, style.weight, w)
        paras.append(_Para(block.role, text, size, style.color, style.weight,
                           _laid(text, size, style.weight, w), left, w, bullet and n == 0,
                           source=block.field))
    height = sum(_height(p.layout) for p in paras) + sum(p.size * 0.1 for p in paras[1:])
    return _Unit(block.role, paras, None, height)


def paginate(deck: Deck, index: int, shown: Shown, width: int, height: int,
             reserve: float = 0.0, enlarge: float = ENLARGE, area: QRectF | None = None,
             skip: frozenset[str] = frozenset()) -> Pagination:
    """Lay the slide's blocks out on pages of a width x height device (reserve: device px kept
    free at the bottom for controls). enlarge 1.0: the ordinary view's sizes, for a slide whose
    layout cannot hold its words and continues on further pages; `area` (design px) is then
    where its words flow, below the slide's own title band, and `skip` the roles that band
    draws itself."""
    ensure_fonts()
    slide = deck.slides[index]
    cw, ch, scale = canvas_size(width, height)
    content = QRectF(MARGIN, MARGIN * 0.6, cw - 2 * MARGIN,
                     ch - MARGIN * 0.6 - max(MARGIN * 0.6, reserve / scale + 24)) \
        if area is None else QRectF(area)
    body = deck.deck.theme.body_size
    gap = body * 0.45
    # a continued slide (enlarge 1.0) is one whose layout failed: its own sizes, not the layout's
    sizes = drawn_sizes(deck, index, shown, width, height) if enlarge >= ENLARGE else {}
    units = [_measure(b, _style(b, deck, slide.layout), shown, content, body,
                      deck.deck.theme.min_size, enlarge, sizes)
             for b in reading_order(slide, deck) if b.role not in skip]
    paras: list[_Para] = []
    figures: list[_Figure] = []
    page, y = 0, content.top()

    def room_for(h: float) -> None:
        nonlocal page, y
        if y + h > content.bottom() + 0.01 and y > content.top():
            page, y = page + 1, content.top()

    def need(n: int, whole: bool, depth: int) -> tuple[float, int]:
        """Room a unit needs here, and how many units after it that room includes: all of it
        (or its first line), and for a heading the start of what follows (up to `depth`
        units on), so a heading never ends a page."""
        unit = units[n]
        own = unit.height if whole or unit.figure is not None else unit.lead
        if unit.role in KEEP_WITH_NEXT and n + 1 < len(units):
            if not depth:
                return math.inf, 0  # a chain may not end on a heading
            # what follows is kept whole when it fits a page (it will not be split then)
            rest, links = need(n + 1, units[n + 1].height <= content.height(), depth - 1)
            return unit.height + gap + rest, links + 1
        return own, 0

    kept_until = -1  # units up to here were given room together with a heading before them
    for n, unit in enumerate(units):
        # A block that fits a page is not split; a heading is not left at a page's foot.
        for depth in (4, 3, 2, 1, 0):
            wanted, links = need(n, True, depth)
            if not depth and math.isinf(wanted):  # too long a chain: the heading alone
                wanted, links = unit.height, 0
            if n <= kept_until or wanted > content.height():
                continue
            room_for(wanted)
            kept_until = n + links
            break
        if unit.figure is not None:
            unit.figure.page = page
            unit.figure.rect.moveTop(y)
            figures.append(unit.figure)
            y += unit.height + gap
            continue
        for k, para in enumerate(unit.paras):
            if k:
                y += para.size * 0.1
            for i in range(para.layout.lineCount()):
                line_h = para.layout.lineAt(i).height()
                room_for(line_h)
                para.lines.append(_Line(page, y))
                y += line_h
            paras.append(para)
        y += gap
    return Pagination(cw, ch, content, paras, figures, page + 1)
