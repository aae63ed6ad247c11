"""The picture layouts: QR codes that scan, images that fit or fail safely, a readable theme."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from kiosk.deck import DeckError, load_deck
from kiosk.deck.model import ContactSlide, qr_payload
from kiosk.ops.export import render_image
from kiosk.render.layouts.contact import qr_matrix
from tests.decks import MINIMAL

ROOT = Path(__file__).resolve().parents[1]

IMAGE_DECK = MINIMAL + """\
  - id: pic
    section: main
    layout: image
    title: {ko: 사진, en: Picture}
    image: {image}
    caption: {ko: 설명, en: Caption}
"""


def test_qr_matrix_round_trips_through_segno(qapp: object) -> None:
    import segno

    loaded = load_deck(ROOT / "slides.yaml")
    contact = next(s for s in loaded.deck.slides if isinstance(s, ContactSlide))
    payload = qr_payload(contact)
    assert payload == "tel:+82-2-2133-8462"
    matrix = qr_matrix(payload)
    again = [[bool(v) for v in row] for row in segno.make(payload, error="m").matrix]
    assert matrix == again and len(matrix) >= 21


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools not installed")
def test_rendered_qr_code_scans(tmp_path: Path, qapp: object) -> None:
    loaded = load_deck(ROOT / "slides.yaml")
    index = next(i for i, s in enumerate(loaded.deck.slides) if isinstance(s, ContactSlide))
    for size in ((1920, 1080), (1080, 1920), (1280, 720)):
        image, _ = render_image(loaded, index, *size, "both")
        path = tmp_path / f"contact-{size[0]}.png"
        image.save(str(path))
        out = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True,
                             text=True, check=False)
        assert out.stdout.strip() == "tel:+82-2-2133-8462", (size, out.stderr)


def test_default_phone_gives_a_tel_link() -> None:
    slide = ContactSlide(id="c", section="s", layout="contact",
                         title={"ko": "문의", "en": "Contact"},  # type: ignore[arg-type]
                         office={"ko": "사무실", "en": "Office"},  # type: ignore[arg-type]
                         phone="02-2133-8462")
    assert qr_payload(slide) == "tel:0221338462"


def png_bytes(width: int, height: int, colour: str) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


@pytest.mark.parametrize("name", ["assets/photo.png", "assets/photo.svg"])
def test_image_slide_fits_the_picture(write_deck: Callable[[str, str], Path], tmp_path: Path,
                                      name: str, qapp: object) -> None:
    (tmp_path / "assets").mkdir()
    if name.endswith(".png"):
        (tmp_path / name).write_bytes(png_bytes(400, 300, "#ff0000"))
    else:
        (tmp_path / name).write_text('<svg xmlns="http://www.w3.org/2000/svg" width="400" '
                                     'height="300"><rect width="400" height="300" '
                                     'fill="#ff0000"/></svg>', encoding="utf-8")
    loaded = load_deck(write_deck(IMAGE_DECK.replace("{image}", name)))
    image, report = render_image(loaded, 2, 960, 540, "both")
    centre = image.pixelColor(480, 280)
    assert (centre.red(), centre.green(), centre.blue()) == (255, 0, 0)
    assert any(p.text == "Caption" for p in report.placed)


def test_unreadable_image_is_a_check_error_and_a_placeholder_at_run_time(
        write_deck: Callable[[str], Path], tmp_path: Path, run_cli: Callable[..., tuple],
        qapp: object, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "photo.png").write_text("this is not a picture", encoding="utf-8")
    path = write_deck(IMAGE_DECK.replace("{image}", "assets/photo.png"))
    code, _, err = run_cli("check", str(path))
    assert code == 1
    assert f"{path}:21:12: image 'assets/photo.png' cannot be read" in err
    loaded = load_deck(path)
    image, _ = render_image(loaded, 2, 480, 270, "both")  # no crash: a placeholder
    assert not image.isNull()
    assert "cannot be read" in caplog.text


def test_low_contrast_theme_is_rejected(write_deck: Callable[[str], Path]) -> None:
    text = MINIMAL.replace("deck:\n", "deck:\n  theme: {text: '#7A7A7A', background: '#666666'}\n")
    with pytest.raises(DeckError) as info:
        load_deck(write_deck(text))
    messages = [str(p) for p in info.value.problems]
    assert any(":2:17:" in m and "text #7A7A7A on background #666666" in m and "4.5:1" in m
               for m in messages), messages


def test_language_mode_picks_diagram_labels(qapp: object) -> None:
    loaded = load_deck(ROOT / "slides.yaml")
    index = next(i for i, s in enumerate(loaded.deck.slides) if s.layout == "building")
    texts = {shown: {p.text for p in render_image(loaded, index, 480, 270, shown)[1].placed}
             for shown in ("ko", "en", "both")}
    assert "AI Support Center" in texts["en"] and "AI Support Center" not in texts["ko"]
    assert "AI 지원센터" in texts["ko"] and "AI 지원센터" not in texts["en"]
    assert {"AI 지원센터", "AI Support Center"} <= texts["both"]
