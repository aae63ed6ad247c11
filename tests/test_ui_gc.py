"""The running kiosk collects Python's cyclic garbage on the UI thread only: its own threads (the
screen's power switch under opening hours, the alerts' writer, a fleet's poller and broker loop)
allocate too, and a collection that ran on one of them would free Qt objects there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import gc, sys, threading
from kiosk.cli import main
seen = []
def callback(phase, info):
    if phase == "start":
        seen.append(threading.current_thread() is threading.main_thread())
gc.callbacks.append(callback)
code = main(["run", "--windowed", "--exit-after", "2.5"])
# After the first frame automatic collection is off and the UI thread collects by timer.
print("RESULT", code, gc.isenabled(), len(seen) > 0, all(seen), flush=True)
"""


@pytest.mark.timeout(120)
def test_the_running_kiosk_collects_on_the_ui_thread_only(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_CACHE_DIR": str(tmp_path / "c"),
           "KIOSK_LOG_DIR": str(tmp_path / "logs"), "KIOSK_STATE_DIR": str(tmp_path / "s")}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=100, check=False)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT")), "")
    assert line, done.stdout + done.stderr
    _, code, enabled, collected, on_ui = line.split()
    assert code == "0" and enabled == "False", line
    assert collected == "True" and on_ui == "True", line  # the timer collected, on the UI thread
