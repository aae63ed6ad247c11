"""What `kiosk check` says about speech: text the spoken-form layer does not understand, so
that an operator writes it in words or gives the slide its own `speech: {ko, en}`."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from typing import Any, NamedTuple, Union

from pydantic import BaseModel

from kiosk.deck.fields import LANGS, Lang, Text
from kiosk.deck.model import Deck, FiguresSlide
from kiosk.deck.spoken.grammar import parse
from kiosk.deck.spoken.nodes import Date, Node, Range, Unknown
from kiosk.deck.spoken.say import say_pieces, speakable, tidy
from kiosk.deck.spoken.words import WEEKDAYS_EN

Where = tuple[Union[int, str], ...]  # evaluated at import: no | on Python 3.9
# Punctuation every engine pauses on or passes over: nothing to warn about.
SPOKEN_PUNCTUATION = set(".,!?;:'\"()-‘’“”…「」『』〈〉《》[]")
ADVICE = "write it in words or add speech: {ko, en} to the slide"


class Finding(NamedTuple):
    where: Where  # the text's place in the deck
    message: str
    offset: int | None = None  # where in the text the trouble starts; None: the field


def _silent(ch: str) -> bool:
    return not ch.isalnum() and not ch.isspace() and ch not in SPOKEN_PUNCTUATION and \
        unicodedata.category(ch)[0] in "SP"


def unspoken_symbols(text: str, lang: Lang) -> list[str]:
    """Characters an engine would skip or spell out as a name, once the text is in words."""
    return sorted({ch for ch in speakable(text, lang) if _silent(ch)})


def not_understood(text: str, lang: Lang) -> list[tuple[int, str]]:
    """(offset, what is wrong) for each part of the text the layer cannot say with confidence:
    expressions it recognised as doubtful, and symbols left without a spoken form."""
    found: list[tuple[int, str]] = []
    pieces = parse(text)
    reported = ""  # a symbol inside a doubtful expression is reported with it
    for piece in pieces:
        if isinstance(piece.node, Unknown):
            found.append((piece.start, f"'{piece.node.text}' {piece.node.reason}"))
            reported += piece.node.text
        for date in _dates(piece.node):
            wrong = _wrong_weekday(date)
            if wrong:
                found.append((piece.start, f"'{text[piece.start:piece.end]}' {wrong}"))
    said = tidy(say_pieces(pieces, lang))
    symbols = sorted({ch for ch in said if _silent(ch) and ch not in reported})
    if symbols:
        first = min((text.find(ch) for ch in symbols if ch in text), default=0)
        found.append((first, f"{' '.join(symbols)} has no spoken form"))
    return found


def _dates(node: Node) -> list[Date]:
    if isinstance(node, Date):
        return [node]
    if isinstance(node, Range):
        return [v for v in (node.start, node.end) if isinstance(v, Date)]
    return []


def _wrong_weekday(date: Date) -> str:
    """What is wrong when the weekday written beside a date is not that date's: a visitor who
    hears both cannot tell which one is meant."""
    if date.weekday is None or None in (date.year, date.month, date.day):
        return ""
    assert date.year is not None and date.month is not None and date.day is not None
    actual = dt.date(date.year, date.month, date.day).weekday()
    if actual == date.weekday:
        return ""
    return (f"gives the weekday {WEEKDAYS_EN[date.weekday]}, but {date.year}-{date.month:02d}-"
            f"{date.day:02d} is a {WEEKDAYS_EN[actual]}")


def _texts(model: BaseModel, path: Where) -> Iterator[tuple[Where, Text | str]]:
    """Every visible or spoken text of a slide, with where it sits in the deck file."""
    for name in type(model).model_fields:
        if name in ("notes", "id", "section", "layout", "image", "qr", "phone", "floors",
                    "speech"):
            continue
        if name == "unit" and "value" in type(model).model_fields:
            continue  # a figure's unit is said after its number: checked with it (below)
        value = getattr(model, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            here = (*path, name) if index is None else (*path, name, index)
            if isinstance(item, Text):
                yield here, item
            elif isinstance(item, BaseModel):
                yield from _texts(item, here)
            elif isinstance(item, str) and name in ("value", "area"):
                yield here, item


def _text_findings(slide_id: str, where: Where, text: Text | str) -> Iterator[Finding]:
    """One finding per thing not understood; the same thing in both languages once."""
    merged: dict[str, tuple[Where, int, list[Lang]]] = {}
    for lang in LANGS:
        value = text if isinstance(text, str) else text.get(lang)
        here = where if isinstance(text, str) else (*where, lang)
        for offset, what in not_understood(value, lang):
            if what in merged:
                merged[what][2].append(lang)
            else:
                merged[what] = (here, offset, [lang])
    for what, (here, offset, langs) in merged.items():
        yield Finding(here, f"slide '{slide_id}': {what} ({', '.join(langs)}): the "
                      f"accessibility mode's speech would skip or misread it; {ADVICE}", offset)


def speech_warnings(deck: Deck) -> list[Finding]:
    """Findings for text that speaks badly. A slide with its own speech is said from that, so
    only that text is checked."""
    found: list[Finding] = []
    for index, slide in enumerate(deck.slides):
        here: Where = ("slides", index)
        if slide.speech is not None:
            found += _text_findings(slide.id, (*here, "speech"), slide.speech)
            continue
        for where, text in _texts(slide, here):
            found += _text_findings(slide.id, where, text)
        if isinstance(slide, FiguresSlide):
            for j, figure in enumerate(slide.figures):
                values = [figure.value] if isinstance(figure.value, str) else \
                    [figure.value.ko, figure.value.en]
                if figure.unit is not None:
                    found += _unit_findings(slide.id, (*here, "figures", j, "unit"), figure)
                if figure.unit is None and any(_unitless(v) for v in values):
                    found.append(Finding((*here, "figures", j, "value"),
                                         f"slide '{slide.id}': the figure {values[0]} has no "
                                         "unit: speech reads a bare number; add unit: {ko, en}"))
    return found


def _unitless(value: str) -> bool:
    """A figure that is a bare number, not a year and not a multiple (2~3배, 2–3×)."""
    bare = value.replace(",", "").replace(".", "").strip()
    if not bare.isdigit():
        return False
    return not (len(bare) == 4 and 1900 <= int(bare) <= 2100)


def _unit_findings(slide_id: str, where: Where, figure: Any) -> list[Finding]:
    """A figure's unit as it is said: after its number ("12,480 ㎡" is understood; "㎡" alone
    is a symbol). Findings point into the unit's own text."""
    found: list[Finding] = []
    for lang in LANGS:
        value = figure.value if isinstance(figure.value, str) else figure.value.get(lang)
        unit = figure.unit.get(lang)
        for offset, what in not_understood(f"{value} {unit}", lang):
            found.append(Finding((*where, lang), f"slide '{slide_id}': {what} ({lang}): the "
                                 f"accessibility mode's speech would skip or misread it; "
                                 f"{ADVICE}", max(0, offset - len(value) - 1)))
    return found
