"""What the status message says: the deck on screen, the source, the slide, language, alert."""

from __future__ import annotations

import time
from typing import Any

from kiosk.fleet.alerts import Alert
from kiosk.fleet.options import FleetOptions
from kiosk.fleet.source import Fetcher
from kiosk.shell.session import Session


def status_message(session: Session, options: FleetOptions, fetcher: Fetcher | None,
                   alert: Alert | None, *, started: float, fallback: bool,
                   pending: bool) -> dict[str, Any]:
    """`started`: monotonic time the link started; `fallback`: the bundled deck stands in;
    `pending`: a new version waits for the next page turn."""
    from kiosk import __version__

    loaded = session.loaded
    nav = session.navigator
    source: dict[str, Any] = {"url": None, "state": "local",
                              "version": None, "last_success": None, "last_update": None,
                              "last_error": None}
    if fetcher is not None:
        source = fetcher.state.as_dict()
    return {
        "id": options.mqtt.id if options.mqtt else None,
        "state": "online",
        "time": round(time.time(), 3),
        "uptime": round(time.monotonic() - started, 1),
        "kiosk": __version__,
        "deck": {"path": str(loaded.path), "title": loaded.deck.deck.title.en,
                 "slides": len(loaded.deck.slides),
                 "fallback": fallback, "pending": pending},
        "source": source,
        "slide": {"id": nav.slide.id, "index": nav.index},
        "lang": nav.shown,
        "blank": nav.blank,
        # Off on purpose is not a failure: "asleep (schedule)", "awake (touch)", "awake".
        "display": nav.sleep.words(),
        "alert": None if alert is None else {"id": alert.id, "level": alert.level,
                                             "title": alert.title.en},
    }
