"""A simulated day unattended (bench/soak_fleet.py, shortened): the week's figures in little."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fleet_servers import mosquitto_binary

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]


def test_a_simulated_day_unattended() -> None:
    """A flapping server with broken, half-uploaded and slow versions, a broker restart,
    garbage every hour and the network thread killed once: no crash, every command answered,
    flat memory, every version shown, a quiet log."""
    if mosquitto_binary() is None:
        pytest.skip("mosquitto is not installed (.ci/setup installs it)")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "soak_fleet.py"), "--days",
                           "1.25", "--json"], capture_output=True, text=True, timeout=170,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["crashes"] == 0, figures["crash_list"]
    assert figures["commands_answered"] == figures["commands_sent"] == 30, figures["unanswered"]
    assert figures["memory_growth_mb"] < 5
    # The network thread killed once: the supervisor had the kiosk listening again soon.
    assert figures["threads_killed"] == figures["mqtt_restarts"] == 1
    assert figures["recovery_seconds_max"] < 30
    # Every valid version published reaches the screen (the broken ones never do).
    assert figures["versions_shown"] == figures["versions_published"] == 6
    # Each kind of failure is said once, not on every poll or every garbage message.
    assert figures["log_lines_per_hour"] < 10 and figures["log_lines_max_hour"] < 30, \
        figures["warnings_sample"]
