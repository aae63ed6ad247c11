"""Small files that must survive a power cut (written aside, synced, renamed into place), written
on a thread of their own: a sync can take a second on an SD card, and the screen must not wait.

The newest content for a path wins (an older one still queued is dropped). A reader of a path
with a write in flight waits for it (`settle`), and so does the end of the process, briefly.
"""

from __future__ import annotations

import atexit
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)
EXIT_WAIT = 2.0  # seconds the process's end waits for writes in flight

OnError = Callable[[Path, OSError], None]


class DurableWriter:
    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._queued: dict[Path, tuple[bytes, OnError]] = {}
        self._writing: Path | None = None
        self._thread: threading.Thread | None = None

    def put(self, path: Path, data: bytes, on_error: OnError) -> None:
        """Write `data` to `path` soon; `on_error` is called (on the writer's thread) if not."""
        with self._lock:
            self._queued[path] = (data, on_error)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="durable-writer",
                                                daemon=True)
                self._thread.start()
            self._lock.notify_all()

    def settle(self, path: Path | None = None, timeout: float = EXIT_WAIT) -> bool:
        """Wait until `path` (or every path) is written; False if time ran out."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._busy(path), timeout)

    def _busy(self, path: Path | None) -> bool:
        if path is None:
            return bool(self._queued) or self._writing is not None
        return path in self._queued or self._writing == path

    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: bool(self._queued))
                path = next(iter(self._queued))
                data, on_error = self._queued.pop(path)
                self._writing = path
            try:
                write_now(path, data)
            except OSError as exc:
                on_error(path, exc)
            except Exception:  # the writer must outlive any one file
                log.exception("writing %s failed", path)
            finally:
                with self._lock:
                    self._writing = None
                    self._lock.notify_all()


def write_now(path: Path, data: bytes) -> None:
    """Aside, synced, renamed: a power cut leaves the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


WRITER = DurableWriter()
atexit.register(WRITER.settle)
