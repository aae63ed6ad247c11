"""The first frame, remembered from the last start, shown before the deck model is imported.

After a power cut the lobby sees a slide as soon as Qt is up, instead of a black screen while
Python imports pydantic, validates the deck and lays out text. The remembered frame is exactly what
the renderer drew last time for the same deck bytes, assets, program, screen size and language;
anything else gives a different key and nothing is shown early. This module imports only QtCore
and QtGui, never the deck model.

The frame is stored as raw pixels behind a small header, read straight into the picture's own
memory: nothing is decoded on the way to the screen, so a 4K frame (33 MB, read from the page
cache in a few ms) shows as soon as a 1080p one, where a PNG took ~0.25 s longer to decode.
"""

from __future__ import annotations

import hashlib
import os
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QRect, Qt
from PySide6.QtGui import QCursor, QImage, QPainter, QPaintEvent, QRasterWindow, QWindow

from kiosk.platform import paths, process_age

KEEP = 4  # remembered frames (screen sizes, languages, deck versions): 8 MB each at 1080p
_T = QEvent.Type
INPUT = {_T.KeyPress, _T.KeyRelease, _T.MouseButtonPress, _T.MouseButtonRelease,
         _T.MouseButtonDblClick, _T.MouseMove, _T.TouchBegin, _T.TouchUpdate, _T.TouchEnd,
         _T.TouchCancel, _T.Wheel}
HELD_INPUT = 500  # events kept until the kiosk's window takes them (a held key's repeats)
MAX_ASSET_FILES = 500
SUFFIX = ".frame"
MAGIC = b"KIOSKFRAME1\n"
HEADER = struct.Struct("<12sIIIId")  # magic, width, height, bytes per line, QImage format, ratio
FORMAT = QImage.Format.Format_RGB32


def _folder() -> Path:
    from kiosk.ops.logs import APPLICATION, ORGANIZATION

    override = os.environ.get("KIOSK_CACHE_DIR")
    if override:
        return Path(override) / "first-frame"
    windows = paths.windows_home()
    if windows is not None:
        return windows / "cache" / "first-frame"
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(base or Path.home() / ".cache" / ORGANIZATION) / "first-frame"


def _program_identity(h: hashlib._Hash) -> None:
    from kiosk.resources import executable

    program = executable()
    if program is not None:
        info = program.stat()
        h.update(f"{info.st_size}:{info.st_mtime_ns}".encode())
        return
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        info = path.stat()
        h.update(f"{path.name}:{info.st_size}:{info.st_mtime_ns}".encode())


def frame_key(deck: Path, width: int, height: int, ratio: float, lang: str | None) -> str | None:
    h = hashlib.sha256()
    try:
        h.update(deck.read_bytes())
        count = 0
        for root, _dirs, files in os.walk(deck.parent / "assets"):
            for name in sorted(files):
                info = os.stat(os.path.join(root, name))
                h.update(f"{name}:{info.st_size}:{info.st_mtime_ns}".encode())
                count += 1
                if count > MAX_ASSET_FILES:
                    return None
        _program_identity(h)
    except OSError:
        return None
    h.update(f"{width}x{height}@{ratio}:{lang}".encode())
    return h.hexdigest()[:32]


def load(key: str | None) -> QImage | None:
    """The remembered frame for `key`, or None (none stored, or a file that is not whole)."""
    if key is None:
        return None
    try:
        with open(_folder() / f"{key}{SUFFIX}", "rb") as f:
            head = f.read(HEADER.size)
            if len(head) != HEADER.size:
                return None
            magic, width, height, line, fmt, ratio = HEADER.unpack(head)
            if magic != MAGIC or fmt != FORMAT.value or not 0 < width <= 16384 \
                    or not 0 < height <= 16384 or line != width * 4:
                return None
            image = QImage(width, height, FORMAT)
            if image.isNull() or image.sizeInBytes() != line * height:
                return None
            if f.readinto(image.bits()) != line * height:
                return None  # cut short: the next start writes it again
    except OSError:
        return None
    image.setDevicePixelRatio(ratio)
    return image


def store(key: str | None, image: QImage) -> None:
    """Remember a first frame (written aside then renamed: a half file is never read)."""
    if key is None:
        return
    folder = _folder()
    target = folder / f"{key}{SUFFIX}"
    if target.exists():
        return
    if image.format() != FORMAT:
        image = image.convertToFormat(FORMAT)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{key}.{os.getpid()}{SUFFIX}"
        try:
            with open(partial, "wb") as f:
                f.write(HEADER.pack(MAGIC, image.width(), image.height(), image.bytesPerLine(),
                                    FORMAT.value, image.devicePixelRatio()))
                f.write(image.constBits())
            partial.replace(target)
        finally:  # a full disk fails the write half-way: leave no half file behind
            partial.unlink(missing_ok=True)
        for old in folder.glob("*.png"):  # the earlier versions' compressed frames
            old.unlink(missing_ok=True)
        for old in sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache only costs the next start its head start


class PreviewWindow(QRasterWindow):
    """A full-screen picture of the first slide, until the kiosk's own window has drawn."""

    def __init__(self, image: QImage, kiosk_mode: bool,
                 on_first_paint: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.image = image
        self.on_first_paint = on_first_paint
        self.painted = False
        self._x11_background = False  # the X server holds a copy of the picture as background
        self._input_target: QWindow | None = None
        self._held_input: list[QEvent] = []
        if kiosk_mode:
            self.setFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint
                          | Qt.WindowType.WindowStaysOnTopHint)
            self.setCursor(QCursor(Qt.CursorShape.BlankCursor))

    def show_full_screen(self) -> None:
        """Up on the whole screen (set its screen and geometry first). On X11 the picture is
        the native window's background first, so the server shows it as part of the map itself:
        no moment of black (or of whatever was there) before the first paint, at any size."""
        from kiosk.shell import x11_background

        self.winId()  # the native window, not yet mapped
        self._x11_background = x11_background.set_background(self, self.image)
        self.showFullScreen()

    def hand_input_to(self, window: QWindow) -> None:
        """From now on this window's input goes to `window` (the kiosk's, the same size and
        place), starting with what came while nobody was there to take it."""
        self._input_target = window
        held, self._held_input = self._held_input, []
        for event in held:
            QCoreApplication.sendEvent(window, event)

    def event(self, event: QEvent) -> bool:
        """This window has the keyboard focus while it is up: keys and touches that come to it
        are kept (copies, with their own timestamps) and handed on, never dropped."""
        if event.type() in INPUT:
            target = getattr(self, "_input_target", None)
            copy = event.clone()
            if target is not None:
                QCoreApplication.sendEvent(target, copy)
            elif len(self._held_input) < HELD_INPUT:
                self._held_input.append(copy)
            return True
        return super().event(event)

    def dispose(self) -> None:
        """Gone once the kiosk's window has drawn: its picture and backing store are freed."""
        self._held_input = []  # (events still on their way here go on to the kiosk's window)
        self._let_background_go()  # (while mapped: the server must paint it once more)
        self.hide()
        self.image = QImage()
        self.destroy()
        self.deleteLater()

    def _let_background_go(self) -> None:
        """The X server's copy of the picture goes, at Qt's first paint or, if the kiosk's own
        window drew before that, when this window goes."""
        if self._x11_background:
            from kiosk.shell import x11_background

            x11_background.clear_background(self)
            self._x11_background = False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        try:
            painter.drawImage(QRect(0, 0, self.width(), self.height()), self.image)
        finally:
            painter.end()
        if not self.painted:
            self.painted = True
            self._let_background_go()  # Qt's drawing is there now: the server's copy can go
            if self.on_first_paint is not None:
                self.on_first_paint()


_IMPORTED = time.monotonic()


def since_process_start() -> float:
    """Seconds since this process was exec'd where the system says (Linux); else since this
    module loaded."""
    age = process_age.since_exec()
    return age if age is not None else time.monotonic() - _IMPORTED


def report_first_frame(label: str = "first-frame") -> None:
    """One line on stderr that start-up benchmarks read: the process's age at its first frame
    (the remembered one or the live one, whichever came first), or at the `label`led one."""
    print(f"{label} {since_process_start():.3f} monotonic={time.monotonic():.3f}",
          flush=True, file=sys.stderr)
