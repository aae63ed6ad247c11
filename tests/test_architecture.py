"""The layering holds: no Qt in the deck model or the navigator (import-linter contracts)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a dev dependency"
    result = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# Five calls that return nothing, 200 times; prints how far None's reference count fell.
_QTEXTLAYOUT_CALLS = """
import sys
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QGuiApplication, QTextLayout, QTextOption

app = QGuiApplication([])
layout = QTextLayout("가나다 abc", QFont())
before = sys.getrefcount(None)
for _ in range(200):
    layout.setTextOption(QTextOption())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100.0)
    line.setPosition(QPointF(0, 0))
    layout.endLayout()
print(before - sys.getrefcount(None))
"""


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on: "
                    "an over-release can neither be seen nor crash (the version test guards)")
def test_pyside_does_not_over_release_none() -> None:
    """PySide6 6.12.0 returns None from void calls without taking a reference (995 lost over
    this workload); on Python 3.11 the process then aborts at exit, deallocating None. Run in
    a process of its own, so a bad build fails this test rather than the whole run."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", _QTEXTLAYOUT_CALLS], env=env, text=True,
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) < 50, done.stdout  # a few for garbage, not 5 a round


def test_pyside_is_in_the_range_the_package_allows() -> None:
    """The installed PySide6 is one pyproject.toml accepts (6.12.0 is kept out for the crash
    above), on every Python: a CI or build that resolves to another fails here."""
    from importlib.metadata import requires, version

    from packaging.requirements import Requirement

    wanted = next(Requirement(r) for r in requires("yangjae-kiosk") or []
                  if Requirement(r).name.lower() == "pyside6-essentials")
    assert "6.12.0" not in wanted.specifier
    assert version("PySide6-Essentials") in wanted.specifier


def test_the_checkers_are_the_pinned_versions() -> None:
    """ruff, mypy and import-linter run at the versions in .ci/lint-constraints.txt (what
    .ci/setup installs), so a checker's new release cannot turn the suite red by itself."""
    from importlib.metadata import version

    lines = (ROOT / ".ci" / "lint-constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = dict(line.split("==") for line in lines if line and not line.startswith("#"))
    assert {"ruff", "mypy", "import-linter"} <= set(pins)
    installed = {name: version(name) for name in pins}
    assert installed == pins, "run bash .ci/setup to install the pinned checkers"


def test_lint_and_types_are_clean() -> None:
    """ruff (style, likely bugs) and mypy with disallow_untyped_defs over the package, at the
    pinned versions (the test above)."""
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
