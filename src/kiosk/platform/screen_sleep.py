"""Keep the display awake on Windows while the kiosk shows, and let go on exit.

SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED) on the GUI
thread, undone with ES_CONTINUOUS alone. (Linux asks the freedesktop ScreenSaver over the session
bus, asynchronously and with its answer checked: `kiosk.shell.lockdown.SleepInhibitor`, the only
place Qt's D-Bus module is imported; the Windows build does not ship it.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002


def hold_windows() -> Callable[[], None] | None:
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    if not kernel.SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED):
        log.info("Windows refused to keep the display on (SetThreadExecutionState failed)")
        return None
    log.info("asked Windows to keep the display on")
    return lambda: kernel.SetThreadExecutionState(ES_CONTINUOUS)
