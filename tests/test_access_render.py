"""The accessibility mode's enlarged pages, for every slide of both decks: nothing cut, shrunk,
lost or overlapping; and every drawn pair at 7:1 or more, measured from the rendered screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QImage, QPainter
from pytestqt.qtbot import QtBot

from kiosk.deck import load_deck
from kiosk.deck.fields import Shown
from kiosk.deck.loader import LoadedDeck
from kiosk.ops.accessible_export import render_pages
from kiosk.ops.export import render_image
from kiosk.render.contrast import MIN_RATIO, weakest_pair
from kiosk.render.reading_draw import ReadingPage, draw_page
from kiosk.render.reading_flow import ENLARGE, paginate
from kiosk.render.slide import canvas_size
from kiosk.shell.session import Session
from tests.contrast import box_pair, hex_colour, ratio, weak_touching_pairs
from tests.sessions import start_session

DISPLAY_ROLES = ("figure", "phone")


def _norm(text: str) -> str:
    return "".join(text.replace("\u2011", "-").split())


def _overlap(a: QRectF, b: QRectF) -> float:
    both = a.intersected(b)
    return max(0.0, both.width()) * max(0.0, both.height())


@pytest.fixture(scope="module")
def loaded(any_deck_path: Path) -> LoadedDeck:
    return load_deck(any_deck_path)


@pytest.mark.parametrize(("size", "langs"), [((1920, 1080), ("both", "ko", "en")),
                                             ((1080, 1920), ("both",))])
def test_every_slide_reflows_onto_pages_at_twice_the_size(
        qapp: object, loaded: LoadedDeck, size: tuple[int, int],
        langs: tuple[Shown, ...]) -> None:
    width, height = size
    body = loaded.deck.deck.theme.body_size
    for index, slide in enumerate(loaded.deck.slides):
        for shown in langs:
            where = f"{slide.id} {width}x{height} {shown}"
            pages = [report for _, report in render_pages(loaded, index, width, height, shown)]
            _check_pages(pages, where)
            paras = paginate(loaded.deck, index, shown, width, height).paras
            enlarged = [(_norm(p.text), p) for p in paras]
            _, normal = render_image(loaded, index, width, height, shown)
            for placed in normal.placed:
                text = _norm(placed.text)
                if placed.cut or not text:
                    continue
                owners = [p for t, p in enlarged if text in t]
                assert owners, f"{where}: {placed.text!r} is missing from the enlarged pages"
                exact = [p for p in owners
                         if text in (_norm(part) for part in p.text.split(" · "))]
                # the same words twice (a section and a title both "문의"): the larger
                para = max(exact, key=lambda p: p.size) if exact else \
                    min(owners, key=lambda p: len(p.text))
                if para.role in DISPLAY_ROLES:  # already display size: never below the
                    # normal view's, and at least twice the body text
                    assert para.size >= min(placed.size, ENLARGE * body * 0.62) - 0.01, where
                else:
                    assert para.size >= ENLARGE * placed.size - 0.01, \
                        f"{where}: {placed.text!r} at {para.size:.0f} is not twice " \
                        f"{placed.size:.0f}"


def _check_pages(pages: list[ReadingPage], where: str) -> None:
    assert pages and all(p.pages == len(pages) for p in pages)
    for page in pages:
        content = page.content.adjusted(-1, -1, 1, 1)
        for placed in page.placed:
            assert not placed.cut, f"{where}: {placed.text!r} is cut"
            assert content.contains(placed.rect), \
                f"{where} page {page.page + 1}: {placed.text!r} leaves the page"
        for n, a in enumerate(page.placed):
            for b in page.placed[n + 1:]:
                assert _overlap(a.rect, b.rect) < 1.0, \
                    f"{where} page {page.page + 1}: {a.text!r} overlaps {b.text!r}"
        for picture in page.pictures:
            assert content.contains(picture)


def test_the_palette_itself_is_seven_to_one() -> None:
    assert weakest_pair() >= MIN_RATIO


# ----- measured on the screen ------------------------------------------------------------------
@pytest.fixture
def mode_session(qtbot: QtBot, loaded: LoadedDeck) -> Iterator[Session]:
    session = start_session(qtbot, loaded, kiosk_mode=False)
    if loaded.deck.deck.title.en.startswith("Hanbit"):  # the outside deck is a portrait screen
        session.window.resize(720, 1280)
    qtbot.waitUntil(lambda: session.window.width() in (720, 1280))
    session.speech_engine = lambda: None  # silence: these tests look, they do not listen
    session.navigator.access.toggle()
    yield session
    session.quit()


def _page_reports(session: Session, index: int) -> list[ReadingPage]:
    """What the window's enlarged page drew, in device pixels' design units."""
    window = session.window
    w, h = window.width(), window.height()
    reserve = session.controls.access_reserve(w, h)
    pagination = paginate(session.loaded.deck, index, session.navigator.shown, w, h, reserve)
    image = QImage(w, h, QImage.Format.Format_RGB32)
    reports = []
    for page in range(pagination.pages):
        painter = QPainter(image)
        reports.append(draw_page(painter, pagination, page, w, h, session.loaded.deck,
                                 session.loaded.folder))
        painter.end()
    return reports


def test_every_drawn_pair_in_the_mode_is_seven_to_one(mode_session: Session) -> None:
    nav = mode_session.navigator
    window = mode_session.window
    w, h = window.width(), window.height()
    scale = canvas_size(w, h)[2]
    for index in range(nav.count):
        nav.goto_slide(index)
        reports = _page_reports(mode_session, index)
        assert nav.access.pages == len(reports)
        for report in reports:
            assert nav.access.page == report.page
            image = window.grab_image()
            where = f"{nav.slide.id} page {report.page + 1}"
            hidden = [_device(r, scale) for r in report.pictures]
            weak = weak_touching_pairs(image, MIN_RATIO, hidden)
            assert not weak, f"{where}: colours that touch below 7:1: {weak}"
            for placed in report.placed:
                fg, bg = box_pair(image, QRectF(_device(placed.rect, scale)))
                assert ratio(fg, bg) >= MIN_RATIO, \
                    f"{where}: {placed.text!r} {hex_colour(fg)} on {hex_colour(bg)}"
            for target in mode_session.controls.access_targets(w, h):
                fg, bg = box_pair(image, target.rect.adjusted(4, 4, -4, -4))
                assert ratio(fg, bg) >= MIN_RATIO, f"{where}: the {target.name} button"
            nav.next()


def test_the_countdown_in_the_mode_is_seven_to_one(mode_session: Session) -> None:
    nav = mode_session.navigator
    nav.countdown = 12
    image = mode_session.window.grab_image()
    nav.countdown = None
    assert not weak_touching_pairs(image, MIN_RATIO)
    w, h = mode_session.window.width(), mode_session.window.height()
    u = mode_session.controls.unit(w, h)
    width = min(w - 40 * u, 1500 * u)  # where shell/access.py puts the panel
    panel = QRectF((w - width) / 2 + 20 * u, h * 0.3 + 20 * u, width - 40 * u, 220 * u)
    fg, bg = box_pair(image, panel)
    assert hex_colour(bg) == "#FFE14D" and ratio(fg, bg) >= MIN_RATIO


def _device(rect: QRectF, scale: float) -> QRect:
    return QRectF(rect.left() * scale, rect.top() * scale, rect.width() * scale,
                  rect.height() * scale).toAlignedRect()


def test_the_smallest_text_in_the_mode_is_big_enough_on_a_small_kiosk(
        qapp: object, loaded: LoadedDeck) -> None:
    """KS X 9211 asks for characters of 7.25 mm on small kiosks: on a 15.6-inch 1080p panel
    (141 dpi) the mode's smallest Korean characters stand taller than that."""
    from PySide6.QtGui import QFontMetricsF

    from kiosk.render.fonts import font

    dpi = 141.0
    smallest = min(placed.size for index in range(len(loaded.deck.slides))
                   for _, report in render_pages(loaded, index, 1920, 1080, "both")
                   for placed in report.placed)
    hangul = QFontMetricsF(font(smallest)).tightBoundingRect("한").height()
    assert hangul / dpi * 25.4 >= 7.25


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 720), (1024, 768)])
def test_the_button_in_the_corner_covers_no_text(qapp: object, loaded: LoadedDeck,
                                                 size: tuple[int, int]) -> None:
    """Always on screen, so it must hide nothing: a quarter disc within the slide's margin."""
    from kiosk.controllers.controls import OnScreenControls
    from kiosk.navigator import Navigator

    width, height = size
    controls = OnScreenControls(Navigator(loaded.deck), lambda: [], dpi=96.0)
    radius = controls.access_button(width, height).rect.width()
    assert radius >= controls.target_size(width, height)  # still a full touch target
    scale = canvas_size(width, height)[2]
    for index, slide in enumerate(loaded.deck.slides):
        _, report = render_image(loaded, index, width, height, "both")
        for placed in report.placed:
            rect = _device(placed.rect, scale)
            nearest_x, nearest_y = max(rect.left(), 0), min(rect.bottom(), height)
            assert (nearest_x ** 2 + (height - nearest_y) ** 2) ** 0.5 > radius, \
                f"{slide.id} {width}x{height}: the button covers {placed.text!r}"
