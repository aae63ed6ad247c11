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
      - {ko: "야간 031\u20118075\u20114620 · \uf914\u6a02 \uf900 音樂室",
         en: "At night 031\u20118075\u20114620 · music room \uf914\u6a02"}
"""
SHAPES = ("1920x1080", "1024x768", "800x1280")
HYPHEN = str.maketrans({"\u2011": "-"})  # a non-breaking hyphen is drawn as a plain one


def words_of(text: str) -> list[str]:
    return unicodedata.normalize("NFC", text).translate(HYPHEN).split()
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
    return {w for t in texts for w in words_of(t)}


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
    return text, fonts


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("deck") / "slides.yaml"
    path.write_text(DECK, encoding="utf-8")
    return path


def test_the_text_layer_keeps_every_character(deck: Path, tmp_path: Path) -> None:
    text, _ = export(deck, tmp_path / "deck.pdf", "1920x1080", "both")
    for kept in ("5~7층", "서울시–KAIST", "「海오름」", "12,480㎡", "350,000권", "18℃~24℃",
                 "①", "漢字", "資料室", "兒童", "閱覽室", "カナ", "※", "B1~B3",
                 "02-2133-8462", "library@haeoreum.go.kr",
                 "031-8075-4620",  # typed with non-breaking hyphens, searched for with plain ones
                 "\uf914\u6a02", "\uf900"):  # one Hanja, two code points (KS X 1001's readings)
        assert kept in text, (kept, text)


@pytest.mark.parametrize("size", SHAPES)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_word_is_whole_in_the_text_layer(deck: Path, tmp_path: Path, size: str,
                                               lang: str) -> None:
    text, _ = export(deck, tmp_path / "deck.pdf", size, lang)
    found = set(unicodedata.normalize("NFC", text).split())
    # Qt writes a space glyph between words; pdftotext may join a word to punctuation around it
    missing = [w for w in sorted(deck_words(deck, lang))
               if w not in found and not any(w in token for token in found)]
    assert not missing, (missing, text)
    lines = [" ".join(line.split()) for line in unicodedata.normalize("NFC", text).splitlines()]
    for phrase in TOGETHER:
        if phrase in " ".join(lines):
            assert any(phrase in line for line in lines), (phrase, lines)


def test_only_the_bundled_fonts_are_embedded(deck: Path, tmp_path: Path) -> None:
    _, fonts = export(deck, tmp_path / "deck.pdf", "1024x768", "both")
    names = [re.sub(r"^[A-Z]{6}\+", "", row.split()[0]) for row in fonts.splitlines()[2:]]
    assert names and all(n.startswith(("Pretendard", "NotoSansKRKiosk")) for n in names), fonts
    assert any(n.startswith("NotoSansKRKiosk") for n in names), fonts  # the Hanja came from it
    assert all(row.split()[-5] == "yes" for row in fonts.splitlines()[2:]), fonts  # embedded


# Every screen shape a lobby PC has (16:9, 16:10, 4:3, 5:4, 21:9, 9:16, 10:16).
ALL_SHAPES = ("1920x1080", "1920x1200", "1024x768", "1280x1024", "2560x1080", "1080x1920",
              "800x1280")
FIXTURE_DECKS = {"bundled": Path(__file__).resolve().parents[1] / "slides.yaml",
                 **{p.parent.name: p for p in sorted(
                     (Path(__file__).resolve().parent / "fixtures").glob("*/slides.yaml"))}}
EXPORT_ALL = """
import sys
from pathlib import Path
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
from kiosk.deck.loader import load_deck
from kiosk.ops.export import export_pdf
loaded = load_deck(Path(sys.argv[1]))
for size in sys.argv[3:]:
    width, height = map(int, size.split("x"))
    for lang in ("both", "ko", "en"):
        export_pdf(loaded, Path(sys.argv[2]) / f"{size}-{lang}.pdf", width, height, lang)
"""
NOT_SHOWN = ("notes", "id", "layout", "section", "image", "qr", "transition", "kind", "aspect")
# A figure's number and unit are shown once, in Korean, when both languages are
SAID_ONCE = ("value", "unit")


def shown_words(value: object, lang: str) -> list[str]:
    """The words a slide shows in this language mode."""
    from pydantic import BaseModel

    from kiosk.deck.fields import Text

    if isinstance(value, Text):
        return [w for code in ("ko", "en") if lang in (code, "both")
                for w in words_of(getattr(value, code))]
    if isinstance(value, str):
        return words_of(value)
    if isinstance(value, list | tuple):
        return [w for item in value for w in shown_words(item, lang)]
    if isinstance(value, BaseModel):
        return [w for name in type(value).model_fields if name not in NOT_SHOWN
                for w in shown_words(getattr(value, name),
                                     "ko" if name in SAID_ONCE and lang == "both" else lang)]
    return []


@pytest.mark.parametrize("name", sorted(FIXTURE_DECKS))
def test_every_deck_keeps_every_word_whole_at_every_shape(name: str, tmp_path: Path) -> None:
    """The issue's measure of done: at each shape and language mode, each slide's page of the
    PDF holds every word of the slide whole, drawn with the bundled fonts alone."""
    from kiosk.deck.loader import load_deck

    path = FIXTURE_DECKS[name]
    done = subprocess.run([sys.executable, "-c", EXPORT_ALL, str(path), str(tmp_path),
                           *ALL_SHAPES], env=bare_env(tmp_path), capture_output=True, text=True,
                          timeout=240)
    assert done.returncode == 0, done.stderr
    slides = load_deck(path).deck.slides
    problems = []
    for pdf in sorted(tmp_path.glob("*.pdf")):
        lang = pdf.stem.split("-")[1]
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              text=True, check=True, timeout=60).stdout
        pages = unicodedata.normalize("NFC", text).split("\f")
        for slide, page in zip(slides, pages, strict=False):
            tokens = page.split()
            problems += [f"{pdf.stem} {slide.id}: {word}" for word in shown_words(slide, lang)
                         if not any(word in token for token in tokens)]
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True, timeout=60).stdout
        names = [re.sub(r"^[A-Z]{6}\+", "", row.split()[0]) for row in fonts.splitlines()[2:]]
        problems += [f"{pdf.stem}: font {n}" for n in names
                     if not n.startswith(("Pretendard", "NotoSansKRKiosk"))]
    assert not problems, "\n".join(problems[:40])
