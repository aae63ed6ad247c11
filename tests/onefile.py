"""The one-file executable, built once per test run for every module that runs it."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXE = ROOT / "dist" / ("kiosk.exe" if sys.platform == "win32" else "kiosk")


@functools.cache
def _build() -> Path:
    subprocess.run(["bash", str(ROOT / "build_spec" / "build.sh")], cwd=ROOT, check=True,
                   capture_output=True, env={**os.environ, "PYTHON": sys.executable,
                                             "PYI_LOG_LEVEL": "ERROR"})
    assert EXE.is_file()
    return EXE


def built() -> Path:
    """Build dist/kiosk (once per run) or skip when PyInstaller is missing."""
    if shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[dev]')")
    return _build()
