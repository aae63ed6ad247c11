"""The kiosk asks the desktop to keep the screen on, over a real (private) D-Bus session bus.

The bus and the stand-in screen saver are conftest fixtures; the stand-in
(tests/fake_screensaver.py) declares the same method signatures as the freedesktop service, so a
wrongly typed call fails here as it would on a real desktop.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.fake_screensaver import StandInScreenSaver


def test_the_running_kiosk_inhibits_the_screen_saver_and_lets_go_on_exit(
        session_bus: str, screensaver: StandInScreenSaver, tmp_path: Path) -> None:
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": session_bus, "QT_QPA_PLATFORM": "offscreen",
           "KIOSK_CACHE_DIR": str(tmp_path / "cache"), "KIOSK_LOG_DIR": str(tmp_path / "logs")}
    run = subprocess.run([sys.executable, "-m", "kiosk", "run", "--exit-after", "1.5"], env=env,
                         capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert screensaver.calls() == ["Inhibit 'kiosk' 'lobby display' -> 4242", "UnInhibit 4242"]
    log = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "screen saver inhibited (cookie 4242)" in log, log


def test_a_refused_inhibit_is_said_as_refused_and_never_released(session_bus: str,
                                                                 tmp_path: Path) -> None:
    refusing = StandInScreenSaver(session_bus, "refuse")
    try:
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": session_bus,
               "QT_QPA_PLATFORM": "offscreen", "KIOSK_CACHE_DIR": str(tmp_path / "cache"),
               "KIOSK_LOG_DIR": str(tmp_path / "logs")}
        run = subprocess.run([sys.executable, "-m", "kiosk", "run", "--exit-after", "1.5"],
                             env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        calls = refusing.calls()
    finally:
        refusing.proc.kill()
        refusing.proc.wait(timeout=10)
    assert calls == ["Refused 'kiosk' 'lobby display'"]  # asked once, nothing to let go
    log = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "inhibited" not in log
    refused = [line for line in log.splitlines() if "screen saver" in line]
    assert len(refused) == 1, log
    assert "refused" in refused[0] and "inhibiting is not allowed here" in refused[0], log


def test_a_screen_saver_that_never_answers_holds_nothing_up(session_bus: str,
                                                           tmp_path: Path) -> None:
    hung = StandInScreenSaver(session_bus, "hang")
    try:
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": session_bus,
               "QT_QPA_PLATFORM": "offscreen", "KIOSK_CACHE_DIR": str(tmp_path / "cache"),
               "KIOSK_LOG_DIR": str(tmp_path / "logs")}
        began = time.monotonic()
        run = subprocess.run([sys.executable, "-m", "kiosk", "run", "--exit-after", "1.5"],
                             env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)
        took = time.monotonic() - began
        calls = hung.calls()
    finally:
        hung.proc.kill()
        hung.proc.wait(timeout=10)
    assert run.returncode == 0, run.stderr
    assert "Took Inhibit" in calls  # asked, and left waiting
    # (The old blocking calls waited D-Bus's 25 s for each answer.)
    assert took < 20, f"the kiosk took {took:.0f} s with a screen saver that never answers"
    log = (tmp_path / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "the screen saver never answered" in log, log
    assert "inhibited" not in log


def test_on_windows_the_display_is_required_until_release(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    # No Windows machine here: a stand-in kernel32 records what the inhibitor asks of it.
    import ctypes

    from kiosk.shell import lockdown

    calls: list[int] = []

    class Kernel32:
        def SetThreadExecutionState(self, flags: int) -> int:  # noqa: N802 (the Win32 name)
            calls.append(flags)
            return 0x80000000

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(kernel32=Kernel32()), raising=False)
    inhibitor = lockdown.SleepInhibitor()
    inhibitor.acquire()
    assert inhibitor.active
    # ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED, as the Win32 documentation gives
    assert calls == [0x80000003]
    inhibitor.release()
    assert calls == [0x80000003, 0x80000000] and not inhibitor.active  # back to the default
