"""`kiosk install-autostart` on Windows, judged as what it hands Windows (no Windows here): the
Task Scheduler XML and the schtasks command. And `run --restart-on-failure`, which the task uses
because Task Scheduler restarts a program only when it cannot start, run for real."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk import cli
from kiosk.platform import logon_task

NS = {"t": logon_task.NAMESPACE}


def split_windows(line: str) -> list[str]:
    """A command line split as the Microsoft C runtime does (how kiosk.exe will read it)."""
    args: list[str] = []
    current, quoted, pending, i = "", False, False, 0
    while i < len(line):
        c = line[i]
        if c == "\\":
            n = len(line[i:]) - len(line[i:].lstrip("\\"))
            if i + n < len(line) and line[i + n] == '"':
                current += "\\" * (n // 2)
                if n % 2:
                    current += '"'
                    i += n + 1
                else:
                    i += n
                pending = True
                continue
            current += "\\" * n
            i += n
            pending = True
            continue
        if c == '"':
            quoted = not quoted
            pending = True
        elif c in " \t" and not quoted:
            if pending:
                args.append(current)
            current, pending = "", False
        else:
            current += c
            pending = True
        i += 1
    if pending:
        args.append(current)
    return args


class Recorded:
    def __init__(self, code: int = 0) -> None:
        self.calls: list[list[str]] = []
        self.code = code

    def __call__(self, command: list[str], **_kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.calls.append(list(command))
        return subprocess.CompletedProcess(command, self.code, "", "ERROR: Access is denied.")


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Recorded:
    recorded = Recorded()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(subprocess, "run", recorded)
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    monkeypatch.setenv("USERNAME", "lobby")
    monkeypatch.setenv("USERDOMAIN", "YANGJAE")
    monkeypatch.setenv("KIOSK_LAUNCHER", str(tmp_path / "Kiosk" / "kiosk.exe"))
    return recorded


def test_install_registers_a_logon_task_that_runs_unattended(
        windows: Recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = tmp_path / "로비 deck" / "slides.yaml"
    assert cli.main(["install-autostart", "--deck", str(deck)]) == 0
    xml_file = tmp_path / "Local" / "YangjaeKiosk" / "autostart-task.xml"
    assert windows.calls == [["schtasks", "/Create", "/TN", "YangjaeKiosk", "/XML",
                              str(xml_file), "/F"]]
    raw = xml_file.read_bytes()
    assert raw.startswith(b"\xff\xfe")  # UTF-16, as schtasks /XML reads it
    task = ET.fromstring(raw.decode("utf-16").split("\n", 1)[1])
    assert task.findtext("t:Triggers/t:LogonTrigger/t:UserId", namespaces=NS) == "YANGJAE\\lobby"
    assert task.findtext("t:Principals/t:Principal/t:LogonType", namespaces=NS) == \
        "InteractiveToken"
    settings = task.find("t:Settings", NS)
    assert settings is not None
    assert settings.findtext("t:ExecutionTimeLimit", namespaces=NS) == "PT0S"  # never stopped
    assert settings.findtext("t:RestartOnFailure/t:Count", namespaces=NS) == "999"
    assert settings.findtext("t:DisallowStartIfOnBatteries", namespaces=NS) == "false"
    action = task.find("t:Actions/t:Exec", NS)
    assert action is not None
    assert action.findtext("t:Command", namespaces=NS) == str(tmp_path / "Kiosk" / "kiosk.exe")
    assert split_windows(action.findtext("t:Arguments", "", NS)) == [
        "run", "--unattended", "--restart-on-failure", str(deck)]
    assert action.findtext("t:WorkingDirectory", namespaces=NS) == str(deck.parent)
    printed = capsys.readouterr().out
    assert "<LogonTrigger>" in printed and "Registered as the Task Scheduler task" in printed


def test_a_refusal_says_how_to_register_it_by_hand(
        windows: Recorded, capsys: pytest.CaptureFixture[str]) -> None:
    windows.code = 1
    assert cli.main(["install-autostart"]) == 0
    printed = capsys.readouterr().out
    assert "Task Scheduler refused it (ERROR: Access is denied.)" in printed
    assert "schtasks /Create /TN YangjaeKiosk /XML" in printed


def test_uninstall_deletes_the_task(windows: Recorded) -> None:
    assert cli.main(["uninstall-autostart"]) == 0
    assert windows.calls == [["schtasks", "/Delete", "/TN", "YangjaeKiosk", "/F"]]


@given(st.lists(st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Cn", "Co"]),
                        min_size=0, max_size=12), min_size=1, max_size=4))
def test_any_argument_reaches_the_kiosk_whole(args: list[str]) -> None:
    xml = logon_task.task_xml(["C:\\Kiosk\\kiosk.exe", "run", *args], "C:\\", "lobby")
    task = ET.fromstring(xml.split("\n", 1)[1])
    line = task.findtext("t:Actions/t:Exec/t:Arguments", "", NS)
    assert split_windows(line) == ["run", *args]


def _kiosk(*args: str, tmp_path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_LOG_DIR": str(tmp_path / "logs"),
           "KIOSK_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.Popen([sys.executable, "-m", "kiosk", "run", "--restart-on-failure",
                             *args], env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True)


def test_a_failing_kiosk_is_started_again_ever_more_slowly(tmp_path: Path) -> None:
    kiosk = _kiosk("--unattended", "--screen", "9", tmp_path=tmp_path)
    assert kiosk.stderr is not None
    seen: list[str] = []
    started = time.monotonic()
    try:
        while len([line for line in seen if "starting again" in line]) < 2:
            line = kiosk.stderr.readline()
            assert line, seen
            seen.append(line)
    finally:
        kiosk.send_signal(signal.SIGTERM)
        kiosk.wait(timeout=30)
    again = [line.strip() for line in seen if "starting again" in line]
    assert again == ["kiosk: ended with 2; starting again in 3 s",
                     "kiosk: ended with 2; starting again in 6 s"], seen
    assert len([line for line in seen if "screen 9" in line or "--screen" in line]) >= 2, seen
    assert time.monotonic() - started >= 3.0


def test_an_orderly_end_is_not_restarted(tmp_path: Path) -> None:
    kiosk = _kiosk("--exit-after", "0.5", tmp_path=tmp_path)
    _out, err = kiosk.communicate(timeout=60)
    assert kiosk.returncode == 0 and "starting again" not in err, err
