"""The one-file build is compiled without docstrings (PyInstaller's optimize=2, like python -OO):
what the program says and does must not come from a docstring."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DECK, FIXTURES

pytestmark = pytest.mark.usefixtures("gc_on_main_thread")


def kiosk(*args: str, optimize: bool, env: dict[str, str] | None = None) \
        -> subprocess.CompletedProcess[str]:
    flags = ["-OO"] if optimize else []
    return subprocess.run([sys.executable, *flags, "-m", "kiosk", *args], capture_output=True,
                          text=True, timeout=120, check=False,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})})


@pytest.mark.parametrize("args", [("schema",), ("--help",), ("run", "--help"),
                                  ("check", str(DECK)),
                                  ("check", str(FIXTURES / "outside" / "slides.yaml"))])
def test_the_program_says_the_same_without_docstrings(args: tuple[str, ...]) -> None:
    plain, optimized = kiosk(*args, optimize=False), kiosk(*args, optimize=True)
    assert plain.returncode == 0, plain.stderr[-2000:]
    assert (optimized.returncode, optimized.stdout, optimized.stderr) == \
        (plain.returncode, plain.stdout, plain.stderr)


def test_the_schema_describes_the_deck_parts_without_docstrings() -> None:
    import json

    schema = json.loads(kiosk("schema", optimize=True).stdout)
    described = {name for name, part in schema["$defs"].items() if part.get("description")}
    assert {"Text", "Theme", "OpeningHours", "Display", "DailyWindow"} <= described
    assert schema["description"].startswith("A whole deck file")


def test_a_run_without_docstrings_shows_the_deck(tmp_path: Path) -> None:
    done = kiosk("run", str(DECK), "--windowed", "--exit-after", "2", "--verbose", optimize=True,
                 env={"KIOSK_STATE_DIR": str(tmp_path / "st"),
                      "KIOSK_LOG_DIR": str(tmp_path / "logs")})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "starts on" in done.stderr and "Traceback" not in done.stderr, done.stderr[-2000:]
