"""Before Qt starts, the kiosk finds the display or says in one line what is wrong; a screen
number that is not there is an error naming those that are. Each runs the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kiosk.shell import display
from tests.displays import dead_socket, free_display_number, xvfb

ROOT = Path(__file__).resolve().parents[1]
ADVICE = "set DISPLAY or WAYLAND_DISPLAY, or run from the desktop session"


def kiosk(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items()
            if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE",
                         "WAYLAND_SOCKET")}
    return subprocess.run([sys.executable, "-m", "kiosk", "run", str(ROOT / "slides.yaml"),
                           *args], env={**base, **env}, capture_output=True, text=True,
                          timeout=60, check=False)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_no_display_at_all(tmp_path: Path) -> None:
    line = one_line(kiosk({"XDG_RUNTIME_DIR": str(tmp_path)}))
    assert line == f"no display: {ADVICE}"


def test_a_dead_x_display() -> None:
    number = free_display_number()
    line = one_line(kiosk({"DISPLAY": f":{number}"}))
    assert line == (f"no display: DISPLAY=:{number} does not answer (no X server at "
                    f"/tmp/.X11-unix/X{number}); {ADVICE}")


def test_a_dead_wayland_socket(tmp_path: Path) -> None:
    dead_socket(tmp_path, "wayland-9")
    line = one_line(kiosk({"XDG_RUNTIME_DIR": str(tmp_path), "WAYLAND_DISPLAY": "wayland-9"}))
    assert line == (f"no display: WAYLAND_DISPLAY=wayland-9 does not answer (no compositor at "
                    f"{tmp_path / 'wayland-9'}); {ADVICE}")


def test_a_dead_wayland_socket_with_a_live_x_server_uses_x(tmp_path: Path) -> None:
    dead_socket(tmp_path, "wayland-9")
    with xvfb() as name:
        result = kiosk({"XDG_RUNTIME_DIR": str(tmp_path), "WAYLAND_DISPLAY": "wayland-9",
                        "XDG_SESSION_TYPE": "wayland", "DISPLAY": name,
                        "KIOSK_REPORT_FIRST_FRAME": "1"}, "--exit-after", "0.5")
    assert result.returncode == 0, result.stderr
    assert "first-frame" in result.stderr


def test_an_explicit_offscreen_platform_needs_no_display() -> None:
    assert display.problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert display.problem({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "/nonexistent"}) \
        == f"no display: {ADVICE}"


def test_screen_out_of_range_names_the_screens() -> None:
    with xvfb("1024x768") as name:
        result = kiosk({"DISPLAY": name}, "--screen", "5", "--exit-after", "0.5")
    assert result.returncode == 2, result.stderr
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("--screen")]
    assert line.startswith("--screen 5: no such screen; there is 1 screen: 0 = ")
    assert line.endswith("(1024x768)")


def test_screen_in_range_is_used() -> None:
    with xvfb() as name:
        result = kiosk({"DISPLAY": name}, "--screen", "0", "--exit-after", "0.5")
    assert result.returncode == 0, result.stderr
