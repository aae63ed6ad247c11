"""Qt's font engines let go while a slide stands (render/text_lines.let_fonts_go, called once the
slides in reach are drawn): every later drawing opens what it needs again and looks as the first
drawing after a start does. (Not always as a drawing by warm engines: Qt's glyph cache keeps a
glyph as first drawn, so a warm drawing can differ from a first one by a shade on some edge
pixels; that was so before, and letting go brings back the look of a start.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
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


SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtGui import QGuiApplication, QImage, QPainter
app = QGuiApplication([])
from kiosk.deck import load_deck
from kiosk.render.fonts import drawable
from kiosk.render.slide import render_slide
from kiosk.render.text_lines import let_fonts_go

def fonts_mapped():
    maps = Path("/proc/self/maps").read_text()
    return sorted({line.rsplit("/", 1)[1] for line in maps.splitlines() if ".otf" in line})

def draw(index):
    loaded = load_deck(Path(sys.argv[1]))
    image = QImage(1920, 1080, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    render_slide(painter, 1920, 1080, loaded.deck, index, "both", loaded.folder)
    painter.end()

draw(0)
print(" ".join(fonts_mapped()))
let_fonts_go()
print(" ".join(fonts_mapped()))
draw(1)
print(" ".join(fonts_mapped()))
print(drawable("양재 Yangjae").text)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_no_font_file_stays_mapped_once_the_fonts_are_let_go() -> None:
    """What a standing slide holds of the fonts: nothing, until the next drawing maps them."""
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(DECKS["bundled"])],
                          capture_output=True, timeout=120, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    drawn, let_go, drawn_again, text = done.stdout.decode().splitlines()
    assert "Pretendard-Regular.otf" in drawn.split()
    assert let_go == ""
    assert "Pretendard-Regular.otf" in drawn_again.split()
    assert text == "양재 Yangjae"
