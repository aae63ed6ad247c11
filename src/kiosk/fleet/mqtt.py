"""Health and commands over MQTT (paho-mqtt), with no Qt: the link marshals to the UI thread.

Topics, under a prefix (default `kiosk`) and the kiosk's id:
  <prefix>/<id>/status      retained JSON, on change and every minute; the last will says offline
  <prefix>/<id>/plays       proof-of-play summaries (JSON)
  <prefix>/<id>/screenshot  a PNG of the screen as shown, scaled
  <prefix>/<id>/cmd         commands to this kiosk;  <prefix>/fleet/cmd  commands to every kiosk
docs/fleet-*.schema.json describe the payloads. A malformed command is logged (once per kind of
fault) and ignored: nothing a message holds can stop paho's network thread. A supervisor
(`check`, called on a timer) starts the client afresh if its thread died anyway or the link
stalled, and counts that in the status.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from kiosk.fleet.alerts import Alert, parse_alert
from kiosk.fleet.payload import Once, PayloadError, describe, load_json

log = logging.getLogger(__name__)
QUIT_WAIT = 0.5  # seconds at quit for the broker to take the offline message

COMMANDS = ("reload", "screenshot", "alert", "blank", "unblank", "sleep", "wake")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
MAX_COMMAND_BYTES = 64 * 1024
SCREENSHOT_WIDTHS = (64, 3840)
BAD_COMMANDS_QUIET = 3600.0  # each kind of malformed command is logged once in this long


@dataclass
class MqttConfig:
    url: str
    id: str
    username: str | None = None
    password: str | None = None
    ca_file: str | None = None
    cert_file: str | None = None
    key_file: str | None = None
    prefix: str = "kiosk"
    status_interval: float = 60.0
    plays_interval: float = 900.0
    screenshot_width: int = 640
    keepalive: int = 30

    def __post_init__(self) -> None:
        if not ID_PATTERN.match(self.id) or self.id == "fleet":
            raise ValueError(f"kiosk id {self.id!r}: expected letters, digits, - and _, not "
                             "'fleet' (it becomes a topic level and the broker user name)")
        parts = urlsplit(self.url)
        if parts.scheme not in ("mqtt", "mqtts") or not parts.hostname:
            raise ValueError(f"{self.url}: expected mqtt://host[:1883] or mqtts://host[:8883]")
        if parts.username and self.username is None:
            self.username = unquote(parts.username)
        if parts.password and self.password is None:
            self.password = unquote(parts.password)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def tls(self) -> bool:
        return urlsplit(self.url).scheme == "mqtts"

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or (8883 if self.tls else 1883)

    def topic(self, leaf: str) -> str:
        return f"{self.prefix}/{self.id}/{leaf}"

    @property
    def fleet_topic(self) -> str:
        return f"{self.prefix}/fleet/cmd"


CONFIG_KEYS = {"url", "id", "username", "password", "ca_file", "cert_file", "key_file", "prefix",
               "status_interval", "plays_interval", "screenshot_width"}


def load_config(path: Path | None, url: str | None, kiosk_id: str | None) -> MqttConfig:
    """The broker settings: a YAML file (secrets stay out of the process list), then flags."""
    data: dict[str, Any] = {}
    if path is not None:
        import yaml

        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise ValueError(f"{path}: expected a mapping of {', '.join(sorted(CONFIG_KEYS))}")
        unknown = set(loaded) - CONFIG_KEYS
        if unknown:
            raise ValueError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}; expected "
                             f"{', '.join(sorted(CONFIG_KEYS))}")
        data.update(loaded)
    if url:
        data["url"] = url
    if kiosk_id:
        data["id"] = kiosk_id
    if "url" not in data or "id" not in data:
        raise ValueError("MQTT needs a broker URL (--mqtt) and a kiosk id (--id)")
    for key in ("password", "username"):
        if data.get(key) is not None:
            data[key] = str(data[key])
    return MqttConfig(**data)


@dataclass(frozen=True)
class Command:
    name: str
    topic: str
    alert: Alert | None = None
    clear: bool = False
    width: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def parse_command(topic: str, payload: bytes) -> Command:
    """A command from its payload: JSON {"command": ...} or the bare word; ValueError if not."""
    if len(payload) > MAX_COMMAND_BYTES:
        raise PayloadError(f"{len(payload)} bytes is too long for a command")
    bare = payload.strip()
    if bare.decode("ascii", "replace") in COMMANDS:
        data: Any = {"command": bare.decode("ascii")}
    else:
        data = load_json(payload, MAX_COMMAND_BYTES)
    if not isinstance(data, dict) or not isinstance(data.get("command"), str) \
            or data["command"] not in COMMANDS:
        raise PayloadError(f"expected {{\"command\": one of {', '.join(COMMANDS)}}}")
    name = data["command"]
    if name == "alert":
        if data.get("clear") is True:
            return Command(name, topic, clear=True)
        return Command(name, topic, alert=parse_alert(data.get("alert")))
    if name == "screenshot":
        width = data.get("width")
        if width is not None and not (isinstance(width, int) and not isinstance(width, bool)
                                      and SCREENSHOT_WIDTHS[0] <= width <= SCREENSHOT_WIDTHS[1]):
            raise PayloadError(f"screenshot width must be a whole number from "
                               f"{SCREENSHOT_WIDTHS[0]} to {SCREENSHOT_WIDTHS[1]}")
        return Command(name, topic, width=width)
    return Command(name, topic)


def read_command(topic: str, payload: bytes, said: Once | None = None) -> Command | None:
    """parse_command that cannot raise: a bad payload is logged (once per kind of fault when
    `said` is given) and gives None."""
    try:
        return parse_command(topic, payload)
    except Exception as exc:  # noqa: BLE001  # whatever it is, the network thread must live
        kind = f"{type(exc).__name__}: {describe(exc)}"
        if said is None or said.first(kind):
            log.warning("MQTT: ignored a malformed command on %s: %s", topic, describe(exc))
        return None


class FleetClient:
    """One kiosk's connection: reconnects by itself, subscribes on every connect.

    The network loop runs on a thread of our own (paho's loop_forever), so whether it is still
    alive is known without looking into paho. `check` restarts a dead or stalled client."""

    def __init__(self, config: MqttConfig, on_command: Callable[[Command], None], *,
                 online: Callable[[], dict[str, Any]] | None = None,
                 on_state: Callable[[bool, str | None], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self.on_command = on_command
        self.online_status = online
        self.on_state = on_state
        self.clock = clock
        self.connected = False
        self.stopping = False
        self.subscribed = False  # the broker acknowledged the command subscriptions
        self.last_error: str | None = None
        self.restarts = 0  # how often the supervisor started the client afresh ...
        self.last_restart: str | None = None  # ... and why, the last time
        self.sent_bytes = 0  # for the bench: what one kiosk costs the broker
        self.received_bytes = 0
        self.ignored = 0  # malformed commands
        self._said = Once()  # failures logged since the last good connection
        self._bad_commands = Once()  # kinds of malformed command logged this hour
        self._bad_since = clock()
        self._heard = clock()  # the broker's last sign of life (connack, suback, puback, message)
        self._unacked_since: float | None = None  # oldest QoS 1 message the broker has not acked
        self._thread: threading.Thread | None = None
        self._client = self._make_client()

    def _make_client(self) -> Any:
        import paho.mqtt.client as mqtt

        config = self.config
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"kiosk-{config.id}",
                             clean_session=True)
        if config.username is not None:
            client.username_pw_set(config.username, config.password)
        if config.tls:
            import ssl  # only here: the one-file build has no TLS, and says so below

            client.tls_set(ca_certs=config.ca_file, certfile=config.cert_file,
                           keyfile=config.key_file, cert_reqs=ssl.CERT_REQUIRED)
        client.will_set(config.topic("status"), self._offline(), qos=1, retain=True)
        client.reconnect_delay_set(1, 60)
        client.on_connect = self._connected
        client.on_disconnect = self._disconnected
        client.on_connect_fail = self._connect_failed
        client.on_message = self._message
        client.on_subscribe = self._subscribed
        client.on_publish = self._published
        return client

    def _offline(self) -> bytes:
        return json.dumps({"id": self.config.id, "state": "offline",
                           "time": round(time.time(), 3)}).encode()

    def start(self) -> None:
        self._heard = self.clock()
        self._unacked_since = None
        self._client.connect_async(self.config.host, self.config.port, self.config.keepalive)
        client = self._client
        self._thread = threading.Thread(target=self._loop, args=(client,), daemon=True,
                                        name=f"kiosk-mqtt-{self.restarts}")
        self._thread.start()

    def _loop(self, client: Any) -> None:
        try:
            client.loop_forever(retry_first_connection=True)
        except BaseException as exc:  # noqa: BLE001  # said here; the supervisor restarts it
            if client is self._client and not self.stopping:
                log.error("MQTT: the network thread ended: %s: %s", type(exc).__name__,
                          describe(exc))

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def health(self) -> str | None:
        """Why the client needs a restart, or None: its thread ended, or the broker has not
        acknowledged anything for three keep-alive periods while messages wait (a half-open
        link), or nothing at all happened for that long while disconnected (a hung connect)."""
        if self.stopping or self._thread is None:
            return None
        if not self._thread.is_alive():
            return "the network thread had ended"
        limit = max(3.0 * self.config.keepalive, 60.0)
        now = self.clock()
        if self.connected and self._unacked_since is not None \
                and now - max(self._unacked_since, self._heard) > limit:
            return f"the broker acknowledged nothing for {now - self._heard:.0f} s"
        if not self.connected and now - self._heard > max(limit, 180.0):
            return f"no answer from the broker for {now - self._heard:.0f} s"
        return None

    def check(self) -> str | None:
        """The supervisor's round: restart the client when `health` says so; returns why."""
        why = self.health()
        if why is not None:
            self.restart(why)
        return why

    def restart(self, why: str) -> None:
        """A fresh paho client in place of this one; the old one is let go on a thread of its
        own (a stalled socket must not hold the caller)."""
        old, old_thread = self._client, self._thread
        self.restarts += 1
        self.last_restart = why
        log.error("MQTT: restarting the client: %s", why)
        self.connected = self.subscribed = False
        for name in ("on_connect", "on_disconnect", "on_connect_fail", "on_message",
                     "on_subscribe", "on_publish"):
            setattr(old, name, None)

        def let_go() -> None:
            with contextlib.suppress(Exception):
                old.disconnect()
            if old_thread is not None:
                old_thread.join(5)

        threading.Thread(target=let_go, daemon=True, name="kiosk-mqtt-old").start()
        self._client = self._make_client()
        self.start()
        if self.on_state is not None:
            self.on_state(False, None)

    def stop(self, timeout: float = QUIT_WAIT) -> None:
        """Say offline (a clean disconnect sends no last will), then close. It runs at quit on
        the GUI thread, so a broker that does not answer gets `timeout` seconds, not more:
        the offline message is queued ahead of the disconnect on the same connection anyway,
        and if the connection dies first the broker's last will says it."""
        self.stopping = True
        if self.connected:
            info = self._client.publish(self.config.topic("status"), self._offline(), qos=1,
                                        retain=True)
            if info.rc == 0:  # queued; otherwise there is nothing to wait for
                with contextlib.suppress(RuntimeError, ValueError):
                    info.wait_for_publish(timeout)
        self._client.disconnect()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def _connected(self, client: Any, userdata: Any, flags: Any, reason: Any,
                   properties: Any = None) -> None:
        self._heard = self.clock()
        if reason.is_failure:
            self._state(False, f"broker refused the connection: {reason}")
            return
        client.subscribe([(self.config.topic("cmd"), 1), (self.config.fleet_topic, 1)])
        self.connected = True
        self._unacked_since = None
        self._said.reset()
        log.info("connected to %s:%d as %s", self.config.host, self.config.port, self.config.id)
        self._state(True, None)
        if self.online_status is not None:
            self.publish_status(self.online_status())

    def _connect_failed(self, client: Any, userdata: Any) -> None:
        self._heard = self.clock()  # paho tried and will try again: not hung
        self._state(False, f"cannot reach the broker at {self.config.host}:{self.config.port}")

    def _subscribed(self, *_: Any) -> None:
        self._heard = self.clock()
        self.subscribed = True

    def _published(self, *_: Any) -> None:
        self._heard = self.clock()
        self._unacked_since = None

    def _disconnected(self, client: Any, userdata: Any, flags: Any, reason: Any,
                      properties: Any = None) -> None:
        self._heard = self.clock()
        self.connected = self.subscribed = False
        if self.stopping:
            return
        self._state(False, f"disconnected from the broker: {reason}")

    def _state(self, connected: bool, error: str | None) -> None:
        # Once per kind of failure until a connection succeeds, even when two kinds alternate
        # (a refused login is followed by the disconnect it causes, on every retry).
        if error is not None and self._said.first(error):
            log.error("MQTT: %s", error)
        self.last_error = error if error is not None else self.last_error
        if self.on_state is not None:
            self.on_state(connected, error)

    def _message(self, client: Any, userdata: Any, message: Any) -> None:
        self._heard = self.clock()
        try:
            payload = bytes(message.payload)
            topic = str(message.topic)
            self.received_bytes += len(payload) + len(topic)
            if self.clock() - self._bad_since > BAD_COMMANDS_QUIET:
                self._bad_commands.reset()
                self._bad_since = self.clock()
            command = read_command(topic, payload, self._bad_commands)
            if command is None:
                self.ignored += 1
                return
            log.info("MQTT: command %s from %s", command.name, topic)
            self.on_command(command)
        except Exception as exc:  # noqa: BLE001  # nothing here may end paho's thread
            if self._bad_commands.first(f"handler {type(exc).__name__}"):
                log.error("MQTT: a command could not be handed on: %s", describe(exc))

    def _publish(self, leaf: str, payload: bytes, retain: bool = False, qos: int = 1) -> None:
        topic = self.config.topic(leaf)
        self.sent_bytes += len(payload) + len(topic)
        info = self._client.publish(topic, payload, qos=qos, retain=retain)
        if qos and self.connected and self._unacked_since is None and info.rc == 0:
            self._unacked_since = self.clock()

    def publish_status(self, status: dict[str, Any]) -> None:
        self._publish("status", json.dumps(status, ensure_ascii=False).encode(), retain=True)

    def publish_plays(self, summary: dict[str, Any]) -> None:
        self._publish("plays", json.dumps(summary, ensure_ascii=False).encode())

    def publish_screenshot(self, png: bytes) -> None:
        self._publish("screenshot", png, qos=0)
