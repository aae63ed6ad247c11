"""`systemctl stop`, a shutdown (SIGTERM) and Ctrl+C in a terminal (SIGINT) end the kiosk in
order: exit code 0, an exit line in the log, and the slide on screen in proof of play."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.kiosk_process import KioskProcess

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_a_stop_signal_ends_the_kiosk_in_order(
        sig: signal.Signals, kiosk_process: Callable[..., KioskProcess]) -> None:
    kiosk = kiosk_process(str(ROOT / "slides.yaml"))
    kiosk.wait_started()
    kiosk.signal(sig)
    code = kiosk.wait_exit(timeout=20)
    assert code == 0, kiosk.stderr
    assert f"kiosk stops ({sig.name})" in kiosk.log_text()
    assert "Traceback" not in kiosk.stderr
    slides = [record for record in kiosk.plays() if record["event"] == "slide"]
    assert slides, "no play record of the slide on screen"
    assert slides[-1]["id"] == "cover" and slides[-1]["seconds"] > 0
