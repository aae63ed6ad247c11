"""The expression grammar of notices: tokens in, recognised expressions (nodes) out.

Each rule reads tokens from a position and returns the node it recognises with the position
after it, or None. At every position all rules are tried and the LONGEST match wins (ties go
to the earlier rule in Parser.rules): "02-2133-8462" is one phone number, not the range 02~2133
followed by -8462, because the phone rule explains more of the text, not because it runs
first. What no rule explains is read as written. A few shapes are recognised only to be
reported (Unknown): digits joined by dashes that are neither a phone number, a date nor a
range, a clock time that does not exist, a range between values of different kinds.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.deck.spoken.amounts import AmountRules
from kiosk.deck.spoken.dates import DateRules
from kiosk.deck.spoken.literals import LiteralRules
from kiosk.deck.spoken.nodes import (
    Clock,
    Date,
    Floor,
    Items,
    Num,
    Piece,
    Plain,
    Range,
    Unknown,
    Until,
    Value,
    Weekday,
)
from kiosk.deck.spoken.ranges import ambiguous_dash, join, kind_of
from kiosk.deck.spoken.reader import Match

VALUES = (Num, Clock, Weekday, Date, Floor)  # what a range joins
TILDES = ("~", "∼", "～", "〜")
DASHES = ("–", "—", "-", "‐", "‑", "―")
HYPHENS = ("-", "‐", "‑")
LIST_MARKS = ("·", "・", ",", "/", "&", "、")
EN_CONNECTORS = ("to", "through", "until", "till")


class Parser(AmountRules, DateRules, LiteralRules):
    """The rules of amounts, dates and literals, and here how values join into ranges, lists
    and "about"/"until"."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.rules: tuple[Callable[[int], Match | None], ...] = (
            self.phone, self.address, self.expression, self.dash_chain, self.name,
            self.acronym, self.roman, self.about, self.gloss, self.abbreviation, self.symbol)

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
                joined = join(start, second[0])
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
        # Only a hyphen: an en dash between numbers is typeset as a range (1545–1598), and
        # phone numbers are written with hyphens.
        if dash in HYPHENS and ambiguous_dash(start, end_value):
            return None
        joined = join(start, end_value)
        if joined is None:
            if dash in EN_CONNECTORS or dash in ("—", "―"):
                return None  # "9 to 6", "2020 — 3 buildings": said as written
            if kind_of(start) == kind_of(end_value):
                return Unknown(self.span_tokens(i, second[1]), "runs backwards or names the "
                               "same value twice (a range goes from the first to the last)"), \
                    second[1]
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

    def weekday_list(self, first: Weekday, j: int, bracketed: bool = False) -> Match | None:
        """토·일, Sat & Sun, (토, 일). Korean one-syllable days are joined by · outside
        brackets only: "일, 월 단위" is days and months."""
        values: list[Weekday] = [first]
        korean = self.kind(j - 1) == "hangul"
        marks = LIST_MARKS if bracketed or not korean else ("·", "・")
        while True:
            k = self.space(j)
            if not self.is_(k, *marks):
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
            self.weekday_list(inner[0], inner[1], bracketed=True) or inner
        if not self.is_(found[1], ")") or isinstance(found[0], Unknown):
            return None
        return found[0], found[1] + 1

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


def parse(text: str) -> list[Piece]:
    """The text as recognised expressions and plain text, in order."""
    return Parser(text).pieces()
