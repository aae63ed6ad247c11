"""Line breaking that respects words: Korean 어절, English words, numbers with units, dates, phone
numbers and addresses stay whole; a word that cannot fit shrinks its block, and below the minimum
size is broken and reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.deck.settings import Theme
from kiosk.render.breaks import find_breaks
from kiosk.render.frame import Frame
from kiosk.render.text import Drawn, draw_runs
from kiosk.render.text_lines import Run

MIN_SIZE = 22.0
CAPTION = "버스정류장 세 곳과 지하철역 두 곳이 가깝습니다"
WHOLE = [
    "해오름시립도서관 재개관 안내 어린이 열람실과 디지털 자료실이 새로 문을 엽니다",
    "Underground parking reopens in September 2024 beside Haeoreum-ro",
    "문의 02-2133-8462 (평일 09:00 – 18:00)",
    "연면적 12,480㎡ 장서 350,000권 좌석 40명",
    "Floor area 12,480 ㎡, a collection of 350,000 books and 40 seats",
    "2024년 9월 12일 개관 · opening on 12 September 2024",
    "write to library@haeoreum.go.kr or visit https://haeoreum.go.kr/reopening",
]
# Kept whole wherever the lines end (an address may break only at its own separators).
UNITS = ["02-2133-8462", "09:00 – 18:00", "12,480㎡", "350,000권", "40명", "12,480 ㎡",
         "350,000 books", "40 seats", "September 2024", "12 September 2024", "2024년 9월 12일"]


def draw(text: str, width: float, size: float = 60.0, height: float = 2000.0) -> Drawn:
    image = QImage(int(width) + 40, int(height) + 40, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    try:
        return draw_runs(painter, QRectF(10, 10, width, height),
                         [Run(text, size, QColor("black"))], min_size=MIN_SIZE)
    finally:
        painter.end()


def words(text: str) -> list[str]:
    return text.split()


@pytest.mark.parametrize("text", WHOLE)
@pytest.mark.parametrize("width", [260.0, 420.0, 700.0])
def test_lines_end_between_words(qapp: object, text: str, width: float) -> None:
    drawn = draw(text, width)
    (placed,) = drawn.placed
    assert not placed.broken and not placed.cut
    assert len(placed.lines) > 1  # narrow enough that it had to wrap
    if "@" not in text:  # every line is whole words of the text, in order, and none is lost
        assert " ".join(placed.lines).split() == words(text), placed.lines
    else:  # an address too long for a line ends a line only after one of its own separators
        assert "".join(placed.lines).replace(" ", "") == text.replace(" ", "")
        for line, after in zip(placed.lines, placed.lines[1:], strict=False):
            assert line[-1] in "/@?&=#_" or after[0] == "." or \
                f"{line.split()[-1]} {after.split()[0]}" in text, (line, after)
    joined = " ".join(placed.lines)
    for unit in UNITS:
        if unit in text:
            assert unit in joined, (unit, placed.lines)


@pytest.mark.parametrize("width", [150.0, 200.0, 260.0, 330.0, 420.0])
def test_a_phone_number_and_a_unit_are_never_split(qapp: object, width: float) -> None:
    text = "문의 02-2133-8462 · 연면적 12,480㎡ · 장서 350,000권 · 정원 40명"
    (placed,) = draw(text, width).placed
    for unit in ("02-2133-8462", "12,480㎡", "350,000권", "40명"):
        assert any(unit in line for line in placed.lines), (unit, placed.lines)


def test_a_long_word_shrinks_the_block_rather_than_breaking(qapp: object) -> None:
    # "해오름시립도서관" does not fit 300 px at 80 px, but does at a smaller size
    (placed,) = draw("해오름시립도서관 Undergroundparking", 300.0, size=80.0).placed
    assert placed.size < 80.0 and not placed.broken
    assert placed.lines == ("해오름시립도서관", "Undergroundparking")


def test_a_word_too_wide_at_the_minimum_size_is_broken_and_reported(qapp: object) -> None:
    theme = Theme()
    image = QImage(400, 400, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        frame = Frame(painter, 400, 400, theme, "ko", Path("."))
        frame.text(QRectF(0, 0, 120, 300), [Run("가 해오름시립도서관재개관기념", 60.0,
                                              QColor("black"))], field=("places", 2, "label"))
    finally:
        painter.end()
    (placed,) = frame.placed
    assert placed.broken == ("해오름시립도서관재개관기념",)
    assert "".join(placed.lines[1:]) == "해오름시립도서관재개관기념"
    (note,) = frame.notes
    assert note.field == ("places", 2, "label") and note.kind == "forced_break"
    assert "해오름시립도서관재개관기념" in note.message


def test_a_cut_text_ends_after_a_whole_word_and_is_reported(qapp: object) -> None:
    image = QImage(400, 400, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        frame = Frame(painter, 400, 400, Theme(), "ko", Path("."))
        frame.text(QRectF(0, 0, 300, 40), [Run(CAPTION, 40.0, QColor("black"))], field=("caption",))
    finally:
        painter.end()
    (placed,) = frame.placed
    assert placed.cut and placed.lines[-1].endswith("…")
    kept = placed.lines[-1].removesuffix("…").split()
    assert kept and all(w in CAPTION.split(" ") for w in kept)
    assert [n.kind for n in frame.notes] == ["truncated"] and frame.notes[0].field == ("caption",)


def test_break_rules() -> None:
    def lines_may_end_at(text: str) -> list[str]:
        soft = sorted(find_breaks(text).soft)
        return [text[:i].rstrip() for i in soft]

    assert lines_may_end_at("해오름시립도서관 개관") == ["해오름시립도서관"]
    assert lines_may_end_at("12,480 ㎡ 규모") == ["12,480 ㎡"]
    assert lines_may_end_at("in September 2024") == ["in"]
    assert lines_may_end_at("Tel 02 2133 8462") == ["Tel"]
    assert lines_may_end_at("문의 · 안내") == ["문의 ·"]
    assert lines_may_end_at("02-2133-8462") == []
    assert lines_may_end_at("Haeoreum-ro") == []
    assert sorted(find_breaks("Haeoreum-ro").compounds[0].inside) == [9]
    assert lines_may_end_at("a@b.kr") == []
    assert sorted(find_breaks("mail a@b.kr").compounds[0].inside) == [7, 8]
    assert not find_breaks("02-2133-8462 2024-09-01").compounds
    assert find_breaks("가\n나").hard == frozenset({2})


@pytest.mark.timeout(20)
def test_a_very_long_word_is_broken_in_time(qapp: object) -> None:
    """Measuring every possible cut of every line took minutes for a 2,000-letter word."""
    drawn = draw("가" * 2000, 300.0, size=40.0, height=20000.0)
    (placed,) = drawn.placed
    assert placed.broken == ("가" * 2000,) and "".join(placed.lines) == "가" * 2000
    assert all(len(line) > 1 for line in placed.lines[:-1])


@pytest.mark.parametrize("text", WHOLE[:3])
def test_measuring_places_what_drawing_draws(qapp: object, text: str) -> None:
    from kiosk.render.text import measure_runs

    drawn = draw(text, 300.0, height=180.0).placed
    measured = measure_runs(QRectF(10, 10, 300.0, 180.0), [Run(text, 60.0, QColor("black"))],
                            min_size=MIN_SIZE).placed
    assert [(p.lines, p.size, p.cut, p.broken) for p in measured] == \
        [(p.lines, p.size, p.cut, p.broken) for p in drawn]
    for m, d in zip(measured, drawn, strict=True):
        assert m.rect.height() == d.rect.height() and abs(m.rect.width() - d.rect.width()) < 1.0


def test_a_newline_in_the_deck_ends_a_line(qapp: object) -> None:
    (placed,) = draw("첫째 줄\n둘째 줄 Second line", 2000.0).placed
    assert placed.lines == ("첫째 줄", "둘째 줄 Second line")
