"""Live reload: every way an editor saves is picked up; a bad save keeps the last good deck."""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.deck import DeckError, load_deck
from kiosk.ops.reload import DeckWatcher, notice_text
from tests.decks import MINIMAL
from tests.kiosk_process import KioskProcess
from tests.sessions import start_session

NEW = MINIMAL.replace("{ko: 첫 번째, en: First}", "{ko: 새 문장, en: New words}")
BROKEN = MINIMAL.replace("layout: bullets", "layout: bulets")


@pytest.fixture
def deck_file(write_deck: Callable[[str], Path]) -> Path:
    return write_deck(MINIMAL)


@pytest.fixture
def watcher(deck_file: Path, qtbot: QtBot) -> Iterator[DeckWatcher]:
    w = DeckWatcher(deck_file, load_deck(deck_file), debounce_ms=60)
    yield w
    w.deleteLater()


def statement(w: DeckWatcher) -> str:
    return w.current.deck.slides[0].statement.en  # type: ignore[union-attr]


def test_save_in_place(watcher: DeckWatcher, deck_file: Path, qtbot: QtBot) -> None:
    with qtbot.waitSignal(watcher.reloaded, timeout=20_000):
        deck_file.write_text(NEW, encoding="utf-8")
    assert statement(watcher) == "New words"


def test_write_temp_then_rename(watcher: DeckWatcher, deck_file: Path, qtbot: QtBot) -> None:
    for text in (NEW, MINIMAL):  # twice: the second proves the file is watched again
        temp = deck_file.with_name(".slides.yaml.swp")
        temp.write_text(text, encoding="utf-8")
        with qtbot.waitSignal(watcher.reloaded, timeout=20_000):
            os.replace(temp, deck_file)
    assert statement(watcher) == "First"


def test_delete_then_create(watcher: DeckWatcher, deck_file: Path, qtbot: QtBot) -> None:
    with qtbot.waitSignal(watcher.reloaded, timeout=20_000):
        deck_file.unlink()
        deck_file.write_text(NEW, encoding="utf-8")
    assert statement(watcher) == "New words"


def test_burst_of_writes_applies_the_last(watcher: DeckWatcher, deck_file: Path,
                                          qtbot: QtBot) -> None:
    seen: list[str] = []
    failed: list[object] = []
    watcher.reloaded.connect(lambda loaded: seen.append(loaded.deck.slides[0].statement.en))
    watcher.failed.connect(failed.append)
    half = NEW[: len(NEW) // 2]
    with qtbot.waitSignal(watcher.reloaded, timeout=20_000):
        for text in (half, NEW[:-20], NEW):
            deck_file.write_text(text, encoding="utf-8")
    # The watcher reports versions in the order it reads them, so any half-written one would
    # have come before this: no waiting needed. (Nothing can come after: the text is final.)
    assert seen == ["New words"] and failed == []  # no half-written version was ever read


def test_broken_save_keeps_last_good_then_fix(watcher: DeckWatcher, deck_file: Path,
                                              qtbot: QtBot) -> None:
    with qtbot.waitSignal(watcher.failed, timeout=20_000) as failed:
        deck_file.write_text(BROKEN, encoding="utf-8")
    problems = failed.args[0]
    assert any(f"{deck_file}:13:13:" in str(p) for p in problems)
    assert statement(watcher) == "First"  # the last good deck stays
    assert "Deck not applied" in notice_text(problems)
    with qtbot.waitSignal(watcher.reloaded, timeout=20_000):
        deck_file.write_text(NEW, encoding="utf-8")
    assert statement(watcher) == "New words" and watcher.problems == []


def test_deleted_then_restored(watcher: DeckWatcher, deck_file: Path, qtbot: QtBot,
                               caplog: pytest.LogCaptureFixture) -> None:
    deck_file.unlink()
    qtbot.waitUntil(lambda: "was removed; keeping the last good deck" in caplog.text,
                    timeout=20_000)  # the watcher has seen the deletion and settled on it
    assert statement(watcher) == "First"
    with qtbot.waitSignal(watcher.reloaded, timeout=20_000):
        deck_file.write_text(NEW, encoding="utf-8")
    assert statement(watcher) == "New words"


def test_window_shows_reload_on_the_same_slide(deck_file: Path, qtbot: QtBot) -> None:
    loaded = load_deck(deck_file)
    session = start_session(qtbot, loaded, kiosk_mode=False)
    win = session.window
    watcher = DeckWatcher(deck_file, loaded, session, debounce_ms=60)
    watcher.reloaded.connect(session.replace_deck)
    watcher.failed.connect(lambda problems: win.set_notice(notice_text(problems)))
    try:
        win.navigator.goto_slide("two")
        before = win.current_image().copy()
        with qtbot.waitSignal(watcher.failed, timeout=20_000):
            deck_file.write_text(BROKEN, encoding="utf-8")
        assert win.overlay.notice and win.navigator.slide.id == "two"
        assert win.current_image() == before  # still the last good deck
        reordered = MINIMAL.replace("  - id: one", "  - id: zero\n    section: main\n"
                                    "    layout: statement\n    statement: {ko: 영, en: Zero}\n"
                                    "  - id: one")
        with qtbot.waitSignal(watcher.reloaded, timeout=20_000):
            deck_file.write_text(reordered, encoding="utf-8")
        win.set_notice(None)
        assert win.navigator.slide.id == "two" and win.navigator.index == 2
    finally:
        session.quit()


def test_a_changed_image_is_picked_up(write_deck: Callable[[str], Path], tmp_path: Path,
                                      qtbot: QtBot) -> None:
    from PySide6.QtGui import QColor, QImage

    (tmp_path / "assets").mkdir()
    picture = tmp_path / "assets" / "photo.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff0000"))
    image.save(str(picture))
    text = MINIMAL + ("  - id: pic\n    section: main\n    layout: image\n"
                      "    image: assets/photo.png\n")
    watcher = DeckWatcher(write_deck(text), load_deck(tmp_path / 'slides.yaml'), debounce_ms=60)
    image.fill(QColor("#00ff00"))
    with qtbot.waitSignal(watcher.reloaded, timeout=20_000):
        image.save(str(picture))  # same deck text, a new picture: the screen must follow


def test_a_deck_invalid_at_start_is_applied_once_fixed(
        tmp_path: Path, kiosk_process: Callable[..., KioskProcess]) -> None:
    from PySide6.QtGui import QColor, QImage

    (tmp_path / "assets").mkdir()
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#2060a0"))
    image.save(str(tmp_path / "assets" / "photo.png"))
    good = MINIMAL + ("  - id: pic\n    section: main\n    layout: image\n"
                      "    image: assets/photo.png\n")
    deck = tmp_path / "slides.yaml"
    deck.write_text(good.replace("layout: bullets", "layout: bulets"), encoding="utf-8")
    kiosk = kiosk_process(str(deck))
    kiosk.wait_started()
    assert "showing the bundled deck until it is fixed" in kiosk.stderr
    deck.write_text(good, encoding="utf-8")
    kiosk.wait_for_log("deck reloaded: 3 slides")
    kiosk.signal(signal.SIGTERM)
    assert kiosk.wait_exit(timeout=20) == 0
    assert "does not exist" not in kiosk.log_text()
    events = kiosk.plays()
    assert {"event": "reload", "slides": 3}.items() <= events[-2].items()
    assert events[-1]["event"] == "slide" and events[-1]["id"] == "one"  # the operator's deck


def test_an_invalid_deck_is_logged_once_per_set_of_errors(
        deck_file: Path, qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    shown = load_deck(deck_file)
    deck_file.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(DeckError) as at_start:
        load_deck(deck_file)
    watcher = DeckWatcher(deck_file, shown, problems=at_start.value.problems, debounce_ms=60)

    def logged() -> list[str]:
        return [r.getMessage() for r in caplog.records if "deck not applied" in r.getMessage()]

    with caplog.at_level(logging.INFO, logger="kiosk"):
        for i in range(3):  # an editor's swap and backup files come and go beside the deck
            with qtbot.waitSignal(watcher.failed, timeout=20_000):
                (deck_file.parent / f".slides.yaml.{i}.swp").write_text("x", encoding="utf-8")
        assert logged() == []  # the start already logged these errors
        deck_file.write_text(BROKEN.replace("bulets", "bulletz"), encoding="utf-8")
        qtbot.waitUntil(lambda: len(logged()) == 1, timeout=20_000)  # new errors: logged
        assert "bulletz" in logged()[0]
        with qtbot.waitSignal(watcher.failed, timeout=20_000):
            (deck_file.parent / "notes.txt").write_text("x", encoding="utf-8")
        assert len(logged()) == 1
    watcher.deleteLater()
