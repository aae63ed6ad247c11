"""The remembered-frame window on a real X server, for tests/test_first_frame_x11.py: it shows a
picture (noise from a seed, every pixel its own) full screen the way the kiosk's start does, then,
without ever running Qt's event loop (so Qt cannot paint), waits until the X server reports the
window viewable and saves the screen as `xwd` grabs it at that moment.

With `release` after SEED it takes no picture but lets Qt paint, lets the window go as the kiosk
does once its own window has drawn, says `released` and waits for its stdin to close (the X
server's memory is read meanwhile); `release-unpainted` lets it go before Qt has painted it.

Usage: python -m tests.first_frame_child OUT.xwd WIDTH HEIGHT SEED [release|release-unpainted]
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication, QImage

from kiosk.shell.preview import PreviewWindow


def noise(width: int, height: int, seed: int) -> QImage:
    data = random.Random(seed).randbytes(width * height * 4)
    return QImage(data, width, height, width * 4, QImage.Format.Format_RGB32).copy()


def viewable(window: int) -> bool:
    text = subprocess.run(["xwininfo", "-id", str(window)], capture_output=True, text=True,
                          timeout=30, check=True).stdout
    return "Map State: IsViewable" in text


def release(window: PreviewWindow, paint: bool) -> None:
    """Qt paints (the X server's copy of the picture goes then), then the window goes; or it
    goes unpainted (the kiosk's own window drew first)."""
    if paint:
        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: loop.quit() if window.painted else None)
        poll.start(20)
        loop.exec()
        poll.stop()
    window.dispose()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    print("released", flush=True)
    sys.stdin.read()


def main(out: str, width: int, height: int, seed: int, mode: str = "grab") -> int:
    app = QGuiApplication(["kiosk-first-frame-test"])
    screen = app.primaryScreen()
    window = PreviewWindow(noise(width, height, seed), True)
    window.setScreen(screen)
    window.setGeometry(screen.geometry())
    show = getattr(window, "show_full_screen", window.showFullScreen)  # (what start.py calls)
    show()
    deadline = time.monotonic() + 60
    while not viewable(int(window.winId())):  # the map, flushed by Qt, processed by the server
        if time.monotonic() > deadline:
            print("the window never became viewable", file=sys.stderr)
            return 1
        time.sleep(0.05)
    if not mode.startswith("release"):  # (a grab's 33 MB reply stays in the server's memory)
        grab = subprocess.run(["xwd", "-root", "-silent"], capture_output=True, timeout=60,
                              check=True).stdout
        Path(out).write_bytes(grab)
    print("painted by Qt" if window.painted else "not painted by Qt", flush=True)
    if mode.startswith("release"):
        release(window, paint=mode == "release")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]),
                          *sys.argv[5:]))
