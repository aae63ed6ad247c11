"""The kiosk's own rotating log file keeps the same files, line for line, as the standard
library's RotatingFileHandler (which a running kiosk no longer imports)."""

from __future__ import annotations

import logging
import logging.handlers
import tempfile
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kiosk.ops.log_file import RotatingFile

messages = st.lists(st.text(st.characters(blacklist_categories=("Cs",),
                                          blacklist_characters="\r"), max_size=120),
                    min_size=1, max_size=60)


def written(handler: logging.Handler, lines: list[str]) -> None:
    handler.setFormatter(logging.Formatter("%(message)s"))
    for line in lines:
        handler.handle(logging.LogRecord("kiosk", logging.INFO, __file__, 1, line, None, None))
    handler.close()


def files(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())}


@settings(max_examples=60)
@given(lines=messages, max_bytes=st.integers(0, 400), backups=st.integers(0, 4))
def test_the_same_files_as_the_standard_librarys(lines: list[str], max_bytes: int,
                                                 backups: int) -> None:
    # A line as long as the whole limit: the standard library's own answer changed between
    # versions (3.11 rotates the empty file away); that case has its own test below.
    assume(max_bytes == 0 or all(len(line) + 1 < max_bytes for line in lines))
    with tempfile.TemporaryDirectory() as ours, tempfile.TemporaryDirectory() as theirs:
        written(RotatingFile(Path(ours) / "kiosk.log", max_bytes, backups), lines)
        written(logging.handlers.RotatingFileHandler(
            Path(theirs) / "kiosk.log", maxBytes=max_bytes, backupCount=backups,
            encoding="utf-8"), lines)
        assert files(Path(ours)) == files(Path(theirs))


def test_a_new_start_appends_and_rotates_what_an_earlier_run_left(tmp_path: Path) -> None:
    (tmp_path / "kiosk.log").write_text("x" * 90 + "\n", encoding="utf-8")
    written(RotatingFile(tmp_path / "kiosk.log", 100, 2), ["first", "second"])
    # 91 + 6 characters fit under 100; the second line would pass it and begins a new file.
    assert files(tmp_path) == {"kiosk.log": "second\n", "kiosk.log.1": "x" * 90 + "\nfirst\n"}


def test_a_line_longer_than_the_limit_goes_into_the_empty_file(tmp_path: Path) -> None:
    written(RotatingFile(tmp_path / "kiosk.log", 10, 2), ["a line of some length", "next"])
    assert files(tmp_path) == {"kiosk.log": "next\n", "kiosk.log.1": "a line of some length\n"}
