#!/usr/bin/env python3
"""Start-up of the kiosk: time to the first frame, to the first live slide, and peak memory.

    .venv/bin/python bench/startup.py [--runs 5] [--platform offscreen|xcb]

Measures `python -m kiosk` from the virtual environment and, when it has been built
(bash build_spec/build.sh), the one-file `dist/kiosk`, in two states:
  - remembered: the kiosk has started before, so the first slide it remembered (raw pixels in its
    cache folder) goes up before the deck is even read; one untimed start fills that cache (and
    unpacks the one-file build) before the timed runs;
  - nothing remembered: an empty cache folder for every run, so the first frame is drawn live.
With KIOSK_REPORT_FIRST_FRAME set the app prints `first-frame` at its first frame, whichever it is,
and `first-live-frame` when the window first paints the slide drawn from the deck (after the
remembered one, if any); both are read as time since this script's exec of the program. Peak RSS
and CPU come from wait4() of the whole process (the one-file build's bootloader parent and its
child are both counted: the larger RSS is shown); CPU is user+system time of the whole run, the
2.5 s it stays up included, and on a shared machine it varies far less than the wall-clock
times. With --platform xcb each run gets a fresh Xvfb.
For the judged figure (first content on a full-screen window, settled PSS of every process), run
the shared harness: bench/chromium_compare.py, or python3 ../shared/bench/first_frame.py --runs 5
-- dist/kiosk. KIOSK_SRC=/other/checkout/src measures another version of `python -m kiosk`.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext

from _harness import ROOT, SRC, code_env, code_label, xvfb

Run = tuple[float, float, float, float]  # first frame s, first live frame s, peak RSS MB, CPU s


def one_run(cmd: list[str], platform: str, cache: str) -> Run:
    env = code_env({**os.environ, "KIOSK_REPORT_FIRST_FRAME": "1", "QT_QPA_PLATFORM": platform,
                    "KIOSK_CACHE_DIR": cache})
    with xvfb("1920x1080") if platform == "xcb" else nullcontext(None) as display:
        if display is not None:
            env["DISPLAY"] = display
        start = time.monotonic()
        proc = subprocess.Popen([*cmd, "run", str(ROOT / "slides.yaml"), "--exit-after", "2.5"],
                                env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        err = proc.stderr.read() if proc.stderr else ""
    first = re.search(r"first-frame [0-9.]+ monotonic=([0-9.]+)", err)
    live = re.search(r"first-live-frame [0-9.]+ monotonic=([0-9.]+)", err)
    if not first or not live or os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"run failed ({status}): {err[-500:]}")
    # From our exec, not the child's own clock (the one-file build execs twice).
    return (float(first.group(1)) - start, float(live.group(1)) - start, usage.ru_maxrss / 1024,
            usage.ru_utime + usage.ru_stime)


def measure(cmd: list[str], platform: str, runs: int, remembered: bool) -> list[Run]:
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-cache-") as cache:
        if remembered:
            one_run(cmd, platform, cache)  # untimed: fills the cache (and unpacks a one-file)
            return [one_run(cmd, platform, cache) for _ in range(runs)]
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="kiosk-bench-cache-") as cache:
            results.append(one_run(cmd, platform, cache))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default="offscreen", choices=("offscreen", "xcb"))
    args = parser.parse_args()
    targets = {"python -m kiosk": [sys.executable, "-m", "kiosk"]}
    exe = ROOT / "dist" / "kiosk"
    if (ROOT / "src").resolve() != SRC:
        pass  # dist/kiosk is this checkout's build, not the code under test
    elif exe.is_file():
        targets[f"dist/kiosk ({exe.stat().st_size / 1e6:.1f} MB)"] = [str(exe)]
    else:
        print("dist/kiosk is missing: build it to measure the one-file start-up", file=sys.stderr)
    print(f"# code: {code_label()}; {args.runs} runs each, platform {args.platform}, "
          f"{os.cpu_count()} CPUs; seconds from exec, median (min-max)")
    print(f"{'program':30s} {'state':18s} {'first frame':>19s} {'first live slide':>19s} "
          f"{'peak RSS MB':>12s} {'CPU s':>6s}")
    for label, cmd in targets.items():
        for remembered in (True, False):
            runs = measure(cmd, args.platform, args.runs, remembered)
            cells = []
            for column in (0, 1):
                values = [r[column] for r in runs]
                cells.append(f"{statistics.median(values):.3f} "
                             f"({min(values):.2f}-{max(values):.2f})")
            state = "remembered" if remembered else "nothing remembered"
            print(f"{label:30s} {state:18s} {cells[0]:>19s} {cells[1]:>19s} "
                  f"{statistics.median(r[2] for r in runs):12.1f} "
                  f"{statistics.median(r[3] for r in runs):6.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
