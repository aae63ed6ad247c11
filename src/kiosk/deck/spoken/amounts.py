"""Rules for amounts: numbers as written (1,098, 1.5, 1만), signed (−183), with a unit said in
words (t, ㎡, ℃, %, 원) or a Korean counter the voice reads as written (명, 개, 학년), and floors
(B1, 7F, 지하 1층)."""

from __future__ import annotations

from dataclasses import replace

from kiosk.deck.spoken.nodes import SCALES, Floor, Num
from kiosk.deck.spoken.reader import Match, TokenReader
from kiosk.deck.spoken.words import (
    COUNTERS,
    CURRENCY_BEFORE,
    MAGNITUDES,
    MONEY_MAGNITUDES,
    PARTICLES,
    UNITS,
)

DATE_TIME = "년월일시분층"  # what the date, clock and floor rules read after a number
MINUS_SIGNS = ("-", "−", "‐", "‑")


class AmountRules(TokenReader):
    def number(self, i: int) -> tuple[str, int] | None:
        """Digits with grouping commas (1,098) and a decimal part (1.5), as written."""
        first = self.digits(i)
        if first is None or self.kind(i - 1) in ("digits", "latin", "letters"):
            return None  # COVID19: part of a name (Korean may run on: 총12,480㎡, 제3기)
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
        magnitude = self.magnitude(j, currency is not None)
        if magnitude is not None:
            return Num(written, sign, currency, en_scale=magnitude[0]), magnitude[1]
        return Num(written, sign, currency), j

    def magnitude(self, i: int, money: bool) -> tuple[str, int] | None:
        """An English magnitude after a number (48.7 billion, 1.2bn, after a currency 5m)."""
        j = self.space(i)
        t = self.tok(j)
        if t is None or t.kind != "latin" or self.kind(j + 1) in ("latin", "digits"):
            return None
        word = t.text.lower()
        said = MAGNITUDES.get(word)
        if said is None and money and not (word == "m" and j > i):  # "$5 m" may be metres
            said = MONEY_MAGNITUDES.get(word)
        return (said, j + 1) if said is not None else None

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
