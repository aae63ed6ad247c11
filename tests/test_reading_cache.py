"""The accessibility mode's pages are kept as their content on their ground (render/tiles.py),
not as whole pictures: they show exactly the page that was drawn, cost a share of a whole
picture, and the window's neighbours are ready before a drag or a turn asks for them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from kiosk.deck import load_deck
from kiosk.deck.loader import LoadedDeck
from kiosk.render.reading_cache import PAGES_KEPT, ReadingCache
from kiosk.render.reading_draw import draw_page
from kiosk.render.tiles import Sparse
from kiosk.shell.session import Session
from tests.sessions import start_session

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def loaded() -> LoadedDeck:
    return load_deck(ROOT / "slides.yaml")


def whole_page(cache: ReadingCache, loaded: LoadedDeck, index: int, w: int, h: int,
               reserve: float, page: int) -> QImage:
    """The page drawn as one whole picture, as the mode kept it before."""
    pagination = cache.pagination(loaded.deck, index, "both", w, h, 1.0, reserve)
    image = QImage(w, h, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    draw_page(painter, pagination, page, w, h, loaded.deck, loaded.folder)
    painter.end()
    return image


@settings(max_examples=12, deadline=None)
@given(width=st.integers(480, 1600), shape=st.floats(0.45, 1.8), index=st.integers(0, 99),
       page=st.integers(0, 5), reserve=st.sampled_from([0.0, 60.0]))
def test_a_kept_page_shows_every_pixel_of_the_drawn_page_in_a_share_of_its_bytes(
        qapp: object, loaded: LoadedDeck, width: int, shape: float, index: int, page: int,
        reserve: float) -> None:
    w, h = width, max(240, round(width * shape))
    index %= len(loaded.deck.slides)
    cache = ReadingCache()
    pages = cache.pagination(loaded.deck, index, "both", w, h, 1.0, reserve).pages
    page %= pages
    # Qt's first drawings of some text at a new size may differ from later ones in a few
    # antialiased pixels (its glyph caches warming up): compare once drawing is steady.
    whole = whole_page(cache, loaded, index, w, h, reserve, page)
    for _ in range(5):
        again = whole_page(cache, loaded, index, w, h, reserve, page)
        if again == whole:
            break
        whole = again
    kept = cache.page(loaded.deck, loaded.folder, index, "both", w, h, 1.0, reserve, page)
    assert isinstance(kept, Sparse)
    assert kept.image() == whole  # the same pixels
    screen = QImage(w, h, QImage.Format.Format_RGB32)
    screen.fill(QColor("magenta"))
    painter = QPainter(screen)
    kept.draw(painter)
    painter.end()
    assert screen == whole  # drawn onto a screen, every pixel is covered
    assert kept.content.boundingRect().isValid()  # a page always holds some text


def test_the_pages_of_the_deck_are_kept_in_less_than_whole_pictures(
        qapp: object, loaded: LoadedDeck) -> None:
    w, h = 1920, 1080
    cache = ReadingCache(images=1000)
    wholes = 0
    for index in range(len(loaded.deck.slides)):
        for page in range(cache.pagination(loaded.deck, index, "both", w, h, 1.0, 0.0).pages):
            kept = cache.page(loaded.deck, loaded.folder, index, "both", w, h, 1.0, 0.0, page)
            wholes += w * h * 4
            assert kept.nbytes < w * h * 4, f"slide {index} page {page} kept whole"
    assert cache.nbytes < wholes / 2  # text on a black ground: most of a page is ground


def test_the_cache_keeps_the_last_pages_only(qapp: object, loaded: LoadedDeck) -> None:
    cache = ReadingCache()
    for index in range(len(loaded.deck.slides)):
        cache.page(loaded.deck, loaded.folder, index, "both", 640, 360, 1.0, 0.0, 0)
        assert len(cache) == min(index + 1, PAGES_KEPT)
    assert cache.has_page(len(loaded.deck.slides) - 1, "both", 640, 360, 1.0, 0.0, 0)
    assert not cache.has_page(0, "both", 640, 360, 1.0, 0.0, 0)


@pytest.fixture
def mode_session(qtbot: QtBot, loaded: LoadedDeck) -> Iterator[Session]:
    session = start_session(qtbot, loaded, kiosk_mode=False)
    session.speech_engine = lambda: None  # silence: these tests look, they do not listen
    session.navigator.access.toggle()
    yield session
    session.quit()


def test_the_modes_neighbours_are_ready_as_content_before_a_drag(
        mode_session: Session, qtbot: QtBot) -> None:
    window = mode_session.window
    nav = mode_session.navigator
    qtbot.keyClick(window, Qt.Key.Key_Right)
    reading = window._reading
    assert reading is not None
    w, h = window.width(), window.height()
    reserve = mode_session.controls.access_reserve(w, h)
    ratio = window.devicePixelRatio()

    def first_pages(index: int) -> int:
        return reading.pagination(nav.deck, index, nav.shown, w, h, ratio, reserve).pages

    def ready() -> bool:
        page = max(0, nav.access.page)
        pages = first_pages(nav.index)
        after = (nav.index, page + 1) if page + 1 < pages else ((nav.index + 1) % nav.count, 0)
        before = (nav.index, page - 1) if page > 0 else ((nav.index - 1) % nav.count, 0)
        return all(reading.has_page(i, nav.shown, w, h, ratio, reserve, p)
                   for i, p in ((nav.index, page), after, before))

    qtbot.waitUntil(ready, timeout=20000)  # drawn ahead in idle time, not inside a frame
    kept = list(reading._pages.values())
    assert len(kept) == PAGES_KEPT
    device = round(w * ratio) * round(h * ratio) * 4
    assert all(page.nbytes < device for page in kept)  # content only, not whole pictures
