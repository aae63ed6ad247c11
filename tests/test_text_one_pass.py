"""One layout pass per text run: a run is shaped once per size while it is measured, and drawn
from those glyphs; drawing does not lay every line out again.

Proven against the way lines were drawn before (each line laid out on its own, kept here as the
reference): the same account (every field's status, box and lines) and the same pixels to the
eye, on the bundled deck and the fixture decks at landscape, portrait and 4K, and on generated
texts; what a layout measures is what is drawn. (Text Qt draws as filled outlines, over 64 device
px, is still drawn a line at a time: filling a glyph run's outlines is slower than a line's.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

import kiosk.render.text_lines as text_lines
from kiosk.deck import load_deck
from kiosk.render.breaks import find_breaks
from kiosk.render.slide import Rendered, render_slide
from kiosk.render.text import draw_runs, measure_runs
from kiosk.render.text_lines import LaidRun, Run, draw_line
from tests.deck_strategies import EN_TOKENS, EN_WORDS, KO_TOKENS, KO_WORDS, words

ROOT = Path(__file__).resolve().parents[1]
DECKS = [ROOT / "slides.yaml", ROOT / "tests" / "fixtures" / "hospital" / "slides.yaml",
         ROOT / "tests" / "fixtures" / "library" / "slides.yaml"]
SCREENS = [(1920, 1080), (1080, 1920), (3840, 2160)]
# Lines drawn from the shaped text are placed by their advance as measured when they were broken;
# laid out alone, Qt counts a last glyph's overhang too (up to a pixel).
OVERHANG = 1.01
ALIGNS = [Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignRight]


def each_line_alone(self: LaidRun, painter: QPainter | None, rect: QRectF, top: float,
                    align: Qt.AlignmentFlag) -> float:
    """How lines were drawn before: every line laid out again on its own."""
    if painter is None:
        return max(self.widths, default=0.0)
    painter.setPen(self.run.color)
    used = 0.0
    for i, line in enumerate(self.lines):
        baseline = top + i * self.line_height + self.metrics.ascent()
        used = max(used, draw_line(painter, line, self.font, rect, baseline, align))
    return used


@pytest.fixture
def cold() -> Iterator[None]:
    text_lines.clear_caches()
    yield
    text_lines.clear_caches()


def render(path: Path, size: tuple[int, int]) -> list[tuple[Rendered, QImage]]:
    loaded = load_deck(path)
    out = []
    for index in range(len(loaded.deck.slides)):
        image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
        painter = QPainter(image)
        try:
            rendered = render_slide(painter, size[0], size[1], loaded.deck, index, "both",
                                    loaded.folder)
        finally:
            painter.end()
        out.append((rendered, image))
    return out


def blurred(image: QImage) -> QImage:
    """The image as the eye sees it from a step back: a shift of a fraction of a pixel is gone,
    a word drawn elsewhere or not at all is not. The step back is the same for every screen
    (a quarter at 1080p, an eighth at 4K), where a centred line's half pixel has grown with
    the text."""
    step = max(4, round(image.width() / 480))
    return image.scaled(image.width() // step, image.height() // step,
                        Qt.AspectRatioMode.IgnoreAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def largest_difference(a: QImage, b: QImage) -> int:
    first, second = bytes(a.constBits()), bytes(b.constBits())
    assert len(first) == len(second)
    return max((abs(x - y) for x, y in zip(first, second)), default=0)


def same_account(new: Rendered, old: Rendered) -> None:
    assert (new.page, new.pages) == (old.page, old.pages)
    assert [(d.field, d.status, d.text, d.page) for d in new.account] == \
        [(d.field, d.status, d.text, d.page) for d in old.account]
    for d_new, d_old in zip(new.account, old.account):
        for a, b in ((d_new.rect.left(), d_old.rect.left()), (d_new.rect.top(), d_old.rect.top()),
                     (d_new.rect.right(), d_old.rect.right()),
                     (d_new.rect.bottom(), d_old.rect.bottom())):
            assert a == pytest.approx(b, abs=OVERHANG), (d_new.field, d_new.rect, d_old.rect)
    assert [(p.text, p.lines, p.size, p.cut, p.broken) for p in new.placed] == \
        [(p.text, p.lines, p.size, p.cut, p.broken) for p in old.placed]
    for p_new, p_old in zip(new.placed, old.placed):
        assert p_new.rect.top() == p_old.rect.top() and \
            p_new.rect.height() == p_old.rect.height()
        assert p_new.rect.width() == pytest.approx(p_old.rect.width(), abs=OVERHANG), p_new.text
        assert p_new.rect.left() == pytest.approx(p_old.rect.left(), abs=OVERHANG), p_new.text


@pytest.mark.timeout(300)
@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.parent.name)
def test_decks_draw_as_each_line_alone_did(qapp: object, cold: None, path: Path,
                                           size: tuple[int, int],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    new = render(path, size)
    with monkeypatch.context() as patch:
        patch.setattr(LaidRun, "draw", each_line_alone)
        text_lines.clear_caches()
        old = render(path, size)
    for index, ((r_new, i_new), (r_old, i_old)) in enumerate(zip(new, old)):
        same_account(r_new, r_old)
        assert largest_difference(blurred(i_new), blurred(i_old)) <= 48, f"slide {index + 1}"


class Counting:
    """Stands in for QTextLayout in text_lines: counts the layouts made."""

    made = 0

    def __new__(cls, *args: object) -> object:
        Counting.made += 1
        return ORIGINAL(*args)


ORIGINAL = text_lines.QTextLayout
TEXTS = st.one_of(words(KO_WORDS, KO_TOKENS, 1, 30), words(EN_WORDS, EN_TOKENS, 1, 30))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXTS, min_size=1, max_size=3), size=st.floats(24, 64),
       width=st.floats(180, 1400), align=st.sampled_from(ALIGNS))
@pytest.mark.timeout(120)
def test_a_measured_run_is_drawn_without_laying_it_out_again(
        qapp: object, monkeypatch: pytest.MonkeyPatch, texts: list[str], size: float,
        width: float, align: Qt.AlignmentFlag) -> None:
    runs = [Run(t, size * (0.62 if i else 1.0), QColor("black"), QFont.Weight.Normal,
                size * 0.18 if i else 0.0) for i, t in enumerate(texts)]
    text_lines.clear_caches()  # this example's texts, measured afresh: nothing left over
    rect = QRectF(20, 20, width, 3000)
    measured = measure_runs(rect, runs, min_size=22.0, align=align)
    image = QImage(int(width) + 40, 3040, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    Counting.made = 0
    monkeypatch.setattr(text_lines, "QTextLayout", Counting)
    try:
        drawn = draw_runs(painter, rect, runs, min_size=22.0, align=align)
    finally:
        monkeypatch.setattr(text_lines, "QTextLayout", ORIGINAL)
        painter.end()
    # every line drawn from the glyphs shaped while measuring (text Qt draws from its glyph
    # cache: 64 device px at most; larger, it fills outlines, faster from a line of its own)
    assert Counting.made == 0
    # what a layout measured is what is drawn, to the fraction of a pixel
    assert [(p.lines, p.size, p.rect) for p in drawn.placed] == \
        [(p.lines, p.size, p.rect) for p in measured.placed]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, size=st.floats(22, 120), width=st.floats(120, 1200),
       align=st.sampled_from(ALIGNS), cut=st.booleans())
@pytest.mark.timeout(120)
def test_lines_look_as_each_line_laid_out_alone(qapp: object, text: str, size: float,
                                                width: float, align: Qt.AlignmentFlag,
                                                cut: bool) -> None:
    """Each line's glyphs stand where a layout of that line alone puts them (a line cut with an
    ellipsis included), so the page looks the same; the widths agree to the overhang."""
    laid = LaidRun(Run(text, size, QColor("black")), text, find_breaks(text), 1.0, width, 22.0)
    if cut and len(laid.lines) > 1:
        laid.truncate(laid.height - laid.line_height)
    rect = QRectF(8, 8, width, laid.height + 4)
    images, used = [], []
    for draw in (LaidRun.draw, each_line_alone):
        image = QImage(int(width) + 16, int(laid.height) + 20, QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        used.append(draw(laid, painter, rect, 10.0, align))
        painter.end()
        images.append(image)
    assert used[0] == pytest.approx(used[1], abs=OVERHANG)
    # alike to the eye: a line broken inside a word (an address) may sit a fraction of a pixel
    # apart, shaped with its neighbours rather than alone, and a centred or right-aligned line
    # by a width a pixel apart
    assert largest_difference(blurred(images[0]), blurred(images[1])) <= 64


def test_kept_measurements_are_bounded(qapp: object, cold: None) -> None:
    """Many slides' texts do not pile up: the shaped texts and the breaking are kept to a few
    slides' worth, the most recently used first."""
    for n in range(text_lines.SHAPED_KEPT + 50):
        text = f"안내 {n} 번째 문장 line {n}"
        laid = LaidRun(Run(text, 30, QColor("black")), text, find_breaks(text), 1.0, 200, 22)
        image = QImage(240, 200, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        laid.draw(painter, QRectF(0, 0, 200, 200), 0, Qt.AlignmentFlag.AlignLeft)
        painter.end()
    assert len(text_lines._SHAPED) == text_lines.SHAPED_KEPT
    assert len(text_lines._BROKEN) <= text_lines.BROKEN_KEPT
    latest = f"안내 {text_lines.SHAPED_KEPT + 49} 번째 문장 line {text_lines.SHAPED_KEPT + 49}"
    assert text_lines._SHAPED.get((latest, 30, QFont.Weight.Normal)) is not None
    assert text_lines._SHAPED.get(("안내 0 번째 문장 line 0", 30, QFont.Weight.Normal)) is None
