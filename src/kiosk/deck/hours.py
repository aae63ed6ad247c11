"""Opening hours (`deck.display.hours`): when the lobby is open; the screen sleeps otherwise.

Written the way a notice on a door is: a span per weekday ("09:00-18:00", or a list of spans, or
"closed"), and dates that differ from the week (public holidays, a late opening). Times are the
deck's time zone (Asia/Seoul unless it says otherwise), never the kiosk PC's own setting.

No Qt here; the navigator asks `is_open(hours, now)` and `next_change(hours, now)`, and `kiosk
check` asks `hours_checks`. A mistake is said in words at its line, not as a pattern.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from collections.abc import Iterator
from typing import Annotated, Any, Union

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from kiosk.deck.errors import close_matches
from kiosk.deck.fields import Model, described

Span = tuple[int, int]  # minutes from midnight, start inclusive, end exclusive (up to 24:00)
Found = tuple[tuple[Union[int, str], ...], str, str]  # evaluated at import: no | on 3.9
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CLOSED_WORDS = ("closed", "휴관")
DEFAULT_ZONE = "Asia/Seoul"
# What people write for a zone that has no zone of that name: said as the zone they mean.
ZONE_ABBREVIATIONS = {"KST": "Asia/Seoul", "JST": "Asia/Tokyo", "HKT": "Asia/Hong_Kong",
                      "SGT": "Asia/Singapore"}
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_DASHES = ("-", "–", "—", "~")  # what people type between two times
SCAN_DAYS = 400  # how far ahead a change of hours is looked for (a year and a bit)
# What the explainer says as given: these messages are whole sentences already.
IN_WORDS = "in_words"


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError(IN_WORDS, message)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _time(text: str, span: str) -> int:
    found = _TIME.match(text.strip())
    if found is None:
        raise _fail(f"'{text.strip()}' in '{span}' is not a time; expected hours and minutes "
                    "such as 09:00")
    hours, minutes = int(found[1]), int(found[2])
    if minutes > 59:
        raise _fail(f"'{text.strip()}' in '{span}' has {minutes} minutes; minutes go from 00 "
                    "to 59")
    if hours > 24 or (hours == 24 and minutes):
        raise _fail(f"'{text.strip()}' in '{span}' is not a time of day; a day's hours go from "
                    "00:00 to 24:00 (for hours past midnight, continue on the next day "
                    "from 00:00)")
    return hours * 60 + minutes


def _span(value: Any) -> Span:
    if isinstance(value, bool) or value is None:
        raise _fail(f"found {str(value).lower()} (YAML reads off, no and empty values that "
                    "way); write closed, or a span such as 09:00-18:00")
    if isinstance(value, int):  # YAML 1.1 reads an unquoted 10:00 as the number 600
        raise _fail(f"found the single time {value // 60}:{value % 60:02d}; expected a span "
                    "from opening to closing, such as 09:00-18:00")
    if not isinstance(value, str):
        what = "a mapping" if isinstance(value, dict) else "a list inside a list" \
            if isinstance(value, list) else repr(value)
        raise _fail(f"found {what}; expected a span such as 09:00-18:00")
    text = value.strip()
    parts = re.split("|".join(re.escape(d) for d in _DASHES), text)
    if len(parts) != 2:
        raise _fail(f"'{text}' is not a span of time; expected opening and closing joined by "
                    "'-', such as 09:00-18:00")
    start, end = _time(parts[0], text), _time(parts[1], text)
    if end == 0 and start > 0:
        end = 24 * 60  # "18:00-00:00": until midnight, as people write it
    if start == 24 * 60:
        raise _fail(f"'{text}' starts at 24:00, the end of the day; write the start of a day "
                    "as 00:00")
    if end == start:
        raise _fail(f"'{text}' opens and closes at the same minute; expected a span of some "
                    "length")
    if end < start:
        raise _fail(f"'{text}' closes before it opens; for hours past midnight write "
                    f"{clock(start)}-24:00 here and 00:00-{clock(end)} on the next day")
    return (start, end)


def parse_day(value: Any) -> tuple[Span, ...]:
    """'closed', one span, or a list of spans, as sorted spans; overlaps are a mistake."""
    if isinstance(value, tuple):
        return value  # already parsed (a model copied or built in code)
    if isinstance(value, str) and value.strip().lower() in CLOSED_WORDS:
        return ()
    if isinstance(value, str) and "," in value:
        value = [part for part in value.split(",") if part.strip()]  # "10:00-13:00, 14:00-18:00"
    items = value if isinstance(value, list) else [value]
    if not items:
        raise _fail("found an empty list; write closed, or spans such as "
                    "[10:00-13:00, 14:00-18:00]")
    spans = sorted(_span(item) for item in items)
    for (a_start, a_end), (b_start, b_end) in zip(spans, spans[1:]):
        if b_start < a_end:
            both = f"{clock(b_start)}-{clock(min(a_end, b_end))}"
            raise _fail(f"{clock(a_start)}-{clock(a_end)} and {clock(b_start)}-{clock(b_end)} "
                        f"overlap ({both} is in both); expected spans that follow each other, "
                        "such as 10:00-13:00, 14:00-18:00")
    return tuple(spans)


_ONE = r"\s*\d{1,2}:\d{2}\s*[-–—~]\s*\d{1,2}:\d{2}\s*"
SPAN_PATTERN = rf"^{_ONE}(,{_ONE})*$"  # for editors' schema checks (several: by commas)
_DAY_SCHEMA = {"anyOf": [
    {"enum": list(CLOSED_WORDS)},
    {"type": "string", "pattern": SPAN_PATTERN,
     "description": "Opening and closing, e.g. 09:00-18:00 (24:00 is the end of the day), "
                    "or several: 10:00-13:00, 14:00-18:00"},
    {"type": "array", "minItems": 1, "items": {"type": "string"},
     "description": "Several spans, e.g. [10:00-13:00, 14:00-18:00]"},
]}
Day = Annotated[tuple[tuple[int, int], ...], BeforeValidator(parse_day),
                WithJsonSchema(_DAY_SCHEMA)]


@functools.lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    try:
        return tuple(sorted(zoneinfo.available_timezones()))
    except Exception:  # no zone data at all: the zone itself says so below
        return ()


def _zone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        names = _zone_names()
        if not names:
            raise _fail(f"time zone '{name}' cannot be looked up: this system has no time zone "
                        "data (the tzdata package provides it)") from None
        if name.upper() in ZONE_ABBREVIATIONS:  # KST is not MST, however close the letters
            close = [ZONE_ABBREVIATIONS[name.upper()]]
        else:
            close = close_matches(name, names, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise _fail(f"unknown time zone '{name}'{hint}; expected a name such as "
                    "Asia/Seoul") from None
    return name


TimeZone = Annotated[str, AfterValidator(_zone)]


class Weekly(Model):
    model_config = described("""
        Each weekday's opening hours; a day left out is closed (check says so).""")

    mon: Day | None = None
    tue: Day | None = None
    wed: Day | None = None
    thu: Day | None = None
    fri: Day | None = None
    sat: Day | None = None
    sun: Day | None = None

    def on(self, weekday: int) -> tuple[Span, ...]:
        return getattr(self, WEEKDAYS[weekday]) or ()


class DateException(Model):
    model_config = described("""
        A date (or dates, with `until`) whose hours differ from the week's: a public holiday
        (`hours: closed`), a late opening (`hours: 09:00-21:00`).""")

    date: dt.date | None = Field(None, description="The day it applies to, e.g. 2026-05-05")
    until: dt.date | None = Field(None, description="The last day, for several days in a row")
    hours: Day
    note: str | None = Field(None, description="For operators, e.g. 어린이날; never shown")

    @model_validator(mode="after")
    def _dated(self) -> DateException:
        if self.date is None:
            raise _fail("this exception has no date; expected 'date:' with the day it applies "
                        "to, such as date: 2026-05-05")
        if self.until is not None and self.until < self.date:
            raise _fail(f"until {self.until} is before date {self.date}; expected the last day "
                        "of the exception, on or after its first")
        return self

    def covers(self, day: dt.date) -> bool:
        assert self.date is not None
        return self.date <= day <= (self.until or self.date)


class OpeningHours(Model):
    model_config = described("""
        When the lobby is open. Outside these hours the screen sleeps (its power off where the
        system allows); a touch or key wakes it for the idle timeout.""")

    time_zone: TimeZone = Field(DEFAULT_ZONE, description="The hours are this zone's clock")
    weekly: Weekly = Field(description="Hours per weekday (mon ... sun); 'closed' for a "
                           "weekly closing day")
    exceptions: list[DateException] = Field(default_factory=list, max_length=400,
                                            description="Dates whose hours differ")
    wake_on_touch: bool = Field(True, description="A touch wakes the sleeping screen for the "
                                "idle timeout (keys always do)")
    panel_watts: float | None = Field(None, gt=0, le=5000, description="The screen's power "
                                      "draw when lit, for kiosk stats' energy estimate")
    hdmi_cec: bool = Field(False, description="Also switch a TV to standby and on over "
                           "HDMI-CEC (needs cec-client and a CEC adapter)")


# ----- questions about time -------------------------------------------------------------------
def zone_of(hours: OpeningHours) -> dt.tzinfo:
    return zoneinfo.ZoneInfo(hours.time_zone)  # (ZoneInfo keeps its own cache by name)


def spans_on(hours: OpeningHours, day: dt.date) -> tuple[Span, ...]:
    """The opening spans of one local date: its exception's (the last one listed wins), else
    its weekday's."""
    for exception in reversed(hours.exceptions):
        if exception.date is not None and exception.covers(day):
            return tuple(exception.hours)
    return hours.weekly.on(day.weekday())


def local(hours: OpeningHours, at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None:
        raise ValueError("opening hours need an aware time (with its zone)")
    return at.astimezone(zone_of(hours))


def is_open(hours: OpeningHours, at: dt.datetime) -> bool:
    here = local(hours, at)
    minute = here.hour * 60 + here.minute
    return any(start <= minute < end for start, end in spans_on(hours, here.date()))


def _edges(hours: OpeningHours, day: dt.date) -> Iterator[dt.datetime]:
    zone = zone_of(hours)
    minutes = {0} | {m for span in spans_on(hours, day) for m in span if m < 24 * 60}
    for minute in sorted(minutes):
        yield dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=zone)


def next_change(hours: OpeningHours, at: dt.datetime) -> dt.datetime | None:
    """The first moment after `at` when open becomes closed or closed becomes open; None when
    nothing changes within a year (always open, or never)."""
    now_open = is_open(hours, at)
    here = local(hours, at)
    for offset in range(SCAN_DAYS):
        day = here.date() + dt.timedelta(days=offset)
        for edge in _edges(hours, day):
            if edge > here and is_open(hours, edge) != now_open:
                return edge
    return None


# ----- checks across fields (kiosk check) ------------------------------------------------------
def hours_checks(hours: OpeningHours | None, *, whole: bool = True) -> Iterator[Found]:
    """Findings about the hours as a whole. `whole`: the deck validated (a salvaged week lacks
    the days that failed, which are reported already)."""
    if hours is None:
        return
    at = ("deck", "display", "hours")
    missing = [d for d in WEEKDAYS if getattr(hours.weekly, d, None) is None]
    if whole and missing and len(missing) < len(WEEKDAYS):
        said = ", ".join(missing)
        yield ((*at, "weekly"), f"display.hours: no hours for {said}; the screen sleeps all day "
               f"then (write '{missing[0]}: closed' to say so, or give its hours)", "warning")
    seen: dict[dt.date, int] = {}
    for i, exception in enumerate(hours.exceptions):
        if exception.date is None:
            continue
        day, last = exception.date, exception.until or exception.date
        while day <= last:
            if day in seen:
                yield ((*at, "exceptions", i, "date"), f"display.hours: {day} has two "
                       f"exceptions (items {seen[day] + 1} and {i + 1}); expected one per date",
                       "error")
                break
            seen[day] = i
            day += dt.timedelta(days=1)
    never = whole and all(not hours.weekly.on(d) for d in range(7)) and \
        all(not e.hours for e in hours.exceptions)
    if never:
        yield ((*at, "weekly"), "display.hours: every day is closed; the screen would never "
               "wake by itself (expected opening hours on some day)", "warning")
