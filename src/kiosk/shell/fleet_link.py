"""The Qt glue: a running kiosk session wired to the content source, the alerts and the broker.

Network work happens off the UI thread (a poll thread for the source, paho's own thread for MQTT);
results and commands cross back through queued signals, so the window and the navigator are only
ever touched from the UI thread. A new deck version waits for the next page turn. What an alert
does on screen, what each command does and what the status message says live beside this file
(fleet_alerts, fleet_commands, fleet_status; the poll thread in fleet_poller).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from kiosk.deck import DeckError, LoadedDeck, load_deck
from kiosk.fleet.alerts import Alert, AlertStore
from kiosk.fleet.options import FleetOptions
from kiosk.fleet.source import Fetcher, PollResult, SourceState
from kiosk.fleet.summary import PlaySummary
from kiosk.navigator.state import Change
from kiosk.shell.fleet_alerts import AlertScreen
from kiosk.shell.fleet_commands import Commands
from kiosk.shell.fleet_poller import SourcePoller, Wait
from kiosk.shell.fleet_status import status_message
from kiosk.shell.session import Session
from kiosk.shell.ui_gc import collect_on_ui_thread, release

if TYPE_CHECKING:  # a URL-only kiosk never loads the MQTT module
    from kiosk.fleet.mqtt import Command, FleetClient

log = logging.getLogger(__name__)
STATUS_DEBOUNCE_MS = 200  # a burst of changes (deck + slide) makes one status message
SUPERVISE_MS = 10_000  # how often the MQTT client's thread and link are looked at


class FleetLink(QObject):
    _fetched = Signal(object)
    _command = Signal(object)
    _connection = Signal()

    def __init__(self, session: Session, options: FleetOptions, fetcher: Fetcher | None, *,
                 showing_fallback: bool = False, wait: Wait | None = None) -> None:
        """`wait`: between polls, instead of the real wait (the soak's simulated week)."""
        super().__init__(session)
        import gc

        self._gc_was_enabled = gc.isenabled()
        self._gc_timer = collect_on_ui_thread(self)  # before any network thread starts
        self.session = session
        self.window = session.window
        self.nav = session.navigator
        self.options = options
        self.fetcher = fetcher
        # The source's state as the last poll result brought it: the fetcher's own belongs to
        # the poll thread (read here once, before that thread starts).
        self.source_state: SourceState | None = fetcher.snapshot() if fetcher else None
        self.started = time.monotonic()
        self.showing_fallback = showing_fallback  # the bundled deck, until a version arrives
        self.alerts = AlertStore(options.state_dir / "alerts.json")
        self.summary = PlaySummary(self.nav)
        session.interaction_listeners.append(self.summary.interaction)
        self.nav.subscribe(self._on_change)
        self._fetched.connect(self._on_fetched, Qt.ConnectionType.QueuedConnection)
        self._command.connect(self.handle, Qt.ConnectionType.QueuedConnection)
        self._connection.connect(self.publish_status, Qt.ConnectionType.QueuedConnection)
        self._status_timer = self._timer(STATUS_DEBOUNCE_MS, self.publish_status, single=True)
        self.on_screen = AlertScreen(session, self.alerts, self.summary, self._status_soon, self)
        self.commands = Commands(session, self.on_screen, options)
        self.client: FleetClient | None = None
        config = options.mqtt
        if config is not None:
            from kiosk.fleet.mqtt import FleetClient

            self.client = FleetClient(config, self._command.emit,
                                      on_state=lambda *_: self._connection.emit())
            self._timer(int(config.status_interval * 1000), self.publish_status).start()
            self._timer(int(config.plays_interval * 1000), self.publish_plays).start()
            self._timer(SUPERVISE_MS, self.supervise).start()
            self.client.start()
        self.poller: SourcePoller | None = None
        if fetcher is not None:
            cached = fetcher.cached_alert()
            if cached is not None:
                self.on_screen.from_source(cached)
            # The poll thread's image check hears the decoder's warnings through this, put in
            # place here, on the UI thread, so that thread never touches Qt's handler.
            from kiosk.ops.qt_messages import install

            install()
            self.poller = SourcePoller(fetcher, self._fetched.emit, wait=wait)
            if self.nav.asleep:
                self.poller.slow.set()
            self.poller.start()
        app = QGuiApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self.on_screen.refresh()

    @property
    def shown_alert(self) -> Alert | None:
        return self.on_screen.shown

    def _timer(self, ms: int, slot: Any, single: bool = False) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(ms)
        timer.setSingleShot(single)
        timer.timeout.connect(slot)
        return timer

    def stop(self) -> None:
        if self.poller is not None:
            self.poller.stop()
        if self.client is not None:
            self.client.stop()
            self.client = None
        release(self._gc_timer, self._gc_was_enabled)

    def supervise(self) -> None:
        """Start the MQTT client afresh if its thread died or its link stalled; the status
        says how often that happened and why."""
        if self.client is not None and self.client.check() is not None:
            self._status_soon()

    # ----- content -----------------------------------------------------------------------------
    def _on_fetched(self, result: PollResult) -> None:
        if result.state is not None:
            self.source_state = result.state
        if result.alert_changed:
            self.on_screen.from_source(result.alert)
        if result.deck is not None:
            try:
                loaded = load_deck(result.deck)
            except DeckError as exc:  # checked already; only a disk fault gets here
                log.error("version %s cannot be read back: %s", result.deck, exc)
                return
            if self.showing_fallback or self.nav.asleep:  # (nobody sees a sleeping screen change)
                self.showing_fallback = False
                self._apply(loaded)
            else:
                self.session.replace_deck_at_next_turn(loaded, self._shown)
                log.info("new content version %s waits for the next page turn",
                         result.deck.parent.name)
        self._status_soon()

    @property
    def pending(self) -> LoadedDeck | None:
        """A new version waiting for the next page turn (the session switches at the turn)."""
        return self.session.next_version

    def _on_change(self, change: Change) -> None:
        if change.kind == "sleep" and self.poller is not None:
            if self.nav.asleep:
                self.poller.slow.set()
            else:
                self.poller.slow.clear()
                self.poller.wake.set()  # the newest version for the day
        if change.kind in ("slide", "language", "blank", "deck", "sleep"):
            self._status_soon()

    def _apply(self, loaded: LoadedDeck) -> None:
        self.session.replace_deck(loaded)
        self._shown(loaded)

    def _shown(self, loaded: LoadedDeck) -> None:
        log.info("showing content version %s (%d slides)", loaded.folder.name,
                 len(loaded.deck.slides))

    # ----- commands and status -----------------------------------------------------------------
    def handle(self, command: Command) -> None:
        self.commands.handle(command, self.client, self.poller)

    def _status_soon(self) -> None:
        if self.client is not None and not self._status_timer.isActive():
            self._status_timer.start()

    def status(self) -> dict[str, Any]:
        return status_message(self.session, self.options, self.source_state, self.client,
                              self.shown_alert,
                              started=self.started, fallback=self.showing_fallback,
                              pending=self.pending is not None)

    def publish_status(self) -> None:
        if self.client is not None and self.client.connected:
            self.client.publish_status(self.status())

    def publish_plays(self) -> None:
        if self.client is not None and self.client.connected:
            self.client.publish_plays({"id": self.client.config.id, **self.summary.take()})
