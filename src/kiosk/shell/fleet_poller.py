"""The content source on its own thread: the deck to boot with, then polls at the source's pace.

A poll can wait on the network for seconds, so it never runs on the UI thread; each result is
handed to `deliver`, which the fleet link makes a queued signal back to the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from kiosk.fleet.options import FleetOptions
from kiosk.fleet.source import Fetcher, PollResult
from kiosk.fleet.versions import default_cache

BOOT_FETCH_TIMEOUT = 10.0  # with nothing cached, the first poll's network waits are this short
# While the screen sleeps the source is asked this many times less often; it is asked at once
# when the screen wakes, so the morning shows the newest deck.
ASLEEP_SLOWER = 6


def make_fetcher(options: FleetOptions, timeout: float = 15.0) -> Fetcher | None:
    if options.url is None:
        return None
    from kiosk.ops.image_check import image_errors

    return Fetcher(options.url, default_cache(options.url, options.state_dir / "sources"),
                   validate=image_errors, timeout=timeout)


def boot_deck(fetcher: Fetcher) -> Path | None:
    """The deck to start with, at once: the cached version, or None (the bundled deck stands
    in until the poll thread's first fetch brings one; nothing waits on the network here)."""
    return fetcher.current()


Wait = Callable[[threading.Event, float], None]


def _wait(wake: threading.Event, seconds: float) -> None:
    wake.wait(seconds)


class SourcePoller(threading.Thread):
    """Polls the source at its own pace; `wake` asks for a poll now (the reload command).

    The first poll runs at once; with nothing cached it uses the shorter boot timeout, so a
    first start shows the URL deck as soon as it can and the bundled deck meanwhile. `wait`
    (the bench's simulated clock) replaces the real wait between polls."""

    def __init__(self, fetcher: Fetcher, deliver: Callable[[PollResult], None], *,
                 wait: Wait | None = None) -> None:
        super().__init__(name="kiosk-source", daemon=True)
        self.fetcher = fetcher
        self.deliver = deliver
        self.wait = wait or _wait
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.slow = threading.Event()  # set while the screen sleeps
        self.first_timeout = BOOT_FETCH_TIMEOUT if fetcher.current() is None else None

    def run(self) -> None:
        timeout = self.first_timeout
        while not self.stopping.is_set():
            result = self.fetcher.poll(timeout=timeout)
            timeout = None
            if self.stopping.is_set():
                return
            self.deliver(result)
            delay = self.fetcher.next_delay()
            self.wait(self.wake, delay * ASLEEP_SLOWER if self.slow.is_set() else delay)
            self.wake.clear()

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
