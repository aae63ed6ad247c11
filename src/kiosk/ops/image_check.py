"""Every image a deck names, decoded whole: a file cut short in a copy still has a valid header.

This runs on the fleet's poll thread as well as in `kiosk check`, so it owns everything it uses:
the file's bytes, read once, are checked structurally (PNG chunks and checksums up to IEND, JPEG
markers up to the end) and decoded by a reader and buffer of its own. It writes to no shared
cache (the window's picture store belongs to the UI thread) and leaves the process's stderr
alone; the decoder's warnings (a JPEG damaged inside its compressed data says so only there) are
heard through `qt_messages`, which hands each thread only its own.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.deck.errors import Problem
from kiosk.deck.loader import LoadedDeck
from kiosk.ops.qt_messages import collect

# What a decoder's warning says when the picture is damaged (libjpeg: "Corrupt JPEG data: ...",
# "Premature end of JPEG file", "Invalid JPEG file structure", "Huffman table ...").
DAMAGE_WORDS = ("corrupt", "premature", "libpng error", "read error", "crc error", "truncated",
                "bad adaptive", "invalid", "unexpected end", "huffman", "bogus")


def qt_app() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    existing = QGuiApplication.instance()
    if existing is not None or threading.current_thread() is not threading.main_thread():
        return existing  # an application is made on the main thread only; readers need none
    return QGuiApplication(["kiosk-check"])


def image_errors(loaded: LoadedDeck) -> list[Problem]:
    """Images that exist but cannot be shown whole: not an image, too large, cut short."""
    _keep = qt_app()
    from kiosk.deck.checks import present_images

    found = []
    for where, name, path in present_images(loaded.deck, loaded.folder):
        why = image_problem(name, path)
        if why is not None:
            found.append(loaded.problem_at(where, why, "error"))
    return found


def image_problem(name: str, path: Path) -> str | None:
    """What is wrong with the image file at `path` (named `name` in the deck), or None."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImageReader

    from kiosk.render.layouts.image import ALLOCATION_LIMIT_MB, MAX_SIDE
    from kiosk.render.pictures import damage, named_format

    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"image '{name}' cannot be read ({exc.strerror}); expected a PNG, JPEG or SVG file"
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    # the buffer stays referenced here while the reader reads
    reader = QImageReader(buffer, named_format(data))
    size = reader.size()
    if reader.canRead() and size.isValid() and \
            size.width() * size.height() * 4 > ALLOCATION_LIMIT_MB * 1024 * 1024:
        return (f"image '{name}' is too large ({size.width()}x{size.height()}); expected at "
                f"most about {MAX_SIDE}x{MAX_SIDE} pixels")
    if not reader.canRead() or not size.isValid():
        return (f"image '{name}' cannot be read as an image ({reader.errorString()}); expected "
                "a PNG, JPEG or SVG file")
    short = damage(data)  # structure to the end, before any decoder sees the bytes
    if short is None:
        said: list[str] = []
        with collect(said):
            image = reader.read()
        complaints = [m.strip() for m in said if any(w in m.lower() for w in DAMAGE_WORDS)]
        if image.isNull():
            short = "; ".join(complaints) or reader.errorString() or "it does not decode"
        elif complaints:
            short = "; ".join(complaints)
    buffer.close()
    if short:
        return f"image '{name}' is damaged or cut short ({short}); save or copy it again"
    return None


@contextmanager
def stderr_to(lines: list[str]) -> Iterator[None]:
    """Collect what C libraries write to file descriptor 2 while decoding. For `kiosk check`
    alone (a one-shot process, one thread): never in a running kiosk, whose other
    threads' messages it would swallow."""
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

