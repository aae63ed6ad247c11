"""A new version shown at a page turn: the turn goes from the old version's slide straight to
the new version's next slide. The old version's next slide is never drawn, not for one frame
(visitors saw it slide in and sit whole before the new one replaced it)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from kiosk.deck import load_deck
from kiosk.fleet.options import FleetOptions
from kiosk.shell.fleet_link import FleetLink
from kiosk.shell.fleet_poller import boot_deck, make_fetcher
from kiosk.shell.window import KioskWindow
from tests.fleet_servers import StaticHost, static_host
from tests.sessions import start_session

pytestmark = [pytest.mark.timeout(90), pytest.mark.usefixtures("gc_on_main_thread")]

OLD_COLOUR, NEW_COLOUR = "#00ff00", "#ff00ff"  # the second slide's picture, old and new
DECK = """\
deck:
  title: {{ko: 안내, en: Welcome}}
  sections:
    - id: main
      title: {{ko: 본문, en: Main}}
slides:
  - id: one
    section: main
    layout: statement
    statement: {{ko: 첫 번째, en: First}}
  - id: two
    section: main
    layout: image
    image: {picture}
"""


def picture(path: Path, colour: str) -> None:
    image = QImage(320, 180, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.save(str(path))


def share(frame: QImage, colour: str) -> float:
    """The share of the frame in (about) this colour."""
    small = frame.scaled(96, 54).convertToFormat(QImage.Format.Format_RGB32)
    want = QColor(colour)
    near = sum(1 for y in range(small.height()) for x in range(small.width())
               if all(abs(a - b) < 40 for a, b in zip(
                   QColor(small.pixel(x, y)).getRgb()[:3], want.getRgb()[:3])))
    return near / (small.width() * small.height())


class Frames:
    """What the window shows (drawn as its paint draws it), looked at every few milliseconds:
    more often than it draws, so every frame it shows is seen."""

    def __init__(self, window: KioskWindow) -> None:
        self.window = window
        self.shots: list[QImage] = []
        self.timer = QTimer()
        self.timer.setInterval(4)
        self.timer.timeout.connect(self._grab)
        self.timer.start()

    def _grab(self) -> None:
        self.shots.append(self.window.grab_image())

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[StaticHost]:
    root = tmp_path / "site"
    picture(root / "assets" / "old.png", OLD_COLOUR)
    picture(root / "assets" / "new.png", NEW_COLOUR)
    (root / "slides.yaml").write_text(DECK.format(picture="assets/old.png"), encoding="utf-8")
    with static_host(root) as host:
        yield host


def test_the_old_versions_next_slide_is_never_drawn(site: StaticHost, qtbot: QtBot,
                                                    tmp_path: Path) -> None:
    options = FleetOptions(site.base + "slides.yaml", None, tmp_path / "state")
    fetcher = make_fetcher(options, timeout=2)
    assert fetcher is not None
    fetcher.poll()  # the first version fetched and cached, as a kiosk that ran before has it
    first = boot_deck(fetcher)
    assert first is not None
    session = start_session(qtbot, load_deck(first), kiosk_mode=False)
    link = FleetLink(session, options, fetcher, showing_fallback=False)
    try:
        (site.root / "slides.yaml").write_text(DECK.format(picture="assets/new.png"),
                                               encoding="utf-8")
        assert link.poller is not None
        link.poller.wake.set()
        qtbot.waitUntil(lambda: link.status()["deck"]["pending"], timeout=10000)
        frames = Frames(session.window)
        session.navigator.next()  # the page turn that brings the new version
        qtbot.waitUntil(lambda: bool(frames.shots) and share(frames.shots[-1], NEW_COLOUR) > 0.3
                        and session.window.transition is None, timeout=10000)
        qtbot.wait(400)  # frames after the turn has settled, too
        frames.stop()
        assert session.navigator.slide.id == "two" and not link.status()["deck"]["pending"]
        old = [round(share(shot, OLD_COLOUR), 3) for shot in frames.shots]
        assert max(old) < 0.01, f"the old version's slide in {sum(s > 0.01 for s in old)} " \
            f"of {len(old)} frames: {old}"
        # The turn was animated, not cut: frames between the old slide and the new one.
        changes = sum(a != b for a, b in zip(frames.shots, frames.shots[1:]))
        assert changes >= 3, f"{changes} changes of picture in {len(frames.shots)} looks"
    finally:
        link.stop()
        session.quit()


def test_a_version_shown_at_once_is_not_undone_by_an_older_one_waiting_for_a_turn(
        qtbot: QtBot, tmp_path: Path) -> None:
    """Version B waits for the next page turn; the screen goes to sleep first, and C, fetched
    in the night, is shown at once (nobody sees a sleeping screen change). The morning's first
    turn must keep C, not bring the older B back."""
    decks = {}
    for name in ("a", "b", "c"):
        picture(tmp_path / name / "assets" / "p.png", OLD_COLOUR)
        path = tmp_path / name / "slides.yaml"
        path.write_text(DECK.format(picture="assets/p.png").replace("First", f"Version {name}"),
                        encoding="utf-8")
        decks[name] = load_deck(path)
    session = start_session(qtbot, decks["a"], kiosk_mode=False)
    # (a window closed before its first paint makes Qt warn)
    qtbot.waitUntil(lambda: session.window._painted)  # noqa: SLF001
    try:
        session.replace_deck_at_next_turn(decks["b"])
        session.replace_deck(decks["c"])
        session.navigator.next()
        assert session.loaded is decks["c"]
        assert session.next_version is None
        qtbot.waitUntil(lambda: session.window.transition is None, timeout=30_000)
    finally:
        session.quit()
