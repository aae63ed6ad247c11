"""A drawn slide kept as its content only: the parts that differ from its flat background.

A slide is text and a few shapes on one colour. Kept whole, a 4K slide is 33 MB; kept as the strips
of 32 px tiles that hold content (the rest is the background, filled when drawn), a text slide is a
few MB at any size. Knowing where the content is also tells a fade where two slides differ, so a
cross-fade blends only there instead of over the whole screen. A slide that is content everywhere
(a full-screen photo) is kept whole, as before. The accessibility mode's enlarged pages are kept
the same way (render/reading_cache.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

# 32 device px at any size: at 4K, tiles of 64 px kept a fifth more of a text slide (12.6 MB
# on average against 10.2) and took longer to find (bench/memory.py, bench/RESULTS.md).
TILE = 32
WHOLE_ABOVE = 0.8  # content over this share of the screen: one image, fewer blits
BRIDGE = 2  # empty tiles between two runs of content that still join them: fewer, longer pieces
FORMAT = QImage.Format.Format_RGB32


class Sparse:
    """A slide of `width` x `height` device pixels: a background colour, flat areas of other
    colours (a box's inside) kept as rectangles, and content pieces kept as pixels."""

    def __init__(self, width: int, height: int, ratio: float, background: QColor,
                 pieces: list[tuple[QRect, QImage]],
                 flats: list[tuple[QColor, list[QRect]]] | None = None) -> None:
        self.width = width
        self.height = height
        self.ratio = ratio
        self.background = QColor(background)
        self.pieces = pieces
        self.flats = flats or []  # never under a piece: every pixel is drawn exactly once
        content = QRegion()
        for rect, _ in pieces:
            content = content.united(QRegion(rect))
        for _, found in self.flats:
            for rect in found:
                content = content.united(QRegion(rect))
        self.content = content  # device pixels
        self._fills = rects(QRegion(0, 0, width, height).subtracted(content))

    @classmethod
    def of(cls, image: QImage, background: QColor, ratio: float) -> Sparse:
        """The content of a drawn slide: strips of tiles that are not all background; a tile
        all of one other colour is kept as that colour, not as pixels."""
        if image.format() != FORMAT:
            image = image.convertToFormat(FORMAT)
        w, h = image.width(), image.height()
        tile = TILE
        band_ground = QImage(w, tile, FORMAT)
        band_ground.fill(background)
        tile_ground = QImage(tile, tile, FORMAT)
        tile_ground.fill(background)
        bits, line = image.constBits(), image.bytesPerLine()
        solid_tiles: dict[tuple[int, int, int], QImage] = {}

        def view(x: int, y: int, vw: int, vh: int) -> QImage:
            # A window onto the drawn image's own pixels: compared in C++, never copied.
            start = y * line + x * 4
            return QImage(bits[start:start + (vh - 1) * line + vw * 4], vw, vh, line, FORMAT)

        def solid(rgb: int, tw: int, th: int) -> QImage:
            found = solid_tiles.get((rgb, tw, th))
            if found is None:
                found = solid_tiles[(rgb, tw, th)] = QImage(tw, th, FORMAT)
                found.fill(QColor.fromRgb(rgb))
            return found

        strips: list[QRect] = []
        flats: dict[int, QRegion] = {}
        for y in range(0, h, tile):
            th = min(tile, h - y)
            if view(0, y, w, th) == (band_ground if th == tile else band_ground.copy(0, 0, w, th)):
                continue  # a band of background only: the common case between lines of text
            run: int | None = None
            end = 0  # where the run's last content tile ends
            for x in range(0, w, tile):
                tw = min(tile, w - x)
                ground = tile_ground if (tw, th) == (tile, tile) \
                    else tile_ground.copy(0, 0, tw, th)
                seen = view(x, y, tw, th)
                if seen == ground:
                    continue
                rgb = image.pixel(x, y)
                if seen == solid(rgb, tw, th):  # one flat colour: a fill, no pixels kept
                    if run is not None:  # a piece never reaches over a flat tile
                        strips.append(QRect(run, y, end - run, th))
                        run = None
                    flats[rgb] = flats.get(rgb, QRegion()).united(QRegion(x, y, tw, th))
                    continue
                if run is not None and x - end > BRIDGE * tile:
                    strips.append(QRect(run, y, end - run, th))
                    run = None
                if run is None:
                    run = x
                end = x + tw
            if run is not None:
                strips.append(QRect(run, y, end - run, th))
        area = sum(r.width() * r.height() for r in strips)
        if area > WHOLE_ABOVE * w * h:
            strips, flats = [QRect(0, 0, w, h)], {}
        pieces = [(rect, image.copy(rect)) for rect in strips]
        for _, piece in pieces:
            piece.setDevicePixelRatio(ratio)  # drawn at logical positions, pixel for pixel
        return cls(w, h, ratio, background, pieces,
                   [(QColor.fromRgb(rgb), rects(region)) for rgb, region in flats.items()])

    @property
    def whole(self) -> bool:
        """Kept as one whole picture (content nearly everywhere: a full-screen photo)."""
        return len(self.pieces) == 1 and self.pieces[0][0] == QRect(0, 0, self.width,
                                                                   self.height)

    @property
    def nbytes(self) -> int:
        return sum(piece.sizeInBytes() for _, piece in self.pieces)

    def draw(self, painter: QPainter, x: float = 0.0, y: float = 0.0) -> None:
        """Draw it with its top-left corner at (x, y), in the painter's (logical) coordinates,
        at the painter's opacity: every pixel is drawn exactly once, so a fade blends right.
        Only what meets the painter's clip is drawn (a progress bar's strip draws a few pieces)."""
        r = self.ratio
        if r == 1.0:  # whole pixels: Qt fills and copies these at memory speed (QRectF: 5x slower)
            ix, iy = round(x), round(y)
            within = painter.clipBoundingRect().toAlignedRect().translated(-ix, -iy) \
                if painter.hasClipping() else None
            painter.save()
            painter.translate(ix, iy)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.background)
            painter.drawRects(self._fills)  # one call: Qt fills each at memory speed
            for colour, found in self.flats:
                painter.setBrush(colour)
                painter.drawRects(found)
            for rect, piece in self.pieces:
                if within is None or within.intersects(rect):
                    painter.drawImage(rect.topLeft(), piece)
            painter.restore()
            return
        for colour, found in [(self.background, self._fills), *self.flats]:
            for rect in found:
                painter.fillRect(QRectF(x + rect.x() / r, y + rect.y() / r, rect.width() / r,
                                        rect.height() / r), colour)
        for rect, piece in self.pieces:
            painter.drawImage(QPointF(x + rect.x() / r, y + rect.y() / r), piece)

    def image(self) -> QImage:
        """The whole slide as one image (for a screenshot or the remembered first frame)."""
        image = QImage(self.width, self.height, FORMAT)
        painter = QPainter(image)
        try:
            painter.fillRect(QRect(0, 0, self.width, self.height), self.background)
            for colour, found in self.flats:
                for rect in found:
                    painter.fillRect(rect, colour)
            for rect, piece in self.pieces:
                painter.drawImage(QRect(rect), piece)
        finally:
            painter.end()
        image.setDevicePixelRatio(self.ratio)
        return image

    def differs_from(self, other: Sparse) -> QRegion:
        """Where the two slides may differ, in logical coordinates (all of it when unsure)."""
        if (self.width, self.height, self.ratio) != (other.width, other.height, other.ratio) \
                or self.background != other.background:
            return QRegion(0, 0, self.logical_width, self.logical_height)
        both = self.content.united(other.content)
        if self.ratio == 1.0:
            return both
        scaled = QRegion()
        r = self.ratio
        for rect in rects(both):
            scaled = scaled.united(QRectF(rect.x() / r, rect.y() / r, rect.width() / r,
                                          rect.height() / r).toAlignedRect())
        return scaled

    @property
    def logical_width(self) -> int:
        return round(self.width / self.ratio)

    @property
    def logical_height(self) -> int:
        return round(self.height / self.ratio)


def rects(region: QRegion) -> list[QRect]:
    return list(cast(Iterable[QRect], region))  # QRegion iterates its rectangles
