from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont

from kiosk.deck.model import Deck, Slide, StatementSlide
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import header


def draw_statement(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, StatementSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    detail_h = safe.height() * 0.22 if slide.detail else 0.0
    body = QRectF(safe.left() + 40, top, safe.width() - 40, safe.bottom() - top - detail_h)
    used = frame.text(body, frame.runs(slide.statement, frame.theme.body_size * 1.25,
                                       weight=QFont.Weight.DemiBold),
                      valign=Qt.AlignmentFlag.AlignVCenter, what="statement",
                      field=("statement",))
    if used.height() > 0:  # the accent bar marks the statement: as tall as its lines
        frame.painter.fillRect(QRectF(safe.left(), used.top() + 4, 10, used.height() - 8),
                               frame.color("accent"))
    if slide.detail:
        rect = QRectF(safe.left(), safe.bottom() - detail_h + 24, safe.width(), detail_h - 24)
        frame.text(rect, frame.runs(slide.detail, frame.theme.body_size * 0.8, "muted"),
                   valign=Qt.AlignmentFlag.AlignBottom, what="detail", field=("detail",))
