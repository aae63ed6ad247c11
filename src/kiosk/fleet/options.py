"""What the command line asked of the fleet features, checked before any window opens."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # the MQTT module loads only when a broker is named
    from kiosk.fleet.mqtt import MqttConfig


@dataclass
class FleetOptions:
    url: str | None
    mqtt: MqttConfig | None
    state_dir: Path  # the cache of versions and the stored alert live here


def state_dir() -> Path:
    """Beside the logs in the platform's state folder, unless KIOSK_STATE_DIR says otherwise."""
    override = os.environ.get("KIOSK_STATE_DIR")
    if override:
        return Path(override)
    from kiosk.ops.logs import log_dir

    return log_dir().parent


def from_args(url: str | None, mqtt_url: str | None, kiosk_id: str | None,
              config: Path | None) -> FleetOptions:
    if url is not None and (not url.startswith(("http://", "https://"))
                            or not urlsplit(url).hostname):
        raise ValueError(f"{url}: a deck URL must start with http:// or https:// and name a host")
    mqtt = None
    if mqtt_url or config or kiosk_id:
        from kiosk.fleet.mqtt import load_config

        mqtt = load_config(config, mqtt_url, kiosk_id)
    return FleetOptions(url, mqtt, state_dir())
