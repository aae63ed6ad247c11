"""Python's cyclic garbage collected on the UI thread only, while network threads run.

A collection runs on whichever thread happens to allocate past the threshold: with the poll
thread and paho's thread allocating, that would often be one of them, and a cycle holding a Qt
object (a window, a timer, a signal's closure) would be destroyed on the wrong thread: Qt warns,
or crashes. So automatic collection is off and a timer on the UI thread collects instead: the
young generation every second (cheap, and it catches cycles whose allocations were brief: those
leave the count near zero, so waiting for the threshold would leave them), the older ones when
their thresholds are passed. Reference counting (most of what is freed) is untouched.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

COLLECT_MS = 1000


def collect_due() -> int:
    """One collection: of the oldest generation whose threshold was passed, else the young
    one; returns its number."""
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    for generation in (2, 1):
        if thresholds[generation] and counts[generation] >= thresholds[generation]:
            gc.collect(generation)
            return generation
    gc.collect(0)
    return 0


def collect_on_ui_thread(parent: QObject) -> QTimer:
    """Automatic collection off; a timer (owned by `parent`, on the UI thread) collects.
    `gc.enable()` again once the threads are stopped."""
    gc.disable()
    timer = QTimer(parent)
    timer.setInterval(COLLECT_MS)
    timer.timeout.connect(collect_due)
    timer.start()
    return timer
