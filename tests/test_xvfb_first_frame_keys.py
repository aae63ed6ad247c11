"""Keys pressed while the remembered first frame is up (an operator restarting the kiosk and
leaving at once) reach the kiosk, on a real X server: the exit chord held from that moment
quits after its hold, timed from the key's own press, with auto-repeat on and off."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DECK
from tests.kiosk_process import KioskProcess, wait_until
from tests.xserver import XServer

HOLD = 2.0  # the deck's exit_hold
HELD = 2.5  # an operator's hold: half a second more than needed
STARTS = 3  # fresh starts per case: the old kiosk lost the press in most, not all


def remember_first_frame(xserver: XServer, tmp_path: Path,
                         kiosk_process: Callable[..., KioskProcess]) -> None:
    first = kiosk_process(str(DECK), env=xserver.env)
    first.wait_started()
    wait_until(lambda: any((tmp_path / "cache" / "first-frame").glob("*.frame")), 30,
               lambda: "no first frame remembered")
    first.signal(signal.SIGTERM)
    assert first.wait_exit(timeout=30) == 0


@pytest.mark.parametrize("repeat", ["on", "off"])
def test_the_chord_pressed_over_the_remembered_frame_quits(
        xserver: XServer, tmp_path: Path, kiosk_process: Callable[..., KioskProcess],
        repeat: str) -> None:
    xserver.run("xset", "r", repeat)
    xserver.xdotool("mousemove", "960", "540")  # no window manager: focus follows the pointer
    remember_first_frame(xserver, tmp_path, kiosk_process)
    for start in range(STARTS):
        kiosk = kiosk_process(str(DECK), env=xserver.env)
        kiosk.wait_for_stderr("first-frame ")  # the remembered frame, before the deck loads
        pressed = time.monotonic()
        for key in ("ctrl", "shift", "q"):
            xserver.xdotool("keydown", key)
        code = kiosk.wait_exit(timeout=HELD)
        for key in ("q", "shift", "ctrl"):
            xserver.xdotool("keyup", key)
        if code is None:  # released after a hold longer than HOLD: it ends (a busy start-up
            code = kiosk.wait_exit(timeout=30)  # may handle the keys late; their stamps count)
        took = time.monotonic() - pressed
        log = kiosk.log_text()  # one log for every start: count
        assert log.count("first frame remembered from the last start") == start + 1, log
        assert code == 0, f"start {start}: still running {took:.1f} s after the press\n{log}"
        assert log.count("kiosk stops (exit chord)") == start + 1, log
        assert took >= HOLD - 0.1, f"start {start}: quit {took:.2f} s after the press"
