"""Put the glyphs a lobby's text uses most at the front of Pretendard's outlines.

The kiosk maps its font files, and the kernel makes a mapped file resident in 64 KB windows around
each page read: a font's share of the running kiosk's memory follows how far apart the drawn
glyphs lie in the file, not how many there are. In Pretendard's own order (Unicode order) the
two hundred syllables of a deck lie scattered over all 11,172, and drawing them made 1.1-1.4 MB of
each 1.6 MB weight resident. Ordered so that Latin and punctuation come first, then the 2,350
everyday syllables of KS X 1001, then every other glyph as before, the same text lies in about half
the windows. The outlines' shared pieces (the CFF's local subroutines: Pretendard draws each
syllable from some of its 12,000) are then put in the order the glyphs first call them, so the
pieces of the everyday glyphs lie together too. Outlines, character map, advances and layout
tables stay the same: only glyph ids and subroutine numbers move (fontTools' reorderGlyphs
renumbers every table that refers to a glyph; every call of a subroutine is renumbered here).

    pip install fonttools
    python build_spec/order_fonts.py      # rewrites assets/fonts/Pretendard-*.otf in place

Running it again changes nothing: the order it makes is the order it keeps.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from fontTools.ttLib.reorderGlyphs import reorderGlyphs

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "assets" / "fonts"
WEIGHTS = ("Pretendard-Regular.otf", "Pretendard-SemiBold.otf", "Pretendard-Bold.otf")

NOTDEF, LATIN_AND_PUNCTUATION, EVERYDAY_HANGUL, THE_REST = range(4)


def everyday_syllable(char: int) -> bool:
    """One of the 2,350 precomposed syllables of KS X 1001: EUC-KR writes those in two bytes
    (Python's codec writes every other syllable as an eight-byte jamo sequence)."""
    return 0xAC00 <= char <= 0xD7A3 and len(chr(char).encode("euc-kr")) == 2


def group(char: int | None) -> int:
    """Where a glyph drawn for this character (None: for none) belongs in the new order."""
    if char is None:
        return THE_REST
    if char < 0x1100 or 0x2000 <= char <= 0x206F or 0x3000 <= char <= 0x303F \
            or 0xFF00 <= char <= 0xFFEF:
        return LATIN_AND_PUNCTUATION
    if everyday_syllable(char) or 0x3130 <= char <= 0x318F:  # and the compatibility jamo
        return EVERYDAY_HANGUL
    return THE_REST


def new_order(font: TTFont) -> list[str]:
    """The font's glyph names in their new order: by group, in their present order within one."""
    order = font.getGlyphOrder()
    first_char: dict[str, int] = {}
    for char, name in sorted(font.getBestCmap().items()):
        first_char.setdefault(name, char)
    ranked = sorted(enumerate(order), key=lambda item: (
        NOTDEF if item[0] == 0 else group(first_char.get(item[1])), item[0]))
    return [name for _, name in ranked]


def _calls(program: list[Any]) -> list[int]:
    """Where in a charstring program a local subroutine is called: the index of its (biased)
    number, pushed right before `callsubr`."""
    found = []
    for at, token in enumerate(program):
        if token == "callsubr":
            if at == 0 or not isinstance(program[at - 1], int):
                raise ValueError("a subroutine number computed at run time")
            found.append(at - 1)
    return found


def order_subroutines(font: TTFont) -> bool:
    """Renumber the local subroutines in the order the glyphs (in glyph order) first call them;
    False when they already are in it, or when the font has no single set of them."""
    top = font["CFF "].cff.topDictIndex[0]
    privates = [fd.Private for fd in top.FDArray] if hasattr(top, "FDArray") else [top.Private]
    subrs = getattr(privates[0], "Subrs", None) if len(privates) == 1 else None
    if subrs is None or len(subrs) == 0:
        return False
    count = len(subrs)
    bias = 107 if count < 1240 else 1131 if count < 33900 else 32768
    programs = []
    for name in font.getGlyphOrder():
        charstring = top.CharStrings[name]
        charstring.decompile()
        programs.append(charstring.program)
    pieces = []
    for number in range(count):
        subrs[number].decompile()
        pieces.append(subrs[number].program)
    order: list[int] = []
    placed = [False] * count

    def visit(program: list[Any]) -> None:
        for at in _calls(program):
            number = program[at] + bias
            if not placed[number]:
                placed[number] = True
                order.append(number)
                visit(pieces[number])

    for program in programs:
        visit(program)
    order += [number for number in range(count) if not placed[number]]  # never called
    if order == list(range(count)):
        return False
    renumbered = {old: new for new, old in enumerate(order)}
    for program in programs + pieces:
        for at in _calls(program):
            program[at] = renumbered[program[at] + bias] - bias
    subrs.items = [subrs.items[old] for old in order]
    return True


def order_font(path: Path, out: Path) -> bool:
    """Write the font at `path` in the new order to `out`; False when it already was in it."""
    font = TTFont(path, recalcTimestamp=False)
    order = new_order(font)
    changed = order != font.getGlyphOrder()
    if changed:
        reorderGlyphs(font, order)
    changed = order_subroutines(font) or changed
    if changed:
        font.save(out, reorderTables=True)
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fonts", type=Path, default=FONTS)
    args = parser.parse_args()
    for name in WEIGHTS:
        path = args.fonts / name
        changed = order_font(path, path)
        print(f"{path}: {'ordered' if changed else 'already in order'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
