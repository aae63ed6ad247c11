"""The words the spoken form is made of, in Korean and English: digits, weekdays, months,
units, letter names, Roman numerals and the symbols notices use. Tables only; no logic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DIGITS = {"ko": "공일이삼사오육칠팔구", "en": ("zero", "one", "two", "three", "four", "five",
                                         "six", "seven", "eight", "nine")}
PLUS = {"ko": "플러스", "en": "plus"}
ABOUT = {"ko": "약", "en": "about"}
RANGE = {"ko": ("{a}부터 {b}까지", "{a}부터 {b}"), "en": ("{a} to {b}", "{a} to {b}")}

# Korean weekdays by their one-syllable names; English by every spelling notices use.
WEEKDAYS_KO = "월화수목금토일"
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_ABBREVIATIONS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3,
                         "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
MONTH_NAMES = {**{m.lower(): n for n, m in enumerate(MONTHS_EN, 1)},
               **{m[:3].lower(): n for n, m in enumerate(MONTHS_EN, 1)}, "sept": 9}
HALF_KO: dict[str, Literal["am", "pm"]] = {"오전": "am", "오후": "pm"}


@dataclass(frozen=True)
class Unit:
    ko: str  # as appended to the number, with its space if it takes one
    en: str  # plural
    en_one: str  # after exactly 1
    degrees: bool = False  # a temperature: Korean says 영하 for minus
    ko_before: str = ""  # said before the number in Korean (시속 60킬로미터)


def _unit(ko: str, en: str, one: str | None = None, degrees: bool = False,
          ko_before: str = "") -> Unit:
    return Unit(ko, en, one or en, degrees, ko_before)


# Written forms after a number, with or without a space. Korean counters that are already
# words (명, 개, 층, 배) are not here: the voice reads them; the grammar knows them as COUNTERS.
UNITS: dict[str, Unit] = {
    "t": _unit("톤", "tonnes", "tonne"), "톤": _unit("톤", "tonnes", "tonne"),
    "kg": _unit("킬로그램", "kilograms", "kilogram"), "g": _unit("그램", "grams", "gram"),
    "km": _unit(" 킬로미터", "kilometres", "kilometre"), "m": _unit(" 미터", "metres", "metre"),
    "cm": _unit(" 센티미터", "centimetres", "centimetre"),
    "mm": _unit(" 밀리미터", "millimetres", "millimetre"),
    "km/h": _unit("킬로미터", "kilometres an hour", "kilometre an hour", ko_before="시속 "),
    "m²": _unit(" 제곱미터", "square metres", "square metre"),
    "㎡": _unit(" 제곱미터", "square metres", "square metre"),
    "km²": _unit(" 제곱킬로미터", "square kilometres", "square kilometre"),
    "㎢": _unit(" 제곱킬로미터", "square kilometres", "square kilometre"),
    "ha": _unit(" 헥타르", "hectares", "hectare"),
    "℃": _unit("도", "degrees Celsius", "degree Celsius", True),
    "°C": _unit("도", "degrees Celsius", "degree Celsius", True),
    "°": _unit("도", "degrees", "degree", True),
    "%": _unit(" 퍼센트", "percent"), "원": _unit("원", "won"), "won": _unit("원", "won"),
    "KRW": _unit("원", "won"), "₩": _unit("원", "won"), "$": _unit(" 달러", "dollars", "dollar"),
    "×": _unit("배", "times"), "kW": _unit(" 킬로와트", "kilowatts", "kilowatt"),
    "kWh": _unit(" 킬로와트시", "kilowatt hours", "kilowatt hour"),
    "min": _unit("분", "minutes", "minute"), "mins": _unit("분", "minutes", "minute"),
    "h": _unit("시간", "hours", "hour"), "hr": _unit("시간", "hours", "hour"),
    "hrs": _unit("시간", "hours", "hour"), "sec": _unit("초", "seconds", "second"),
}
# English abbreviations said in full (in English; Korean reads them as written). Keys are
# lower case, with their dots; "no." and "min." only before a number (No. 7, Min. 30), where
# they cannot be the word "no" or minutes.
ABBREVIATIONS = {
    "e.g.": "for example", "i.e.": "that is", "etc.": "et cetera", "approx.": "approximately",
    "approx": "approximately", "ca.": "about", "incl.": "including", "excl.": "excluding",
    "max.": "maximum", "tel.": "telephone", "dept.": "department", "govt.": "government",
    "ave.": "avenue", "rd.": "road", "bldg.": "building", "vs.": "versus", "vs": "versus",
}
BEFORE_NUMBER = {"no.": "number", "nos.": "numbers", "min.": "minimum"}
CURRENCY_BEFORE = ("₩", "$")  # written before the number, said after it
# English magnitudes as written after a number, by what is said: "₩48.7 bn" is "48.7 billion
# won", never "48.7 won bn". A lone "m" or "k" is one only after a currency sign ($5m): after
# any other number "m" is metres.
MAGNITUDES = {"thousand": "thousand", "million": "million", "billion": "billion",
              "trillion": "trillion", "mn": "million", "bn": "billion", "tn": "trillion",
              "mln": "million", "bln": "billion"}
MONEY_MAGNITUDES = {"k": "thousand", "m": "million", "b": "billion"}

# Korean counters (and the year/month/day/hour of dates and times, which the grammar reads
# itself): a number followed by one of these is a quantity the voice reads as written.
COUNTERS = ("개월", "시간", "개국", "명", "개", "배", "세", "살", "회", "번", "대", "곳", "권",
            "주", "초", "분", "층", "년", "일", "호", "차", "호선", "등", "위", "점", "장", "건",
            "석", "인")
# Particles a Korean word may end in: what is left before one is a counter (6학년까지).
PARTICLES = ("은", "는", "이", "가", "을", "를", "의", "에", "에서", "에는", "에도", "까지", "부터",
             "도", "만", "과", "와", "로", "으로", "이나", "나", "씩", "째", "씩만", "이상", "이하",
             "미만", "초과")
# What may follow "9시" for it to be a time (not 9시간): particles and time words.
AFTER_HOUR = ("부터", "까지", "에서", "에", "반", "쯤", "경", "이", "는", "와", "과", "로", "도",
              "전", "후", "정각", "께", "을", "를", "의", "가", "엔", "은", "부", "이후", "이전",
              "간격")

LETTERS_KO = {"A": "에이", "B": "비", "C": "씨", "D": "디", "E": "이", "F": "에프", "G": "지",
              "H": "에이치", "I": "아이", "J": "제이", "K": "케이", "L": "엘", "M": "엠", "N": "엔",
              "O": "오", "P": "피", "Q": "큐", "R": "알", "S": "에스", "T": "티", "U": "유",
              "V": "브이", "W": "더블유", "X": "엑스", "Y": "와이", "Z": "제트"}
# Roman numerals in names (KSLV-Ⅱ): Korean says them in English, as people do.
ROMAN_KO = ("원", "투", "쓰리", "포", "파이브", "식스", "세븐", "에잇", "나인", "텐", "일레븐",
            "트웰브")
NUMBERS_EN = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
              "eleven", "twelve")
ROMAN_ASCII = {"II": 2, "III": 3, "IV": 4, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "XI": 11,
               "XII": 12}
ROMAN_AFTER_HYPHEN = {"I": 1, "V": 5, "X": 10}  # KSLV-I; alone these are words or letters

# URL and e-mail pieces: a word is said as a word, these as their names.
ADDRESS_MARKS = {"ko": {".": "점", "/": "슬래시", "-": "하이픈", "_": "언더바", "@": "골뱅이",
                        ":": "콜론", "?": "물음표", "=": "이퀄", "&": "앤드", "#": "샵",
                        "~": "물결", "%": "퍼센트", "+": "플러스"},
                 "en": {".": "dot", "/": "slash", "-": "dash", "_": "underscore", "@": "at",
                        ":": "colon", "?": "question mark", "=": "equals", "&": "and",
                        "#": "hash", "~": "tilde", "%": "percent", "+": "plus"}}
ADDRESS_WORDS = {"ko": {"com": "컴", "net": "넷", "www": "더블유 더블유 더블유"},
                 "en": {"com": "com", "net": "net", "www": "W W W"}}
TOP_LEVEL = ("com", "net", "org", "kr", "edu", "gov", "io", "info", "biz", "jp", "cn", "us",
             "uk", "de", "fr", "eu", "co", "me", "ai", "app", "dev", "seoul")

# Symbols said as words (between other words).
NOTE = {"ko": "참고, ", "en": "note: "}
AND = {"ko": "앤", "en": " and "}
PHONE_SIGNS = ("☎", "☏", "📞", "📱")  # before a phone number: said as the word
PHONE_WORD = {"ko": "전화 ", "en": "telephone "}
COMPANY_SIGNS = ("㈜",)  # 주식회사, a company's legal form (the English name omits it)
COMPANY_WORD = {"ko": "주식회사 ", "en": ""}
