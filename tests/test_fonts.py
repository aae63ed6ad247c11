"""Glyphs: the bundled fonts draw Hangul, Latin, the 4,888 Hanja of KS X 1001, kana and the
symbols Korean notices use, with no help from system fonts; what they cannot draw is reported by
character and code point and left out, never shown as a box."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QRawFont

from kiosk.deck.settings import Theme
from kiosk.render.frame import Frame
from kiosk.render.text_lines import Run
from kiosk.resources import font_files
from tests.no_system_fonts import bare_env

SYMBOLS = ("㎡ ℃ ~ – — · ※ ① ② ⑩ … 「 」 『 』 〈 〉 《 》 → ← ↑ ↓ ○ ● □ ■ △ ▲ ☎ ★ ☆ ₩ € № ㈜ "
           "㎞ ㎏ ± × ÷ ° ‰")
KANA = "あいうえおかきくけこアイウエオカキクケコヴー"
SAMPLE = "海 漢字 「春香傳」 서울特別市 " + SYMBOLS + " " + KANA + " 가나다 ABC abc 0123"


def ks_x_1001_hanja() -> list[str]:
    found = []
    for lead in range(0xCA, 0xFE):  # rows 42..93 of KS X 1001 hold its Hanja
        for trail in range(0xA1, 0xFF):
            char = bytes((lead, trail)).decode("euc_kr", errors="ignore")
            if char and unicodedata.name(char, "").startswith("CJK"):
                found.append(char)
    return found


def test_bundled_fonts_cover_the_hanja_kana_and_symbols(qapp: object) -> None:
    hanja = ks_x_1001_hanja()
    assert len(hanja) == 4888
    fonts = [QRawFont(QByteArray(entry.read_bytes()), 20) for entry in font_files()]
    # each weight bundled covers the repertoire, so bold text needs no other font either
    for style in ("Regular", "Bold"):
        weight = [raw for raw, entry in zip(fonts, font_files(), strict=True)
                  if entry.name.endswith(f"-{style}.otf")]
        missing = [c for c in hanja + list(SYMBOLS + KANA) if not c.isspace() and
                   not any(raw.supportsCharacter(ord(c)) for raw in weight)]
        assert not missing, (style, missing[:20], len(missing))


PROBE = """
import json, sys
from PySide6.QtGui import QGuiApplication, QTextLayout
app = QGuiApplication([])
from kiosk.render.fonts import ensure_fonts, font, FAMILIES
ensure_fonts()
text = sys.argv[1]
layout = QTextLayout(text, font(40))
layout.beginLayout(); layout.createLine(); layout.endLayout()
runs = [(r.rawFont().familyName(), list(r.glyphIndexes())) for r in layout.glyphRuns()]
print(json.dumps({"families": list(FAMILIES), "runs": runs}))
"""


def test_every_character_is_drawn_by_a_bundled_font_with_no_system_fonts(tmp_path: Path) -> None:
    """Not a .notdef box (glyph 0) and not a system font: fontconfig here sees no font at all."""
    out = subprocess.run([sys.executable, "-c", PROBE, SAMPLE.replace(" ", "")],
                         env=bare_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    glyphs = [g for _, indexes in found["runs"] for g in indexes]
    assert len(glyphs) == len(SAMPLE.replace(" ", "")), found
    assert all(family in found["families"] for family, _ in found["runs"]), found["runs"]
    assert 0 not in glyphs, found["runs"]


PIXELS = """
import sys
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
app = QGuiApplication([])
from kiosk.render.fonts import ensure_fonts, font
ensure_fonts()

def draw(char):
    image = QImage(120, 120, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font(60))
    painter.setPen(QColor("black"))
    painter.drawText(20, 80, char)
    painter.end()
    return image

tofu, blank = draw("\u0378"), draw(" ")  # U+0378 is unassigned: any font draws .notdef
print("".join(c for c in sys.argv[1] if draw(c) in (tofu, blank)))
"""


def test_hanja_and_symbols_are_not_drawn_as_boxes(tmp_path: Path) -> None:
    """Pixels, with no system font to fall back on: each differs from the .notdef box."""
    chars = "海漢傳㎡℃※①「カひ"
    out = subprocess.run([sys.executable, "-c", PIXELS, chars], env=bare_env(tmp_path),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"drawn as a box or nothing: {out.stdout.strip()}"


def test_a_character_no_bundled_font_draws_is_reported_and_left_out(qapp: object) -> None:
    image = QImage(400, 200, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        frame = Frame(painter, 400, 200, Theme(), "ko", Path("."))
        frame.text(QRectF(0, 0, 400, 200), [Run("안내 😀 \U00013000 끝", 40, QColor("black"))],
                   what="the caption", field=("places", 1, "label"))
    finally:
        painter.end()
    notes = {n.message: n for n in frame.notes}
    assert all(n.kind == "missing_glyph" and n.field == ("places", 1, "label")
               for n in frame.notes)
    assert len(notes) == 2
    emoji = next(m for m in notes if "U+1F600" in m)
    assert "😀" in emoji and "emoji" in emoji
    assert any("U+13000" in m for m in notes)
    (placed,) = frame.placed
    assert "😀" not in "".join(placed.lines) and placed.lines == ("안내 끝",)


def test_bundled_fonts_are_chosen_over_system_ones_in_every_weight(qapp: object) -> None:
    """Where the machine has CJK fonts of its own (this one may), Qt still takes the bundled."""
    from PySide6.QtGui import QFont, QTextLayout

    from kiosk.render.fonts import FAMILIES, ensure_fonts, font

    ensure_fonts()
    for weight in (QFont.Weight.Normal, QFont.Weight.DemiBold, QFont.Weight.Bold):
        layout = QTextLayout(SAMPLE, font(40, weight))
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        runs = layout.glyphRuns()
        assert runs and {r.rawFont().familyName() for r in runs} <= set(FAMILIES), weight
        assert all(0 not in r.glyphIndexes() for r in runs), weight
