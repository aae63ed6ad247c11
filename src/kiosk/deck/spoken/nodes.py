"""What the grammar recognises in a notice: one node per expression, language-free.

The grammar (grammar.py) builds these from tokens; the voice (say.py) turns each into words in
Korean or English. A node records what was meant (a range of two dates, a clock time in the
afternoon), not how it was written, except where the writing is part of what is said (the
order of an English date, the digits of a number as the slide shows them).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, Union

Half = Literal["am", "pm"]
SCALES = {"만": 10**4, "억": 10**8, "천": 10**3, "조": 10**12, "천만": 10**7}
# English magnitudes written after a number (₩48.7 billion, $1.2bn), by the word said.
EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
DateStyle = Literal["ko", "numeric", "mdy", "dmy", "my"]


@dataclass(frozen=True)
class Plain:
    """Text the voice reads as it is: words, spaces, punctuation it pauses on."""

    text: str


@dataclass(frozen=True)
class Num:
    """A number, signed or not, with what it counts: a unit said in words (UNITS key) or a
    Korean counter the voice reads as written (명, 개, 층 ...)."""

    written: str  # digits as on the slide: "1,098", "1.5"
    sign: str = ""  # "-" (any minus sign), "+", "±"
    unit: str | None = None
    counter: str | None = None
    scale: str = ""  # a Korean 만, 억: 1만 원
    en_scale: str = ""  # an English magnitude as said (EN_SCALES key): ₩48.7 bn

    @property
    def value(self) -> float:
        number = float(self.written.replace(",", "")) * SCALES.get(self.scale, 1) \
            * EN_SCALES.get(self.en_scale, 1)
        return -number if self.sign == "-" else number

    @property
    def bare(self) -> bool:
        return self.unit is None and self.counter is None


@dataclass(frozen=True)
class Clock:
    hour: int
    minute: int | None = None
    half: Half | None = None  # written am/pm, 오전/오후
    clock24: bool = False  # written so that it can only be a 24-hour time (09:30, 17:30)

    def as_24(self) -> Clock:
        return replace(self, clock24=True) if self.half is None else self


@dataclass(frozen=True)
class Weekday:
    index: int  # 0 = Monday
    short: bool = False  # written as an abbreviation (금, Fri): said in full


@dataclass(frozen=True)
class Date:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    style: DateStyle = "ko"
    weekday: int | None = None
    ordinal: str = ""  # an English day's written suffix: 18th


@dataclass(frozen=True)
class Floor:
    level: int
    basement: bool = False


@dataclass(frozen=True)
class Phone:
    groups: tuple[str, ...]  # "+82", "2", "555", "0100"


@dataclass(frozen=True)
class Address:
    """A URL or an e-mail address, said piece by piece (words as words, marks by name)."""

    text: str


@dataclass(frozen=True)
class Acronym:
    """Capitals without a vowel (KSLV, QR): said letter by letter."""

    letters: str


@dataclass(frozen=True)
class Roman:
    value: int


@dataclass(frozen=True)
class Symbol:
    """A sign said as a word or a pause: note (※), circled (①), pause (·), and (&), plus,
    phone (☎ before a number), company (㈜)."""

    name: Literal["note", "circled", "pause", "and", "plus", "phone", "company"]
    number: int = 0


@dataclass(frozen=True)
class Abbreviation:
    """A written English abbreviation (e.g., approx., No. 7): said in full in English, read as
    written in Korean."""

    written: str
    said: str


@dataclass(frozen=True)
class Unknown:
    """Something the grammar saw but cannot say with confidence; `check` reports it."""

    text: str
    reason: str


Value = Union[Num, Clock, Weekday, Date, Floor]


@dataclass(frozen=True)
class Range:
    start: Value
    end: Value
    closed: bool = True  # False: "2026. 12. 18. ~" (from then on)


@dataclass(frozen=True)
class Until:
    """A value after a leading ~: 'until' a date or time, 'about' an amount."""

    value: Value


@dataclass(frozen=True)
class Items:
    """Values in a list (토·일, Sat & Sun): said one after another with pauses."""

    values: tuple[Value, ...]


@dataclass(frozen=True)
class Name:
    """A name with a Roman numeral or number after a hyphen: KSLV-Ⅱ."""

    word: Acronym | Plain
    roman: Roman


Node = Union[Plain, Num, Clock, Weekday, Date, Floor, Phone, Address, Acronym, Roman, Symbol,
             Unknown, Range, Until, Items, Name, Abbreviation]


@dataclass(frozen=True)
class Piece:
    """A node with where it was written in the text (character offsets)."""

    node: Node
    start: int
    end: int
