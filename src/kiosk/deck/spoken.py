"""A slide's spoken form in Korean and in English, and the texts that would speak badly.

By default a slide says its visible text in reading order (deck/reading.py): titles, then the body,
figures with their units ("40명", "about 280 centres"), milestones in order, a phone number digit
by digit. A slide's own `speech: {ko, en}` replaces that. Symbols a speech engine reads wrongly or
not at all (m², ×, ~, ·, 5~7층, B1, 07:00) are turned into words here, the same for every engine;
what is left without a spoken form is reported by `speech_warnings` for `kiosk check`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Union

from pydantic import BaseModel

from kiosk.deck.fields import LANGS, Lang, Text
from kiosk.deck.model import Deck, FiguresSlide, Slide
from kiosk.deck.reading import Block, reading_order

DIGITS = {"ko": "공일이삼사오육칠팔구", "en": ("zero", "one", "two", "three", "four", "five",
                                         "six", "seven", "eight", "nine")}
PLUS = {"ko": "플러스", "en": "plus"}
CURRENT = {"ko": "현재 단계", "en": "the current step"}
FLOORS = {"ko": ("지하 {n}층", "{n}층", "{a}부터 {b}까지"),
          "en": ("basement {n}", "floor {n}", "{a} to {b}")}
# Punctuation every engine pauses on or passes over: nothing to warn about.
SPOKEN_PUNCTUATION = set(".,!?;:'\"()-‘’“”…「」『』〈〉《》[]")


def _rules(lang: Lang) -> list[tuple[re.Pattern[str], str]]:
    ko = lang == "ko"
    pairs = [
        # ranges first (5~7층, 2–3×, 5F–7F, 07:00–22:00), then clock times (handled by _clock)
        (r"(\d(?::\d\d)?[A-Za-z²]*)\s*[~–—-]\s*(?=B?\d)", r"\1에서 " if ko else r"\1 to "),
        (r"(\d{1,2}):(\d{2})", None),
        (r"~\s*(?=\d)", "약 " if ko else "about "),  # ~280
        (r"(\d)\s*×", r"\1배" if ko else r"\1 times"),
        (r"\bB(\d+)\b", r"지하 \1층" if ko else r"basement \1"),
        (r"\b(\d+)F(?![A-Za-z])", r"\1층" if ko else r"floor \1"),
        (r"\s*(?:m²|㎡)", " 제곱미터" if ko else " square metres"),
        (r"\s*(?:km²|㎢)", " 제곱킬로미터" if ko else " square kilometres"),
        (r"\s*(?:℃|°C)", "도" if ko else " degrees Celsius"),
        (r"※\s*", "참고, " if ko else "note: "),
        ("[①-⑳]", None),  # circled numbers: the number itself (see speakable)
        (r"\s*%", " 퍼센트" if ko else " percent"),
        (r"\s*&\s*", "앤" if ko else " and "),
        (r"\s*[·•|—–]\s*", ", "),
        (r"\+", PLUS[lang]),
    ]
    if ko:  # Korean voices read "1,098" as two numbers
        pairs.insert(0, (r"(?<=\d),(?=\d{3}(?!\d))", ""))
    return [(re.compile(p), r or "") for p, r in pairs]


def _clock(match: re.Match[str], lang: Lang) -> str:
    hour, minute = int(match.group(1)), int(match.group(2))
    if lang == "ko":
        return f"{hour}시" + (f" {minute}분" if minute else "")
    return f"{hour} o'clock" if not minute else f"{hour} {minute:02d}"


def speakable(text: str, lang: Lang) -> str:
    """The text with its symbols in words, as the engine should hear it."""
    for pattern, replacement in _rules(lang):
        if pattern.pattern.startswith(r"(\d{1,2}):"):
            text = pattern.sub(lambda m: _clock(m, lang), text)
        elif pattern.pattern == "[①-⑳]":
            text = pattern.sub(lambda m: f"{ord(m.group()) - 0x245F}, ", text)
        else:
            text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip(" ,")


def digits(number: str, lang: Lang) -> str:
    """A phone number digit by digit, its groups apart: '02-2133' -> '공 이, 이 일 삼 삼'."""
    groups = [g for g in re.split(r"[\s()\-‑]+", number) if g]
    words = DIGITS[lang]
    spoken = [" ".join(PLUS[lang] if ch == "+" else words[int(ch)] for ch in g
                       if ch.isdigit() or ch == "+") for g in groups]
    return ", ".join(s for s in spoken if s)


def floor_range(floors: tuple[str, ...], lang: Lang) -> str:
    """A stack of floors as the range it spans: '지하 1층부터 7층까지'."""
    def name(floor: str) -> str:
        return speakable(floor, lang)

    if len(floors) == 1:
        return name(floors[0])
    return FLOORS[lang][2].format(a=name(floors[0]), b=name(floors[-1]))


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?。" else text + "."


def block_speech(block: Block, lang: Lang) -> str:
    if block.role in ("kicker", "picture", "qr"):
        return ""  # the section name is navigation; pictures have no words to read
    if block.role == "floors":
        return _sentence(floor_range(block.floors, lang))
    if block.text is None:
        return ""
    if block.role == "phone":
        return _sentence(digits(block.text.get(lang), lang))
    said = speakable(block.text.get(lang), lang)
    if block.role == "current":
        said = f"{said}, {CURRENT[lang]}"
    return _sentence(said)


def spoken_text(slide: Slide, deck: Deck, lang: Lang) -> str:
    """What the kiosk says for this slide in one language."""
    if slide.speech is not None:
        return _sentence(speakable(slide.speech.get(lang), lang))
    parts = (block_speech(b, lang) for b in reading_order(slide, deck))
    return " ".join(p for p in parts if p)


# ----- what speaks badly ---------------------------------------------------------------------
Where = tuple[Union[int, str], ...]  # evaluated at import: no | on Python 3.9


def _texts(model: BaseModel, path: Where) -> Iterator[tuple[Where, Text]]:
    """Every visible or spoken text of a slide, with where it sits in the deck file."""
    for name in type(model).model_fields:
        if name in ("notes", "id", "section", "layout", "image", "qr", "phone", "floors"):
            continue
        value = getattr(model, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            here = (*path, name) if index is None else (*path, name, index)
            if isinstance(item, Text):
                yield here, item
            elif isinstance(item, BaseModel):
                yield from _texts(item, here)
            elif isinstance(item, str) and name in ("value", "area"):
                yield here, Text(ko=item, en=item)


def unspoken_symbols(text: str, lang: Lang) -> list[str]:
    """Characters an engine would skip or spell out as a name, after speakable()."""
    left = speakable(text, lang)
    return sorted({ch for ch in left if not ch.isalnum() and not ch.isspace()
                   and ch not in SPOKEN_PUNCTUATION
                   and (unicodedata.category(ch)[0] in "SP")})


def _unitless(value: str) -> bool:
    """A figure that is a bare number, not a year and not a multiple (2~3배, 2–3×)."""
    bare = value.replace(",", "").replace(".", "").strip()
    if not bare.isdigit():
        return False
    return not (len(bare) == 4 and 1900 <= int(bare) <= 2100)


def speech_warnings(deck: Deck) -> list[tuple[Where, str]]:
    """(where in the deck, message) for text that speaks badly."""
    found: list[tuple[Where, str]] = []
    for index, slide in enumerate(deck.slides):
        for where, text in _texts(slide, ("slides", index)):
            bad = {lang: unspoken_symbols(text.get(lang), lang) for lang in LANGS}
            symbols = sorted(set(bad["ko"]) | set(bad["en"]))
            if symbols:
                langs = ", ".join(lang for lang in LANGS if bad[lang])
                found.append((where, f"slide '{slide.id}': {' '.join(symbols)} has no spoken "
                              f"form ({langs}): the accessibility mode's speech skips it or "
                              "reads its name; write it in words or add speech: {ko, en}"))
        if isinstance(slide, FiguresSlide) and slide.speech is None:
            for j, figure in enumerate(slide.figures):
                values = [figure.value] if isinstance(figure.value, str) else \
                    [figure.value.ko, figure.value.en]
                if figure.unit is None and any(_unitless(v) for v in values):
                    found.append((("slides", index, "figures", j, "value"),
                                  f"slide '{slide.id}': the figure {values[0]} has no unit: "
                                  "speech reads a bare number; add unit: {ko, en}"))
    return found
