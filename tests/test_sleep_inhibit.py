"""The kiosk asks the desktop to keep the screen on, over a real (private) D-Bus session bus.

The bus and the stand-in screen saver are conftest fixtures; the stand-in
(tests/fake_screensaver.py) declares the same method signatures as the freedesktop service, so a
wrongly typed call fails here as it would on a real desktop.
"""

from __future__ import annotations

import os
import subprocess
import sys
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
