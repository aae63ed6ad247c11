"""The files behind image slides, read whole and kept: a bad copy never blanks a picture.

An operator replaces a picture while the kiosk runs, and the copy is cut short (a full USB stick,
a network drop) or is not a picture at all. Qt then decodes nothing, or the top of the picture
over grey. So a file is checked whole before it is used — a PNG chunk by chunk with its checksums
up to IEND, a JPEG up to its end marker, anything else by decoding it — and the last whole version
of each path is kept (its bytes, not the decoded picture: a few hundred kB instead of tens of MB).
A slide drawn again later, after the cache let it go, still shows that version; the reload
watcher tells the operator why the new one is not shown.
"""

from __future__ import annotations

import logging
import struct
import zlib
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QImageReader

log = logging.getLogger(__name__)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START, JPEG_END = b"\xff\xd8", b"\xff\xd9"


def crop(picture: QSizeF, box: QSizeF, focus: tuple[float, float]) -> QRectF:
    """The part of a picture that fills a box of another shape: as much of the picture as the
    box's shape allows, placed so the focus (0–1 from the picture's left and top) is as near
    the box's middle as the picture's edges allow, and so always in view."""
    if picture.isEmpty() or box.isEmpty():
        return QRectF(0, 0, picture.width(), picture.height())
    size = QSizeF(box).scaled(picture, Qt.AspectRatioMode.KeepAspectRatio)

    def start(span: float, kept: float, at: float) -> float:
        return min(max(span * at - kept / 2, 0.0), span - kept)

    return QRectF(start(picture.width(), size.width(), focus[0]),
                  start(picture.height(), size.height(), focus[1]), size.width(), size.height())


def cut_share(picture: QSizeF, kept: QRectF) -> float:
    """The share of a picture's area a crop leaves out."""
    whole = picture.width() * picture.height()
    return 1.0 - kept.width() * kept.height() / whole if whole > 0 else 0.0


def png_damage(data: bytes) -> str | None:
    """Why a PNG is not whole (a chunk cut short, a wrong checksum, no IEND), or None."""
    if not data.startswith(PNG_SIGNATURE):
        return "not a PNG file"
    offset = len(PNG_SIGNATURE)
    while offset + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, offset)
        end = offset + 12 + length
        name = kind.decode("latin-1")
        if end > len(data):
            return f"the file ends inside its {name} chunk"
        (crc,) = struct.unpack_from(">I", data, end - 4)
        if zlib.crc32(data[offset + 4:end - 4]) & 0xFFFFFFFF != crc:
            return f"the checksum of its {name} chunk is wrong"
        if kind == b"IEND":
            return None
        offset = end
    return "the file ends before its IEND chunk"


def jpeg_damage(data: bytes) -> str | None:
    """Why a JPEG is not whole (it ends before its end marker), or None. Bytes after the end
    marker are allowed: phones append a video to "motion photos"."""
    if not data.startswith(JPEG_START):
        return "not a JPEG file"
    offset = len(JPEG_START)
    while offset + 4 <= len(data):  # the headers, segment by segment, up to the first scan
        if data[offset] != 0xFF:
            return "its headers are damaged"
        marker = data[offset + 1]
        if marker == 0xFF:  # a fill byte
            offset += 1
            continue
        (length,) = struct.unpack_from(">H", data, offset + 2)
        if marker == 0xDA:
            # In the compressed data a 0xFF byte is always followed by 0x00 or a restart
            # marker, so the first end marker after the scan starts is the real one (an EXIF
            # thumbnail's own end marker sits in a header, skipped above).
            if data.find(JPEG_END, offset + 2 + length) < 0:
                return "the file ends before its end marker"
            return None
        offset += 2 + length
    return "the file ends in its headers"


def damage(data: bytes) -> str | None:
    """Why these bytes are not a whole picture, or None."""
    if data.startswith(PNG_SIGNATURE):
        return png_damage(data)
    if data.startswith(JPEG_START):
        return jpeg_damage(data)
    device = _device(data)  # held here: the reader does not own it
    reader = QImageReader(device, named_format(data))
    if not reader.canRead():
        return "not a picture Qt can read"
    size = reader.size()
    if size.isValid() and not size.isEmpty():
        return None  # SVG, GIF, WebP...: the header names a size; decoding waits for the draw
    return reader.errorString() or "not a picture Qt can read"


def named_format(data: bytes) -> bytes:
    """The format of these bytes when their first bytes say it (PNG, JPEG), for the reader:
    with no format named, Qt loads every image plugin it has to ask each whether it reads
    them, and keeps them all mapped. Other formats (SVG, GIF, WebP) are still found that way."""
    if data.startswith(PNG_SIGNATURE):
        return b"png"
    if data.startswith(JPEG_START):
        return b"jpeg"
    return b""


def _device(data: bytes) -> QBuffer:
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    return buffer


Stamp = tuple[int, int]  # a file's modified time (ns) and size, as last seen
DecodedKey = tuple[Path, Stamp, int]  # path, stamp of the version decoded, longest side asked


class DecodedPictures:
    """The last few decoded pictures, most recently drawn last; bounded by count and bytes."""

    def __init__(self, count: int = 2, budget: int = 9 << 20) -> None:
        self.count, self.budget = count, budget
        self._kept: OrderedDict[DecodedKey, QImage] = OrderedDict()

    def get(self, key: DecodedKey) -> QImage | None:
        image = self._kept.get(key)
        if image is not None:
            self._kept.move_to_end(key)
        return image

    def put(self, key: DecodedKey, image: QImage) -> None:
        for old in [k for k in self._kept if k[0] == key[0]]:
            del self._kept[old]  # an older version of the same file is never shown again
        if image.sizeInBytes() > self.budget:
            return  # larger than the whole budget: decoded per draw, never held
        self._kept[key] = image
        while len(self._kept) > self.count or self.held() > self.budget:
            self._kept.popitem(last=False)

    def held(self) -> int:
        """Bytes of pixels kept."""
        return sum(image.sizeInBytes() for image in self._kept.values())

    def __len__(self) -> int:
        return len(self._kept)

    def clear(self) -> None:
        self._kept.clear()


class PictureStore:
    """The last whole version of each picture file, by path."""

    def __init__(self) -> None:
        self._good: dict[Path, tuple[Stamp, bytes]] = {}  # the version of the file and its bytes
        self.decoded = DecodedPictures()
        # The verdict on each file as it was last seen (modified time, size): a slide drawn
        # again reads and walks the file again only when it changed on disk.
        self._seen: dict[Path, tuple[tuple[int, int], str | None]] = {}

    def check(self, path: Path) -> str | None:
        """None when the file at `path` is whole (and kept), else why not."""
        try:
            info = path.stat()
            stamp = (info.st_mtime_ns, info.st_size)
            seen = self._seen.get(path)
            if seen is not None and seen[0] == stamp:
                return seen[1]
            data = path.read_bytes()
        except OSError as exc:
            return f"it cannot be read ({exc.strerror})"
        why = damage(data)
        if why is None:
            self._good[path] = (stamp, data)
        self._seen[path] = (stamp, why)
        return why

    def read(self, path: Path, max_side: int) -> QImage | None:
        """The picture at `path` if the file is whole, else its last whole version (None if
        there never was one), decoded at most `max_side` pixels on its longer side."""
        why = self.check(path)
        good = self._good.get(path)
        if good is None:
            log.error("image %s cannot be read: %s", path, why)
            return None
        stamp, data = good
        if why is not None:
            log.error("image %s is not whole (%s); showing its last good version", path, why)
        key = (path, stamp, max_side)
        kept = self.decoded.get(key)
        if kept is not None:
            return kept  # QImage is shared copy-on-write: a caller that paints on it copies
        device = _device(data)  # held here: the reader does not own it
        reader = QImageReader(device, named_format(data))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and max(size.width(), size.height()) > max_side:
            size.scale(max_side, max_side, Qt.AspectRatioMode.KeepAspectRatio)
            reader.setScaledSize(size)
        image = reader.read()
        if image.isNull():
            log.error("image %s cannot be read: %s", path, reader.errorString())
            return None
        self.decoded.put(key, image)
        return image

    def forget(self) -> None:
        self._good.clear()
        self._seen.clear()
        self.decoded.clear()


# One store for the process: every renderer (the window's cache, exports) sees the same last
# good versions, and the reload watcher fills it as it checks the files.
STORE = PictureStore()
