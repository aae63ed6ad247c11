"""A slide, a continued page, an accessibility page and an alert cover every pixel of the picture
they are drawn into, whatever it held before: at sizes whose scale leaves the canvas a hair short
of the device (635 px), the antialiased ground once covered the last column 99 % and let through
what was there: uninitialised memory in a new picture. The kept tiles then differed from the
ground by a level there, and two drawings of one page were not the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.deck import load_deck
from kiosk.deck.fields import Text
from kiosk.deck.loader import LoadedDeck
from kiosk.render.alert import paint_alert
from kiosk.render.reading_cache import ReadingCache
from kiosk.render.reading_draw import draw_page
from kiosk.render.slide import render_slide, slide_pages

ROOT = Path(__file__).resolve().parents[1]
BEFORE = ("#ff00ff", "#00ff00")  # what the picture held: two colours far from any ground


@pytest.fixture(scope="module")
def loaded() -> LoadedDeck:
    return load_deck(ROOT / "tests" / "fixtures" / "hospital" / "slides.yaml")


def drawn_over(before: str, w: int, h: int, draw: object) -> QImage:
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor(before))
    painter = QPainter(image)
    try:
        draw(painter)  # type: ignore[operator]
    finally:
        painter.end()
    return image


sizes = st.tuples(st.integers(320, 1400), st.integers(240, 1400))


@settings(max_examples=15, deadline=None)
@given(size=sizes, index=st.integers(0, 99), page=st.integers(0, 3))
@example(size=(635, 635), index=9, page=0)
def test_a_slide_covers_every_pixel(qapp: object, loaded: LoadedDeck, size: tuple[int, int],
                                    index: int, page: int) -> None:
    w, h = size
    index %= len(loaded.deck.slides)
    page %= slide_pages(w, h, loaded.deck, index, "both", loaded.folder)
    first, second = (drawn_over(before, w, h, lambda p: render_slide(
        p, w, h, loaded.deck, index, "both", loaded.folder, page)) for before in BEFORE)
    assert first == second


@settings(max_examples=15, deadline=None)
@given(size=sizes, index=st.integers(0, 99), page=st.integers(0, 5))
@example(size=(635, 635), index=9, page=4)  # found by a test of the mode's kept pages
def test_an_accessibility_page_covers_every_pixel(qapp: object, loaded: LoadedDeck,
                                                  size: tuple[int, int], index: int,
                                                  page: int) -> None:
    w, h = size
    index %= len(loaded.deck.slides)
    pagination = ReadingCache().pagination(loaded.deck, index, "both", w, h, 1.0, 0.0)
    page %= pagination.pages
    first, second = (drawn_over(before, w, h, lambda p: draw_page(
        p, pagination, page, w, h, loaded.deck, loaded.folder)) for before in BEFORE)
    assert first == second


@settings(max_examples=10, deadline=None)
@given(size=sizes)
@example(size=(635, 635))
def test_an_alert_covers_every_pixel(qapp: object, size: tuple[int, int]) -> None:
    w, h = size
    title = Text(ko="화재 경보", en="Fire alarm")
    body = Text(ko="가까운 비상계단으로 내려가 주세요", en="Walk down the nearest stairs")
    first, second = (drawn_over(before, w, h, lambda p: paint_alert(
        p, w, h, "emergency", title, body)) for before in BEFORE)
    assert first == second
