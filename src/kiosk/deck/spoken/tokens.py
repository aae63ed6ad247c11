"""A notice's text cut into tokens: the only place that looks at characters.

The cut is deliberately dumb, so that meaning is decided once, by the grammar: a run of ASCII
digits, one Hangul syllable (Korean counters and particles are syllables: 18일, 9시부터), a run
of Latin letters, a run of white space, or any other single character. "02-2133-8462",
"09:30~17:30" and "2026.12.18" are the same kinds of tokens; which one is a phone number, a
range of times or a date is the grammar's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["digits", "hangul", "latin", "letters", "space", "symbol"]


@dataclass(frozen=True)
class Token:
    kind: Kind
    text: str
    start: int  # offset of the first character in the text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _kind(ch: str) -> Kind:
    if "0" <= ch <= "9":
        return "digits"
    if "\uac00" <= ch <= "\ud7a3":
        return "hangul"
    if ("a" <= ch <= "z") or ("A" <= ch <= "Z"):
        return "latin"
    if ch.isspace():
        return "space"
    if ch.isalpha():
        return "letters"  # Hanja, jamo, accented Latin: read by the voice as they are
    return "symbol"


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        kind = _kind(text[i])
        j = i + 1
        if kind in ("digits", "latin", "space", "letters"):
            while j < len(text) and _kind(text[j]) == kind:
                j += 1
        tokens.append(Token(kind, text[i:j], i))
        i = j
    return tokens
