"""A real X server (Xvfb) for tests that need what only X does: key auto-repeat, real focus and
real pixels on the screen. Keys and clicks go in with xdotool (XTEST), pixels come out with xwd."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import time
from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage

TOOLS = ("Xvfb", "xdotool", "xset", "xwd")
XWD_HEADER = struct.Struct(">25I")


class XServer:
    def __init__(self, width: int = 1920, height: int = 1080) -> None:
        read, write = os.pipe()
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
             "-nolisten", "tcp", "-noreset"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as announced:  # Xvfb writes its display number once it listens
            number = announced.readline().strip()
        if not number:
            self.proc.kill()
            pytest.fail("Xvfb did not start")
        self.display = f":{number}"
        self.env = {**os.environ, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}
        self.env.pop("WAYLAND_DISPLAY", None)

    def run(self, *command: str) -> str:
        done = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=30,
                              check=True)
        return done.stdout

    def xdotool(self, *args: str) -> None:
        self.run("xdotool", *args)

    def autorepeat(self) -> tuple[bool, int, int]:
        """(on, delay ms, rate per second) as the server reports them."""
        text = self.run("xset", "q")
        on = "auto repeat:  on" in text
        fields = text.split("auto repeat delay:")[1].split()
        return on, int(fields[0]), int(fields[3])

    def grab(self) -> QImage:
        """The whole screen as the X server holds it (what a camera would see). xwd walks the
        windows on the screen and fails when one goes while it reads (a kiosk starting, ending
        or being killed): then it looks again, for up to half a minute."""
        deadline = time.monotonic() + 30
        while True:
            done = subprocess.run(["xwd", "-root", "-silent"], env=self.env, capture_output=True,
                                  timeout=30, check=False)
            if done.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.2)  # the next look, once the window is gone
        done.check_returncode()
        return parse_xwd(done.stdout)

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


def parse_xwd(data: bytes) -> QImage:
    """The picture in `xwd`'s output (a 24-bit screen, 32 bits per pixel, LSB first)."""
    (header_size, _version, _format, _depth, width, height, _xoffset, byte_order, _unit,
     _bit_order, _pad, bits_per_pixel, bytes_per_line, *_rest) = XWD_HEADER.unpack_from(data)
    colours = XWD_HEADER.unpack_from(data)[19]
    assert bits_per_pixel == 32 and byte_order == 0, (bits_per_pixel, byte_order)
    start = header_size + colours * 12
    pixels = data[start:start + bytes_per_line * height]
    image = QImage(pixels, width, height, bytes_per_line, QImage.Format.Format_RGB32)
    return image.copy()  # own the pixels: `pixels` goes away with this frame


@pytest.fixture
def xserver() -> Iterator[XServer]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (.ci/setup installs them)")
    server = XServer()
    yield server
    server.close()
