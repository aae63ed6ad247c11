#!/usr/bin/env python3
"""Fifty lobbies, one source: how fast an update reaches them and what each costs the broker.

    .venv/bin/python bench/fleet.py [--kiosks 50] [--windows 2] [--interval 10] [--idle 60]

Starts Debian's mosquitto (password file, ACLs) and a static HTTP host on 127.0.0.1, then N
headless kiosks in this process: each the real Fetcher (its own cache, its own poll thread), a
Navigator and the real FleetClient, as `kiosk run URL --mqtt` wires them minus the window; and
--windows real kiosk processes with offscreen windows. An operator client watches kiosk/# like
`mosquitto_sub` would, timestamping each message as it arrives. Measured:
  - propagation by polling alone: a new version is published; time until every kiosk's retained
    status names it (bounded by the deck's interval plus its jitter);
  - propagation by a `reload` on the fleet topic: the same, pushed;
  - steady state: broker bytes per kiosk per minute (mosquitto's $SYS counters) and HTTP
    requests per kiosk per poll, with and without a manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _harness import ROOT, machine, percentile

sys.path.insert(0, str(ROOT))

from kiosk.deck import load_deck  # noqa: E402
from kiosk.fleet.mqtt import Command, FleetClient, MqttConfig  # noqa: E402
from kiosk.fleet.source import Fetcher  # noqa: E402
from kiosk.navigator.state import Navigator  # noqa: E402
from tests.fleet_servers import Operator, StaticHost, start_broker  # noqa: E402

DECK = """\
deck:
  title: {{ko: 안내, en: Welcome}}
  source: {{interval: {interval}}}
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
    image: logo.png
"""


SLIDE_SECONDS = 12.0  # the bundled deck's pace


class HeadlessKiosk:
    def __init__(self, index: int, url: str, cache: Path, broker_url: str,
                 password: str) -> None:
        self.id = f"lobby-{index:02d}"
        self.fetcher = Fetcher(url, cache, rand=random.Random(index).random, timeout=5)
        self.fetcher.poll()
        current = self.fetcher.current()
        assert current is not None, self.fetcher.state.last_error
        self.nav = Navigator(load_deck(current).deck)
        self.started = time.monotonic()
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        config = MqttConfig(broker_url, self.id, username=self.id, password=password)
        self.client = FleetClient(config, self.command, online=self.status)
        self.thread = threading.Thread(target=self.poll_loop, daemon=True)
        self.ticker = threading.Thread(target=self.attract_loop, daemon=True)

    def start(self) -> None:
        self.client.start()
        self.thread.start()
        self.ticker.start()

    def attract_loop(self) -> None:
        """As the windowed kiosk does: a status on every slide change and every minute."""
        last_status = time.monotonic()
        while not self.stopping.wait(SLIDE_SECONDS):
            with self.lock:
                self.nav.next("autoplay")
            self.client.publish_status(self.status())
            if time.monotonic() - last_status >= 60:
                last_status = time.monotonic()
                self.client.publish_status(self.status())

    def status(self) -> dict[str, object]:
        return {"id": self.id, "state": "online", "time": round(time.time(), 3),
                "uptime": round(time.monotonic() - self.started, 1),
                "source": self.fetcher.state.as_dict(),
                "slide": {"id": self.nav.slide.id, "index": self.nav.index},
                "lang": self.nav.shown, "blank": self.nav.blank, "alert": None}

    def command(self, command: Command) -> None:
        if command.name == "reload":
            self.wake.set()

    def poll_loop(self) -> None:
        while not self.stopping.is_set():
            self.wake.wait(self.fetcher.next_delay())
            self.wake.clear()
            if self.stopping.is_set():
                return
            result = self.fetcher.poll()
            if result.deck is not None:
                with self.lock:
                    self.nav.replace_deck(load_deck(result.deck).deck)
                self.client.publish_status(self.status())

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        self.client.stop()


def publish(site: Path, version: int, interval: float, manifest: bool) -> str:
    (site / "slides.yaml").write_text(DECK.format(version=version, interval=interval),
                                      encoding="utf-8")
    names = ["slides.yaml", "logo.png"]
    target = site / "manifest.json"
    if manifest:
        target.write_text(json.dumps({"files": {
            n: hashlib.sha256((site / n).read_bytes()).hexdigest() for n in names}}))
    else:
        target.unlink(missing_ok=True)
    return ""


def fetched(status: dict[str, Any]) -> str | None:
    """The newest complete, valid version a kiosk holds."""
    return status.get("source", {}).get("version")  # type: ignore[no-any-return]


def on_screen(status: dict[str, Any]) -> str | None:
    """The version a windowed kiosk shows (its deck file lives in the version's folder)."""
    deck = status.get("deck")
    if not deck or deck.get("pending"):
        return None
    return Path(deck["path"]).parent.name


def statuses(operator: Operator, seen: int = 0) -> list[tuple[str, dict[str, Any], float]]:
    """(kiosk, status, when it arrived) for every status message after the first `seen`."""
    with operator.lock:
        messages = list(zip(operator.messages[seen:], operator.arrivals[seen:], strict=True))
    return [(t.split("/")[1], json.loads(p), at) for (t, p, _), at in messages
            if t.endswith("/status") and p]


def versions(operator: Operator) -> dict[str, str | None]:
    return {kiosk: fetched(status) for kiosk, status, _ in statuses(operator)}


def wait_versions(operator: Operator, ids: list[str], old: dict[str, str | None],
                  started: float, limit: float, seen: int = 0,
                  key: Callable[[dict[str, Any]], str | None] = fetched) -> dict[str, float]:
    """Seconds from `started` until each kiosk's status names a version other than its old one
    (looking only at messages after the first `seen`)."""
    arrived: dict[str, float] = {}
    deadline = started + limit
    while len(arrived) < len(ids) and time.monotonic() < deadline:
        for kiosk, status, at in statuses(operator, seen):
            version = key(status)
            if kiosk not in arrived and kiosk in ids and version and version != old.get(kiosk):
                arrived[kiosk] = at - started
        time.sleep(0.02)  # the operator's messages arrive on paho's thread; look again shortly
    return arrived


def spread(times: list[float], total: int) -> str:
    times = sorted(times)
    if not times:
        return f"0/{total} kiosks"
    return (f"{len(times)}/{total} kiosks; median {percentile(times, 0.5):.2f} s, "
            f"95th {percentile(times, 0.95):.2f} s, last {times[-1]:.2f} s")


def windowed_kiosk(index: int, url: str, broker_url: str, password: str,
                   work: Path) -> subprocess.Popen[bytes]:
    """The real program, offscreen: `kiosk run URL --mqtt ... --id ...`."""
    kiosk_id = f"lobby-w{index}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "KIOSK_STATE_DIR": str(work / kiosk_id), "KIOSK_LOG_DIR": str(work / kiosk_id / "logs")}
    broker = broker_url.replace("mqtt://", f"mqtt://{kiosk_id}:{password}@")
    return subprocess.Popen([sys.executable, "-m", "kiosk", "run", url, "--windowed", "--mqtt",
                             broker, "--id", kiosk_id], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def sys_bytes(operator: Operator) -> tuple[int, int]:
    """mosquitto's own totals: bytes received and sent since it started."""
    values = {}
    for name in ("received", "sent"):
        found = [p for t, p, _ in list(operator.messages) if t == f"$SYS/broker/bytes/{name}"]
        values[name] = int(found[-1]) if found else 0
    return values["received"], values["sent"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--idle", type=float, default=60.0, help="steady-state seconds")
    parser.add_argument("--windows", type=int, default=2,
                        help="real offscreen kiosk processes besides the headless ones")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kiosk-fleet-bench-"))
    site = work / "site"
    site.mkdir()
    (site / "logo.png").write_bytes((ROOT / "assets" / "kiosk.png").read_bytes())
    publish(site, 1, args.interval, manifest=True)
    users = {"operator": "op-secret"}
    users.update({f"lobby-{i:02d}": f"pw-{i}" for i in range(args.kiosks)})
    users.update({f"lobby-w{i}": f"pw-w{i}" for i in range(args.windows)})
    print(f"starting mosquitto with {len(users)} users...", file=sys.stderr)
    broker = start_broker(work / "broker", users)
    host = StaticHost(site)
    url = host.base + "slides.yaml"
    operator = Operator(broker, topic=["kiosk/#", "$SYS/broker/bytes/#"])
    kiosks: list[HeadlessKiosk] = []
    windows: list[subprocess.Popen[bytes]] = []
    rows: list[tuple[str, str]] = []
    try:
        for i in range(args.kiosks):
            kiosks.append(HeadlessKiosk(i, url, work / "cache" / str(i), broker.url,
                                        users[f"lobby-{i:02d}"]))
        for kiosk in kiosks:
            kiosk.start()
        windows = [windowed_kiosk(i, url, broker.url, users[f"lobby-w{i}"], work)
                   for i in range(args.windows)]
        ids = [k.id for k in kiosks]
        shown_ids = [f"lobby-w{i}" for i in range(args.windows)]
        first = wait_versions(operator, ids + shown_ids, {}, time.monotonic(), 60)
        assert len(first) == len(ids) + len(shown_ids), f"only {len(first)} kiosks reported"

        for version, how, manifest in ((2, "poll, no manifest", False), (3, "poll", True),
                                       (4, "fleet reload", True)):
            old = versions(operator)
            for k in kiosks:
                k.fetcher.getter.requests = 0
            seen = len(operator.messages)
            publish(site, version, args.interval, manifest)
            started = time.monotonic()
            if how == "fleet reload":
                operator.send("kiosk/fleet/cmd", "reload")
            limit = args.interval * 3 + 30
            times = wait_versions(operator, ids, old, started, limit, seen)
            requests = sum(k.fetcher.getter.requests for k in kiosks) / len(kiosks)
            rows.append((f"update by {how}", f"{spread(list(times.values()), len(ids))}; "
                         f"{requests:.1f} HTTP requests per kiosk meanwhile"))
            if shown_ids:
                got = wait_versions(operator, shown_ids, old, started, limit, seen)
                shown = wait_versions(operator, shown_ids, old, started, limit, seen, on_screen)
                rows.append(("... windowed kiosks: fetched / on screen (next page turn)",
                             f"{spread(list(got.values()), len(shown_ids))} / "
                             f"{spread(list(shown.values()), len(shown_ids))}"))

        # Steady state: statuses every minute plus the polls, nothing changing.
        for k in kiosks:
            k.fetcher.getter.requests = 0
            k.client.sent_bytes = k.client.received_bytes = 0
        before = sys_bytes(operator)
        time.sleep(args.idle)  # the measurement is what happens over this wall time
        after = sys_bytes(operator)
        minutes = args.idle / 60
        polls = sum(k.fetcher.getter.requests for k in kiosks) / len(kiosks)
        sent = sum(k.client.sent_bytes for k in kiosks) / len(kiosks) / minutes
        rows.append(("steady state, per kiosk per minute",
                     f"{sent:.0f} B published (payload + topic); broker total "
                     f"{(after[0] - before[0]) / len(kiosks) / minutes:.0f} B in, "
                     f"{(after[1] - before[1]) / len(kiosks) / minutes:.0f} B out "
                     f"(incl. the operator's copy); {polls / minutes:.1f} HTTP requests "
                     "(manifest and alert.yaml, both 304)"))
        sizes = {kind: max((len(p) for t, p, _ in operator.messages if t.endswith("/status")
                            and ("/lobby-w" in t) == (kind == "windowed")), default=0)
                 for kind in ("headless", "windowed")}
        rows.append(("one status message", ", ".join(f"{size} bytes of JSON ({kind})"
                                                     for kind, size in sizes.items() if size)))
    finally:
        for kiosk in kiosks:
            kiosk.stop()
        for process in windows:
            process.terminate()
            process.wait(30)
        operator.close()
        host.close()
        broker.stop()
    print(f"\n{args.kiosks} headless kiosks and {args.windows} windowed (offscreen), "
          f"deck interval {args.interval:.0f} s, "
          f"on {machine()}\n")
    print("| what | measured |\n| --- | --- |")
    for what, measured in rows:
        print(f"| {what} | {measured} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
