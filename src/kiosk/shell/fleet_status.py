"""What the status message says: the deck on screen, the source, the slide, language, alert."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from kiosk.fleet.alerts import Alert
from kiosk.fleet.options import FleetOptions
from kiosk.fleet.source import SourceState
from kiosk.shell.session import Session

if TYPE_CHECKING:  # a URL-only kiosk never loads the MQTT module
    from kiosk.fleet.mqtt import FleetClient


def status_message(session: Session, options: FleetOptions, source_state: SourceState | None,
                   client: FleetClient | None, alert: Alert | None, *, started: float,
                   fallback: bool, pending: bool) -> dict[str, Any]:
    """`source_state`: as the last poll result brought it (None: a local deck); `started`:
    monotonic time the link started; `fallback`: the bundled deck stands in; `pending`: a new
    version waits for the next page turn.

    The top-level state is "online" while the kiosk shows its content and reaches its source
    (or has none), "source-offline" while it shows the cached (or bundled) deck because the
    server does not answer, and "offline" only in the last will: the kiosk itself is gone."""
    from kiosk import __version__

    loaded = session.loaded
    nav = session.navigator
    source: dict[str, Any] = {"url": None, "state": "local",
                              "version": None, "last_success": None, "last_update": None,
                              "last_error": None}
    if source_state is not None:
        source = source_state.as_dict()
    message: dict[str, Any] = {
        "id": options.mqtt.id if options.mqtt else None,
        "state": "source-offline" if source["state"] == "offline" else "online",
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
        # Why the accessibility mode's speech is not heard (no engine, no sound device); the
        # next status after the mode tried to speak says it.
        "speech": session.speech_problem,
        "alert": None if alert is None else {"id": alert.id, "level": alert.level,
                                             "title": alert.title.en},
    }
    if client is not None:
        message["mqtt"] = {"restarts": client.restarts, "last_restart": client.last_restart}
    return message
