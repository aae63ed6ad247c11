"""Recognised expressions said in Korean or in English: one function per kind of node.

The same words go to every engine (espeak-ng and SAPI read this one text), so nothing here
depends on a voice, except where a voice is known to misread a written form the words avoid:
espeak-ng's Korean voice drops the point of "1.5" (일 오), so Korean decimals are said 1점5.
"""

from __future__ import annotations

import re

from kiosk.deck.fields import Lang
from kiosk.deck.spoken.grammar import parse
from kiosk.deck.spoken.nodes import (
    Abbreviation,
    Acronym,
    Address,
    Clock,
    Date,
    Floor,
    Items,
    Name,
    Node,
    Num,
    Phone,
    Piece,
    Plain,
    Range,
    Roman,
    Symbol,
    Unknown,
    Until,
    Value,
    Weekday,
)
from kiosk.deck.spoken.words import (
    ABOUT,
    ADDRESS_MARKS,
    ADDRESS_WORDS,
    AND,
    COMPANY_WORD,
    DIGITS,
    LETTERS_KO,
    MONTHS_EN,
    NOTE,
    NUMBERS_EN,
    PHONE_WORD,
    PLUS,
    RANGE,
    ROMAN_KO,
    UNITS,
    WEEKDAYS_EN,
    WEEKDAYS_KO,
)

FLOORS = {"ko": ("지하 {n}층", "{n}층"), "en": ("basement {n}", "floor {n}")}
UNTIL = {"ko": "{v}까지", "en": "until {v}"}
FROM = {"ko": "{v}부터", "en": "from {v}"}


def digit_groups(groups: list[str] | tuple[str, ...], lang: Lang) -> str:
    """A phone number's groups digit by digit: '공 이, 이 일 삼 삼'."""
    words = DIGITS[lang]
    spoken = [" ".join(PLUS[lang] if ch == "+" else words[int(ch)] for ch in g
                       if ch.isdigit() or ch == "+") for g in groups]
    return ", ".join(s for s in spoken if s)


def number(num: Num, lang: Lang) -> str:
    """The number without its unit: Korean drops the grouping commas (its voices read 1,098 as
    two numbers) and says the decimal point."""
    if num.en_scale:
        return f"{num.written} {num.en_scale}" if lang == "en" else _korean_scale(num.value)
    if lang == "en":
        return num.written + num.scale
    whole, _, fraction = num.written.replace(",", "").partition(".")
    return f"{whole}점{fraction}" if fraction else whole + num.scale


def _korean_scale(value: float) -> str:
    """A number written with an English magnitude, as Korean counts it: 48.7 billion is
    487억, 1.2 million 120만."""
    for word, size in (("조", 10**12), ("억", 10**8), ("만", 10**4)):
        if abs(value) >= size:
            count = f"{abs(value) / size:.2f}".rstrip("0").rstrip(".")
            whole, _, fraction = count.partition(".")
            return (f"{whole}점{fraction}" if fraction else whole) + word
    return f"{abs(value):.2f}".rstrip("0").rstrip(".")


def quantity(num: Num, lang: Lang) -> str:
    unit = UNITS.get(num.unit) if num.unit else None
    said = number(num, lang)
    if lang == "ko":
        sign = {"-": "영하 " if unit and unit.degrees else "마이너스 ",
                "+": "영상 " if unit and unit.degrees else "플러스 ", "±": "플러스마이너스 ",
                "": ""}[num.sign]
        before = unit.ko_before if unit else ""
        return f"{sign}{before}{said}{unit.ko if unit else ''}{num.counter or ''}"
    sign = {"-": "minus ", "+": "plus ", "±": "plus or minus ", "": ""}[num.sign]
    words = ""
    if unit is not None:
        words = " " + (unit.en_one if num.written == "1" and not num.en_scale else unit.en)
    return f"{sign}{said}{words}{num.counter or ''}"


def clock(c: Clock, lang: Lang) -> str:
    half = c.half
    hour = c.hour
    if half is None and c.clock24:
        if hour in (0, 24) and not c.minute:
            return "자정" if lang == "ko" else "midnight"
        if hour == 12 and not c.minute and lang == "en":
            return "noon"
        half = "am" if hour % 24 < 12 else "pm"
        hour = hour % 12 or (12 if lang == "en" or hour == 12 else 0)
    if lang == "ko":
        prefix = {"am": "오전 ", "pm": "오후 ", None: ""}[half]
        return f"{prefix}{hour}시" + (f" {c.minute}분" if c.minute else "")
    if half is None:
        return f"{hour}:{c.minute:02d}" if c.minute else f"{hour} o'clock"
    return (f"{hour}:{c.minute:02d}" if c.minute else f"{hour}") + f" {half}"


def weekday(index: int, lang: Lang) -> str:
    return f"{WEEKDAYS_KO[index]}요일" if lang == "ko" else WEEKDAYS_EN[index]


def date(d: Date, lang: Lang) -> str:
    if lang == "ko" or d.style == "ko":
        parts = [f"{d.year}년" if d.year else "", f"{d.month}월" if d.month else "",
                 f"{d.day}일" if d.day else ""]
        said = " ".join(p for p in parts if p)
        if d.weekday is not None:
            said += " " + weekday(d.weekday, lang)
        return said
    month = MONTHS_EN[d.month - 1] if d.month else ""
    day = f"{d.day}{d.ordinal}" if d.day else ""
    if d.style == "dmy":
        said = " ".join(p for p in (day, month, str(d.year or "")) if p)
    else:
        said = " ".join(p for p in (month, day) if p)
        if d.year:
            said += (", " if day else " ") + str(d.year)
    if d.weekday is not None:
        said = f"{weekday(d.weekday, lang)}, {said}"
    return said


def floor(f: Floor, lang: Lang) -> str:
    return FLOORS[lang][0 if f.basement else 1].format(n=f.level)


def value(v: Value, lang: Lang) -> str:
    if isinstance(v, Num):
        return quantity(v, lang)
    if isinstance(v, Clock):
        return clock(v, lang)
    if isinstance(v, Weekday):
        return weekday(v.index, lang)
    if isinstance(v, Date):
        return date(v, lang)
    return floor(v, lang)


def _borrowed(start: Value, end: Value) -> Value:
    """Korean says the unit on both ends of a range (5층부터 7층까지, 2배부터 3배까지)."""
    if isinstance(start, Num) and isinstance(end, Num) and start.bare:
        return Num(start.written, start.sign, end.unit, end.counter, start.scale,
                   start.en_scale)
    return start


def range_(r: Range, lang: Lang, particle_follows: bool) -> str:
    if not r.closed:
        return FROM[lang].format(v=value(r.start, lang))
    start = _borrowed(r.start, r.end) if lang == "ko" else r.start
    form = RANGE[lang][1 if particle_follows else 0]
    return form.format(a=value(start, lang), b=value(r.end, lang))


def address(text: str, lang: Lang) -> str:
    """www.seoul.go.kr: words as words, marks by name, short letter runs spelled."""
    text = re.sub(r"^https?://", "", text, flags=re.IGNORECASE)
    said: list[str] = []
    for part in re.findall(r"[A-Za-z]+|[0-9]+|.", text):
        low = part.lower()
        if part in ADDRESS_MARKS[lang]:
            said.append(ADDRESS_MARKS[lang][part])
        elif low in ADDRESS_WORDS[lang]:
            said.append(ADDRESS_WORDS[lang][low])
        elif part.isalpha() and (len(part) == 1 or not re.search("[aeiouy]", low)):
            said.append(spell(part, lang))
        else:
            said.append(part)
    return " ".join(said)


def spell(letters: str, lang: Lang) -> str:
    if lang == "ko":
        return "".join(LETTERS_KO.get(ch.upper(), ch) for ch in letters)
    return " ".join(ch.upper() for ch in letters)


def roman(r: Roman, lang: Lang, in_name: bool = False) -> str:
    """Korean says a name's numeral in English (누리호 KSLV-Ⅱ: 투) and any other as a
    number (제Ⅲ기: 제3기)."""
    if lang == "ko":
        return ROMAN_KO[r.value - 1] if in_name else str(r.value)
    return NUMBERS_EN[r.value - 1]


def symbol(s: Symbol, lang: Lang) -> str:
    if s.name == "note":
        return NOTE[lang]
    if s.name == "circled":
        return f"{s.number}, "
    if s.name == "pause":
        return ", "
    if s.name == "and":
        return AND[lang]
    if s.name == "phone":
        return PHONE_WORD[lang]
    if s.name == "company":
        return COMPANY_WORD[lang]
    return f" {PLUS[lang]} "


def node(n: Node, lang: Lang, particle_follows: bool = False) -> str:  # noqa: C901 (a switch)
    if isinstance(n, (Plain, Unknown)):
        return n.text
    if isinstance(n, Range):
        return range_(n, lang, particle_follows)
    if isinstance(n, Until):
        if particle_follows:  # ~12월 31일까지
            return value(n.value, lang)
        if isinstance(n.value, Num):
            return f"{ABOUT[lang]} {value(n.value, lang)}"
        return UNTIL[lang].format(v=value(n.value, lang))
    if isinstance(n, Items):
        return ", ".join(value(v, lang) for v in n.values)
    # a space before: 전화02-… must not run the first digit word into the word before it
    if isinstance(n, Phone):
        return " " + digit_groups(n.groups, lang)
    if isinstance(n, Address):
        return " " + address(n.text, lang)
    if isinstance(n, Acronym):
        return spell(n.letters, lang)
    if isinstance(n, Name):
        word = node(n.word, lang)
        return f"{word} {roman(n.roman, lang, in_name=True)}"
    if isinstance(n, Roman):
        return roman(n, lang)
    if isinstance(n, Symbol):
        return symbol(n, lang)
    if isinstance(n, Abbreviation):
        return n.said if lang == "en" else n.written
    return value(n, lang)


def _days(n: Node) -> bool:
    return isinstance(n, (Weekday, Items)) or isinstance(n, Range) and \
        isinstance(n.start, Weekday)


def _times(n: Node) -> bool:
    return isinstance(n, Clock) or isinstance(n, Range) and isinstance(n.start, Clock)


def say_pieces(pieces: list[Piece], lang: Lang) -> str:
    out: list[str] = []
    for k, piece in enumerate(pieces):
        after = pieces[k + 1].node if k + 1 < len(pieces) else None
        particle = isinstance(after, Plain) and after.text == "까" and k + 2 < len(pieces) \
            and pieces[k + 2].node == Plain("지")
        said = node(piece.node, lang, particle)
        # "화~일요일 09:30~17:30": a pause between the days and the hours
        if isinstance(piece.node, Plain) and piece.node.text.isspace() and k > 0 and \
                after is not None and _days(pieces[k - 1].node) and _times(after):
            said = ", "
        # "Until ~18:00", "From Dec 18 ~": the slide has said the word already
        before = "".join(out[-2:]).rstrip().lower()
        for word in ("until ", "from "):
            if said.startswith(word) and before.endswith((word.strip(), "till")):
                said = said[len(word):]
        out.append(said)
    return "".join(out)


def tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    text = re.sub(r" +([,.)])", r"\1", text)
    text = re.sub(r"\( +", "(", text)
    text = re.sub(r",(\s*,)+", ",", text)
    return text.strip(" ,")


def speakable(text: str, lang: Lang) -> str:
    """The text with its expressions in words, as the engine should hear it."""
    return tidy(say_pieces(parse(text), lang))
