"""The expression grammar of notices: tokens in, recognised expressions (nodes) out.

Each rule reads tokens from a position and returns the node it recognises with the position
after it, or None. At every position all rules are tried and the LONGEST match wins (ties go to
the earlier rule in RULES): "02-2133-8462" is one phone number, not the range 02~2133 followed
by -8462, because the phone rule explains more of the text, not because it runs first. What no
rule explains is read as written. A few shapes are recognised only to be reported (Unknown):
digits joined by dashes that are neither a phone number, a date nor a range, a clock time that
does not exist, a range between values of different kinds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from kiosk.deck.spoken.nodes import (
    SCALES,
    Acronym,
    Address,
    Clock,
    Date,
    Floor,
    Half,
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
from kiosk.deck.spoken.tokens import Token, tokenize
from kiosk.deck.spoken.words import (
    AFTER_HOUR,
    COUNTERS,
    CURRENCY_BEFORE,
    HALF_KO,
    MONTH_NAMES,
    PARTICLES,
    ROMAN_AFTER_HYPHEN,
    ROMAN_ASCII,
    TOP_LEVEL,
    UNITS,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS_EN,
    WEEKDAYS_KO,
)

DATE_TIME = "년월일시분층"  # what the date, clock and floor rules read after a number
Match = tuple[Node, int]  # the node and the token index after it
VALUES = (Num, Clock, Weekday, Date, Floor)  # what a range joins
TILDES = ("~", "∼", "～", "〜")
DASHES = ("–", "—", "-", "‐", "‑", "―")
MINUS_SIGNS = ("-", "−", "‐", "‑")
LIST_MARKS = ("·", "・", ",", "/", "&", "、")
PAUSES = ("·", "・", "•", "|", "—", "–", "―")
PHONE_SEPARATORS = ("-", "‑", "‐", ".")
EN_CONNECTORS = ("to", "through", "until", "till")
ADDRESS_CHARS = set(".:/-_@?=&#%~+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s]+", re.IGNORECASE)
_DOMAIN = re.compile(r"(?:[A-Za-z0-9-]+\.)+([A-Za-z]{2,})(?:/\S*)?")
ADDRESS_TRAILING = ".,;:!?)]"


def _year(text: str) -> bool:
    return len(text) == 4 and 1900 <= int(text) <= 2100


class Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.rules: tuple[Callable[[int], Match | None], ...] = (
            self.phone, self.address, self.expression, self.dash_chain, self.name,
            self.acronym, self.roman, self.about, self.symbol)

    # ----- looking at tokens -----
    def tok(self, i: int) -> Token | None:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def is_(self, i: int, *texts: str) -> bool:
        t = self.tok(i)
        return t is not None and t.text in texts

    def kind(self, i: int) -> str:
        t = self.tok(i)
        return t.kind if t is not None else "end"

    def space(self, i: int) -> int:
        """Past one run of white space at i, if there is one."""
        return i + 1 if self.kind(i) == "space" else i

    def word_start(self, i: int) -> bool:
        """Nothing a word or number continues from sits right before i."""
        return self.kind(i - 1) not in ("digits", "latin", "hangul", "letters")

    def syllables(self, i: int, word: str) -> int | None:
        """The index after `word` spelled by Hangul syllable tokens from i."""
        for n, ch in enumerate(word):
            if not self.is_(i + n, ch):
                return None
        return i + len(word)

    def syllable_word(self, i: int, words: tuple[str, ...]) -> tuple[str, int] | None:
        """The longest of `words` spelled from i."""
        found = [(w, end) for w in words if (end := self.syllables(i, w)) is not None]
        return max(found, key=lambda f: f[1]) if found else None

    def digits(self, i: int, low: int = 1, high: int = 99) -> str | None:
        t = self.tok(i)
        if t is None or t.kind != "digits" or not low <= len(t.text) <= high:
            return None
        return t.text

    # ----- the whole text -----
    def pieces(self) -> list[Piece]:
        out: list[Piece] = []
        i = 0
        while i < len(self.tokens):
            best: Match | None = None
            for rule in self.rules:
                found = rule(i)
                if found is not None and found[1] > i and (best is None or found[1] > best[1]):
                    best = found
            token = self.tokens[i]
            if best is None:
                out.append(Piece(Plain(token.text), token.start, token.end))
                i += 1
                continue
            node, end = best
            out.append(Piece(node, token.start, self.tokens[end - 1].end))
            i = end
        return out

    # ----- numbers, units, counters -----
    def number(self, i: int) -> tuple[str, int] | None:
        """Digits with grouping commas (1,098) and a decimal part (1.5), as written."""
        first = self.digits(i)
        if first is None or not self.word_start(i) and self.kind(i - 1) != "symbol":
            return None
        written, j = first, i + 1
        if len(first) <= 3:
            while self.is_(j, ",") and self.digits(j + 1, 3, 3) and self.kind(j + 2) != "digits":
                written += "," + self.tokens[j + 1].text
                j += 2
        if self.is_(j, ".") and self.digits(j + 1) and not self.is_(j + 2, "."):
            written += "." + self.tokens[j + 1].text
            j += 2
        return written, j

    def signed(self, i: int) -> tuple[Num, int] | None:
        sign = ""
        if self.is_(i, *MINUS_SIGNS, "+", "±") and self.word_start(i) and \
                self.kind(i + 1) == "digits":
            t = self.tokens[i].text
            sign, i = ("-" if t in MINUS_SIGNS else t), i + 1
        currency = None
        if self.is_(i, *CURRENCY_BEFORE) and self.kind(i + 1) == "digits":
            currency, i = self.tokens[i].text, i + 1
        found = self.number(i)
        if found is None:
            return None
        written, j = found
        if written.startswith("0") and len(written) > 1 and written[1] != ".":
            return None  # 02, 09: part of a phone number, a date or a clock, never a count
        scale = self.syllable_word(j, tuple(SCALES))
        if scale is not None and "." not in written:
            return Num(written, sign, currency, scale=scale[0]), scale[1]
        return Num(written, sign, currency), j

    def unit(self, i: int) -> tuple[str, int] | None:
        """A unit written after a number, with or without a space."""
        j = self.space(i) if self.tok(i) is not None and self.tokens[i].text == " " else i
        t = self.tok(j)
        if t is None:
            return None
        if t.kind == "latin":
            if t.text == "km" and self.is_(j + 1, "/") and self.is_(j + 2, "h"):
                return "km/h", j + 3
            if t.text in ("m", "km") and self.is_(j + 1, "²"):
                return t.text + "²", j + 2
            if t.text in UNITS and self.kind(j + 1) not in ("latin", "digits"):
                return t.text, j + 1
            return None
        if t.text == "°" and self.is_(j + 1, "C") and self.kind(j + 2) != "latin":
            return "°C", j + 2
        if t.text in UNITS and t.kind in ("symbol", "hangul"):
            return t.text, j + 1
        return None

    def quantity(self, i: int) -> Match | None:
        found = self.signed(i)
        if found is None:
            return None
        num, j = found
        unit = self.unit(j)
        if unit is not None and num.unit is None:
            return replace(num, unit=unit[0]), unit[1]
        counter = self.syllable_word(j, COUNTERS)
        if counter is not None and num.unit is None:
            return replace(num, counter=counter[0]), counter[1]
        if num.unit is None and self.kind(j) == "hangul" and self.tokens[j].text not in DATE_TIME:
            end = j
            while self.kind(end) == "hangul":
                end += 1
            word = self.span_tokens(j, end)
            for particle in sorted(PARTICLES, key=len, reverse=True):
                if word.endswith(particle) and len(word) > len(particle):
                    word = word[:-len(particle)]
                    break
            return replace(num, counter=word), j + len(word)  # 6학년: a counter not listed
        return num, j

    def floor(self, i: int) -> Match | None:
        if self.is_(i, "B") and self.word_start(i) and self.digits(i + 1, 1, 3):
            j = i + 2 + (1 if self.is_(i + 2, "F") else 0)
            if self.kind(j) not in ("latin", "digits"):
                return Floor(int(self.tokens[i + 1].text), True), j
        above = self.syllable_word(i, ("지하", "지상"))
        if above is not None and self.word_start(i):
            k = self.space(above[1])
            if (level := self.digits(k, 1, 3)) is not None and self.is_(k + 1, "층"):
                return Floor(int(level), above[0] == "지하"), k + 2
        level = self.digits(i, 1, 3)
        if level is not None and self.word_start(i):
            if self.is_(i + 1, "F") and self.kind(i + 2) not in ("latin", "digits"):
                return Floor(int(level)), i + 2
            if self.is_(i + 1, "층"):
                return Floor(int(level)), i + 2
        return None

    # ----- clock times -----
    def half_after(self, i: int) -> tuple[Half, int] | None:
        j = self.space(i) if self.is_(i, " ") else i
        t = self.tok(j)
        if t is None or t.kind != "latin":
            return None
        low = t.text.lower()
        if low in ("am", "pm") and self.kind(j + 1) != "latin":
            return ("am" if low == "am" else "pm"), j + 1
        if low in ("a", "p") and self.is_(j + 1, ".") and self.is_(j + 2, "m", "M") and \
                self.is_(j + 3, "."):
            return ("am" if low == "a" else "pm"), j + 4
        return None

    def clock(self, i: int) -> Match | None:
        half: Half | None = None
        start = i
        if (found := self.syllable_word(i, tuple(HALF_KO))) is not None:
            half, i = HALF_KO[found[0]], self.space(found[1])
        hour = self.digits(i, 1, 2)
        if hour is None or not self.word_start(i) and start == i:
            return None
        h = int(hour)
        if self.is_(i + 1, ":") and self.kind(i + 2) == "digits":
            minutes = self.tokens[i + 2].text
            if len(minutes) != 2 or self.is_(i + 3, ":") or self.kind(i + 3) == "latin" and \
                    self.half_after(i + 3) is None:
                return None  # 16:9, 3:1, 10:30:00: not a clock time said here
            j = i + 3
            after = self.half_after(j) if half is None else None
            if after is not None:
                half, j = after
            m = int(minutes)
            if m > 59 or h > 24 or (half is not None and not 1 <= h <= 12):
                return Unknown(self.span(start, j), "is not a time of day"), j
            # 09:30, 10:00, 17:30: two-digit hours are the 24-hour clock of notices
            clock24 = half is None and (len(hour) == 2 or h == 0)
            return Clock(h, m, half, clock24), j
        if self.is_(i + 1, "시"):
            j = i + 2
            rest = self.syllable_word(j, AFTER_HOUR)
            if self.kind(j) == "hangul" and rest is None:
                return None  # 24시간, 9시민 ...: not a time
            minute = None
            k = self.space(j) if self.is_(j, " ") else j
            if (mins := self.digits(k, 1, 2)) is not None and self.is_(k + 1, "분"):
                minute, j = int(mins), k + 2
            elif self.is_(k, "반") and self.kind(k + 1) != "hangul":
                minute, j = 30, k + 1
            if h > 24 or (minute is not None and minute > 59) or \
                    (half is not None and not 0 <= h <= 12):
                return Unknown(self.span(start, j), "is not a time of day"), j
            return Clock(h, minute, half, half is None and (h >= 13 or h == 0)), j
        if half is None and (after := self.half_after(i + 1)) is not None and 1 <= h <= 12:
            return Clock(h, None, after[0]), after[1]
        return None

    # ----- dates -----
    def korean_date(self, i: int) -> Match | None:
        year = month = day = None
        j = i
        if not self.word_start(i):
            return None
        if (y := self.digits(j, 4, 4)) and self.is_(j + 1, "년"):
            year, j = int(y), j + 2
        k = self.space(j) if year is not None else j
        if (m := self.digits(k, 1, 2)) and self.is_(k + 1, "월"):
            month, j = int(m), k + 2
            k = self.space(j)
            if (d := self.digits(k, 1, 2)) and self.is_(k + 1, "일") and \
                    not self.is_(k + 2, "간"):
                day, j = int(d), k + 2
        if year is None and month is None:
            return None
        if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
            return Unknown(self.span(i, j), "is not a date"), j
        date = Date(year, month, day, "ko")
        return self.with_weekday(date, j)

    def numeric_date(self, i: int) -> Match | None:
        """2026.12.18, 2026. 12. 18.(금), 2026-12-18, 2026/12/18, 2026. 12."""
        y = self.digits(i, 4, 4)
        if y is None or not self.word_start(i) or not self.is_(i + 1, ".", "-", "/"):
            return None
        sep = self.tokens[i + 1].text
        spaced = sep == "." and self.is_(i + 2, " ")
        k = i + 2 + spaced
        m = self.digits(k, 1, 2)
        if m is None or not self.is_(k + 1, sep):
            return None
        j = k + 2
        k = j + (spaced and self.is_(j, " "))
        d = self.digits(k, 1, 2)
        day = None
        if d is not None:
            day, j = int(d), k + 1
            if sep == "." and self.is_(j, "."):
                j += 1
        elif sep != ".":
            return None
        if self.kind(j) == "digits":
            return None
        if not 1 <= int(m) <= 12 or day is not None and not 1 <= day <= 31:
            return Unknown(self.span(i, j), "is not a date"), j
        return self.with_weekday(Date(int(y), int(m), day, "numeric"), j)

    def month_word(self, i: int) -> tuple[int, int] | None:
        t = self.tok(i)
        if t is None or t.kind != "latin" or t.text.lower() not in MONTH_NAMES or \
                not t.text[0].isupper():
            return None
        j = i + 1 + (1 if self.is_(i + 1, ".") and len(t.text) <= 4 else 0)
        return MONTH_NAMES[t.text.lower()], j

    def day_number(self, i: int) -> tuple[int, str, int] | None:
        d = self.digits(i, 1, 2)
        if d is None or not 1 <= int(d) <= 31:
            return None
        suffix = ""
        if self.is_(i + 1, "st", "nd", "rd", "th"):
            suffix = self.tokens[i + 1].text
        j = i + 1 + bool(suffix)
        return (int(d), suffix, j) if self.kind(j) not in ("latin", "digits") else None

    def english_year(self, i: int) -> tuple[int, int] | None:
        k = i + 1 if self.is_(i, ",") else i
        k = self.space(k)
        y = self.digits(k, 4, 4)
        if y is None or not _year(y) or k == i or self.kind(k + 1) in ("latin", "digits"):
            return None
        return int(y), k + 1

    def english_date(self, i: int) -> Match | None:
        weekday = None
        start = i
        if (w := self.weekday_en(i)) is not None:
            k = w[1] + (1 if self.is_(w[1], ",") else 0)
            if self.is_(k, " "):
                weekday, i = w[0].index, k + 1
        date: Date | None = None
        if (mw := self.month_word(i)) is not None and self.is_(mw[1], " "):
            month, j = mw
            if (dn := self.day_number(j + 1)) is not None:
                day, suffix, j = dn
                y = self.english_year(j)
                date = Date(y[0] if y else None, month, day, "mdy", weekday, suffix)
                j = y[1] if y else j
            elif (y := self.english_year(j)) is not None:
                date, j = Date(y[0], month, None, "my", weekday), y[1]
        elif (dn := self.day_number(i)) is not None and self.is_(dn[2], " ") and \
                (mw := self.month_word(dn[2] + 1)) is not None:
            day, suffix, _ = dn
            month, j = mw
            y = self.english_year(j) if self.is_(j, " ") else None
            date = Date(y[0] if y else None, month, day, "dmy", weekday, suffix)
            j = y[1] if y else j
        if date is None or (start == i and not self.word_start(i)):
            return None
        if date.weekday is None:
            return self.with_weekday(date, j)
        return date, j

    def date(self, i: int) -> Match | None:
        found = [m for m in (self.korean_date(i), self.numeric_date(i), self.english_date(i))
                 if m is not None]
        return max(found, key=lambda m: m[1]) if found else None

    def with_weekday(self, date: Date, j: int) -> Match:
        """A date with its weekday in parentheses after it: 18일(금), Dec 18 (Fri)."""
        k = self.space(j) if self.is_(j, " ") else j
        if self.is_(k, "("):
            w = self.weekday(k + 1)
            if w is not None and self.is_(w[1], ")"):
                return replace(date, weekday=w[0].index), w[1] + 1
        return date, j

    # ----- weekdays -----
    def weekday_ko(self, i: int) -> tuple[Weekday, int] | None:
        t = self.tok(i)
        if t is None or t.kind != "hangul" or t.text not in WEEKDAYS_KO or \
                not self.word_start(i):
            return None
        index = WEEKDAYS_KO.index(t.text)
        if (end := self.syllables(i + 1, "요일")) is not None:
            return Weekday(index), end
        if self.kind(i + 1) == "hangul":
            return None
        return Weekday(index, short=True), i + 1

    def weekday_en(self, i: int) -> tuple[Weekday, int] | None:
        t = self.tok(i)
        if t is None or t.kind != "latin" or not t.text[0].isupper():
            return None
        low = t.text.lower()
        full = [n for n, name in enumerate(WEEKDAYS_EN) if name.lower() == low]
        if full:
            return Weekday(full[0]), i + 1
        if low in WEEKDAY_ABBREVIATIONS:
            j = i + 1 + (1 if self.is_(i + 1, ".") else 0)
            return Weekday(WEEKDAY_ABBREVIATIONS[low], short=True), j
        return None

    def weekday(self, i: int) -> tuple[Weekday, int] | None:
        return self.weekday_ko(i) or self.weekday_en(i)

    # ----- values and ranges -----
    def value(self, i: int) -> Match | None:
        found = [m for m in (self.date(i), self.clock(i), self.floor(i), self.quantity(i),
                             self.weekday(i)) if m is not None]
        return max(found, key=lambda m: m[1]) if found else None  # ties: the earlier kind

    def connector(self, i: int) -> int | None:
        """The index after a range's connector (~, –, -, to), spaces around it included."""
        j = self.space(i)
        t = self.tok(j)
        if t is None:
            return None
        if t.text in TILDES or t.text in DASHES:
            return self.space(j + 1)
        if t.text in EN_CONNECTORS and j > i and self.is_(j + 1, " "):
            return j + 2
        return None

    def expression(self, i: int) -> Match | None:
        """A value, a range of two values, a list of weekdays, or a weekday in parentheses."""
        if self.is_(i, "("):
            return self.parenthesised(i)
        if (months := self.month_range(i)) is not None:
            return months
        first = self.value(i)
        if first is None or isinstance(first[0], Unknown):
            return first
        start, j = first
        if not isinstance(start, VALUES):
            return first
        ranged = self.range_from(start, j, i)
        if ranged is not None:
            return ranged
        if isinstance(start, Weekday) and start.short:
            return self.weekday_list(start, j)
        return first

    def range_from(self, start: Value, j: int, i: int) -> Match | None:
        """The range that the value `start` (tokens i..j) begins, if one follows."""
        # Korean written out: 9시부터 18시까지, 5층에서 7층까지
        if (particle := self.syllable_word(j, ("부터", "에서"))) is not None:
            k = self.space(particle[1])
            second = self.value(k) if k > particle[1] else None
            closing = self.syllables(second[1], "까지") if second is not None else None
            if second is not None and closing is not None and isinstance(second[0], VALUES):
                joined = _join(start, second[0])
                if joined is not None:
                    return joined, closing
            return None
        after = self.connector(j)
        if after is None:
            return None
        k = after
        dash = self.tokens[self.space(j)].text
        second = self.value(k)
        if second is None or isinstance(second[0], Unknown):
            if isinstance(start, (Date, Clock)) and dash in TILDES and \
                    self.kind(k) in ("end", "space", "symbol") and not self.is_(k, "("):
                return Range(start, start, closed=False), self.space(j) + 1  # 12.18 ~
            return None
        end_value = second[0]
        if not isinstance(end_value, VALUES):
            return None
        if dash in DASHES and _ambiguous_dash(start, end_value):
            return None
        joined = _join(start, end_value)
        if joined is None:
            if dash in EN_CONNECTORS or _kind_of(start) == _kind_of(end_value):
                return None  # "9 to 6", "2020 — 3 buildings": said as written
            return Unknown(self.span_tokens(i, second[1]), "joins values of different kinds "
                           "(a range needs two dates, times, days, floors or amounts)"), \
                second[1]
        return joined, second[1]

    def month_range(self, i: int) -> Match | None:
        """Mar–May: months by name alone are a range only between two of them."""
        first = self.month_word(i)
        if first is None or not self.word_start(i):
            return None
        k = self.connector(first[1])
        second = self.month_word(k) if k is not None else None
        if second is None or self.kind(second[1]) in ("digits", "latin") or \
                self.is_(second[1], " ") and self.kind(second[1] + 1) == "digits":
            return None
        return Range(Date(None, first[0], None, "my"), Date(None, second[0], None, "my")), \
            second[1]

    def weekday_list(self, first: Weekday, j: int) -> Match | None:
        values: list[Weekday] = [first]
        while True:
            k = self.space(j)
            if not self.is_(k, *LIST_MARKS):
                break
            k = self.space(k + 1)
            w = self.weekday(k)
            if w is None or not w[0].short:
                break
            values.append(w[0])
            j = w[1]
        return (Items(tuple(values)), j) if len(values) > 1 else None

    def parenthesised(self, i: int) -> Match | None:
        """(금), (월~금), (토·일), (Fri): a weekday said without its brackets."""
        inner = self.weekday(i + 1)
        if inner is None:
            return None
        found = self.range_from(inner[0], inner[1], i + 1) or \
            self.weekday_list(inner[0], inner[1]) or inner
        if not self.is_(found[1], ")") or isinstance(found[0], Unknown):
            return None
        return found[0], found[1] + 1

    # ----- numbers that are not amounts -----
    def phone(self, i: int) -> Match | None:
        if not self.word_start(i) and not self.is_(i - 1, "("):
            return None
        groups: list[str] = []
        j = i
        if self.is_(j, "+") and self.kind(j + 1) == "digits":
            groups.append("+" + self.tokens[j + 1].text)
            j += 2
        elif self.is_(j, "(") and self.digits(j + 1, 2, 4) and self.is_(j + 2, ")"):
            groups.append(self.tokens[j + 1].text)
            j += 3
            if self.is_(j, " "):
                j += 1
            if self.kind(j) != "digits":
                return None
            groups.append(self.tokens[j].text)
            j += 1
        elif self.kind(j) == "digits":
            groups.append(self.tokens[j].text)
            j += 1
        else:
            return None
        spaced = groups[0].startswith(("+", "0"))
        while True:
            t = self.tok(j)
            if t is None or not (t.text in PHONE_SEPARATORS or (t.text == " " and spaced)):
                break
            if self.kind(j + 1) != "digits":
                break
            groups.append(self.tokens[j + 1].text)
            j += 2
        if self.kind(j) in ("digits", "latin") or self.is_(j, ":"):
            return None
        plain = [g.lstrip("+") for g in groups]
        total = sum(len(g) for g in plain)
        if groups[0].startswith("+"):
            ok = len(groups) >= 3 and 8 <= total <= 15
        elif len(groups) >= 3:
            ok = plain[0].startswith("0") and 2 <= len(plain[0]) <= 4 and \
                all(3 <= len(g) <= 4 for g in plain[1:]) and 9 <= total <= 12
        else:
            ok = len(groups) == 2 and len(plain[0]) == 4 and len(plain[1]) == 4 and \
                plain[0][:2] in ("15", "16", "18")
        return (Phone(tuple(groups)), j) if ok else None

    def dash_chain(self, i: int) -> Match | None:
        """Digits joined by dashes that no other rule explains: reported, read as written."""
        if self.kind(i) != "digits" or not self.word_start(i):
            return None
        j, groups = i + 1, 1
        while self.is_(j, "-", "‑", "‐") and self.kind(j + 1) == "digits":
            j, groups = j + 2, groups + 1
        if groups < 2 or self.kind(j) in ("latin", "hangul"):
            return None
        return Unknown(self.span_tokens(i, j), "is digits joined by dashes: not a phone number "
                       "(that starts with its area code, 02-…), a date or a range"), j

    def address(self, i: int) -> Match | None:
        if self.kind(i) not in ("latin", "digits") or not self.word_start(i) or \
                self.is_(i - 1, *ADDRESS_CHARS - {"("}):
            return None
        j = i
        while (t := self.tok(j)) is not None and (t.kind in ("latin", "digits") or
                                                 t.text in ADDRESS_CHARS):
            j += 1
        while j > i and self.tokens[j - 1].text in ADDRESS_TRAILING:
            j -= 1
        text = self.span_tokens(i, j)
        if _EMAIL.fullmatch(text) or _URL.fullmatch(text):
            return Address(text), j
        domain = _DOMAIN.fullmatch(text)
        if domain and domain.group(1).lower() in TOP_LEVEL:
            return Address(text), j
        return None

    # ----- names, letters, signs -----
    def acronym(self, i: int, shortest: int = 4) -> Match | None:
        """Capitals without a vowel, said letter by letter. Engines already spell two or
        three of them (QR, LG); a longer run (KSLV, CCTV) one may try to say as a word."""
        t = self.tok(i)
        if t is None or t.kind != "latin" or len(t.text) < shortest or not t.text.isupper() \
                or any(v in t.text for v in "AEIOU") or t.text in ROMAN_ASCII:
            return None
        return Acronym(t.text), i + 1

    def roman_at(self, i: int, ascii_too: bool) -> tuple[Roman, int] | None:
        t = self.tok(i)
        if t is None:
            return None
        code = ord(t.text[0])
        if len(t.text) == 1 and 0x2160 <= code <= 0x216B:
            return Roman(code - 0x215F), i + 1
        if len(t.text) == 1 and 0x2170 <= code <= 0x217B:
            return Roman(code - 0x216F), i + 1
        if ascii_too and t.text in ROMAN_ASCII:
            return Roman(ROMAN_ASCII[t.text]), i + 1
        if ascii_too and self.is_(i - 1, "-") and t.text in ROMAN_AFTER_HYPHEN:
            return Roman(ROMAN_AFTER_HYPHEN[t.text]), i + 1
        return None

    def name(self, i: int) -> Match | None:
        """KSLV-Ⅱ, Nuri-II, Phase Ⅲ: a name and its Roman numeral."""
        t = self.tok(i)
        if t is None or t.kind not in ("latin", "hangul", "letters") or not self.word_start(i):
            return None
        j = i + 1
        while self.kind(j) == t.kind:  # a Hangul name is several syllable tokens
            j += 1
        if not self.is_(j, "-", " "):
            return None
        roman = self.roman_at(j + 1, ascii_too=self.is_(j, "-") or t.text[:1].isupper())
        if roman is None or self.kind(roman[1]) in ("latin", "digits", "hangul"):
            return None
        word_text = self.span_tokens(i, j)
        word: Acronym | Plain = Plain(word_text)
        if t.kind == "latin" and (acr := self.acronym(i, 2)) is not None and acr[1] == j:
            word = Acronym(word_text)
        return Name(word, roman[0]), roman[1]

    def roman(self, i: int) -> Match | None:
        return self.roman_at(i, ascii_too=False)

    def about(self, i: int) -> Match | None:
        """~280, ≈ 3: about an amount; ~ 12월 31일, ~18:00: until a date or a time."""
        if not self.is_(i, *TILDES, "≈") or not self.word_start(i):
            return None
        k = self.space(i + 1)
        found = self.value(k)
        if found is None or isinstance(found[0], Unknown) or \
                isinstance(found[0], Weekday) and found[0].short:
            return None
        value = found[0]
        if not isinstance(value, VALUES):
            return None
        if isinstance(value, Num) and self.tokens[i].text in TILDES and k > i + 1:
            return None  # "~ 280" with a space: a dangling range sign, not "about"
        return Until(value), found[1]

    def symbol(self, i: int) -> Match | None:
        t = self.tokens[i]
        if t.text == "※":
            return Symbol("note"), self.space(i + 1)
        if len(t.text) == 1 and 0x2460 <= ord(t.text) <= 0x2473:
            return Symbol("circled", ord(t.text) - 0x245F), self.space(i + 1)
        if t.text in PAUSES:
            return Symbol("pause"), self.space(i + 1)
        if t.text == "&":
            return Symbol("and"), self.space(i + 1)
        if t.text == "+":
            return Symbol("plus"), i + 1
        return None

    # ----- text of tokens -----
    def span(self, i: int, j: int) -> str:
        return self.span_tokens(i, j)

    def span_tokens(self, i: int, j: int) -> str:
        if j <= i:
            return ""
        return self.text[self.tokens[i].start:self.tokens[j - 1].end]


def _ambiguous_dash(start: Value, end: Value) -> bool:
    """2133-8462: two four-digit numbers joined by a hyphen that are not years could be a phone
    number without its area code as well as a range: leave it to dash_chain to report."""
    return isinstance(start, Num) and isinstance(end, Num) and start.bare and end.bare and \
        len(start.written) == 4 and len(end.written) == 4 and \
        not (_year(start.written) and _year(end.written))


def _kind_of(value: Value) -> type:
    """Amounts and floors, days and dates: what can be compared at all."""
    return Num if isinstance(value, (Num, Floor)) else type(value)


def _floor_level(floor: Floor) -> int:
    return -floor.level if floor.basement else floor.level


def _join(start: Value, end: Value) -> Range | None:
    """The range of two values, or None when they are not of one kind (or run backwards)."""
    if isinstance(start, Num) and isinstance(end, Num):
        if not (start.bare or (start.unit, start.counter) == (end.unit, end.counter)):
            return None
        return Range(start, end) if start.value <= end.value else None
    if isinstance(start, Num) and start.bare and not start.sign and "." not in start.written \
            and "," not in start.written:
        n = int(start.written)
        if isinstance(end, Floor):
            return Range(Floor(n), end) if n <= end.level else None
        if isinstance(end, Clock) and end.minute is None and n <= end.hour:
            return Range(Clock(n, None, end.half, end.clock24), end)  # 2–4 pm
        if isinstance(end, Date):
            return _date_from_number(n, end)
        return None
    if isinstance(start, Floor) and isinstance(end, Floor):
        return Range(start, end) if start != end else None  # B1–B3 goes down: either way
    if isinstance(start, Clock) and isinstance(end, Clock):
        if start.clock24 or end.clock24:
            return Range(start.as_24(), end.as_24())
        if start.half is not None and end.half is None and start.hour <= end.hour < 12:
            return Range(start, replace(end, half=start.half))  # 오후 2시~4시
        return Range(start, end)
    if isinstance(start, Weekday) and isinstance(end, Weekday):
        return Range(start, end)
    if isinstance(start, Date) and isinstance(end, Date):
        return Range(start, end) if _date_order(start, end) else None
    if isinstance(start, Date) and isinstance(end, Num) and end.counter in (None, "일") and \
            start.day is not None and not end.sign and end.written.isdigit():
        day = int(end.written)  # Dec 18–28, 12월 18~28일
        return Range(start, Date(None, None, day, start.style)) if start.day <= day <= 31 \
            else None
    return None


def _date_from_number(n: int, end: Date) -> Range | None:
    """18~28일 is days, 5~11월 months, 2019~2021년 years: the number is what the date ends in."""
    if end.day is not None:
        if end.style in ("mdy", "numeric") or not 1 <= n <= end.day:
            return None
        return Range(Date(None, None, n, end.style), end)
    if end.month is not None:
        return Range(Date(None, n, None, end.style), end) if 1 <= n <= end.month else None
    if end.year is not None and 1900 <= n <= end.year:
        return Range(Date(n, None, None, end.style), end)
    return None


def _date_order(a: Date, b: Date) -> bool:
    first = (a.year or 0, a.month or 0, a.day or 0)
    second = (b.year or first[0], b.month or 0, b.day or 0)
    if a.year is None or b.year is None:
        return True  # 12월 18일 ~ 1월 3일 crosses a new year
    return first <= second


def parse(text: str) -> list[Piece]:
    """The text as recognised expressions and plain text, in order."""
    return Parser(text).pieces()
