"""What the broker may ask of a lobby: reload, blank or unblank, sleep or wake (until the opening
hours next change), an alert, a screenshot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt

from kiosk.fleet.options import FleetOptions
from kiosk.shell.fleet_alerts import AlertScreen
from kiosk.shell.fleet_poller import SourcePoller
from kiosk.shell.session import Session
from kiosk.shell.window import KioskWindow

if TYPE_CHECKING:  # a URL-only kiosk never loads the MQTT module
    from kiosk.fleet.mqtt import Command, FleetClient


class Commands:
    def __init__(self, session: Session, alerts: AlertScreen, options: FleetOptions) -> None:
        self.session = session
        self.alerts = alerts
        self.options = options

    def handle(self, command: Command, client: FleetClient | None,
               poller: SourcePoller | None) -> None:
        nav = self.session.navigator
        if command.name == "reload":
            if poller is not None:
                poller.wake.set()
            elif self.session.watcher is not None:
                self.session.watcher.check_now()
        elif command.name in ("blank", "unblank"):
            if nav.blank != (command.name == "blank"):
                nav.toggle_blank("operator")
        elif command.name in ("sleep", "wake"):
            nav.sleep_command("sleep" if command.name == "sleep" else "wake")
        elif command.name == "alert":
            if command.clear:
                self.alerts.store.clear("mqtt")
            elif command.alert is not None:
                self.alerts.store.set(command.alert, "mqtt")
            self.alerts.refresh()
        elif command.name == "screenshot" and client is not None:
            width = command.width or (self.options.mqtt.screenshot_width
                                      if self.options.mqtt else 640)
            client.publish_screenshot(screenshot_png(self.session.window, width))


def screenshot_png(window: KioskWindow, width: int) -> bytes:
    """What the screen shows now (alert, blank, slide with its controls and notices), as PNG."""
    image = window.grab_image()
    if image.width() > width:
        image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide takes str here
    buffer.close()
    return bytes(data.data())
