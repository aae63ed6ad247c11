"""The deck from a URL, kept offline: every version complete and valid before it counts.

Each poll checks `alert.yaml` and then the deck's version (version_fetch.py); only a version
that came whole and valid replaces the `current` pointer of the cache on disk (versions.py). A
failed or half-uploaded version leaves nothing behind; the last good version stays, at boot too,
for as long as the server is away, and the next poll waits as schedule.py says.

Times come from injected clocks and jitter from an injected random source, so hours of outage
run in a test in milliseconds.

A Fetcher belongs to the thread that polls: `state` is that thread's own, and each PollResult
carries a copy of it for the UI thread (which never reads the Fetcher's). `poll` cannot raise:
whatever a server sends, the poll thread lives on, and each kind of failure is logged once
until a poll succeeds again.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from kiosk.deck.settings import SourceSettings
from kiosk.fleet.http import FetchError, Getter, NotFound, Refused
from kiosk.fleet.payload import Once, describe
from kiosk.fleet.schedule import next_delay
from kiosk.fleet.version_fetch import SMALL_LIMIT, Invalid, Validator, fetch_version, parse_names
from kiosk.fleet.versions import FileMeta, VersionCache
from kiosk.ops.durable import write_now

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
    state: SourceState | None = None  # the source's state after this poll (a copy)


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
        self._said = Once()
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

    def snapshot(self) -> SourceState:
        """A copy of the state, safe to hand to another thread."""
        return dataclasses.replace(self.state)

    def poll(self, timeout: float | None = None) -> PollResult:
        """One poll; `timeout` (seconds per network wait) instead of the usual one for this
        poll alone: the first start asks with a shorter one. Never raises."""
        saved = self.getter.timeout
        if timeout is not None:
            self.getter.timeout = min(saved, timeout)
        try:
            return self._poll()
        except Exception as exc:  # noqa: BLE001  # a fault of ours must not end the poll thread
            message = f"{self.url}: {type(exc).__name__}: {describe(exc)}"
            try:
                return self._failed(message, answered=False, unexpected=True)
            except Exception:  # noqa: BLE001  # even the state cannot be kept: say it, go on
                log.exception("content source poll failed: %s", message)
                return PollResult(error=message)
        finally:
            self.getter.timeout = saved

    def _poll(self) -> PollResult:
        try:
            alert_changed, alert = self._poll_alert()
            deck = self._poll_deck()
        except (Invalid, Refused) as exc:
            return self._failed(str(exc) or type(exc).__name__, answered=True)
        except FetchError as exc:
            # Whichever file the failure came with (alert.yaml is asked first), an outage is
            # the deck's server not answering: say so, naming the deck.
            return self._failed(f"{self.url}: the content server failed ({exc.reason})",
                                answered=False)
        except OSError as exc:
            return self._failed(f"the content cache {self.cache}: {describe(exc)}",
                                answered=False)
        now = self.wall()
        self.state.failures = 0
        self.state.online = True
        self.state.last_success = now
        self.state.last_error = None
        quiet = self._said.reset()
        if quiet:
            log.info("content source %s answers again (%d repeated failures not logged)",
                     self.url, quiet)
        if deck is not None:
            self.state.version = deck.parent.name
            self.state.last_update = now
        return PollResult(deck=deck, alert_changed=alert_changed, alert=alert,
                          state=self.snapshot())

    def _failed(self, message: str, *, answered: bool, unexpected: bool = False) -> PollResult:
        self.state.failures += 1
        self.state.online = answered  # the server did answer (with something refused)
        self.state.last_error = message
        if self._said.first(message):
            if unexpected:
                log.error("content source poll failed: %s", message)
            elif answered:
                log.error("new version refused, the last good one stays: %s", message)
            else:
                log.warning("content source unreachable (%s); showing version %s", message,
                            self.state.version or "none (bundled deck)")
        return PollResult(error=message, state=self.snapshot())

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
        write_now(target, reply.body)
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
