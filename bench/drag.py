#!/usr/bin/env python3
"""A finger dragging the slide: frames drawn and CPU used while touch moves arrive at 200 Hz.

    .venv/bin/python bench/drag.py [--sizes 1920x1080,3840x2160] [--moves 400] [--hz 200]

The real window (offscreen) is dragged by the gesture path's own call (`drag_to`) from a precise
timer, as a touch screen reports moves; it prints the moves, the frames painted, frames per second
and the process's CPU share over the drag. The kiosk draws at most one frame per display period,
so a 4K panel does not spend most of a core on frames nobody can see.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from _harness import ROOT, machine, settle


def child(size: str, moves: int, hz: int) -> dict[str, float]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([sys.argv[0]])
    from kiosk.deck import load_deck
    from kiosk.navigator import Navigator
    from kiosk.shell.session import Session

    width, height = (int(v) for v in size.split("x"))
    loaded = load_deck(ROOT / "slides.yaml")
    session = Session(loaded, Navigator(loaded.deck, autoplay=False), kiosk_mode=False)
    window = session.window
    window.resize(width, height)
    window.show()
    settle(app, 5.0, window.isExposed)
    for index in range(3):  # the slide and both neighbours, as the kiosk has them drawn ahead
        window.image_for(index, window.navigator.shown)
    frames = 0
    paint = window._paint

    def counted(painter, now):  # type: ignore[no-untyped-def]
        nonlocal frames
        frames += 1
        paint(painter, now)

    window._paint = counted  # type: ignore[method-assign]
    done = 0
    loop = QEventLoop()

    def move() -> None:
        nonlocal done
        done += 1
        window.drag_to(-0.8 * done / moves)
        if done >= moves:
            timer.stop()
            QTimer.singleShot(50, loop.quit)

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(move)
    cpu, start = time.process_time(), time.monotonic()
    timer.start(max(1, round(1000 / hz)))
    loop.exec()
    elapsed = time.monotonic() - start
    session.quit()
    return {"moves": done, "frames": frames, "seconds": elapsed,
            "cpu": 100 * (time.process_time() - cpu) / elapsed}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1920x1080,3840x2160")
    parser.add_argument("--moves", type=int, default=400)
    parser.add_argument("--hz", type=int, default=200)
    parser.add_argument("--child", nargs=3, metavar=("SIZE", "MOVES", "HZ"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), int(args.child[2]))))
        return 0
    print(f"# {machine()}")
    print(f"# a drag of {args.moves} touch moves at {args.hz} Hz, offscreen")
    print(f"{'size':10s} {'moves':>6s} {'frames':>7s} {'frames/s':>9s} {'CPU % of a core':>16s}")
    for size in args.sizes.split(","):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        out = subprocess.run([sys.executable, __file__, "--child", size, str(args.moves),
                              str(args.hz)], env=env, capture_output=True, text=True, check=True,
                             cwd=ROOT)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{size:10s} {r['moves']:6d} {r['frames']:7d} {r['frames'] / r['seconds']:9.1f} "
              f"{r['cpu']:16.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
