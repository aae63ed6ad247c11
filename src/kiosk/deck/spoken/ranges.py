"""When two values make a range: of one kind (two dates, two times, two days, two floors,
two amounts of one unit), in order, a bare number taking the kind of the other end (18~28일 is
days, 9~18시 hours, 5~7층 floors)."""

from __future__ import annotations

from dataclasses import replace

from kiosk.deck.spoken.nodes import Clock, Date, Floor, Num, Range, Value, Weekday
from kiosk.deck.spoken.reader import is_year


def ambiguous_dash(start: Value, end: Value) -> bool:
    """2133-8462: two four-digit numbers joined by a hyphen that are not years could be a phone
    number without its area code as well as a range: leave it to dash_chain to report."""
    return isinstance(start, Num) and isinstance(end, Num) and start.bare and end.bare and \
        len(start.written) == 4 and len(end.written) == 4 and \
        not (is_year(start.written) and is_year(end.written))


def kind_of(value: Value) -> type:
    """Amounts and floors, days and dates: what can be compared at all."""
    return Num if isinstance(value, (Num, Floor)) else type(value)


def _floor_level(floor: Floor) -> int:
    return -floor.level if floor.basement else floor.level


def join(start: Value, end: Value) -> Range | None:
    """The range of two values, or None when they are not of one kind (or run backwards)."""
    if isinstance(start, Num) and isinstance(end, Num):
        if not (start.bare or (start.unit, start.counter) == (end.unit, end.counter)):
            return None
        return Range(start, end) if start.value <= end.value else None
    if isinstance(start, Num) and start.bare and not start.sign and "." not in start.written \
            and "," not in start.written:
        n = int(start.written)
        if isinstance(end, Floor):
            return Range(Floor(n), end) if n <= end.level else None
        if isinstance(end, Clock) and n <= end.hour and (end.minute is None or
                                                          end.half is not None):
            return Range(Clock(n, None, end.half, end.clock24), end)  # 2–4 pm, 9–11:30 am
        if isinstance(end, Date):
            return _date_from_number(n, end)
        return None
    if isinstance(start, Floor) and isinstance(end, Floor):
        return Range(start, end) if start != end else None  # B1–B3 goes down: either way
    if isinstance(start, Clock) and isinstance(end, Clock):
        if start.half is None and end.half is not None and 1 <= start.hour <= end.hour < 12 \
                and not (start.clock24 and start.hour < 10):
            # 2:00–4:00 pm, 10:00 – 10:15 pm: one half of the day written once, at the end
            # (not 01:00~오후 1시: an hour written with its leading zero is its own half)
            return Range(replace(start, half=end.half, clock24=False), end)
        if start.clock24 or end.clock24:
            return Range(start.as_24(), end.as_24())
        if start.half is not None and end.half is None and start.hour <= end.hour < 12:
            return Range(start, replace(end, half=start.half))  # 오후 2시~4시
        return Range(start, end)
    if isinstance(start, Weekday) and isinstance(end, Weekday):
        return Range(start, end)
    if isinstance(start, Date) and isinstance(end, Date):
        return Range(start, end) if _date_order(start, end) else None
    if isinstance(start, Date) and isinstance(end, Num) and end.counter in (None, "일") and \
            start.day is not None and not end.sign and end.written.isdigit():
        day = int(end.written)  # Dec 18–28, 12월 18~28일
        return Range(start, Date(None, None, day, start.style)) if start.day <= day <= 31 \
            else None
    return None


def _date_from_number(n: int, end: Date) -> Range | None:
    """18~28일 is days, 5~11월 months, 2019~2021년 years: the number is what the date ends in."""
    if end.day is not None:
        if end.style in ("mdy", "numeric") or not 1 <= n <= end.day:
            return None
        return Range(Date(None, None, n, end.style), end)
    if end.month is not None:
        return Range(Date(None, n, None, end.style), end) if 1 <= n <= end.month else None
    if end.year is not None and 1900 <= n <= end.year:
        return Range(Date(n, None, None, end.style), end)
    return None


def _date_order(a: Date, b: Date) -> bool:
    first = (a.year or 0, a.month or 0, a.day or 0)
    second = (b.year or first[0], b.month or 0, b.day or 0)
    if a.year is None or b.year is None:
        return True  # 12월 18일 ~ 1월 3일 crosses a new year
    return first <= second
