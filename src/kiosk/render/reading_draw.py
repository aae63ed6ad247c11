"""One page of the accessibility mode's enlarged view, drawn: the lines and pictures a
pagination (reading_flow) put on that page, on the high-contrast palette's ground."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from kiosk.deck.model import Deck
from kiosk.render.contrast import GROUND, INK, MARK, high_contrast
from kiosk.render.frame import Frame, canvas_size
from kiosk.render.layouts.contact import draw_qr
from kiosk.render.layouts.image import load_picture
from kiosk.render.reading_flow import BULLET_INDENT, LINE_END, Pagination
from kiosk.render.text import Placed


@dataclass(frozen=True)
class ReadingPage:
    """What one enlarged page drew, in design units, for tests and the export."""

    page: int
    pages: int
    width: float
    height: float
    content: QRectF
    placed: tuple[Placed, ...]
    pictures: tuple[QRectF, ...]  # photos: their colours are the photographer's, not ours


def draw_page(painter: QPainter, pagination: Pagination, page: int, width: int, height: int,
              deck: Deck, folder: Path, contrast: bool = True) -> ReadingPage:
    """Draw one page of a pagination onto a width x height device: in the high-contrast
    palette, or (contrast False: a continued slide of the ordinary view) in the deck's own."""
    theme = high_contrast(deck.deck.theme) if contrast else deck.deck.theme
    colors = {GROUND: theme.background, INK: theme.text, MARK: theme.accent}
    cw, ch, scale = canvas_size(width, height)
    placed: list[Placed] = []
    pictures: list[QRectF] = []
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.scale(scale, scale)
    painter.fillRect(QRectF(0, 0, cw, ch), QColor(colors[GROUND]))
    try:
        for para in pagination.paras:
            for i, line in enumerate(para.lines):
                if line.page != page:
                    continue
                text_line = para.layout.lineAt(i)
                painter.setPen(QColor(colors.get(para.color, para.color)))
                text_line.draw(painter, QPointF(para.left, line.y - text_line.y()))
                start, length = text_line.textStart(), text_line.textLength()
                used = text_line.naturalTextWidth()
                placed.append(Placed(para.text[start:start + length].replace(LINE_END, ""),
                                     QRectF(para.left, line.y, used, text_line.height()),
                                     para.size, False))
                if para.bullet and i == 0:
                    mark = para.size * 0.28
                    painter.fillRect(QRectF(para.left - para.size * BULLET_INDENT * 0.75,
                                            line.y + text_line.ascent() * 0.55 - mark / 2,
                                            mark, mark), QColor(colors[MARK]))
        frame = Frame(painter, cw, ch, theme, "both", folder)
        for fig in pagination.figures:
            if fig.page != page:
                continue
            if fig.kind == "qr":
                draw_qr(frame, QRectF(fig.rect.left(), fig.rect.top(), fig.rect.height(),
                                      fig.rect.height()), fig.source)
                continue
            box = _draw_picture(frame, fig.rect, fig.source)
            if box is not None:
                pictures.append(box)
    finally:
        painter.restore()
    return ReadingPage(page, pagination.pages, cw, ch, pagination.content, tuple(placed),
                       tuple(pictures))


def _draw_picture(frame: Frame, rect: QRectF, name: str) -> QRectF | None:
    image = load_picture(frame, name, rect)
    if image is None:
        return None
    size = image.size().toSizeF().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
    box = QRectF(rect.left(), rect.top(), size.width(), size.height())
    frame.painter.drawImage(box, image)
    return box
