"""The single file on the oldest systems it claims, each a clean minimal root of that release
(debootstrap --variant=minbase plus libgl1 libegl1, nothing else): `--version`, `check`,
`export`, and the real X11 window on a host Xvfb whose socket is bound into the root.

Debian 12 runs the ordinary build (glibc 2.36); Debian 11 runs the one build_spec/build-bullseye.sh
makes in a Debian 11 root (glibc 2.31). Roots are made once per machine and kept (about 40 s each
the first time, then nothing)."""

from __future__ import annotations

import fcntl
import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.decks import MINIMAL
from tests.displays import xvfb
from tests.onefile import ROOT, built

pytestmark = [pytest.mark.slow,
              # a fresh machine makes two roots and the Debian 11 build first (~4 min)
              pytest.mark.timeout(900),
              pytest.mark.skipif(os.geteuid() != 0 or shutil.which("debootstrap") is None,
                                 reason="needs root and debootstrap (bash .ci/setup)")]

ROOTS = Path(os.environ.get("KIOSK_BUILD_ROOTS", "/var/cache/yangjae-kiosk-build"))
SIZE = (1280, 720)
GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
app.primaryScreen().grabWindow(0).toImage().save(sys.argv[1])
"""


def clean_root(release: str) -> Path:
    root = ROOTS / f"{release}-clean"
    ROOTS.mkdir(parents=True, exist_ok=True)
    with open(ROOTS / f".{release}-clean.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one maker (CI makes it ahead: see .ci/run)
        if not (root / ".ready").exists():
            make_clean_root(release, root)
    return root


def make_clean_root(release: str, root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    mirror = subprocess.run(["bash", "-c", "sed -n 's/^URIs: *//p' "
                             "/etc/apt/sources.list.d/*.sources | head -n 1"],
                            capture_output=True, text=True, check=False).stdout.strip()
    subprocess.run(["debootstrap", "--variant=minbase", "--include=libgl1,libegl1", release,
                    str(root), mirror or "http://deb.debian.org/debian"], check=True,
                   capture_output=True, timeout=600)
    (root / ".ready").touch()


@functools.cache
def bullseye_build() -> Path:
    out = ROOTS / "kiosk-bullseye"
    subprocess.run(["bash", str(ROOT / "build_spec" / "build-bullseye.sh")], check=True,
                   capture_output=True, timeout=600,
                   env={**os.environ, "OUT": str(out), "PYTHON": sys.executable})
    return out


@pytest.fixture(params=["bookworm", "bullseye"])
def system(request: pytest.FixtureRequest) -> Iterator[tuple[Path, str]]:
    release = request.param
    exe = bullseye_build() if release == "bullseye" else built()
    root = clean_root(release)
    shutil.copy2(exe, root / "kiosk")
    yield root, release
    for leftover in (root / "kiosk", root / "root" / ".cache", root / "tmp" / "out"):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink(missing_ok=True)


def inside(root: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(["chroot", str(root), "/usr/bin/env", "-i", "PATH=/usr/bin:/bin",
                             "HOME=/root", *(f"{k}={v}" for k, v in env.items()), "sh", "-c",
                             'cd /tmp && exec /kiosk "$@"', "kiosk", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_inside(root: Path, *args: str, **env: str) -> tuple[int, str, str]:
    process = inside(root, *args, **env)
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def test_runs_in_a_clean_minimal_root(system: tuple[Path, str], tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    root, release = system
    glibc = {"bookworm": "2.36", "bullseye": "2.31"}[release]
    assert glibc in subprocess.run(["chroot", str(root), "ldd", "--version"],
                                   capture_output=True, text=True, check=True).stdout
    code, out, err = run_inside(root, "--version")
    assert code == 0 and out.startswith("kiosk "), err
    code, out, err = run_inside(root, "check")
    assert code == 0 and "12 slides OK" in out, err
    code, out, err = run_inside(root, "export", "--out", "/tmp/out",
                                "--size", f"{SIZE[0]}x{SIZE[1]}")
    assert code == 0, err
    exported = sorted((root / "tmp" / "out").glob("*.png"))
    assert len(exported) == 12

    with xvfb(f"{SIZE[0]}x{SIZE[1]}") as display:
        sockets = root / "tmp" / ".X11-unix"
        sockets.mkdir(exist_ok=True)
        subprocess.run(["mount", "--bind", "/tmp/.X11-unix", str(sockets)], check=True)
        try:
            kiosk = inside(root, "run", "--exit-after", "4", DISPLAY=display,
                           KIOSK_REPORT_FIRST_FRAME="1")
            assert kiosk.stderr is not None
            seen = ""
            while "first-frame" not in seen:
                line = kiosk.stderr.readline()
                assert line, f"the kiosk ended before its first frame: {seen}"
                seen += line
            shot = tmp_path / "window.png"
            subprocess.run([sys.executable, "-c", GRAB, str(shot)], check=True, timeout=60,
                           env={**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"})
            _out, rest = kiosk.communicate(timeout=60)
            assert kiosk.returncode == 0, seen + rest
        finally:
            subprocess.run(["umount", str(sockets)], check=False)
    window, cover = QImage(str(shot)), QImage(str(exported[0]))
    assert (window.width(), window.height()) == SIZE
    # The window shows the cover full-screen; only the progress strip at the bottom differs.
    rows = SIZE[1] - 40
    same = sum(window.pixel(x, y) == cover.pixel(x, y)
               for y in range(0, rows, 4) for x in range(0, SIZE[0], 4))
    assert same / ((rows // 4) * (SIZE[0] // 4)) > 0.98


IMPORT_EVERY_MODULE = """
import importlib, pkgutil, sys
import kiosk
failed = []
for info in pkgutil.walk_packages(kiosk.__path__, "kiosk."):
    if info.name.endswith("__main__"):
        continue  # it runs the kiosk
    try:
        importlib.import_module(info.name)
    except Exception as exc:  # every module's failure, not only the first
        failed.append(f"{info.name}: {exc!r}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def _in_build_root(*argv: str, files: dict[str, str] | None = None
                   ) -> subprocess.CompletedProcess[str]:
    """Run the package from source with the Debian 11 build root's Python 3.9."""
    bullseye_build()
    root = ROOTS / "bullseye-build"
    copy = root / "tmp" / "kiosk-repo"  # a checkout's shape: bundled files beside src/
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(ROOT / "src", copy / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "assets", copy / "assets")
    for name in ("pyproject.toml", "slides.yaml"):
        shutil.copy2(ROOT / name, copy / name)
    for name, text in (files or {}).items():
        (copy / name).write_text(text, encoding="utf-8")
    try:
        return subprocess.run(
            ["chroot", str(root), "/usr/bin/env", "-i", "PATH=/usr/bin:/bin", "HOME=/root",
             "LC_ALL=C.UTF-8", "QT_QPA_PLATFORM=offscreen", "PYTHONDONTWRITEBYTECODE=1",
             "PYTHONPATH=/tmp/kiosk-repo/src", "/build-venv/bin/python", *argv],
            capture_output=True, text=True, timeout=300, check=False)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


# The minimal deck with a misspelt key and an impossible time.
BROKEN = MINIMAL.replace("  title: {ko: 안내, en: Welcome}\n",
                         "  title: {ko: 안내, en: Welcome}\n  titel: typo\n").replace(
    "    statement: {ko: 첫 번째, en: First}\n",
    "    statement: {ko: 첫 번째, en: First}\n    daily: {start: \"25:00\", end: \"18:00\"}\n")


def test_a_broken_deck_is_explained_on_the_oldest_python() -> None:
    """The error messages look into pydantic's types (Union, and `X | Y` from 3.10 on): on
    Python 3.9 they must still come out in words, not as a traceback."""
    result = _in_build_root("-m", "kiosk", "check", "/tmp/kiosk-repo/broken.yaml",
                            files={"broken.yaml": BROKEN})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "titel" in result.stderr and "did you mean 'title'" in result.stderr, result.stderr
    assert "08:00" in result.stderr, result.stderr  # "a time such as 08:00"


def test_every_module_imports_on_the_oldest_python() -> None:
    """Debian 11's Python 3.9 evaluates module-level type aliases and isinstance() arguments:
    `int | str` there is a TypeError at import, which the bundled deck's own code paths may never
    reach. Every module, optional ones (fleet, speech) included, is imported there."""
    result = _in_build_root("-c", IMPORT_EVERY_MODULE)
    assert result.returncode == 0, result.stdout + result.stderr
