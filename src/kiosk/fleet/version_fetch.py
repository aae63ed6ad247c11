"""One version fetched whole into a staging folder, checked, then handed to the cache.

The server is asked conditionally (ETag / If-Modified-Since) for `manifest.json` (optional,
SHA-256 per file), the deck and every image it names; a file the current version already holds
unchanged is copied from it. Only when every file is there, within its size limit, matching the
manifest, and the deck passes the loader's checks (and the image checks handed in) does the
folder become a version. Anything short of that raises, and the staging folder goes.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from kiosk.deck import DeckError, LoadedDeck, Problem, parse_deck
from kiosk.deck.checks import image_paths, resolve_image
from kiosk.deck.model import Deck
from kiosk.fleet.http import FetchError, Getter, NotFound, Refused
from kiosk.fleet.payload import load_json
from kiosk.fleet.versions import FileMeta, VersionCache

MANIFEST = "manifest.json"
SMALL_LIMIT = 1024 * 1024  # the manifest and alert.yaml are small by nature

Validator = Callable[[LoadedDeck], list[Problem]]


class Invalid(FetchError):
    """The new version is there but not valid: the last good one stays."""


def fetch_version(getter: Getter, url: str, cache: VersionCache, limit: int,
                  validate: Validator | None) -> Path | None:
    """The deck file of a new complete, valid version now current, or None when nothing changed."""
    current = cache.current()
    staging = _Staging(getter, url, cache.staging(), current, cache.meta(current))
    deck_name = cache.deck_name
    try:
        manifest = staging.fetch_manifest()
        if manifest is not None and not staging.changed and current is not None:
            return None  # the manifest is the whole version's fingerprint: nothing new
        raw = staging.fetch(deck_name, limit)
        deck = parse_names(raw, staging.folder / deck_name, url)
        for _, name in image_paths(deck):
            safe = _safe_name(name, staging.folder)
            try:
                body = staging.fetch(safe, limit)
            except NotFound as exc:
                raise Invalid(f"{exc}: the upload is not complete yet") from None
            if _truncated(body):
                raise Invalid(f"image '{name}' is cut short; the upload is not complete yet")
        if current is not None and not staging.changed and set(staging.files) == set(staging.old):
            return None
        _check(staging.folder / deck_name, raw, url, validate)
        return cache.commit(staging.folder, staging.files)
    finally:
        shutil.rmtree(staging.folder, ignore_errors=True)


class _Staging:
    """The files of the version being fetched, and whether any differs from the current one."""

    def __init__(self, getter: Getter, url: str, folder: Path, current: Path | None,
                 old: dict[str, FileMeta]) -> None:
        self.getter = getter
        self.url = url
        self.folder = folder
        self.current = current
        self.old = old
        self.manifest: dict[str, str] | None = None
        self.files: dict[str, FileMeta] = {}
        self.changed = False

    def fetch_manifest(self) -> dict[str, str] | None:
        try:
            raw = self.fetch(MANIFEST, SMALL_LIMIT)
        except NotFound:
            return None
        try:
            data = load_json(raw, SMALL_LIMIT)
            files = data["files"]
            if not isinstance(files, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) and len(v) == 64
                    for k, v in files.items()):
                raise ValueError("'files' must map names to SHA-256 hex digests")
        except (ValueError, KeyError, TypeError) as exc:
            raise Invalid(f"{urljoin(self.url, MANIFEST)}: not a manifest ({exc})") from None
        self.manifest = {k: v.lower() for k, v in files.items()}
        return self.manifest

    def fetch(self, name: str, limit: int) -> bytes:
        """One file into the staging folder: reused from the current version when unchanged."""
        if name in self.files:
            return (self.folder / name).read_bytes()
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        previous = self.old.get(name)
        current = self.current
        manifest = self.manifest
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
            reply = self.getter.get(urljoin(self.url, name), limit,
                                    usable.etag if usable else None,
                                    usable.modified if usable else None)
            if reply.body is None:
                assert kept is not None
                body = kept.read_bytes()
            else:
                body = reply.body
            meta = FileMeta(reply.etag, reply.modified, hashlib.sha256(body).hexdigest())
        if wanted is not None and meta.sha256 != wanted:
            raise Invalid(f"{name}: its SHA-256 does not match {MANIFEST}; "
                          "the upload is not complete yet")
        if previous is None or previous.sha256 != meta.sha256:
            self.changed = True
        target.write_bytes(body)
        self.files[name] = meta
        return body


def _check(deck_file: Path, raw: bytes, url: str, validate: Validator | None) -> None:
    try:
        loaded = parse_deck(raw, deck_file)
    except DeckError as exc:
        raise Invalid("the deck is not valid:\n"
                      + str(exc).replace(str(deck_file), url)) from None
    problems = [p for p in (validate(loaded) if validate else []) if p.severity == "error"]
    if problems:
        raise Invalid("\n".join(str(p) for p in problems).replace(str(deck_file), url))


def parse_names(raw: bytes, path: Path, shown: str) -> Deck:
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
