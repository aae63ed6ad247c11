"""Reading tokens: where a rule looks at the text. Every rule of the grammar sees the text
through these few questions (what is at i, is it one of these, does a word continue here)."""

from __future__ import annotations

from kiosk.deck.spoken.nodes import Node
from kiosk.deck.spoken.tokens import Token, tokenize

Match = tuple[Node, int]  # the node a rule recognised and the token index after it


def is_year(text: str) -> bool:
    return len(text) == 4 and 1900 <= int(text) <= 2100


class TokenReader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)

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

    def span_tokens(self, i: int, j: int) -> str:
        """The text that tokens i..j-1 were cut from."""
        if j <= i:
            return ""
        return self.text[self.tokens[i].start:self.tokens[j - 1].end]
