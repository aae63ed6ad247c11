"""The Windows kiosk.exe, built with the project's spec and run under wine on a real X server.

build_spec/build_windows.py builds it (the official embeddable CPython 3.11.9 and win_amd64
wheels, pinned by hash; a private wine prefix, cached like the Debian build roots). Then, as an
operator would: `--version`, `check`, `export` (laid out as the Linux export), `run` puts the deck
on the screen, a key turns the page, the exit chord ends it with 0, `--exit-after` ends it with
0, a broken save keeps the last good deck, logs land under %LOCALAPPDATA%. The stand-in DLLs that
let wine 8 run it are proven absent from the archive. What only a real Windows can show (SAPI
voices, Task Scheduler, SetThreadExecutionState's effect) is tested elsewhere as the calls made.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from tests.decks import MINIMAL
from tests.xserver import TOOLS, XServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "build_spec"))
import build_windows  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

# Pictures count as the same below this share of differing pixels (tests/.. `difference`): the
# Windows and Linux exports of the bundled deck differ in 0 of them; two pages of MINIMAL in 1.8 %.
SAME = 0.004
SIZE_LIMIT = 30 * 1024 * 1024  # the Windows budget: 30 MiB
SCREEN = (1280, 720)
EXIT_HOLD = 2.0  # the deck's default
# Pages turn by hand only, and no progress strip: what is on screen is the page exported.
DECK = MINIMAL.replace("deck:\n", "deck:\n  autoplay: false\n  progress: false\n")
BROKEN = DECK.replace("layout: statement", "layout: statment")


@pytest.fixture(scope="module")
def wine() -> Iterator[build_windows.Wine]:
    missing = build_windows.missing_tools() + [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (.ci/setup installs them)")
    with build_windows.in_use(build_windows.prepare()) as prepared:
        yield prepared


@pytest.fixture(scope="module")
def exe(wine: build_windows.Wine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_windows.build(tmp_path_factory.mktemp("windows-dist"), wine)


@pytest.fixture
def home(wine: build_windows.Wine) -> Path:
    """%LOCALAPPDATA%\\YangjaeKiosk of the prefix's user, emptied: this test's logs only."""
    users = wine.prefix / "drive_c" / "users"
    folders = [p for p in users.glob("*/AppData/Local") if p.parent.parent.name != "Public"]
    assert folders, f"no user profile in {users}"
    folder = folders[0] / "YangjaeKiosk"
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def archive_names(exe: Path) -> list[str]:
    viewer = Path(sys.executable).with_name("pyi-archive_viewer")
    listed = subprocess.run([str(viewer), "--list", "--recursive", "--brief", str(exe)],
                            capture_output=True, text=True, timeout=120, check=True).stdout
    return [line.strip().strip("'").replace("\\", "/").rsplit("/", 1)[-1].lower()
            for line in listed.splitlines() if line.strip()]


def test_the_stand_ins_never_ship_and_the_file_fits(exe: Path, wine: build_windows.Wine) -> None:
    names = archive_names(exe)
    assert "qt6core.dll" in names and "python311.dll" in names, names  # the listing is real
    for stand_in in build_windows.STAND_INS:  # present in the prefix, absent from the archive
        assert (wine.system32 / stand_in).is_file()
        assert stand_in not in names
    assert "opengl32sw.dll" not in names and "qt6dbus.dll" not in names
    assert not [n for n in names if "qtdbus" in n]
    size = exe.stat().st_size
    assert size <= SIZE_LIMIT, f"kiosk.exe is {size / 2**20:.1f} MiB"


def shrunk(image: QImage, width: int = 160) -> list[tuple[int, int, int]]:
    """The picture at a small size: the layout stays, anti-aliasing differences average out."""
    # The bottom eighth holds the accessibility button, drawn on screen but not in an export.
    top = image.copy(0, 0, image.width(), image.height() * 7 // 8)
    small = top.convertToFormat(QImage.Format.Format_RGB32).scaledToWidth(
        width, Qt.TransformationMode.SmoothTransformation)
    return [(c >> 16 & 255, c >> 8 & 255, c & 255) for y in range(small.height())
            for x in range(small.width()) for c in [small.pixel(x, y)]]


def difference(a: QImage, b: QImage) -> float:
    """The share of the two pictures, shrunk alike, that differs: a text moved, a colour
    changed. Anti-aliasing (Windows' and Linux's font rasterisers) averages out in the shrinking."""
    pa, pb = shrunk(a), shrunk(b)
    assert len(pa) == len(pb)
    return sum(max(abs(x - y) for x, y in zip(p, q)) > 40 for p, q in zip(pa, pb)) / len(pa)


def uniform(image: QImage) -> bool:
    return len(set(shrunk(image, 64))) <= 2


def test_version_check_and_export_as_on_linux(exe: Path, wine: build_windows.Wine,
                                              tmp_path: Path) -> None:
    from kiosk import __version__

    done = wine.run([str(exe), "--version"], timeout=120, cwd=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, f"kiosk {__version__}"), done.stderr
    done = wine.run([str(exe), "check"], timeout=180, cwd=tmp_path)
    assert done.returncode == 0 and "12 slides OK" in done.stdout, done.stdout + done.stderr
    windows, linux = tmp_path / "windows", tmp_path / "linux"
    done = wine.run([str(exe), "export", "--out", wine.windows_path(windows), "--size",
                     "640x360"], timeout=180, cwd=tmp_path, env={"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    subprocess.run([sys.executable, "-m", "kiosk", "export", "--out", str(linux), "--size",
                    "640x360"], check=True, capture_output=True, timeout=180,
                   env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    names = sorted(p.name for p in linux.glob("*.png"))
    assert len(names) == 12 and sorted(p.name for p in windows.glob("*.png")) == names
    for name in names:
        ours, theirs = QImage(str(windows / name)), QImage(str(linux / name))
        assert ours.size() == theirs.size()
        assert difference(ours, theirs) < SAME, name  # the same layout; only the edges differ


class Running:
    """kiosk.exe run under wine on the X server; ended by the watchdog if it hangs."""

    def __init__(self, wine: build_windows.Wine, exe: Path, server: XServer, folder: Path,
                 *args: str) -> None:
        self.wine, self.server = wine, server
        self.process = wine.popen([str(exe), "run", *args], cwd=folder,
                                  env={"DISPLAY": server.display})
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.stdin = None

    def wait_screen(self, condition: Callable[[QImage], bool], timeout: float = 90.0) -> QImage:
        deadline = time.monotonic() + timeout
        while True:
            image = self.server.grab()
            if condition(image):
                return image
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, "the screen never showed what was expected"
            time.sleep(0.3)  # polling the real screen: nothing to wait on but its pixels

    def wait_exit(self, timeout: float) -> int:
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.wine.kill()
            pytest.fail(f"kiosk.exe did not end within {timeout} s:\n{self.output()}")

    def output(self) -> str:
        if self.process.poll() is None:
            return "(still running)"
        out, err = self.process.communicate(timeout=30)
        return (out + err).decode("utf-8", "replace")

    def end(self) -> None:
        if self.process.poll() is None:
            self.wine.kill()
            self.process.wait(timeout=30)


@pytest.fixture
def server() -> Iterator[XServer]:
    started = XServer(*SCREEN)
    yield started
    started.close()


@pytest.fixture(scope="module")
def pages(wine: build_windows.Wine, exe: Path, tmp_path_factory: pytest.TempPathFactory
          ) -> list[QImage]:
    """DECK's two pages as kiosk.exe exports them at the screen's size."""
    folder = tmp_path_factory.mktemp("pages")
    deck, out = folder / "slides.yaml", folder / "export"
    deck.write_text(DECK, encoding="utf-8")
    done = wine.run([str(exe), "export", wine.windows_path(deck), "--out", wine.windows_path(out),
                     "--size", f"{SCREEN[0]}x{SCREEN[1]}"], timeout=180, cwd=folder,
                    env={"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    return [QImage(str(p)) for p in sorted(out.glob("*.png"))]


def test_run_shows_the_deck_turns_the_page_and_ends_with_the_chord(
        exe: Path, wine: build_windows.Wine, server: XServer, home: Path, tmp_path: Path,
        pages: list[QImage]) -> None:
    deck = tmp_path / "slides.yaml"
    deck.write_text(DECK, encoding="utf-8")
    first, second = pages
    assert difference(first, second) > 3 * SAME  # two pages that a screenshot tells apart
    kiosk = Running(wine, exe, server, tmp_path)
    try:
        kiosk.wait_screen(lambda shot: difference(shot, first) < SAME)
        server.xdotool("mousemove", str(SCREEN[0] // 2), str(SCREEN[1] // 2))
        server.xdotool("key", "Right")
        kiosk.wait_screen(lambda shot: difference(shot, second) < SAME)
        for key in ("ctrl", "shift", "q"):
            server.xdotool("keydown", key)
        time.sleep(EXIT_HOLD + 1.0)  # holding the chord is the behaviour under test
        for key in ("q", "shift", "ctrl"):
            server.xdotool("keyup", key)
        assert kiosk.wait_exit(60) == 0, kiosk.output()
    finally:
        kiosk.end()
    log = (home / "logs" / "kiosk.log").read_text(encoding="utf-8")
    assert "kiosk exits with 0" in log and str(deck.name) in log


def test_a_broken_save_keeps_the_last_good_deck_and_exit_after_ends_it(
        exe: Path, wine: build_windows.Wine, server: XServer, home: Path, tmp_path: Path,
        pages: list[QImage]) -> None:
    deck = tmp_path / "slides.yaml"
    deck.write_text(DECK, encoding="utf-8")
    first = pages[0]
    kiosk = Running(wine, exe, server, tmp_path, "--exit-after", "20")
    try:
        before = kiosk.wait_screen(lambda shot: difference(shot, first) < SAME)
        started = time.monotonic()
        log = home / "logs" / "kiosk.log"
        kiosk.wait_screen(lambda _shot: log.is_file() and "starts on" in log.read_text("utf-8"))
        deck.write_text(BROKEN, encoding="utf-8")
        kiosk.wait_screen(lambda _shot: "the last good one stays" in log.read_text("utf-8"))
        after = server.grab()
        assert not uniform(after) and difference(after, before) < 0.2  # the notice, no more
        assert difference(after, first) < 0.2
        assert kiosk.wait_exit(90) == 0, kiosk.output()
        assert time.monotonic() - started < 30
    finally:
        kiosk.end()
    assert "kiosk stops (--exit-after)" in log.read_text("utf-8")


def test_the_logon_tasks_command_runs_the_kiosk_and_ends_with_it(
        exe: Path, wine: build_windows.Wine, server: XServer, home: Path, tmp_path: Path) -> None:
    # What `install-autostart` registers: a supervisor (in a kill-on-close job) and its kiosk.
    (tmp_path / "slides.yaml").write_text(DECK, encoding="utf-8")
    done = wine.run([str(exe), "run", "--unattended", "--restart-on-failure", "--exit-after", "3"],
                    timeout=120, cwd=tmp_path, env={"DISPLAY": server.display})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "could not tie" not in done.stderr and "starting again" not in done.stderr
    assert "kiosk stops (--exit-after)" in (home / "logs" / "kiosk.log").read_text("utf-8")


def test_ending_the_logon_tasks_process_ends_the_kiosk_it_started(
        exe: Path, wine: build_windows.Wine, server: XServer, home: Path, tmp_path: Path,
        pages: list[QImage]) -> None:
    (tmp_path / "slides.yaml").write_text(DECK, encoding="utf-8")
    kiosk = Running(wine, exe, server, tmp_path, "--unattended", "--restart-on-failure")
    try:
        kiosk.wait_screen(lambda shot: difference(shot, pages[0]) < SAME)
        # Task Scheduler's "End": the process it started (PyInstaller's launcher in front of the
        # supervisor) is terminated, and nothing else is told.
        os.kill(kiosk.process.pid, signal.SIGKILL)
        kiosk.process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while not uniform(server.grab()):  # the kiosk's window gone: it ended
            assert time.monotonic() < deadline, "the kiosk stayed on screen"
            time.sleep(0.3)  # polling the real screen: nothing to wait on but its pixels
    finally:
        kiosk.end()
