from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QImage, QImageReader, QPen

from kiosk.deck.checks import resolve_image
from kiosk.deck.model import Deck, Framing, ImageSlide, Slide
from kiosk.render.frame import Frame
from kiosk.render.layouts._common import Part, draw_parts, header, parts_height
from kiosk.render.pictures import STORE, crop, cut_share

log = logging.getLogger(__name__)
MAX_SIDE = 4096  # decode large pictures downscaled: a 20000px PNG must not exhaust memory
ALLOCATION_LIMIT_MB = 256  # and refuse to decode anything that would need more than this
CAPTION_GAP = 24.0  # between a picture and its caption
QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)


def load_picture(frame: Frame, name: str, target: QRectF) -> QImage | None:
    path = resolve_image(frame.folder, name)
    if path is None or not path.is_file():
        log.error("image %s is missing or outside the deck's folder", name)
        return None
    return STORE.read(path, MAX_SIDE)  # a damaged file: its last whole version (pictures.py)


def draw_picture(frame: Frame, rect: QRectF, name: str, framing: Framing, *,
                 fill: bool = False,
                 anchor: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter) -> QRectF:
    """The picture fitted whole into rect at anchor (centred by default, or against the edges
    it shares with the text beside it), or covering rect, cropped to its shape around the
    deck's focus so its edges are rect's edges; return where it was drawn. `fill` is the
    layout's own choice, the deck's `fit` overrides it. A crop that cuts away more of the
    picture than the deck's `max_crop` allows is noted for `kiosk check`."""
    if framing.fit is not None:
        fill = framing.fit == "cover"
    image = load_picture(frame, name, rect)
    p = frame.painter
    if image is None:
        p.save()
        p.setPen(QPen(frame.color("muted"), 3, Qt.PenStyle.DashLine))
        p.setBrush(QColor(frame.color("surface")))
        p.drawRoundedRect(rect, 16, 16)
        p.restore()
        return rect
    if fill:
        whole = QSizeF(image.size())
        kept = crop(whole, rect.size(), framing.focus)
        share = cut_share(whole, kept)
        if share > framing.max_crop + 0.005:
            # one wording at every shape, so that check names the shapes once, together
            frame.note(("image",), "cropped", f"cropped to fill its box, the picture '{name}' "
                       f"loses more than max_crop allows ({framing.max_crop:.0%} of it); "
                       "'focus: [x, y]' keeps what matters in view, 'fit: contain' shows "
                       "it whole")
        p.drawImage(rect, image, kept)
        return rect
    scaled = QSizeF(image.size()).scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
    x = rect.left() if anchor & Qt.AlignmentFlag.AlignLeft else \
        rect.right() - scaled.width() if anchor & Qt.AlignmentFlag.AlignRight else \
        rect.left() + (rect.width() - scaled.width()) / 2
    y = rect.top() if anchor & Qt.AlignmentFlag.AlignTop else \
        rect.bottom() - scaled.height() if anchor & Qt.AlignmentFlag.AlignBottom else \
        rect.top() + (rect.height() - scaled.height()) / 2
    target = QRectF(x, y, scaled.width(), scaled.height())
    p.drawImage(target, image)
    return target


def draw_image(frame: Frame, slide: Slide, deck: Deck) -> None:
    assert isinstance(slide, ImageSlide)
    safe = frame.safe
    top = header(frame, slide.title)
    area = QRectF(safe.left(), top, safe.width(), safe.bottom() - top)
    caption = [Part(frame.runs(slide.caption, frame.theme.body_size * 0.7, "muted"), ("caption",),
                    "caption")] if slide.caption else []
    # The caption gets the height its words need (at most a third of the area), the picture
    # the rest: a long caption on a narrow screen is wrapped, not cut.
    caption_h = min(parts_height(caption, area.width(), 1.0, frame.theme.min_size),
                    area.height() / 3) if caption else 0.0
    pic = QRectF(area.left(), area.top(), area.width(),
                 area.height() - (caption_h + CAPTION_GAP if caption else 0.0))
    drawn = draw_picture(frame, pic, slide.image, slide)
    if caption:
        words = QRectF(area.left(), drawn.bottom() + CAPTION_GAP, area.width(),
                       area.bottom() - drawn.bottom() - CAPTION_GAP)
        draw_parts(frame, words, caption, align=Qt.AlignmentFlag.AlignHCenter)
