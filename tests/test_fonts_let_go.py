"""Qt's font engines let go while a slide stands (render/text_lines.let_fonts_go, called once the
slides in reach are drawn): every later drawing opens what it needs again and looks as the first
drawing after a start does. (Not always as a drawing by warm engines: Qt's glyph cache keeps a
glyph as first drawn, so a warm drawing can differ from a first one by a shade on some edge
pixels; that was so before, and letting go brings back the look of a start.)"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QImage, QPainter

from kiosk.deck import load_deck
from kiosk.render import text_lines
from kiosk.render.slide import render_slide
from tests.conftest import DECKS


def drawn(path: Path, index: int, shown: str, size: tuple[int, int]) -> QImage:
    loaded = load_deck(path)
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        render_slide(painter, size[0], size[1], loaded.deck, index % len(loaded.deck.slides),
                     shown, loaded.folder)  # type: ignore[arg-type]
    finally:
        painter.end()
    return image


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(deck=st.sampled_from(sorted(DECKS)), index=st.integers(0, 40),
       shown=st.sampled_from(["both", "ko", "en"]),
       size=st.sampled_from([(1920, 1080), (1080, 1920), (1280, 720)]),
       let_go_between=st.booleans())
def test_a_slide_drawn_after_the_fonts_were_let_go_looks_the_same(
        qapp: object, deck: str, index: int, shown: str, size: tuple[int, int],
        let_go_between: bool) -> None:
    text_lines.let_fonts_go()  # engines as at a start, whatever other tests drew before
    first = drawn(DECKS[deck], index, shown, size)
    text_lines.let_fonts_go()
    if let_go_between:  # a second drawing of another slide in between, then let go again
        drawn(DECKS[deck], index + 1, shown, size)
        text_lines.let_fonts_go()
    again = drawn(DECKS[deck], index, shown, size)
    assert again == first
