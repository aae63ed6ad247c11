"""Every image a deck names, decoded whole: a file cut short in a copy still has a valid header."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.deck.errors import Problem
from kiosk.deck.loader import LoadedDeck

# What libjpeg and libpng say when a file ends early or is damaged (Qt may still return a
# picture: the part that was read, or grey where data was missing).
_DAMAGE_WORDS = ("corrupt", "premature", "libpng error", "read error", "crc error", "truncated",
                 "bad adaptive", "invalid", "unexpected end")


def qt_app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(["kiosk-check"])


def image_errors(loaded: LoadedDeck) -> list[Problem]:
    """Images that exist but cannot be shown whole: not an image, too large, cut short."""
    _keep = qt_app()
    from PySide6.QtGui import QImageReader

    from kiosk.deck.checks import present_images
    from kiosk.render.layouts.image import ALLOCATION_LIMIT_MB, MAX_SIDE

    found = []
    for where, name, path in present_images(loaded.deck, loaded.folder):
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
            continue
        damage = decode_damage(path)
        if damage:
            found.append(loaded.problem_at(where, f"image '{name}' is damaged or cut short "
                                           f"({damage}); save or copy it again", "error"))
    return found


def decode_damage(path: Path) -> str | None:
    """Why the image cannot be decoded whole, or None: reading the header is not enough, a
    file cut off in a copy still has a valid one."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler
    from PySide6.QtGui import QImageReader

    from kiosk.render.pictures import STORE

    short = STORE.check(path)  # PNG chunks and JPEG markers to the end, as the kiosk reads it
    if short:
        return short
    said: list[str] = []

    def listen(_mode: QtMsgType, _context: object, message: str) -> None:
        said.append(message)

    previous = qInstallMessageHandler(listen)
    try:
        with stderr_to(said):  # libpng writes its errors to stderr itself
            reader = QImageReader(str(path))
            image = reader.read()
    finally:
        qInstallMessageHandler(previous)
    complaints = [m.strip() for m in said if any(w in m.lower() for w in _DAMAGE_WORDS)]
    if image.isNull():
        return "; ".join(complaints) or reader.errorString() or "it does not decode"
    return "; ".join(complaints) or None


@contextmanager
def stderr_to(lines: list[str]) -> Iterator[None]:
    """Collect what C libraries write to file descriptor 2 while decoding."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            lines.extend(sink.read().decode("utf-8", "replace").splitlines())

