"""Qt's warnings, heard by the thread that caused them.

A JPEG damaged inside its compressed data still ends with its end marker, so only the decoder
notices, and it says so only as a Qt warning ("Corrupt JPEG data: ..."). Swapping Qt's
process-wide message handler to listen for it would lose or misread other threads' messages
while the swap lasts (the image check runs on the fleet's poll thread too). So one handler is
put in front and never taken back: a thread that asks to `collect` gets the warnings raised on
that thread while it collects; every other message goes on to the handler it replaced. The UI
thread installs it (at start, or when it first collects); other threads never touch the handler.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_local = threading.local()
_lock = threading.Lock()
_previous: Callable[[Any, Any, str], None] | None = None


def _route(mode: Any, context: Any, message: str) -> None:
    sink: list[str] | None = getattr(_local, "sink", None)
    if sink is not None:
        sink.append(message)
    elif _previous is not None:
        _previous(mode, context, message)
    else:  # what Qt's own handler does with it
        with contextlib.suppress(OSError, ValueError, AttributeError):  # no stderr (windowed)
            sys.stderr.write(message + "\n")


def install() -> None:
    """Ours in front, whatever was installed since (a test harness's handler, say): the one we
    replace gets every message that is not being collected, so nothing is lost either way."""
    global _previous
    with _lock:
        from PySide6.QtCore import qInstallMessageHandler

        replaced = qInstallMessageHandler(_route)
        if replaced is not _route:
            _previous = replaced


@contextmanager
def collect(into: list[str]) -> Iterator[None]:
    """Qt's messages raised on this thread while inside, into `into` (and nowhere else)."""
    if threading.current_thread() is threading.main_thread():
        install()  # (another thread finds it in place: the UI thread put it there at start)
    outer = getattr(_local, "sink", None)
    _local.sink = into
    try:
        yield
    finally:
        _local.sink = outer
