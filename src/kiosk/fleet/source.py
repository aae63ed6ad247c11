"""The deck from a URL, kept offline: every version complete and valid before it counts.

A poll asks the server conditionally (ETag / If-Modified-Since) for `manifest.json` (optional,
SHA-256 per file), the deck and every image it names, filling a staging folder beside the cache.
Only when every file is there, within its size limit, matching the manifest, and the deck passes
the loader's checks (and the image checks handed in) is the folder renamed into `versions/` and
the `current` pointer replaced in one rename. A failed or half-uploaded version leaves nothing
behind; the last good version stays, at boot too, for as long as the server is away.

Times come from injected clocks and jitter from an injected random source, so hours of outage
run in a test in milliseconds.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from kiosk.deck import DeckError, LoadedDeck, Problem, parse_deck
from kiosk.deck.checks import image_paths, resolve_image
from kiosk.deck.model import Deck
from kiosk.deck.settings import SourceSettings
from kiosk.fleet.http import FetchError, Getter, NotFound, Refused

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
ALERT = "alert.yaml"
META = ".meta.json"
KEEP_VERSIONS = 3  # the one on screen, the one before, and one to fall back on
JITTER = 0.1  # a tenth of the interval, so fifty kiosks started together spread out
BACKOFF_FIRST = 10.0
BACKOFF_MAX = 900.0
SMALL_LIMIT = 1024 * 1024  # the manifest and alert.yaml are small by nature

Validator = Callable[[LoadedDeck], list[Problem]]


class Invalid(FetchError):
    """The new version is there but not valid: the last good one stays."""


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


@dataclass
class _FileMeta:
    etag: str | None = None
    modified: str | None = None
    sha256: str = ""


@dataclass
class _Staging:
    folder: Path
    files: dict[str, _FileMeta] = field(default_factory=dict)
    changed: bool = False


def default_cache(url: str, base: Path) -> Path:
    """One cache folder per deck URL, so two sources never mix their versions."""
    return base / hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


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
        self.validate = validate
        self.wall = wall
        self.rand = rand
        self.settings = SourceSettings()
        self.state = SourceState(url)
        self.getter = Getter(timeout=timeout, clock=clock)
        self._alert_meta = _FileMeta()
        current = self.current()
        if current is not None:
            self.state.version = current.parent.name
            self._adopt_settings(current)

    # ----- the cache ---------------------------------------------------------------------------
    @property
    def versions(self) -> Path:
        return self.cache / "versions"

    def current(self) -> Path | None:
        """The deck file of the last good version, or None before the first complete fetch."""
        try:
            name = (self.cache / "current").read_text(encoding="utf-8").strip()
        except OSError:
            return None
        deck = self.versions / name / self.deck_name
        return deck if name and deck.is_file() else None

    def cached_alert(self) -> bytes | None:
        try:
            return (self.cache / ALERT).read_bytes()
        except OSError:
            return None

    def _meta(self, version: Path | None) -> dict[str, _FileMeta]:
        if version is None:
            return {}
        try:
            raw = json.loads((version.parent / META).read_text(encoding="utf-8"))
            return {name: _FileMeta(**value) for name, value in raw.items()}
        except (OSError, ValueError, TypeError):
            return {}

    # ----- timing ------------------------------------------------------------------------------
    def next_delay(self) -> float:
        """Seconds until the next poll: the deck's interval with jitter, or back-off on failure."""
        if self.state.failures == 0:
            interval = self.settings.interval
            return interval * (1 - JITTER / 2 + JITTER * self.rand())
        ceiling = max(BACKOFF_MAX, self.settings.interval)
        base = min(ceiling, BACKOFF_FIRST * 2 ** (self.state.failures - 1))
        return base * (0.5 + 0.5 * self.rand())  # jittered so a fleet does not retry in step

    # ----- one poll ----------------------------------------------------------------------------
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

    def _url(self, name: str) -> str:
        return urljoin(self.url, name)

    def _poll_alert(self) -> tuple[bool, bytes | None]:
        target = self.cache / ALERT
        meta = self._alert_meta if target.exists() else _FileMeta()
        try:
            reply = self.getter.get(self._url(ALERT), SMALL_LIMIT, meta.etag, meta.modified)
        except NotFound:
            if target.exists():
                target.unlink()
                self._alert_meta = _FileMeta()
                return True, None
            return False, None
        if reply.body is None:
            return False, None
        if target.exists() and target.read_bytes() == reply.body:
            self._alert_meta = _FileMeta(reply.etag, reply.modified)
            return False, None
        _write_atomically(target, reply.body)
        self._alert_meta = _FileMeta(reply.etag, reply.modified)
        return True, reply.body

    def _poll_deck(self) -> Path | None:
        current = self.current()
        old = self._meta(current)
        limit = int(self.settings.max_file_mb * 1024 * 1024)
        self.cache.mkdir(parents=True, exist_ok=True)
        staging = _Staging(Path(tempfile.mkdtemp(prefix="staging-", dir=self.cache)))
        try:
            manifest = self._fetch_manifest(staging, old, current)
            if manifest is not None and not staging.changed and current is not None:
                return None  # the manifest is the whole version's fingerprint: nothing new
            raw = self._fetch(staging, self.deck_name, old, current, manifest, limit)
            deck = _parse_names(raw, staging.folder / self.deck_name, self.url)
            for _, name in image_paths(deck):
                safe = _safe_name(name, staging.folder)
                try:
                    body = self._fetch(staging, safe, old, current, manifest, limit)
                except NotFound as exc:
                    raise Invalid(f"{exc}: the upload is not complete yet") from None
                if _truncated(body):
                    raise Invalid(f"image '{name}' is cut short; the upload is not complete yet")
            if current is not None and not staging.changed and set(staging.files) == set(old):
                return None
            self._check(staging.folder / self.deck_name, raw)
            return self._commit(staging)
        finally:
            shutil.rmtree(staging.folder, ignore_errors=True)

    def _fetch_manifest(self, staging: _Staging, old: dict[str, _FileMeta],
                        current: Path | None) -> dict[str, str] | None:
        try:
            raw = self._fetch(staging, MANIFEST, old, current, None, SMALL_LIMIT)
        except NotFound:
            return None
        try:
            data = json.loads(raw)
            files = data["files"]
            if not isinstance(files, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) and len(v) == 64
                    for k, v in files.items()):
                raise ValueError("'files' must map names to SHA-256 hex digests")
        except (ValueError, KeyError, TypeError) as exc:
            raise Invalid(f"{self._url(MANIFEST)}: not a manifest ({exc})") from None
        return {k: v.lower() for k, v in files.items()}

    def _fetch(self, staging: _Staging, name: str, old: dict[str, _FileMeta],
               current: Path | None, manifest: dict[str, str] | None, limit: int) -> bytes:
        """One file into the staging folder: reused from the current version when unchanged."""
        if name in staging.files:
            return (staging.folder / name).read_bytes()
        target = staging.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        previous = old.get(name)
        kept = current.parent / name if current is not None and previous is not None else None
        wanted = manifest.get(name) if manifest is not None else None
        if manifest is not None and name != MANIFEST and wanted is None:
            raise Invalid(f"{name} is not in {MANIFEST}; the upload is not complete")
        if wanted is not None and previous is not None and previous.sha256 == wanted \
                and kept is not None and kept.is_file():
            body = kept.read_bytes()  # the manifest says it is unchanged: no request at all
            meta = previous
        else:
            usable = previous if kept is not None and kept.is_file() else None
            reply = self.getter.get(self._url(name), limit, usable.etag if usable else None,
                                    usable.modified if usable else None)
            if reply.body is None:
                assert kept is not None
                body = kept.read_bytes()
            else:
                body = reply.body
            meta = _FileMeta(reply.etag, reply.modified, hashlib.sha256(body).hexdigest())
        if wanted is not None and meta.sha256 != wanted:
            raise Invalid(f"{name}: its SHA-256 does not match {MANIFEST}; "
                          "the upload is not complete yet")
        if previous is None or previous.sha256 != meta.sha256:
            staging.changed = True
        target.write_bytes(body)
        staging.files[name] = meta
        return body

    def _check(self, deck_file: Path, raw: bytes) -> None:
        try:
            loaded = parse_deck(raw, deck_file)
        except DeckError as exc:
            raise Invalid("the deck is not valid:\n"
                          + str(exc).replace(str(deck_file), self.url)) from None
        problems = [p for p in (self.validate(loaded) if self.validate else [])
                    if p.severity == "error"]
        if problems:
            raise Invalid("\n".join(str(p) for p in problems).replace(str(deck_file), self.url))

    def _commit(self, staging: _Staging) -> Path:
        digest = hashlib.sha256(json.dumps(
            sorted((n, m.sha256) for n, m in staging.files.items())).encode()).hexdigest()[:16]
        (staging.folder / META).write_text(json.dumps(
            {n: vars(m) for n, m in staging.files.items()}), encoding="utf-8")
        self.versions.mkdir(exist_ok=True)
        target = self.versions / digest
        if not target.exists():
            os.rename(staging.folder, target)
        _write_atomically(self.cache / "current", digest.encode())
        self._prune(digest)
        deck = target / self.deck_name
        self._adopt_settings(deck)
        log.info("content version %s from %s is complete and valid", digest, self.url)
        return deck

    def _prune(self, keep: str) -> None:
        folders = sorted((p for p in self.versions.iterdir() if p.is_dir()),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [p for p in folders if p.name != keep][KEEP_VERSIONS - 1:]:
            shutil.rmtree(old, ignore_errors=True)

    def _adopt_settings(self, deck_file: Path) -> None:
        try:
            deck = _parse_names(deck_file.read_bytes(), deck_file, str(deck_file))
        except (OSError, FetchError):
            return
        self.settings = deck.deck.source
        self.getter.set_ca_file(self.settings.ca_file)


def _parse_names(raw: bytes, path: Path, shown: str) -> Deck:
    """The deck's model without the cross checks (its images are not fetched yet)."""
    from pydantic import ValidationError

    from kiosk.deck.yamlsource import read_yaml

    source, _ = read_yaml(raw, str(path))
    try:
        if source is None:
            raise ValueError("not YAML")
        return Deck.model_validate(source.data)
    except (ValidationError, ValueError, RecursionError):
        try:
            parse_deck(raw, path)
        except DeckError as exc:
            raise Invalid(f"the deck is not valid:\n{str(exc).replace(str(path), shown)}") \
                from None
        raise Invalid(f"{shown}: the deck is not valid") from None


def _safe_name(name: str, folder: Path) -> str:
    """A file the deck names, as a path inside its folder; anything else is refused."""
    parts = urlsplit(name)
    if parts.scheme or parts.netloc or parts.query or parts.fragment or "%" in name \
            or "\\" in name or resolve_image(folder, name) is None:
        raise Refused(f"image '{name}' escapes the deck's folder; refused")
    return Path(name).as_posix()


def _truncated(body: bytes) -> bool:
    """A PNG or JPEG still being uploaded: its header reads fine, its end is missing."""
    if body.startswith(b"\x89PNG"):
        return b"IEND" not in body[-64:]
    if body.startswith(b"\xff\xd8"):
        return b"\xff\xd9" not in body[-1024:]
    return False


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
