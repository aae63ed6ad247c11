"""Start-up waits for the remembered frame's first paint by sleeping, not spinning: the wait
leaves the cores to the compositor and the X server that have to show it."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QEventLoop, QTimer

from kiosk.shell.start import wait_for_paint


@pytest.mark.timeout(30)
def test_waiting_for_a_paint_that_never_comes_sleeps_and_keeps_the_loop_running(
        qapp: object) -> None:
    ticks: list[float] = []
    ticker = QTimer()
    ticker.setInterval(20)
    ticker.timeout.connect(lambda: ticks.append(time.monotonic()))
    ticker.start()
    wall, cpu = time.monotonic(), time.process_time()
    wait_for_paint(SimpleNamespace(painted=False), QEventLoop(), limit_ms=400)
    wall, cpu = time.monotonic() - wall, time.process_time() - cpu
    ticker.stop()
    assert 0.35 <= wall < 5.0  # the whole limit, when no paint comes
    assert len(ticks) >= 5  # timers and events are served meanwhile
    assert cpu < wall / 3, f"{cpu:.3f} s of CPU in {wall:.3f} s of waiting: it spins"


def test_a_paint_ends_the_wait_at_once(qapp: object) -> None:
    splash = SimpleNamespace(painted=False)
    shown = QEventLoop()

    def paint() -> None:
        splash.painted = True
        shown.quit()

    QTimer.singleShot(30, paint)
    started = time.monotonic()
    wait_for_paint(splash, shown, limit_ms=10_000)
    assert splash.painted and time.monotonic() - started < 5  # not the limit's 10 s
    wait_for_paint(splash, QEventLoop(), limit_ms=3000)  # painted already: no wait at all
