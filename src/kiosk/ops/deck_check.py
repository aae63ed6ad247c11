"""`kiosk run` says what `kiosk check` says, without holding up the screen.

The full check lays out every slide at every screen shape in every language mode: about a
second of work that would freeze the slide on screen if the kiosk did it itself. So the running
kiosk starts the same program in another process (`kiosk check DECK`, at a lower priority), once
per deck version: after the first frame and after each reload. Its output is read by QProcess,
through the event loop (no thread), and every problem goes to the log once, errors as errors
and warnings as warnings, with one summary line. A newer version cancels the check of an older
one; the end of the kiosk ends the check. While a slide stands nothing here runs: no timer, no
polling, only the process's own signals.
"""

from __future__ import annotations

import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from kiosk.deck import Problem

log = logging.getLogger(__name__)

# The variable a check started from here sees: it lowers its own priority (kiosk.cli).
BACKGROUND = "KIOSK_BACKGROUND_CHECK"
GRACE_MS = 2000  # a cancelled check asked to stop, then ended for sure
_AT_QUIT_MS = 300  # the most the kiosk's end waits for each step of ending a check

_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.*)$")
_SUMMARY = re.compile(r"^\d+ problems? found \(|: \d+ slides? OK")
_WARNING = "warning: "


@dataclass(frozen=True)
class CheckOutput:
    """What one run of `kiosk check` said: its problems, in its order, and its last line."""

    problems: list[Problem]
    summary: str


def parse_check_output(text: str) -> CheckOutput:
    """`kiosk check`'s lines read back: `FILE:LINE:COL: [warning: ]message` starts a problem, a
    line without a place continues the one before, the count (or "N slides OK") ends it all."""
    problems: list[Problem] = []
    summary = ""
    for line in text.splitlines():
        if not line.strip():
            continue
        if _SUMMARY.search(line) and not _LOCATED.match(line):
            summary = line.strip()
            continue
        match = _LOCATED.match(line)
        if match is None:
            if problems:
                last = problems[-1]
                problems[-1] = Problem(last.file, last.line, last.col,
                                       f"{last.message}\n{line}", last.severity)
            continue
        message = match["message"]
        warning = message.startswith(_WARNING)
        problems.append(Problem(match["file"], int(match["line"]), int(match["col"]),
                                message[len(_WARNING):] if warning else message,
                                "warning" if warning else "error"))
    return CheckOutput(problems, summary)


def check_command(deck: Path) -> tuple[str, list[str]]:
    """This same program with `check`: the frozen program this process runs, or this Python
    with -m kiosk. Not the single file's launcher: without a home it would unpack the whole
    program again for every check, and a check ended while it unpacks (the kiosk stopped meanwhile)
    is killed before its shell can remove that folder, which then stays in the temporary folder."""
    if getattr(sys, "frozen", False):
        return sys.executable, ["check", str(deck)]
    return sys.executable, ["-m", "kiosk", "check", str(deck)]


class DeckCheck(QObject):
    """At most one `kiosk check` at a time, for the newest deck version asked for."""

    finished = Signal(object)  # CheckOutput of a check that ran to its end

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process: QProcess | None = None
        self._deck: Path | None = None
        self.closed = False

    @property
    def running(self) -> bool:
        return self._process is not None

    @property
    def process_id(self) -> int | None:
        """The system's id of the check running now (for the operator's tools and tests)."""
        return int(self._process.processId()) or None if self._process is not None else None

    def start(self, deck: Path) -> None:
        """Check this version of `deck`; a check of an older version still running is ended."""
        self.cancel()
        if self.closed or not deck.is_file():  # (a fetched deck with no file: nothing to check)
            return
        program, arguments = check_command(deck.resolve())
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments(arguments)
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert("QT_QPA_PLATFORM", "offscreen")  # it draws into images only
        environment.insert("PYTHONIOENCODING", "utf-8")  # what it says, read back as UTF-8
        environment.insert(BACKGROUND, "1")
        process.setProcessEnvironment(environment)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        process.finished.connect(lambda code, status: self._finished(process, code, status))
        process.errorOccurred.connect(lambda error: self._failed(process, error))
        self._process, self._deck = process, deck
        process.start()

    def cancel(self) -> None:
        """The running check (if any) is stale: ended, and nothing it says is logged."""
        process, self._process = self._process, None
        if process is None:
            return
        process.finished.disconnect()
        process.errorOccurred.disconnect()
        if process.state() == QProcess.ProcessState.NotRunning:
            process.deleteLater()
            return
        process.finished.connect(process.deleteLater)
        _ask_to_end(process)
        QTimer.singleShot(GRACE_MS, process, process.kill)  # (gone with the process)

    def close(self) -> None:
        """The kiosk ends: so does a check still running (a short, bounded wait at most)."""
        self.closed = True
        process, self._process = self._process, None
        if process is None:
            return
        process.finished.disconnect()
        process.errorOccurred.disconnect()
        if process.state() != QProcess.ProcessState.NotRunning:
            _ask_to_end(process)
            if not process.waitForFinished(_AT_QUIT_MS):
                process.kill()
                process.waitForFinished(_AT_QUIT_MS)

    def _finished(self, process: QProcess, code: int, status: QProcess.ExitStatus) -> None:
        if process is not self._process:
            return
        self._process = None
        deck = self._deck
        text = bytes(process.readAll().data()).decode("utf-8", errors="replace")
        process.deleteLater()
        if status != QProcess.ExitStatus.NormalExit or code not in (0, 1):
            tail = " | ".join(text.strip().splitlines()[-3:])
            log.warning("deck check of %s could not finish (exit %s)%s", deck, code,
                        f": {tail}" if tail else "")
            return
        output = parse_check_output(text)
        for problem in output.problems:
            if problem.severity == "error":
                log.error("deck check: %s", problem)
            else:
                log.warning("deck check: %s", problem)
        errors = sum(p.severity == "error" for p in output.problems)
        warnings = len(output.problems) - errors
        if not output.problems:
            log.info("deck check of %s: no problems (%s)", deck, output.summary or "OK")
        else:
            level = logging.ERROR if errors else logging.WARNING
            log.log(level, "deck check of %s: %d error%s, %d warning%s, as `kiosk check` says"
                    " (%s)", deck, errors, "" if errors == 1 else "s", warnings,
                    "" if warnings == 1 else "s", output.summary)
        self.finished.emit(output)

    def _failed(self, process: QProcess, error: QProcess.ProcessError) -> None:
        if process is not self._process or error != QProcess.ProcessError.FailedToStart:
            return  # a crash or a kill ends in `finished`, which says so
        self._process = None
        log.warning("deck check could not start (%s %s): %s", process.program(),
                    " ".join(process.arguments()), process.errorString())
        process.deleteLater()


def _ask_to_end(process: QProcess) -> None:
    # A polite end first where there is one (a check stopped by SIGTERM ends in order).
    # Windows' console programs have no such request (and its one-file children end with
    # their job).
    if sys.platform == "win32":
        process.kill()
    else:
        process.terminate()
