"""When the window draws its next frame: animations on a 60 Hz grid (a fade that blends more
than a quarter of a 1080p screen on a 30 Hz one), a drag at the display's rate, and the controls'
fade. A fade through a heavy slide's two parts (shell/fade_parts.py) keeps its 30 Hz pace for
every pixel on a 60 Hz grid of frames, each repainting one part (Transition.pace).

The window only paints; this tells it when. Nothing is scheduled while the slide stands still,
so an idle kiosk spends no time drawing.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

from kiosk.shell.transitions import next_frame_due

FRAME_SECONDS = 1 / 60  # animation pace: a 60 Hz display shows no more than this
# A fade frame costs in proportion to the pixels it blends. On a lobby PC's CPU (no GPU) a 4K
# fade blends ~4 million pixels a frame, twice a whole 1080p screen; at 60 Hz that is most of a
# core for half a second and frames come late. A cross-fade has no motion to judge, so half the
# rate on an exact grid looks as smooth and costs half: the pace for fades that blend more
# than a quarter of a 1080p screen (nearly every fade between two slides at any size; at 1080p
# the attract loop's fades at 60 Hz were a third of its CPU, over the 1 % it may take). A fade
# of a small part of the screen (a box that changes) keeps the display's rate.
FULL_RATE_PIXELS = 1920 * 1080 // 4
LARGE_FADE_SECONDS = 1 / 30


def fade_period(blended_pixels: int) -> float:
    """The animation pace of a fade that blends `blended_pixels` device pixels a frame."""
    return LARGE_FADE_SECONDS if blended_pixels > FULL_RATE_PIXELS else FRAME_SECONDS


def make_timer(parent: QObject, ms: int, slot: Callable[[], None], *, single: bool = True,
               precise: bool = False) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(single)
    timer.setInterval(ms)
    if precise:
        timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(slot)
    return timer


class FramePacer:
    def __init__(self, parent: QObject, update: Callable[[], None]) -> None:
        self._update = update  # asks the window for a frame
        self.last_paint = 0.0
        self.period = FRAME_SECONDS  # of the animation under way (see fade_period)
        self._frame_timer = make_timer(parent, 0, update, precise=True)
        self._frame_due: float | None = None  # when the next animation frame should be shown
        self._drag_timer = make_timer(parent, 0, update, precise=True)  # once per display period
        # The controls' fade must be drawn even when nothing else changes: a precise timer
        # (a coarse one may fire 5 % early, before the fade, and then nothing repaints).
        self._controls_timer = make_timer(parent, 0, update, precise=True)

    def painting(self, now: float) -> None:
        """A frame is being drawn now."""
        self.last_paint = now
        self._drag_timer.stop()  # this frame shows the finger's latest position already

    def animating(self, started: float, period: float = FRAME_SECONDS) -> None:
        """The frame drawn at `started` was one of an animation: the next is due on the grid
        of `period` seconds."""
        now = time.monotonic()
        self.period = period
        self._frame_due = next_frame_due(self._frame_due, started, now, period)
        self._frame_timer.start(max(0, round((self._frame_due - now) * 1000)))

    def still(self, fade_in: float | None) -> None:
        """Nothing moves; the controls start fading in `fade_in` seconds, if at all."""
        self._frame_due = None
        if fade_in is not None:
            self._controls_timer.start(math.ceil(fade_in * 1000))

    def dragged(self) -> None:
        """The finger moved: show it now, or at the display's next period."""
        # Touch screens report moves at 100-200 Hz; a frame for each would cost a 4K panel most
        # of a core for no visible gain, so the slide follows the finger at the display's rate.
        wait = self.last_paint + FRAME_SECONDS - time.monotonic()
        if wait <= 0:
            self._update()
        elif not self._drag_timer.isActive():
            self._drag_timer.start(math.ceil(wait * 1000))

    def stop(self) -> None:
        for timer in (self._drag_timer, self._frame_timer, self._controls_timer):
            timer.stop()

