"""Where a line may end: between Korean 어절 and English words, never inside one.

Qt's own line breaking follows Unicode's rules, which allow a break between any two Hangul
syllables ("해오름시립도 / 서관") and, in its fallback mode, anywhere ("Septembe / r"). The kiosk
breaks only where a reader expects it:

- at a space, unless the space holds a pair together: a number and its unit ("12,480 ㎡",
  "40 명", "3 km"), a month and its year or day ("September 2024", "12 September"), the parts of
  a Korean date ("2024년 9월 12일"), the groups of a phone number ("02 2133 8462"), a dash
  or tilde with the figures on either side ("09:00 – 18:00"), and a separator to the word before
  it ("A · B" never puts "·" first on a line);
- and only when a word cannot fit a line of its own: after a hyphen or slash between letters
  ("Haeoreum-ro", "ko/en"; never between digits, so a phone number "02-2133-8462" or a date
  "2024-09-01" stays whole), inside a web or e-mail address after its own separators (/ @ ? &
  and before a dot), and between kana or Hanja of a text written without spaces.

No Qt here: these are rules about characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

SPACES = " \t\u3000"
DASHES = "-–—~∼〜～"
SEPARATORS = ("·", "•", "|", "/", "‧", "ㆍ")
MONTHS = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(uary|ruary|ch|il|e|y|"
                    r"ust|tember|ober|ember)?\.?,?$", re.IGNORECASE)
KOREAN_DATE_HEAD = re.compile(r"^\d+(년|월)$")
KOREAN_DATE_TAIL = re.compile(r"^\d+(월|일)")
WEB = re.compile(r"://|@|^www\.", re.IGNORECASE)
UNIT_LETTERS = 4  # "명", "km", "㎡", "kg", "min": a short word after a number is its unit
WEB_AFTER = "/@?&=#_"
COUNTED = re.compile(r"^[a-z][a-z'’-]{0,11}[.,;:!?)]*$")  # "hours", "minutes,", "floors."
NUMBER = re.compile(r"^[(+]?\d[\d,.]*$")  # a count: "10", "1.5", "350,000"; not "09:00"
WHEN = re.compile(r"^[(]?(\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{4}[.년]|\d{1,2}월)")
LABEL = re.compile(r"[^\W\d_][:,)]?$")  # ends in a letter (or "Open:"), not a figure
ROAD = re.compile(r"(로|길|-ro|-gil|-daero|-dong)$", re.IGNORECASE)
ROAD_NUMBER = re.compile(r"^(\d+(번)?길|\d+-gil)[,.]?$", re.IGNORECASE)
BUILDING = re.compile(r"^\d+(-\d+)?[,.)]?$")


@dataclass(frozen=True)
class Compound:
    """A word with places inside it where a line may end (an address, "Haeoreum-ro", a text in
    kana): used only when the whole word cannot fit a line of its own."""

    start: int
    end: int
    inside: frozenset[int]


@dataclass(frozen=True)
class Breaks:
    soft: frozenset[int]  # a line may end before text[i] (after any spaces before it)
    hard: frozenset[int]  # a line must end before text[i] (text[i - 1] is a newline)
    compounds: tuple[Compound, ...] = ()


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" or \
        "\u3130" <= char <= "\u318f"


def _is_cjk(char: str) -> bool:
    """Kana and Hanja: scripts written without spaces between words."""
    return "\u3040" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff" or \
        "\uf900" <= char <= "\ufaff"


def _is_unit(word: str) -> bool:
    core = word.rstrip(".,;:)」』")  # "m²": a superscript is part of the unit, not a figure
    # a Korean unit or counter is one or two syllables ("명", "시간"); "어린이" is a word
    letters = 2 if any(_is_hangul(c) for c in core) else UNIT_LETTERS
    return 0 < len(core) <= letters and not any(c.isdecimal() for c in core) and \
        core[0] not in DASHES and core[0] not in "(「『"


def _held(left: str, right: str) -> bool:
    """Whether the space between these two words ends a line only when the pair (with whatever
    else holds to it) is too wide for a line of its own."""
    if not left or not right:
        return False
    if NUMBER.match(left) and COUNTED.match(right):
        return True  # "24 hours", "10 minutes", "3 floors"
    if WHEN.match(right) and LABEL.search(left):
        return True  # "토요일 09:00–12:30", "Saturdays 09:00–12:30"
    if ROAD.search(left.rstrip(",")) and ROAD_NUMBER.match(right):
        return True  # "바우뫼로 37길", "Baumoe-ro 37-gil"
    stem = left.rstrip(",")
    return bool((ROAD.search(stem) or ROAD_NUMBER.match(stem)) and BUILDING.match(right))


def _glued(left: str, right: str) -> bool:
    """Whether the space between these two words must not become a line end."""
    if not left or not right:
        return False
    if left in DASHES or right in DASHES:  # "09:00 – 18:00": the range stays on one line
        return True
    if right in SEPARATORS:  # "A · B": a line ends after the dot, never starts with it
        return True
    if left[-1].isdecimal() and (right[0].isdecimal() or right[0] in "+(") and ":" not in left:
        return True  # the groups of a phone number, "2024 09 01"
    if left[-1].isdecimal() and _is_unit(right) and not any(c in left for c in ":-"):
        return True  # "12,480 ㎡", "40 명", "3 km"; a time or date has none ("12:30 토요일")
    if MONTHS.match(left) and right[0].isdigit():
        return True  # "September 2024", "Sept. 12"
    if left.isdigit() and len(left) <= 2 and MONTHS.match(right):
        return True  # "12 September"
    return bool(KOREAN_DATE_HEAD.match(left) and KOREAN_DATE_TAIL.match(right))


def _inside(word: str) -> set[int]:
    """Places inside one space-free word where a line may end, as offsets into the word."""
    if WEB.search(word):
        return {i for i in range(1, len(word))
                if word[i - 1] in WEB_AFTER and word[i] not in WEB_AFTER or
                word[i] == "." and word[i - 1] != "."}
    hangul = any(_is_hangul(c) for c in word)
    found = set()
    for i in range(1, len(word)):
        before, after = word[i - 1], word[i]
        if before in "-–/" and i >= 2 and word[i - 2].isalpha() and after.isalpha():
            found.add(i)  # "Haeoreum-ro", "ko/en"; never "02-2133-8462"
        elif not hangul and _is_cjk(before) and _is_cjk(after):
            found.add(i)
    return found


@lru_cache(maxsize=1024)
def find_breaks(text: str) -> Breaks:
    """Every place a line of this text may end, and every place it must."""
    soft: set[int] = set()
    hard: set[int] = set()
    compounds: list[Compound] = []
    for number, paragraph in enumerate(_paragraphs(text)):
        offset, body = paragraph
        if number:
            hard.add(offset)
        words = [(m.start() + offset, m.group()) for m in re.finditer(rf"[^{SPACES}]+", body)]
        for (start, word) in words:
            inside = _inside(word)
            if inside:
                compounds.append(Compound(start, start + len(word),
                                          frozenset(start + i for i in inside)))
        group: list[int] = []  # the held spaces of the group being read, as line ends
        for i, ((_, left), (start, right)) in enumerate(zip(words, words[1:])):
            if _glued(left, right):
                continue
            if _held(left, right):
                group.append(start)
                continue
            soft.add(start)
            if group:
                compounds.append(_group(words, i, group))
                group = []
        if group:
            compounds.append(_group(words, len(words) - 1, group))
    return Breaks(frozenset(soft), frozenset(hard), tuple(compounds))


def _group(words: list[tuple[int, str]], last: int, held: list[int]) -> Compound:
    """The words from the one before the first held space to words[last], as one compound."""
    first = max(i for i, (start, _) in enumerate(words) if start <= held[0]) - 1
    while first > 0 and words[first][0] not in held and \
            _glued(words[first - 1][1], words[first][1]):
        first -= 1  # the strongly held words before it belong to the group too
    start, word = words[last]
    return Compound(words[first][0], start + len(word), frozenset(held))


def _paragraphs(text: str) -> list[tuple[int, str]]:
    found = []
    offset = 0
    for body in text.split("\n"):
        found.append((offset, body))
        offset += len(body) + 1
    return found


def grapheme_ends(text: str, start: int, end: int) -> list[int]:
    """Where a word too wide for any line may be cut when nothing else is left: between
    characters, never before a combining mark."""
    return [i for i in range(start + 1, end + 1)
            if i == len(text) or not unicodedata.category(text[i]).startswith("M")]
