from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.fake_screensaver import StandInScreenSaver

# Fixtures shared by several test files: the kiosk as a separate process, real X servers, and
# the fleet tests' broker and operator (mosquitto on loopback).
pytest_plugins = ["tests.kiosk_process", "tests.xserver", "tests.fleet_servers"]

# Qt reads this when the application starts: every test draws offscreen unless it says otherwise.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# In CI (CI=true) property tests draw the same examples on every run, so a red run is red again
# when repeated, and a failure prints the blob that replays it (@reproduce_failure). Tests that
# set their own max_examples or deadline keep them; the rest try this many examples.
# HYPOTHESIS_PROFILE=ci gives the same anywhere. No profile has hypothesis' per-example deadline
# (200 ms): on two shared cores any example can take longer once, which hypothesis reports as a
# failure; a hang is bounded by pytest-timeout, and tests that bound a time say so themselves.
settings.register_profile("ci", derandomize=True, max_examples=100, print_blob=True,
                          database=None, deadline=None)
settings.register_profile("local", settings.get_profile("default"), deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI", "").lower() == "true" else "local"))

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "slides.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The bundled deck and an unrelated one (portrait, five sections, long texts): rendering and
# navigation tests run on both, so nothing may assume the bundled deck's shape or wording.
DECKS = {"bundled": DECK, "outside": FIXTURES / "outside" / "slides.yaml"}


@pytest.fixture(params=sorted(DECKS), scope="module")
def any_deck_path(request: pytest.FixtureRequest) -> Path:
    return DECKS[request.param]


@pytest.fixture
def deck_path() -> Path:
    return DECK


@pytest.fixture
def write_deck(tmp_path: Path) -> Callable[[str], Path]:
    """Write deck text to a file in a fresh folder and return its path."""

    def write(text: str, name: str = "slides.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    from kiosk.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def pytest_report_header() -> str:
    import PySide6

    return f"PySide6 {PySide6.__version__}, Python {sys.version.split()[0]}"


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    """The kiosk is a QtGui program (no widgets): test it with the application class it uses."""
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication


@pytest.fixture
def session_bus() -> Iterator[str]:
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed (.ci/setup installs it)")
    proc = subprocess.Popen([daemon, "--session", "--nofork", "--print-address=1"],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    address = proc.stdout.readline().strip()
    yield address
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def screensaver(session_bus: str) -> Iterator[StandInScreenSaver]:
    stand_in = StandInScreenSaver(session_bus)
    yield stand_in
    stand_in.proc.kill()
    stand_in.proc.wait(timeout=10)
