"""What a cold render keeps: decoded pictures, QR codes, and a buildings search that skips what
cannot win. Each must draw exactly what drawing everything afresh draws; a changed picture file
must show after a reload; the kept pictures stay within their bounds."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage

import kiosk.render.layouts.building as building
import kiosk.render.layouts.contact as contact
from kiosk.deck import load_deck
from kiosk.deck.model import ContactSlide, qr_payload
from kiosk.ops.export import render_image
from kiosk.render.pictures import STORE, DecodedPictures
from tests.deck_strategies import deck_yaml, reduced, screens, slide

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DECKS = [ROOT / "slides.yaml", FIXTURES / "hospital" / "slides.yaml",
         FIXTURES / "library" / "slides.yaml"]
SHAPES = [(960, 540), (540, 960), (1024, 768)]
KEPT = ("cover", "contact", "building")

COVER = """\
deck:
  title: {ko: 그림, en: Picture}
  sections: [{id: main, title: {ko: 안내, en: Guide}}]
slides:
  - id: cover
    section: main
    layout: cover
    title: {ko: 새 병동, en: The new wing}
    image: assets/wing.png
"""


def forget_everything() -> None:
    """As at start: no picture read or decoded, no QR code encoded."""
    STORE.forget()
    contact._encoded.cache_clear()
    contact._dark_runs.cache_clear()


def same_pixels(a: QImage, b: QImage) -> bool:
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    return a.size() == b.size() and bytes(a.constBits()) == bytes(b.constBits())


def solid_png(path: Path, color: str, size: tuple[int, int] = (300, 200)) -> None:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    assert image.save(str(path), "PNG")


def share_of(image: QImage, color: str) -> float:
    """The share of a coarse grid of the image's pixels that are this color."""
    want = QColor(color).rgb()
    points = [(x, y) for x in range(0, image.width(), 8) for y in range(0, image.height(), 8)]
    return sum(1 for x, y in points if image.pixel(x, y) == want) / len(points)


@pytest.mark.parametrize("deck", DECKS, ids=lambda p: p.parent.name)
def test_kept_pictures_and_codes_draw_what_a_fresh_start_draws(deck: Path, qapp: object) -> None:
    loaded = load_deck(deck)
    for index, shown_slide in enumerate(loaded.deck.slides):
        if shown_slide.layout not in KEPT:
            continue
        for width, height in SHAPES:
            forget_everything()
            fresh, _ = render_image(loaded, index, width, height, "both")
            kept, _ = render_image(loaded, index, width, height, "both")  # from what was kept
            assert same_pixels(fresh, kept), (deck, shown_slide.id, width, height)


def test_a_changed_picture_shows_after_a_reload(tmp_path: Path, qapp: object) -> None:
    assets = tmp_path / "assets"
    assets.mkdir()
    picture = assets / "wing.png"
    solid_png(picture, "#1F6FEB")
    deck = tmp_path / "slides.yaml"
    deck.write_text(COVER, encoding="utf-8")
    forget_everything()
    first, _ = render_image(load_deck(deck), 0, 960, 540, "both")
    assert share_of(first, "#1F6FEB") > 0.1
    assert len(STORE.decoded) == 1  # kept for the next cold render
    old = picture.stat()
    # The new copy has the same byte size (a solid picture of the same shape): only its
    # modified time tells it apart, as with a copy of a new photo over the old one.
    solid_png(picture, "#E0457B")
    assert picture.stat().st_size == old.st_size
    os.utime(picture, ns=(old.st_atime_ns, old.st_mtime_ns + 1_000_000_000))
    second, _ = render_image(load_deck(deck), 0, 960, 540, "both")
    assert share_of(second, "#E0457B") == pytest.approx(share_of(first, "#1F6FEB"), abs=0.01)
    assert share_of(second, "#1F6FEB") == 0.0
    assert len(STORE.decoded) == 1  # the old version is let go, not kept beside the new one


def test_the_kept_pictures_are_few_and_small(tmp_path: Path, qapp: object) -> None:
    """Many pictures drawn one after another: at most two kept, at most their byte budget; a
    picture larger than the budget is drawn but never kept."""
    assets = tmp_path / "assets"
    assets.mkdir()
    slides = []
    for i in range(5):
        solid_png(assets / f"p{i}.png", "#2E8B57", (400 + 100 * i, 300))
        slides.append(f"  - {{id: s{i}, section: main, layout: cover, title: {{ko: 그림 {i}, "
                      f"en: Picture {i}}}, image: assets/p{i}.png}}\n")
    solid_png(assets / "huge.png", "#2E8B57", (2000, 1500))  # 12 MB decoded: over the budget
    slides.append("  - {id: huge, section: main, layout: cover, title: {ko: 큰 그림, "
                  "en: Large}, image: assets/huge.png}\n")
    deck = tmp_path / "slides.yaml"
    deck.write_text(COVER.split("slides:")[0] + "slides:\n" + "".join(slides), encoding="utf-8")
    loaded = load_deck(deck)
    forget_everything()
    for index in range(len(slides)):
        image, _ = render_image(loaded, index, 960, 540, "both")
        assert share_of(image, "#2E8B57") > 0.05  # every picture is drawn
        assert len(STORE.decoded) <= STORE.decoded.count
        assert STORE.decoded.held() <= STORE.decoded.budget
    assert STORE.decoded.held() < 12 << 20  # the large one was not kept


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3), st.integers(1, 2200),
                          st.integers(1, 1600)), max_size=30))
def test_decoded_pictures_stay_bounded_and_never_give_an_old_version(
        draws: list[tuple[int, int, int, int]]) -> None:
    kept = DecodedPictures()
    for file, version, w, h in draws:
        key = (Path(f"/deck/p{file}.png"), (version, 0), 4096)
        image = QImage(w, h, QImage.Format.Format_RGB32)
        kept.put(key, image)
        assert len(kept) <= kept.count and kept.held() <= kept.budget
        if image.sizeInBytes() <= kept.budget:
            assert kept.get(key) is not None  # the last one drawn is kept
        for other in range(4):  # no other version of the same file is kept beside it
            if other != version:
                assert kept.get((key[0], (other, 0), 4096)) is None


def test_the_qr_code_drawn_is_the_code(qapp: object) -> None:
    """Each module's middle is black where the code has a dark module and white where not."""
    loaded = load_deck(ROOT / "slides.yaml")
    index = next(i for i, s in enumerate(loaded.deck.slides) if isinstance(s, ContactSlide))
    shown_slide = loaded.deck.slides[index]
    assert isinstance(shown_slide, ContactSlide)
    matrix = contact.qr_matrix(qr_payload(shown_slide))
    for width, height in ((1920, 1080), (1080, 1920), (1366, 768)):
        image, _ = render_image(loaded, index, width, height, "both")
        box = white_square(image)
        n = len(matrix) + 2 * contact.QUIET
        module = box.width() / n
        for y, row in enumerate(matrix):
            for x, dark in enumerate(row):
                pixel = QColor(image.pixel(int(box.left() + (x + contact.QUIET + 0.5) * module),
                                           int(box.top() + (y + contact.QUIET + 0.5) * module)))
                assert pixel.lightness() < 40 if dark else pixel.lightness() > 215, (x, y)


def white_square(image: QImage) -> QRect:
    """The QR code's white square: the largest run of white pixels on the rows, found on the
    row through the code's quiet zone (its top rows are all white)."""
    white = QColor("#FFFFFF").rgb()
    best = (0, 0, 0, 0)  # length, left, y
    for y in range(0, image.height(), 2):
        run = start = 0
        for x in range(image.width()):
            if image.pixel(x, y) == white:
                if run == 0:
                    start = x
                run += 1
                if run > best[0]:
                    best = (run, start, y, 0)
            else:
                run = 0
        if best[0] > image.width() * 0.2:
            break
    side, left, y, _ = best
    top = y
    while top > 0 and image.pixel(left + side // 2, top - 1) == white:
        top -= 1
    return QRect(left, top, side, side)


def exhaustive_trade(frame: Any, infos: Any, width: float, floors: Any,
                     beat: float) -> tuple[float, float, list[float]]:
    """The buildings' search as it was: every scale tried until floors outgrow the words."""
    min_size = frame.theme.min_size
    largest = max(r.size for parts in infos for part in parts for r in part.runs)
    lowest = min(1.0, min_size / largest)
    best, best_share = None, -1.0
    fallback: tuple[float, float, list[float]] = (0.0, 0.0, [0.0] * len(infos))
    for scale in sorted({*(s for s in building.WORD_SCALES if s > lowest), lowest},
                        reverse=True):
        measured = [building.parts_measure(parts, width, scale, min_size) for parts in infos]
        heights = [h for h, _ in measured]
        floor_h = floors(heights)
        fallback = (0.0, max(floor_h, 0.0), heights)
        if not all(whole for _, whole in measured) or floor_h < building._floor_min(frame):
            continue
        share = min(floor_h / building.FLOOR_MAX, scale)
        if share > best_share:
            best, best_share = (scale, floor_h, heights), share
        if floor_h / building.FLOOR_MAX >= scale:
            break
    return best if best is not None else fallback


@pytest.mark.timeout(240)
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(slide(0, "building"), screens())
def test_the_buildings_search_draws_what_trying_every_scale_draws(
        tmp_path_factory: pytest.TempPathFactory, qapp: object, body: dict[str, Any],
        screen: tuple[int, int]) -> None:
    folder = tmp_path_factory.mktemp("buildings")
    deck = {"deck": {"title": {"ko": "건물", "en": "Buildings"}, "language": "both",
                     "sections": [{"id": "main", "title": {"ko": "안내", "en": "Guide"}}]},
            "slides": [body]}
    loaded = load_deck(deck_yaml(deck, folder))
    width, height = reduced(screen, 540)
    quick, _ = render_image(loaded, 0, width, height, "both")
    with pytest.MonkeyPatch.context() as patch:
        slow: Callable[..., Any] = exhaustive_trade
        patch.setattr(building, "_trade", slow)
        every, _ = render_image(loaded, 0, width, height, "both")
    assert same_pixels(quick, every)
