#!/usr/bin/env python3
"""Cold start of the kiosk: time to the first painted frame and peak memory, over several runs.

    .venv/bin/python bench/startup.py [--runs 5] [--platform offscreen|xcb]

Measures (a) `python -m kiosk` from the virtual environment and (b) the one-file `dist/kiosk`
(build it first: bash build_spec/build.sh; it is measured after one start has unpacked it).
The app prints
`first-frame <seconds since exec>` after its first paint when KIOSK_REPORT_FIRST_FRAME is set; peak
RSS comes from wait4() of the whole process (the one-file build's bootloader parent and its child
are both counted: the larger is shown). With --platform xcb each run gets a fresh Xvfb.
For the judged figure (first content on a full-screen window, settled PSS of every process), run
the shared harness: python3 ../shared/bench/first_frame.py --runs 5 -- dist/kiosk
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_run(cmd: list[str], platform: str) -> tuple[float, float, float]:
    env = {**os.environ, "KIOSK_REPORT_FIRST_FRAME": "1", "QT_QPA_PLATFORM": platform}
    xvfb = None
    if platform == "xcb":
        display = f":{90 + os.getpid() % 50}"
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten",
                                 "tcp"], stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        env["DISPLAY"] = display
    start = time.monotonic()
    proc = subprocess.Popen([*cmd, "run", str(ROOT / "slides.yaml"), "--exit-after", "2.5"],
                            env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read() if proc.stderr else ""
    if xvfb:
        xvfb.terminate()
        xvfb.wait()
    found = re.search(r"first-frame ([0-9.]+) monotonic=([0-9.]+)", err)
    if not found or os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"run failed ({status}): {err[-500:]}")
    first_frame = float(found.group(2)) - start  # from our exec, not the child's own clock
    peak_kb = max(usage.ru_maxrss, 0)
    return first_frame, peak_kb / 1024, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default="offscreen", choices=("offscreen", "xcb"))
    args = parser.parse_args()
    targets = {"python -m kiosk": [sys.executable, "-m", "kiosk"]}
    exe = ROOT / "dist" / "kiosk"
    if exe.is_file():
        targets[f"dist/kiosk ({exe.stat().st_size / 1e6:.1f} MB)"] = [str(exe)]
    else:
        print("dist/kiosk is missing: build it to measure the one-file start-up", file=sys.stderr)
    print(f"{args.runs} runs each, platform {args.platform}, {os.cpu_count()} CPUs")
    print(f"{'program':32s} {'first frame s (median)':>24s} {'min':>6s} {'max':>6s} "
          f"{'peak RSS MB':>12s}")
    for label, cmd in targets.items():
        runs = [one_run(cmd, args.platform) for _ in range(args.runs)]
        frames = [r[0] for r in runs]
        rss = [r[1] for r in runs]
        print(f"{label:32s} {statistics.median(frames):24.3f} {min(frames):6.3f} "
              f"{max(frames):6.3f} {statistics.median(rss):12.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
