"""The kiosk as the operator runs it: `python -m kiosk run` in its own process, with its logs,
proof of play and first-frame cache in a test folder, and its stderr read line by line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

FIRST_FRAME = "first-frame "


class KioskProcess:
    def __init__(self, folder: Path, *args: str, env: dict[str, str] | None = None,
                 program: list[str] | None = None) -> None:
        """`program`: what to start instead of `python -m kiosk` (the single file)."""
        self.folder = folder
        self.logs = folder / "logs"
        self.environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                            "KIOSK_CACHE_DIR": str(folder / "cache"),
                            "KIOSK_LOG_DIR": str(self.logs),
                            "KIOSK_REPORT_FIRST_FRAME": "1", **(env or {})}
        self.lines: list[str] = []
        self._seen = threading.Condition()
        self.proc = subprocess.Popen([*(program or [sys.executable, "-m", "kiosk"]), "run", *args],
                                     env=self.environment, cwd=folder, stderr=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._seen:
                self.lines.append(line.rstrip("\n"))
                self._seen.notify_all()

    @property
    def stderr(self) -> str:
        with self._seen:
            return "\n".join(self.lines)

    def wait_for_stderr(self, text: str, timeout: float = 30.0) -> str:
        """The first stderr line containing `text`; fails if the process ends or time runs out."""
        deadline = time.monotonic() + timeout
        with self._seen:
            while True:
                for line in self.lines:
                    if text in line:
                        return line
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    pytest.fail(f"no {text!r} on stderr (exit {self.proc.poll()}):\n"
                                + "\n".join(self.lines))
                self._seen.wait(min(left, 0.2))

    def log_text(self) -> str:
        try:
            return (self.logs / "kiosk.log").read_text(encoding="utf-8")
        except OSError:
            return ""

    def wait_for_log(self, text: str, timeout: float = 30.0) -> None:
        wait_until(lambda: text in self.log_text(), timeout,
                   lambda: f"{text!r} never logged:\n{self.log_text()}\n{self.stderr}")

    def wait_started(self, timeout: float = 60.0) -> None:
        """First frame on screen, logging set up and operations (proof of play) joined."""
        self.wait_for_stderr(FIRST_FRAME, timeout)
        self.wait_for_log(" starts on ", timeout)

    def plays(self) -> list[dict[str, Any]]:
        path = self.logs / "plays.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    def signal(self, sig: signal.Signals) -> None:
        self.proc.send_signal(sig)

    def wait_exit(self, timeout: float) -> int | None:
        """The exit code, or None if the process is still running after `timeout` seconds."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def end(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._reader.join(timeout=5)


def wait_until(condition: Callable[[], bool], timeout: float,
               why: Callable[[], str] = lambda: "condition never held") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(why())
        time.sleep(0.05)  # polling another process's files: no Qt event loop to wait on here


@pytest.fixture
def kiosk_process(tmp_path: Path) -> Iterator[Callable[..., KioskProcess]]:
    started: list[KioskProcess] = []

    def start(*args: str, env: dict[str, str] | None = None) -> KioskProcess:
        process = KioskProcess(tmp_path, *args, env=env)
        started.append(process)
        return process

    yield start
    for process in started:
        process.end()
