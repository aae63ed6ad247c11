"""Start the kiosk: load the deck, draw the first slide, then everything that can wait."""

from __future__ import annotations

import logging
import os
import sys
import time

from kiosk.deck import DeckError, LoadedDeck, load_deck
from kiosk.resources import bundled_deck, resolve_deck

log = logging.getLogger(__name__)


def _load_for_run(deck_arg: str | None) -> LoadedDeck | None:
    path = resolve_deck(deck_arg)
    try:
        return load_deck(path)
    except DeckError as exc:
        print(exc, file=sys.stderr)
        fallback = bundled_deck()
        if path.resolve() == fallback.resolve():
            return None
        # Never a blank lobby: with no good version of the operator's deck, show the bundled one.
        print(f"{path}: not valid; showing the bundled deck until it is fixed", file=sys.stderr)
        return load_deck(fallback)


def run(*, deck_arg: str | None = None, windowed: bool = False, screen: int | None = None,
        lang: str | None = None, exit_after: float | None = None) -> int:
    loaded = _load_for_run(deck_arg)
    if loaded is None:
        return 1
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from kiosk.navigator.state import Navigator
    from kiosk.render.fonts import ensure_fonts
    from kiosk.window import KioskWindow

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0], *_qt_args()])
    assert isinstance(app, QGuiApplication)
    app.setApplicationName("kiosk")
    app.setOrganizationName("yangjae-kiosk")
    ensure_fonts()
    navigator = Navigator(loaded.deck, clock=time.monotonic, language=lang)  # type: ignore[arg-type]
    window = KioskWindow(loaded, navigator, kiosk_mode=not windowed,
                         report_first_frame=bool(os.environ.get("KIOSK_REPORT_FIRST_FRAME")))
    screens = app.screens()
    chosen = screens[screen] if screen is not None and 0 <= screen < len(screens) else None
    window.show_on(chosen or app.primaryScreen())
    if exit_after is not None:
        QTimer.singleShot(int(exit_after * 1000), window.quit)
    code = app.exec()
    log.info("kiosk exits with %s", code)
    return int(code)


def _qt_args() -> list[str]:
    return []
