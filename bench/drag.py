#!/usr/bin/env python3
"""A finger dragging the slide: frames drawn and CPU used while touch moves arrive at 200 Hz.

    .venv/bin/python bench/drag.py [--sizes 1920x1080,3840x2160] [--moves 400] [--hz 200]
                                   [--modes ordinary,access]

Real touch events go to the real window (offscreen platform), as a touch screen's driver would
deliver them (QTest.touchEvent, through Qt's window-system interface): one finger down at 90 % of
the width, then moves leftwards from a precise timer at the given rate to 10 % of the width, then
up. So the kiosk's whole input path is measured: the event filter, the pointer router and the
gesture controller, the window's drag drawing. It prints the moves sent and the rate they really
arrived at (a busy machine wakes the timer late), the frames painted and flushed while the finger
moved (from the first move to the last), frames per second, and the process's CPU share over the
drag. The kiosk draws at most one frame per display period, so a 4K panel does not spend most of
a core on frames nobody can see. It also prints the longest frame, and the first: the one that
shows the neighbour, which must be drawn ahead to be quick. `access` drags through the
accessibility mode's enlarged pages (a slide with several), where the neighbour is the next page.
KIOSK_SRC=/other/checkout/src measures another version of the kiosk with the same script.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from _harness import ROOT, code_env, code_label, machine, open_kiosk, settle, time_frames


def child(size: str, moves: int, hz: int, mode: str = "ordinary") -> dict[str, float]:
    from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    app = QGuiApplication([sys.argv[0]])
    from kiosk.deck import load_deck
    from kiosk.navigator import Navigator

    width, height = (int(v) for v in size.split("x"))
    loaded = load_deck(ROOT / "slides.yaml")
    window, quit_kiosk, _ = open_kiosk(loaded, Navigator(loaded.deck, autoplay=False),
                                       kiosk_mode=False)
    window.resize(width, height)
    window.show()
    settle(app, 5.0, window.isExposed)
    nav = window.navigator
    if mode == "access":
        nav.goto_slide("intake")  # four enlarged pages at 1080p
        nav.access.toggle()
        settle(app, 2.0)  # what the kiosk draws ahead in idle time, it draws now
    else:
        settle(app, 2.0)  # the first frame, and the next slide the kiosk draws ahead
    before = (nav.index, nav.access.page)
    device = QTest.createTouchDevice()
    frames: list[float] = []
    spans: list[float] = []

    def on_frame(start: float, end: float, _due: float | None) -> None:
        frames.append(end)
        spans.append((end - start) * 1000)

    time_frames(window, on_frame)
    y = height // 2
    start_x, end_x = 0.9 * width, 0.1 * width

    def touch():  # type: ignore[no-untyped-def]
        return QTest.touchEvent(window, device, False)

    touch().press(0, QPoint(round(start_x), y), window).commit()
    frames.clear()
    spans.clear()
    done = 0
    loop = QEventLoop()

    def move() -> None:
        nonlocal done
        done += 1
        x = start_x + (end_x - start_x) * done / moves
        touch().move(0, QPoint(round(x), y), window).commit()
        if done >= moves:
            timer.stop()
            loop.quit()

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.timeout.connect(move)
    cpu, start = time.process_time(), time.monotonic()
    timer.start(max(1, round(1000 / hz)))
    loop.exec()
    settle(app, 1000 / hz / 1000 + 0.02)  # the frame for the last move
    elapsed = time.monotonic() - start
    used = time.process_time() - cpu
    drawn = len(frames)
    first, longest = (spans[0], max(spans)) if spans else (0.0, 0.0)
    touch().release(0, QPoint(round(end_x), y), window).commit()
    settle(app, 1.0)
    turned = (nav.index, nav.access.page) != before
    quit_kiosk()
    if drawn == 0 or not turned:
        raise SystemExit(f"the drag did not reach the kiosk: {drawn} frames, "
                         f"slide {nav.index} page {nav.access.page}")
    return {"moves": done, "frames": drawn, "seconds": elapsed, "cpu": 100 * used / elapsed,
            "first": first, "longest": longest}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1920x1080,3840x2160")
    parser.add_argument("--moves", type=int, default=400)
    parser.add_argument("--hz", type=int, default=200)
    parser.add_argument("--modes", default="ordinary,access")
    parser.add_argument("--child", nargs=4, metavar=("SIZE", "MOVES", "HZ", "MODE"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]), int(args.child[2]),
                               args.child[3])))
        return 0
    print(f"# {machine()}; code: {code_label()}")
    print(f"# one finger, {args.moves} touch moves at {args.hz} Hz through the window's input "
          "path, offscreen; frames painted and flushed during the moves")
    print(f"{'size':10s} {'mode':9s} {'moves':>6s} {'moves/s':>8s} {'frames':>7s} "
          f"{'frames/s':>9s} {'CPU % of a core':>16s} {'first ms':>9s} {'longest ms':>11s}")
    for size in args.sizes.split(","):
        for mode in args.modes.split(","):
            env = code_env({**os.environ, "QT_QPA_PLATFORM": "offscreen"})
            out = subprocess.run([sys.executable, __file__, "--child", size, str(args.moves),
                                  str(args.hz), mode], env=env, capture_output=True, text=True,
                                 check=True, cwd=ROOT)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{size:10s} {mode:9s} {r['moves']:6d} {r['moves'] / r['seconds']:8.0f} "
                  f"{r['frames']:7d} {r['frames'] / r['seconds']:9.1f} {r['cpu']:16.1f} "
                  f"{r['first']:9.1f} {r['longest']:11.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
