"""When a slide may show: show_from / show_until (a date or a local date-time) and a daily window.

No Qt here; the navigator asks `visible(slide, now)` as time passes, and `kiosk check` asks the
checks below about windows that can never open or moments when nothing would show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Union

from kiosk.deck.model import DailyWindow, Deck, Slide

Found = tuple[tuple[Union[int, str], ...], str, str]  # evaluated at import: no | on 3.9


def _start(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time.min)


def _end(value: dt.date | dt.datetime) -> dt.datetime:
    """show_until is inclusive: a bare date means until the end of that day."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value + dt.timedelta(days=1), dt.time.min)


end_of = _end  # for `kiosk check`'s "show_until has passed"


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def in_daily(window: DailyWindow, now: dt.datetime) -> bool:
    start, end, t = _minutes(window.start), _minutes(window.end), now.hour * 60 + now.minute
    if start < end:
        return start <= t < end
    return t >= start or t < end  # a window across midnight, e.g. 22:00–06:00


def visible(slide: Slide, now: dt.datetime) -> bool:
    now = now.replace(tzinfo=None)
    if slide.show_from is not None and now < _start(slide.show_from):
        return False
    if slide.show_until is not None and now >= _end(slide.show_until):
        return False
    return slide.daily is None or in_daily(slide.daily, now)


def schedule_checks(deck: Deck) -> Iterator[Found]:
    for i, slide in enumerate(deck.slides):
        if slide.show_from is not None and slide.show_until is not None and \
                _end(slide.show_until) <= _start(slide.show_from):
            yield (("slides", i, "show_until"), f"slide '{slide.id}': show_until "
                   f"{slide.show_until} is not after show_from {slide.show_from}; the slide "
                   "could never show", "error")
        if slide.daily is not None and slide.daily.start == slide.daily.end:
            yield (("slides", i, "daily"), f"slide '{slide.id}': the daily window starts and "
                   f"ends at {slide.daily.start}; expected a window of some length", "error")
    if any(s.show_from or s.show_until or s.daily for s in deck.slides):
        gap = first_gap(deck)
        if gap is not None:
            yield (("slides",), f"no slide is scheduled at {gap:%Y-%m-%d %H:%M}; the kiosk will "
                   "show the first slide then rather than a black screen", "warning")


def first_gap(deck: Deck, today: dt.date | None = None) -> dt.datetime | None:
    """The first moment when no slide would show, or None.

    Visibility only changes at a show_from/show_until instant or a daily window's edge, so those
    instants (on every day a date boundary touches, and today) are all that need checking.
    """
    instants = {_start(v) for s in deck.slides for v in (s.show_from, s.show_until) if v}
    instants |= {_end(s.show_until) for s in deck.slides if s.show_until}
    minutes = {0} | {_minutes(t) for s in deck.slides if s.daily
                     for t in (s.daily.start, s.daily.end)}
    days = {i.date() for i in instants} | {today or dt.date.today()}
    days |= {d + dt.timedelta(days=1) for d in days}
    for day in days:
        for minute in minutes:
            instants.add(dt.datetime.combine(day, dt.time(minute // 60, minute % 60)))
    for moment in sorted(instants):
        if not any(visible(s, moment) for s in deck.slides):
            return moment
    return None
