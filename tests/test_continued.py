"""A slide whose layout cannot hold every word continues on further pages that play after it:
in the navigator (autoplay and page turns, both ways) and on the real window's pixels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.deck import load_deck
from kiosk.navigator import Navigator
from tests.decks import MINIMAL
from tests.sessions import start_session
from tests.test_navigator import FakeClock

LONG_EN = " ".join(f"Ward {n} of the children's wing opens in March 2026." for n in range(30))
LONG_KO = " ".join(f"어린이병원 {n}병동은 2026년 3월에 문을 엽니다." for n in range(30))
# Slide 'one' (a statement) says far more than one screen holds.
CONTINUED = MINIMAL.replace("    statement: {ko: 첫 번째, en: First}",
                            f"    statement: {{ko: \"{LONG_KO}\", en: \"{LONG_EN}\"}}")


def test_autoplay_plays_every_page_then_the_next_slide(write_deck: Callable[[str], Path]
                                                       ) -> None:
    deck = load_deck(write_deck(CONTINUED)).deck
    clock = FakeClock()
    nav = Navigator(deck, clock=clock, language="both")
    nav.pages = 3  # what the window's renderer counts for this screen
    seen = [(nav.index, nav.page)]
    for _ in range(4):
        clock.advance(deck.duration_of(0) + 0.01, nav)
        seen.append((nav.index, nav.page))
    assert seen == [(0, 0), (0, 1), (0, 2), (1, 0), (0, 0)]


def test_turning_back_lands_on_the_last_page(write_deck: Callable[[str], Path]) -> None:
    deck = load_deck(write_deck(CONTINUED)).deck
    nav = Navigator(deck, clock=FakeClock(), language="both", autoplay=False)
    nav.pages = 2
    nav.next()
    assert (nav.index, nav.page) == (0, 1)
    nav.next()
    assert (nav.index, nav.page) == (1, 0)
    nav.prev()
    nav.pages = 2  # counted again when the slide is drawn
    assert (nav.index, nav.page) == (0, 1)
    nav.prev()
    assert (nav.index, nav.page) == (0, 0)


def test_the_window_shows_the_continued_pages_in_order(qtbot: QtBot,
                                                       write_deck: Callable[[str], Path]
                                                       ) -> None:
    session = start_session(qtbot, load_deck(write_deck(CONTINUED)), autoplay=False)
    try:
        window, nav = session.window, session.navigator
        qtbot.waitUntil(lambda: nav.pages > 1)
        pages: list[QImage] = [window.current_image().copy()]
        for page in range(1, nav.pages):
            nav.next()
            qtbot.waitUntil(lambda page=page: nav.page == page)  # type: ignore[misc]
            pages.append(window.current_image().copy())
        assert nav.index == 0
        assert len({bytes(image.constBits()) for image in pages}) == len(pages)  # type: ignore[call-overload]
        nav.next()
        assert (nav.index, nav.page) == (1, 0)
    finally:
        session.quit()


def test_a_deck_may_drop_the_english_where_both_do_not_fit(
        write_deck: Callable[[str], Path], run_cli: Callable[..., tuple[int, str, str]],
        qapp: object) -> None:
    """display.overflow: primary: where both languages cannot fit, Korean alone (said by check);
    continuing on further pages only when even that does not fit."""
    from kiosk.ops.export import render_image

    deck = CONTINUED.replace(f"ko: \"{LONG_KO}\"", "ko: \"어린이병원 새 병동이 문을 엽니다\"")
    deck = deck.replace("    statement:", f"    detail: {{ko: 2026년 3월, en: \"{LONG_EN}\"}}\n"
                        "    statement:", 1)
    deck = deck.replace("  sections:\n", "  display: {overflow: primary}\n  sections:\n", 1)
    path = write_deck(deck)
    loaded = load_deck(path)
    _, both = render_image(loaded, 0, 1024, 768, "both")
    assert both.pages == 1 and not both.lost
    assert [d.text for d in both.account if d.field == ("statement",)] == \
        ["어린이병원 새 병동이 문을 엽니다"]
    assert "secondary_dropped" in {n.kind for n in both.notes}
    _, english = render_image(loaded, 0, 1024, 768, "en")  # English alone: it continues
    assert english.pages > 1
    code, _, err = run_cli("check", str(path))
    assert code == 0 and "shows only Korean at this screen" in err
