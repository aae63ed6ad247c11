"""When to poll the content source next: the deck's interval, or back-off while it fails.

Both are jittered from an injected random source, so a fleet started (or cut off) together does
not ask the server in step, and a test can run hours of outage in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable

JITTER = 0.1  # a tenth of the interval, so fifty kiosks started together spread out
BACKOFF_FIRST = 10.0
BACKOFF_MAX = 900.0


def next_delay(interval: float, failures: int, rand: Callable[[], float]) -> float:
    """Seconds until the next poll, after `failures` failed polls in a row."""
    if failures == 0:
        return interval * (1 - JITTER / 2 + JITTER * rand())
    ceiling = max(BACKOFF_MAX, interval)
    base = min(ceiling, BACKOFF_FIRST * 2 ** (failures - 1))
    return base * (0.5 + 0.5 * rand())  # jittered so a fleet does not retry in step
