"""Rules for what is said as it is spelled: phone numbers (digit by digit in their groups),
URLs and e-mail addresses, names with Roman numerals (KSLV-Ⅱ), vowel-less capitals (CCTV),
signs (※ ① · & +), and digits joined by dashes that are none of these (reported)."""

from __future__ import annotations

import re

from kiosk.deck.spoken.nodes import (
    Abbreviation,
    Acronym,
    Address,
    Name,
    Phone,
    Plain,
    Roman,
    Symbol,
    Unknown,
)
from kiosk.deck.spoken.reader import Match, TokenReader
from kiosk.deck.spoken.words import (
    ABBREVIATIONS,
    BEFORE_NUMBER,
    COMPANY_SIGNS,
    PHONE_SIGNS,
    ROMAN_AFTER_HYPHEN,
    ROMAN_ASCII,
    TOP_LEVEL,
)

PAUSES = ("·", "・", "•", "|", "—", "–", "―")
PHONE_SEPARATORS = ("-", "‑", "‐", ".")
ADDRESS_CHARS = set(".:/-_@?=&#%~+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s]+", re.IGNORECASE)
_DOMAIN = re.compile(r"(?:[A-Za-z0-9-]+\.)+([A-Za-z]{2,})(?:/\S*)?")
ADDRESS_TRAILING = ".,;:!?)]"


class LiteralRules(TokenReader):
    def phone(self, i: int) -> Match | None:
        if self.kind(i - 1) in ("digits", "latin", "letters"):
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

    def abbreviation(self, i: int) -> Match | None:
        """e.g., approx., No. 7: an abbreviation said in full, dots and all taken in."""
        if self.kind(i) != "latin" or not self.word_start(i):
            return None
        j, written = i, ""
        while self.kind(j) == "latin" and len(written) < 8:  # e.g. is e . g .
            written += self.tokens[j].text
            j += 1
            if self.is_(j, "."):
                written += "."
                j += 1
            if self.kind(j) != "latin" or not written.endswith("."):
                break
        key = written.lower()
        if self.kind(j) in ("latin", "digits", "letters", "hangul"):
            return None  # part of a longer word or address (etc.com)
        if key in ABBREVIATIONS:
            return Abbreviation(written, ABBREVIATIONS[key]), j
        if key in BEFORE_NUMBER and self.kind(self.space(j)) == "digits":
            return Abbreviation(written, BEFORE_NUMBER[key]), j
        return None

    def gloss(self, i: int) -> Match | None:
        """(金敏俊), (海洋): Hanja in brackets after a name or word is its written gloss, not
        said: a Korean voice repeats the word (or reads the characters the Chinese or Japanese
        way), an English one cannot read them at all."""
        if not self.is_(i, "("):
            return None
        j = self.space(i + 1)
        found = False
        while self.kind(j) in ("letters", "space") or self.is_(j, "·", ","):
            if self.kind(j) == "letters":
                if not all(_hanja(ch) for ch in self.tokens[j].text):
                    return None
                found = True
            elif self.is_(j, ",") and self.kind(self.space(j + 1)) != "letters" and found:
                return Plain("("), j + 1  # (李舜臣, 1545~1598): the rest is said
            j += 1
        return (Plain(""), j + 1) if found and self.is_(j, ")") else None

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
        if t.text in PHONE_SIGNS:
            return Symbol("phone"), self.space(i + 1)
        if t.text in COMPANY_SIGNS:
            return Symbol("company"), self.space(i + 1)
        return None


def _hanja(ch: str) -> bool:
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF \
        or 0x20000 <= code <= 0x2FA1F
