"""`kiosk stats`' lit and asleep hours per day, and the energy the panel drew or did not.

From the sleep and wake records of plays.jsonl: the screen counts as lit from the first record
until a sleep, asleep until the next wake, and as neither from the kiosk's end (a `stop`, or the
last slide's record marked `stop`) until its next start: a PC switched off for the night or the
weekend lit nothing. Days are the kiosk PC's local days. The energy is the
deck's `panel_watts` times the hours: an estimate that leaves out a panel's standby draw.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict


class DisplayHours:
    def __init__(self) -> None:
        self.lit: defaultdict[dt.date, float] = defaultdict(float)  # seconds, by local day
        self.dark: defaultdict[dt.date, float] = defaultdict(float)
        self.watts: float | None = None
        self.sleeps: defaultdict[str, int] = defaultdict(int)  # by cause
        self.wakes: defaultdict[str, int] = defaultdict(int)
        self._events: list[tuple[float, str, dict[str, object]]] = []

    def add(self, t: float, event: str, record: dict[str, object]) -> None:
        self._events.append((t, event, record))

    @property
    def seen(self) -> bool:
        """Whether there is any time to show: a kiosk that ran only within its opening hours
        (or has none) slept never, and its lit hours are still its hours on."""
        return bool(self.lit or self.dark)

    def settle(self) -> None:
        asleep = False
        since: float | None = None
        for t, event, record in sorted(self._events, key=lambda e: e[0]):
            if since is not None:
                self._count(since, t, asleep)
            elif event == "slide":  # the first slide of a run: on screen for its seconds
                seconds = record.get("seconds")
                if isinstance(seconds, (int, float)) and not isinstance(seconds, bool):
                    self._count(t - max(0.0, float(seconds)), t, False)
            since = t
            if event == "stop" or record.get("stop") is True:
                since, asleep = None, False  # the kiosk ended; a new run starts lit unless said
                continue
            if event in ("sleep", "wake"):
                asleep = event == "sleep"
                cause = str(record.get("cause", "?"))
                (self.sleeps if asleep else self.wakes)[cause] += 1
                watts = record.get("watts")
                if isinstance(watts, (int, float)) and not isinstance(watts, bool):
                    self.watts = float(watts)

    def _count(self, start: float, end: float, asleep: bool) -> None:
        book = self.dark if asleep else self.lit
        while start < end:
            moment = dt.datetime.fromtimestamp(start)
            midnight = dt.datetime.combine(moment.date() + dt.timedelta(days=1), dt.time.min)
            upto = min(end, midnight.timestamp())
            book[moment.date()] += upto - start
            start = upto

    def lines(self) -> list[str]:
        if not self.seen:
            return []
        out = ["display by day (hours lit / asleep):"]
        for day in sorted(set(self.lit) | set(self.dark)):
            out.append(f"  {day:%Y-%m-%d %a}  {self.lit[day] / 3600:5.1f} / "
                       f"{self.dark[day] / 3600:5.1f}")
        causes = ", ".join(f"{k} {v}" for k, v in sorted(self.sleeps.items()))
        woke = ", ".join(f"{k} {v}" for k, v in sorted(self.wakes.items()))
        out.append(f"slept: {causes or 'never'}; woke: {woke or 'never'}")
        lit = sum(self.lit.values()) / 3600
        dark = sum(self.dark.values()) / 3600
        if self.watts:
            share = 100 * dark / (lit + dark) if lit + dark else 0.0
            out.append(f"energy: {lit * self.watts / 1000:.1f} kWh lit, "
                       f"{dark * self.watts / 1000:.1f} kWh saved asleep ({share:.0f} % of the "
                       f"time; panel {self.watts:g} W, standby draw not counted)")
        else:
            out.append("energy: no estimate (set deck.display.hours.panel_watts)")
        return out
