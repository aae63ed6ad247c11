"""The bundled typefaces, registered once per process from package data (no system fonts needed).

Pretendard draws Latin and Hangul; "Noto Sans KR Kiosk" (a subset of Noto Sans CJK KR made by
build_spec/subset_fonts.py) fills in Hanja, kana and the symbols Korean notices use. Every QFont
names both families, so Qt never reaches for a system font for a character they cover; a character
neither covers is left out of the text before layout (see `drawable`) and reported, never drawn as
a box or in some font that happens to be installed on the machine. Left out rather than shown as a
placeholder: a placeholder is a box by another name to a visitor, who can do nothing about it;
the operator sees the character, its code point and its field as a `kiosk check` error.
"""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

from kiosk.resources import font_files

FAMILY = "Pretendard"
FALLBACK = "Noto Sans KR Kiosk"
FAMILIES = (FAMILY, FALLBACK)
# Pretendard's contextual alternates (a tilde or dash raised between digits or capitals) draw
# glyphs that no character maps to, so a PDF's text layer, which Qt builds from the character
# map, loses them ("5~7층" came back as "5 7층"). The plain glyphs look nearly the same.
OFF_FEATURES = ("calt", "clig")
# Invisible characters: nothing to draw, so no font needs them (U+FE00..FE0F select a variant).
_SILENT_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")
log = logging.getLogger(__name__)
_loaded: list[str] = []
_covered: dict[str, bool] = {}


class _Face:
    """One bundled face for the question whether it draws a character, opened when first asked:
    opening a face reads its tables and outline indexes, a quarter of a megabyte of the file
    made resident, which the fallback's faces need not cost a deck that never reaches them."""

    def __init__(self, make: Callable[[], QRawFont], primary: bool) -> None:
        self._make = make
        self._raw: QRawFont | None = None
        self.primary = primary

    def draws(self, char: str) -> bool:
        if self._raw is None:
            self._raw = self._make()
        return self._raw.supportsCharacter(ord(char))

    def close(self) -> None:
        """Let the face go (its file is unmapped once no font engine uses it either)."""
        self._raw = None


_faces: list[_Face] = []  # Pretendard's first: most characters are answered there


def _registered_face(family: str, weight: QFont.Weight) -> QRawFont:
    probe = QFont(family)
    probe.setPixelSize(12)
    probe.setWeight(weight)
    return QRawFont.fromFont(probe)


def ensure_fonts() -> str:
    """Register the bundled fonts with Qt (idempotent) and make them the application default."""
    if not _loaded:
        for entry in font_files():
            # A font on disk is mapped, not read: only the glyphs drawn take memory (the five
            # files are 7 MB); one inside an archive is read whole.
            on_disk = isinstance(entry, Path) or os.path.isfile(str(entry))
            data = QByteArray() if on_disk else QByteArray(entry.read_bytes())
            font_id = QFontDatabase.addApplicationFont(str(entry)) if on_disk \
                else QFontDatabase.addApplicationFontFromData(data)
            if font_id < 0:
                log.error("could not load bundled font %s", entry.name)
                continue
            families = QFontDatabase.applicationFontFamilies(font_id)
            _loaded.extend(families)
            if on_disk:  # the registered face itself, not a second copy of the file
                styles = {"Bold": QFont.Weight.Bold, "SemiBold": QFont.Weight.DemiBold}
                weight = next((w for name, w in styles.items()
                               if entry.name.rsplit(".", 1)[0].endswith("-" + name)),
                              QFont.Weight.Normal)
                _faces.append(_Face(partial(_registered_face, families[0], weight),
                                    families[0] == FAMILY))
            else:
                _faces.append(_Face(partial(QRawFont, data, 12), families[0] == FAMILY))
        _faces.sort(key=lambda face: not face.primary)
        for family in FAMILIES:
            if family not in _loaded:
                log.error("bundled font family %s missing; text may lose characters", family)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.setFont(font(20))
    return FAMILY


def whole_pixels(size: float) -> int:
    """The whole pixel size a text of this design size is set at."""
    return max(1, round(size))


def font(pixel_size: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    return QFont(_font(whole_pixels(pixel_size), weight))  # a copy: callers may change theirs


@lru_cache(maxsize=256)
def _font(pixel_size: int, weight: QFont.Weight) -> QFont:
    f = QFont()
    f.setFamilies(list(FAMILIES))
    f.setPixelSize(pixel_size)
    f.setWeight(weight)
    # Unhinted metrics scale linearly, so a layout measured on the design canvas holds at 4K.
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    f.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    for tag in OFF_FEATURES:
        f.setFeature(QFont.Tag(tag), 0)
    return f


def forget_fonts() -> None:
    """Drop the fonts made by `font` (each holds Qt's engine for its size and weight) and close
    the faces asked whether they draw a character (each holds its file mapped); what they
    answered stays known."""
    _font.cache_clear()
    for face in _faces:
        face.close()


def covered(char: str) -> bool:
    """Whether a bundled font has a glyph for this character."""
    known = _covered.get(char)
    if known is None:
        ensure_fonts()
        known = _covered[char] = any(face.draws(char) for face in _faces)
    return known


@dataclass(frozen=True)
class Drawable:
    text: str  # what can be drawn: uncovered characters left out, odd spaces made plain
    missing: tuple[str, ...]  # each character no bundled font draws, once, in order


@lru_cache(maxsize=1024)
def drawable(text: str) -> Drawable:
    """The text as the bundled fonts can draw it, and what they cannot."""
    if all(covered(c) or c == "\n" for c in text):
        return Drawable(text, ())
    kept: list[str] = []
    missing: list[str] = []
    for char in text:
        category = unicodedata.category(char)
        if covered(char) or char == "\n":
            kept.append(char)
        elif category == "Zs":
            kept.append(" ")
        elif category in _SILENT_CATEGORIES or 0xFE00 <= ord(char) <= 0xFE0F:
            continue
        elif char not in missing:
            missing.append(char)
    # "안내 😀 끝" reads "안내 끝", not with a gap where the emoji was
    return Drawable(re.sub(r"(?<= ) +", "", "".join(kept)) if missing else "".join(kept),
                    tuple(missing))


# Emoji are not bundled: a colour set is larger than the whole kiosk's room to grow, and no
# monochrome set under the OFL ships in Debian; a pictogram belongs in an image.
EMOJI = "; emoji are not bundled: use words, or an image slide for a pictogram"


def is_emoji(char: str) -> bool:
    return 0x1F000 <= ord(char) <= 0x1FAFF or 0x2600 <= ord(char) <= 0x27BF


def describe(char: str) -> str:
    """A character as an operator can find it: the character, its code point and its name."""
    name = unicodedata.name(char, "")
    return f"'{char}' (U+{ord(char):04X}{' ' + name if name else ''})"
