"""What a plain `kiosk run` imports: the memory budget is paid per module a running kiosk holds,
so what only another command, a flag or a deck asks for stays out of a lone lobby's process."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.decks import MINIMAL

pytestmark = pytest.mark.usefixtures("gc_on_main_thread")

# The package metadata machinery (importlib.metadata brings email, csv, zipfile's readers and
# socket's address parsing with it: ~3 MB of the running kiosk), logging's other handlers (pickle,
# queue: ~0.45 MB), difflib (only a deck's mistakes need it), and the optional parts.
NOT_IN_A_PLAIN_RUN = ("importlib.metadata", "email", "csv", "logging.handlers", "pickle", "difflib",
                      "kiosk.fleet", "paho",
                      "kiosk.ops.speech", "kiosk.deck.spoken", "PySide6.QtTextToSpeech",
                      "kiosk.ops.export", "kiosk.ops.accessible_export")


def imported_by_run(tmp_path: Path, *args: str) -> set[str]:
    deck = tmp_path / "slides.yaml"
    deck.write_text(MINIMAL, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_STATE_DIR": str(tmp_path / "st"),
           "KIOSK_LOG_DIR": str(tmp_path / "logs"), "KIOSK_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "kiosk", "run", str(deck),
                           "--exit-after", "2", "--verbose", *args],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    # The run got as far as its log's first line (it names the version), after the first frame.
    assert f"kiosk {version('yangjae-kiosk')} starts on" in done.stderr, done.stderr[-2000:]
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
            if line.startswith("import time:")}


@pytest.mark.parametrize("args", [(), ("--windowed",)])
def test_a_plain_run_imports_no_package_metadata_and_no_optional_part(
        tmp_path: Path, args: tuple[str, ...]) -> None:
    imported = imported_by_run(tmp_path, *args)
    assert {"kiosk.shell.window", "pydantic"} <= imported  # the measurement saw the kiosk start
    unwanted = {name for name in imported
                if any(name == part or name.startswith(part + ".") for part in NOT_IN_A_PLAIN_RUN)}
    assert not unwanted


def test_the_version_is_the_installed_packages() -> None:
    """The version read without importlib.metadata is the one importlib.metadata reads."""
    done = subprocess.run([sys.executable, "-m", "kiosk", "--version"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, f"kiosk {version('yangjae-kiosk')}")
