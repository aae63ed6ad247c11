"""A process that works for the screen without competing with it: below normal priority.

The running kiosk starts `kiosk check` on every new deck version; on a two-core lobby PC that
check must not take time from drawing the slides.
"""

from __future__ import annotations

import os
import sys

_BELOW_NORMAL_PRIORITY_CLASS = 0x4000


def lower_this_process() -> None:
    """Below normal priority from here on (nothing happens where it cannot be done)."""
    try:
        if sys.platform == "win32":
            import ctypes

            kernel = ctypes.windll.kernel32
            kernel.SetPriorityClass(kernel.GetCurrentProcess(), _BELOW_NORMAL_PRIORITY_CLASS)
        else:
            os.nice(10)
    except (OSError, AttributeError):
        pass  # only slower to finish at normal priority
