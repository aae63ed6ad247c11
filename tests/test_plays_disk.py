"""Proof of play when the disk refuses: the failure is said once, the records wait in memory
(bounded) and reach the file, in order and once each, when the disk is back."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.deck import load_deck
from kiosk.navigator import Navigator
from kiosk.ops.plays import PlayLog
from tests.conftest import DECK

NAV = Navigator(load_deck(DECK).deck)


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Disk:
    """The log folder, taken away (a file where the folder was) and given back."""

    def __init__(self, root: Path) -> None:
        self.folder = root / "logs"
        self.away = root / "logs.away"
        self.folder.mkdir()
        self.up = True

    def fail(self) -> None:
        if self.up:
            self.folder.rename(self.away)
            self.folder.write_text("not a folder")
            self.up = False

    def mend(self) -> None:
        if not self.up:
            self.folder.unlink()
            self.away.rename(self.folder)
            self.up = True


# Each step: writes (how many records) or the disk going ("fail") or coming back ("mend").
STEPS = st.lists(st.one_of(st.integers(1, 6), st.sampled_from(["fail", "mend"])),
                 min_size=1, max_size=25)


@settings(max_examples=60, deadline=None)
@given(steps=STEPS, bound=st.integers(3, 12))
def test_records_written_while_the_disk_refuses_arrive_when_it_returns(
        steps: list[int | str], bound: int) -> None:
    root = Path(tempfile.mkdtemp(prefix="plays-"))
    lines = Lines()
    logger = logging.getLogger("kiosk.ops.plays")
    logger.addHandler(lines)
    try:
        disk = Disk(root)
        plays = PlayLog(disk.folder / "plays.jsonl", NAV, max_pending=bound)
        expected: list[int] = []  # record numbers that must reach the file, in order
        held: list[int] = []  # written while the disk was gone
        outages = 0  # outages in which something was written
        failing = False
        n = 0
        for step in [*steps, "mend", 1]:
            if step == "fail":
                disk.fail()
            elif step == "mend":
                disk.mend()
            else:
                assert isinstance(step, int)
                for _ in range(step):
                    n += 1
                    plays.write("interaction", kind="touch", n=n)
                    if disk.up:
                        expected += (held + [n])[-bound:]
                        held = []
                        failing = False
                    else:
                        held.append(n)
                        if not failing:
                            outages += 1
                            failing = True
                    assert (plays.failing is not None) == (not disk.up)
        assert held == []
        written = [json.loads(line)["n"]
                   for line in (disk.folder / "plays.jsonl").read_text().splitlines()]
        assert written == expected
        errors = [r for r in lines.records if r.levelno == logging.ERROR]
        back = [r for r in lines.records if r.levelno == logging.WARNING]
        assert len(errors) == outages and len(back) == outages  # once each way, per outage
        assert all("cannot write" in r.getMessage() for r in errors)
    finally:
        logger.removeHandler(lines)
        shutil.rmtree(root, ignore_errors=True)
