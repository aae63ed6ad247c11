"""Process-wide settings, applied once before the first window: what Qt and the C allocator read
early and keep. No Qt import here: the start-up path calls this before QtGui is even loaded.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

M_MMAP_THRESHOLD = -3  # glibc's mallopt() parameter number
LARGE_ALLOCATION = 1024 * 1024

_applied = False


def apply() -> None:
    global _applied
    if _applied:
        return
    _applied = True
    # Qt holds every update() back up to 5 ms "to gather system events" (QWindow::requestUpdate).
    # The kiosk's animation frames are already paced by their own timer, so that wait only eats
    # into each frame's budget and delays the first frame after a tap. Read once, at the first
    # update of any window; an explicit setting in the environment wins.
    os.environ.setdefault("QT_QPA_UPDATE_IDLE_TIME", "0")
    _large_allocations_from_the_system()


def _large_allocations_from_the_system() -> None:
    # Slide images are 8 MB (33 MB at 4K) and are made and dropped all day. glibc raises its mmap
    # threshold each time such a block is freed, after which the next ones come from the heap,
    # whose holes it keeps: resident memory then steps up by an image or two after a deck
    # reload. A fixed threshold keeps every large block mapped on its own and handed back to the
    # system when freed.
    if not sys.platform.startswith("linux"):
        return
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        libc.mallopt(M_MMAP_THRESHOLD, LARGE_ALLOCATION)
    except (OSError, AttributeError):  # not glibc (e.g. musl): its allocator decides
        pass
