"""Running for weeks: PDF handout, contact sheet, logs, proof of play, stats, autostart."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.deck import load_deck
from kiosk.navigator import Navigator
from kiosk.ops.plays import PlayLog
from kiosk.ops.stats import summarise

Run = Callable[..., tuple[int, str, str]]


def test_pdf_handout_one_page_per_slide_with_the_font_embedded(run_cli: Run, deck_path: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    code, _, err = run_cli("export", str(deck_path), "--format", "pdf", "--out", str(out))
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    slides = len(load_deck(deck_path).deck.slides)
    if not (shutil.which("pdfinfo") and shutil.which("pdffonts")):
        pytest.skip("poppler-utils (pdfinfo, pdffonts) is not installed (.ci/setup installs it): "
                    "pages and embedded fonts cannot be read")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert f"Pages: {slides}" in " ".join(info.split()), info
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert rows and all(r[0].startswith("Pretendard") for r in rows)
    assert all(r[-5] == "yes" for r in rows), fonts  # the emb column


def test_contact_sheet(run_cli: Run, deck_path: Path, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    out = tmp_path / "sheet.png"
    code, _, err = run_cli("export", str(deck_path), "--contact-sheet", "--out", str(out))
    assert code == 0, err
    image = QImage(str(out))
    assert image.width() > 1900 and image.height() > 1000


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_plays_log_and_stats(deck_path: Path, tmp_path: Path) -> None:
    clock = Clock()
    nav = Navigator(load_deck(deck_path).deck, clock=clock)
    plays = PlayLog(tmp_path / "plays.jsonl", nav, clock=clock, wall=lambda: 1000 + clock.now)
    clock.now += 12
    nav.tick()  # autoplay moves on
    clock.now += 3
    plays.interaction("touch")
    nav.next()
    nav.toggle_language()
    clock.now += 80
    nav.tick()  # idle reset after the timeout
    plays.close()
    events = [json.loads(line) for line in (tmp_path / "plays.jsonl").read_text().splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "slide" and events[0]["id"] == "cover" and events[0]["seconds"] == 12
    assert events[0]["by"] == "autoplay"
    assert "interaction" in kinds and "language" in kinds and "idle_reset" in kinds
    visitor = [e for e in events if e["event"] == "slide" and e["by"] == "visitor"]
    assert visitor, events
    text = summarise(tmp_path / "plays.jsonl")
    assert "cover" in text and "interactions: 1" in text and "idle resets: 1" in text


def test_plays_log_rotates(deck_path: Path, tmp_path: Path) -> None:
    nav = Navigator(load_deck(deck_path).deck, clock=Clock())
    plays = PlayLog(tmp_path / "plays.jsonl", nav, max_bytes=500)
    for _ in range(200):
        plays.interaction("touch")
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["plays.jsonl", "plays.jsonl.1", "plays.jsonl.2", "plays.jsonl.3"]
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) < 4 * 600


def test_logs_go_to_a_rotating_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    from kiosk.ops.logs import setup_logging

    monkeypatch.setenv("KIOSK_LOG_DIR", str(tmp_path / "logs"))
    folder = setup_logging(verbose=False)
    logging.getLogger("kiosk.test").info("deck loaded")
    for handler in logging.getLogger("kiosk").handlers:
        handler.flush()
    assert "deck loaded" in (folder / "kiosk.log").read_text(encoding="utf-8")
    import sys

    from kiosk.ops import logs

    assert sys.excepthook is logs._log_uncaught
    try:
        raise ValueError("a slot went wrong")
    except ValueError as exc:  # what PySide6 hands the hook for an exception in a slot
        sys.excepthook(type(exc), exc, exc.__traceback__)
    for handler in logging.getLogger("kiosk").handlers:
        handler.flush()
    text = (folder / "kiosk.log").read_text(encoding="utf-8")
    assert "unexpected error; the kiosk keeps running" in text and "a slot went wrong" in text
    sys.excepthook = sys.__excepthook__


def test_install_autostart_systemd_and_xdg(run_cli: Run, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           deck_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("DISPLAY", ":0")
    code, out, _ = run_cli("install-autostart", "--deck", str(deck_path))
    assert code == 0
    unit = tmp_path / "config" / "systemd" / "user" / "yangjae-kiosk.service"
    text = unit.read_text()
    assert "Restart=always" in text and "RestartSec=3" in text and "DISPLAY" not in text
    assert f"-m kiosk run {deck_path.resolve()}" in text
    assert "systemctl --user" in out and str(unit) in out
    code, out, _ = run_cli("install-autostart", "--xdg")
    desktop = tmp_path / "config" / "autostart" / "yangjae-kiosk.desktop"
    assert code == 0 and "Exec=" in desktop.read_text()
    code, out, _ = run_cli("uninstall-autostart")
    assert code == 0 and not unit.exists() and not desktop.exists()
    assert str(unit) in out


def test_a_torn_last_line_does_not_swallow_the_next_record(deck_path: Path,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "plays.jsonl"
    path.write_text('{"t": 1.0, "event": "interaction", "kind": "touch"}\n{"t": 2.0, "ev',
                    encoding="utf-8")  # the last run lost power in the middle of a line
    plays = PlayLog(path, Navigator(load_deck(deck_path).deck, clock=Clock()))
    plays.interaction("key")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1])["kind"] == "key"
    assert "interactions: 2" in summarise(path)


def test_stats_into_a_closed_pipe_ends_quietly(deck_path: Path, tmp_path: Path) -> None:
    import os
    import sys

    path = tmp_path / "plays.jsonl"
    plays = PlayLog(path, Navigator(load_deck(deck_path).deck, clock=Clock()))
    for _ in range(3):
        plays.interaction("touch")
    read, write = os.pipe()
    os.close(read)  # `kiosk stats | head -1` once head has read its line and gone
    try:
        done = subprocess.run([sys.executable, "-m", "kiosk", "stats", str(path)], stdout=write,
                              stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    finally:
        os.close(write)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.returncode == 1  # what Python's documentation advises for a closed pipe
