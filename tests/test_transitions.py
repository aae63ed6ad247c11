"""Animation pacing: frames keep to a 60 Hz grid whatever the timer's jitter."""

from __future__ import annotations

import random

from kiosk.shell.transitions import next_frame_due

PERIOD = 1 / 60


def test_frames_keep_to_the_grid_despite_late_wake_ups() -> None:
    rng = random.Random(7)
    due = None
    start = 100.0
    shown = [start]
    for _ in range(600):  # ten seconds of frames, each painted up to 6 ms late
        due = next_frame_due(due, start, shown[-1] + 0.002, PERIOD)
        shown.append(due + rng.uniform(0, 0.006))
    gaps = [b - a for a, b in zip(shown, shown[1:], strict=False)]
    assert max(gaps) < 1.5 * PERIOD  # no dropped frame
    assert abs(shown[-1] - (start + 600 * PERIOD)) < 0.007  # no drift either


def test_a_slightly_late_frame_is_shown_at_once() -> None:
    due = next_frame_due(100.0, 100.0, 100.0 + PERIOD + 0.004, PERIOD)
    assert due == 100.0 + PERIOD  # already passed: the timer fires immediately


def test_after_a_stall_the_grid_moves_on_instead_of_hurrying() -> None:
    now = 100.0 + 3.7 * PERIOD  # a 60 ms stall after the frame at 100.0
    due = next_frame_due(100.0, 100.0, now, PERIOD)
    assert now < due <= now + PERIOD
    assert round((due - 100.0) / PERIOD, 6) == 4.0  # still on the grid


def test_the_first_frame_of_an_animation_starts_the_grid() -> None:
    assert next_frame_due(None, 50.0, 50.001, PERIOD) == 50.0 + PERIOD
