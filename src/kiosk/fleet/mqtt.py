"""Health and commands over MQTT (paho-mqtt), with no Qt: the link marshals to the UI thread.

Topics, under a prefix (default `kiosk`) and the kiosk's id:
  <prefix>/<id>/status      retained JSON, on change and every minute; the last will says offline
  <prefix>/<id>/plays       proof-of-play summaries (JSON)
  <prefix>/<id>/screenshot  a PNG of the screen as shown, scaled
  <prefix>/<id>/cmd         commands to this kiosk;  <prefix>/fleet/cmd  commands to every kiosk
docs/fleet-*.schema.json describe the payloads. A malformed command is logged and ignored.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from kiosk.fleet.alerts import Alert, parse_alert

log = logging.getLogger(__name__)
QUIT_WAIT = 0.5  # seconds at quit for the broker to take the offline message

COMMANDS = ("reload", "screenshot", "alert", "blank", "unblank", "sleep", "wake")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
MAX_COMMAND_BYTES = 64 * 1024
SCREENSHOT_WIDTHS = (64, 3840)


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
        raise ValueError(f"{len(payload)} bytes is too long for a command")
    text = payload.decode("utf-8").strip()
    if text in COMMANDS:
        data: Any = {"command": text}
    else:
        data = json.loads(text)
    if not isinstance(data, dict) or data.get("command") not in COMMANDS:
        raise ValueError(f"expected {{\"command\": one of {', '.join(COMMANDS)}}}")
    name = data["command"]
    if name == "alert":
        if data.get("clear") is True:
            return Command(name, topic, clear=True)
        return Command(name, topic, alert=parse_alert(data.get("alert")))
    if name == "screenshot":
        width = data.get("width")
        if width is not None and not (isinstance(width, int) and not isinstance(width, bool)
                                      and SCREENSHOT_WIDTHS[0] <= width <= SCREENSHOT_WIDTHS[1]):
            raise ValueError(f"screenshot width must be a whole number from "
                             f"{SCREENSHOT_WIDTHS[0]} to {SCREENSHOT_WIDTHS[1]}")
        return Command(name, topic, width=width)
    return Command(name, topic)


class FleetClient:
    """One kiosk's connection: reconnects by itself, subscribes on every connect."""

    def __init__(self, config: MqttConfig, on_command: Callable[[Command], None], *,
                 online: Callable[[], dict[str, Any]] | None = None,
                 on_state: Callable[[bool, str | None], None] | None = None) -> None:
        import paho.mqtt.client as mqtt

        self.config = config
        self.on_command = on_command
        self.online_status = online
        self.on_state = on_state
        self.connected = False
        self.stopping = False
        self.subscribed = False  # the broker acknowledged the command subscriptions
        self.last_error: str | None = None
        self.sent_bytes = 0  # for the bench: what one kiosk costs the broker
        self.received_bytes = 0
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
        client.on_message = self._message
        client.on_subscribe = self._subscribed
        self._client = client

    def _offline(self) -> bytes:
        return json.dumps({"id": self.config.id, "state": "offline",
                           "time": round(time.time(), 3)}).encode()

    def start(self) -> None:
        self._client.connect_async(self.config.host, self.config.port, self.config.keepalive)
        self._client.loop_start()

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
        self._client.loop_stop()

    def _connected(self, client: Any, userdata: Any, flags: Any, reason: Any,
                   properties: Any = None) -> None:
        if reason.is_failure:
            self._state(False, f"broker refused the connection: {reason}")
            return
        client.subscribe([(self.config.topic("cmd"), 1), (self.config.fleet_topic, 1)])
        self.connected = True
        log.info("connected to %s:%d as %s", self.config.host, self.config.port, self.config.id)
        self._state(True, None)
        if self.online_status is not None:
            self.publish_status(self.online_status())

    def _subscribed(self, *_: Any) -> None:
        self.subscribed = True

    def _disconnected(self, client: Any, userdata: Any, flags: Any, reason: Any,
                      properties: Any = None) -> None:
        self.connected = self.subscribed = False
        if self.stopping:
            return
        self._state(False, f"disconnected from the broker: {reason}")

    def _state(self, connected: bool, error: str | None) -> None:
        if error is not None and error != self.last_error:
            log.error("MQTT: %s", error)  # once per kind of failure, not every retry
        self.last_error = error if error is not None else self.last_error
        if self.on_state is not None:
            self.on_state(connected, error)

    def _message(self, client: Any, userdata: Any, message: Any) -> None:
        self.received_bytes += len(message.payload) + len(message.topic)
        try:
            command = parse_command(message.topic, message.payload)
        except (ValueError, UnicodeDecodeError) as exc:
            log.warning("MQTT: ignored a malformed command on %s: %s", message.topic, exc)
            return
        log.info("MQTT: command %s from %s", command.name, message.topic)
        self.on_command(command)

    def _publish(self, leaf: str, payload: bytes, retain: bool = False, qos: int = 1) -> None:
        topic = self.config.topic(leaf)
        self.sent_bytes += len(payload) + len(topic)
        self._client.publish(topic, payload, qos=qos, retain=retain)

    def publish_status(self, status: dict[str, Any]) -> None:
        self._publish("status", json.dumps(status, ensure_ascii=False).encode(), retain=True)

    def publish_plays(self, summary: dict[str, Any]) -> None:
        self._publish("plays", json.dumps(summary, ensure_ascii=False).encode())

    def publish_screenshot(self, png: bytes) -> None:
        self._publish("screenshot", png, qos=0)
