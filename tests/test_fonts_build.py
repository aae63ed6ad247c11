"""The recipes behind the bundled files: the fallback font's repertoire and the ICU data kept."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

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
