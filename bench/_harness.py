"""Shared pieces of the benchmarks: a window on a chosen platform, RSS, and table printing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The code under test: this checkout's, or another's (KIOSK_SRC=/path/to/src), so one set of
# benchmarks measures two versions of the kiosk in the same conditions.
SRC = Path(os.environ.get("KIOSK_SRC") or ROOT / "src").resolve()
sys.path.insert(0, str(SRC))


def code_env(env: dict[str, str]) -> dict[str, str]:
    """`env` for a child process that runs the code under test (`python -m kiosk` included)."""
    return {**env, "KIOSK_SRC": str(SRC), "PYTHONPATH": str(SRC)}


def code_label() -> str:
    """Which code is measured: the commit of SRC's checkout, when it is a git checkout."""
    found = subprocess.run(["git", "-C", str(SRC), "log", "-1", "--format=%h %s"],
                           capture_output=True, text=True, check=False)
    if found.returncode == 0:
        return found.stdout.strip()[:60]
    return os.environ.get("KIOSK_CODE_LABEL", str(SRC))  # e.g. an unpacked `git archive`


def open_kiosk(loaded, navigator, *, kiosk_mode: bool):  # type: ignore[no-untyped-def]
    """(window, quit, session) for the code under test. Before the layout of issue 12 (commit
    59788a6) the window was the whole application; since, a session wires the window."""
    try:
        from kiosk.shell.session import Session
    except ImportError:
        from kiosk.window import KioskWindow

        window = KioskWindow(loaded, navigator, kiosk_mode=kiosk_mode)
        return window, window.quit, window
    session = Session(loaded, navigator, kiosk_mode=kiosk_mode)
    try:  # the running kiosk's garbage collection: a timer on the UI thread (shell/ui_gc.py)
        from kiosk.shell.ui_gc import collect_on_ui_thread
    except ImportError:  # before it, automatic collection, as the kiosk then ran
        pass
    else:
        collect_on_ui_thread(session)
    return session.window, session.quit, session


def time_frames(window, on_frame) -> None:  # type: ignore[no-untyped-def]
    """Call on_frame(start, end, due) for every frame the window puts on screen: `start` when
    Qt hands it the update request (or expose), `end` after the paint AND the flush of the
    backing store to the screen, `due` when the window's frame timer wanted that frame (None
    when nothing was scheduled, e.g. the first frame after a key). Patches the window's class,
    so use it in a benchmark's own process only."""
    from PySide6.QtCore import QEvent

    kinds = (QEvent.Type.UpdateRequest, QEvent.Type.Expose)
    cls = type(window)
    original = cls.event
    painted = [False]
    paint = window._paint

    def marked(painter, now):  # type: ignore[no-untyped-def]
        painted[0] = True
        paint(painter, now)

    def timed(self, event):  # type: ignore[no-untyped-def]
        if self is not window or event.type() not in kinds:
            return original(self, event)
        pacer = getattr(self, "_pacer", None)
        due = getattr(pacer if pacer is not None else self, "_frame_due", None)
        painted[0] = False
        start = time.monotonic()
        result = original(self, event)
        if painted[0]:
            on_frame(start, time.monotonic(), due)
        return result

    window._paint = marked
    cls.event = timed


def rss_mb(pid: int | None = None) -> float:
    with open(f"/proc/{pid or 'self'}/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def xvfb(size: str) -> Iterator[str | None]:
    """A fresh Xvfb of this size (DISPLAY value), or None when Xvfb is not installed."""
    if shutil.which("Xvfb") is None:
        yield None
        return
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24",
                             "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    try:
        yield f":{number.decode().strip()}"
    finally:
        proc.terminate()
        proc.wait()


_MONITOR = """
import sys, time
last = time.monotonic()
while True:
    time.sleep(0.001)
    now = time.monotonic()
    if now - last > THRESHOLD:
        print(last, now, flush=True)
    last = now
"""


@contextmanager
def stall_monitor(threshold: float = 0.004) -> Iterator[list[tuple[float, float]]]:
    """Stalls of the machine itself while the block runs: (start, end) monotonic times when a
    process that only sleeps 1 ms at a time woke more than `threshold` seconds late. A frame
    that is late during one of these was held up by the machine (another tenant, the host),
    not by the program under test."""
    stalls: list[tuple[float, float]] = []
    proc = subprocess.Popen([sys.executable, "-c", _MONITOR.replace("THRESHOLD", str(threshold))],
                            stdout=subprocess.PIPE, text=True)
    try:
        yield stalls
    finally:
        proc.terminate()
        out, _ = proc.communicate()
        stalls += [(float(a), float(b)) for a, b in (line.split() for line in out.splitlines())]


def settle(app, seconds: float, done=lambda: False) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop as the kiosk does (sleeping between events) until done() or timeout."""
    from PySide6.QtCore import QEventLoop, QTimer

    if done():
        return
    loop = QEventLoop()
    timeout = QTimer()  # owned here and stopped below: a stray one would end a later wait early
    timeout.setSingleShot(True)
    timeout.timeout.connect(loop.quit)
    timeout.start(int(seconds * 1000))
    poll = QTimer()
    poll.timeout.connect(lambda: done() and loop.quit())
    poll.start(20)
    loop.exec()
    poll.stop()
    timeout.stop()


def deck_variant(replace: dict[str, str]) -> Path:
    """The bundled deck with some settings changed, written beside a copy of its assets."""
    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    text = (ROOT / "slides.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    (folder / "slides.yaml").write_text(text, encoding="utf-8")
    if (ROOT / "assets").exists():
        shutil.copytree(ROOT / "assets", folder / "assets")
    return folder / "slides.yaml"


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import PySide6

    return f"{os.cpu_count()} cores, {cpu}, Python {sys.version.split()[0]}, " \
           f"PySide6 {PySide6.__version__}, {time.strftime('%Y-%m-%d')}"
