"""The real window, offscreen: it fills its screen and the keyboard moves through slides."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from kiosk.deck import load_deck
from kiosk.shell.window import KioskWindow
from tests.sessions import start_session

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def window(qtbot: QtBot, any_deck_path: Path) -> KioskWindow:
    session = start_session(qtbot, load_deck(any_deck_path))
    yield session.window
    session.quit()


def test_window_covers_the_screen(window: KioskWindow) -> None:
    screen = QGuiApplication.primaryScreen().geometry()
    assert window.geometry() == screen
    assert window.cursor().shape() == Qt.CursorShape.BlankCursor
    assert window.flags() & Qt.WindowType.FramelessWindowHint


@pytest.mark.parametrize(("key", "expected"), [
    (Qt.Key.Key_Right, 1), (Qt.Key.Key_Space, 1), (Qt.Key.Key_PageDown, 1),
    (Qt.Key.Key_End, -1), (Qt.Key.Key_Left, -1), (Qt.Key.Key_PageUp, -1),
])
def test_keys_move_through_slides(window: KioskWindow, qtbot: QtBot, key: Qt.Key,
                                  expected: int) -> None:
    nav = window.navigator
    qtbot.keyClick(window, key)
    assert nav.index == expected % nav.count


def test_home_returns_to_first_and_unknown_keys_do_nothing(window: KioskWindow,
                                                           qtbot: QtBot) -> None:
    nav = window.navigator
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_X)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert nav.index == 2 and window.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert nav.index == 0


def test_the_shown_image_follows_the_slide(window: KioskWindow, qtbot: QtBot) -> None:
    first = window.current_image().copy()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.current_image() != first


def test_slide_cache_is_bounded_by_count_and_bytes(qapp: object) -> None:
    from PySide6.QtCore import QSize

    from kiosk.render.cache import CACHE_MINIMUM, CACHE_SCREENS, CACHE_SLIDES, SlideCache

    loaded = load_deck(ROOT / "slides.yaml")
    cache = SlideCache()
    for w, h in ((320, 180), (3840, 2160)):  # the bound follows the screen
        cache.clear()
        for index in range(len(loaded.deck.slides)):
            cache.get(loaded, index, "both", QSize(w, h), 1.0)
            assert len(cache) == min(index + 1, CACHE_MINIMUM) \
                or cache.nbytes <= CACHE_SCREENS * w * h * 4
            assert len(cache) <= CACHE_SLIDES
    assert cache.nbytes < 2 * 3840 * 2160 * 4  # kept as content, not as whole pictures


def test_what_comes_next_is_drawn_before_it_is_asked_for(window: KioskWindow,
                                                         qtbot: QtBot) -> None:
    from kiosk.shell.window import PREFETCH_SLIDES

    nav = window.navigator
    size, ratio = window.size(), window.devicePixelRatio()

    def ready() -> bool:
        keys = [(nav.index, nav.shown), *nav.upcoming()[:PREFETCH_SLIDES]]
        return all(window.cache.has(index, shown, size, ratio) for index, shown in keys)

    qtbot.waitUntil(ready)  # on screen, and the likeliest next slides beside it
    assert nav.upcoming()[0][0] in (0, 1)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert nav.index == 1
    qtbot.waitUntil(ready)
    assert window.cache.has(2 % nav.count, nav.shown, size, ratio)
