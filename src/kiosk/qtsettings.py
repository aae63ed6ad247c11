"""Process-wide Qt settings: environment variables Qt reads once, so set before the first window.

No Qt import here: the start-up path calls this before QtGui is even loaded.
"""

from __future__ import annotations

import os


def apply() -> None:
    # Qt holds every update() back up to 5 ms "to gather system events" (QWindow::requestUpdate).
    # The kiosk's animation frames are already paced by their own timer, so that wait only eats
    # into each frame's budget and delays the first frame after a tap. Read once, at the first
    # update of any window; an explicit setting in the environment wins.
    os.environ.setdefault("QT_QPA_UPDATE_IDLE_TIME", "0")
