"""Start the kiosk: load the deck, draw the first slide, then everything that can wait."""

from __future__ import annotations

import logging
import os
import sys
import time

from kiosk.deck import DeckError, LoadedDeck, load_deck
from kiosk.resources import bundled_deck, resolve_deck

log = logging.getLogger(__name__)


def _load_for_run(deck_arg: str | None) -> tuple[LoadedDeck | None, DeckError | None]:
    path = resolve_deck(deck_arg)
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
    loaded, startup_error = _load_for_run(deck_arg)
    if loaded is None:
        return 1
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from kiosk.deck.schedule import visible
    from kiosk.navigator.state import Navigator
    from kiosk.render.fonts import ensure_fonts
    from kiosk.window import KioskWindow

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    assert isinstance(app, QGuiApplication)
    ensure_fonts()
    navigator = Navigator(loaded.deck, clock=time.monotonic, language=lang,  # type: ignore[arg-type]
                          visible=visible)
    window = KioskWindow(loaded, navigator, kiosk_mode=not windowed,
                         report_first_frame=bool(os.environ.get("KIOSK_REPORT_FIRST_FRAME")))
    screens = app.screens()
    chosen = screens[screen] if screen is not None and 0 <= screen < len(screens) else None
    window.show_on(chosen or app.primaryScreen())
    # The first slide is on its way; what follows can wait for the event loop to start.
    watched = resolve_deck(deck_arg) if startup_error is not None else loaded.path
    QTimer.singleShot(0, lambda: _after_first_frame(window, navigator, watched, startup_error,
                                                    verbose))
    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), window.quit)
    code = app.exec()
    log.info("kiosk exits with %s", code)
    return int(code)


def _after_first_frame(window: object, navigator: object, deck_path: object,
                       startup_error: DeckError | None, verbose: bool) -> None:
    from pathlib import Path

    from kiosk import __version__
    from kiosk.logs import setup_logging
    from kiosk.plays import PlayLog
    from kiosk.reload import DeckWatcher, notice_text
    from kiosk.window import KioskWindow

    assert isinstance(window, KioskWindow)
    folder = setup_logging(verbose)
    log.info("kiosk %s starts on %s (%d slides); logs in %s", __version__, window.loaded.path,
             len(window.loaded.deck.slides), folder)
    plays = PlayLog(folder / "plays.jsonl", window.navigator)
    window.interaction_listeners.append(plays.interaction)
    watched = window.loaded
    if startup_error is not None:
        window.set_notice(notice_text(startup_error.problems))
        log.error("deck not valid at start:\n%s", startup_error)
    watcher = DeckWatcher(watched, window)
    if startup_error is not None:
        watcher.path = Path(str(deck_path)).resolve()
        watcher.problems = startup_error.problems
        watcher._watch()  # noqa: SLF001 (the operator's file, not the bundled stand-in)

    def applied(loaded: LoadedDeck) -> None:
        window.replace_deck(loaded)
        window.set_notice(None)

    def refused(problems: list) -> None:
        window.set_notice(notice_text(problems))

    watcher.reloaded.connect(applied)
    watcher.failed.connect(refused)
    window.watcher = watcher
    window.plays = plays
