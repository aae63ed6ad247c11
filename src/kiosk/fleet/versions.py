"""The content cache on disk: complete versions side by side and one `current` pointer.

Each version is a folder under `versions/` named by the digest of its files, with `.meta.json`
recording every file's ETag, Last-Modified and SHA-256 for the next conditional poll. A version
becomes current by replacing the pointer in one rename, so a crash never leaves half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.ops.durable import write_now

META = ".meta.json"
KEEP_VERSIONS = 3  # the one on screen, the one before, and one to fall back on


@dataclass
class FileMeta:
    """What the server said of one file, and its digest: enough to ask only for changes."""

    etag: str | None = None
    modified: str | None = None
    sha256: str = ""


def default_cache(url: str, base: Path) -> Path:
    """One cache folder per deck URL, so two sources never mix their versions."""
    return base / hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


class VersionCache:
    def __init__(self, folder: Path, deck_name: str) -> None:
        self.folder = folder
        self.deck_name = deck_name

    @property
    def versions(self) -> Path:
        return self.folder / "versions"

    def current(self) -> Path | None:
        """The deck file of the last good version, or None before the first complete fetch."""
        try:
            name = (self.folder / "current").read_text(encoding="utf-8").strip()
        except OSError:
            return None
        deck = self.versions / name / self.deck_name
        return deck if name and deck.is_file() else None

    def meta(self, version: Path | None) -> dict[str, FileMeta]:
        """The files of the version whose deck file is `version`, as recorded when it came."""
        if version is None:
            return {}
        try:
            raw = json.loads((version.parent / META).read_text(encoding="utf-8"))
            return {name: FileMeta(**value) for name, value in raw.items()}
        except (OSError, ValueError, TypeError):
            return {}

    def staging(self) -> Path:
        """A fresh folder beside the versions, so a finished one moves in by a rename."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="staging-", dir=self.folder))

    def commit(self, staging: Path, files: dict[str, FileMeta]) -> Path:
        """The staged folder made the current version; returns its deck file."""
        digest = hashlib.sha256(json.dumps(
            sorted((n, m.sha256) for n, m in files.items())).encode()).hexdigest()[:16]
        (staging / META).write_text(json.dumps(
            {n: vars(m) for n, m in files.items()}), encoding="utf-8")
        self.versions.mkdir(exist_ok=True)
        target = self.versions / digest
        if not target.exists():
            os.rename(staging, target)
        write_now(self.folder / "current", digest.encode())
        self._prune(digest)
        return target / self.deck_name

    def _prune(self, keep: str) -> None:
        folders = sorted((p for p in self.versions.iterdir() if p.is_dir()),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [p for p in folders if p.name != keep][KEEP_VERSIONS - 1:]:
            shutil.rmtree(old, ignore_errors=True)
