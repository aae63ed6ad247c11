"""Start the kiosk: the first slide on screen first, then everything that can wait."""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.resources import bundled_deck, resolve_deck

if TYPE_CHECKING:
    from kiosk.deck import DeckError, LoadedDeck
    from kiosk.window import KioskWindow

log = logging.getLogger(__name__)


def _load_for_run(path: Path) -> tuple[LoadedDeck | None, DeckError | None]:
    from kiosk.deck import DeckError, load_deck

    try:
        return load_deck(path), None
    except DeckError as exc:
        print(exc, file=sys.stderr)
        fallback = bundled_deck()
        if path.resolve() == fallback.resolve():
            return None, exc
        # Never a blank lobby: with no good version of the operator's deck yet, show the bundled
        # one (with the operator's notice) until the file is fixed; the watcher applies the fix.
        print(f"{path}: not valid; showing the bundled deck until it is fixed", file=sys.stderr)
        return load_deck(fallback), exc


def run(*, deck_arg: str | None = None, windowed: bool = False, screen: int | None = None,
        lang: str | None = None, exit_after: float | None = None, verbose: bool = False) -> int:
    path = resolve_deck(deck_arg)
    from kiosk.shell import display

    if (no_display := display.problem()) is not None:
        print(no_display, file=sys.stderr)  # one line, not Qt's abort and its advice
        return 1
    from kiosk import runtime

    runtime.apply()
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from kiosk import preview

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    assert isinstance(app, QGuiApplication)
    screens = app.screens()
    if (no_screen := display.screen_problem(screen, screens)) is not None:
        print(no_screen, file=sys.stderr)
        return 2
    chosen = screens[screen] if screen is not None else None
    target = chosen or app.primaryScreen()
    report = bool(os.environ.get("KIOSK_REPORT_FIRST_FRAME"))
    # The remembered first frame goes up before the deck model is even imported.
    geometry = target.geometry()
    key = None if windowed else preview.frame_key(path, geometry.width(), geometry.height(),
                                                  target.devicePixelRatio(), lang)
    early = preview.load(key)
    splash = None
    if early is not None:
        splash = preview.PreviewWindow(early, True,
                                       preview.report_first_frame if report else None)
        splash.setScreen(target)
        splash.setGeometry(geometry)
        splash.showFullScreen()
        deadline = time.monotonic() + 0.3
        while not splash.painted and time.monotonic() < deadline:
            app.processEvents()
        early = None  # the splash holds the only reference, and drops it when it goes

    loaded, startup_error = _load_for_run(path)
    if loaded is None:
        return 1
    from kiosk.deck.schedule import visible
    from kiosk.navigator.state import Navigator
    from kiosk.render.fonts import ensure_fonts
    from kiosk.window import KioskWindow

    ensure_fonts()
    navigator = Navigator(loaded.deck, clock=time.monotonic, language=lang,  # type: ignore[arg-type]
                          visible=visible)
    window = KioskWindow(loaded, navigator, kiosk_mode=not windowed,
                         report_first_frame=report and splash is None)
    if splash is not None:
        window.first_paint_listeners.append(splash.dispose)
    window.show_on(target)
    if not windowed:
        from kiosk.shell.keep_front import KeepInFront

        KeepInFront(window)  # owned by the window
    remembered = splash is not None
    splash = None  # the window owns it until its first paint, then lets it go
    QTimer.singleShot(0, lambda: _after_first_frame(window, path, startup_error, verbose, key,
                                                    remembered))
    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), window.quit)
    code = app.exec()
    log.info("kiosk exits with %s", code)
    return int(code)


def _after_first_frame(window: KioskWindow, deck_path: Path, startup_error: DeckError | None,
                       verbose: bool, key: str | None, remembered: bool) -> None:
    from kiosk import __version__, preview
    from kiosk.logs import setup_logging
    from kiosk.plays import PlayLog
    from kiosk.reload import DeckWatcher, notice_text

    folder = setup_logging(verbose)
    _set_icon()
    log.info("kiosk %s starts on %s (%d slides); logs in %s; first frame %s", __version__,
             window.loaded.path, len(window.loaded.deck.slides), folder,
             "remembered from the last start" if remembered else "drawn")
    deck = window.loaded.deck
    scheduled = any(s.show_from or s.show_until or s.daily for s in deck.slides)
    if startup_error is None and not scheduled and window.kiosk_mode:
        # Remember this first slide for the next start (a schedule could change which it is).
        preview.store(key, window.current_image())
    plays = PlayLog(folder / "plays.jsonl", window.navigator)
    window.interaction_listeners.append(plays.interaction)
    window.plays = plays
    watcher = DeckWatcher(window.loaded, window)
    if startup_error is not None:
        window.set_notice(notice_text(startup_error.problems))
        log.error("deck not valid at start:\n%s", startup_error)
        watcher.path = deck_path.resolve()  # watch the operator's file, not the bundled stand-in
        watcher.problems = startup_error.problems
        watcher._watch()  # noqa: SLF001

    def applied(loaded: LoadedDeck) -> None:
        window.replace_deck(loaded)
        window.set_notice(None)

    def refused(problems: list) -> None:
        window.set_notice(notice_text(problems))

    watcher.reloaded.connect(applied)
    watcher.failed.connect(refused)
    window.watcher = watcher


def _set_icon() -> None:
    """The window's icon (seen in --windowed mode and task switchers), from the bundled assets."""
    from PySide6.QtGui import QGuiApplication, QIcon, QPixmap

    from kiosk.resources import bundled

    pixmap = QPixmap()
    entry = bundled("assets") / "kiosk.png"
    if entry.is_file() and pixmap.loadFromData(entry.read_bytes()):
        QGuiApplication.setWindowIcon(QIcon(pixmap))
