"""The accessibility mode's enlarged pages kept ready: recent paginations and drawn pages.

A page is drawn once into a whole picture and kept as its content on its ground (render/tiles.py),
as the ordinary view keeps its slides: a 4K page kept whole is 33 MB, and the mode keeps three
(the page on screen and the two a drag or a tap on the bar shows next, drawn ahead in idle time).
Kept as content, the three cost a share of one whole picture at any screen size, and a drag or a
turn is still a blit, never a drawing inside a frame.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.deck.fields import Shown
from kiosk.deck.model import Deck
from kiosk.render.contrast import GROUND
from kiosk.render.reading_draw import draw_page
from kiosk.render.reading_flow import Pagination, paginate
from kiosk.render.tiles import Sparse

PAGES_KEPT = 3  # on screen, the next and the previous: what a drag or a turn shows next


class ReadingCache:
    """Paginations of the last few slides, and the last few pages drawn, kept as their content
    ready to blit: a page is drawn ahead (or when first shown), and memory stays at a share of
    one screen."""

    def __init__(self, slides: int = 3, images: int = PAGES_KEPT) -> None:
        self.slides = slides
        self.images = images
        self._layouts: OrderedDict[tuple[object, ...], Pagination] = OrderedDict()
        self._pages: OrderedDict[tuple[object, ...], Sparse] = OrderedDict()

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def nbytes(self) -> int:
        """What the pages kept hold in pixels."""
        return sum(page.nbytes for page in self._pages.values())

    def clear(self) -> None:
        self._layouts.clear()
        self._pages.clear()

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
        return (index, shown, width, height, ratio, round(reserve), page) in self._pages

    def page(self, deck: Deck, folder: Path, index: int, shown: Shown, width: int,
             height: int, ratio: float, reserve: float, page: int) -> Sparse:
        """Page `page` of the slide at width x height logical px, kept as its content."""
        key = (index, shown, width, height, ratio, round(reserve), page)
        found = self._pages.get(key)
        if found is None:
            pagination = self.pagination(deck, index, shown, width, height, ratio, reserve)
            w, h = max(1, round(width * ratio)), max(1, round(height * ratio))
            image = QImage(w, h, QImage.Format.Format_RGB32)
            painter = QPainter(image)
            try:
                draw_page(painter, pagination, page, w, h, deck, folder)
            finally:
                painter.end()
            found = Sparse.of(image, QColor(GROUND), ratio)  # on draw_page's ground
            del image  # the whole picture goes now; only its content stays
            self._pages[key] = found
            while len(self._pages) > self.images:
                self._pages.popitem(last=False)
        self._pages.move_to_end(key)
        return found
