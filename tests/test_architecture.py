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


def test_no_import_cycles() -> None:
    """No module reaches itself through imports, function-level imports included (a cycle
    held up by an import inside a function is still a cycle)."""
    import grimp

    graph = grimp.build_graph("kiosk")
    modules = sorted(graph.modules)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if not imported.startswith("kiosk"):
                continue
            if state.get(imported) == 1:
                return path[path.index(imported):] + [imported]
            if imported not in state and (cycle := visit(imported)) is not None:
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in modules:
        if module not in state and (cycle := visit(module)) is not None:
            raise AssertionError("import cycle: " + " -> ".join(cycle))
