"""The kiosk's log file: begun anew once it would pass a size, the older ones kept beside it
(kiosk.log.1 the newest of them, up to kiosk.log.N), as logging.handlers.RotatingFileHandler
keeps them. Not that class itself: importing logging.handlers brings pickle, queue and the
socket and SMTP handlers with it, some 0.45 MB of a running kiosk's memory for handlers it never
uses."""

from __future__ import annotations

import logging
import os
from pathlib import Path


class RotatingFile(logging.FileHandler):
    """A log file of at most about `max_bytes` characters, with `backups` older files kept."""

    def __init__(self, path: Path, max_bytes: int, backups: int) -> None:
        super().__init__(path, mode="a", encoding="utf-8")
        self.max_bytes = max_bytes
        self.backups = backups

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full_with(record):
                self._rotate()
            super().emit(record)
        except Exception:  # noqa: BLE001 (logging's own rule: a failed record never raises)
            self.handleError(record)

    def _full_with(self, record: logging.LogRecord) -> bool:
        if self.max_bytes <= 0:
            return False
        if self.stream is None:
            self.stream = self._open()
        self.stream.seek(0, 2)  # Windows does not start an appended file at its end
        written = self.stream.tell()
        if not written:  # a line longer than the limit still goes into an empty file
            return False
        if written + len(f"{self.format(record)}{self.terminator}") < self.max_bytes:
            return False
        return os.path.isfile(self.baseFilename)  # never "rotate" a device or a pipe

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        base = self.baseFilename
        for number in range(self.backups - 1, 0, -1):
            older, oldest = f"{base}.{number}", f"{base}.{number + 1}"
            if os.path.exists(older):
                if os.path.exists(oldest):
                    os.remove(oldest)
                os.rename(older, oldest)
        if self.backups > 0:
            newest = f"{base}.1"
            if os.path.exists(newest):
                os.remove(newest)
            if os.path.exists(base):
                os.rename(base, newest)
        self.stream = self._open()  # with no backups kept, the same file goes on (as there)
