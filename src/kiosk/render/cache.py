"""Rendered slides kept ready to show, so a repaint or a transition is a blit, not a layout.

A slide is kept as its content on its background (render/tiles.py): a few MB at any screen size,
where a whole 4K picture is 33 MB. The cache is bounded by bytes relative to the screen (three
quarters of one whole picture), so the memory a kiosk settles at does not grow with the pictures
kept: the slide on screen and the next one, and the previous one when it fits. The attract loop
needs only the first two; the one it just left is the first to go.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.deck.fields import Shown
from kiosk.deck.loader import LoadedDeck
from kiosk.render.slide import render_slide, slide_pages
from kiosk.render.tiles import Sparse

log = logging.getLogger(__name__)
CACHE_SLIDES = 3  # rendered slides kept: on screen, next (drawn ahead), previous
# ...but fewer when they hold more than this share of one whole picture of the screen: a bound
# that follows the screen, so a 1080p kiosk does not keep what a 4K one may. In the attract loop
# that is the slide on screen and the next (a text slide keeps a third of its picture or less);
# the one it just left goes first.
CACHE_SCREENS = 0.75
CACHE_MINIMUM = 2  # the slide on screen and the one a page turn or a drag brings
Key = tuple[int, str, int, int, int]  # slide, language, device width and height, page


class SlideCache:
    """Rendered slides by (index, language, size, page); bounded so weeks of running stay flat.
    One window keeps one accessibility button, so the room kept free for it (`clear`) need not
    be part of the key: a change of it (a resize, a new deck) clears the cache."""

    def __init__(self, limit: int = CACHE_SLIDES,
                 on_failure: Callable[[str], None] | None = None) -> None:
        self.limit = limit
        self.on_failure = on_failure
        self._slides: OrderedDict[Key, Sparse] = OrderedDict()
        # How many pages each slide takes at a size: asked on every change, laid out once.
        self._pages: dict[Key, int] = {}

    def __len__(self) -> int:
        return len(self._slides)

    @property
    def nbytes(self) -> int:
        return sum(slide.nbytes for slide in self._slides.values())

    def clear(self) -> None:
        self._slides.clear()
        self._pages.clear()

    @staticmethod
    def _key(index: int, shown: Shown | str, size: QSize, ratio: float, page: int = 0) -> Key:
        width = max(1, round(size.width() * ratio))
        height = max(1, round(size.height() * ratio))
        return index, shown, width, height, page

    def has(self, index: int, shown: Shown | str, size: QSize, ratio: float,
            page: int = 0) -> bool:
        return self._key(index, shown, size, ratio, page) in self._slides

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
            ratio: float, page: int = 0, clear: QRectF | None = None) -> Sparse:
        """Page `page` of the slide drawn at size; `clear` (logical px) kept free for the
        accessibility button."""
        key = self._key(index, shown, size, ratio, page)
        _, _, w, h, _ = key
        found = self._slides.get(key)
        if found is not None:
            self._slides.move_to_end(key)
            return found
        background = QColor(loaded.deck.deck.theme.background)
        image = QImage(w, h, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            render_slide(painter, w, h, loaded.deck, index, shown, loaded.folder,  # type: ignore[arg-type]
                         page, _device(clear, ratio))
        except Exception:  # content must never take the kiosk down
            slide_id = loaded.deck.slides[index].id
            log.exception("drawing slide %r failed; it is skipped", slide_id)
            painter.end()
            if self.on_failure is not None:
                self.on_failure(slide_id)
            return Sparse(w, h, ratio, background, [])  # not cached: a reload may fix it
        else:
            painter.end()
        slide = Sparse.of(image, background, ratio)
        del image  # the whole picture goes now; only its content stays
        self._slides[key] = slide
        # Oldest first, while over the count or the bytes, but never the newest two.
        bound = CACHE_SCREENS * w * h * 4
        while len(self._slides) > self.limit or (len(self._slides) > CACHE_MINIMUM
                                                  and self.nbytes > bound):
            self._slides.popitem(last=False)
        return slide


def _device(clear: QRectF | None, ratio: float) -> QRectF | None:
    """A logical-px room in device px."""
    if clear is None:
        return None
    return QRectF(clear.left() * ratio, clear.top() * ratio, clear.width() * ratio,
                  clear.height() * ratio)
