"""Start the kiosk: the first slide on screen first, then everything that can wait."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.resources import bundled_deck, resolve_deck

if TYPE_CHECKING:
    from kiosk.deck import DeckError, LoadedDeck
    from kiosk.fleet.options import FleetOptions
    from kiosk.fleet.source import Fetcher
    from kiosk.shell.session import Session

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
        lang: str | None = None, exit_after: float | None = None, verbose: bool = False,
        fleet: FleetOptions | None = None) -> int:
    from kiosk.platform import early_stop

    if (asked := early_stop.requested()) is not None:  # stopped before anything was shown
        return _stopped_while_starting(asked, verbose, lang)
    path = resolve_deck(None if fleet is not None and fleet.url else deck_arg)
    from kiosk.shell import display

    if (no_display := display.problem()) is not None:
        print(no_display, file=sys.stderr)  # one line, not Qt's abort and its advice
        return 1
    from kiosk.shell import runtime

    runtime.apply()
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QGuiApplication

    from kiosk.shell import preview
    from kiosk.shell.signals import StopSignals

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    assert isinstance(app, QGuiApplication)
    stop = StopSignals()  # it takes over from early_stop: the stop asked for so far counts
    screens = app.screens()
    if (no_screen := display.screen_problem(screen, screens)) is not None:
        print(no_screen, file=sys.stderr)
        return 2
    chosen = screens[screen] if screen is not None else None
    target = chosen or app.primaryScreen()
    fetcher = None
    if fleet is not None and fleet.url:
        from kiosk.shell.fleet_poller import boot_deck, make_fetcher

        fetcher = make_fetcher(fleet)
        path = (boot_deck(fetcher) if fetcher else None) or bundled_deck()  # until one arrives
    if stop.requested:  # before anything is on screen: nothing to show, nothing to record
        stop.close()
        return _stopped_while_starting(stop.requested, verbose, lang)
    report = bool(os.environ.get("KIOSK_REPORT_FIRST_FRAME"))
    # The remembered first frame goes up before the deck model is even imported.
    geometry = target.geometry()
    key = None if windowed else preview.frame_key(path, geometry.width(), geometry.height(),
                                                  target.devicePixelRatio(), lang)
    early = preview.load(key)
    splash = None
    on_screen_since = time.monotonic()  # when the first slide, remembered or live, came up
    if early is not None:
        shown = QEventLoop()

        def splash_drawn() -> None:
            nonlocal on_screen_since
            on_screen_since = time.monotonic()
            if report:
                preview.report_first_frame()
            shown.quit()

        splash = preview.PreviewWindow(early, True, splash_drawn)
        splash.setScreen(target)
        splash.setGeometry(geometry)
        splash.show_full_screen()
        wait_for_paint(splash, shown)
        early = None  # the splash holds the only reference, and drops it when it goes

    loaded, startup_error = _load_for_run(path)
    if loaded is None or stop.requested:
        stop.close()
        if loaded is None:
            return 1
        # The remembered first slide was on screen: that is a play, with its seconds.
        since = on_screen_since if splash is not None and splash.painted else None
        return _stopped_while_starting(stop.requested or "stop", verbose, lang, loaded, since)
    from kiosk.deck.schedule import visible
    from kiosk.navigator.state import Navigator
    from kiosk.render.fonts import ensure_fonts
    from kiosk.shell.session import Session

    ensure_fonts()
    navigator = Navigator(loaded.deck, clock=time.monotonic, language=lang,  # type: ignore[arg-type]
                          visible=visible)
    first_paint: list[Callable[[], None]] = [splash.dispose] if splash is not None else []
    if report and splash is None:
        first_paint.append(preview.report_first_frame)
    if report:  # the first slide drawn from the deck, whether or not a remembered one came first
        first_paint.append(lambda: preview.report_first_frame("first-live-frame"))

    drawn = [splash is not None and splash.painted]  # a slide has been on screen

    def first_frame_drawn() -> None:
        if not drawn[0]:
            nonlocal on_screen_since
            on_screen_since = time.monotonic()
        drawn[0] = True
        if session.plays is not None:  # proof of play started before this paint
            session.plays.drawn()
        for call in first_paint:  # the splash goes; the start-up benchmark reads its line
            call()
        first_paint.clear()

    session = Session(loaded, navigator, kiosk_mode=not windowed,
                      on_first_paint=first_frame_drawn)
    if splash is not None:
        # Keys and touches that came to the remembered frame (it has the focus while it is up),
        # and those still to come, go to the session: none is lost to a busy start.
        splash.hand_input_to(session.window)
        first_paint.append(session.window.requestActivate)  # the focus, once the splash goes
    session.show_on(target)
    if not windowed:
        from kiosk.shell.keep_front import KeepInFront

        KeepInFront(session.window)  # owned by the window
    remembered = splash is not None
    splash = None  # the window's first paint lets it go

    def join_operations() -> None:
        # Until the operations run (logging, proof of play), a stop only waits in
        # `stop.requested`: quitting earlier would leave no log line and no play record.
        # Proof of play claims a slide only once it is drawn (the 0 timer can come first).
        try:
            _after_first_frame(session, path, startup_error, verbose, key, remembered, fleet,
                               fetcher, on_screen=False)
            if drawn[0] and session.plays is not None:
                session.plays.drawn(on_screen_since)
        finally:  # whatever failed there, a stop must still end the kiosk
            stop.on_stop = session.quit
            if stop.requested:  # one that came while the window was being made, or just now
                session.quit(stop.requested)

    QTimer.singleShot(0, join_operations)
    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), lambda: session.quit("--exit-after"))
    code = app.exec()
    stop.close()
    session.quit("event loop ended")  # proof of play and the screen saver, whatever ended it
    log.info("kiosk exits with %s", code)
    return int(code)


def _after_first_frame(session: Session, deck_path: Path, startup_error: DeckError | None,
                       verbose: bool, key: str | None, remembered: bool,
                       fleet: FleetOptions | None = None, fetcher: Fetcher | None = None, *,
                       on_screen: bool = True) -> None:
    import linecache

    from kiosk import __version__
    from kiosk.ops.logs import setup_logging
    from kiosk.shell import preview

    # PySide's import hook reads the source of every module imported after it into linecache
    # (to look for `from __feature__ import`): 8 MB of lines from a Python install that nothing
    # reads again (a traceback reads its lines anew). Dropped before the slides are drawn, so
    # the drawing reuses that memory instead of adding to it.
    linecache.clearcache()
    folder = setup_logging(verbose)
    _set_icon()
    loaded = session.loaded
    log.info("kiosk %s starts on %s (%d slides); logs in %s; first frame %s", __version__,
             loaded.path, len(loaded.deck.slides), folder,
             "remembered from the last start" if remembered else "drawn")
    nav = session.navigator
    if startup_error is None and not nav.has_schedules and nav.sleep.hours is None and \
            session.kiosk_mode:
        # Remember this first slide for the next start. Not when time changes what the first
        # frame is: a schedule (which slide), opening hours (the lit cover of a start by day
        # would light the lobby for a moment at a restart in the night).
        preview.store(key, session.window.current_image())
    if startup_error is not None:
        log.error("deck not valid at start:\n%s", startup_error)
    from kiosk.shell.ui_gc import collect_on_ui_thread

    # The kiosk's own threads (the screen's power switch, the alerts' writer, a fleet's poller
    # and broker loop) must never be where a cyclic collection frees a Qt object.
    collect_on_ui_thread(session)
    from kiosk.ops.deck_check import DeckCheck

    # What `kiosk check` says about this deck, in the log too: in another process, so the
    # layouts at every screen shape do not hold up this one.
    session.deck_check = DeckCheck(session)
    # A URL deck's versions come from its source (the fleet link), not from a watched file.
    session.start_operations(folder / "plays.jsonl", deck_path,
                             startup_error.problems if startup_error is not None else None,
                             watch=fetcher is None, on_screen=on_screen)
    if fleet is not None:
        from kiosk.shell.fleet_link import FleetLink

        session.fleet = FleetLink(session, fleet, fetcher, showing_fallback=fetcher is not None
                                  and fetcher.current() is None)


def _stopped_while_starting(reason: str, verbose: bool, lang: str | None,
                            loaded: LoadedDeck | None = None,
                            shown_since: float | None = None) -> int:
    """A stop before the session ran: the same log line as any orderly stop and, when the
    remembered first slide was on screen (since `shown_since`), its play; exit 0."""
    from kiosk.ops.logs import setup_logging

    folder = setup_logging(verbose)
    log.info("kiosk stops (%s) while starting", reason)
    if loaded is not None and shown_since is not None:
        from kiosk.deck.schedule import visible
        from kiosk.navigator.state import Navigator
        from kiosk.ops.plays import PlayLog

        navigator = Navigator(loaded.deck, clock=time.monotonic,
                              language=lang, visible=visible)  # type: ignore[arg-type]
        PlayLog(folder / "plays.jsonl", navigator, shown_since=shown_since).close()
    log.info("kiosk exits with 0")
    return 0


def _set_icon() -> None:
    """The window's icon (seen in --windowed mode and task switchers), from the bundled assets."""
    from PySide6.QtGui import QGuiApplication, QIcon, QPixmap

    from kiosk.resources import bundled

    pixmap = QPixmap()
    entry = bundled("assets") / "kiosk.png"
    # The format named: bytes of unnamed format make Qt load every image plugin to ask each
    # whether it reads them (libQt6Svg and the rest, mapped for the kiosk's whole life).
    if entry.is_file() and pixmap.loadFromData(entry.read_bytes(), "PNG"):
        QGuiApplication.setWindowIcon(QIcon(pixmap))


def wait_for_paint(splash: Any, shown: Any, limit_ms: int = 300) -> None:
    """Let the remembered frame reach the screen (a moment at most) before the work starts:
    `shown` (a QEventLoop the splash's first paint quits) sleeps until the paint or the limit,
    never spinning, so the start-up's other process and the compositor get the cores."""
    if splash.painted:
        return
    from PySide6.QtCore import QTimer

    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(shown.quit)
    give_up.start(limit_ms)
    shown.exec()
    give_up.stop()
