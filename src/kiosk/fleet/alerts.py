"""Emergency alerts: what one says, where it came from, and its survival across restarts.

An alert comes over MQTT or as `alert.yaml` beside a URL deck (for sites without a broker). Each
origin holds at most one; the most severe (then the newest) unexpired one is on screen. The store
is a small JSON file replaced in one rename, so a power cut mid-write loses nothing, and a kiosk
restarted during an emergency shows the alert again until it expires or is cleared.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.deck.fields import Text

log = logging.getLogger(__name__)

Level = Literal["emergency", "warning", "info"]
Origin = Literal["mqtt", "source"]
LEVELS: tuple[Level, ...] = ("info", "warning", "emergency")


class Alert(BaseModel):
    """One alert as sent: title and text in both languages, a level, an optional expiry."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: Level = "emergency"
    title: Text
    text: Text | None = None
    expires: dt.datetime | None = Field(None, description="ISO 8601 with a time zone; "
                                        "none: until cleared")
    seconds: float | None = Field(None, gt=0, le=7 * 86400,
                                  description="Instead of expires: this long from arrival")
    id: str | None = Field(None, max_length=64)

    def expiry(self, received: float) -> float | None:
        if self.expires is not None:
            when = self.expires if self.expires.tzinfo else self.expires.astimezone()
            return when.timestamp()
        return received + self.seconds if self.seconds is not None else None


def parse_alert(data: Any) -> Alert:
    """An alert from decoded JSON or YAML; ValueError naming what is wrong otherwise."""
    try:
        alert = Alert.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'alert'}: {e['msg']}"
                            for e in exc.errors()[:5])
        raise ValueError(f"not an alert ({details})") from None
    except (RecursionError, OverflowError, TypeError) as exc:
        raise ValueError(f"not an alert ({type(exc).__name__})") from None
    try:  # a date at the calendar's edge cannot become a time: refused here, not when shown
        alert.expiry(0.0)
    except (OverflowError, ValueError, OSError) as exc:
        raise ValueError(f"not an alert (expires: {exc})") from None
    return alert


def read_source_alert(raw: bytes) -> Alert:
    """A server's alert.yaml, within the limits every network payload has; ValueError else."""
    from kiosk.fleet.payload import load_yaml

    return parse_alert(load_yaml(raw, 64 * 1024, "alert.yaml"))


class AlertStore:
    def __init__(self, path: Path, *, wall: Callable[[], float] = time.time) -> None:
        self.path = path
        self.wall = wall
        self._held: dict[str, tuple[Alert, float]] = {}  # origin -> (alert, received)
        self._load()

    def _load(self) -> None:
        self.flush()  # a write of this file still in flight (another store, a moment ago)
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            for origin, entry in raw.items():
                self._held[origin] = (parse_alert(entry["alert"]), float(entry["received"]))
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.error("%s: unreadable, starting without a stored alert (%s)", self.path, exc)
            self._held.clear()

    def _save(self) -> None:
        """Hand the store to the writer thread: the sync that makes it survive a power cut
        happens off the GUI thread."""
        from kiosk.ops.durable import WRITER

        data = {origin: {"alert": alert.model_dump(mode="json", exclude_none=True),
                         "received": received}
                for origin, (alert, received) in self._held.items()}
        WRITER.put(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                   self._not_saved)

    def _not_saved(self, path: Path, exc: OSError) -> None:
        log.error("cannot store the alert in %s: %s", path, exc)

    def flush(self, timeout: float = 2.0) -> bool:
        """Wait until what is held is on disk; False if it is not yet after `timeout` s."""
        from kiosk.ops.durable import WRITER

        return WRITER.settle(self.path, timeout)

    def set(self, alert: Alert, origin: Origin) -> None:
        self._held[origin] = (alert, self.wall())
        self._save()

    def clear(self, origin: Origin | None = None) -> bool:
        """Clear one origin's alert, or every alert; True when something was cleared."""
        gone = [o for o in self._held if origin in (None, o)]
        for name in gone:
            del self._held[name]
        if gone:
            self._save()
        return bool(gone)

    def active(self) -> Alert | None:
        """The alert to show now; expired ones are dropped on the way."""
        now = self.wall()
        expired = [o for o, (a, received) in self._held.items()
                   if (a.expiry(received) or now + 1) <= now]
        for origin in expired:
            log.info("alert from %s expired", origin)
            del self._held[origin]
        if expired:
            self._save()
        if not self._held:
            return None
        return max(self._held.values(), key=lambda e: (LEVELS.index(e[0].level), e[1]))[0]

    def next_expiry(self) -> float | None:
        """Wall-clock time the next alert expires, to wake up for it."""
        times = [t for a, received in self._held.values()
                 if (t := a.expiry(received)) is not None]
        return min(times) if times else None
