"""The Qt glue: a running kiosk session wired to the content source, the alerts and the broker.

Network work happens off the UI thread (a poll thread for the source, paho's own thread for MQTT);
results and commands cross back through queued signals, so the window and the navigator are only
ever touched from the UI thread. A new deck version waits for the next page turn.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPainter

from kiosk.deck import DeckError, LoadedDeck, load_deck
from kiosk.fleet.alerts import Alert, AlertStore, parse_alert
from kiosk.fleet.mqtt import Command, FleetClient
from kiosk.fleet.options import FleetOptions
from kiosk.fleet.source import Fetcher, PollResult, default_cache
from kiosk.fleet.summary import PlaySummary
from kiosk.navigator.state import Change
from kiosk.shell.session import Session

log = logging.getLogger(__name__)
STATUS_DEBOUNCE_MS = 200  # a burst of changes (deck + slide) makes one status message
BOOT_FETCH_TIMEOUT = 10.0  # with nothing cached, how long the first start waits for the source


def make_fetcher(options: FleetOptions, timeout: float = 15.0) -> Fetcher | None:
    if options.url is None:
        return None
    from kiosk.ops.image_check import image_errors

    return Fetcher(options.url, default_cache(options.url, options.state_dir / "sources"),
                   validate=image_errors, timeout=timeout)


def boot_deck(fetcher: Fetcher) -> Path | None:
    """The deck to start with: the cached version at once, else one bounded first fetch."""
    current = fetcher.current()
    if current is not None:
        return current
    saved = fetcher.getter.timeout
    fetcher.getter.timeout = min(saved, BOOT_FETCH_TIMEOUT)
    try:
        return fetcher.poll().deck
    finally:
        fetcher.getter.timeout = saved


class _Poller(threading.Thread):
    """Polls the source at its own pace; `wake` asks for a poll now (the reload command)."""

    def __init__(self, fetcher: Fetcher, deliver: Any) -> None:
        super().__init__(name="kiosk-source", daemon=True)
        self.fetcher = fetcher
        self.deliver = deliver
        self.wake = threading.Event()
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            result = self.fetcher.poll()
            if self.stopping.is_set():
                return
            self.deliver(result)
            self.wake.wait(self.fetcher.next_delay())
            self.wake.clear()

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()


class FleetLink(QObject):
    _fetched = Signal(object)
    _command = Signal(object)
    _connection = Signal()

    def __init__(self, session: Session, options: FleetOptions, fetcher: Fetcher | None, *,
                 showing_fallback: bool = False) -> None:
        super().__init__(session)
        self.session = session
        self.window = session.window
        self.nav = session.navigator
        self.options = options
        self.fetcher = fetcher
        self.started = time.monotonic()
        self.pending: LoadedDeck | None = None
        self.showing_fallback = showing_fallback  # the bundled deck, until a version arrives
        self.alerts = AlertStore(options.state_dir / "alerts.json")
        self.shown_alert: Alert | None = None
        self._paused_for_alert = False
        self.summary = PlaySummary(self.nav)
        session.interaction_listeners.append(self.summary.interaction)
        self.nav.subscribe(self._on_change)
        self._fetched.connect(self._on_fetched, Qt.ConnectionType.QueuedConnection)
        self._command.connect(self.handle, Qt.ConnectionType.QueuedConnection)
        self._connection.connect(self.publish_status, Qt.ConnectionType.QueuedConnection)
        self._status_timer = self._timer(STATUS_DEBOUNCE_MS, self.publish_status, single=True)
        self._expiry_timer = self._timer(0, self.refresh_alert, single=True)
        self.client: FleetClient | None = None
        config = options.mqtt
        if config is not None:
            self.client = FleetClient(config, self._command.emit,
                                      on_state=lambda *_: self._connection.emit())
            self._timer(int(config.status_interval * 1000), self.publish_status).start()
            self._timer(int(config.plays_interval * 1000), self.publish_plays).start()
            self.client.start()
        self.poller: _Poller | None = None
        if fetcher is not None:
            cached = fetcher.cached_alert()
            if cached is not None:
                self._source_alert(cached)
            self.poller = _Poller(fetcher, self._fetched.emit)
            self.poller.start()
        app = QGuiApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self.refresh_alert()

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

    # ----- content -----------------------------------------------------------------------------
    def _on_fetched(self, result: PollResult) -> None:
        if result.alert_changed:
            self._source_alert(result.alert)
        if result.deck is not None:
            try:
                loaded = load_deck(result.deck)
            except DeckError as exc:  # checked already; only a disk fault gets here
                log.error("version %s cannot be read back: %s", result.deck, exc)
                return
            if self.showing_fallback:
                self.showing_fallback = False
                self._apply(loaded)
            else:
                self.pending = loaded
                log.info("new content version %s waits for the next page turn",
                         result.deck.parent.name)
        self._status_soon()

    def _on_change(self, change: Change) -> None:
        if change.kind == "slide" and self.pending is not None:
            # After this turn's transition, so the turn itself is not cut short.
            duration = self.session.loaded.deck.transition_of(self.nav.index).duration
            QTimer.singleShot(int(duration * 1000) + 50, self._apply_pending)
        if change.kind in ("slide", "language", "blank", "deck"):
            self._status_soon()

    def _apply_pending(self) -> None:
        if self.pending is not None:
            loaded, self.pending = self.pending, None
            self._apply(loaded)

    def _apply(self, loaded: LoadedDeck) -> None:
        self.session.replace_deck(loaded)
        log.info("showing content version %s (%d slides)", loaded.folder.name,
                 len(loaded.deck.slides))

    # ----- alerts ------------------------------------------------------------------------------
    def _source_alert(self, raw: bytes | None) -> None:
        if raw is None:
            self.alerts.clear("source")
        else:
            import yaml

            try:
                self.alerts.set(parse_alert(yaml.safe_load(raw)), "source")
            except (ValueError, yaml.YAMLError) as exc:
                log.error("alert.yaml from the source ignored: %s", exc)
                return
        self.refresh_alert()

    def refresh_alert(self) -> None:
        """Show the alert that should be on screen now (or none), and wake for its expiry."""
        alert = self.alerts.active()
        if alert != self.shown_alert:
            self._show_alert(alert)
        expiry = self.alerts.next_expiry()
        if expiry is not None:
            wait = max(0.0, min(expiry - self.alerts.wall(), 86400.0))
            self._expiry_timer.start(int(wait * 1000) + 10)

    def _show_alert(self, alert: Alert | None) -> None:
        previous, self.shown_alert = self.shown_alert, alert
        window = self.window
        plays = self.session.plays
        if alert is None:
            window.cover = None
            self.summary.covered(False)
            if self._paused_for_alert:
                self._paused_for_alert = False
                self.nav.resume("operator")
            if plays is not None and previous is not None:
                plays.write("alert_end", id=previous.id, level=previous.level)
            self.summary.alert({"event": "end", "id": previous.id if previous else None})
            log.info("alert cleared")
        else:
            from kiosk.render.alert import paint_alert

            def cover(painter: QPainter, width: int, height: int) -> None:
                paint_alert(painter, width, height, alert.level, alert.title, alert.text,
                            self.nav.shown)

            window.transition = None
            window.cover = cover
            self.summary.covered(True)
            if self.nav.playing:
                self._paused_for_alert = True
                self.nav.pause("operator")
            record = {"id": alert.id, "level": alert.level, "title": alert.title.en}
            if plays is not None:
                plays.write("alert", **record)
            self.summary.alert({"event": "start", **record})
            log.warning("alert on screen: %s (%s)", alert.title.en, alert.level)
        window.update()
        self._status_soon()

    # ----- commands ----------------------------------------------------------------------------
    def handle(self, command: Command) -> None:
        if command.name == "reload":
            if self.poller is not None:
                self.poller.wake.set()
            elif self.session.watcher is not None:
                self.session.watcher.check_now()
        elif command.name in ("blank", "unblank"):
            if self.nav.blank != (command.name == "blank"):
                self.nav.toggle_blank("operator")
        elif command.name == "alert":
            if command.clear:
                self.alerts.clear("mqtt")
            elif command.alert is not None:
                self.alerts.set(command.alert, "mqtt")
            self.refresh_alert()
        elif command.name == "screenshot" and self.client is not None:
            width = command.width or (self.options.mqtt.screenshot_width
                                      if self.options.mqtt else 640)
            self.client.publish_screenshot(self.screenshot_png(width))

    def screen_image(self) -> QImage:
        """What the screen shows now (alert, blank, slide with its controls and notices)."""
        return self.window.grab_image()

    def screenshot_png(self, width: int) -> bytes:
        image = self.screen_image()
        if image.width() > width:
            image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide takes str here
        buffer.close()
        return bytes(data.data())

    # ----- status ------------------------------------------------------------------------------
    def _status_soon(self) -> None:
        if self.client is not None and not self._status_timer.isActive():
            self._status_timer.start()

    def status(self) -> dict[str, Any]:
        from kiosk import __version__

        loaded = self.session.loaded
        alert = self.shown_alert
        source: dict[str, Any] = {"url": None, "state": "local",
                                  "version": None, "last_success": None, "last_update": None,
                                  "last_error": None}
        if self.fetcher is not None:
            source = self.fetcher.state.as_dict()
        return {
            "id": self.options.mqtt.id if self.options.mqtt else None,
            "state": "online",
            "time": round(time.time(), 3),
            "uptime": round(time.monotonic() - self.started, 1),
            "kiosk": __version__,
            "deck": {"path": str(loaded.path), "title": loaded.deck.deck.title.en,
                     "slides": len(loaded.deck.slides),
                     "fallback": self.showing_fallback, "pending": self.pending is not None},
            "source": source,
            "slide": {"id": self.nav.slide.id, "index": self.nav.index},
            "lang": self.nav.shown,
            "blank": self.nav.blank,
            "alert": None if alert is None else {"id": alert.id, "level": alert.level,
                                                 "title": alert.title.en},
        }

    def publish_status(self) -> None:
        if self.client is not None and self.client.connected:
            self.client.publish_status(self.status())

    def publish_plays(self) -> None:
        if self.client is not None and self.client.connected:
            self.client.publish_plays({"id": self.client.config.id, **self.summary.take()})
