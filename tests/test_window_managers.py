"""Under real window managers the kiosk stays in front and keeps the keyboard when a popup opens:
xfwm4 stacked popups over the deck, openbox gave a popup hidden behind it the focus. Each runs
the real CLI on an Xvfb with the window manager and an `xmessage` popup, and reads the stacking
and focus the way the X server and the window manager publish them (xprop, xdotool)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.displays import xvfb
from tests.launcher_payloads import wait_for

ROOT = Path(__file__).resolve().parents[1]
WINDOW_MANAGERS = {
    "openbox": ["openbox"],
    # xfwm4 reads its settings over D-Bus (xfconf): a private session bus of its own
    "xfwm4": ["dbus-run-session", "--", "xfwm4", "--compositor=off"],
}


def root_windows(display: str, atom: str) -> list[int]:
    out = subprocess.run(["xprop", "-display", display, "-root", atom], capture_output=True,
                         text=True, check=False).stdout
    return [int(w, 16) for w in re.findall(r"0x[0-9a-f]+", out)]


def focused(display: str) -> int:
    out = subprocess.run(["xdotool", "getwindowfocus"], capture_output=True, text=True,
                         check=False, env={**os.environ, "DISPLAY": display}).stdout
    return int(out.strip() or 0)


def managed(display: str, window: int) -> bool:
    out = subprocess.run(["xprop", "-display", display, "-id", str(window), "WM_STATE"],
                         capture_output=True, text=True, check=False).stdout
    return "Normal" in out


@pytest.fixture(params=sorted(WINDOW_MANAGERS))
def desktop(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    command = WINDOW_MANAGERS[request.param]
    for tool in (command[0], "xprop", "xdotool", "xmessage"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (bash .ci/setup installs it)")
    with xvfb() as display:
        log = (tmp_path / "wm.log").open("w")
        wm = subprocess.Popen(command, env={**os.environ, "DISPLAY": display, "NO_AT_BRIDGE": "1",
                                            "HOME": str(tmp_path)},
                              stdout=log, stderr=log)
        try:
            wait_for(lambda: bool(root_windows(display, "_NET_SUPPORTING_WM_CHECK"))
                     or wm.poll() is not None)
            assert wm.poll() is None, (tmp_path / "wm.log").read_text()
            yield display
        finally:
            wm.terminate()
            wm.wait(timeout=10)


def steady(condition: object, seconds: float = 1.0, timeout: float = 15.0) -> bool:
    """True once the condition has held for `seconds` without a break."""
    assert callable(condition)
    deadline, since = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        if condition():
            since = since or time.monotonic()
            if time.monotonic() - since >= seconds:
                return True
        else:
            since = None
        time.sleep(0.05)
    return False


def test_a_popup_neither_covers_the_kiosk_nor_takes_its_keyboard(desktop: str,
                                                                  tmp_path: Path) -> None:
    env = {**os.environ, "DISPLAY": desktop, "HOME": str(tmp_path), "XDG_CACHE_HOME":
           str(tmp_path / "cache"), "KIOSK_REPORT_FIRST_FRAME": "1"}
    for name in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    kiosk = subprocess.Popen([sys.executable, "-m", "kiosk", "run", str(ROOT / "slides.yaml"),
                              "--exit-after", "30"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    popup = None
    try:
        assert kiosk.stderr is not None
        while "first-frame" not in (line := kiosk.stderr.readline()):
            assert line, "the kiosk ended before its first frame"
        wait_for(lambda: len(root_windows(desktop, "_NET_CLIENT_LIST")) == 1
                 and bool(root_windows(desktop, "_NET_ACTIVE_WINDOW")))
        (window,) = root_windows(desktop, "_NET_CLIENT_LIST")
        popup = subprocess.Popen(["xmessage", "-center", "An update is available"],
                                 env=env, stderr=subprocess.DEVNULL)
        wait_for(lambda: len(root_windows(desktop, "_NET_CLIENT_LIST")) == 2)
        (other,) = set(root_windows(desktop, "_NET_CLIENT_LIST")) - {window}
        wait_for(lambda: managed(desktop, other))

        def in_front() -> bool:
            stacking = root_windows(desktop, "_NET_CLIENT_LIST_STACKING")
            return bool(stacking) and stacking[-1] == window \
                and root_windows(desktop, "_NET_ACTIVE_WINDOW")[:1] == [window] \
                and focused(desktop) == window

        assert steady(in_front), (root_windows(desktop, "_NET_CLIENT_LIST_STACKING"),
                                  root_windows(desktop, "_NET_ACTIVE_WINDOW"), focused(desktop))
    finally:
        if popup is not None:
            popup.terminate()
            popup.wait(timeout=10)
        kiosk.terminate()
        kiosk.communicate(timeout=30)
