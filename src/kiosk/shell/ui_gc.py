"""Python's cyclic garbage collected on the UI thread only, while other threads run (the running
kiosk's own from its first frame on: the screen's power switch, the alerts' writer; a fleet link's
source poller and broker loop).

A collection runs on whichever thread happens to allocate past the threshold: with the poll
thread and paho's thread allocating, that would often be one of them, and a cycle holding a Qt
object (a window, a timer, a signal's closure) would be destroyed on the wrong thread: Qt warns,
or crashes. So automatic collection is off and a timer on the UI thread collects instead: the
young generation every second (cheap, and it catches cycles whose allocations were brief: those
leave the count near zero, so waiting for the threshold would leave them), the older ones when
their thresholds are passed. Reference counting (most of what is freed) is untouched. What exists
when the timer starts (modules, the window, the first deck: what the kiosk keeps) is collected
once and then frozen out of later collections, so a full one scans only what came since: a
tenth of a millisecond instead of some 40 ms of the UI thread every minute or two.
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


def collect_on_ui_thread(parent: QObject) -> QTimer | None:
    """Automatic collection off; a timer (owned by `parent`, on the UI thread) collects.
    `release` when the threads are stopped. None when collection is already off: whoever
    switched it off collects (the running kiosk does, from its start: see shell/start.py)."""
    if not gc.isenabled():
        return None
    gc.disable()
    gc.collect()
    gc.freeze()
    timer = QTimer(parent)
    timer.setInterval(COLLECT_MS)
    timer.timeout.connect(collect_due)
    timer.start()
    return timer


def release(timer: QTimer | None, enable: bool) -> None:
    """The timer stopped, frozen objects collectable again, automatic collection back on if
    `enable` (it was on before)."""
    if timer is not None and timer.isActive():
        timer.stop()
        gc.unfreeze()
        if enable:
            gc.enable()
