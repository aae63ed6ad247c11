"""The Windows executable has no console (it is a GUI program, so no black window opens behind
the slides). Python then has no standard streams at all, and whatever the kiosk prints would be
lost, and PyInstaller would show an uncaught error as a modal traceback dialog, which blocks a
watchdog's restart for ever.

So, in that case only: started from a Command Prompt or PowerShell window, the kiosk prints in
that window (it attaches to its parent's console, as `kiosk.exe check` should); otherwise
stdout and stderr go to `output.log` beside the kiosk's log (under
%LOCALAPPDATA%\\YangjaeKiosk\\logs), and a start that fails shows the operator one plain message
box (what went wrong, where the details are), never a traceback, and none at all when the kiosk
was started unattended (`kiosk run --unattended`, which the logon task passes, or
KIOSK_UNATTENDED=1 for a watchdog): there nobody could press OK.
Started from a terminal or a script with its output captured, none of this happens.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

TITLE = "Yangjae lobby kiosk"
MB_ICONERROR = 0x10
MB_SETFOREGROUND = 0x10000
MB_TOPMOST = 0x40000
ATTACH_PARENT_PROCESS = -1  # AttachConsole's "the parent process" ((DWORD)-1)
OUTPUT_NAME = "output.log"
OUTPUT_BYTES = 1_000_000  # started afresh beyond this, so a restart loop cannot fill the disk


class _Output(io.TextIOBase):
    """stdout/stderr for a program with no console: appended to a file; the last lines kept
    for the message box."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.lines: list[str] = []
        self._partial = ""

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        try:
            with open(self.path, "a", encoding="utf-8", errors="replace") as f:
                f.write(text)
        except OSError:
            pass  # a log that cannot be written must not stop the kiosk
        self._partial += text
        *done, self._partial = self._partial.split("\n")
        self.lines = (self.lines + [line for line in done if line.strip()])[-20:]
        return len(text)


_output: _Output | None = None


def capture_missing_streams(folder: Path) -> Path | None:
    """When stdout/stderr are missing (the windowed exe started without a console), send them to
    `folder`/output.log and return that path; otherwise change nothing and return None."""
    global _output
    if sys.stdout is not None and sys.stderr is not None:
        return None
    if _attach_parent_console():
        return None
    path = folder / OUTPUT_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if path.is_file() and path.stat().st_size > OUTPUT_BYTES:
            path.replace(path.with_suffix(".log.1"))
    except OSError:
        pass
    _output = _Output(path)
    if sys.stdout is None:
        sys.stdout = _output
    if sys.stderr is None:
        sys.stderr = _output
    return path


def _attach_parent_console() -> bool:
    """Print in the console of the program that started this one, if it has one."""
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    if not kernel.AttachConsole(ATTACH_PARENT_PROCESS):
        return False  # started from Explorer, Task Scheduler, a shell launcher: no console
    try:
        # CONOUT$ opens as Windows' console writer, which takes Korean whatever the code page.
        console = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError:
        return False
    if sys.stdout is None:
        sys.stdout = console
    if sys.stderr is None:
        sys.stderr = console
    return True


def unattended(flag: bool = False) -> bool:
    return flag or os.environ.get("KIOSK_UNATTENDED", "") not in ("", "0")


def start_failed(summary: str | None, *, unattended_start: bool) -> bool:
    """Tell the operator, once, that the kiosk did not start: a message box on Windows when there
    is no console and someone may be there to read it. `summary` says what failed; None means the
    kiosk already said it in its last lines of output (its own one-line messages). Returns
    whether a box was shown."""
    if sys.platform != "win32" or _output is None or unattended(unattended_start):
        return False
    said = summary or "\n".join(_output.lines[-3:]) or "(no message)"
    text = (f"The kiosk could not start.\n\n{said}\n\n"
            f"Details: {_output.path.parent}")
    import ctypes

    user32 = ctypes.windll.user32  # type: ignore[attr-defined,unused-ignore]
    user32.MessageBoxW(None, text, TITLE, MB_ICONERROR | MB_SETFOREGROUND | MB_TOPMOST)
    return True
