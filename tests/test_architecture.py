"""The layering holds: no Qt in the deck model or the navigator (import-linter contracts)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a dev dependency"
    result = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyside_does_not_over_release_none(qapp: object) -> None:
    """PySide6 6.12.0 dropped a reference to None on every QTextLayout call (a crash at exit)."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFont, QTextLayout, QTextOption

    layout = QTextLayout("가나다 abc", QFont())
    before = sys.getrefcount(None)
    for _ in range(200):
        layout.setTextOption(QTextOption())
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(100.0)
        line.setPosition(QPointF(0, 0))
        layout.endLayout()
    assert sys.getrefcount(None) >= before - 5


def test_lint_and_types_are_clean() -> None:
    """ruff (style, likely bugs) and mypy with disallow_untyped_defs over the package."""
    bin_dir = Path(sys.executable).parent
    ruff = subprocess.run([str(bin_dir / "ruff"), "check", "src", "tests", "bench", "build_spec"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert ruff.returncode == 0, ruff.stdout
    mypy = subprocess.run([str(bin_dir / "mypy")], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert mypy.returncode == 0, mypy.stdout
