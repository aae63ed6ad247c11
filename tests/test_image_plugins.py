"""A running kiosk loads only the image plugins its pictures need. Bytes read with no format
named make Qt load every image plugin it has to ask each whether it reads them (SVG with
libQt6Svg, TIFF, WebP, ...), and they stay mapped for the kiosk's whole life: memory a lobby PC
pays for pictures the deck does not have. The window's icon was read that way at every start."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.conftest import DECK

HOSPITAL = Path(__file__).parent / "fixtures" / "hospital"
LOADED = re.compile(r'imageformats/(lib\w+)\.\w+" loaded library')


def plugins_loaded(deck: Path, tmp_path: Path) -> set[str]:
    """The image plugins a `kiosk run` of this deck loaded, from Qt's own plugin log."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_DEBUG_PLUGINS": "1",
           "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "kiosk", "run", str(deck), "--verbose",
                           "--exit-after", "3"],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "first frame drawn" in done.stderr, done.stderr[-3000:]
    return set(LOADED.findall(done.stderr))


@pytest.mark.timeout(180)
def test_a_deck_without_pictures_loads_no_image_plugin(tmp_path: Path) -> None:
    assert plugins_loaded(DECK, tmp_path) == set()


@pytest.mark.timeout(180)
def test_a_deck_of_png_and_jpeg_pictures_loads_only_the_jpeg_plugin(qapp: object,
                                                                    tmp_path: Path) -> None:
    deck = tmp_path / "deck"
    shutil.copytree(HOSPITAL, deck)
    photo = QImage(320, 200, QImage.Format.Format_RGB32)
    photo.fill(QColor("#3a7"))
    assert photo.save(str(deck / "assets" / "garden.jpg"), "JPEG")
    text = (deck / "slides.yaml").read_text(encoding="utf-8")
    # the cover (drawn first) becomes a JPEG; the garden slide stays a PNG
    (deck / "slides.yaml").write_text(text.replace("image: assets/wing.png",
                                                   "image: assets/garden.jpg", 1),
                                      encoding="utf-8")
    assert plugins_loaded(deck / "slides.yaml", tmp_path / "home") == {"libqjpeg"}
