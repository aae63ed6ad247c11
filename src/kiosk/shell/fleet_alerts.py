"""Alerts on screen: the one that should cover the slides now, shown or cleared as it changes.

An alert covers the whole window and pauses the loop underneath (resumed when it clears, unless
it was paused already); its start and end go to proof of play and the play summary. A timer
wakes for the next expiry, so a timed alert clears itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QPainter

from kiosk.fleet.alerts import Alert, AlertStore, read_source_alert
from kiosk.fleet.payload import describe
from kiosk.fleet.summary import PlaySummary
from kiosk.shell.session import Session

log = logging.getLogger(__name__)


class AlertScreen:
    def __init__(self, session: Session, store: AlertStore, summary: PlaySummary,
                 changed: Callable[[], None], parent: QObject) -> None:
        self.session = session
        self.store = store
        self.summary = summary
        self.changed = changed  # the status message should say so
        self.shown: Alert | None = None
        self._paused_for_alert = False
        self._expiry_timer = QTimer(parent)
        self._expiry_timer.setInterval(0)
        self._expiry_timer.setSingleShot(True)
        self._expiry_timer.timeout.connect(self.refresh)

    def from_source(self, raw: bytes | None) -> None:
        """The source's alert.yaml (None: there is none any more)."""
        if raw is None:
            self.store.clear("source")
        else:
            try:
                alert = read_source_alert(raw)
            except Exception as exc:  # noqa: BLE001  # whatever the server sent: one line
                log.error("alert.yaml from the source ignored: %s", describe(exc))
                return
            self.store.set(alert, "source")
        self.refresh()

    def refresh(self) -> None:
        """Show the alert that should be on screen now (or none), and wake for its expiry."""
        alert = self.store.active()
        if alert != self.shown:
            self._show(alert)
        expiry = self.store.next_expiry()
        if expiry is not None:
            wait = max(0.0, min(expiry - self.store.wall(), 86400.0))
            self._expiry_timer.start(int(wait * 1000) + 10)

    def _show(self, alert: Alert | None) -> None:
        previous, self.shown = self.shown, alert
        window = self.session.window
        nav = self.session.navigator
        plays = self.session.plays
        if alert is None:
            window.cover = None
            self.summary.covered(False)
            if self._paused_for_alert:
                self._paused_for_alert = False
                nav.resume("operator")
            nav.alert_shown(False)  # outside the hours the screen sleeps again
            if plays is not None and previous is not None:
                plays.write("alert_end", id=previous.id, level=previous.level)
            self.summary.alert({"event": "end", "id": previous.id if previous else None})
            log.info("alert cleared")
        else:
            from kiosk.render.alert import paint_alert

            def cover(painter: QPainter, width: int, height: int) -> None:
                paint_alert(painter, width, height, alert.level, alert.title, alert.text,
                            nav.shown)

            nav.alert_shown(True)  # an alert wakes a sleeping screen (before it is covered)
            window.transition = None
            window.cover = cover
            self.summary.covered(True)
            if nav.playing:
                self._paused_for_alert = True
                nav.pause("operator")
            record = {"id": alert.id, "level": alert.level, "title": alert.title.en}
            if plays is not None:
                plays.write("alert", **record)
            self.summary.alert({"event": "start", **record})
            log.warning("alert on screen: %s (%s)", alert.title.en, alert.level)
        window.update()
        self.changed()
