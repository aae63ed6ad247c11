"""Give memory the kiosk has freed back to the system.

Drawing a slide allocates a whole picture and keeps only its content (render/tiles.py); the C
allocator keeps the freed pages for later unless asked. Asked once the next slide is drawn and
nothing else waits, a long-running kiosk settles at what it keeps, not at its busiest moment.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable

from kiosk.render.text_lines import let_fonts_go

_trim: Callable[[int], int] | None = None
_looked = False


def release() -> None:
    """Let the font engines go (render/text_lines.let_fonts_go: the slides in reach are drawn,
    and a drawing opens what it needs again), then return freed heap pages to the system
    (glibc's malloc_trim; elsewhere nothing). No garbage collection here: a collection run
    from a Qt slot can free Qt objects that other code still reaches (it crashed the window
    tests); collecting is the application's own."""
    global _trim, _looked
    let_fonts_go()
    if not _looked:
        _looked = True
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                _trim = libc.malloc_trim
            except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
                _trim = None
    if _trim is not None:
        _trim(0)
