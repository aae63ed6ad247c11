"""Started in a folder it may not search (a service's working directory, another user's
checkout): the kiosk says so in one line and shows the deck it can reach, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


def _without_file_override() -> list[str]:
    """As root permissions do not apply; drop the capabilities that bypass them."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): cannot lock a folder")
    return [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search"]


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "slides.yaml").write_text("not what is shown", encoding="utf-8")
    folder.chmod(0)
    yield folder
    folder.chmod(0o700)


def _run(locked: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "KIOSK_CACHE_DIR": str(tmp_path / "cache"), "KIOSK_LOG_DIR": str(tmp_path / "logs"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([*_without_file_override(), sys.executable, "-m", "kiosk", *args],
                          cwd=locked, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


@pytest.mark.parametrize("args", [("run", "--exit-after", "0.5"), ("check",)],
                         ids=["run", "check"])
def test_a_folder_it_cannot_search_is_skipped_with_one_line(locked: Path, tmp_path: Path,
                                                             args: tuple[str, ...]) -> None:
    done = _run(locked, tmp_path, *args)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stderr
    said = [line for line in done.stderr.splitlines() if str(locked) in line]
    assert said == [f"{locked}: cannot look for slides.yaml here (Permission denied); skipped"], \
        done.stderr
