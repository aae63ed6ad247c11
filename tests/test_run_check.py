"""`kiosk run` says what `kiosk check` says, in its log, without holding up the screen: the same
check in another process after the first frame and after each reload, one at a time."""

from __future__ import annotations

import logging
import os
import re
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ops.deck_check import DeckCheck, parse_check_output
from tests.decks import MINIMAL
from tests.kiosk_process import KioskProcess
from tests.test_continued import CONTINUED

ONE_SCREEN = "  display:\n    screens: [1024x768]\n  sections:"
# Slide 'one' continues on another page (a warning); slide 'two' names a character no bundled
# font has (an error).
BROKEN = CONTINUED.replace("  sections:", ONE_SCREEN, 1).replace(
    "    points:\n      - {ko: 가, en: A}",
    "    points:\n      - {ko: \"김서연(金瑞妍) 원장\", en: Dr Kim Seo-yeon}")
FIXED = MINIMAL.replace("  sections:", ONE_SCREEN, 1)
_PLACE = re.compile(r"^.+:\d+:\d+: ")


Run = Callable[..., tuple[int, str, str]]


def check_lines(deck: Path, run_cli: Run) -> list[str]:
    """What `kiosk check` prints about each problem (its last line, the count, aside)."""
    _, _, err = run_cli("check", str(deck))
    return [line for line in err.splitlines() if _PLACE.match(line)]


def test_run_logs_what_check_says_and_a_fixed_deck_checks_clean(
        tmp_path: Path, kiosk_process: Callable[..., KioskProcess],
        run_cli: Run) -> None:
    """`run` logged only the missing character (its own quick look), never the continued
    field that `check` warns about, and nothing after a reload."""
    deck = tmp_path / "slides.yaml"
    deck.write_text(BROKEN, encoding="utf-8")
    expected = check_lines(deck, run_cli)
    assert len(expected) == 2 and any("U+598D" in line for line in expected) \
        and any("warning: " in line and "continues" in line for line in expected), expected
    kiosk = kiosk_process(str(deck), "--windowed")
    kiosk.wait_started()
    kiosk.wait_for_log("as `kiosk check` says")
    log = kiosk.log_text()
    for line in expected:  # every line check prints, once, at its level
        level = "WARNING" if ": warning: " in line else "ERROR"
        assert log.count(line) == 1, (line, log)
        assert f" {level} kiosk.ops.deck_check: deck check: {line}" in log, (line, log)
    assert "1 error, 1 warning" in log
    deck.write_text(FIXED, encoding="utf-8")
    kiosk.wait_for_log("deck reloaded: 2 slides")
    kiosk.wait_for_log("no problems")
    log = kiosk.log_text()
    assert "2 slides OK" in log.split("deck reloaded")[-1]
    assert all(log.count(line) == 1 for line in expected), log  # the old version's, not again
    kiosk.signal(signal.SIGTERM)
    assert kiosk.wait_exit(timeout=20) == 0


def test_a_newer_version_cancels_the_check_of_an_older_one_and_quit_ends_it(
        tmp_path: Path, qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(BROKEN, encoding="utf-8")
    new.write_text(FIXED, encoding="utf-8")
    checks = DeckCheck()
    outputs: list[object] = []
    checks.finished.connect(outputs.append)
    with caplog.at_level(logging.INFO, logger="kiosk"):
        checks.start(old)
        checks.start(new)  # at once: the old one is stale
        with qtbot.waitSignal(checks.finished, timeout=30_000):
            pass
    assert len(outputs) == 1 and not checks.running
    said = [r.getMessage() for r in caplog.records if "deck check" in r.getMessage()]
    assert len(said) == 1 and "no problems" in said[0] and str(new) in said[0], said
    checks.start(old)
    qtbot.waitUntil(lambda: checks.process_id is not None, timeout=30_000)
    pid = checks.process_id
    assert pid is not None
    checks.close()  # the kiosk ends: the check with it, at once, and nothing more is logged
    assert not checks.running
    with pytest.raises(ProcessLookupError):  # ended and reaped, not left running
        os.kill(pid, 0)
    checks.start(old)  # nothing starts after the end
    assert not checks.running
    qtbot.wait(50)  # (a queued finished signal, if any, would arrive here)
    assert len(outputs) == 1
    checks.deleteLater()


def test_parse_reads_back_every_problem_check_prints(tmp_path: Path, run_cli: Run) -> None:
    deck = tmp_path / "slides.yaml"
    deck.write_text(BROKEN, encoding="utf-8")
    code, out, err = run_cli("check", str(deck))
    output = parse_check_output(err + out)
    assert code == 1
    assert [str(p) for p in output.problems] == check_lines(deck, run_cli)
    assert [p.severity for p in output.problems] == ["warning", "error"]
    assert output.summary == "2 problems found (1 error, 1 warning)"
