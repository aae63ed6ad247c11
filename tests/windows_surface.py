"""The kiosk's start-up on Linux with Windows' surface simulated (tests/test_windows_surface.py).

    python tests/windows_surface.py RESULT.json WORK_FOLDER

Windows' Python has no SIGHUP or SIGUSR*, no fcntl/pwd/grp/termios modules, no os.getuid or
os.fork; its sys.platform is "win32"; ctypes has `windll`; there are no XDG folders, no D-Bus,
and the windowed kiosk.exe has no standard streams. The standard library and the third-party
packages are imported first, as they are (they have Windows versions of their own); then the
surface is switched to Windows', every kiosk module is imported afresh and the start-up runs:
`kiosk run` to its first frame and out again, a failed start with and without `--unattended`, an
error raised during start. What happened goes to RESULT.json for the test to judge.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

# Names Windows' CPython does not have (checked against CPython 3.11's signalmodule.c and
# posixmodule.c for MS_WINDOWS), whatever this Linux has.
UNIX_SIGNALS = ("SIGHUP", "SIGQUIT", "SIGTRAP", "SIGKILL", "SIGBUS", "SIGSYS", "SIGPIPE",
                "SIGALRM", "SIGURG", "SIGSTOP", "SIGTSTP", "SIGCONT", "SIGCHLD", "SIGCLD",
                "SIGTTIN", "SIGTTOU", "SIGIO", "SIGPOLL", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
                "SIGPROF", "SIGWINCH", "SIGUSR1", "SIGUSR2", "SIGPWR", "SIGIOT", "SIGSTKFLT",
                "SIGRTMIN", "SIGRTMAX", "SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK",
                "ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF", "alarm", "pause", "setitimer",
                "getitimer", "siginterrupt", "pthread_kill", "pthread_sigmask", "sigpending",
                "sigwait", "sigwaitinfo", "sigtimedwait")
UNIX_OS = ("getuid", "geteuid", "getgid", "getegid", "getgroups", "setuid", "seteuid", "setgid",
           "fork", "forkpty", "setsid", "setpgid", "getpgid", "getpgrp", "killpg", "getsid",
           "uname", "sync", "chown", "fchown", "lchown", "chroot", "mkfifo", "mknod",
           "getloadavg", "sysconf", "pathconf", "fpathconf", "statvfs", "fstatvfs", "nice",
           "getpriority", "setpriority", "openpty", "ttyname", "ctermid", "initgroups",
           "setresuid", "getresuid")
# (Names the standard library's Linux code calls itself, such as os.sendfile in shutil or
# os.pipe2, stay: on Windows that code is not the code that runs.)
UNIX_MODULES = ("fcntl", "pwd", "grp", "termios", "tty", "pty", "resource", "posix", "syslog",
                "crypt", "readline", "_posixsubprocess", "_posixshmem")
UNIX_ENV = ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME",
            "XDG_RUNTIME_DIR", "XDG_SESSION_TYPE", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY",
            "WAYLAND_DISPLAY", "KIOSK_LOG_DIR", "KIOSK_CACHE_DIR", "KIOSK_UNATTENDED")


class Dll:
    """A stand-in for one of ctypes.windll's libraries: records each call, answers 1 (success)
    unless `answers` says otherwise."""

    def __init__(self, name: str, calls: list[list[Any]], answers: dict[str, int]) -> None:
        self._name, self._calls, self._answers = name, calls, answers

    def __getattr__(self, function: str) -> Any:
        def call(*args: Any) -> int:
            self._calls.append([self._name, function, *[a if isinstance(a, (int, str)) else None
                                                        for a in args]])
            return self._answers.get(function, 1)
        return call


class WindowsDlls:
    def __init__(self) -> None:
        self.calls: list[list[Any]] = []
        # Started from Explorer or Task Scheduler: no parent console to attach to.
        self.answers: dict[str, int] = {"AttachConsole": 0}

    def __getattr__(self, name: str) -> Dll:
        return Dll(name, self.calls, self.answers)


def import_everything_as_it_is() -> None:
    """Every module the kiosk uses, loaded while the surface is still Linux's; then the kiosk's
    own modules are forgotten, to be imported again under Windows' surface."""
    import kiosk

    for info in pkgutil.walk_packages(kiosk.__path__, "kiosk."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    import wave  # noqa: F401

    import PySide6.QtGui  # noqa: F401  (what the run loads lazily)
    for name in [n for n in sys.modules if n == "kiosk" or n.startswith("kiosk.")]:
        del sys.modules[name]


def become_windows(work: Path) -> WindowsDlls:
    sys.platform = "win32"
    for name in UNIX_SIGNALS:
        if hasattr(signal, name):
            delattr(signal, name)
    signal.SIGBREAK = 21  # type: ignore[attr-defined]  # Windows' values
    signal.CTRL_C_EVENT, signal.CTRL_BREAK_EVENT = 0, 1  # type: ignore[attr-defined]
    for name in UNIX_OS:
        if hasattr(os, name):
            delattr(os, name)
    for name in UNIX_MODULES:
        sys.modules[name] = None  # type: ignore[assignment]  # `import fcntl` now fails
    import ctypes

    dlls = WindowsDlls()
    ctypes.windll = dlls  # type: ignore[attr-defined]
    for name in UNIX_ENV:
        os.environ.pop(name, None)
    os.environ["LOCALAPPDATA"] = str(work / "AppData" / "Local")
    os.environ["APPDATA"] = str(work / "AppData" / "Roaming")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return dlls


def main() -> int:
    result_file, work = Path(sys.argv[1]), Path(sys.argv[2])
    deck = Path(__file__).resolve().parent.parent / "slides.yaml"
    report: dict[str, Any] = {"import_failures": [], "steps": {}}
    import_everything_as_it_is()
    dlls = become_windows(work)
    import kiosk

    for info in pkgutil.walk_packages(kiosk.__path__, "kiosk."):
        if info.name.endswith("__main__"):
            continue  # it runs the kiosk
        try:
            importlib.import_module(info.name)
        except Exception as exc:  # every module's failure, not only the first
            report["import_failures"].append(f"{info.name}: {exc!r}")
    from kiosk import cli

    streams = sys.stdout, sys.stderr

    def step(name: str, argv: list[str]) -> None:
        # The windowed kiosk.exe: no console, so Python has no standard streams at all.
        sys.stdout = sys.stderr = None  # type: ignore[assignment]
        before = len(dlls.calls)
        try:
            code: Any = cli.main(argv)
        except BaseException:  # noqa: BLE001 (reported, and the test fails on it)
            code = traceback.format_exc()
        finally:
            sys.stdout, sys.stderr = streams
        report["steps"][name] = {"code": code, "calls": dlls.calls[before:]}

    if not report["import_failures"]:
        step("run", ["run", str(deck), "--exit-after", "1.5"])
        step("bad screen", ["run", str(deck), "--screen", "7"])
        step("bad screen, unattended", ["run", str(deck), "--screen", "7", "--unattended"])
        from kiosk.shell import start

        def broken(**_kwargs: Any) -> int:
            raise RuntimeError("the graphics driver is gone")

        start.run = broken
        step("error", ["run", str(deck)])
        dlls.answers["AttachConsole"] = 1  # from a Command Prompt: its console takes the output
        step("check from a console", ["check", str(deck)])
        console = Path("CONOUT$")  # on Linux, open("CONOUT$") is a file standing in for it
        report["console"] = console.read_text("utf-8") if console.is_file() else ""
        dlls.answers["AttachConsole"] = 0
        # The logon task's supervisor; its child is a real kiosk (this Linux's), ending with 0.
        os.environ["KIOSK_LOG_DIR"] = str(work / "child-logs")
        os.environ["KIOSK_CACHE_DIR"] = str(work / "child-cache")
        step("supervised", ["run", str(deck), "--restart-on-failure", "--exit-after", "0.5"])
    logs = work / "AppData" / "Local" / "YangjaeKiosk" / "logs"
    report["files"] = sorted(str(p.relative_to(work)).replace(os.sep, "/")
                             for p in work.rglob("*") if p.is_file())
    report["output"] = (logs / "output.log").read_text("utf-8") \
        if (logs / "output.log").is_file() else ""
    result_file.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
