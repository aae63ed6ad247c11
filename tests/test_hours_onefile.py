"""The one-file build carries the time zones a deck's opening hours need, for systems without
zone files of their own (Windows, slim images): with the system's zone files out of reach, the
single file still reads Asia/Seoul and names a misspelt zone."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hours_decks import deck_text
from tests.onefile import built

# The first test of a run that needs the single file builds it: minutes on a busy machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def test_the_single_file_brings_its_own_time_zones(write_deck: Callable[[str], Path],
                                                   tmp_path: Path) -> None:
    exe = built()
    nowhere = tmp_path / "no-zoneinfo"
    nowhere.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen", "PYTHONTZPATH": str(nowhere)}
    good = write_deck(deck_text())
    done = subprocess.run([str(exe), "check", str(good)], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    bad = write_deck(deck_text().replace("time_zone: Asia/Seoul", "time_zone: Asia/Seol"),
                     "bad.yaml")
    done = subprocess.run([str(exe), "check", str(bad)], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    assert done.returncode == 1
    assert "unknown time zone 'Asia/Seol' (did you mean 'Asia/Seoul'?)" in done.stdout + \
        done.stderr
