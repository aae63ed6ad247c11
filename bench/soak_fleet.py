#!/usr/bin/env python3
"""A week unattended in a few minutes: one kiosk, a server that misbehaves, a broker that restarts.

    .venv/bin/python bench/soak_fleet.py [--days 7] [--seed 1] [--json]

One kiosk as `kiosk run URL --mqtt` wires it (session, offscreen window, fleet link with its poll
thread, the real FleetClient) against a loopback HTTP host and Debian's mosquitto. The content
source lives on a simulated clock: the poll thread's wait between polls advances it (the poll
schedule, back-off and jitter are the kiosk's own), one simulated hour at a time, while the
requests, the broker and the window run for real. Every simulated day the host:
  - publishes a new valid version every 6 h (a new image once a day),
  - serves an invalid deck for 2 h, a half-uploaded image for 1 h, an alert.yaml nested
    thousands deep for 1 h,
  - is down (503) for 2 h, drops connections for 1 h, trickles its bodies for 1 h;
and mosquitto is restarted once. Every simulated hour the broker carries garbage to the kiosk
(nested brackets, invalid UTF-8, huge numbers, wrong field types) and one real command whose
effect is awaited: screenshot (a PNG arrives), blank / unblank (the status says so), alert /
clear (the status names it); then a page turn, at which a waiting version is shown. Every
other simulated day a fault nothing catches ends paho's network thread, and the supervisor must
have the kiosk listening again (the time it took is printed; commands sent meanwhile are lost,
so the hour's command is sent after).

Printed: crashes (uncaught exceptions on any thread, a dead poll or network thread), commands
answered, resident memory growth after the first day (the first day warms the caches), versions
shown, log lines per simulated hour, MQTT client restarts, wall time.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _harness import ROOT, machine, rss_mb, settle

sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HOUR = 3600.0
START = 1_800_000_000.0  # simulated wall-clock time of the start
PNG = (ROOT / "assets" / "kiosk.png").read_bytes()
DECK = """\
deck:
  title: {{ko: 안내, en: Welcome}}
  source: {{interval: 300}}
  duration: 600
  transition: {{kind: fade, duration: 0.05}}
  sections:
    - id: main
      title: {{ko: 본문, en: Main}}
slides:
  - id: one
    section: main
    layout: statement
    statement: {{ko: 버전 {version}, en: Version {version}}}
  - id: two
    section: main
    layout: bullets
    title: {{ko: 둘, en: Two}}
    points:
      - {{ko: 가, en: A}}
    image: img/logo.png
"""
GARBAGE = [b"[" * 1100, b'{"command": ' + b"[" * 3000, b"\xff\xfe\x00reload",
           b'{"command": "screenshot", "width": 1' + b"0" * 5000 + b"}",
           b'{"command": "screenshot", "width": 1e999}', b"NaN",
           b'{"command": "alert", "alert": {"title": [1, 2], "seconds": "soon"}}',
           b'{"command": "alert", "alert": {"title": {"ko": "K", "en": "A"}, '
           b'"expires": "0001-01-01T00:00:00"}}',
           b'{"command": ["blank"]}', b"x" * 70_000]


class SimClock:
    """Simulated time for the content source. Only the poll thread moves it, by waiting between
    polls; it never moves past what the main thread has granted, so each simulated hour's
    server behaviour is in place before a poll can see it."""

    def __init__(self) -> None:
        self.now = START
        self.limit = START
        self.blocked = False  # the poll thread waits for the next grant
        self.stopping = False
        self.polls = 0
        self.cond = threading.Condition()

    def wall(self) -> float:
        return self.now

    def wait(self, wake: threading.Event, seconds: float) -> None:
        self.polls += 1
        target = self.now + seconds
        with self.cond:
            while target > self.limit and not self.stopping and not wake.is_set():
                self.blocked = True
                self.cond.wait(0.05)
            self.blocked = False
            if not wake.is_set():  # a reload asks at once: no simulated time passes
                self.now = target

    def grant(self, until: float) -> None:
        with self.cond:
            self.limit = until
            self.blocked = False
            self.cond.notify_all()

    def stop(self) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify_all()


class Site:
    """The folder the HTTP host serves, and what it does at each simulated hour."""

    def __init__(self, root: Path) -> None:
        from tests.fleet_servers import StaticHost

        self.root = root
        (root / "img").mkdir(parents=True)
        self.version = 0
        self.image = PNG
        self.publish()
        self.host = StaticHost(root)

    def publish(self) -> None:
        (self.root / "img" / "logo.png").write_bytes(self.image)
        (self.root / "slides.yaml").write_text(DECK.format(version=self.version),
                                               encoding="utf-8")

    def hour(self, h: int) -> str:
        """Set up simulated hour h; returns what the host does during it."""
        day_hour = h % 24
        self.host.mode = "ok"
        self.host.requests.clear()  # the host's own record: not the kiosk's memory
        (self.root / "alert.yaml").unlink(missing_ok=True)
        if day_hour in (1, 7, 13, 21):
            self.version += 1
            if day_hour == 1:  # once a day a new picture too (bytes after IEND differ)
                self.image = PNG + f"day {h // 24}".encode()
            self.publish()
            if day_hour == 21:  # ... whose bodies come a byte every 50 ms for an hour
                self.host.mode = "slow"
                return f"new version {self.version}, trickled"
            return f"new version {self.version}"
        if day_hour in (9, 10):
            (self.root / "slides.yaml").write_text(
                DECK.format(version="broken").replace("layout: bullets", "layout: bulets"),
                encoding="utf-8")
            return "invalid deck"
        if day_hour in (11, 16):
            self.publish()
            return "the last good version again"
        if day_hour == 15:
            (self.root / "img" / "logo.png").write_bytes(self.image[: len(self.image) // 2])
            return "half-uploaded image"
        if day_hour == 12:
            (self.root / "alert.yaml").write_bytes(b"level: " + b"[" * 5000)
            return "alert.yaml nested 5000 deep"
        if day_hour in (3, 4):
            self.host.mode = "down"
            return "down (503)"
        if day_hour == 19:
            self.host.mode = "reset"
            return "drops connections"
        return "ok"


class LogCounter(logging.Handler):
    def __init__(self, clock: SimClock) -> None:
        super().__init__(logging.INFO)
        self.clock = clock
        self.by_hour: dict[int, int] = {}
        self.samples: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        hour = int((self.clock.now - START) // HOUR)
        self.by_hour[hour] = self.by_hour.get(hour, 0) + 1
        if record.levelno >= logging.WARNING and len(self.samples) < 400:
            self.samples.append(f"h{hour} {record.levelname} {record.getMessage()[:160]}")


def run(days: float, seed: int, work: Path, progress: Callable[[str], None]) -> dict[str, Any]:
    from PySide6.QtGui import QGuiApplication

    crashes: list[str] = []
    threading.excepthook = lambda args: crashes.append(
        f"thread {args.thread.name if args.thread else '?'}: {args.exc_type.__name__}: "
        f"{args.exc_value}")
    sys.excepthook = lambda kind, value, tb: crashes.append(f"{kind.__name__}: {value}")

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    from kiosk.deck import load_deck
    from kiosk.fleet.mqtt import MqttConfig
    from kiosk.fleet.options import FleetOptions
    from kiosk.fleet.source import Fetcher
    from kiosk.navigator import Navigator
    from kiosk.ops.image_check import image_errors
    from kiosk.resources import bundled_deck
    from kiosk.shell.fleet_link import FleetLink
    from kiosk.shell.session import Session
    from tests.fleet_servers import USERS, Operator, start_broker

    clock = SimClock()
    counter = LogCounter(clock)
    logging.getLogger().addHandler(counter)
    logging.getLogger().setLevel(logging.INFO)
    site = Site(work / "site")
    broker = start_broker(work / "broker", USERS)
    operator = Operator(broker)
    url = site.host.base + "slides.yaml"
    fetcher = Fetcher(url, work / "state" / "cache", validate=image_errors, wall=clock.wall,
                      rand=random.Random(seed).random, timeout=0.25)
    loaded = load_deck(bundled_deck())
    session = Session(loaded, Navigator(loaded.deck), kiosk_mode=False)
    session.show_on(app.primaryScreen())
    config = MqttConfig(broker.url, "lobby-1", username="lobby-1", password=USERS["lobby-1"])
    link = FleetLink(session, FleetOptions(url, config, work / "state"), fetcher,
                     showing_fallback=True, wait=clock.wait)
    shown: set[str] = set()
    session.navigator.subscribe(lambda change: change.kind == "deck" and shown.add(
        session.loaded.folder.name))

    def status() -> dict[str, Any]:
        return operator.last_json("kiosk/lobby-1/status") or {}

    def client_ready() -> bool:
        return link.client is not None and link.client.subscribed \
            and operator.client.is_connected()

    commands = [
        ("screenshot", b'{"command": "screenshot", "width": 200}',
         lambda before: len(operator.on("kiosk/lobby-1/screenshot")) > before),
        ("blank", b"blank", lambda _: status().get("blank") is True),
        ("unblank", b"unblank", lambda _: status().get("blank") is False),
        ("alert", json.dumps({"command": "alert", "alert": {
            "title": {"ko": "점검", "en": "Maintenance"}, "level": "info", "id": "soak",
            "seconds": 3600}}).encode(),
         lambda _: (status().get("alert") or {}).get("id") == "soak"),
        ("clear", b'{"command": "alert", "clear": true}',
         lambda _: status().get("alert", "x") is None),
    ]
    sent = answered = 0
    recoveries: list[float] = []

    class Unforeseen(BaseException):
        """A fault no handler catches: it ends whatever thread it is raised on."""

    def kill_network_thread() -> float:
        """End paho's thread as an unforeseen fault would; seconds until the supervisor's
        restart has the kiosk listening again (commands sent meanwhile are lost)."""
        client = link.client
        assert client is not None
        forward, restarts = client.on_command, client.restarts

        def fault(command: Any) -> None:
            client.on_command = forward
            raise Unforeseen

        client.on_command = fault
        operator.send("kiosk/lobby-1/cmd", b"reload")
        settle(app, 20, lambda: not client.alive)
        died = time.monotonic()
        settle(app, 60, lambda: client.restarts > restarts and client_ready())
        return time.monotonic() - died
    unanswered: list[str] = []
    hours = int(days * 24)
    warm = min(24, max(1, hours // 4))
    memory: dict[int, float] = {}
    began = time.monotonic()
    settle(app, 20, client_ready)
    for h in range(hours):
        doing = site.hour(h)
        if h % 24 == 22:
            broker.stop()
            broker = start_broker(work / "broker", USERS, port=broker.port)
            doing += "; broker restarted"
        clock.grant(START + (h + 1) * HOUR)
        settle(app, 120, lambda: clock.blocked)  # this hour's polls are done
        settle(app, 90, client_ready)
        if h % 48 == 20:
            recoveries.append(kill_network_thread())
            doing += f"; MQTT thread killed, back in {recoveries[-1]:.1f} s"
        for payload in GARBAGE[h % len(GARBAGE)], GARBAGE[(h + 3) % len(GARBAGE)]:
            operator.send("kiosk/lobby-1/cmd" if h % 2 else "kiosk/fleet/cmd", payload)
        name, payload, done = commands[h % len(commands)]
        before = len(operator.on("kiosk/lobby-1/screenshot"))
        operator.send("kiosk/lobby-1/cmd", payload)
        sent += 1
        settle(app, 20, lambda done=done, before=before: done(before))  # type: ignore[misc]
        if done(before):
            answered += 1
        else:
            unanswered.append(f"hour {h}: {name}")
        with operator.lock:  # the watcher's own record: keep only what the next hour reads
            last = [m for m in operator.messages if m[0] == "kiosk/lobby-1/status"][-1:]
            operator.messages[:] = last
            operator.arrivals.clear()
        session.navigator.next("autoplay")  # a page turn: a waiting version is shown now
        settle(app, 5, lambda: link.pending is None)
        settle(app, 0.05)
        if h + 1 == warm:
            memory["start"] = rss_mb()
        if h % 24 == 23 or h == hours - 1:
            progress(f"day {h // 24 + 1}: {doing}; rss {rss_mb():.1f} MB, versions shown "
                     f"{len(shown)}, commands {answered}/{sent}, crashes {len(crashes)}, "
                     f"{time.monotonic() - began:.0f} s")
    memory["end"] = rss_mb()
    poller_alive = link.poller is not None and link.poller.is_alive()
    client = link.client
    restarts = client.restarts if client is not None else 0
    if not poller_alive:
        crashes.append("the poll thread ended")
    if restarts != len(recoveries):
        crashes.append(f"{restarts} MQTT restarts for {len(recoveries)} threads killed")
    if client is None or not client.alive:
        crashes.append("the MQTT thread ended")
    clock.stop()
    link.stop()
    session.quit()
    operator.close()
    broker.stop()
    site.host.close()
    logging.getLogger().removeHandler(counter)
    lines = [counter.by_hour.get(h, 0) for h in range(hours)]
    return {
        "days": days, "hours": hours, "crashes": len(crashes), "crash_list": crashes[:20],
        "commands_sent": sent, "commands_answered": answered, "unanswered": unanswered,
        "answered_share": answered / sent if sent else 1.0,
        "rss_after_warmup_mb": round(memory["start"], 1), "rss_end_mb": round(memory["end"], 1),
        "memory_growth_mb": round(memory["end"] - memory["start"], 2),
        "versions_published": site.version + 1, "versions_shown": len(shown),
        "polls": clock.polls, "http_requests": fetcher.getter.requests,
        "log_lines_per_hour": round(sum(lines) / max(1, hours), 2),
        "log_lines_max_hour": max(lines) if lines else 0,
        "mqtt_restarts": restarts, "threads_killed": len(recoveries),
        "recovery_seconds_max": round(max(recoveries, default=0.0), 1),
        "wall_seconds": round(time.monotonic() - began, 1),
        "warnings_sample": counter.samples[:60],
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=float, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiosk-soak-") as folder:
        figures = run(args.days, args.seed, Path(folder),
                      (lambda _: None) if args.json else print)
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"\n{machine()}; {figures['polls']} polls, {figures['http_requests']} HTTP requests")
    print("| simulated | crashes | commands answered | memory growth after day 1 | "
          "versions shown / published | log lines per hour (max) | MQTT threads killed / "
          "restarted (longest deafness) | wall |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {figures['days']:g} days | {figures['crashes']} | "
          f"{figures['commands_answered']}/{figures['commands_sent']} "
          f"({100 * figures['answered_share']:.0f} %) | {figures['memory_growth_mb']:+.1f} MB "
          f"({figures['rss_after_warmup_mb']} → {figures['rss_end_mb']} MB) | "
          f"{figures['versions_shown']} / {figures['versions_published']} | "
          f"{figures['log_lines_per_hour']} ({figures['log_lines_max_hour']}) | "
          f"{figures['threads_killed']} / {figures['mqtt_restarts']} "
          f"({figures['recovery_seconds_max']} s) | {figures['wall_seconds']:.0f} s |")
    for line in figures["crash_list"] + figures["unanswered"]:
        print("  ", line)
    if os.environ.get("SOAK_SHOW_WARNINGS"):
        print("\n".join(figures["warnings_sample"]))
    return 0 if figures["crashes"] == 0 and figures["answered_share"] == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
