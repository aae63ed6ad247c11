"""Rendered slides kept as images, so a repaint or a transition is a blit, not a layout."""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.deck.fields import Shown
from kiosk.deck.loader import LoadedDeck
from kiosk.render.slide import render_slide, slide_pages

log = logging.getLogger(__name__)
CACHE_SLIDES = 4  # rendered slides kept: on screen, next (drawn ahead), previous, one spare
CACHE_BYTES = 64 * 1024 * 1024  # ...but fewer on a 4K panel, where one image is 33 MB
CACHE_MINIMUM = 3  # a page turn and the neighbour a drag reveals


class SlideCache:
    """Rendered slides by (index, language, size); bounded so weeks of running stay flat."""

    def __init__(self, limit: int = CACHE_SLIDES,
                 on_failure: Callable[[str], None] | None = None) -> None:
        self.limit = limit
        self.on_failure = on_failure
        self._images: OrderedDict[tuple[int, str, int, int, int], QImage] = OrderedDict()
        # How many pages each slide takes at a size: asked at every paint, laid out once.
        self._pages: dict[tuple[int, str, int, int, int], int] = {}

    def __len__(self) -> int:
        return len(self._images)

    def clear(self) -> None:
        self._images.clear()
        self._pages.clear()

    @staticmethod
    def _key(index: int, shown: Shown | str, size: QSize, ratio: float,
             page: int = 0) -> tuple[int, str, int, int, int]:
        width = max(1, round(size.width() * ratio))
        height = max(1, round(size.height() * ratio))
        return index, shown, width, height, page

    def has(self, index: int, shown: Shown | str, size: QSize, ratio: float,
            page: int = 0) -> bool:
        return self._key(index, shown, size, ratio, page) in self._images

    def pages(self, loaded: LoadedDeck, index: int, shown: Shown | str, size: QSize,
              ratio: float, clear: QRectF | None = None) -> int:
        """How many pages the slide takes at this size: more than one when it continues."""
        key = self._key(index, shown, size, ratio)
        known = self._pages.get(key)
        if known is not None:
            return known
        _, _, w, h, _ = key
        try:
            count = slide_pages(w, h, loaded.deck, index, shown, loaded.folder,  # type: ignore[arg-type]
                                _device(clear, ratio))
        except Exception:  # the drawing reports it; a count never takes the kiosk down
            return 1
        if len(self._pages) > 4 * CACHE_SLIDES * 8:
            self._pages.clear()  # bounded: weeks of running stay flat
        self._pages[key] = count
        return count

    def get(self, loaded: LoadedDeck, index: int, shown: Shown | str, size: QSize,
            ratio: float, page: int = 0, clear: QRectF | None = None) -> QImage:
        """Page `page` of the slide drawn at size; `clear` (logical px) kept free for the
        accessibility button. One window keeps one button, so the key need not hold it."""
        key = self._key(index, shown, size, ratio, page)
        _, _, w, h, _ = key
        device_clear = _device(clear, ratio)
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
            return image
        image = QImage(w, h, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            render_slide(painter, w, h, loaded.deck, index, shown, loaded.folder,  # type: ignore[arg-type]
                         page, device_clear)
        except Exception:  # content must never take the kiosk down
            slide_id = loaded.deck.slides[index].id
            log.exception("drawing slide %r failed; it is skipped", slide_id)
            painter.end()
            image.fill(QColor(loaded.deck.deck.theme.background))
            if self.on_failure is not None:
                self.on_failure(slide_id)
            return image  # not cached: a reload may fix it
        else:
            painter.end()
        image.setDevicePixelRatio(ratio)
        self._images[key] = image
        limit = max(CACHE_MINIMUM, min(self.limit, CACHE_BYTES // max(1, image.sizeInBytes())))
        while len(self._images) > limit:
            self._images.popitem(last=False)
        return image


def _device(clear: QRectF | None, ratio: float) -> QRectF | None:
    """A logical-px room in device px."""
    if clear is None:
        return None
    return QRectF(clear.left() * ratio, clear.top() * ratio, clear.width() * ratio,
                  clear.height() * ratio)
