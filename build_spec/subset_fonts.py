"""Make the bundled fallback font: Noto Sans CJK KR cut down to what Pretendard lacks.

Pretendard (the kiosk's face) draws Latin and every Hangul syllable but no Hanja, kana or many of
the symbols Korean notices use. This script takes Debian's fonts-noto-cjk (SIL OFL 1.1) and keeps
only the characters of the repertoire below that Pretendard does not draw, for a regular and a bold
weight, renamed so that a system copy of Noto can never stand in for it:

    apt-get install fonts-noto-cjk
    pip install fonttools
    python build_spec/subset_fonts.py      # writes assets/fonts/NotoSansKRKiosk-*.otf

The repertoire: every character of KS X 1001 (its 4,888 Hanja, kana, Greek, Cyrillic, box drawing
and symbols) plus whole blocks of the punctuation and symbols a notice may use. The OpenType layout
features are dropped, and a compatibility ideograph that shares its glyph gets a copy of its own:
every glyph drawn is then the one its character alone maps to, so the PDF text layer (built from
that map) gives back the very characters that were drawn.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.misc.psCharStrings import T2CharString
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "assets" / "fonts"
NOTO = Path("/usr/share/fonts/opentype/noto")
FAMILY = "Noto Sans KR Kiosk"
KR_INDEX = 1  # the Korean member of the NotoSansCJK .ttc collections
# (source collection, Pretendard weight whose gaps it fills, output style)
WEIGHTS = (("NotoSansCJK-Regular.ttc", "Pretendard-Regular.otf", "Regular"),
           ("NotoSansCJK-Bold.ttc", "Pretendard-Bold.otf", "Bold"))

# Whole blocks a notice may draw from, beyond KS X 1001 itself.
BLOCKS = (
    (0x00A0, 0x017F),  # Latin-1 and Latin Extended-A
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x2000, 0x206F),  # general punctuation: – — ‘ ’ “ ” … ※ ‥
    (0x2070, 0x209F),  # super- and subscripts
    (0x20A0, 0x20CF),  # currency: ₩ €
    (0x2100, 0x218F),  # letterlike and number forms: ℃ № ™ Ⅰ ⅰ ½
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators: ∼ ≤ ≥ ×
    (0x2300, 0x23FF),  # miscellaneous technical: ⌘ ⏰
    (0x2460, 0x24FF),  # enclosed alphanumerics: ① ⓐ
    (0x2500, 0x25FF),  # box drawing, blocks and geometric shapes: ─ ■ □ ▲ ○ ●
    (0x2600, 0x26FF),  # miscellaneous symbols: ☎ ★ ☆ ♥ ♨
    (0x2700, 0x27BF),  # dingbats: ✓ ✔ ❶
    (0x3000, 0x303F),  # CJK symbols and punctuation: 「」 『』 〈〉 《》 〜 〒
    (0x3040, 0x30FF),  # hiragana and katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x3200, 0x33FF),  # enclosed CJK letters and CJK compatibility: ㈜ ㉠ ㎡ ㎞ ㏄
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half- and full-width forms: ～ （ ）
)


def ks_x_1001() -> set[int]:
    """Every character of KS X 1001, read off Python's EUC-KR codec (the standard's own table)."""
    found = set()
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes((lead, trail)).decode("euc_kr")))
            except UnicodeDecodeError:
                continue
    return found


def repertoire() -> set[int]:
    wanted = ks_x_1001()
    for low, high in BLOCKS:
        wanted.update(range(low, high + 1))
    return wanted


def rename(font: TTFont, style: str) -> None:
    """Give the subset a family name of its own (no system Noto can be mistaken for it)."""
    names = font["name"]
    postscript = f"{FAMILY.replace(' ', '')}-{style}"
    for record in list(names.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID in (2, 17):
            record.string = style
        elif record.nameID == 4:
            record.string = f"{FAMILY} {style}"
        elif record.nameID in (3, 6):
            record.string = postscript
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        top.FullName = f"{FAMILY} {style}"
        top.FamilyName = FAMILY


def split_shared(font: TTFont) -> int:
    """Give each CJK compatibility ideograph that shares its glyph its own copy of it.

    KS X 1001 encodes a Hanja once per reading, so 豈 is both U+8C48 and U+F900. Noto draws both
    with one glyph, and a PDF writer that maps glyphs back to characters (Qt's does) can then
    only give back one of them: the text layer would turn U+F900 into U+8C48.
    """
    users: dict[str, list[int]] = {}
    for code, glyph in sorted(font.getBestCmap().items()):
        users.setdefault(glyph, []).append(code)
    top = font["CFF "].cff.topDictIndex[0]
    strings = top.CharStrings
    order = list(font.getGlyphOrder())
    position = {name: i for i, name in enumerate(order)}
    cid = max(int(name[3:]) for name in order if name.startswith("cid")) + 1
    copies: dict[int, str] = {}
    for glyph, codes in users.items():
        for code in codes[1:]:  # the lowest code point keeps the original
            if not 0xF900 <= code <= 0xFAFF:
                continue
            name = f"cid{cid:05d}"
            cid += 1
            source = strings[glyph]
            source.decompile()
            strings.charStringsIndex.append(T2CharString(
                program=list(source.program), private=source.private,
                globalSubrs=source.globalSubrs))
            strings.charStrings[name] = len(strings.charStringsIndex) - 1
            top.FDSelect.append(top.FDSelect[position[glyph]])
            order.append(name)
            for table in ("hmtx", "vmtx"):
                if table in font:
                    font[table].metrics[name] = font[table].metrics[glyph]
            copies[code] = name
    top.charset = order
    font.setGlyphOrder(order)
    for table in font["cmap"].tables:
        if table.isUnicode():
            table.cmap.update({code: name for code, name in copies.items() if code in table.cmap})
    return len(copies)


def make(source: Path, primary: Path, style: str, out: Path) -> int:
    have = set(TTFont(primary).getBestCmap())
    noto = TTCollection(source).fonts[KR_INDEX]
    wanted = (repertoire() - have) & set(noto.getBestCmap())
    options = subset.Options()
    options.layout_features = []  # see the module's docstring: glyph == character, always
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(noto)
    split_shared(noto)
    rename(noto, style)
    noto.save(out)
    return len(wanted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--noto", type=Path, default=NOTO, help="folder of NotoSansCJK-*.ttc")
    parser.add_argument("--out", type=Path, default=FONTS)
    args = parser.parse_args(argv)
    for collection, primary, style in WEIGHTS:
        out = args.out / f"{FAMILY.replace(' ', '')}-{style}.otf"
        count = make(args.noto / collection, FONTS / primary, style, out)
        print(f"{out.name}: {count} characters, {out.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
