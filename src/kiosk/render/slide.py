"""Draw one slide onto any QPainter device: the window, a PNG export, a PDF page.

When a field does not fit, the layouts first try their own arrangements, then smaller text down
to the theme's minimum size. If words would still be cut or left out, the slide is not shown
with words missing: it continues on further pages that play after it, in the slide's own look
(render/continued.py). What not even those pages hold whole is an error in the account, which
`kiosk check` refuses. Every render returns its account: what became of each field, on which
page and where.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter, QPicture

from kiosk.deck.fields import Shown
from kiosk.deck.model import Deck, Slide
from kiosk.render.continued import Flow, continued_flow, draw_continued
from kiosk.render.fonts import ensure_fonts
from kiosk.render.frame import Drew, Frame, Note, canvas_size
from kiosk.render.own_layout import LOSSY_NOTES, Rendered, draw_layout
from kiosk.render.reading_flow import LINE_END

__all__ = ["Rendered", "canvas_size", "render_slide", "slide_pages"]
log = logging.getLogger(__name__)
Layout = Callable[[Frame, Slide, Deck], None]


def _lossy(rendered: Rendered) -> bool:
    """Whether some words are not on the slide that further pages could show (a word wider
    than the screen itself is not helped by them)."""
    unheld = {n.field for n in rendered.notes if n.kind == "unheld"}
    return any(d.field not in unheld for d in rendered.lost) or \
        any(n.kind in LOSSY_NOTES for n in rendered.notes)


# Whether a slide's layout loses words, by (deck, slide, language, canvas): a continued slide's
# later pages and the page count are asked for without laying the slide out again.
_FateKey = tuple[int, int, str, int, int, Optional[tuple[int, int, int, int]]]  # (3.9: no |)
_FATES: OrderedDict[_FateKey, tuple[Deck, Rendered]] = OrderedDict()
_FATES_KEPT = 64


def _laid_out(painter: QPainter | None, width: int, height: int, deck: Deck, index: int,
              shown: Shown, folder: Path, clear: QRectF | None = None) -> tuple[Rendered, bool]:
    """The layout's render and whether it was drawn onto painter (only onto an image: a PDF
    page must not carry a layout that is then covered by its continuation)."""
    cw, ch, _ = canvas_size(width, height)
    room = None if clear is None else (round(clear.x()), round(clear.y()), round(clear.width()),
                                       round(clear.height()))
    key = (id(deck), index, shown, round(cw), round(ch), room)
    known = _FATES.get(key)
    # A known fate serves a count (no painter) always, and a drawing when the layout is not
    # what gets drawn (it continues on further pages).
    if known is not None and known[0] is deck and (painter is None or _lossy(known[1])):
        return known[1], False
    if painter is not None and isinstance(painter.device(), QImage):
        rendered = draw_layout(painter, width, height, deck, index, shown, folder, clear)
        drawn = True
    else:  # laid out on a picture that is never played: the same canvas, no pixels
        picture = QPicture()
        dry = QPainter(picture)
        try:
            rendered = draw_layout(dry, width, height, deck, index, shown, folder, clear)
        finally:
            dry.end()
        if painter is not None and not _lossy(rendered):
            rendered = draw_layout(painter, width, height, deck, index, shown, folder, clear)
            drawn = True
        else:
            drawn = False
    _FATES[key] = (deck, rendered)
    _FATES.move_to_end(key)
    while len(_FATES) > _FATES_KEPT:
        _FATES.popitem(last=False)
    return rendered, drawn


def render_slide(painter: QPainter, width: int, height: int, deck: Deck, index: int,
                 shown: Shown, folder: Path, page: int = 0,
                 clear: QRectF | None = None) -> Rendered:
    """Draw page `page` of the slide (0: the slide itself; a continued slide has more);
    `clear` (device px) is kept free of content for the accessibility button over it."""
    ensure_fonts()
    rendered, drawn = _laid_out(painter, width, height, deck, index, shown, folder, clear)
    if not _lossy(rendered):
        if not drawn:  # a cached fate without the drawing
            rendered = draw_layout(painter, width, height, deck, index, shown, folder, clear)
        return rendered
    if _primary_fits(width, height, deck, index, shown, folder, clear):
        alone = draw_layout(painter, width, height, deck, index, "ko", folder, clear)
        note = Note((), "secondary_dropped", "the slide cannot hold both languages even at the "
                    f"minimum size {deck.deck.theme.min_size}px, so it shows only Korean at "
                    "this screen (the deck's display.overflow: primary)")
        return replace(alone, notes=(*alone.notes, note), laid_out=rendered.account)
    return _continued(painter, width, height, deck, index, shown, folder, page, rendered, clear)


def _primary_fits(width: int, height: int, deck: Deck, index: int, shown: Shown,
                  folder: Path, clear: QRectF | None = None) -> bool:
    """Whether the deck lets a slide too full for both languages show Korean alone here, and
    Korean alone fits (the ladder's step before continuing on further pages)."""
    if shown != "both" or deck.deck.display.overflow != "primary":
        return False
    alone, _ = _laid_out(None, width, height, deck, index, "ko", folder, clear)
    return not _lossy(alone)


def slide_pages(width: int, height: int, deck: Deck, index: int, shown: Shown,
                folder: Path, clear: QRectF | None = None) -> int:
    """How many pages the slide takes on a width x height screen (1 unless it continues)."""
    ensure_fonts()
    rendered, _ = _laid_out(None, width, height, deck, index, shown, folder, clear)
    if not _lossy(rendered) or _primary_fits(width, height, deck, index, shown, folder, clear):
        return 1
    return _flow(width, height, deck, index, shown, folder, clear).pages


# A continued slide's pagination, by the same key as its fate: each page of it is drawn
# without laying the words out again.
_FLOWS: OrderedDict[_FateKey, tuple[Deck, Flow]] = OrderedDict()


def _flow(width: int, height: int, deck: Deck, index: int, shown: Shown, folder: Path,
          clear: QRectF | None) -> Flow:
    cw, ch, _ = canvas_size(width, height)
    room = None if clear is None else (round(clear.x()), round(clear.y()), round(clear.width()),
                                       round(clear.height()))
    key = (id(deck), index, shown, round(cw), round(ch), room)
    known = _FLOWS.get(key)
    if known is not None and known[0] is deck:
        return known[1]
    flow = continued_flow(width, height, deck, index, shown, folder, clear)
    _FLOWS[key] = (deck, flow)
    while len(_FLOWS) > _FATES_KEPT:
        _FLOWS.popitem(last=False)
    return flow


def _continued(painter: QPainter, width: int, height: int, deck: Deck, index: int, shown: Shown,
               folder: Path, page: int, laid: Rendered, clear: QRectF | None) -> Rendered:
    """The slide's words over as many pages as they need, each page in the slide's own look."""
    flow = _flow(width, height, deck, index, shown, folder, clear)
    pagination = flow.pagination
    page = max(0, min(page, pagination.pages - 1))
    drawn = draw_continued(painter, flow, page, width, height, deck, index, shown, folder, clear)
    spans: dict[tuple[str | int, ...], tuple[int, int, QRectF, str, str]] = {}
    for para in pagination.paras:
        if not para.lines:
            continue
        first = min(line.page for line in para.lines)
        last = max(line.page for line in para.lines)
        on = [i for i, line in enumerate(para.lines) if line.page == first]
        top, bottom = para.lines[on[0]].y, para.lines[on[-1]].y + \
            para.layout.lineAt(on[-1]).height()
        rect = QRectF(para.left, top, para.width, bottom - top)
        words = para.text.replace(LINE_END, "")  # the breaks, taken out again
        if para.source in spans:  # the English under the Korean: one field
            a, b, r, text, role = spans[para.source]
            spans[para.source] = (min(a, first), max(b, last), r, f"{text}\n{words}", role)
        else:
            spans[para.source] = (first, last, rect, words, para.role)
    unheld_notes = flow.unheld
    cut = {n.field for n in unheld_notes}
    fates = [*drawn.band]
    fates += [Drew(path, role, "cut" if path in cut else "whole" if last == 0 else "continued",
                   rect, text, first) for path, (first, last, rect, text, role) in spans.items()]
    notes = [n for n in laid.notes if n.kind not in LOSSY_NOTES]
    lost = sorted({str(d.field) for d in laid.lost} |
                  {str(n.field) for n in laid.notes if n.kind in LOSSY_NOTES})
    for fate in fates:
        if fate.status == "continued":
            notes.append(Note(fate.field, "continued", "the slide cannot hold every word even "
                              f"at the minimum size {deck.deck.theme.min_size}px, so it "
                              "continues on another page that plays after it; this text is "
                              "(partly) on that page"))
    notes = list(dict.fromkeys([*notes, *unheld_notes]))
    log.debug("slide %r continues on %d pages: %s", deck.slides[index].id, pagination.pages,
              ", ".join(lost))
    page_drawn = drawn.drawn
    return Rendered(page_drawn.width, page_drawn.height, laid.safe, page_drawn.placed,
                    tuple(notes), tuple(fates), page, pagination.pages, laid.account)
