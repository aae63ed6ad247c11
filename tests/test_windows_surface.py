"""Every kiosk module imports, and the start-up runs, with Windows' `signal`, `os` and module
surface (tests/windows_surface.py simulates it on Linux): the next Unix-only name in the kiosk
fails here, on Linux CI, not on a lobby PC. Also what the windowed kiosk.exe does with no console:
logs and output under %LOCALAPPDATA%, one plain message for a failed start, none when unattended.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
MB_FLAGS = 0x10 | 0x10000 | 0x40000  # MB_ICONERROR | MB_SETFOREGROUND | MB_TOPMOST
# No console to print in (started from Explorer or Task Scheduler): asked once, answered no.
NO_CONSOLE = ["kernel32", "AttachConsole", -1]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("windows")
    result = work / "result.json"
    done = subprocess.run([sys.executable, str(HERE / "windows_surface.py"), str(result),
                           str(work / "home")], capture_output=True, text=True, timeout=240,
                          cwd=work, env={**os.environ, "PYTHONPATH": str(HERE.parent)})
    assert done.returncode == 0, done.stdout + done.stderr
    loaded: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    return loaded


def test_every_module_imports_with_windows_names(report: dict[str, Any]) -> None:
    assert report["import_failures"] == []


def test_the_run_starts_and_ends_holding_the_display_on_meanwhile(report: dict[str, Any]
                                                                  ) -> None:
    run = report["steps"]["run"]
    assert run["code"] == 0, run
    # ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED while showing, ES_CONTINUOUS after
    assert run["calls"] == [NO_CONSOLE,
                            ["kernel32", "SetThreadExecutionState", 0x80000003],
                            ["kernel32", "SetThreadExecutionState", 0x80000000]], run
    files = report["files"]
    assert "AppData/Local/YangjaeKiosk/logs/kiosk.log" in files, files
    assert "AppData/Local/YangjaeKiosk/logs/plays.jsonl" in files, files
    assert any(f.startswith("AppData/Local/YangjaeKiosk/cache/first-frame/") for f in files)
    assert not [f for f in files if "/." in f.replace("/.partial", "")], files  # no Unix dotdirs


def test_a_failed_start_says_one_plain_thing_unless_unattended(report: dict[str, Any]) -> None:
    failed = report["steps"]["bad screen"]
    assert failed["code"] == 2
    [asked, (dll, function, owner, text, title, flags)] = failed["calls"]
    assert asked == NO_CONSOLE
    assert (dll, function, owner, title, flags) == ("user32", "MessageBoxW", None,
                                                    "Yangjae lobby kiosk", MB_FLAGS)
    assert text.startswith("The kiosk could not start.") and "7" in text
    assert "Traceback" not in text and "YangjaeKiosk" in text  # says where the details are
    assert report["output"].count("7") >= 2  # the line went to output.log both times
    quiet = report["steps"]["bad screen, unattended"]
    assert quiet == {"code": 2, "calls": [NO_CONSOLE]}  # a watchdog's start: nobody to press OK


def test_an_error_at_start_is_one_line_in_the_box_and_whole_in_the_log(report: dict[str, Any]
                                                                       ) -> None:
    error = report["steps"]["error"]
    assert error["code"] == 70
    [_asked, (_dll, function, _owner, text, _title, _flags)] = error["calls"]
    assert function == "MessageBoxW"
    assert "RuntimeError: the graphics driver is gone" in text and "Traceback" not in text
    assert "Traceback (most recent call last)" in report["output"]  # the details, for later


def test_started_from_a_command_prompt_it_prints_there(report: dict[str, Any]) -> None:
    check = report["steps"]["check from a console"]
    assert check["code"] == 0
    assert check["calls"] == [["kernel32", "AttachConsole", -1]]
    assert "12 slides OK" in report["console"] and "12 slides OK" not in report["output"]


def test_the_supervisor_ties_the_kiosk_to_its_own_lifetime(report: dict[str, Any]) -> None:
    supervised = report["steps"]["supervised"]
    assert supervised["code"] == 0
    # A job that kills on close (JobObjectExtendedLimitInformation, 144 bytes on 64-bit Windows),
    # holding the supervisor itself, so every kiosk it starts is in it too.
    assert supervised["calls"] == [NO_CONSOLE, ["kernel32", "CreateJobObjectW", None, None],
                                   ["kernel32", "SetInformationJobObject", None, 9, None, 144],
                                   ["kernel32", "GetCurrentProcess"],
                                   ["kernel32", "AssignProcessToJobObject", 1, 1]]
