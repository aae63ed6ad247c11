#!/usr/bin/env python3
"""Frame times during transitions, in the real window.

    .venv/bin/python bench/frames.py [--transitions 200] [--sizes 1920x1080,3840x2160]
                                     [--platforms offscreen,xcb]

For each platform, size and transition kind (fade, slide, none) it turns the page N times,
forward through the whole deck, leaving a quarter second between turns as a visitor would (so the
kiosk can draw what comes next, as it does in the lobby). It records the time each frame takes to
paint and the gap between frames while a transition runs, and prints median, p95, p99 and max
paint time and the frames dropped at 60 Hz (a gap longer than 1.5 frame periods). A second
process that only sleeps 1 ms at a time watches for stalls of the whole machine; dropped frames
that fall in one are counted in brackets. It also measures key press -> first frame of the
transition. xcb runs under a fresh Xvfb (software rendering, like a lobby PC without a GPU).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from _harness import ROOT, deck_variant, machine, percentile, settle, stall_monitor, xvfb

PERIOD_MS = 1000 / 60
PAUSE_SECONDS = 0.25  # between page turns, as a visitor would leave them


def child(size: str, kind: str, transitions: int) -> dict[str, Any]:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QGuiApplication, QKeyEvent

    width, height = (int(v) for v in size.split("x"))
    app = QGuiApplication([sys.argv[0]])
    from kiosk.deck import load_deck
    from kiosk.navigator import Navigator
    from kiosk.shell.session import Session

    path = deck_variant({"transition: {kind: fade, duration: 0.5}":
                         f"transition: {{kind: {kind}, duration: 0.3}}"})
    loaded = load_deck(path)
    nav = Navigator(loaded.deck, autoplay=False)
    platform = QGuiApplication.platformName()
    session = Session(loaded, nav, kiosk_mode=platform != "offscreen")
    window = session.window
    if platform == "offscreen":
        window.resize(width, height)
        window.show()
    else:
        session.show_on(app.primaryScreen())
    paints: list[float] = []
    stamps: list[float] = []
    original = window._paint

    def timed(painter, now):  # type: ignore[no-untyped-def]
        start = time.monotonic()
        original(painter, now)
        paints.append((time.monotonic() - start) * 1000)
        stamps.append(time.monotonic())

    window._paint = timed  # type: ignore[method-assign]
    settle(app, 5.0, window.isExposed)
    frame_paint: list[float] = []
    gaps: list[tuple[float, float]] = []
    latencies: list[float] = []
    for _ in range(transitions):
        # A visitor's pace: the page settles (and the kiosk draws what comes next) before the
        # next tap. Forward through the whole deck, so every slide's content takes part.
        settle(app, PAUSE_SECONDS)
        paints.clear()
        stamps.clear()
        pressed = time.monotonic()
        app.sendEvent(window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Right,
                                        Qt.KeyboardModifier.NoModifier))
        settle(app, 3.0, lambda: window.transition is None and bool(stamps))
        if stamps:
            latencies.append((stamps[0] - pressed) * 1000)
        frame_paint += paints
        gaps += list(zip(stamps, stamps[1:], strict=False))
    session.quit()
    late = [(a, b) for a, b in gaps if (b - a) * 1000 > PERIOD_MS * 1.5]
    return {"frames": len(frame_paint), "median": statistics.median(frame_paint),
            "p95": percentile(frame_paint, 0.95), "p99": percentile(frame_paint, 0.99),
            "max": max(frame_paint), "dropped": sum(missed(a, b) for a, b in late),
            "late": late, "latency_median": statistics.median(latencies),
            "latency_max": max(latencies)}


def missed(a: float, b: float) -> int:
    return max(0, round((b - a) * 1000 / PERIOD_MS) - 1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transitions", type=int, default=200)
    parser.add_argument("--sizes", default="1920x1080,3840x2160")
    parser.add_argument("--platforms", default="offscreen,xcb")
    parser.add_argument("--kinds", default="fade,slide,none")
    parser.add_argument("--child", nargs=3, metavar=("SIZE", "KIND", "N"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], int(args.child[2]))))
        return 0
    print(f"# {machine()}")
    print(f"# {args.transitions} transitions each; paint ms per frame; dropped frames at 60 Hz "
          "(in brackets: of those, the ones during a stall of the whole machine)")
    print(f"{'platform':10s} {'size':10s} {'kind':6s} {'frames':>7s} {'median':>7s} {'p95':>7s} "
          f"{'p99':>7s} {'max':>7s} {'dropped':>9s} {'key→frame ms':>13s}")
    for platform in args.platforms.split(","):
        for size in args.sizes.split(","):
            for kind in args.kinds.split(","):
                env = {**os.environ, "QT_QPA_PLATFORM": platform}
                if platform == "xcb":
                    with xvfb(size) as display:
                        if display is None:
                            print(f"{platform:10s} {size:10s} {kind:6s} (no Xvfb)")
                            continue
                        env["DISPLAY"] = display
                        result, stalls = run_child(env, size, kind, args.transitions)
                else:
                    result, stalls = run_child(env, size, kind, args.transitions)
                stalled = sum(missed(a, b) for a, b in result["late"]
                              if any(sa < b and se > a for sa, se in stalls))
                dropped = f"{result['dropped']} ({stalled})"
                print(f"{platform:10s} {size:10s} {kind:6s} {result['frames']:7d} "
                      f"{result['median']:7.2f} {result['p95']:7.2f} {result['p99']:7.2f} "
                      f"{result['max']:7.2f} {dropped:>9s} "
                      f"{result['latency_median']:6.1f}/{result['latency_max']:.1f}", flush=True)
    return 0


def run_child(env: dict[str, str], size: str, kind: str,
              n: int) -> tuple[dict, list[tuple[float, float]]]:  # type: ignore[type-arg]
    with stall_monitor() as stalls:
        out = subprocess.run([sys.executable, __file__, "--child", size, kind, str(n)], env=env,
                             capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1]), stalls


if __name__ == "__main__":
    raise SystemExit(main())
