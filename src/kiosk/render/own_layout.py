"""The slide's own layout drawn once, and the account it gives: what the slide module
(pages, continuations, the ladder) and the accessibility mode's reading flow (the size each
field was drawn at) both start from. Apart from `slide` so that the reading flow, which the
continued pages draw with, can lay a slide out without importing `slide`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter

from kiosk.deck.fields import Shown
from kiosk.deck.model import Deck
from kiosk.render.frame import LOST, Drew, Frame, Note, canvas_size, fill_ground, unheld_word
from kiosk.render.layouts import LAYOUTS
from kiosk.render.layouts._common import draw_kicker, one_line_width
from kiosk.render.text import Placed

# A layout's own finding that some of a field is not on the slide (beside the account's).
LOSSY_NOTES = frozenset({"truncated", "not_drawn", "overflow"})


@dataclass(frozen=True)
class Rendered:
    """What a render drew, in design units, for tests and `kiosk check`."""

    width: float
    height: float
    safe: QRectF
    placed: tuple[Placed, ...]
    notes: tuple[Note, ...]
    account: tuple[Drew, ...] = ()  # every field of the slide, and what became of it
    page: int = 0
    pages: int = 1  # more than one: the layout could not hold every word; the slide continues
    laid_out: tuple[Drew, ...] = field(default=(), compare=False)  # the layout's own account

    @property
    def lost(self) -> tuple[Drew, ...]:
        """The fields with words not on the slide: cut or not drawn."""
        return tuple(d for d in self.account if d.status in LOST)


def design_frame(painter: QPainter, width: int, height: int, deck: Deck, shown: Shown,
                 folder: Path, clear: QRectF | None) -> Frame:
    """The painter set to draw the design canvas onto a width x height device (the caller
    saved it and restores it), and the slide's frame on it; `clear` (device px) becomes the
    frame's room kept free for a button."""
    cw, ch, scale = canvas_size(width, height)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.scale(scale, scale)
    room = None if clear is None else QRectF(clear.left() / scale, clear.top() / scale,
                                             clear.width() / scale, clear.height() / scale)
    return Frame(painter, cw, ch, deck.deck.theme, shown, folder, clear=room)


def slide_ground(painter: QPainter, width: int, height: int, deck: Deck, index: int,
                 shown: Shown, folder: Path, clear: QRectF | None) -> Frame:
    """What every page of a slide starts from, its own layout's or a continued one's: the design
    canvas (see design_frame; the caller saved the painter), its ground and the section mark."""
    cw, ch, _ = canvas_size(width, height)
    frame = design_frame(painter, width, height, deck, shown, folder, clear)
    fill_ground(painter, cw, ch, frame.color("background"))
    draw_kicker(frame, deck.slides[index], deck)
    return frame


def draw_layout(painter: QPainter, width: int, height: int, deck: Deck, index: int, shown: Shown,
            folder: Path, clear: QRectF | None = None) -> Rendered:
    """The slide's own layout; `clear` (device px) is kept free of content for a button."""
    slide = deck.slides[index]
    cw, ch, _ = canvas_size(width, height)
    painter.save()
    try:
        frame = slide_ground(painter, width, height, deck, index, shown, folder, clear)
        LAYOUTS[slide.layout](frame, slide, deck)
    finally:
        painter.restore()
    return _unheld_words(Rendered(cw, ch, frame.safe, tuple(frame.placed),
                                  tuple(frame.notes), tuple(frame.account)), deck)


_WORD = re.compile(r"the word '([^']*)'")


def _unheld_words(rendered: Rendered, deck: Deck) -> Rendered:
    """A word the layout had to break inside that is wider than the whole safe area even at the
    minimum size: no arrangement and no further page can show it whole (the ladder's last
    rung). The account says the field is cut, and `kiosk check` refuses it."""
    min_size = deck.deck.theme.min_size
    notes, kept = [], []
    for note in rendered.notes:
        match = _WORD.search(note.message) if note.kind == "forced_break" else None
        if match is None or one_line_width(match[1], min_size) <= rendered.safe.width():
            kept.append(note)
        else:  # said once, as the error it is
            notes.append(unheld_word(note.field, match[1], min_size))
    if not notes:
        return rendered
    fields = {n.field for n in notes}
    account = tuple(replace(d, status="cut") if d.field in fields and d.status not in LOST
                    else d for d in rendered.account)
    return replace(rendered, notes=(*kept, *notes), account=account)
