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
WEB_AFTER = "/@?&=#_"
COUNTED = re.compile(r"^[a-z][a-z'’-]{0,11}[.,;:!?)]*$")  # "hours", "minutes,", "floors."
# Korean counters and units written after a number with a space ("40 명", "3 시간")
HANGUL_UNITS = frozenset({*"명권층개원분곳대번년월일석호동시초세살장채잔점회차위평주종칸줄쪽면",
                          "시간", "개월", "가구", "세대", "평형", "킬로", "미터", "센티",
                          "제곱미터", "킬로미터", "주년", "인분", "개소", "병상"})
LATIN_UNITS = frozenset({"km", "m", "cm", "mm", "kg", "g", "mg", "t", "l", "ml", "min", "mins",
                         "h", "hr", "hrs", "s", "sec", "secs", "ms", "am", "pm", "a.m", "p.m",
                         "won", "krw", "usd", "eur", "px", "ft", "mi", "mph", "km/h", "kw", "kwh",
                         "mb", "gb", "tb", "db", "hz", "khz", "mhz", "°c", "°f", "m²", "m2", "m³",
                         "km²", "ha", "pt", "sq", "st", "nd", "rd", "th", "x"})
HANGUL_COUNTED = re.compile(r"^[\uac00-\ud7a3]{1,4}[.,;:!?)]*$")  # "제곱미터", "킬로미터"
NUMBER = re.compile(r"^[(+]?\d[\d,.]*$")  # a count: "10", "1.5", "350,000"; not "09:00"
WHEN = re.compile(r"^[(]?(\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{4}[.년]|\d{1,2}월)")
LABEL = re.compile(r"[^\W\d_][:,)]?$")  # ends in a letter (or "Open:"), not a figure
# a road: "바우뫼로", "37길", "Baumoe-ro"; not "바로" or "정문으로" (words ending in 로)
ROAD = re.compile(r"([\uac00-\ud7a3]{2,}(?<!으)로|[\uac00-\ud7a3\d]{2,}길|-ro|-gil|-daero|-dong)$",
                  re.IGNORECASE)
PHONE_AREA = re.compile(r"\(\d+\)\d")  # "(0)2": a phone number's optional digit
ROAD_NUMBER = re.compile(r"^(\d+(번)?길|\d+-gil)[,.]?$", re.IGNORECASE)
BUILDING = re.compile(r"^\d+(-\d+)?[,.)]?$")
# an amount a label names, money or a share written as one token ("3,000원", "50%"): held to
# the word before it ("청소년 3,000원"). Not in English, where a label has several words
# ("young people 3,000 won") and holding its last word splits the label instead.
AMOUNT = re.compile(r"^\d[\d,.]*(원|만원|억원|%|％)[,.)]?$")
DATE = re.compile(r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}\.?$")  # "2024-09-01", "2024.9.1."


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


def is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff" or \
        "\u3130" <= char <= "\u318f"


def _is_cjk(char: str) -> bool:
    """Kana and Hanja: scripts written without spaces between words."""
    return "\u3040" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff" or \
        "\uf900" <= char <= "\ufaff"


def _is_unit(word: str) -> bool:
    core = word.rstrip(".,;:)」』")  # "m²": a superscript is part of the unit, not a figure
    if any(is_hangul(c) for c in core):
        # a Korean counter ("명", "층", "시간"); "앞", "정문", "어린이" after a number are
        # words, held to it only loosely (see _held)
        return core in HANGUL_UNITS
    if not core or any(c.isdecimal() for c in core) or core[0] in DASHES or core[0] in "(「『":
        return False
    # a unit of measure or money ("km", "m²", "kg", "min", "won"), or a sign ("㎡", "℃", "%");
    # any other short word after a number ("12 main", "5 use") is a word, held only loosely
    return core.lower() in LATIN_UNITS or not any(c.isalpha() for c in core)


def _is_road(word: str) -> bool:
    stem = word.rstrip(",")
    return bool(ROAD.search(stem) or ROAD_NUMBER.match(stem))


def _held(before: str, left: str, right: str) -> bool:
    """Whether the space between these two words (`before` is the word before `left`) ends a
    line only when the pair (with whatever else holds to it) is too wide for a line of its
    own."""
    if not left or not right:
        return False
    if NUMBER.match(left) and (COUNTED.match(right) or HANGUL_COUNTED.match(right)) and \
            not (_is_road(before) and BUILDING.match(left)):  # "37길 12 어린이": no count
        return True  # "24 hours", "10 minutes", "3 floors", "12,480 제곱미터"
    if WHEN.match(right) and LABEL.search(left):
        return True  # "토요일 09:00–12:30", "Saturdays 09:00–12:30"
    if AMOUNT.match(right) and LABEL.search(left):
        return True  # a label with its price or share: "청소년 3,000원", "입장료 50%"
    if ROAD.search(left.rstrip(",")) and ROAD_NUMBER.match(right):
        return True  # "바우뫼로 37길", "Baumoe-ro 37-gil"
    return bool(_is_road(left) and BUILDING.match(right))


def _glued(left: str, right: str, before: str = "") -> bool:
    """Whether the space between these two words (`before` is the word before `left`) must
    not become a line end."""
    if not left or not right:
        return False
    if left in DASHES or right in DASHES:  # "09:00 – 18:00": the range stays on one line
        return True
    if right in SEPARATORS:  # "A · B": a line ends after the dot, never starts with it
        return True
    if left[-1].isdecimal() and (right[0].isdecimal() or right[0] == "+" or
                                 PHONE_AREA.match(right)) and ":" not in left and \
            not DATE.match(left):  # a date ends its group: "개원 2024-09-01 / 1층"
        return True  # the groups of a phone number ("+82 (0)2 …"), "2024 09 01"; not "12 (1F)"
    if left[-1].isdecimal() and _is_unit(right) and not any(c in left for c in ":-") and \
            not (_is_road(before) and BUILDING.match(left)):  # a building number has no unit
        return True  # "12,480 ㎡", "40 명", "3 km"; a time or date has none ("12:30 토요일")
    # a month has a capital: "may 10 minutes" is a verb before a count
    if MONTHS.match(left) and left[0].isupper() and right[0].isdigit():
        return True  # "September 2024", "Sept. 12"
    if left.isdigit() and len(left) <= 2 and MONTHS.match(right) and right[0].isupper():
        return True  # "12 September"
    return bool(KOREAN_DATE_HEAD.match(left) and KOREAN_DATE_TAIL.match(right))


def _inside(word: str) -> set[int]:
    """Places inside one space-free word where a line may end, as offsets into the word."""
    if WEB.search(word):
        return {i for i in range(1, len(word))
                if word[i - 1] in WEB_AFTER and word[i] not in WEB_AFTER or
                word[i] == "." and word[i - 1] != "."}
    hangul = any(is_hangul(c) for c in word)
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
            before = words[i - 1][1] if i else ""
            if _glued(left, right, before):
                continue
            if _held(before, left, right):
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
