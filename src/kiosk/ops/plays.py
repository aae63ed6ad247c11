"""Proof of play: one JSON line per event in plays.jsonl, kept small by rotation.

Slides shown (id, language, seconds on screen, brought by autoplay or a visitor), interactions
(counted per kind, never their content), language changes, idle resets and deck reloads, and
the screen's sleep and wake with their cause (schedule, touch, key, command, alert, idle) and
the panel's wattage from the deck, for `kiosk stats`' hours and energy.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import deque
from pathlib import Path
from typing import Any

from kiosk.navigator.state import Change, Navigator

log = logging.getLogger(__name__)
MAX_BYTES = 2_000_000
BACKUPS = 3
# Records held in memory while the disk refuses them (a day of a busy lobby is a few thousand);
# past this the oldest go, and the line that says the disk is back counts them.
MAX_PENDING = 5000


class PlayLog:
    def __init__(self, path: Path, navigator: Navigator, *, clock: Any = time.monotonic,
                 wall: Any = time.time, max_bytes: int = MAX_BYTES,
                 max_pending: int = MAX_PENDING, shown_since: float | None = None,
                 on_screen: bool = True) -> None:
        # shown_since: when the slide on screen came up, by `clock` (default: now). on_screen
        # False: not drawn yet; `drawn()` says when it is, and no play is claimed before.
        self.path = path
        self.nav = navigator
        self.clock = clock
        self.wall = wall
        self.max_bytes = max_bytes
        self._shown_since: float | None = None
        if on_screen:
            self._shown_since = clock() if shown_since is None else shown_since
        self._whole = False  # the file's last line is known to be complete
        self._shown = (navigator.slide.id, navigator.shown, "autoplay")
        self._pending: deque[str] = deque(maxlen=max_pending)  # not yet on disk
        self._lost = 0  # dropped from _pending while the disk refused
        self._failure: str | None = None
        navigator.subscribe(self._on_change)
        if navigator.asleep:  # started in the night: asleep from the start, said so
            self._sleep_record()

    def write(self, event: str, **fields: Any) -> None:
        """Append one record. While the disk refuses, records wait in memory (the oldest go
        past MAX_PENDING) and every later write tries again; the failure and the recovery are
        each logged once, so proof of play never stops without a word."""
        record = {"t": round(self.wall(), 3), "event": event, **fields}
        if len(self._pending) == self._pending.maxlen:
            self._lost += 1
        self._pending.append(json.dumps(record, ensure_ascii=False) + "\n")
        try:
            self._append("".join(self._pending))
        except OSError as exc:
            self._whole = False  # this write may itself have torn the line
            # a full or read-only disk must never stop the screen
            if self._failure is None:
                log.error("proof of play: cannot write %s (%s); records are kept in memory "
                          "(up to %d) and written when it works again", self.path, exc,
                          self._pending.maxlen)
            self._failure = str(exc)
            return
        if self._failure is not None:
            log.warning("proof of play: %s is written again (%d records kept meanwhile%s)",
                        self.path, len(self._pending),
                        f", {self._lost} oldest lost" if self._lost else "")
            self._failure = None
            self._lost = 0
        self._pending.clear()

    @property
    def failing(self) -> str | None:
        """Why records cannot be written now (None: they are)."""
        return self._failure

    def _append(self, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._rotate()
        with self.path.open("a+b") as f:
            if not self._whole:
                # A power cut or a full disk can leave a torn last line; end it, or this
                # record would be glued to it and lost with it.
                f.seek(0, os.SEEK_END)
                if f.tell() > 0:
                    f.seek(-1, os.SEEK_END)
                    if f.read(1) != b"\n":
                        f.write(b"\n")
                self._whole = True
            start = f.tell()
            try:
                f.write(text.encode("utf-8"))
                f.flush()
            except OSError:
                # Half written (a full disk): take the half back, or the retry would write
                # those records twice. If even that fails, the torn-line rule above ends it.
                try:
                    f.truncate(start)
                except OSError:
                    self._whole = False
                raise

    def _rotate(self) -> None:
        try:
            if self.path.stat().st_size < self.max_bytes:
                return
        except OSError:
            return
        for i in range(BACKUPS - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{i}")
            if older.exists():
                older.replace(self.path.with_name(f"{self.path.name}.{i + 1}"))
        self.path.replace(self.path.with_name(f"{self.path.name}.1"))

    def interaction(self, kind: str) -> None:
        self.write("interaction", kind=kind)

    def drawn(self, since: float | None = None) -> None:
        """The first frame has reached the screen (at `since`, default now): the slide's time
        starts then."""
        if self._shown_since is None:
            self._shown_since = self.clock() if since is None else since

    def _close_shown(self, **extra: Any) -> None:
        if self._shown_since is None:  # never drawn: no play to claim
            return
        slide, lang, by = self._shown
        now = self.clock()
        self.write("slide", id=slide, lang=lang, seconds=round(now - self._shown_since, 2), by=by,
                   **extra)
        self._shown_since = now

    def _sleep_record(self) -> None:
        state = self.nav.sleep.state
        hours = self.nav.sleep.hours
        watts = {"watts": hours.panel_watts} if hours and hours.panel_watts else {}
        self.write("sleep" if state.asleep else "wake", cause=state.cause, **watts)

    def _on_change(self, change: Change) -> None:
        if change.kind == "sleep":
            if self.nav.asleep:
                self._close_shown()  # the slide's time ends with the light
            else:
                self._shown_since = self.clock()
                self._shown = (self.nav.slide.id, self.nav.shown, "autoplay")
            self._sleep_record()
            return
        if self.nav.asleep:  # nothing is shown while asleep
            if change.kind == "deck":
                self.write("reload", slides=self.nav.count)
            return
        if change.kind in ("slide", "language", "deck"):
            by = "autoplay" if change.source in ("autoplay", "idle") else "visitor"
            now_shown = (self.nav.slide.id, self.nav.shown)
            if change.kind == "slide" and self._shown[:2] == now_shown:
                # Already recorded as on screen: a new version arriving with this turn told
                # us first. Only who brought it is new.
                self._shown = (*now_shown, by)
            else:
                self._close_shown()
                self._shown = (*now_shown, by)
        if change.kind == "language" and change.source == "visitor":
            self.write("language", lang=self.nav.shown)
        if change.kind == "slide" and change.source == "idle":
            self.write("idle_reset")
        if change.kind == "deck":
            self.write("reload", slides=self.nav.count)

    def close(self) -> None:
        # The kiosk's end, for the stats: until its next start the screen was not its to light
        if self.nav.asleep:
            self.write("stop")  # ends the last asleep stretch
        else:
            self._close_shown(stop=True)  # ends the last slide and the lit stretch
