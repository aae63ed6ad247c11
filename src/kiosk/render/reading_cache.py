"""The accessibility mode's enlarged pages kept ready: recent paginations and page images."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtGui import QImage, QPainter

from kiosk.deck.fields import Shown
from kiosk.deck.model import Deck
from kiosk.render.reading_draw import draw_page
from kiosk.render.reading_flow import Pagination, paginate


class ReadingCache:
    """Paginations of the last few slides, and the last few pages drawn as images ready to
    blit: a page is drawn when first shown (a few ms), and memory stays at a few screens."""

    def __init__(self, slides: int = 3, images: int = 3) -> None:
        self.slides = slides
        self.images = images
        self._layouts: OrderedDict[tuple[object, ...], Pagination] = OrderedDict()
        self._images: OrderedDict[tuple[object, ...], QImage] = OrderedDict()

    def clear(self) -> None:
        self._layouts.clear()
        self._images.clear()

    def pagination(self, deck: Deck, index: int, shown: Shown, width: int, height: int,
                   ratio: float, reserve: float) -> Pagination:
        key = (index, shown, width, height, ratio, round(reserve))
        found = self._layouts.get(key)
        if found is None:
            w, h = max(1, round(width * ratio)), max(1, round(height * ratio))
            found = self._layouts[key] = paginate(deck, index, shown, w, h, reserve * ratio)
            while len(self._layouts) > self.slides:
                self._layouts.popitem(last=False)
        self._layouts.move_to_end(key)
        return found

    def has_page(self, index: int, shown: Shown, width: int, height: int,
                 ratio: float, reserve: float, page: int) -> bool:
        """Whether that page is drawn already (the window draws neighbours ahead in idle time)."""
        return (index, shown, width, height, ratio, round(reserve), page) in self._images

    def page(self, deck: Deck, folder: Path, index: int, shown: Shown, width: int,
             height: int, ratio: float, reserve: float, page: int) -> QImage:
        key = (index, shown, width, height, ratio, round(reserve), page)
        image = self._images.get(key)
        if image is None:
            pagination = self.pagination(deck, index, shown, width, height, ratio, reserve)
            w, h = max(1, round(width * ratio)), max(1, round(height * ratio))
            image = QImage(w, h, QImage.Format.Format_RGB32)
            painter = QPainter(image)
            try:
                draw_page(painter, pagination, page, w, h, deck, folder)
            finally:
                painter.end()
            image.setDevicePixelRatio(ratio)
            self._images[key] = image
            while len(self._images) > self.images:
                self._images.popitem(last=False)
        self._images.move_to_end(key)
        return image
