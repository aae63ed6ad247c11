"""The opening slide: the deck's title large on the slide's left edge, a picture (if any) beside
it in landscape or above it in portrait, edge to edge with the safe area so both share one grid."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont

from kiosk.deck.model import CoverSlide, Deck, Slide
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import Part, draw_parts
from kiosk.render.layouts.image import draw_picture

PICTURE_WIDE = 0.42  # of the safe width, for the picture beside the title on a wide screen
PICTURE_TALL = 0.34  # of the safe height, for the picture above the title on a tall screen
PICTURE_GAP = 72.0
DATE_ROOM = 150.0


def _rings(frame: Frame) -> None:
    """Concentric rings bleeding off the far corner, a quiet sign of "network"."""
    p = frame.painter
    p.save()
    p.setBrush(QColor(0, 0, 0, 0))
    accent = frame.color("accent")
    r0 = min(frame.width, frame.height) * 0.55
    centre = QPointF(frame.width, 0)
    for i in range(4):
        ring = QColor(accent)
        ring.setAlphaF(0.28 - i * 0.06)
        pen = p.pen()
        pen.setColor(ring)
        pen.setWidthF(26 - i * 5)
        p.setPen(pen)
        r = r0 * (0.45 + i * 0.28)
        p.drawEllipse(centre, r, r)
    p.restore()


def draw_cover(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, CoverSlide)
    _rings(frame)
    safe = frame.safe
    words = QRectF(safe)
    if slide.image and frame.portrait:
        pic = QRectF(safe.left(), safe.top(), safe.width(), safe.height() * PICTURE_TALL)
        draw_picture(frame, pic, slide.image, slide, fill=True)
        words.setTop(pic.bottom() + PICTURE_GAP)
    elif slide.image:
        pic = QRectF(safe.right() - safe.width() * PICTURE_WIDE, safe.top(),
                     safe.width() * PICTURE_WIDE, safe.height())
        draw_picture(frame, pic, slide.image, slide, fill=True)
        words.setRight(pic.left() - PICTURE_GAP)
    elif not frame.portrait:
        words.setWidth(safe.width() * 0.86)
    bar_y = words.top() + (0.0 if slide.image and frame.portrait else
                           words.height() * (0.30 if frame.portrait else 0.26))
    frame.painter.fillRect(QRectF(words.left(), bar_y, 140, 12), frame.color("accent"))
    title = QRectF(words.left(), bar_y + 48, words.width(),
                   words.bottom() - bar_y - 48 - (DATE_ROOM if slide.date else 0.0))
    used = draw_parts(frame, title, [
        Part(frame.runs(slide.title, frame.theme.title_size * 1.25, weight=QFont.Weight.Bold),
             ("title",), "cover title"),
        Part(frame.runs(slide.subtitle, frame.theme.body_size * 1.1, "accent",
                        QFont.Weight.DemiBold, secondary="accent"), ("subtitle",), "subtitle",
             40)])
    if slide.date:
        top = max(used.bottom() + 40, words.bottom() - DATE_ROOM + 20)
        draw_parts(frame, QRectF(words.left(), top, words.width(), words.bottom() - top),
                   [Part(frame.runs(slide.date, frame.theme.body_size * 0.8, "muted"), ("date",),
                         "date line")])
