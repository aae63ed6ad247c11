"""The PDF's text layer keeps every character, and every word whole, with only bundled fonts.

Each export runs `kiosk export` in a child process that sees no system font at all, so a font
installed on the test machine can neither stand in for a missing glyph nor end up embedded.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from tests.no_system_fonts import bare_env

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts")),
    reason="poppler-utils (pdftotext, pdffonts) is not installed; .ci/setup installs it")

DECK = """\
deck:
  title: {ko: 해오름시립도서관, en: Haeoreum City Library}
  sections:
    - id: main
      title: {ko: 재개관, en: Reopening}
slides:
  - id: statement
    section: main
    layout: statement
    statement:
      ko: 「海오름」 도서관이 5~7층에 다시 문을 엽니다 (서울시–KAIST 공동 설계)
      en: The 「海오름」 library reopens on floors 5~7, designed by Seoul City–KAIST
  - id: words
    section: main
    layout: bullets
    title: {ko: 해오름시립도서관 재개관 안내, en: Haeoreum City Library reopening}
    points:
      - {ko: "연면적 12,480㎡ · 장서 350,000권 · 열람석 40명",
         en: "Floor area 12,480 ㎡ · 350,000 books · 40 seats"}
      - {ko: "해오름시립도서관 지하주차장은 2024년 9월 12일 다시 엽니다",
         en: "Underground parking at Haeoreum reopens in September 2024"}
      - {ko: "개관일 2024년 9월 12일 ※ 지하주차장 B1~B3 이용 가능",
         en: "Opening on 12 September 2024 ※ underground parking B1~B3"}
      - {ko: "온도 18℃~24℃ 유지 ① 漢字 資料室 ② 兒童 閱覽室 ③ カナ 表記",
         en: "Kept at 18℃~24℃ ① 漢字 資料室 ② 兒童 閱覽室 ③ カナ"}
      - {ko: "문의 02-2133-8462 · library@haeoreum.go.kr",
         en: "Enquiries 02-2133-8462 · library@haeoreum.go.kr"}
"""
SHAPES = ("1920x1080", "1024x768", "800x1280")
# Never split across lines: a date, a number with its unit, a range, a phone number.
TOGETHER = ("September 2024", "12 September 2024", "2024년 9월 12일", "12,480 ㎡", "350,000 books",
            "40 seats", "350,000권", "02-2133-8462", "library@haeoreum.go.kr")


def deck_words(path: Path, lang: str) -> set[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if set(value) == {"ko", "en"}:
                texts.extend(value[code] for code in ("ko", "en") if lang in (code, "both"))
                return
            for key, item in value.items():
                if key not in ("id", "section", "layout"):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data["slides"])
    return {w for t in texts for w in unicodedata.normalize("NFC", t).split()}


def export(deck: Path, out: Path, size: str, lang: str) -> tuple[str, str]:
    env = bare_env(out.parent)
    done = subprocess.run([sys.executable, "-m", "kiosk", "export", str(deck), "--format", "pdf",
                           "--size", size, "--lang", lang, "--out", str(out)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True,
                           timeout=60).stdout
    return unicodedata.normalize("NFC", text), fonts


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("deck") / "slides.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


def test_the_text_layer_keeps_every_character(deck: Path, tmp_path: Path) -> None:
    text, _ = export(deck, tmp_path / "deck.pdf", "1920x1080", "both")
    for kept in ("5~7층", "서울시–KAIST", "「海오름」", "12,480㎡", "350,000권", "18℃~24℃",
                 "①", "漢字", "資料室", "兒童", "閱覽室", "カナ", "※", "B1~B3",
                 "02-2133-8462", "library@haeoreum.go.kr"):
        assert kept in text, (kept, text)


@pytest.mark.parametrize("size", SHAPES)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_word_is_whole_in_the_text_layer(deck: Path, tmp_path: Path, size: str,
                                               lang: str) -> None:
    text, _ = export(deck, tmp_path / "deck.pdf", size, lang)
    found = set(text.split())
    # Qt writes a space glyph between words; pdftotext may join a word to punctuation around it
    missing = [w for w in sorted(deck_words(deck, lang))
               if w not in found and not any(w in token for token in found)]
    assert not missing, (missing, text)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for phrase in TOGETHER:
        if phrase in " ".join(text.split()):
            assert any(phrase in line for line in lines), (phrase, lines)


def test_only_the_bundled_fonts_are_embedded(deck: Path, tmp_path: Path) -> None:
    _, fonts = export(deck, tmp_path / "deck.pdf", "1024x768", "both")
    names = [re.sub(r"^[A-Z]{6}\+", "", row.split()[0]) for row in fonts.splitlines()[2:]]
    assert names and all(n.startswith(("Pretendard", "NotoSansKRKiosk")) for n in names), fonts
    assert any(n.startswith("NotoSansKRKiosk") for n in names), fonts  # the Hanja came from it
    assert all(row.split()[-5] == "yes" for row in fonts.splitlines()[2:]), fonts  # embedded
