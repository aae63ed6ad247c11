#!/usr/bin/env python3
"""How long after exec a stop signal still kills the kiosk instead of ending it in order.

    .venv/bin/python bench/stop_window.py [--runs 20]

Starts `python -m kiosk run --windowed` (and, when built, the single file dist/kiosk from an
unpacked copy) and polls /proc/PID every 0.2 ms: when the process becomes the kiosk itself (the
single file's launcher, a shell, execs it in the same process; for `python -m kiosk` at once)
and when SIGTERM has a handler in SigCgt (kiosk.platform.early_stop.catch() has run). Between
those two moments a SIGTERM kills the process (the bootloader and Python's own start); before,
the launcher's trap ends it with 0. Each run is then stopped with SIGTERM and its exit code
reported (0: in order). Milliseconds from just before exec. Linux only.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import ROOT, code_env, code_label


def caught(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(mask.split()[1], 16) >> (signal.SIGTERM - 1) & 1)


SHELLS = {"sh", "dash", "bash"}


def program_of(pid: int) -> str:
    try:
        return os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return ""


def one_run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(ms to the exec of the kiosk itself, ms to its SIGTERM handler, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    execed = None
    while proc.poll() is None:
        if program_of(proc.pid) not in SHELLS | {""}:  # the launcher has exec'd the kiosk
            execed = execed or time.perf_counter()
            if caught(proc.pid):
                break
        time.sleep(0.0002)  # fine enough; spinning would take a core from the kiosk
    took = (time.perf_counter() - start) * 1000
    proc.send_signal(signal.SIGTERM)
    return ((execed or start) - start) * 1000, took, proc.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = code_env({**os.environ, "QT_QPA_PLATFORM": "offscreen",
                        "KIOSK_CACHE_DIR": f"{tmp}/cache", "KIOSK_LOG_DIR": f"{tmp}/logs",
                        "XDG_CACHE_HOME": f"{tmp}/xdg"})
        programs = {"python -m kiosk": [sys.executable, "-m", "kiosk"]}
        if (ROOT / "dist" / "kiosk").is_file() and "KIOSK_SRC" not in os.environ:
            programs["dist/kiosk (unpacked before)"] = [str(ROOT / "dist" / "kiosk")]
        print(f"# code: {code_label()}; {args.runs} runs each; ms from exec, median (min-max)")
        print(f"{'program':30} {'the kiosk exec’d':>20} {'its SIGTERM handler in':>24}"
              "  exit codes after SIGTERM")
        for name, program in programs.items():
            cmd = [*program, "run", "--windowed", str(ROOT / "slides.yaml")]
            subprocess.run(cmd[:-1] + ["--exit-after", "0.1", cmd[-1]], env=env,
                           capture_output=True, check=False)  # unpacks the single file
            runs = [one_run(cmd, env) for _ in range(args.runs)]
            execs = [e for e, _, _ in runs]
            times = [t for _, t, _ in runs]
            codes = sorted({code for _, _, code in runs})
            print(f"{name:30} {statistics.median(execs):8.1f} ({min(execs):.1f}-{max(execs):.1f})"
                  f" {statistics.median(times):12.1f} ({min(times):.1f}-{max(times):.1f})"
                  f"  {codes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
