"""Rules for when: clock times (09:30, 오후 6시, 9:30 am), dates in Korean, numeric and English
forms (2026년 12월 18일(금), 2026. 12. 18., Dec 18, 2026) and weekdays (금, 금요일, Fri)."""

from __future__ import annotations

import calendar
from dataclasses import replace

from kiosk.deck.spoken.nodes import Clock, Date, Half, Unknown, Weekday
from kiosk.deck.spoken.reader import Match, TokenReader, is_year
from kiosk.deck.spoken.words import (
    AFTER_HOUR,
    HALF_KO,
    MONTH_NAMES,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS_EN,
    WEEKDAYS_KO,
)


class DateRules(TokenReader):
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
            if m > 59 or h > 24 or (h == 24 and m) or (half is not None and not 1 <= h <= 12):
                return Unknown(self.span_tokens(start, j), "is not a time of day"), j
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
                return Unknown(self.span_tokens(start, j), "is not a time of day"), j
            return Clock(h, minute, half, half is None and (h >= 13 or h == 0)), j
        if half is None and (after := self.half_after(i + 1)) is not None and 1 <= h <= 12:
            return Clock(h, None, after[0]), after[1]
        return None

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
        if not _exists(year, month, day):
            return Unknown(self.span_tokens(i, j), "is not a date"), j
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
        if not _exists(int(y), int(m), day):
            return Unknown(self.span_tokens(i, j), "is not a date"), j
        return self.with_weekday(Date(int(y), int(m), day, "numeric"), j)

    def short_date(self, i: int) -> Match | None:
        """12.18(금), 2. 28.(일), 12/25 (Fri): a month and a day without their year. Only with
        the weekday in brackets after it is this a date (12.18 alone is a number, 3/4 a
        fraction)."""
        m = self.digits(i, 1, 2)
        if m is None or not self.word_start(i) or not self.is_(i + 1, ".", "/"):
            return None
        dotted = self.is_(i + 1, ".")
        k = i + 2 + (dotted and self.is_(i + 2, " "))  # 2. 28.: spaced as 2027. 1. 5. is
        d = self.digits(k, 1, 2)
        if d is None:
            return None
        j = k + 1 + (dotted and self.is_(k + 1, "."))  # 12. 18.(금)'s last point
        date, end = self.with_weekday(Date(None, int(m), int(d), "numeric"), j)
        if end == j:
            return None
        if not _exists(None, int(m), int(d)):
            return Unknown(self.span_tokens(i, end), "is not a date"), end
        return date, end

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

    def englishis_year(self, i: int) -> tuple[int, int] | None:
        k = i + 1 if self.is_(i, ",") else i
        k = self.space(k)
        y = self.digits(k, 4, 4)
        if y is None or not is_year(y) or k == i or self.kind(k + 1) in ("latin", "digits"):
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
                y = self.englishis_year(j)
                date = Date(y[0] if y else None, month, day, "mdy", weekday, suffix)
                j = y[1] if y else j
            elif (y := self.englishis_year(j)) is not None:
                date, j = Date(y[0], month, None, "my", weekday), y[1]
        elif (dn := self.day_number(i)) is not None and self.is_(dn[2], " ") and \
                (mw := self.month_word(dn[2] + 1)) is not None:
            day, suffix, _ = dn
            month, j = mw
            y = self.englishis_year(j) if self.is_(j, " ") else None
            date = Date(y[0] if y else None, month, day, "dmy", weekday, suffix)
            j = y[1] if y else j
        if date is None or (start == i and not self.word_start(i)):
            return None
        if not _exists(date.year, date.month, date.day):
            return Unknown(self.span_tokens(start, j), "is not a date"), j
        if date.weekday is None:
            return self.with_weekday(date, j)
        return date, j

    def date(self, i: int) -> Match | None:
        found = [m for m in (self.korean_date(i), self.numeric_date(i), self.english_date(i),
                             self.short_date(i)) if m is not None]
        return max(found, key=lambda m: m[1]) if found else None

    def with_weekday(self, date: Date, j: int) -> Match:
        """A date with its weekday in parentheses after it: 18일(금), Dec 18 (Fri)."""
        k = self.space(j) if self.is_(j, " ") else j
        if self.is_(k, "("):
            w = self.weekday(k + 1)
            if w is not None and self.is_(w[1], ")"):
                return replace(date, weekday=w[0].index), w[1] + 1
        return date, j

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


def _exists(year: int | None, month: int | None, day: int | None) -> bool:
    """A day that is on the calendar (2월 30일 is not; 2월 29일 is, in some year)."""
    if month is not None and not 1 <= month <= 12:
        return False
    if day is None:
        return True
    longest = calendar.monthrange(year or 2024, month or 1)[1] if month else 31
    return 1 <= day <= longest
