"""Proof-of-play summaries for the fleet: per slide, how often and how long, per period.

plays.jsonl on the kiosk keeps every event; over MQTT a kiosk sends one small summary per period
instead, so fifty lobbies cost the broker a few hundred bytes each every quarter hour.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from kiosk.navigator.state import Change, Navigator


class PlaySummary:
    def __init__(self, navigator: Navigator, *, clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time) -> None:
        self.nav = navigator
        self.clock = clock
        self.wall = wall
        self._start()
        self._on_screen = self._key()
        self._since = clock()
        self._covered = False
        navigator.subscribe(self._changed)

    def _start(self) -> None:
        self.started = self.wall()
        self.slides: dict[str, dict[str, float]] = {}
        self.interactions = 0
        self.alerts: list[dict[str, Any]] = []

    def _key(self) -> str | None:
        return None if self.nav.blank or self.nav.asleep else self.nav.slide.id

    def _close(self) -> None:
        now = self.clock()
        if self._on_screen is not None:
            entry = self.slides.setdefault(self._on_screen, {"shown": 0, "seconds": 0.0})
            entry["shown"] += 1
            entry["seconds"] = round(entry["seconds"] + now - self._since, 2)
        self._since = now
        self._on_screen = self._key()

    def _changed(self, change: Change) -> None:
        if change.kind in ("slide", "deck", "blank", "sleep") and not self._covered:
            self._close()

    def interaction(self, _kind: str) -> None:
        self.interactions += 1

    def alert(self, record: dict[str, Any]) -> None:
        self.alerts.append({"t": round(self.wall(), 3), **record})

    def take(self) -> dict[str, Any]:
        """The period's summary; the next period starts now."""
        self._close()
        summary = {"from": round(self.started, 3), "to": round(self.wall(), 3),
                   "slides": self.slides, "interactions": self.interactions,
                   "alerts": self.alerts}
        self._start()
        return summary

    def covered(self, on: bool) -> None:
        """While an alert covers the screen, the slide underneath is not being seen."""
        self._close()
        self._covered = on
        if on:
            self._on_screen = None
