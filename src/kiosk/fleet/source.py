"""The deck from a URL, kept offline: every version complete and valid before it counts.

Each poll checks `alert.yaml` and then the deck's version (version_fetch.py); only a version
that came whole and valid replaces the `current` pointer of the cache on disk (versions.py). A
failed or half-uploaded version leaves nothing behind; the last good version stays, at boot too,
for as long as the server is away, and the next poll waits as schedule.py says.

Times come from injected clocks and jitter from an injected random source, so hours of outage
run in a test in milliseconds.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from kiosk.deck.settings import SourceSettings
from kiosk.fleet.http import FetchError, Getter, NotFound, Refused
from kiosk.fleet.schedule import next_delay
from kiosk.fleet.version_fetch import SMALL_LIMIT, Invalid, Validator, fetch_version, parse_names
from kiosk.fleet.versions import FileMeta, VersionCache, write_atomically

log = logging.getLogger(__name__)

ALERT = "alert.yaml"


@dataclass
class SourceState:
    """What the status message says about the content source."""

    url: str
    version: str | None = None
    online: bool | None = None  # None: not asked yet
    last_success: float | None = None  # wall-clock time of the last poll that reached the server
    last_update: float | None = None  # ... and of the last new version
    last_error: str | None = None
    failures: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"url": self.url, "version": self.version,
                "state": {None: "starting", True: "online", False: "offline"}[self.online],
                "last_success": self.last_success, "last_update": self.last_update,
                "last_error": self.last_error}


@dataclass(frozen=True)
class PollResult:
    deck: Path | None = None  # a new complete, valid version's deck file
    alert_changed: bool = False
    alert: bytes | None = None  # alert.yaml's text when it changed; None: there is none
    error: str | None = None


class Fetcher:
    def __init__(self, url: str, cache: Path, *, validate: Validator | None = None,
                 wall: Callable[[], float] = time.time,
                 clock: Callable[[], float] = time.monotonic,
                 rand: Callable[[], float] = random.random, timeout: float = 15.0) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{url}: expected an http:// or https:// address of a deck file")
        self.url = url
        self.deck_name = Path(parts.path).name or "slides.yaml"
        self.cache = cache
        self.store = VersionCache(cache, self.deck_name)
        self.validate = validate
        self.wall = wall
        self.rand = rand
        self.settings = SourceSettings()
        self.state = SourceState(url)
        self.getter = Getter(timeout=timeout, clock=clock)
        self._alert_meta = FileMeta()
        current = self.current()
        if current is not None:
            self.state.version = current.parent.name
            self._adopt_settings(current)

    def current(self) -> Path | None:
        """The deck file of the last good version, or None before the first complete fetch."""
        return self.store.current()

    def cached_alert(self) -> bytes | None:
        try:
            return (self.cache / ALERT).read_bytes()
        except OSError:
            return None

    def next_delay(self) -> float:
        """Seconds until the next poll: the deck's interval with jitter, or back-off on failure."""
        return next_delay(self.settings.interval, self.state.failures, self.rand)

    def poll(self) -> PollResult:
        try:
            alert_changed, alert = self._poll_alert()
            deck = self._poll_deck()
        except (FetchError, OSError) as exc:
            message = str(exc) or type(exc).__name__
            self.state.failures += 1
            self.state.online = isinstance(exc, (Invalid, Refused))  # the server did answer
            self.state.last_error = message
            if isinstance(exc, (Invalid, Refused)):
                log.error("new version refused, the last good one stays: %s", message)
            else:
                log.warning("content source unreachable (%s); showing version %s", message,
                            self.state.version or "none (bundled deck)")
            return PollResult(error=message)
        now = self.wall()
        self.state.failures = 0
        self.state.online = True
        self.state.last_success = now
        self.state.last_error = None
        if deck is not None:
            self.state.version = deck.parent.name
            self.state.last_update = now
        return PollResult(deck=deck, alert_changed=alert_changed, alert=alert)

    def _poll_alert(self) -> tuple[bool, bytes | None]:
        target = self.cache / ALERT
        meta = self._alert_meta if target.exists() else FileMeta()
        try:
            reply = self.getter.get(urljoin(self.url, ALERT), SMALL_LIMIT, meta.etag,
                                    meta.modified)
        except NotFound:
            if target.exists():
                target.unlink()
                self._alert_meta = FileMeta()
                return True, None
            return False, None
        if reply.body is None:
            return False, None
        if target.exists() and target.read_bytes() == reply.body:
            self._alert_meta = FileMeta(reply.etag, reply.modified)
            return False, None
        write_atomically(target, reply.body)
        self._alert_meta = FileMeta(reply.etag, reply.modified)
        return True, reply.body

    def _poll_deck(self) -> Path | None:
        limit = int(self.settings.max_file_mb * 1024 * 1024)
        deck = fetch_version(self.getter, self.url, self.store, limit, self.validate)
        if deck is not None:
            self._adopt_settings(deck)
            log.info("content version %s from %s is complete and valid", deck.parent.name,
                     self.url)
        return deck

    def _adopt_settings(self, deck_file: Path) -> None:
        try:
            deck = parse_names(deck_file.read_bytes(), deck_file, str(deck_file))
        except (OSError, FetchError):
            return
        self.settings = deck.deck.source
        self.getter.set_ca_file(self.settings.ca_file)
