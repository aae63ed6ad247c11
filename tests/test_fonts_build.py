"""The recipes behind the bundled files: the fallback font's repertoire and the ICU data kept."""

from __future__ import annotations

import sys
import unicodedata
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "build_spec"))

from icu_data import dropped  # noqa: E402
from subset_fonts import repertoire  # noqa: E402


def test_the_fallback_repertoire_holds_ks_x_1001_and_the_notice_symbols() -> None:
    wanted = repertoire()
    hanja = [c for c in map(chr, wanted) if unicodedata.name(c, "").startswith("CJK")
             and bytes_in_ks_x_1001(c)]
    assert len(hanja) == 4888
    assert {ord(c) for c in "㎡℃–·※①「」カあ₩"} <= wanted


def bytes_in_ks_x_1001(char: str) -> bool:
    try:
        return len(char.encode("euc_kr")) == 2
    except UnicodeEncodeError:
        return False


def test_the_icu_data_keeps_korean_english_and_what_every_locale_needs() -> None:
    items = ["root.res", "en.res", "en_US.res", "ko.res", "ko_KR.res", "de.res", "zh_Hant.res",
             "coll/ko.res", "coll/zh.res", "coll/ucadata.icu", "curr/ja.res", "zone/en.res",
             "supplementalData.res", "zoneinfo64.res", "res_index.res", "pool.res",
             "translit/root.res", "gb18030.cnv", "cnvalias.icu", "brkitr/cjdict.dict",
             "brkitr/word.brk", "uprops.icu", "nfc.nrm", "es_.res"]
    assert dropped(items) == {"de.res", "zh_Hant.res", "coll/zh.res", "curr/ja.res",
                              "translit/root.res", "gb18030.cnv", "brkitr/cjdict.dict",
                              "es_.res"}


def test_each_compatibility_ideograph_has_a_glyph_of_its_own() -> None:
    """So that the PDF text layer, which maps glyphs back to characters, keeps U+F900 as itself."""
    from fontTools.ttLib import TTFont

    from kiosk.resources import font_files

    for entry in font_files():
        if not entry.name.startswith("NotoSansKRKiosk"):
            continue
        cmap = TTFont(str(entry)).getBestCmap()
        compat = {code: glyph for code, glyph in cmap.items() if 0xF900 <= code <= 0xFAFF}
        assert len(compat) == 268, entry.name
        shared = [hex(code) for code, glyph in compat.items()
                  if sum(1 for g in cmap.values() if g == glyph) > 1]
        assert not shared, (entry.name, shared[:10])


@cache
def pretendard_glyph_ids() -> dict[str, dict[int, int]]:
    """For each bundled Pretendard weight: character -> glyph id."""
    from fontTools.ttLib import TTFont

    from kiosk.resources import font_files

    found = {}
    for entry in font_files():
        if entry.name.startswith("Pretendard"):
            font = TTFont(str(entry), lazy=True)
            ids = {name: number for number, name in enumerate(font.getGlyphOrder())}
            found[entry.name] = {char: ids[name] for char, name in font.getBestCmap().items()}
    return found


def test_pretendard_keeps_the_everyday_glyphs_at_the_front() -> None:
    """A deck's text is read from one front part of each font file, not from all over it (the
    part of a mapped font that is resident follows how far apart the drawn glyphs lie)."""
    weights = pretendard_glyph_ids()
    assert len(weights) == 3
    for name, glyph in weights.items():
        syllables = range(0xAC00, 0xD7A4)
        assert all(code in glyph for code in syllables), name  # every syllable is still drawn
        everyday = [glyph[code] for code in syllables if bytes_in_ks_x_1001(chr(code))]
        rare = [glyph[code] for code in syllables if not bytes_in_ks_x_1001(chr(code))]
        latin = [glyph[code] for code in range(0x20, 0x7F) if code in glyph]
        assert len(everyday) == 2350 and len(latin) == 95, name
        assert max(latin) < min(everyday) and max(everyday) < min(rare), name


@settings(max_examples=50)
@given(st.text(st.sampled_from([chr(c) for c in range(0xAC00, 0xD7A4)
                                if bytes_in_ks_x_1001(chr(c))] + list(" .,:-()0123456789"
                                                                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                                       "abcdefghijklmnopqrstuvwxyz")),
               min_size=1, max_size=80))
def test_an_everyday_text_draws_only_from_the_front_block(text: str) -> None:
    weights = pretendard_glyph_ids()
    for name, glyph in weights.items():
        first_rare = min(glyph[code] for code in range(0xAC00, 0xD7A4)
                         if not bytes_in_ks_x_1001(chr(code)))
        assert all(glyph[ord(char)] < first_rare for char in text), name


def test_ordering_the_fonts_again_changes_nothing(tmp_path: Path) -> None:
    from order_fonts import order_font

    from kiosk.resources import font_files

    for entry in font_files():
        if entry.name.startswith("Pretendard"):
            assert not order_font(Path(str(entry)), tmp_path / entry.name), entry.name
            assert not (tmp_path / entry.name).exists()
