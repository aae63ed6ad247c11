"""The accessibility mode's room on a screen hung low: the always-visible button covers no slide
content (the slide keeps its band free), and `kiosk export --accessible` writes exactly the
pages the running mode shows, with the room its bar takes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from kiosk.controllers.controls import button_rect
from kiosk.deck import load_deck
from kiosk.deck.loader import LoadedDeck
from kiosk.ops.accessible_export import render_pages
from kiosk.ops.export import EXPORT_DPI, render_image
from kiosk.shell.session import Session
from tests.sessions import start_session

ROOT = Path(__file__).resolve().parents[1]
LOW = "  display: {bottom_cm: 30, height_cm: 100}\n"  # the screen: low, measured


@pytest.fixture
def low_deck(write_deck: Callable[[str], Path]) -> LoadedDeck:
    text = (ROOT / "slides.yaml").read_text(encoding="utf-8")
    return load_deck(write_deck(text.replace("deck:\n", "deck:\n" + LOW, 1)))


@pytest.fixture
def session(qtbot: QtBot, low_deck: LoadedDeck) -> Iterator[Session]:
    session = start_session(qtbot, low_deck, kiosk_mode=False)
    qtbot.waitUntil(lambda: session.window.width() == 1280)
    session.speech_engine = lambda: None  # these tests look, they do not listen
    yield session
    QGuiApplication.processEvents()
    session.quit()


def content_under(image: QImage, rect: QRect, background: QColor) -> int:
    """Pixels inside rect that are not the slide's background: what a button there would hide."""
    found = 0
    for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 1)):
        for x in range(max(0, rect.left()), min(image.width(), rect.right() + 1)):
            if image.pixelColor(x, y).rgb() != background.rgb():
                found += 1
    return found


@pytest.mark.timeout(120)
def test_the_button_on_a_low_screen_hides_no_slide_content(session: Session) -> None:
    window, nav = session.window, session.navigator
    w, h = window.width(), window.height()
    button = session.controls.access_button(w, h).rect
    assert button.bottom() < h - 40  # the screen is low: the button stands up in the slide
    background = QColor(session.loaded.deck.deck.theme.background)
    hidden = {}
    for index, slide in enumerate(session.loaded.deck.slides):
        nav.goto_slide(index)
        image = window.image_for(index, nav.shown)  # the slide as drawn, before the overlay
        scale = image.width() / w
        rect = QRect(round(button.left() * scale), round(button.top() * scale),
                     round(button.width() * scale), round(button.height() * scale))
        hidden[slide.id] = content_under(image, rect, background)
    assert not any(hidden.values()), hidden  # the cover's title had 1,043 pixels under it


def test_an_export_keeps_the_same_room_for_the_button(low_deck: LoadedDeck,
                                                      qapp: object) -> None:
    """A PNG of a slide is what the low screen shows: the title stands clear of the button."""
    button = button_rect(1920, 1080, EXPORT_DPI, low_deck.deck.deck.display)
    for index, slide in enumerate(low_deck.deck.slides):
        _, report = render_image(low_deck, index, 1920, 1080, "both")  # design px = px here
        covered = [p.text for p in report.placed if p.rect.intersects(button)]
        assert not covered, (slide.id, covered)


@pytest.mark.timeout(180)
@pytest.mark.parametrize("low", [True, False])
def test_the_accessible_export_has_the_live_modes_pages(qtbot: QtBot,
                                                        write_deck: Callable[[str], Path],
                                                        low: bool) -> None:
    text = (ROOT / "slides.yaml").read_text(encoding="utf-8")
    loaded = load_deck(write_deck(text.replace("deck:\n", "deck:\n" + LOW, 1) if low else text))
    session = start_session(qtbot, loaded, kiosk_mode=False)
    try:
        qtbot.waitUntil(lambda: session.window.width() == 1280)
        session.speech_engine = lambda: None
        window, nav = session.window, session.navigator
        nav.access.toggle()
        live_pages = exported_pages = 0
        for index in range(nav.count):
            nav.goto_slide(index)
            exported = render_pages(loaded, index, window.width(), window.height(), nav.shown)
            live = [window.current_image()]
            while nav.access.page < nav.access.pages - 1:
                nav.next()
                live.append(window.current_image())
            assert len(live) == len(exported), (index, len(live), len(exported))
            for page, (shown, (written, _)) in enumerate(zip(live, exported)):
                same = shown.convertToFormat(QImage.Format.Format_RGB32) == \
                    written.convertToFormat(QImage.Format.Format_RGB32)
                assert same, f"slide {index} page {page + 1} differs from the live mode's"
            live_pages += len(live)
            exported_pages += len(exported)
        assert live_pages == exported_pages
    finally:
        QGuiApplication.processEvents()
        session.quit()
