#!/usr/bin/env python3
"""CPU the kiosk uses when nobody touches it: a paused slide, the attract loop, and asleep.

    .venv/bin/python bench/idle.py [--seconds 60] [--platform xcb|offscreen] [--exe dist/kiosk]
                                   [--only static|attract|asleep] [--size 1920x1080]

Starts the kiosk (under a fresh Xvfb for xcb), lets it settle, then reads its CPU time from
/proc over the window. Static: a deck with autoplay off. Attract loop: the bundled deck's own
timing (12 s a slide, fade transitions). Asleep: the bundled deck with opening hours that are
closed now (every weekday closed), so the kiosk sleeps from the start (black, attract loop and
timers stopped; the hours looked at once a minute). It prints the kiosk's own figures only:
Chromium's share for the same deck comes from the shared harness, run the same day on the same
machine (`bench/chromium_compare.py --idle 60`, or python3 ../shared/bench/first_frame.py --runs 3
--idle 60 -- CMD for each program); the target is a quarter of that.
KIOSK_SRC=/other/checkout/src measures another version of the kiosk with the same script.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from _harness import ROOT, code_env, code_label, cpu_seconds, deck_variant, machine, xvfb


def measure(cmd: list[str], deck: str, seconds: float, platform: str,
            size: str = "1920x1080") -> float:
    def run(env: dict[str, str]) -> float:
        proc = subprocess.Popen([*cmd, "run", deck], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, cwd=ROOT)
        try:
            time.sleep(4)  # start-up and first frame are not idle
            before = cpu_seconds(proc.pid)
            time.sleep(seconds)
            used = cpu_seconds(proc.pid) - before
        finally:
            proc.terminate()
            proc.wait()
        return 100 * used / seconds

    env = code_env({**os.environ, "QT_QPA_PLATFORM": platform})
    if platform == "xcb":
        with xvfb(size) as display:
            if display is None:
                raise SystemExit("Xvfb is not installed")
            return run({**env, "DISPLAY": display})
    return run(env)


ASLEEP_HOURS = """\
  duration: 12
  display:
    hours:
      weekly: {mon: closed, tue: closed, wed: closed, thu: closed, fri: closed, sat: closed,
               sun: closed}
      exceptions:
        - {date: 2000-01-01, hours: 09:00-18:00}
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--platform", default="xcb", choices=("xcb", "offscreen"))
    parser.add_argument("--exe", help="measure this executable instead of python -m kiosk")
    parser.add_argument("--only", choices=("static", "attract", "asleep"))
    parser.add_argument("--size", default="1920x1080", help="the Xvfb screen, e.g. 3840x2160")
    args = parser.parse_args()
    cmd = [args.exe] if args.exe else [sys.executable, "-m", "kiosk"]
    print(f"# {machine()}; code: {code_label()}")
    print(f"# {' '.join(cmd)}, {args.platform} {args.size}, {args.seconds:.0f} s each, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'state':24s} {'CPU % of a core':>16s} {'target':>10s}")
    if args.only in (None, "static"):
        static = deck_variant({"  duration: 12\n": "  duration: 12\n  autoplay: false\n"})
        pct = measure(cmd, str(static), args.seconds, args.platform, args.size)
        print(f"{'static, paused':24s} {pct:16.2f} {'< 1':>10s}", flush=True)
    if args.only in (None, "attract"):
        pct = measure(cmd, str(ROOT / "slides.yaml"), args.seconds, args.platform, args.size)
        print(f"{'attract loop':24s} {pct:16.2f} {'< 1/4 of Chromium (shared harness)':>36s}",
              flush=True)
    if args.only in (None, "asleep"):
        asleep = deck_variant({"  duration: 12\n": ASLEEP_HOURS})
        pct = measure(cmd, str(asleep), args.seconds, args.platform, args.size)
        print(f"{'asleep (opening hours)':24s} {pct:16.2f} {'~ 0':>10s}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
