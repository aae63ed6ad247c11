"""The fallback font's faces are opened only for a character Pretendard does not draw: opening a
face makes part of its file resident (a quarter of a megabyte each), which a deck in Korean and
English never needs to pay."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.decks import MINIMAL

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtGui import QGuiApplication, QImage, QPainter
app = QGuiApplication([])
from kiosk.deck import parse_deck
from kiosk.render.fonts import drawable, ensure_fonts
from kiosk.render.slide import render_slide

def faces_open():
    maps = Path("/proc/self/maps").read_text()
    return sorted({line.rsplit("/", 1)[1] for line in maps.splitlines() if ".otf" in line})

ensure_fonts()
loaded = parse_deck(sys.stdin.buffer.read(), Path("deck.yaml"))
image = QImage(1920, 1080, QImage.Format.Format_RGB32)
for index in range(len(loaded.deck.slides)):
    painter = QPainter(image)
    render_slide(painter, 1920, 1080, loaded.deck, index, "both", Path("."))
    painter.end()
print(" ".join(faces_open()))
print(drawable(sys.argv[1]).text)
print(" ".join(faces_open()))
"""


def test_the_fallback_faces_open_only_for_a_character_pretendard_lacks() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, "漢字 かな"], input=MINIMAL.encode(),
                          capture_output=True, timeout=120, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    before, text, after = done.stdout.decode().splitlines()
    assert before and "Pretendard-Regular.otf" in before.split()  # the slides were drawn
    assert "NotoSansKRKiosk" not in before
    assert text == "漢字 かな"  # the fallback still draws what Pretendard lacks
    assert "NotoSansKRKiosk" in after
