"""Pictures with a say: `fit` and `focus` in the deck, crops that keep the focus in view at every
screen shape, and `kiosk check` warning when a crop cuts away more than `max_crop` allows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.deck import DeckError, load_deck
from kiosk.ops.export import render_image
from kiosk.render.pictures import crop

SHAPES = {"16:9": (480, 270), "4:3": (400, 300), "9:16": (270, 480), "21:9": (630, 270)}
MARKER = QColor("#E0201B")  # the hospital's red cross
COVER = """\
deck:
  title: {{ko: 양재 어린이병원, en: Yangjae Children's Hospital}}
  sections:
    - id: main
      title: {{ko: 안내, en: Welcome}}
slides:
  - id: cover
    section: main
    layout: cover
    title: {{ko: 어린이 병동, en: Children's wing}}
    image: assets/front.png
{framing}
  - id: photo
    section: main
    layout: image
    image: assets/front.png
    fit: cover
{photo}
"""


def picture(path: Path, width: int, height: int, focus: tuple[float, float]) -> None:
    """A grey picture with a red square (a tenth of its short side) centred on the focus."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#8A8F96"))
    side = min(width, height) / 10
    painter = QPainter(image)
    painter.fillRect(QRectF(focus[0] * width - side / 2, focus[1] * height - side / 2, side,
                            side), MARKER)
    painter.end()
    path.parent.mkdir(exist_ok=True)
    assert image.save(str(path))


def red_pixels(image: QImage) -> int:
    """Pixels of exactly the marker's colour (inside a scaled square the colour is unmixed)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(image.constBits())  # 0xAARRGGBB words, little-endian: B, G, R, A
    pixel = bytes([MARKER.blue(), MARKER.green(), MARKER.red(), 0xFF])
    return sum(1 for i in range(0, len(data), 4) if data[i:i + 4] == pixel) \
        if pixel in data else 0


@pytest.mark.timeout(120)
@settings(max_examples=12, deadline=None)
@given(focus=st.tuples(st.floats(0.06, 0.94), st.floats(0.06, 0.94)),
       size=st.sampled_from([(1600, 900), (900, 600), (600, 900), (2400, 800), (800, 800)]))
def test_the_focus_stays_in_view_at_every_shape(tmp_path_factory: pytest.TempPathFactory,
                                                qapp: object, focus: tuple[float, float],
                                                size: tuple[int, int]) -> None:
    folder = tmp_path_factory.mktemp("deck")
    picture(folder / "assets" / "front.png", *size, focus)
    deck = folder / "slides.yaml"
    deck.write_text(COVER.format(framing=f"    focus: [{focus[0]:.3f}, {focus[1]:.3f}]",
                                 photo=f"    focus: [{focus[0]:.3f}, {focus[1]:.3f}]"),
                    encoding="utf-8")
    loaded = load_deck(deck)
    for index in (0, 1):  # the cover's picture and an image slide told to cover its box
        for shape, (w, h) in SHAPES.items():
            image, _ = render_image(loaded, index, w, h, "both")
            assert red_pixels(image) >= 2, (shape, index, focus, size)


def test_the_issues_red_cross_is_kept_at_16_9_and_4_3(write_deck: Callable[..., Path],
                                                      tmp_path: Path, qapp: object) -> None:
    """A wide photo with the cross near its right edge: a crop about the middle cut it in half
    at 16:9 and lost it at 4:3."""
    picture(tmp_path / "assets" / "front.png", 1800, 900, (0.88, 0.4))
    loaded = load_deck(write_deck(COVER.format(framing="    focus: [0.88, 0.4]", photo="")))
    side = 900 / 10
    for shape in ("16:9", "4:3"):
        image, _ = render_image(loaded, 0, *SHAPES[shape], "both")
        # the whole cross, not a sliver: its share of the drawn picture is all there
        assert red_pixels(image) * 4 >= 0.8 * _expected(image, side), shape


def _expected(image: QImage, side: float) -> float:
    """Pixels the cross should cover on screen: its size scaled like the picture's height
    (the cover's picture runs the safe area's height on a landscape screen)."""
    scale = image.height() / 1080 * (1080 - 160) / 900
    return (side * scale) ** 2


@given(picture_size=st.tuples(st.integers(10, 4000), st.integers(10, 4000)),
       box=st.tuples(st.integers(10, 4000), st.integers(10, 4000)),
       focus=st.tuples(st.floats(0, 1), st.floats(0, 1)))
def test_a_crop_has_the_boxes_shape_and_holds_the_focus(
        picture_size: tuple[int, int], box: tuple[int, int],
        focus: tuple[float, float]) -> None:
    whole = QSizeF(*picture_size)
    kept = crop(whole, QSizeF(*box), focus)
    assert kept.left() >= -1e-6 and kept.top() >= -1e-6
    assert kept.right() <= whole.width() + 1e-6 and kept.bottom() <= whole.height() + 1e-6
    assert abs(kept.width() / kept.height() - box[0] / box[1]) < 1e-6 * max(box) + 0.01
    fx, fy = focus[0] * whole.width(), focus[1] * whole.height()
    assert kept.left() - 1e-6 <= fx <= kept.right() + 1e-6
    assert kept.top() - 1e-6 <= fy <= kept.bottom() + 1e-6


def test_fit_contain_shows_the_cover_picture_whole(write_deck: Callable[..., Path],
                                                   tmp_path: Path, qapp: object) -> None:
    picture(tmp_path / "assets" / "front.png", 1800, 600, (0.03, 0.5))
    covered = load_deck(write_deck(COVER.format(framing="", photo="")))
    whole = load_deck(write_deck(COVER.format(framing="    fit: contain", photo=""),
                                 "contain.yaml"))
    assert red_pixels(render_image(covered, 0, 400, 300, "both")[0]) == 0  # cut off
    assert red_pixels(render_image(whole, 0, 400, 300, "both")[0]) > 0


def test_check_warns_where_a_crop_cuts_more_than_the_deck_allows(
        write_deck: Callable[..., Path], tmp_path: Path,
        run_cli: Callable[..., tuple[int, str, str]]) -> None:
    picture(tmp_path / "assets" / "front.png", 2400, 600, (0.5, 0.5))  # a 4:1 panorama
    path = write_deck(COVER.format(framing="    max_crop: 0.7", photo=""))
    code, out, err = run_cli("check", str(path))
    said = out + err
    assert code == 0, said
    (line,) = [w for w in said.splitlines() if "field 'image'" in w and "cover" in w]
    assert line.startswith(f"{path}:11:12: warning: slide 'cover' field 'image': cropped to fill "
                           "its box, the picture 'assets/front.png' loses more than max_crop "
                           "allows (70% of it)"), line
    # check lays out at the deck's screens (display.screens): a tall screen's wide box keeps most
    assert "1024x768" in line and "1080x1920" not in line and "768x1024" not in line


@pytest.mark.parametrize(("framing", "expected"), [
    ("    fit: crop", ":12:10: slide 'cover' field 'fit': expected one of 'cover' or "
                    "'contain'; found 'crop'"),
    ("    focus: [0.5, 1.5]", ":12:18: slide 'cover' field 'focus' item 2: expected a number of "
                            "at most 1; found 1.5"),
    ("    max_crop: -0.1", ":12:15: slide 'cover' field 'max_crop': expected a number of at "
                         "least 0; found -0.1"),
])
def test_framing_mistakes_are_located(write_deck: Callable[..., Path], tmp_path: Path,
                                      framing: str, expected: str) -> None:
    picture(tmp_path / "assets" / "front.png", 300, 200, (0.5, 0.5))
    path = write_deck(COVER.format(framing=framing, photo=""))
    with pytest.raises(DeckError) as info:
        load_deck(path)
    assert f"{path}{expected}" in str(info.value), str(info.value)


def test_framing_that_can_do_nothing_is_a_warning(write_deck: Callable[..., Path],
                                                  tmp_path: Path,
                                                  run_cli: Callable[..., tuple[int, str, str]]
                                                  ) -> None:
    picture(tmp_path / "assets" / "front.png", 300, 200, (0.5, 0.5))
    text = COVER.format(framing="", photo="").replace(
        "    image: assets/front.png\n\n", "    focus: [0.2, 0.5]\n\n", 1).replace(
        "    fit: cover\n", "    max_crop: 0.3\n")
    path = write_deck(text)
    code, out, err = run_cli("check", str(path))
    said = (out + err).splitlines()
    assert code == 0
    assert f"{path}:11:12: warning: slide 'cover': 'focus' is about the slide's picture, and " \
        "it has no 'image'" in said
    assert f"{path}:17:15: warning: slide 'photo': 'max_crop' does nothing while the picture " \
        "is shown whole; add 'fit: cover' to fill its box" in said


@pytest.mark.parametrize(("focus", "said"), [("[0.5]", "has 1 item; expected 2 items"),
                                             ("[]", "has 0 items; expected 2 items")])
def test_a_focus_short_of_its_two_numbers_says_so(write_deck: Callable[..., Path],
                                                  tmp_path: Path, focus: str,
                                                  said: str) -> None:
    picture(tmp_path / "assets" / "front.png", 300, 200, (0.5, 0.5))
    path = write_deck(COVER.format(framing=f"    focus: {focus}", photo=""))
    with pytest.raises(DeckError) as info:
        load_deck(path)
    assert f"{path}:12:12: slide 'cover' field 'focus': {said}" in str(info.value), \
        str(info.value)  # not "has no '1'; it is required"
