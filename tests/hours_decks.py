"""A deck with opening hours and the two clocks that drive it, for the opening-hours tests.

The week is Monday 2026-12-07 to Sunday 2026-12-13 in Seoul: Mondays closed (매주 월요일 휴관),
Tuesday to Friday 09:00-18:00, Thursday late until 21:00, Saturday 10:00-13:00 and 14:00-17:00,
Sunday closed; Wednesday 2026-12-09 a public holiday, Friday 2026-12-11 a late opening to 22:00.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kiosk.navigator.state import Navigator

SEOUL = ZoneInfo("Asia/Seoul")

HOURS = """\
  display:
    hours:
      time_zone: Asia/Seoul
      weekly:
        mon: closed
        tue: 09:00-18:00
        wed: 09:00-18:00
        thu: 09:00-21:00
        fri: 09:00-18:00
        sat: [10:00-13:00, 14:00-17:00]
        sun: closed
      exceptions:
        - date: 2026-12-09
          hours: closed
          note: 공휴일
        - date: 2026-12-11
          hours: 09:00-22:00
          note: late opening
      panel_watts: 120
"""

DECK = """\
deck:
  title: {ko: 안내, en: Welcome}
  idle_timeout: 60
  autoplay: AUTOPLAY
HOURS  sections:
    - id: main
      title: {ko: 본문, en: Main}
slides:
  - id: cover
    section: main
    layout: cover
    title: {ko: 표지, en: Cover}
  - id: two
    section: main
    layout: statement
    statement: {ko: 둘, en: Two}
  - id: three
    section: main
    layout: statement
    statement: {ko: 셋, en: Three}
"""


def deck_text(autoplay: bool = True, hours: str = HOURS) -> str:
    return DECK.replace("AUTOPLAY", "true" if autoplay else "false").replace("HOURS", hours)


def seoul(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of December 2026 on Seoul's clock."""
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=SEOUL)


class Clocks:
    """The monotonic clock and the wall clock, moved together as real time would move them."""

    def __init__(self, start: dt.datetime) -> None:
        self.mono = 5000.0
        self.wall = start.astimezone(dt.timezone.utc)

    def monotonic(self) -> float:
        return self.mono

    def utc(self) -> dt.datetime:
        return self.wall

    def advance(self, seconds: float) -> None:
        self.mono += seconds
        self.wall += dt.timedelta(seconds=seconds)

    def run_until(self, nav: Navigator, until: dt.datetime) -> None:
        """Let time pass the way the deadline driver would: sleep to each deadline, tick."""
        while True:
            deadline = nav.next_deadline()
            step = (until - self.wall).total_seconds()
            if deadline is not None:
                step = min(step, max(0.0, deadline - self.mono))
            if step <= 0 and self.wall >= until:
                return
            self.advance(max(step, 0.0))
            nav.tick()
