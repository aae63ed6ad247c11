"""A slide kept as its content on its background (render/tiles.py) shows exactly the slide that
was drawn, and a fade drawn only where two slides differ is the same as one drawn everywhere."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

from kiosk.render.tiles import TILE, Sparse

BACKGROUND = QColor("#0A3A8C")
Shape = tuple[int, int, int, int, int]  # x, y, w, h as shares of 1000, and a colour
shapes = st.lists(st.tuples(st.integers(0, 999), st.integers(0, 999), st.integers(1, 400),
                            st.integers(1, 400), st.integers(0, 0xFFFFFF)), max_size=6)
sizes = st.tuples(st.integers(40, 700), st.integers(40, 500))


def drawn(size: tuple[int, int], found: list[Shape], *, text: bool = False,
          background: QColor = BACKGROUND) -> QImage:
    """A slide: ellipses (and a line of text in each) on a plain background."""
    w, h = size
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(background)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for x, y, sw, sh, rgb in found:
        rect = QRect(x * w // 1000, y * h // 1000, max(1, sw * w // 1000), max(1, sh * h // 1000))
        painter.setBrush(QColor(rgb))
        painter.drawEllipse(rect)
        if text:
            painter.drawText(rect, "양재 AI")
    painter.end()
    return image



def on_screen(kept: Sparse, ratio: float) -> QImage:
    """The kept slide drawn onto a screen of its device pixel ratio that held something else
    (magenta) before, read back pixel for pixel."""
    screen = QImage(kept.width, kept.height, QImage.Format.Format_RGB32)
    screen.setDevicePixelRatio(ratio)
    screen.fill(QColor("magenta"))
    painter = QPainter(screen)
    kept.draw(painter)
    painter.end()
    screen.setDevicePixelRatio(1.0)
    return screen

@settings(max_examples=40, deadline=None)
@given(sizes, shapes, st.booleans())
def test_a_kept_slide_shows_every_pixel_that_was_drawn(qapp: object, size: tuple[int, int],
                                                      found: list[Shape], text: bool) -> None:
    image = drawn(size, found, text=text)
    kept = Sparse.of(image, BACKGROUND, 1.0)
    assert kept.image() == image
    assert on_screen(kept, 1.0) == image  # drawn straight onto a screen, every pixel is covered
    if not found:
        assert kept.nbytes == 0  # a blank slide costs nothing to keep


@settings(max_examples=30, deadline=None)
@given(st.tuples(st.integers(40, 300), st.integers(40, 200)), shapes, shapes,
       st.floats(0.05, 0.95))
def test_a_fade_drawn_where_slides_differ_equals_one_drawn_everywhere(
        qapp: object, size: tuple[int, int], first: list[Shape], second: list[Shape],
        p: float) -> None:
    source = Sparse.of(drawn(size, first), BACKGROUND, 1.0)
    target = Sparse.of(drawn(size, second), BACKGROUND, 1.0)

    def frame(screen: QImage, clip: QRegion | None) -> QImage:
        painter = QPainter(screen)
        if clip is not None:
            painter.setClipRegion(clip)
        source.draw(painter)
        painter.setOpacity(p)
        target.draw(painter)
        painter.end()
        return screen

    everywhere = frame(QImage(size[0], size[1], QImage.Format.Format_RGB32), None)
    screen = source.image()  # what the screen showed before the fade began
    screen.setDevicePixelRatio(1.0)
    # Equal but for rounding: blending the background into itself may move it by one level.
    assert largest_difference(frame(screen, source.differs_from(target)), everywhere) <= 1


def largest_difference(a: QImage, b: QImage) -> int:
    first = a.convertToFormat(QImage.Format.Format_RGB888)  # kept while their bits are read
    second = b.convertToFormat(QImage.Format.Format_RGB888)
    line, used = first.bytesPerLine(), first.width() * 3  # rows are padded: skip the padding
    x, y = bytes(first.constBits()), bytes(second.constBits())
    return max((abs(p - q) for row in range(first.height())
                for p, q in zip(x[row * line:row * line + used], y[row * line:row * line + used],
                                strict=True)), default=0)


@settings(max_examples=15, deadline=None)
@given(st.tuples(st.integers(20, 300), st.integers(20, 200)), shapes)
def test_a_kept_slide_shows_whole_on_a_high_density_screen(qapp: object, half: tuple[int, int],
                                                          found: list[Shape]) -> None:
    """Two device pixels to a logical one (a HiDPI panel): drawn in logical coordinates, the kept
    pieces still land pixel for pixel."""
    size = (half[0] * 2, half[1] * 2)
    image = drawn(size, found, text=True)
    kept = Sparse.of(image, BACKGROUND, 2.0)
    assert on_screen(kept, 2.0) == image


@settings(max_examples=25, deadline=None)
@given(st.tuples(st.integers(64, 400), st.integers(64, 300)), shapes, st.integers(0, 0xFFFFFF),
       st.sampled_from([1.0, 2.0]))
def test_a_flat_box_is_kept_as_its_colour_and_drawn_exactly(
        qapp: object, size: tuple[int, int], found: list[Shape], box: int, ratio: float) -> None:
    """A box's flat inside (a slide's cards, a band of colour) costs no pixels, and with the
    text over it every pixel still shows as drawn, at any device pixel ratio."""
    w, h = size
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(BACKGROUND)
    painter = QPainter(image)
    painter.fillRect(QRect(0, 0, w * 3 // 4, h * 3 // 4), QColor(box))
    painter.end()
    image = drawn_over(image, found)
    kept = Sparse.of(image, BACKGROUND, ratio)
    assert kept.image() == image
    assert on_screen(kept, ratio) == image
    if not found:  # only the tiles along the box's edges hold pixels, not its inside
        bw, bh = w * 3 // 4, h * 3 // 4
        assert kept.nbytes <= 4 * TILE * 2 * (bw + bh + 2 * TILE)


def drawn_over(image: QImage, found: list[Shape]) -> QImage:
    w, h = image.width(), image.height()
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for x, y, sw, sh, rgb in found:
        rect = QRect(x * w // 1000, y * h // 1000, max(1, sw * w // 1000), max(1, sh * h // 1000))
        painter.setBrush(QColor(rgb))
        painter.drawEllipse(rect)
    painter.end()
    return image
