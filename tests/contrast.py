"""Contrast measured from a rendered image: the colours in a box, and whether two colours
with too little contrast between them touch anywhere in an image.

Without numpy: colours are counted from the image's bytes, and adjacency is found with Qt's own
masks (a colour's mask, grown by a pixel, overlapping another colour's mask).
"""

from __future__ import annotations

from array import array
from collections import Counter
from itertools import combinations

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.deck.checks import contrast_ratio

SOLID_SHARE = 0.0005  # a colour covering less of an image than this is not a drawn colour


def rgb32(image: QImage) -> QImage:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(1.0)
    return image


def colours(image: QImage, rect: QRect | None = None) -> Counter[int]:
    """How many pixels of each colour (0xRRGGBB) in rect (the whole image by default)."""
    part = rgb32(image if rect is None else image.copy(rect))
    data = array("I", bytes(part.constBits()))  # type: ignore[arg-type]
    stride = part.bytesPerLine() // 4
    if stride != part.width():  # padding at the end of each row
        data = array("I", [v for i, v in enumerate(data) if i % stride < part.width()])
    return Counter(v & 0xFFFFFF for v in data)


def hex_colour(value: int) -> str:
    return f"#{value:06X}"


def ratio(a: int, b: int) -> float:
    return contrast_ratio(hex_colour(a), hex_colour(b))


def box_pair(image: QImage, rect: QRectF) -> tuple[int, int]:
    """(foreground, background) of a drawn box: the background is its commonest colour, the
    foreground its commonest other one (the solid inside of glyph strokes or of a shape)."""
    found = colours(image, rect.toAlignedRect().intersected(image.rect()))
    (background, _), *rest = found.most_common()
    foreground = rest[0][0] if rest else background
    return foreground, background


def _mask(image: QImage, colour: int) -> QImage:
    mask = image.createMaskFromColor(QColor(hex_colour(colour)).rgb(), Qt.MaskMode.MaskInColor)
    return mask.convertToFormat(QImage.Format.Format_Grayscale8)


def touching(image: QImage, a: int, b: int) -> bool:
    """Does any pixel of colour a touch (4-neighbourhood) a pixel of colour b?"""
    image = rgb32(image)
    grown = QImage(image.size(), QImage.Format.Format_Grayscale8)
    grown.fill(0)
    mask_a = _mask(image, a)
    painter = QPainter(grown)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Lighten)
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        painter.drawImage(QPoint(dx, dy), mask_a)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Darken)
    painter.drawImage(QPoint(0, 0), _mask(image, b))
    painter.end()
    return any(bytes(grown.constBits()))  # type: ignore[arg-type]


def _channels(value: int) -> tuple[int, int, int]:
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def _blend(colour: int, a: int, b: int, tolerance: float = 8.0) -> bool:
    """Is colour (nearly) a mix of a and b, as antialiasing at their edge paints?"""
    c, pa, pb = _channels(colour), _channels(a), _channels(b)
    d = [y - x for x, y in zip(pa, pb, strict=True)]
    length = sum(v * v for v in d)
    if not length:
        return False
    t = max(0.0, min(1.0, sum((cv - x) * v for cv, x, v in zip(c, pa, d, strict=True))
                     / length))
    return sum((cv - (x + t * v)) ** 2 for cv, x, v in zip(c, pa, d, strict=True)) \
        <= tolerance ** 2


def weak_touching_pairs(image: QImage, minimum: float,
                        hidden: list[QRect] | None = None) -> list[tuple[str, str, float]]:
    """Pairs of drawn colours that touch with less than `minimum` contrast. A drawn colour
    covers a visible share of the image and is no mix of two commoner drawn colours (the
    antialiased edge between them). `hidden` areas (photographs) are blanked out first: their
    colours are not the kiosk's."""
    image = rgb32(image)
    if hidden:
        painter = QPainter(image)
        for rect in hidden:
            painter.fillRect(rect, QColor("#000000"))
        painter.end()
    counts = colours(image)
    total = image.width() * image.height()
    solid: list[int] = []
    for colour, n in counts.most_common():
        if n < total * SOLID_SHARE:
            break
        if not any(_blend(colour, a, b) for a, b in combinations(solid, 2)):
            solid.append(colour)
    return [(hex_colour(a), hex_colour(b), ratio(a, b)) for a, b in combinations(solid, 2)
            if ratio(a, b) < minimum and touching(image, a, b)]
