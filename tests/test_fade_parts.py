"""A heavy slide's fade drawn in two parts on alternate frames (shell/fade_parts.py): the parts
hold all of the content between them, the line between them runs through the background only
(never through a glyph, a shape or a box kept as its colour; at most through a thin upright
stroke), and a fade through such slides repaints one part a frame, on a grid twice as fine,
ending on the arriving slide exactly. At 4K the bundled deck's heaviest fade (into the figures
slide) repaints at most three quarters of a slide's content a frame: before, all of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QRegion

from kiosk.deck import load_deck
from kiosk.render.cache import SlideCache
from kiosk.render.tiles import Sparse, rects
from kiosk.shell.fade_parts import MOST, fade_parts
from kiosk.shell.transitions import Transition
from tests.conftest import ROOT
from tests.deck_strategies import deck_yaml, decks, reduced, screens
from tests.test_fade_through import off_either_mix
from tests.test_tiles import Shape, drawn, shapes

THIRTY_HZ = 1 / 30
colours = st.integers(0, 0xFFFFFF)
# Boxes of a colour (cards) on the slide, each with text or an ellipse over it, and upright
# strokes (a quote's bar, the side of a frame) of 1-6 px.
cards = st.lists(st.tuples(st.integers(0, 900), st.integers(0, 900), st.integers(60, 500),
                           st.integers(60, 500), colours), max_size=4)
strokes = st.lists(st.tuples(st.integers(0, 990), st.integers(0, 700), st.integers(1, 6),
                             st.integers(100, 300)), max_size=2)


def slide_image(size: tuple[int, int], background: int, boxes: list[Shape],
                found: list[Shape], bars: list[tuple[int, int, int, int]]) -> QImage:
    w, h = size
    image = drawn(size, found, text=True, background=QColor(background))
    painter = QPainter(image)
    for x, y, bw, bh, rgb in boxes:
        painter.fillRect(QRect(x * w // 1000, y * h // 1000, bw * w // 1000, bh * h // 1000),
                         QColor(rgb))
    for x, y, width, length in bars:
        painter.fillRect(QRect(x * w // 1000, y * h // 1000, width, length * h // 1000),
                         QColor(0xF5C518))
    painter.end()
    return drawn_text_over(image, found)


def drawn_text_over(image: QImage, found: list[Shape]) -> QImage:
    w, h = image.width(), image.height()
    painter = QPainter(image)
    for x, y, sw, sh, _ in found[:2]:
        painter.drawText(QRect(x * w // 1000, y * h // 1000, max(1, sw * w // 1000),
                               max(1, sh * h // 1000)), "양재 R&D 108")
    painter.end()
    return image


def inside(region: QRegion, x: int, y: int) -> bool:
    return region.contains(QRect(x, y, 1, 1))


def run_length(pixels: bytes, line: int, width: int, x: int, y: int, ground: bytes) -> int:
    """How many pixels of row y around x differ from the background, x's run of them."""
    def differs(at: int) -> bool:
        return pixels[y * line + at * 4:y * line + at * 4 + 3] != ground
    left = x
    while left > 0 and differs(left - 1):
        left -= 1
    right = x
    while right + 1 < width and differs(right + 1):
        right += 1
    return right - left + 1


@settings(max_examples=40, deadline=None)
@given(st.tuples(st.integers(60, 320), st.integers(60, 240)), colours, cards, shapes, strokes)
def test_the_parts_hold_all_the_content_and_part_only_through_the_background(
        qapp: object, size: tuple[int, int], background: int, boxes: list[Shape],
        found: list[Shape], bars: list[tuple[int, int, int, int]]) -> None:
    image = slide_image(size, background, boxes, found, bars)
    slide = Sparse.of(image, QColor(background), 1.0)
    assume(not slide.whole)
    parts = fade_parts(slide, above=0)
    assert 1 <= len(parts) <= 2
    assert_parts_of(slide, parts)
    if len(parts) == 1:
        return
    first, second = parts
    assert not first.intersects(second) and not first.isEmpty() and not second.isEmpty()
    assert max(area(first), area(second)) <= area(slide.content)  # both hold something
    w, h = size
    rgb = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels, line = bytes(rgb.constBits()), rgb.bytesPerLine()
    solid = QImage(1, 1, QImage.Format.Format_RGB32)
    solid.fill(QColor(background))
    ground = bytes(solid.constBits())[:3]
    thin = max(4, w // 100)

    def content(x: int, y: int) -> bool:
        return pixels[y * line + x * 4:y * line + x * 4 + 3] != ground

    for rect in rects(first):
        for y in range(rect.top(), rect.bottom() + 1):
            for x in range(rect.left(), rect.right() + 1):
                if not content(x, y):
                    continue
                for nx, ny in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                    if not (0 <= nx < w and 0 <= ny < h) or not content(nx, ny) \
                            or not inside(second, nx, ny):
                        continue
                    # Content on both sides of the line: only a thin upright stroke, cut
                    # across (the cut runs along the first row below the line).
                    assert nx == x, f"a glyph, shape or box cut at ({x}, {y})"
                    assert run_length(pixels, line, w, x, max(y, ny), ground) <= thin, \
                        f"cut through more than a thin stroke at ({x}, {y})"


def area(region: QRegion) -> int:
    return sum(r.width() * r.height() for r in rects(region))


def assert_parts_of(slide: Sparse, parts: list[QRegion]) -> None:
    """The parts do not overlap and hold all of the slide's content between them."""
    union = QRegion()
    for part in parts:
        assert not union.intersects(part)
        union = union.united(part)
    assert union.xored(slide.content).isEmpty()  # (QRegion's == compares how it is stored)


def faded_to_the_end(fade: Transition, screen: QImage) -> list[QRegion]:
    """Every frame of the fade painted onto `screen` on its own grid (`pace`), as the window
    paints them; the regions of the frames before the last."""
    regions: list[QRegion] = []
    now = 0.004
    while True:
        region = fade.frame_region(now)
        assert region is not None
        painter = QPainter(screen)
        painter.setClipRegion(region)
        fade.paint(painter, fade.source.width, now, screen=True)
        painter.end()
        if fade.done(now):
            return regions
        regions.append(region)
        now += fade.pace(now)


@settings(max_examples=15, deadline=None)
@given(st.tuples(st.integers(80, 200), st.integers(60, 150)), colours, cards, shapes, cards,
       shapes, st.floats(0.0, 0.999), st.sampled_from([0.3, 0.5, 1.0]))
def test_a_fade_through_two_parts_repaints_one_part_a_frame_and_ends_exactly(
        qapp: object, size: tuple[int, int], background: int, first_boxes: list[Shape],
        first: list[Shape], second_boxes: list[Shape], second: list[Shape], offset: float,
        duration: float) -> None:
    """Frames on the fade's own grid (its `pace`, laid from the first frame): each shows the
    slide of its half mixed with the background only, repaints at most one part of its slide
    (and, early in the arriving half, what is left of the leaving content), and the last
    frame leaves the arriving slide exactly."""
    ground = QColor(background)
    source = Sparse.of(slide_image(size, background, first_boxes, first, []), ground, 1.0)
    target = Sparse.of(slide_image(size, background, second_boxes, second, []), ground, 1.0)
    fade = Transition("fade", source, target, 0.0, duration, period=THIRTY_HZ, split_above=0)
    assume(fade.through)
    source_parts, target_parts = fade_parts(source, 0), fade_parts(target, 0)
    assume(len(source_parts) == 2 or len(target_parts) == 2)
    leaving, arriving = source.image(), target.image()
    screen = source.image()
    now = offset * fade.pace(0.0)
    painted_parts: list[tuple[int, int]] = []  # (half, part) of each frame that repainted one
    while True:
        region = fade.frame_region(now)
        assert region is not None
        phase, _ = fade.through_phase(now)
        if not fade.done(now):
            parts = target_parts if phase else source_parts
            within = [i for i, part in enumerate(parts)
                      if region.subtracted(part).subtracted(source.content).isEmpty()]
            assert within, "a frame repaints more than one part of its slide"
            if len(parts) == 2 and not region.isEmpty():
                fresh = region.subtracted(source.content) if phase else region
                touched = [i for i, part in enumerate(parts) if fresh.intersects(part)]
                assert len(touched) <= 1
                painted_parts += [(phase, i) for i in touched]
        painter = QPainter(screen)
        painter.setClipRegion(region)
        fade.paint(painter, size[0], now, screen=True)
        painter.end()
        if not fade.done(now):
            assert off_either_mix(screen, *(2 * [arriving if phase else leaving]), ground,
                                  every=3) <= 8
        if fade.done(now):
            break
        now += fade.pace(now)
    assert screen == arriving
    for phase, parts in ((0, source_parts), (1, target_parts)):  # each part had frames
        if len(parts) == 2 and not (phase and any(p.intersects(source.content) for p in parts)):
            assert {i for half, i in painted_parts if half == phase} == {0, 1}


@pytest.fixture(scope="module")
def figures_4k(qapp: object) -> tuple[Sparse, Sparse]:
    loaded = load_deck(Path(ROOT) / "slides.yaml")
    layouts = [slide.layout for slide in loaded.deck.slides]
    index = layouts.index("figures")
    cache = SlideCache(limit=2)
    size = QSize(3840, 2160)
    return (cache.get(loaded, index - 1, "both", size, 1.0),
            cache.get(loaded, index, "both", size, 1.0))


def test_at_4k_the_fade_into_the_figures_slide_repaints_at_most_three_quarters_a_frame(
        figures_4k: tuple[Sparse, Sparse]) -> None:
    """The figures slide's cards and text, 5 million pixels at 4K, were repainted whole on
    every frame of its fade (9-13 ms a frame on a lobby PC's CPU)."""
    source, target = figures_4k
    fade = Transition("fade", source, target, 0.0, 0.5, period=THIRTY_HZ)
    assert fade.through
    screen = source.image()
    largest = max(area(region) for region in faded_to_the_end(fade, screen))
    assert largest <= MOST * max(area(source.content), area(target.content))
    assert screen == target.image()


@settings(max_examples=8, deadline=None)
@given(decks(slides=(2, 3)), screens(), st.sampled_from(["both", "ko", "en"]))
def test_decks_on_any_subject_and_screen_fade_in_parts_and_end_exactly(
        qapp: object, tmp_path_factory: pytest.TempPathFactory, deck: dict[str, object],
        screen: tuple[int, int], shown: str) -> None:
    """Generated decks (every layout, Korean and English of any length) at any screen shape,
    drawn small, with every slide made to fade in parts where a clean cut allows: the parts
    hold all of each slide's content, and each fade, stepped on the window's grid, ends on the
    arriving slide exactly."""
    loaded = load_deck(deck_yaml(deck, tmp_path_factory.mktemp("deck")))
    cache = SlideCache(limit=4)
    size = QSize(*reduced(screen, 360))
    slides = [cache.get(loaded, i, shown, size, 1.0) for i in range(len(loaded.deck.slides))]
    for slide in slides:
        assert_parts_of(slide, fade_parts(slide, above=0))
    for source, target in zip(slides, slides[1:], strict=False):
        fade = Transition("fade", source, target, 0.0, 0.5, period=THIRTY_HZ, split_above=0)
        screen_image = source.image()
        faded_to_the_end(fade, screen_image)
        assert screen_image == target.image()
