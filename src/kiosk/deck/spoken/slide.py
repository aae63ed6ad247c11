"""A slide's spoken form: its blocks in reading order (deck/reading.py), each said through the
expression layer, or the slide's own `speech: {ko, en}` when it has one."""

from __future__ import annotations

import re

from kiosk.deck.fields import LANGS, Lang, Shown
from kiosk.deck.model import Deck, Slide
from kiosk.deck.reading import Block, reading_order
from kiosk.deck.spoken.say import digit_groups, speakable

CURRENT = {"ko": "현재 단계", "en": "the current step"}
FLOORS = {"ko": "{a}부터 {b}까지", "en": "{a} to {b}"}


def digits(number: str, lang: Lang) -> str:
    """A phone number digit by digit, its groups apart: '02-2133' -> '공 이, 이 일 삼 삼'."""
    return digit_groups([g for g in re.split(r"[\s()\-‑.]+", number) if g], lang)


def floor_range(floors: tuple[str, ...], lang: Lang) -> str:
    """A stack of floors as the range it spans: '지하 1층부터 7층까지'."""
    if len(floors) == 1:
        return speakable(floors[0], lang)
    return FLOORS[lang].format(a=speakable(floors[0], lang), b=speakable(floors[-1], lang))


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


def deck_speech(deck: Deck, slide_id: str | None, shown: Shown) -> list[tuple[str, Lang, str]]:
    """(slide id, language, what is said) for one slide or every slide, in showing order."""
    slides = deck.slides
    if slide_id is not None:
        slides = [s for s in slides if s.id == slide_id]
        if not slides:
            known = ", ".join(s.id for s in deck.slides)
            raise LookupError(f"no slide '{slide_id}' in the deck (slides: {known})")
    langs: tuple[Lang, ...] = LANGS if shown == "both" else (shown,)
    return [(slide.id, lang, spoken_text(slide, deck, lang)) for slide in slides
            for lang in langs]
