"""Checks that need the renderer: text that would have to shrink below the minimum size."""

from __future__ import annotations

import os

from kiosk.deck.errors import Problem
from kiosk.deck.loader import LoadedDeck

CHECK_SIZES = ((1920, 1080), (1080, 1920))


def image_errors(loaded: LoadedDeck) -> list[Problem]:
    """Images that exist but Qt cannot read (a text file named .png, a truncated JPEG...)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImageReader

    from kiosk.deck.checks import image_paths, resolve_image
    from kiosk.render.layouts.image import ALLOCATION_LIMIT_MB, MAX_SIDE

    _app = QGuiApplication.instance() or QGuiApplication(["kiosk-check"])
    found = []
    for where, name in image_paths(loaded.deck):
        path = resolve_image(loaded.folder, name)
        if path is None or not path.is_file():
            continue  # reported by the deck's own checks
        reader = QImageReader(str(path))
        size = reader.size()
        if reader.canRead() and size.isValid() and \
                size.width() * size.height() * 4 > ALLOCATION_LIMIT_MB * 1024 * 1024:
            found.append(loaded.problem_at(where, f"image '{name}' is too large "
                                           f"({size.width()}x{size.height()}); expected at most "
                                           f"about {MAX_SIDE}x{MAX_SIDE} pixels", "error"))
            continue
        if not reader.canRead() or not size.isValid():
            found.append(loaded.problem_at(where, f"image '{name}' cannot be read as an image "
                                           f"({reader.errorString()}); expected a PNG, JPEG or "
                                           "SVG file", "error"))
    return found


def render_warnings(loaded: LoadedDeck) -> list[Problem]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(["kiosk-check"])
    from kiosk.ops.export import render_image
    from kiosk.render.frame import Note

    found: dict[tuple[int, Note], Problem] = {}
    for index, slide in enumerate(loaded.deck.slides):
        for width, height in CHECK_SIZES:
            for shown in ("both", "ko", "en"):
                _, report = render_image(loaded, index, width // 4, height // 4, shown)
                for note in report.notes:
                    key = (index, note)
                    if key not in found:
                        found[key] = loaded.problem_at(
                            ("slides", index), f"slide '{slide.id}': {note.message} "
                            f"({width}x{height}, {shown})")
    return list(found.values())
