"""The figures the kiosk must stay within, as numbers: every benchmark prints its results
against these (`ok` / `OVER`), and bench/RESULTS.md quotes them.

Sizes are the two panels a lobby PC drives: 1920x1080 and 3840x2160, software rendering.
"""

from __future__ import annotations

SIZES = ("1920x1080", "3840x2160")

# The shared harness (../shared/bench/first_frame.py), run against Chromium in the same run.
FIRST_CONTENT_VS_CHROMIUM = 0.5  # the kiosk's first content at most half of Chromium's
PSS_MB = {"1920x1080": 80.0, "3840x2160": 110.0}  # settled, every process of the kiosk
ATTRACT_CPU_PCT = {"1920x1080": 1.0, "3840x2160": 2.5}  # the attract loop running, of one core
PAUSED_CPU_PCT = 0.1  # a slide standing still: nothing scheduled, so ~0
FILE_MB = 45.0  # the single file (Windows: 30)

# bench/frames.py: every frame of a transition, paint and flush together.
FRAME_P99_MS = {"1920x1080": 8.0, "3840x2160": 8.0}  # a 60 Hz frame leaves room for the rest
DROPPED_FRAMES = 0  # at 60 Hz, also with no pause between turns and through cold slides


def verdict(value: float, budget: float | None) -> str:
    """`ok` at or under the budget, `OVER` above it, blank when there is none."""
    if budget is None or value != value:  # no budget, or not measured (NaN)
        return ""
    return "ok" if value <= budget else "OVER"
