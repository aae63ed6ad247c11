"""The accessibility mode on a real X server (Xvfb): in and out by a real key press and a real
click sent through the X server, the controls within the reach band computed from the DPI the
screen reports (Qt reads it from the X server's RandR output), and 7:1 on the real screen's
pixels."""

from __future__ import annotations

import json
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from kiosk.controllers.controls import REACH_BOTTOM_CM, REACH_TOP_CM
from kiosk.render.contrast import MIN_RATIO
from tests.conftest import DECK, ROOT
from tests.contrast import weak_touching_pairs
from tests.kiosk_process import wait_until
from tests.xserver import XServer

BOTTOM_CM = 105.0  # a screen hung high: only its lowest 15 cm are within reach


class Kiosk:
    def __init__(self, xserver: XServer, shots: Path) -> None:
        self.xserver = xserver
        deck = shots / "slides.yaml"
        deck.write_text(DECK.read_text(encoding="utf-8").replace(
            "  language: both\n", f"  language: both\n  display: {{bottom_cm: {BOTTOM_CM}}}\n"),
            encoding="utf-8")
        (shots / "assets").symlink_to(DECK.parent / "assets")
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.access_child", str(deck),
                                      str(shots)], cwd=ROOT, env=xserver.env,
                                     stdout=subprocess.PIPE, text=True)

    def next_report(self, seconds: float = 20) -> dict[str, Any]:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], seconds)
        if not ready:
            raise TimeoutError("the kiosk reported nothing")
        line = self.proc.stdout.readline()
        assert line, "the kiosk ended"
        return dict(json.loads(line))

    def xdotool(self, *args: str) -> None:
        self.xserver.xdotool(*args)


@pytest.fixture
def kiosk(xserver: XServer, tmp_path: Path) -> Iterator[Kiosk]:
    started = Kiosk(xserver, tmp_path)
    yield started
    started.proc.kill()
    started.proc.wait(timeout=10)


def _centre(rect: list[float]) -> tuple[str, str]:
    return str(round(rect[0] + rect[2] / 2)), str(round(rect[1] + rect[3] / 2))


def test_the_mode_on_a_real_x_screen(kiosk: Kiosk, tmp_path: Path) -> None:
    ready = kiosk.next_report()
    assert ready["ready"] and ready["size"] == [1920, 1080]
    dpi = ready["dpi"]
    band_top = ready["size"][1] - (REACH_TOP_CM - BOTTOM_CM) / 2.54 * dpi
    assert band_top > 300  # the band is a real limit on this screen, not all of it
    kiosk.xdotool("windowfocus", "--sync", str(ready["winid"]))

    kiosk.xdotool("key", "a")  # a real key press through the X server
    mode = kiosk.next_report()
    assert mode["access"] is True
    height = mode["size"][1]
    for name, (_, top, _, h) in mode["targets"].items():
        top_cm = BOTTOM_CM + (height - top) / dpi * 2.54
        bottom_cm = BOTTOM_CM + (height - top - h) / dpi * 2.54
        assert bottom_cm >= REACH_BOTTOM_CM and top_cm <= REACH_TOP_CM, \
            f"{name}: {bottom_cm:.0f}-{top_cm:.0f} cm above the floor"
    shot = QImage(str(tmp_path / "mode.png"))  # what the kiosk drew...
    assert not shot.isNull() and not weak_touching_pairs(shot, MIN_RATIO)
    wait_until(lambda: kiosk.xserver.grab() == shot.convertToFormat(QImage.Format.Format_RGB32),
               10, lambda: "the mode never reached the real screen")  # ...is what X shows

    x, y = _centre(mode["targets"]["access"])  # a real click on the mode's Exit button
    kiosk.xdotool("mousemove", "--sync", x, y, "click", "1")
    off = kiosk.next_report()
    assert off["access"] is False
    x, y = _centre(off["targets"]["access"])  # and back in by the always-visible button
    kiosk.xdotool("mousemove", "--sync", x, y, "click", "1")
    assert kiosk.next_report()["access"] is True
    kiosk.xdotool("key", "F1")
    assert kiosk.next_report()["access"] is False
