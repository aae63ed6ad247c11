"""`run --restart-on-failure`: a start the system refuses for a moment is tried again at once."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from kiosk.ops import supervise


def test_a_refused_start_is_tried_again_and_said_once(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[list[str]] = []
    real = subprocess.Popen

    def popen(command: list[str], **kwargs: Any) -> Any:
        calls.append(command)
        if len(calls) == 1:
            raise OSError(1359, "Internal error")
        return real([sys.executable, "-c", "pass"], **kwargs)

    monkeypatch.setattr(supervise.subprocess, "Popen", popen)
    monkeypatch.setattr(supervise.time, "sleep", lambda _s: None)
    child = supervise._start(["kiosk", "run"], {})  # noqa: SLF001
    assert child.wait(timeout=30) == 0 and len(calls) == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert said == ["kiosk: could not be started ([Errno 1359] Internal error); trying again"]


def test_a_start_that_keeps_failing_ends_the_supervisor(monkeypatch: pytest.MonkeyPatch) -> None:
    def popen(command: list[str], **kwargs: Any) -> Any:
        raise OSError(2, "No such file or directory")

    monkeypatch.setattr(supervise.subprocess, "Popen", popen)
    monkeypatch.setattr(supervise.time, "sleep", lambda _s: None)
    with pytest.raises(OSError):
        supervise._start(["kiosk", "run"], {})  # noqa: SLF001
