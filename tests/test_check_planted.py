"""`kiosk check` reports every problem of every stage in one run, each at its own line."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., tuple[int, str, str]]

# Thirteen mistakes an operator makes, each marked "# N" at the end of its line. Seven are
# schema errors; the other six (a misspelt section, a repeated id, a floor that is not there, a
# missing picture, a picture cut short in a copy, a notice past its date) used to be reported
# only once the first seven were fixed.
PLANTED = """\
deck:
  title: {ko: 해오름 도서관, en: Haeoreum Library}
  theme:
    accent: "#FFD04"  # 1
  sections:
    - id: intro
      title: {ko: 소개, en: Introduction}
    - id: rooms
      title: {ko: 시설, en: Facilities}
slides:
  - id: cover
    section: intro
    layout: cover
    titel: {ko: 다시 문을 엽니다, en: We reopen}  # 2
  - id: history
    section: intro
    layout: timline  # 3
    title: {ko: 연혁, en: History}
  - id: hours
    section: intro
    layout: statement
    statement: {ko: 매일 엽니다, en: Open daily}
    daily: {start: "8:00", end: "18:00"}  # 4
  - id: site
    section: rooms
    layout: site
    title: {ko: 배치도, en: Site plan}
    address: {ko: 서울시 중구, en: "Jung-gu, Seoul"}
    places:
      - {label: {ko: 본관, en: Main hall}, x: 0.1, y: 0.1, w: 0.3, h: 0.3}
      - {label: {ko: 주차장}, x: 0.5, y: 0.1, w: 0.3, h: 0.3}  # 5
      - {label: {ko: 정원, en: Garden}, x: 1.5, y: 0.5, w: 0.2, h: 0.2}  # 6
  - id: numbers
    section: rooms
    layout: figures
    title: {ko: 숫자로 보는 도서관, en: In numbers}
    figures:
      - {value: "1,234,567,890,123", label: {ko: 장서, en: Books}}  # 7
  - id: reading
    section: room  # 8
    layout: bullets
    title: {ko: 열람실, en: Reading rooms}
    points:
      - {ko: 어린이 열람실, en: Children's room}
  - id: reading  # 9
    section: rooms
    layout: building
    title: {ko: 건물, en: Buildings}
    buildings:
      - name: {ko: 본관, en: Main hall}
        floors: [B1, 1F, 2F]
        area: "1,098 m²"
        status: {ko: 운영 중, en: Open}
        highlight: [3F]  # 10
  - id: photo
    section: rooms
    layout: image
    image: assets/missing.png  # 11
  - id: broken-photo
    section: rooms
    layout: image
    image: assets/broken.png  # 12
  - id: old-news
    section: intro
    layout: statement
    statement: {ko: 지난 소식, en: Old news}
    show_until: 2020-01-31  # 13
"""


def png(width: int, height: int) -> bytes:
    """A valid RGB PNG with some texture, so its compressed data spans many bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + bytes((x * 7 + y * 13) % 256 for x in range(width * 3))
                    for y in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def marked_lines(text: str) -> dict[int, int]:
    """Mistake number -> its line (1-based) in the deck text."""
    return {int(m.group(1)): n for n, line in enumerate(text.splitlines(), 1)
            for m in [re.search(r"# (\d+)$", line)] if m}


@pytest.fixture
def planted(write_deck: Callable[[str], Path]) -> Path:
    path = write_deck(PLANTED)
    (path.parent / "assets").mkdir()
    (path.parent / "assets" / "broken.png").write_bytes(png(120, 90)[:-300])  # cut in a copy
    return path


def test_every_planted_mistake_in_one_run_at_its_line(run_cli: Run, planted: Path) -> None:
    code, _, err = run_cli("check", str(planted))
    assert code == 1
    found = [line for line in err.splitlines() if line.startswith(f"{planted}:")]
    lines = {int(line.split(":")[1]) for line in found}
    expected = marked_lines(PLANTED)
    assert len(expected) == 13
    assert sorted(lines) == sorted(expected.values()), "\n".join(found)
    assert len(found) == 13, "\n".join(found)  # one line per mistake, nothing twice
    by_line = {int(line.split(":")[1]): line for line in found}
    words = {1: "a colour such as #FFD046", 2: "did you mean 'title'?",
             3: "did you mean 'timeline'?", 4: "a time such as 08:00",
             5: "item 2, field 'label.en': missing English translation",
             6: "item 3, field 'x': expected a number of at most 1",
             7: "at most 12 characters", 8: "did you mean 'rooms'?", 9: "used twice",
             10: "'3F' is not among the floors", 11: "does not exist",
             12: "cut short", 13: "has passed"}
    for number, text in words.items():
        assert text in by_line[expected[number]], by_line[expected[number]]
    assert "warning: " in by_line[expected[13]]
    assert "13 problems found (12 errors, 1 warning)" in err


def test_a_schema_error_in_one_slide_leaves_the_others_checked(
        run_cli: Run, write_deck: Callable[[str], Path]) -> None:
    from tests.decks import MINIMAL

    text = MINIMAL.replace("layout: statement", "layout: statment") + """\
  - id: long
    section: main
    layout: statement
    statement: {ko: 𝄞 음악회, en: Concert}
"""
    path = write_deck(text)
    code, _, err = run_cli("check", str(path))
    assert code == 1
    assert f"{path}:9:13: slide 'one': unknown layout 'statment'" in err
    # the glyph check (a later stage) still ran on the slides that validated
    assert f"{path}:20:21: slide 'long' field 'statement.ko': '𝄞' (U+1D11E MUSICAL SYMBOL G " \
        "CLEF) is in no bundled font and would be left out" in err


def test_a_broken_deck_title_leaves_the_slides_laid_out(run_cli: Run,
                                                       write_deck: Callable[[str], Path]) -> None:
    from tests.test_check_render import LONG

    path = write_deck(LONG.replace("  title: {ko: 안내, en: Welcome}", "  title: {ko: 안내}"))
    code, _, err = run_cli("check", str(path))
    assert code == 1
    assert f"{path}:2:10: field 'deck.title.en': missing English translation" in err
    assert f"{path}:14:12: warning: slide 'two' field 'title': " in err  # laid out all the same


def test_broken_settings_leave_the_slides_checked(run_cli: Run,
                                                  write_deck: Callable[[str], Path]) -> None:
    from tests.test_check_render import LONG

    path = write_deck(LONG.replace("    - id: main\n", "    - id: Main\n"))
    (path.parent / "assets").mkdir()
    (path.parent / "assets" / "cut.png").write_bytes(png(60, 40)[:-20])
    path.write_text(path.read_text(encoding="utf-8") + "    image: assets/cut.png\n",
                    encoding="utf-8")
    code, _, err = run_cli("check", str(path))
    assert code == 1
    assert f"{path}:4:11: field 'deck.sections' item 1, field 'id': expected a short name" in err
    assert f"{path}:14:12: warning: slide 'two' field 'title': " in err  # laid out all the same
    assert f"{path}:17:12: image 'assets/cut.png' is damaged or cut short" in err
    path.write_text("slides:\n" + path.read_text(encoding="utf-8").split("slides:\n")[1],
                    encoding="utf-8")
    code, _, err = run_cli("check", str(path))
    assert "the file has no 'deck:'; expected 'deck:' (the settings) and 'slides:'" in err
    assert "image 'assets/cut.png' is damaged or cut short" in err
