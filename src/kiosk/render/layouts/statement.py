"""One statement, as large as the room under the title allows (up to the title's own size),
in the middle of that room, with an accent bar exactly as tall as its lines; the detail stands
at the foot of the slide."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont

from kiosk.deck.model import Deck, Slide, StatementSlide
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import (
    STATEMENT_CEILING,
    Part,
    growth,
    header,
    parts_fit,
    scaled,
)

BAR_ROOM = 40.0  # the accent bar and the space between it and the words
MEASURE = 1800.0  # design px: the widest a statement's lines run (a 21:9 line is hard to read)


def draw_statement(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, StatementSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    detail_h = safe.height() * 0.22 if slide.detail else 0.0
    body = QRectF(safe.left() + BAR_ROOM, top, min(safe.width() - BAR_ROOM, MEASURE),
                  safe.bottom() - top - detail_h)
    size = frame.theme.body_size * 1.25
    runs = frame.runs(slide.statement, size, weight=QFont.Weight.DemiBold)
    # grown where the room allows: a short statement on a tall screen is not two small lines
    most = growth(frame, size, STATEMENT_CEILING)
    grown = parts_fit([Part(runs, ("statement",), "statement")], body.width(), body.height(),
                      frame.theme.min_size, most=most)
    if grown is not None and grown > 1.0:
        runs = scaled(runs, grown, frame.theme.min_size)
    used = frame.text(body, runs, valign=Qt.AlignmentFlag.AlignVCenter, what="statement",
                      field=("statement",))
    if used.height() > 0:  # the accent bar marks the statement: as tall as its lines
        frame.painter.fillRect(QRectF(safe.left(), used.top() + 4, 10, used.height() - 8),
                               frame.color("accent"))
    if slide.detail:
        rect = QRectF(safe.left(), safe.bottom() - detail_h + 24, safe.width(), detail_h - 24)
        frame.text(rect, frame.runs(slide.detail, frame.theme.body_size * 0.8, "muted"),
                   valign=Qt.AlignmentFlag.AlignBottom, what="detail", field=("detail",))
