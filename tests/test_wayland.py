"""The one-file build in Wayland-only sessions, as lobby kiosks run it: under cage (wlroots) and
under weston's kiosk shell, both headless, with no X server the kiosk could fall back to.

What shows full-screen is read from the compositor's own word: Qt logs every xdg_toplevel
configure the compositor sends (size and state), and the kiosk reports its first painted frame.
(Screenshots are no use here: headless wlroots 0.15 and weston 10 give black for any full-screen
client, weston's own demo clients included.) Both compositors refuse root or want a user's
runtime folder, so the session runs as the kiosk-test user that .ci/setup makes."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.launcher_payloads import TEST_USER, launch, second_user, wait_for
from tests.onefile import built

# The first test of a run that needs the single file builds it: minutes on a busy machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

OUTPUT = (1280, 720)  # both compositors' default headless output
CONFIGURE = re.compile(r"Applied pending xdg_toplevel configure event: QSize\((\d+), (\d+)\) "
                       r"and QFlags<Qt::WindowState>\(([^)]*)\)")


@dataclass
class Session:
    folder: Path  # readable by the user: holds the executable, and is where everything starts
    # (the clone may not be readable by other users)
    home: Path
    runtime: Path  # XDG_RUNTIME_DIR, 0700, the user's

    def env(self, **extra: str) -> dict[str, str]:
        return {"PATH": "/usr/bin:/bin", "HOME": str(self.home),
                "XDG_RUNTIME_DIR": str(self.runtime), "LANG": "C.UTF-8",
                "QT_LOGGING_RULES": "qt.qpa.wayland=true", "KIOSK_REPORT_FIRST_FRAME": "1",
                **extra}


@pytest.fixture
def session() -> Iterator[Session]:
    user = second_user()
    if user is None:
        pytest.skip(f"needs the {TEST_USER} user (bash .ci/setup makes it, as root)")
    folder = Path(tempfile.mkdtemp(prefix="kiosk-wayland-"))
    folder.chmod(0o755)
    shutil.copy2(built(), folder / "kiosk")
    (folder / "kiosk").chmod(0o755)
    made = Session(folder, folder / "home", folder / "runtime")
    for path in (made.home, made.runtime):
        path.mkdir(mode=0o700)
        shutil.chown(path, user.pw_uid, user.pw_gid)
    yield made
    shutil.rmtree(folder, ignore_errors=True)


def shown_full_screen(stderr: str, state: str) -> None:
    assert "Traceback" not in stderr
    assert "Using the 'xdg-shell' shell integration" in stderr, stderr
    assert "first-frame" in stderr, stderr
    configured = CONFIGURE.findall(stderr)
    assert configured, stderr
    width, height, states = configured[-1]
    assert (int(width), int(height)) == OUTPUT, configured
    assert state in states, configured


def test_cage_without_xwayland_shows_the_deck_full_screen(session: Session) -> None:
    if shutil.which("cage") is None:
        pytest.skip("cage is not installed (bash .ci/setup installs it)")
    # cage sets DISPLAY for the X clients it would serve through XWayland (started only when one
    # connects); the kiosk gets it removed, so all it has is WAYLAND_DISPLAY.
    result = launch(Path("/usr/bin/cage"), session.env(
        WLR_BACKENDS="headless", WLR_LIBINPUT_NO_DEVICES="1", WLR_RENDERER="pixman"),
        "--", "/usr/bin/env", "-u", "DISPLAY", str(session.folder / "kiosk"), "run",
        "--exit-after", "2", user=TEST_USER, timeout=120, cwd=session.folder)
    assert result.returncode == 0, result.stderr
    # cage 0.1.4 (Debian 12) maximizes its one window over the whole output instead of
    # honouring full-screen; later cage versions honour it.
    shown_full_screen(result.stderr, "WindowMaximized")


def test_weston_kiosk_shell_shows_the_deck_full_screen(session: Session) -> None:
    if shutil.which("weston") is None:
        pytest.skip("weston is not installed (bash .ci/setup installs it)")
    weston = subprocess.Popen(
        ["runuser", "-u", TEST_USER, "--", "env", "-i",
         *(f"{k}={v}" for k, v in session.env().items()), "weston",
         "--backend=headless-backend.so", "--shell=kiosk-shell.so", "--socket=kiosk-test",
         f"--width={OUTPUT[0]}", f"--height={OUTPUT[1]}", "--idle-time=0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=session.folder)
    try:
        socket = session.runtime / "kiosk-test"
        wait_for(lambda: socket.is_socket() or weston.poll() is not None)  # no readiness signal
        assert socket.is_socket(), weston.stderr.read() if weston.stderr else ""
        result = launch(session.folder / "kiosk", session.env(WAYLAND_DISPLAY="kiosk-test"),
                        "run", "--exit-after", "2", user=TEST_USER, timeout=120,
                        cwd=session.folder)
    finally:
        weston.terminate()
        weston.communicate(timeout=30)
    assert result.returncode == 0, result.stderr
    shown_full_screen(result.stderr, "WindowFullScreen")
