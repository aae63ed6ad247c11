"""A sleeping kiosk under cage (wlroots, headless), as a lobby PC without X runs it: the output
is switched off through the output-power protocol where the compositor offers it (wlopm), and
otherwise the kiosk shows black and says why. cage refuses root, so the kiosk runs as the
kiosk-test user (.ci/setup makes it), from this checkout with the system's Python 3."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hours_decks import deck_text
from tests.launcher_payloads import TEST_USER, launch, second_user
from tests.test_display_power import NIGHT_DECK_HOURS

ROOT = Path(__file__).resolve().parents[1]


def system_python() -> str | None:
    """The system's python3 of this Python's version (the test's own may sit in a folder the
    other user cannot enter), or None."""
    found = shutil.which("python3", path="/usr/bin:/bin")
    if found is None:
        return None
    version = subprocess.run([found, "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True, check=False).stdout.strip()
    return found if version == str(sys.version_info[:2]) else None


@pytest.fixture
def folder() -> Iterator[Path]:
    user = second_user()
    if user is None:
        pytest.skip(f"needs the {TEST_USER} user (bash .ci/setup makes it, as root)")
    if shutil.which("cage") is None:
        pytest.skip("cage is not installed (bash .ci/setup installs it)")
    made = Path(tempfile.mkdtemp(prefix="kiosk-hours-wayland-"))
    made.chmod(0o755)
    for sub in ("home", "runtime"):
        (made / sub).mkdir(mode=0o700)
        shutil.chown(made / sub, user.pw_uid, user.pw_gid)
    (made / "slides.yaml").write_text(deck_text(hours=NIGHT_DECK_HOURS), encoding="utf-8")
    yield made
    shutil.rmtree(made, ignore_errors=True)


def test_under_cage_the_sleeping_output_is_off_or_black_and_said(folder: Path) -> None:
    python = system_python()
    packages = sysconfig.get_paths()["purelib"]
    if python is None:
        pytest.skip("no system python3 of this version for the kiosk-test user")
    result = launch(Path("/usr/bin/cage"), {
        "PATH": "/usr/bin:/bin", "HOME": str(folder / "home"),
        "XDG_RUNTIME_DIR": str(folder / "runtime"), "LANG": "C.UTF-8",
        "WLR_BACKENDS": "headless", "WLR_LIBINPUT_NO_DEVICES": "1", "WLR_RENDERER": "pixman",
        "PYTHONPATH": f"{ROOT / 'src'}:{packages}", "KIOSK_REPORT_FIRST_FRAME": "1",
        "KIOSK_LOG_DIR": str(folder / "home" / "logs")},
        "--", "/usr/bin/env", "-u", "DISPLAY", python, "-m", "kiosk", "run", "--verbose",
        "--exit-after", "4", str(folder / "slides.yaml"), user=TEST_USER, timeout=120)
    if "Permission denied" in result.stderr and "site-packages" in result.stderr:
        pytest.skip("the test's packages are not readable by the kiosk-test user")
    assert result.returncode == 0, result.stderr
    assert "first-frame" in result.stderr, result.stderr
    said = [line for line in result.stderr.splitlines() if "display power: " in line]
    assert said, result.stderr
    if shutil.which("wlopm"):
        assert "outputs switched off through wlopm" in said[0] or \
            "does not offer output power management" in said[0]
    else:  # Debian 12 has no wlopm (and its cage 0.1.4 no output-power protocol)
        assert "wlopm is not installed, so the output cannot be switched off; the screen " \
            "shows black instead" in said[0]
    assert "Traceback" not in result.stderr
