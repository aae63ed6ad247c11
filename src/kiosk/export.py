"""Slides to image files through the same renderer the screen uses."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage, QPainter

from kiosk.deck.loader import LoadedDeck
from kiosk.navigator.state import Shown
from kiosk.render.slide import Rendered, render_slide


def render_image(loaded: LoadedDeck, index: int, width: int, height: int,
                 shown: Shown) -> tuple[QImage, Rendered]:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        report = render_slide(painter, width, height, loaded.deck, index, shown, loaded.folder)
    finally:
        painter.end()
    return image, report


def export_png(loaded: LoadedDeck, out: Path, width: int, height: int,
               shown: Shown) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index, slide in enumerate(loaded.deck.slides):
        image, _ = render_image(loaded, index, width, height, shown)
        path = out / f"{index + 1:02d}-{slide.id}.png"
        if not image.save(str(path), "PNG"):
            raise OSError(f"cannot write {path}")
        written.append(path)
    return written
