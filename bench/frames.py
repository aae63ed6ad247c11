#!/usr/bin/env python3
"""Whole frames during transitions, in the real window: from when a frame is due to when it has
been painted and flushed to the screen.

    .venv/bin/python bench/frames.py [--transitions 200] [--sizes 1920x1080,3840x2160]
                                     [--platforms offscreen,xcb] [--kinds fade,slide,none]
                                     [--pause 0.25] [--cold]

For each platform, size and transition kind (fade, slide, none) it turns the page N times,
forward through the whole deck, leaving --pause seconds between turns: a quarter second as a
visitor would (so the kiosk can draw what comes next, as it does in the lobby), or 0, a visitor
swiping fast: the next turn is pressed as soon as the last transition has ended, with no idle
time for drawing ahead. --cold: before every turn the window forgets every slide but the one on
screen, so each turn draws its slide first (every slide cold, as on the first loop after start).
Every frame is timed around the window's own handling of Qt's update request: the paint of the
frame and the flush of the backing store to the screen (under Xvfb, the shared-memory image
handed to the X server; offscreen, the copy into the platform's buffer). It prints, per frame:
  - paint+flush ms: median, p95, p99, max;
  - due→shown ms: from the time the window's frame timer wanted the frame (its 60 Hz grid) to the
    end of the flush, median / p99 / max: the timer's lateness, the wait for Qt's update request
    and the work itself;
  - pace: the window's own frame rate for the transition (60 Hz; 30 Hz for a fade that blends
    more than a quarter of a 1080p screen, see shell/pacing.py; 60 Hz again for a fade through a
    heavy slide drawn as two parts on alternate frames, each part at 30 Hz: every 4K slide, see
    shell/fade_parts.py), median over frames;
  - dropped frames: gaps between two flushed frames of one transition longer than 1.5 periods
    of that pace, counted in periods missed. A second process that only sleeps 1 ms at a time
    watches for stalls of the whole machine; dropped frames that fall in one are counted in
    brackets;
  - key→shown ms: key press to the end of the flush of the transition's first frame.
xcb runs under a fresh Xvfb (software rendering, like a lobby PC without a GPU). The window runs
with the kiosk's own garbage collection (a timer on the UI thread, shell/ui_gc.py), as the running
kiosk does; without it Python collected in the middle of a frame (a 20 ms frame at 4K).
KIOSK_SRC=/other/checkout/src measures another version of the kiosk with the same script.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from typing import Any

from _harness import (
    ROOT,
    code_env,
    code_label,
    deck_variant,
    machine,
    open_kiosk,
    percentile,
    settle,
    stall_monitor,
    time_frames,
    xvfb,
)
from budgets import DROPPED_FRAMES, FRAME_P99_MS, verdict

PERIOD_MS = 1000 / 60
PAUSE_SECONDS = 0.25  # between page turns, as a visitor would leave them


def child(size: str, kind: str, transitions: int, pause: float = PAUSE_SECONDS,
          cold: bool = False) -> dict[str, Any]:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QGuiApplication, QKeyEvent

    width, height = (int(v) for v in size.split("x"))
    app = QGuiApplication([sys.argv[0]])
    from kiosk.deck import load_deck
    from kiosk.navigator import Navigator

    path = deck_variant({"transition: {kind: fade, duration: 0.5}":
                         f"transition: {{kind: {kind}, duration: 0.3}}"})
    loaded = load_deck(path)
    nav = Navigator(loaded.deck, autoplay=False)
    platform = QGuiApplication.platformName()
    window, quit_kiosk, session = open_kiosk(loaded, nav, kiosk_mode=platform != "offscreen")
    if platform == "offscreen":
        window.resize(width, height)
        window.show()
    else:
        session.show_on(app.primaryScreen())
    frames: list[tuple[float, float, float | None, float]] = []

    def period() -> float:  # the pace the window keeps now (60 Hz before it had one of its own)
        return float(getattr(getattr(window, "_pacer", None), "period", PERIOD_MS / 1000))

    time_frames(window, lambda start, end, due: frames.append((start, end, due, period())))
    settle(app, 5.0, window.isExposed)
    work: list[float] = []
    lateness: list[float] = []
    gaps: list[tuple[float, float, float]] = []  # two frames' ends and the pace between them
    latencies: list[float] = []
    paces: list[float] = []  # Hz, per frame
    for _ in range(transitions):
        # A visitor's pace: the page settles (and the kiosk draws what comes next) before the
        # next tap. Forward through the whole deck, so every slide's content takes part.
        if pause:
            settle(app, pause)
        if cold:
            # Only the slide on screen is ready, as after a start: the very one the window
            # drew (drawn again, it would be a new picture the window does not know it shows,
            # and the turn's first frame would repaint the whole screen, which no start does).
            shown = window.current_slide()
            window.cache.clear()
            slides = getattr(window.cache, "_slides", None)
            if slides is not None:
                slides[window.cache._key(nav.index, nav.shown, window.size(),
                                         window.devicePixelRatio())] = shown
            window.current_slide()
        frames.clear()
        pressed = time.monotonic()
        app.sendEvent(window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Right,
                                        Qt.KeyboardModifier.NoModifier))
        settle(app, 3.0, lambda: window.transition is None and bool(frames))
        if not frames:
            continue
        latencies.append((frames[0][1] - pressed) * 1000)
        work += [(end - start) * 1000 for start, end, _, _ in frames]
        # The turn's first frame is timed from the key (key→shown), not from a grid: with no
        # pause the key can come before the last fade's final frame, whose grid it would carry.
        lateness += [(end - due) * 1000 for _, end, due, _ in frames[1:] if due is not None]
        gaps += [(a[1], b[1], a[3]) for a, b in zip(frames, frames[1:], strict=False)]
        paces += [1 / pace for _, _, _, pace in frames[:-1]]
    quit_kiosk()
    late = [(a, b, pace) for a, b, pace in gaps if b - a > pace * 1.5]
    return {"frames": len(work), "median": statistics.median(work),
            "pace": statistics.median(paces) if paces else 60.0,
            "p95": percentile(work, 0.95), "p99": percentile(work, 0.99),
            "max": max(work), "dropped": sum(missed(a, b, pace) for a, b, pace in late),
            "late": late, "due_median": percentile(lateness, 0.5),
            "due_p99": percentile(lateness, 0.99), "due_max": max(lateness, default=math.nan),
            "latency_median": statistics.median(latencies), "latency_max": max(latencies)}


def missed(a: float, b: float, pace: float) -> int:
    return max(0, round((b - a) / pace) - 1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transitions", type=int, default=200)
    parser.add_argument("--sizes", default="1920x1080,3840x2160")
    parser.add_argument("--platforms", default="offscreen,xcb")
    parser.add_argument("--kinds", default="fade,slide,none")
    parser.add_argument("--pause", type=float, default=PAUSE_SECONDS,
                        help="seconds between turns (0: the next as soon as one has ended)")
    parser.add_argument("--cold", action="store_true",
                        help="forget every slide but the one on screen before each turn")
    parser.add_argument("--child", nargs=5, metavar=("SIZE", "KIND", "N", "PAUSE", "COLD"))
    args = parser.parse_args()
    if args.child:
        size, kind, n, pause, cold = args.child
        print(json.dumps(child(size, kind, int(n), float(pause), cold == "1")))
        return 0
    print(f"# {machine()}; code: {code_label()}; load average {os.getloadavg()[0]:.1f}")
    print(f"# {args.transitions} transitions each, {args.pause:g} s between turns"
          f"{', every slide cold' if args.cold else ''}; per frame: paint+flush ms (median p95 "
          "p99 max), due→shown ms (median/p99/max); the window's pace; dropped frames at that pace "
          "(in brackets: of "
          "those, the ones during a stall of the whole machine); key→shown ms (median/max); "
          "budget: p99 and dropped frames against bench/budgets.py")
    print(f"{'platform':10s} {'size':10s} {'kind':6s} {'frames':>7s} {'median':>7s} {'p95':>7s} "
          f"{'p99':>7s} {'max':>7s} {'due→shown':>17s} {'pace':>5s} {'dropped':>9s} "
          f"{'key→shown':>11s} "
          "budget")
    for platform in args.platforms.split(","):
        for size in args.sizes.split(","):
            for kind in args.kinds.split(","):
                env = code_env({**os.environ, "QT_QPA_PLATFORM": platform})
                if platform == "xcb":
                    with xvfb(size) as display:
                        if display is None:
                            print(f"{platform:10s} {size:10s} {kind:6s} (no Xvfb)")
                            continue
                        env["DISPLAY"] = display
                        result, stalls = run_child(env, size, kind, args.transitions,
                                                   args.pause, args.cold)
                else:
                    result, stalls = run_child(env, size, kind, args.transitions, args.pause,
                                               args.cold)
                stalled = sum(missed(a, b, pace) for a, b, pace in result["late"]
                              if any(sa < b and se > a for sa, se in stalls))
                dropped = f"{result['dropped']} ({stalled})"
                due = (f"{result['due_median']:.1f}/{result['due_p99']:.1f}/"
                       f"{result['due_max']:.1f}")
                budget = FRAME_P99_MS.get(size)
                judged = [verdict(result["p99"], budget),
                          verdict(result["dropped"], DROPPED_FRAMES)]
                print(f"{platform:10s} {size:10s} {kind:6s} {result['frames']:7d} "
                      f"{result['median']:7.2f} {result['p95']:7.2f} {result['p99']:7.2f} "
                      f"{result['max']:7.2f} {due:>17s} {result['pace']:5.0f} {dropped:>9s} "
                      f"{result['latency_median']:5.1f}/{result['latency_max']:.1f} "
                      f"{'/'.join(judged)}", flush=True)
    return 0


def run_child(env: dict[str, str], size: str, kind: str, n: int, pause: float,
              cold: bool) -> tuple[dict, list[tuple[float, float]]]:  # type: ignore[type-arg]
    with stall_monitor() as stalls:
        out = subprocess.run([sys.executable, __file__, "--child", size, kind, str(n),
                              str(pause), "1" if cold else "0"], env=env,
                             capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1]), stalls


if __name__ == "__main__":
    raise SystemExit(main())
