"""Slides drawn by the renderer: right size, not blank, and every text inside the safe area."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.deck import load_deck
from kiosk.deck.loader import LoadedDeck
from kiosk.ops.export import export_png, render_image

ROOT = Path(__file__).resolve().parents[1]
SIZES = [(1280, 720), (1920, 1080), (3840, 2160), (1080, 1920), (1920, 1200), (1440, 1080),
         (1024, 768)]


@pytest.fixture(scope="module")
def loaded(any_deck_path: Path) -> LoadedDeck:
    return load_deck(any_deck_path)


def distinct_colours(image: QImage, step: int = 17) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


def test_export_writes_one_png_per_slide(loaded: LoadedDeck, tmp_path: Path, qapp: object) -> None:
    written = export_png(loaded, tmp_path, 640, 360, "both")
    assert [p.name for p in written] == [f"{i + 1:02d}-{s.id}.png"
                                         for i, s in enumerate(loaded.deck.slides)]
    for path in written:
        image = QImage(str(path))
        assert (image.width(), image.height()) == (640, 360)
        assert distinct_colours(image, 7) > 3, f"{path.name} looks blank"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("shown", ["both", "ko", "en"])
def test_text_stays_inside_the_safe_area(loaded: LoadedDeck, size: tuple[int, int], shown: str,
                                         qapp: object) -> None:
    w, h = size
    for index, slide in enumerate(loaded.deck.slides):
        # Layout happens on the design canvas, so a quarter-size render tests the same geometry.
        _, report = render_image(loaded, index, w // 4, h // 4, shown)  # type: ignore[arg-type]
        safe = report.safe.adjusted(-48, -48, 48, 48)  # the section label sits in the margin
        assert report.placed, slide.id
        for placed in report.placed:
            assert safe.contains(placed.rect), (slide.id, placed.text, placed.rect, safe)
            assert not placed.cut, (slide.id, placed.text)
        for a, b in combinations(report.placed, 2):
            overlap = a.rect.intersected(b.rect)
            assert overlap.width() < 2 or overlap.height() < 2, (slide.id, a.text, b.text)


def test_long_text_shrinks_then_continues(write_deck: object, qapp: object) -> None:
    """Text that does not fit even at the minimum size is not cut: the slide continues on
    further pages, and nothing is drawn below the minimum size or off the page. A word wider
    than the screen itself (these are) is the one thing not even those pages show whole: the
    account says so, with the error `kiosk check` refuses."""
    from tests.decks import MINIMAL

    word = "가" * 1900
    text = MINIMAL.replace("{ko: 첫 번째, en: First}", f"{{ko: {word}, en: {'W' * 1900}}}")
    loaded = load_deck(write_deck(text))  # type: ignore[operator]
    _, report = render_image(loaded, 0, 480, 270, "both")
    assert report.pages > 1 and not any(p.cut for p in report.placed)
    unheld = {n.field for n in report.notes if n.kind == "unheld"}
    assert {d.field for d in report.lost} == unheld == {("statement",)}, report.notes
    for placed in report.placed:
        assert report.safe.adjusted(-48, -48, 48, 48).contains(placed.rect)
        assert placed.size >= loaded.deck.deck.theme.min_size - 0.5
