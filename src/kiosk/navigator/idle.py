"""When an unattended kiosk goes home: the idle timeout after a visitor's last touch, the
countdown shown before it, and when the navigator must next be woken for them or for autoplay.

Plain arithmetic on clock times; the navigator owns the state and asks these questions.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Idle:
    """A visitor's last touch and the limits that hold for it, while autoplay is off."""

    last_input: float
    timeout: float  # seconds without a touch before the kiosk goes home
    countdown: float  # seconds before that during which the countdown shows

    def over(self, now: float) -> bool:
        return now - self.last_input >= self.timeout

    def seconds_left(self, now: float) -> int | None:
        """The whole seconds the countdown shows now, or None before it starts."""
        left = self.timeout - (now - self.last_input)
        return int(left + 0.999) if left <= self.countdown else None

    def wakeup(self, now: float) -> float:
        """The countdown's start, then once a second while it shows, then the reset."""
        start = self.last_input + self.timeout - self.countdown
        if now < start:
            return start
        return min(self.last_input + self.timeout, now + 1.0 - (now - start) % 1.0)


def next_wakeup(now: float, slide_end: float | None, idle: Idle | None,
                schedules: bool) -> float | None:
    """The clock time of the next thing a tick would do: autoplay's page turn at `slide_end`,
    the idle countdown, or a re-reading of slide schedules (every 30 s)."""
    deadlines = [t for t in (slide_end, idle.wakeup(now) if idle else None) if t is not None]
    if schedules:
        deadlines.append(now + 30.0)
    return min(deadlines) if deadlines else None
