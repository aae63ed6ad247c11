"""The remembered first frame on a real X server (Xvfb): the window the kiosk starts with shows the
frame from the moment the server reports it viewable (no black or uniform screen first, however
large the screen), and what cannot carry the frame that way starts as it always did."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QColor, QImage, QWindow

from kiosk.shell import preview, x11_background
from tests.conftest import DECK, ROOT
from tests.first_frame_child import noise
from tests.kiosk_process import KioskProcess, wait_until
from tests.xserver import XServer, parse_xwd

TOOLS = ("Xvfb", "xwd", "xwininfo", "xdotool")
needs_x = pytest.mark.skipif(any(shutil.which(tool) is None for tool in TOOLS),
                             reason=f"{', '.join(TOOLS)} needed (.ci/setup installs them)")


def share_alike(a: QImage, b: QImage) -> float:
    """The share of pixels of the same colour in two pictures of one size."""
    first, second = memoryview(colours(a)).cast("I"), memoryview(colours(b)).cast("I")
    assert len(first) == len(second)
    return sum(x == y for x, y in zip(first, second)) / len(first)


def colours(image: QImage) -> bytes:
    """The pixels' red, green and blue, whatever the unused fourth byte holds."""
    data = bytearray(image.convertToFormat(QImage.Format.Format_RGB32).constBits())
    data[3::4] = bytes(len(data) // 4)
    return bytes(data)


@needs_x
@settings(max_examples=4)
@given(width=st.integers(320, 1600), height=st.integers(200, 1000),
       seed=st.integers(0, 2**32 - 1))
@example(width=3840, height=2160, seed=7)  # 33 MB: several requests' worth of rows
def test_the_frame_is_on_screen_when_its_window_becomes_viewable(width: int, height: int,
                                                                   seed: int) -> None:
    server, folder = XServer(width, height), tempfile.TemporaryDirectory()
    try:
        out = Path(folder.name) / "screen.xwd"
        done = subprocess.run([sys.executable, "-m", "tests.first_frame_child", str(out),
                               str(width), str(height), str(seed)], cwd=ROOT, env=server.env,
                              capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        # The grab came before Qt could draw anything: what is there, the X server put there.
        assert "not painted by Qt" in done.stdout, done.stdout
        screen = parse_xwd(out.read_bytes())
        assert (screen.width(), screen.height()) == (width, height)
        assert colours(screen) == colours(noise(width, height, seed))
    finally:
        server.close()
        folder.cleanup()


def resident_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="utf-8").splitlines():
        if line.startswith("Rss:"):
            return int(line.split()[1])
    raise AssertionError("no Rss in smaps_rollup")


@needs_x
@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="Linux's /proc needed")
@pytest.mark.parametrize("mode", ["release", "release-unpainted"])
def test_the_x_server_lets_the_frame_go_once_qt_has_drawn(tmp_path: Path, mode: str) -> None:
    """A 4K frame is 33 MB of the X server's memory while it is the background: once the window
    has gone, drawn by Qt or not (the kiosk's window can draw first), the server holds no more
    than before (within a third of a frame)."""
    server = XServer(3840, 2160)
    try:
        before = resident_kb(server.proc.pid)
        child = subprocess.Popen([sys.executable, "-m", "tests.first_frame_child",
                                  str(tmp_path / "screen.xwd"), "3840", "2160", "5", mode],
                                 cwd=ROOT, env=server.env, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "not painted by Qt"
            assert child.stdout.readline().strip() == "released"
            grown = lambda: resident_kb(server.proc.pid) - before  # noqa: E731
            # (Qt's own shared buffers go as the server handles their detach: wait for that.)
            wait_until(lambda: grown() < 11_000, 60,
                       lambda: f"the X server still holds {grown()} kB more than before")
        finally:
            child.kill()
            child.wait(timeout=10)
    finally:
        server.close()


def viewable_top_levels(server: XServer) -> list[str]:
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--maxdepth", "1", "--name",
                            ""], env=server.env, capture_output=True, text=True, timeout=30,
                           check=False)
    return found.stdout.split()


def stored_frames(folder: Path) -> list[Path]:
    """Whole remembered frames (not one being written aside, a dot file until renamed)."""
    return [path for path in (folder / "cache" / "first-frame").glob("*" + preview.SUFFIX)
            if not path.name.startswith(".")]


def remembered_frame(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, QImage]:
    monkeypatch.setenv("KIOSK_CACHE_DIR", str(folder / "cache"))
    frames = stored_frames(folder)
    assert len(frames) == 1
    key = frames[0].name.removesuffix(preview.SUFFIX)
    image = preview.load(key)
    assert image is not None
    return key, image


def first_start(server: XServer, folder: Path) -> None:
    """A start that draws its first slide and remembers it for the next one."""
    kiosk = KioskProcess(folder, str(DECK), env=server.env)
    try:
        wait_until(lambda: bool(stored_frames(folder)), 60,
                   lambda: f"no first frame remembered:\n{kiosk.stderr}")
    finally:
        kiosk.end()


@pytest.fixture
def started_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                 qapp: object) -> Iterator[tuple[XServer, str, QImage]]:
    """A 1280x720 X server on which the kiosk started once and remembered its first frame:
    (the server, the frame's key, the frame)."""
    server = XServer(1280, 720)
    try:
        first_start(server, tmp_path)
        key, frame = remembered_frame(tmp_path, monkeypatch)
        yield server, key, frame
    finally:
        server.close()


@needs_x
def test_the_kiosk_starts_with_its_remembered_frame_already_on_screen(
        tmp_path: Path, started_once: tuple[XServer, str, QImage]) -> None:
    server, _key, frame = started_once
    before = set(viewable_top_levels(server))  # the root window
    kiosk = KioskProcess(tmp_path, str(DECK), env=server.env)
    try:
        wait_until(lambda: bool(set(viewable_top_levels(server)) - before), 60,
                   lambda: f"no window came up:\n{kiosk.stderr}")
        screen = server.grab()  # as soon as the server reports a window viewable
        # The remembered slide, or already the live one drawn over it (the same slide, with
        # the on-screen controls on it): never black, never a moment of nothing.
        assert share_alike(screen, frame) > 0.9
        kiosk.wait_for_log("first frame remembered from the last start")
    finally:
        kiosk.end()


@needs_x
def test_a_remembered_frame_of_another_size_starts_as_before(
        tmp_path: Path, started_once: tuple[XServer, str, QImage]) -> None:
    server, key, frame = started_once
    # The file is whole but holds a picture of another size (a hand-copied cache, a screen
    # whose size Qt reports differently): shown scaled by Qt's paint, never as the
    # window's background, and the live slide follows.
    (tmp_path / "cache" / "first-frame" / f"{key}{preview.SUFFIX}").unlink()
    small = QImage(640, 360, QImage.Format.Format_RGB32)
    small.fill(QColor("#804020"))
    preview.store(key, small)
    kiosk = KioskProcess(tmp_path, str(DECK), env=server.env)
    try:
        kiosk.wait_for_log("first frame remembered from the last start")
        kiosk.wait_for_stderr("first-live-frame ")
        # The live window is up and drawn: the screen shows it, not the remembered picture.
        wait_until(lambda: share_alike(server.grab(), small.scaled(1280, 720)) < 0.1, 60,
                   lambda: f"the remembered picture stayed:\n{kiosk.stderr}")
        assert share_alike(server.grab(), frame) > 0.5  # the slides' background, text
        assert "Traceback" not in kiosk.stderr
    finally:
        kiosk.end()


def test_nothing_is_set_where_it_cannot_apply(qapp: object) -> None:
    """Not on X11 (these tests draw offscreen), or not a picture of the window's own kind: the
    window is left as Qt made it."""
    window = QWindow()
    window.resize(64, 36)
    image = QImage(64, 36, QImage.Format.Format_RGB32)
    image.fill(QColor("#004191"))
    assert not x11_background.set_background(window, image)
    assert not x11_background.set_background(
        window, image.convertToFormat(QImage.Format.Format_ARGB32))
    assert not x11_background.set_background(window, QImage())
    x11_background.clear_background(window)  # nothing to clear: no error either
