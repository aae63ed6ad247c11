"""A slide that continues on further pages, drawn in its own look.

When a layout cannot hold every word even at the theme's minimum size, the slide's words flow
over as many pages as they need (render/reading_flow.py lays them out), and every page looks
like the slide a visitor just saw: the deck's background, the section label with its accent
mark, the title in its band at the title's size (marked "(계속) / (continued)" from the second
page on), the body at the layout's own sizes with English in the muted colour beneath the
Korean, round accent bullets. The room kept free for the accessibility button stays free: the
words flow in the safe area beside or above it, as the layouts' own.

What no page can hold whole (a word wider than the whole page at the minimum size, a line
taller than the room under the title) is the ladder's last rung: the account says so and
`kiosk check` refuses the deck.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPicture

from kiosk.deck.fields import Shown, Text
from kiosk.deck.model import Deck
from kiosk.render.fonts import font
from kiosk.render.frame import MARGIN, Drew, Frame, Note, unheld_word
from kiosk.render.layouts._common import (
    TITLE_GAP,
    Part,
    content_top,
    one_line_width,
    parts_fit,
    parts_height,
    parts_measure,
    scaled,
)
from kiosk.render.own_layout import design_frame, slide_ground
from kiosk.render.reading_draw import ReadingPage, draw_page
from kiosk.render.reading_flow import LINE_END, Pagination, paginate

CONTINUED = 1.0  # a continued slide's text: the ordinary sizes (the accessibility mode: 2.0)
MARKS = {"ko": " (계속)", "en": " (continued)"}  # a continued page's title says so
BAND_ROLES = frozenset({"kicker", "title"})  # drawn by the band on every page, not flowed


@dataclass(frozen=True)
class Band:
    """The title band every page of a continued slide shares, in design px."""

    rect: QRectF  # where the title stands (empty: the slide has no title, or it flows)
    scale: float  # the title's scale, the same on every page
    flows: bool  # the title cannot stand in a band: it flows with the body instead
    marked: bool = True  # the later pages' title carries "(계속)" (else the page mark does)


@dataclass(frozen=True)
class Flow:
    """A continued slide's pages: the band, the words below it, and where they flow."""

    band: Band
    pagination: Pagination
    area: QRectF
    unheld: tuple[Note, ...] = ()  # the fields no page can hold whole (see `unheld`)

    @property
    def pages(self) -> int:
        return self.pagination.pages


def _marked(title: Text) -> Text:
    return Text.joined(title.ko + MARKS["ko"], title.en + MARKS["en"])


def _title_runs(frame: Frame, title: Text, page: int) -> Part:
    shown = title if page == 0 else _marked(title)
    return Part(frame.runs(shown, frame.theme.title_size, weight=QFont.Weight.Bold), ("title",),
                "title")


def _band(frame: Frame, title: object) -> Band:
    """The title at one size on every page, in a band no taller than a layout's header; the
    later pages' title says "(계속)" when that takes no more lines (else the page mark says
    it, and the title stands as on the first page)."""
    safe = frame.safe
    top = content_top(frame)
    if not isinstance(title, Text):
        return Band(QRectF(safe.left(), top, safe.width(), 0), 1.0, False)
    limit = safe.height() * (0.26 if frame.portrait else 0.3)
    plain, marked = _title_runs(frame, title, 0), _title_runs(frame, title, 1)
    min_size = frame.theme.min_size
    scale = parts_fit([plain], safe.width(), limit, min_size)
    if scale is None:
        return Band(QRectF(safe.left(), top, safe.width(), 0), 1.0, True)
    height = parts_height([plain], safe.width(), scale, min_size)
    with_mark, whole = parts_measure([marked], safe.width(), scale, min_size)
    return Band(QRectF(safe.left(), top, safe.width(), height + 1.0), scale, False,
                whole and with_mark <= height + 0.5)


def continued_flow(width: int, height: int, deck: Deck, index: int, shown: Shown,
                   folder: Path, clear: QRectF | None = None) -> Flow:
    """The pages a continued slide takes on a width x height screen (`clear`, device px: the
    accessibility button's room)."""
    picture = QPicture()
    dry = QPainter(picture)
    try:
        frame = design_frame(dry, width, height, deck, shown, folder, clear)
        band = _band(frame, getattr(deck.slides[index], "title", None))
        safe = frame.safe
    finally:
        dry.end()
    top = band.rect.bottom() + (TITLE_GAP if band.rect.height() > 0 else 0.0)
    area = QRectF(safe.left(), top, safe.width(), max(1.0, safe.bottom() - top))
    skip = frozenset({"kicker"}) if band.flows else BAND_ROLES
    pagination = paginate(deck, index, shown, width, height, enlarge=CONTINUED, area=area,
                          skip=skip)
    flow = Flow(band, pagination, area)
    return replace(flow, unheld=tuple(unheld(flow, deck.deck.theme.min_size)))


@dataclass(frozen=True)
class ContinuedPage:
    """What one page of a continued slide drew, and the fates of the fields its band holds."""

    drawn: ReadingPage
    band: tuple[Drew, ...]


def draw_continued(painter: QPainter, flow: Flow, page: int, width: int, height: int,
                   deck: Deck, index: int, shown: Shown, folder: Path,
                   clear: QRectF | None = None) -> ContinuedPage:
    """Draw page `page` of a continued slide in the slide's own look."""
    slide = deck.slides[index]
    painter.save()
    try:
        frame = slide_ground(painter, width, height, deck, index, shown, folder, clear)
        title = getattr(slide, "title", None)
        if isinstance(title, Text) and not flow.band.flows:
            part = _title_runs(frame, title, page if flow.band.marked else 0)
            frame.text(flow.band.rect, scaled(part.runs, flow.band.scale, frame.theme.min_size),
                       what="title", field=("title",), scale=flow.band.scale)
        _page_mark(frame, page, flow.pages, page > 0 and not flow.band.marked)
    finally:
        painter.restore()
    drawn = draw_page(painter, flow.pagination, page, width, height, deck, folder,
                      look="slide")
    band: list[Drew] = []
    asked = "\n".join(r.text for r in _title_runs(frame, title, 0).runs) \
        if isinstance(title, Text) and page else None
    for drew in frame.account:
        if drew.field == ("title",) and asked is not None:
            drew = replace(drew, text=asked, page=0)  # the title as the deck asks it
        band.append(drew)
    placed = (*frame.placed, *drawn.placed)
    return ContinuedPage(ReadingPage(drawn.page, drawn.pages, drawn.width, drawn.height,
                                     drawn.content, placed, drawn.pictures), tuple(band))


def _page_mark(frame: Frame, page: int, pages: int, words: bool) -> None:
    """"2 / 3" in the bottom margin, so a visitor knows the slide goes on (or has gone on);
    at the top when the accessibility button stands at the bottom right. `words`: with
    "(계속)" before it, when the title has no room to say so."""
    if pages < 2:
        return
    mark = QRectF(MARGIN, frame.height - MARGIN * 0.6, frame.width - 2 * MARGIN,
                  MARGIN * 0.6 - 6)
    if frame.clear is not None and frame.clear.intersects(mark.adjusted(mark.width() * 0.8, 0,
                                                                        0, 0)):
        mark.moveTop(6)
    painter = frame.painter
    painter.save()
    painter.setFont(font(frame.theme.min_size, QFont.Weight.DemiBold))
    painter.setPen(QColor(frame.theme.muted))
    painter.drawText(mark, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                     "".join(MARKS[lang].strip() + " " for lang in frame.langs if words) +
                     f"{page + 1} / {pages}")
    painter.restore()


def unheld(flow: Flow, min_size: float) -> list[Note]:
    """The ladder's last rung: fields that even the continued pages cannot hold whole, because
    a word is wider than the page at the minimum size (it would be broken inside) or a line is
    taller than the room under the title. Each is an error for `kiosk check`."""
    from kiosk.render.breaks import find_breaks
    from kiosk.render.text_lines import LaidRun, Run

    notes: list[Note] = []
    area = flow.area
    for para in flow.pagination.paras:
        text = para.text.replace(LINE_END, "")
        laid = LaidRun(Run(text, para.size, QColor(0, 0, 0), para.weight), text,
                       find_breaks(text), 1.0, para.width, 0.0)
        # (a piece the flow broke at its own size that the minimum size would hold is the
        # flow's line breaking, not a word no page can hold)
        words = [w for w in dict.fromkeys(laid.broken)
                 if one_line_width(w, min_size, para.weight) > para.width]
        tall = any(para.layout.lineAt(i).height() > area.height() + 0.5
                   for i in range(para.layout.lineCount()))
        if words:
            widest = max(words, key=lambda w: one_line_width(w, para.size, para.weight))
            notes.append(unheld_word(para.source, widest, min_size))
        elif tall:
            notes.append(Note(para.source, "unheld", "a line of it is taller than the room "
                              "under the title, so no page of the slide can show it whole; "
                              "shorten the title or this text"))
    return list(dict.fromkeys(notes))

