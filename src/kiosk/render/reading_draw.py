"""One page of the accessibility mode's enlarged view, drawn: the lines and pictures a
pagination (reading_flow) put on that page, on the high-contrast palette's ground; and the same
lines in a continued slide's own look (render/continued.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter

from kiosk.deck.model import Deck
from kiosk.render.contrast import GROUND, INK, MARK, high_contrast
from kiosk.render.frame import Frame, canvas_size, fill_ground
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


Look = Literal["contrast", "slide"]


def draw_page(painter: QPainter, pagination: Pagination, page: int, width: int, height: int,
              deck: Deck, folder: Path, look: Look = "contrast") -> ReadingPage:
    """The lines and pictures of one page onto a width x height device: in the high-contrast
    palette on its own ground (the accessibility mode), or with `look` "slide" as the slide's
    own layouts draw them, onto a page whose background and band are already laid (a continued
    slide, render/continued.py): English beneath Korean in the muted colour, round bullets."""
    theme = high_contrast(deck.deck.theme) if look == "contrast" else deck.deck.theme
    colors = {GROUND: theme.background, INK: theme.text, MARK: theme.accent}
    cw, ch, scale = canvas_size(width, height)
    placed: list[Placed] = []
    pictures: list[QRectF] = []
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.scale(scale, scale)
    if look == "contrast":
        fill_ground(painter, cw, ch, colors[GROUND])
    try:
        seen: set[tuple[str | int, ...]] = set()
        for para in pagination.paras:
            # the second paragraph of one field: the English under the Korean
            secondary = look == "slide" and para.source in seen and para.color == INK
            seen.add(para.source)
            pen = QColor(theme.muted if secondary else colors.get(para.color, para.color))
            for i, line in enumerate(para.lines):
                if line.page != page:
                    continue
                text_line = para.layout.lineAt(i)
                painter.setPen(pen)
                text_line.draw(painter, QPointF(para.left, line.y - text_line.y()))
                start, length = text_line.textStart(), text_line.textLength()
                used = text_line.naturalTextWidth()
                placed.append(Placed(para.text[start:start + length].replace(LINE_END, ""),
                                     QRectF(para.left, line.y, used, text_line.height()),
                                     para.size, False))
                if para.bullet and i == 0:
                    _bullet(painter, para.left, line.y + text_line.ascent() * 0.55, para.size,
                            QColor(colors[MARK]), look == "slide")
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


def _bullet(painter: QPainter, left: float, middle: float, size: float, color: QColor,
            round_mark: bool) -> None:
    """An item's marker in the indent before its first line: the enlarged view's square, or
    the bullets layout's round dot (render/layouts/bullets.py)."""
    if round_mark:
        dot = min(30.0, size * 0.55)
        painter.save()
        painter.setPen(color)
        painter.setBrush(color)
        painter.drawEllipse(QPointF(left - size * BULLET_INDENT + dot / 2, middle), dot / 2,
                            dot / 2)
        painter.restore()
        return
    mark = size * 0.28
    painter.fillRect(QRectF(left - size * BULLET_INDENT * 0.75, middle - mark / 2, mark, mark),
                     color)


def _draw_picture(frame: Frame, rect: QRectF, name: str) -> QRectF | None:
    image = load_picture(frame, name, rect)
    if image is None:
        return None
    size = image.size().toSizeF().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
    box = QRectF(rect.left(), rect.top(), size.width(), size.height())
    frame.painter.drawImage(box, image)
    return box
