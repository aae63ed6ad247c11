"""Generated notice expressions in random written forms, checked for their meaning once
spoken: a range says both ends with 부터…까지 / "to"; a phone number says only digits, all of
them, in order; nothing says "about" (약) unless the slide wrote it; every digit of an amount
is said; a 24-hour time is said as the same moment of the day."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from kiosk.deck.fields import Lang
from kiosk.deck.spoken import not_understood, speakable

KO_DIGITS = "공일이삼사오육칠팔구"
EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
WEEKDAYS_KO = "월화수목금토일"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CONNECTORS = st.sampled_from(["~", "∼", "～", "–", "—", "-"])
GAP = st.sampled_from(["", " "])
# Words around an expression, as in a notice; none of them is a number or a sign.
BEFORE = {"ko": st.sampled_from(["", "운영 ", "기간: ", "안내 ", "(", "※ "]),
          "en": st.sampled_from(["", "Open ", "Period: ", "Note ", "("])}
AFTER = {"ko": st.sampled_from(["", " 운영", " 휴관", ")", ".", " 예정"]),
         "en": st.sampled_from(["", " only", " daily", ")", "."])}


@dataclass(frozen=True)
class Written:
    text: str
    lang: Lang
    numbers: tuple[str, ...]  # the digits each end must still show when said
    clock: tuple[str, ...] = ()  # how each clock time written must be said


def _said_digits(said: str) -> str:
    """Every digit the spoken text says as a numeral, in order (Korean 1점5 keeps 1 and 5)."""
    return "".join(re.findall(r"\d", said))


def _clock_words(hour: int, minute: int, lang: Lang) -> str:
    """How a 24-hour time is said, worked out from the clock face, not by the code under test."""
    if lang == "ko":
        if hour in (0, 24) and minute == 0:
            return "자정"
        half = "오전" if hour % 24 < 12 else "오후"
        h = hour % 12 if hour % 12 else (12 if hour == 12 else 0)
        return f"{half} {h}시" + (f" {minute}분" if minute else "")
    if hour in (0, 24) and minute == 0:
        return "midnight"
    if hour == 12 and minute == 0:
        return "noon"
    half = "am" if hour % 24 < 12 else "pm"
    h = hour % 12 or 12
    return (f"{h}:{minute:02d}" if minute else f"{h}") + f" {half}"


# ----- values in their written forms -------------------------------------------------------
@st.composite
def dates(draw: st.DrawFn, lang: Lang, low: tuple[int, int, int] = (2000, 1, 1)
          ) -> tuple[str, tuple[int, int, int]]:
    year = draw(st.integers(low[0], 2040))
    month = draw(st.integers(low[1] if year == low[0] else 1, 12))
    first_day = low[2] if (year, month) == low[:2] else 1
    day = draw(st.integers(first_day, 28))
    # the weekday of that date, when the notice gives one (check reports a wrong one)
    weekday = dt.date(year, month, day).weekday() if draw(st.booleans()) else None
    if lang == "ko":
        form = draw(st.sampled_from(["words", "dots", "spaced", "dashes", "slashes"]))
        pad = draw(st.booleans())
        m, d = (f"{month:02d}", f"{day:02d}") if pad else (str(month), str(day))
        text = {"words": f"{year}년 {month}월 {day}일", "dots": f"{year}.{m}.{d}",
                "spaced": f"{year}. {month}. {day}.", "dashes": f"{year}-{month:02d}-{day:02d}",
                "slashes": f"{year}/{m}/{d}"}[form]
        if weekday is not None:
            text += draw(GAP) + f"({WEEKDAYS_KO[weekday]})"
    else:
        form = draw(st.sampled_from(["mdy", "dmy"]))
        name = draw(st.sampled_from([MONTHS_EN[month - 1], MONTHS_EN[month - 1] + "."])) \
            if month != 5 else "May"
        text = f"{name} {day}, {year}" if form == "mdy" else f"{day} {name} {year}"
        if weekday is not None:
            text = f"{WEEKDAYS_EN[weekday]}, {text}"
    return text, (year, month, day)


@st.composite
def clocks(draw: st.DrawFn, lang: Lang, low: int = 0) -> tuple[str, int, str]:
    """(as written, its hour on the 24-hour clock, how it must be said): 17:30, 오후 5시 30분,
    5:30 pm, 5:30p.m., 5 PM."""
    hour = draw(st.integers(low, 23))
    minute = draw(st.sampled_from([0, 0, 5, 10, 15, 30, 45, 59]))
    if hour == 0 or draw(st.booleans()):
        return f"{hour:02d}:{minute:02d}", hour, _clock_words(hour, minute, lang)
    h12 = hour % 12 or 12
    if lang == "ko":
        half = "오전" if hour < 12 else "오후"
        said = f"{half} {h12}시" + (f" {minute}분" if minute else "")
        return said.replace(" ", draw(GAP), 1), hour, said
    half = "am" if hour < 12 else "pm"
    spelled = draw(st.sampled_from([half, half.upper(), f"{half[0]}.m."]))
    face = f"{h12}:{minute:02d}" if minute or draw(st.booleans()) else f"{h12}"
    said = (f"{h12}:{minute:02d}" if minute else f"{h12}") + f" {half}"
    return f"{face}{draw(GAP)}{spelled}", hour, said


UNITS = {"ko": ["톤", "t", "km", "m", "㎡", "m²", "℃", "°C", "%", "원", "명", "개", "세"],
         "en": ["t", "km", "m", "㎡", "m²", "℃", "°C", "%", "won"]}
UNIT_WORDS = {"톤": ("톤", "tonne"), "t": ("톤", "tonne"), "km": ("킬로미터", "kilometre"),
              "m": ("미터", "metre"), "㎡": ("제곱미터", "square metre"),
              "m²": ("제곱미터", "square metre"), "℃": ("도", "degree"), "°C": ("도", "degree"),
              "%": ("퍼센트", "percent"), "원": ("원", "won"), "won": ("원", "won"),
              "명": ("명", ""), "개": ("개", ""), "층": ("층", ""), "세": ("세", "")}


@st.composite
def amounts(draw: st.DrawFn, lang: Lang, low: int = 0
            ) -> tuple[str, str, float, str]:
    """(written number, unit, value, digits) such as ('1,098', '㎡', 1098.0, '1098')."""
    whole = draw(st.integers(low, max(low, 99_999)))
    decimal = draw(st.sampled_from([None, None, 5, 25])) if whole < 1000 else None
    grouped = f"{whole:,}" if whole >= 1000 and draw(st.booleans()) else str(whole)
    written = grouped + (f".{decimal}" if decimal is not None else "")
    value = float(written.replace(",", ""))
    return written, draw(st.sampled_from(UNITS[lang])), value, written.replace(",", "") \
        .replace(".", "")


@st.composite
def ranges(draw: st.DrawFn, lang: Lang) -> Written:
    kind = draw(st.sampled_from(["date", "clock", "amount", "floor", "weekday"]))
    dash = draw(CONNECTORS)
    gap = draw(GAP) if dash != "-" else ""
    if kind == "date":
        a, start = draw(dates(lang))
        b, end = draw(dates(lang, low=start))
        if lang == "en" and dash == "-":
            dash = "–"
        said = tuple(f"{y}{m}{d}" if lang == "ko" else f"{d}{y}" for y, m, d in (start, end))
        return Written(f"{a}{gap}{dash}{gap}{b}", lang, said)
    if kind == "clock":
        a, start_hour, said_a = draw(clocks(lang))
        b, _, said_b = draw(clocks(lang, low=start_hour))
        return Written(f"{a}{gap}{dash}{gap}{b}", lang, (), (said_a, said_b))
    if kind == "amount":
        a, unit, value, a_digits = draw(amounts(lang))
        b, _, _, b_digits = draw(amounts(lang, low=int(value) + 1))
        space = draw(GAP) if unit not in ("명", "개", "층", "세") else ""
        first = a + (space + unit if draw(st.booleans()) else "")
        return Written(f"{first}{gap}{dash}{gap}{b}{space}{unit}", lang, (a_digits, b_digits))
    if kind == "floor":
        a = draw(st.integers(1, 30))
        b = draw(st.integers(a + 1, 60))
        text = draw(st.sampled_from([f"{a}~{b}층", f"{a}F{gap}{dash}{gap}{b}F",
                                     f"B{a}{gap}{dash}{gap}{b}F", f"{a}층{gap}{dash}{gap}{b}층"]))
        return Written(text, lang, (str(a), str(b)))
    a, b = sorted(draw(st.lists(st.integers(0, 6), min_size=2, max_size=2, unique=True)))
    names = WEEKDAYS_KO if lang == "ko" else WEEKDAYS_EN
    end = names[b] + ("요일" if lang == "ko" and draw(st.booleans()) else "")
    return Written(f"{names[a]}{gap}{dash}{gap}{end}", lang, ())


@st.composite
def in_text(draw: st.DrawFn, lang: Lang, core: st.SearchStrategy[Written]) -> Written:
    written = draw(core)
    return Written(draw(BEFORE[lang]) + written.text + draw(AFTER[lang]), lang,
                   written.numbers, written.clock)


LANG = st.sampled_from(["ko", "en"])


@given(st.data())
def test_every_range_says_both_ends(data: st.DataObject) -> None:
    lang: Lang = data.draw(LANG)
    written = data.draw(in_text(lang, ranges(lang)))
    said = speakable(written.text, lang)
    if lang == "ko":
        assert "부터" in said and "까지" in said, said
        assert said.index("부터") < said.index("까지")
        assert "에서" not in said
    else:
        assert " to " in said, said
    assert "약" not in said and "about" not in said.lower()
    digits = _said_digits(said)
    at = 0
    for number in written.numbers:  # both ends, first then last
        found = digits.find(number, at)
        assert found >= 0, (written.text, said)
        at = found + len(number)
    at = 0
    for time in written.clock:  # both ends, in order
        found = said.find(time, at)
        assert found >= 0, (written.text, said, time)
        at = found + len(time)
    assert not any(ch in said for ch in "~∼～–—"), said
    assert not_understood(written.text, lang) == []


@given(st.data())
def test_an_english_time_range_gives_both_ends_the_half_of_day_written_once(
        data: st.DataObject) -> None:
    """2:00 – 4:00 pm, 9 – 11:30 am: the am or pm written after the end is the start's too."""
    start = data.draw(st.integers(1, 11))
    end = data.draw(st.integers(start, 11))
    minutes = [data.draw(st.sampled_from([0, 15, 30, 45])) for _ in range(2)]
    half = data.draw(st.sampled_from(["am", "pm"]))
    faces = [f"{h}:{m:02d}" if m or data.draw(st.booleans()) else f"{h}"
             for h, m in zip((start, end), minutes)]
    dash = data.draw(st.sampled_from(["–", "-", "~", " to "]))
    gap = data.draw(GAP) if dash != " to " else ""
    text = f"{faces[0]}{gap}{dash}{gap}{faces[1]} {half}"
    said = speakable(text, "en")
    words = [(f"{h}:{m:02d}" if m else f"{h}") + f" {half}" for h, m in zip((start, end),
                                                                          minutes)]
    assert said == f"{words[0]} to {words[1]}", (text, said)


AREA = st.sampled_from(["02", "031", "032", "051", "064", "010", "070", "080"])


@st.composite
def phones(draw: st.DrawFn) -> tuple[str, str]:
    """(written, its digits) in the forms notices use."""
    area = draw(AREA)
    middle = draw(st.from_regex(r"[1-9][0-9]{2,3}", fullmatch=True))
    last = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    form = draw(st.sampled_from(["dash", "dot", "space", "paren", "intl", "intl-space",
                                 "national"]))
    if form == "national":
        head = draw(st.sampled_from(["1588", "1577", "1644", "1899"]))
        return f"{head}-{last}", head + last
    text = {"dash": f"{area}-{middle}-{last}", "dot": f"{area}.{middle}.{last}",
            "space": f"{area} {middle} {last}", "paren": f"({area}) {middle}-{last}",
            "intl": f"+82-{area[1:]}-{middle}-{last}",
            "intl-space": f"+82 {area[1:]} {middle} {last}"}[form]
    digits = re.sub(r"\D", "", text)
    return text, digits


@given(st.data())
def test_a_phone_number_is_only_its_digits(data: st.DataObject) -> None:
    lang: Lang = data.draw(LANG)
    phone, digits = data.draw(phones())
    before = data.draw(st.sampled_from({"ko": ["문의 ", "전화: ", "대표전화 ", ""],
                                        "en": ["Call ", "Phone: ", "Enquiries ", ""]}[lang]))
    after = data.draw(st.sampled_from(["", ".", " (9~18시)" if lang == "ko" else " (9 am–6 pm)"]))
    said = speakable(before + phone + after, lang)
    said_phone = said[len(before.strip()):]
    words = KO_DIGITS if lang == "ko" else EN_DIGITS
    spoken = [w for w in re.split(r"[\s,.()]+", said_phone) if w]
    plus = "플러스" if lang == "ko" else "plus"
    if phone.startswith("+"):
        assert spoken[0] == plus
        spoken = spoken[1:]
    heard = "".join(str(words.index(w)) for w in spoken[:len(digits)])
    assert heard == digits, (phone, said)
    assert not re.search(r"\d", said_phone.split("(")[0]), said  # no numerals: digits only
    for word in ("부터", "까지", "에서", "약", " to ", "about"):
        assert word not in said.split("(")[0], said
    assert not_understood(before + phone + after, lang) == []


@given(st.data())
def test_every_digit_of_an_amount_is_said(data: st.DataObject) -> None:
    lang: Lang = data.draw(LANG)
    written, unit, value, digits = data.draw(amounts(lang))
    sign = data.draw(st.sampled_from(["", "", "−", "-"])) if unit in ("℃", "°C") else ""
    space = data.draw(GAP) if unit not in ("명", "개", "층", "세") else ""
    text = f"{sign}{written}{space}{unit}"
    said = speakable(data.draw(BEFORE[lang]) + text + data.draw(AFTER[lang]), lang)
    assert digits in _said_digits(said), (text, said)
    word = UNIT_WORDS[unit][0 if lang == "ko" else 1]
    assert word in said, (text, said)
    if sign:
        assert ("영하" if lang == "ko" else "minus") in said
    assert "약" not in said and "about" not in said
    if lang == "ko":
        assert "," not in said.replace(", ", "")  # Korean voices read 1,098 as two numbers


@given(st.data())
def test_about_only_where_the_slide_says_about(data: st.DataObject) -> None:
    lang: Lang = data.draw(LANG)
    written, unit, _, digits = data.draw(amounts(lang))
    if unit == "층":  # ~5층 is "up to the fifth floor", a place and not an amount
        unit = "명"
    said = speakable(f"~{written}{unit}", lang)
    assert said.startswith("약 " if lang == "ko" else "about "), said
    assert digits in _said_digits(said)


@given(st.data())
def test_a_date_says_its_year_month_day_and_weekday(data: st.DataObject) -> None:
    lang: Lang = data.draw(LANG)
    text, (year, month, day) = data.draw(dates(lang))
    said = speakable(text, lang)
    if lang == "ko":
        assert f"{year}년 {month}월 {day}일" in said, (text, said)
        weekday = re.search(r"\(([월화수목금토일])\)", text)
        if weekday:
            assert said.endswith(f"{weekday.group(1)}요일")
    else:
        full = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")[month - 1]
        assert full in said and str(day) in said and str(year) in said, (text, said)
    assert not_understood(text, lang) == []


@st.composite
def yearless_dates(draw: st.DrawFn, lang: Lang) -> tuple[str, tuple[int, int, int]]:
    """12.18(금), 12. 18.(금), 12/18 (Fri): a month and day with the weekday in brackets, as
    notices of this year write them (the weekday is what makes 12.18 a date)."""
    year, month, day = draw(st.integers(2000, 2040)), draw(st.integers(1, 12)), \
        draw(st.integers(1, 28))
    weekday = dt.date(year, month, day).weekday()
    if lang == "ko":
        text = draw(st.sampled_from([f"{month}.{day}", f"{month}.{day}.", f"{month}. {day}.",
                                     f"{month}/{day}"]))
        return f"{text}{draw(GAP)}({WEEKDAYS_KO[weekday]})", (month, day, weekday)
    return f"{month}/{day}{draw(GAP)}({WEEKDAYS_EN[weekday]})", (month, day, weekday)


@given(st.data())
def test_a_date_without_its_year_is_said_as_a_date(data: st.DataObject) -> None:
    lang: Lang = data.draw(LANG)
    text, (month, day, weekday) = data.draw(yearless_dates(lang))
    said = speakable(text, lang)
    if lang == "ko":
        assert said == f"{month}월 {day}일 {WEEKDAYS_KO[weekday]}요일", (text, said)
    else:
        full = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")[month - 1]
        named = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                 "Sunday")[weekday]
        assert said == f"{named}, {full} {day}", (text, said)
    assert not_understood(text, lang) == []


NOTICE_CHARACTERS = st.sampled_from(
    [*"0123456789~-–—−:.,/()+%℃㎡²°·※①Ⅱ@ ", *"년월일시분층요금화원명",
     "오전", "오후", "부터", "까지", "B", "F", "t", "m", "km", "am", "pm", "Dec", "Mon", "Fri",
     "www", "kr", "KSLV", "won"])


@given(st.lists(NOTICE_CHARACTERS, max_size=40).map("".join), LANG)
def test_any_mix_of_notice_characters_is_said_without_inventing_about(text: str,
                                                                      lang: Lang) -> None:
    said = speakable(text, lang)
    not_understood(text, lang)  # never raises
    if "~" not in text:
        assert "약" not in said and "about" not in said, (text, said)


HANJA = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1,
                max_size=4)
HANGUL_NAME = st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=2,
                      max_size=4)


@given(name=HANGUL_NAME, gloss=HANJA, gap=GAP, lang=st.sampled_from(["ko", "en"]),
       after=st.sampled_from(["", " 관장", " 선생님께서 말씀하십니다.", ", 1545~1598"]))
def test_a_hanja_gloss_in_brackets_is_never_said(name: str, gloss: str, gap: str, lang: Lang,
                                                 after: str) -> None:
    """A name with its Hanja in brackets, 김민준(金敏俊): the voice says the name alone."""
    said = speakable(f"{name}{gap}({gloss}){after}", lang)
    assert said.startswith(name) and not any(ch in said for ch in gloss), said
    assert "(" not in said and ")" not in said, said
