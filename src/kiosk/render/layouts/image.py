from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QImageReader, QPen

from kiosk.deck.checks import resolve_image
from kiosk.deck.model import Deck, ImageSlide, Slide
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import header
from kiosk.render.pictures import STORE

log = logging.getLogger(__name__)
MAX_SIDE = 4096  # decode large pictures downscaled: a 20000px PNG must not exhaust memory
ALLOCATION_LIMIT_MB = 256  # and refuse to decode anything that would need more than this
QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)


def load_picture(frame: Frame, name: str, target: QRectF) -> QImage | None:
    path = resolve_image(frame.folder, name)
    if path is None or not path.is_file():
        log.error("image %s is missing or outside the deck's folder", name)
        return None
    return STORE.read(path, MAX_SIDE)  # a damaged file: its last whole version (pictures.py)


def draw_picture(frame: Frame, rect: QRectF, name: str) -> None:
    image = load_picture(frame, name, rect)
    p = frame.painter
    if image is None:
        p.save()
        p.setPen(QPen(frame.color("muted"), 3, Qt.PenStyle.DashLine))
        p.setBrush(QColor(frame.color("surface")))
        p.drawRoundedRect(rect, 16, 16)
        p.restore()
        return
    scaled = image.size().scaled(rect.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
    target = QRectF(rect.left() + (rect.width() - scaled.width()) / 2,
                    rect.top() + (rect.height() - scaled.height()) / 2,
                    scaled.width(), scaled.height())
    p.drawImage(target, image)


def draw_image(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, ImageSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    caption_h = 120.0 if slide.caption else 0.0
    pic = QRectF(safe.left(), top, safe.width(), safe.bottom() - top - caption_h)
    draw_picture(frame, pic, slide.image)
    if slide.caption:
        frame.text(QRectF(safe.left(), safe.bottom() - caption_h + 16, safe.width(),
                          caption_h - 16),
                   frame.runs(slide.caption, frame.theme.body_size * 0.7, "muted",
                              QFont.Weight.Normal),
                   align=Qt.AlignmentFlag.AlignHCenter, what="caption")
