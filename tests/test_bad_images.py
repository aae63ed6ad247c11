"""Pictures an operator might drop in: empty, fake, gigantic, or reaching outside."""

from __future__ import annotations

import http.server
import os
import struct
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from kiosk.deck import DeckError, load_deck
from kiosk.ops.export import render_image
from kiosk.shell.session import Session
from tests.decks import MINIMAL
from tests.sessions import start_session

DECK = MINIMAL + """\
  - id: pic
    section: main
    layout: image
    image: {image}
    caption: {ko: 설명, en: Caption}
"""


def huge_png(path: Path, side: int = 20000) -> None:
    """A 1-bit grey PNG of side x side, written row by row (small on disk, huge decoded)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + b"\x55" * (side // 8)
    squeeze = zlib.compressobj(9)
    body = b"".join(squeeze.compress(row) for _ in range(side)) + squeeze.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side,
                                                                        1, 0, 0, 0, 0))
                     + chunk(b"IDAT", body) + chunk(b"IEND", b""))


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets"
    folder.mkdir()
    return folder


def test_zero_byte_png(assets: Path, write_deck: Callable[[str], Path],
                       run_cli: Callable[..., tuple[int, str, str]]) -> None:
    (assets / "empty.png").write_bytes(b"")
    path = write_deck(DECK.replace("{image}", "assets/empty.png"))
    code, _, err = run_cli("check", str(path))
    assert code == 1 and "cannot be read" in err and "Traceback" not in err


@pytest.mark.qt_log_ignore("exceeds the current allocation limit")
def test_gigantic_png_is_drawn_downscaled_or_refused(assets: Path, qapp: object,
                                                     write_deck: Callable[[str], Path]) -> None:
    import resource

    huge_png(assets / "huge.png")
    loaded = load_deck(write_deck(DECK.replace("{image}", "assets/huge.png")))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    image, report = render_image(loaded, 2, 480, 270, "both")
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert not image.isNull() and any(p.text == "Caption" for p in report.placed)
    assert grown_mb < 300  # decoding it whole would take 1.6 GB


def test_gigantic_png_is_a_check_error(assets: Path, write_deck: Callable[[str], Path],
                                       run_cli: Callable[..., tuple[int, str, str]]) -> None:
    huge_png(assets / "huge.png")
    path = write_deck(DECK.replace("{image}", "assets/huge.png"))
    code, _, err = run_cli("check", str(path))
    assert code == 1 and "20000x20000" in err and "too large" in err


@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


@pytest.mark.qt_log_ignore("Could not create image from")  # QtSvg declining to fetch it
def test_svg_external_reference_is_not_fetched(assets: Path, qapp: object,
                                               counting_server: tuple[str, list[str]],
                                               write_deck: Callable[[str], Path]) -> None:
    url, hits = counting_server
    (assets / "remote.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="100" height="100"><image xlink:href="{url}/tracker.png" width="100" '
        'height="100"/><rect width="50" height="50" fill="#00ff00"/></svg>', encoding="utf-8")
    loaded = load_deck(write_deck(DECK.replace("{image}", "assets/remote.svg")))
    image, _ = render_image(loaded, 2, 480, 270, "both")
    assert not image.isNull()
    assert hits == []


def test_symlink_out_of_the_deck_folder_is_refused(assets: Path, tmp_path: Path,
                                                   write_deck: Callable[[str], Path]) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (assets / "link.png").symlink_to(outside)
    with pytest.raises(DeckError) as info:
        load_deck(write_deck(DECK.replace("{image}", "assets/link.png")))
    assert "outside the deck's folder" in str(info.value)
    outside.unlink()


# ----- a shown picture replaced by a bad copy while the kiosk runs ------------------------------
BLUE, PINK = "#2060a0", "#a02060"


def solid_png(path: Path, colour: str) -> None:
    image = QImage(600, 400, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    for x in range(0, 600, 3):  # a dotted last row: enough data that half the file is half
        image.setPixelColor(x, 399, QColor("#ffffff"))  # a picture
    assert image.save(str(path))


def share_of(image: QImage, colour: str) -> float:
    """Share of the screen (sampled every 8 px) in exactly this colour."""
    target = QColor(colour).rgb()
    points = [(x, y) for x in range(0, image.width(), 8) for y in range(0, image.height(), 8)]
    return sum(image.pixel(x, y) == target for x, y in points) / len(points)


def start_with_operations(qtbot: QtBot, deck: Path, kiosk_mode: bool) -> Session:
    session = start_session(qtbot, load_deck(deck), kiosk_mode=kiosk_mode)
    session.start_operations(deck.parent / "plays.jsonl", deck)
    return session


BAD_COPIES: dict[str, Callable[[bytes], bytes]] = {
    "random-bytes": lambda good: os.urandom(len(good)),
    "truncated-png": lambda good: good[: len(good) // 2],
}


@pytest.mark.parametrize("kiosk_mode", [True, False], ids=["kiosk", "windowed"])
@pytest.mark.parametrize("bad", sorted(BAD_COPIES))
def test_a_bad_copy_keeps_the_last_good_picture_with_a_notice(
        assets: Path, write_deck: Callable[[str], Path], qtbot: QtBot, bad: str,
        kiosk_mode: bool) -> None:
    picture = assets / "photo.png"
    solid_png(picture, BLUE)
    deck = write_deck(DECK.replace("{image}", "assets/photo.png"))
    session = start_with_operations(qtbot, deck, kiosk_mode)
    window = session.window
    try:
        session.navigator.goto_slide("pic")
        qtbot.waitUntil(lambda: window.transition is None, timeout=20_000)
        before = share_of(window.grab_image(), BLUE)
        assert before > 0.2  # the picture fills much of the slide
        assert window.overlay.notice is None
        with qtbot.waitSignal(session.watcher.failed, timeout=30_000):  # type: ignore[union-attr]
            picture.write_bytes(BAD_COPIES[bad](picture.read_bytes()))
        notice = window.overlay.notice or ""
        assert "assets/photo.png" in notice and "damaged" in notice
        assert share_of(window.grab_image(), BLUE) == pytest.approx(before, abs=0.01)
        window.cache.clear()  # the slide drawn again from scratch, as after a cache eviction
        assert share_of(window.grab_image(), BLUE) == pytest.approx(before, abs=0.01)
        with qtbot.waitSignal(session.watcher.reloaded, timeout=30_000):  # type: ignore[union-attr]
            solid_png(picture, PINK)  # a good copy at last: shown, and the notice goes
        qtbot.waitUntil(lambda: share_of(window.grab_image(), PINK) > 0.2, timeout=20_000)
        assert window.overlay.notice is None
    finally:
        session.quit()


def test_pictures_are_checked_whole(tmp_path: Path) -> None:
    from PySide6.QtCore import QBuffer, QIODevice

    from kiosk.render.pictures import damage

    def encoded(kind: str) -> bytes:
        image = QImage(320, 200, QImage.Format.Format_RGB32)
        for y in range(200):
            image.setPixelColor(y % 320, y, QColor("#ff8800"))
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        assert image.save(buffer, kind)
        return bytes(buffer.data().data())

    for kind in ("PNG", "JPEG"):
        whole = encoded(kind)
        assert damage(whole) is None, kind
        assert damage(whole[: len(whole) * 2 // 3]) is not None, kind  # a copy cut short
        assert damage(os.urandom(len(whole))) is not None, kind
    motion_photo = encoded("JPEG") + b"\x00\x00\x00\x18ftypmp42" + os.urandom(4000)
    assert damage(motion_photo) is None  # a phone's video after the end marker: still whole
    corrupt_crc = bytearray(encoded("PNG"))
    corrupt_crc[40] ^= 0xFF
    assert damage(bytes(corrupt_crc)) is not None


def mid_stream_damaged_jpeg(path: Path) -> None:
    """A JPEG whose compressed data is damaged in the middle: its structure whole and the end
    marker last, so only the decoder can tell."""
    from PySide6.QtCore import QBuffer, QIODevice

    image = QImage(640, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("#204060"))  # (a new image's memory is whatever was there)
    for y in range(400):
        for x in range(0, 640, 7):
            image.setPixelColor(x, y, QColor((x * y) % 255, x % 255, y % 255))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPEG")
    data = bytes(buffer.data().data())
    middle = (data.index(b"\xff\xda") + len(data)) // 2
    while data[middle - 1] == 0xFF:
        middle += 1
    # A restart marker where the stream has none: bytes a bad copy or a flipped bit leave.
    path.write_bytes(data[:middle] + b"\xff\xd3" + data[middle + 2:])


def test_a_jpeg_damaged_inside_is_found_on_any_thread_and_no_other_message_is_lost(
        assets: Path, qapp: object) -> None:
    from PySide6.QtCore import qWarning

    from kiosk.ops.image_check import image_problem
    from kiosk.ops.qt_messages import collect

    picture = assets / "inside.jpg"
    mid_stream_damaged_jpeg(picture)
    assert "damaged" in str(image_problem("inside.jpg", picture))
    found: list[str | None] = []
    heard: list[str] = []
    # Another thread checks while this one is collecting its own: each hears only its own.
    with collect(heard):
        worker = threading.Thread(target=lambda: found.append(
            image_problem("inside.jpg", picture)))
        worker.start()
        qWarning("the GUI thread's own warning")
        worker.join(30)
    assert "damaged" in str(found[0])
    assert heard == ["the GUI thread's own warning"]


def test_check_names_a_jpeg_damaged_inside(assets: Path, write_deck: Callable[[str], Path],
                                           run_cli: Callable[..., tuple[int, str, str]]) -> None:
    mid_stream_damaged_jpeg(assets / "inside.jpg")
    code, _, err = run_cli("check", str(write_deck(DECK.replace("{image}", "assets/inside.jpg"))))
    assert code == 1 and "'assets/inside.jpg' is damaged" in err, err
