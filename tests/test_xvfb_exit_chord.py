"""The operator's way out, on a real X server with key auto-repeat on (the server's default
delay and rate), pressed the way a hand does: modifiers first, then Q, held, let go."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.decks import MINIMAL
from tests.kiosk_process import KioskProcess
from tests.xserver import XServer

EXIT_HOLD = 1.5  # the shortest the deck allows is 0.5 s; this spans two dozen auto-repeats


@pytest.fixture
def kiosk(xserver: XServer, tmp_path: Path,
          kiosk_process: Callable[..., KioskProcess]) -> KioskProcess:
    xserver.run("xset", "r", "on")
    on, delay, rate = xserver.autorepeat()
    assert on and delay > 0 and rate > 0  # the repeats are what once cancelled the hold
    deck = tmp_path / "slides.yaml"
    deck.write_text(MINIMAL.replace("deck:\n", f"deck:\n  exit_hold: {EXIT_HOLD}\n"),
                    encoding="utf-8")
    started = kiosk_process(str(deck), env=xserver.env)
    started.wait_started()
    xserver.xdotool("mousemove", "960", "540")  # no window manager: focus follows the pointer
    return started


def hold(xserver: XServer, keys: list[str], seconds: float) -> None:
    """One at a time, in this order, as a hand presses them; held; let go in reverse. One
    xdotool does it all, so the hold lasts `seconds` at the X server however long a busy
    machine takes to start a program."""
    script = [*(a for key in keys for a in ("keydown", key)), "sleep", str(seconds),
              *(a for key in reversed(keys) for a in ("keyup", key))]
    xserver.xdotool(*script)


@pytest.mark.parametrize("keys", [["ctrl", "shift", "q"], ["shift", "ctrl", "q"]],
                         ids=["ctrl-shift-q", "shift-ctrl-q"])
def test_holding_the_chord_quits_despite_auto_repeat(xserver: XServer, kiosk: KioskProcess,
                                                     keys: list[str]) -> None:
    started = time.monotonic()
    hold(xserver, keys, EXIT_HOLD + 1.0)
    code = kiosk.wait_exit(timeout=30)
    assert code == 0, f"still running {time.monotonic() - started:.1f} s after the press"
    assert "kiosk stops (exit chord)" in kiosk.log_text()


def test_letting_go_early_does_not_quit(xserver: XServer, kiosk: KioskProcess) -> None:
    # Past the auto-repeat delay, so repeats arrive, but short of the hold.
    hold(xserver, ["ctrl", "shift", "q"], EXIT_HOLD / 2)
    assert kiosk.wait_exit(timeout=EXIT_HOLD + 0.5) is None  # a whole hold later, still there
    # Held again, a fresh hold from zero: it still quits.
    hold(xserver, ["ctrl", "shift", "q"], EXIT_HOLD + 1.0)
    assert kiosk.wait_exit(timeout=30) == 0


def test_q_alone_or_without_shift_does_not_quit(xserver: XServer, kiosk: KioskProcess) -> None:
    hold(xserver, ["ctrl", "q"], EXIT_HOLD + 0.5)
    hold(xserver, ["q"], EXIT_HOLD + 0.5)
    assert kiosk.wait_exit(timeout=0.5) is None
