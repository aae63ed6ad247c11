#!/usr/bin/env python3
"""How long after exec a stop signal still kills the kiosk instead of ending it in order.

    .venv/bin/python bench/stop_window.py [--runs 20]

Starts `python -m kiosk run --windowed` (and, when built, the single file dist/kiosk from an
unpacked copy) and polls /proc/PID/status as fast as it can until SigCgt shows a handler for
SIGTERM: the moment kiosk.platform.early_stop.catch() has run. Before it, SIGTERM kills the
process (Python's own start, and for the single file the launcher's check of its unpacked copy
and the bootloader). Each run is then stopped with SIGTERM; its exit code is reported (0: in
order). Milliseconds from just before exec, median (min-max). Linux only.
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


def one_run(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not caught(proc.pid) and proc.poll() is None:
        time.sleep(0.0005)  # fine enough; spinning would take a core from the kiosk
    took = (time.perf_counter() - start) * 1000
    proc.send_signal(signal.SIGTERM)
    return took, proc.wait(timeout=60)


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
        print(f"# code: {code_label()}; {args.runs} runs each; ms from exec to the SIGTERM handler")
        print(f"{'program':32} {'handler in, ms':>24}  exit codes after SIGTERM")
        for name, program in programs.items():
            cmd = [*program, "run", "--windowed", str(ROOT / "slides.yaml")]
            subprocess.run([*program, "--version"], env=env, capture_output=True, check=False)
            subprocess.run(cmd[:-1] + ["--exit-after", "0.1", cmd[-1]], env=env,
                           capture_output=True, check=False)  # unpacks the single file
            runs = [one_run(cmd, env) for _ in range(args.runs)]
            times = [t for t, _ in runs]
            codes = sorted({code for _, code in runs})
            print(f"{name:32} {statistics.median(times):8.1f} ({min(times):.1f}-{max(times):.1f})"
                  f"{'':6}  {codes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
