"""Alerts: which one shows, when it ends, and what survives a restart (no broker needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.deck.fields import Text
from kiosk.fleet.alerts import AlertStore, parse_alert

NOW = 1_800_000_000.0

pytestmark = pytest.mark.usefixtures("gc_on_main_thread")


class Wall:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> float:
        return self.now


def alert(level: str = "emergency", **more: object) -> dict[str, object]:
    return {"level": level, "title": {"ko": "제목", "en": "Title"}, **more}


def test_the_most_severe_then_the_newest_shows(tmp_path: Path) -> None:
    wall = Wall()
    store = AlertStore(tmp_path / "alerts.json", wall=wall)
    store.set(parse_alert(alert("info", id="a")), "source")
    wall.now += 1
    store.set(parse_alert(alert("emergency", id="b")), "mqtt")
    assert store.active().id == "b"  # type: ignore[union-attr]
    store.clear("mqtt")
    assert store.active().id == "a"  # type: ignore[union-attr]
    store.clear()
    assert store.active() is None


def test_expiry_by_seconds_or_by_time_and_across_a_restart(tmp_path: Path) -> None:
    wall = Wall()
    store = AlertStore(tmp_path / "alerts.json", wall=wall)
    store.set(parse_alert(alert(seconds=600)), "mqtt")
    store.set(parse_alert(alert("warning", expires="2027-02-01T08:00:00+09:00")), "source")
    assert store.next_expiry() == NOW + 600
    wall.now += 599
    again = AlertStore(tmp_path / "alerts.json", wall=wall)  # a restart keeps both, and when
    assert again.active().level == "emergency"  # type: ignore[union-attr]
    wall.now += 2
    assert again.active().level == "warning"  # type: ignore[union-attr]
    wall.now = 1_800_000_000.0 + 10**8
    assert again.active() is None
    assert again.flush()  # written off the GUI thread: on disk soon after
    assert json.loads((tmp_path / "alerts.json").read_text()) == {}


def test_an_alert_is_stored_without_holding_up_the_screen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An SD card that syncs only when the test lets it: the store must not wait for it.
    import os
    import threading

    real_fsync = os.fsync
    sd_card = threading.Event()
    synced: list[bool] = []  # for every sync done: was it on the GUI (main) thread?

    def slow_fsync(fd: int) -> None:
        sd_card.wait(timeout=10)  # a store that waited for it would wait this long
        real_fsync(fd)
        synced.append(threading.current_thread() is threading.main_thread())

    monkeypatch.setattr(os, "fsync", slow_fsync)
    try:
        store = AlertStore(tmp_path / "alerts.json")
        store.set(parse_alert(alert(id="fire")), "mqtt")
        store.set(parse_alert(alert("info", id="drill")), "source")
        assert synced == []  # both handed over while no sync could end: none was waited for
        assert store.active().id == "fire"  # type: ignore[union-attr]
    finally:
        sd_card.set()
    again = AlertStore(tmp_path / "alerts.json")  # a restart: both, as last handed over
    assert synced and not any(synced)  # synced, and never on the GUI thread
    assert again.active().id == "fire"  # type: ignore[union-attr]
    again.clear("mqtt")
    assert AlertStore(tmp_path / "alerts.json").active().id == "drill"  # type: ignore[union-attr]


def test_a_damaged_store_starts_empty(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "alerts.json").write_text('{"mqtt": {"alert": {"level": "x"}}}')
    assert AlertStore(tmp_path / "alerts.json").active() is None
    assert "unreadable" in caplog.text


@pytest.mark.parametrize("level", ["emergency", "warning", "info"])
def test_the_alert_slide_is_high_contrast(level: str, qapp: object) -> None:
    from kiosk.render.alert import PALETTES, paint_alert

    image = QImage(480, 270, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    paint_alert(painter, 480, 270, level, Text(ko="화재 경보", en="Fire alarm"), None)
    painter.end()
    background, ink, _ = PALETTES[level]
    assert QColor(image.pixel(470, 150)) == QColor(background)

    def luminance(name: str) -> float:
        def channel(c: int) -> float:
            v = c / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        color = QColor(name)
        return 0.2126 * channel(color.red()) + 0.7152 * channel(color.green()) + \
            0.0722 * channel(color.blue())

    light, dark = sorted((luminance(background), luminance(ink)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 7  # WCAG AAA
    inked = sum(QColor(image.pixel(x, y)) == QColor(ink)
                for x in range(0, 480, 4) for y in range(0, 270, 4))
    assert inked > 50  # the words are drawn
