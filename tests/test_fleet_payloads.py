"""Whatever the network sends, the handlers that read it neither raise nor stop their thread.

Generated payloads go through the MQTT message handler exactly as paho calls it (commands and
the alerts they carry, down to the alert store that decides what is shown), through the alert
screen that reads a server's alert.yaml, and through a real poll of a loopback HTTP host whose
manifest, deck and alert files hold them: deep nesting, huge numbers, invalid UTF-8, YAML alias
bombs, and every schema field with values of the wrong type.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from kiosk.deck import load_deck
from kiosk.fleet.alerts import AlertStore
from kiosk.fleet.mqtt import COMMANDS, Command, FleetClient, MqttConfig
from kiosk.fleet.source import Fetcher, PollResult
from tests.decks import MINIMAL
from tests.fleet_servers import StaticHost, static_host

pytestmark = [pytest.mark.timeout(240), pytest.mark.usefixtures("gc_on_main_thread")]
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                      HealthCheck.too_slow])

leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                 st.text(max_size=12))
wrong = st.recursive(leaf, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)
text_pair = st.fixed_dictionaries({"ko": st.text(max_size=10) | wrong,
                                   "en": st.text(max_size=10) | wrong})
edge_dates = st.sampled_from(["0001-01-01T00:00:00", "0001-01-01T00:00:00+14:00",
                              "9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59",
                              "2026-02-30T00:00:00Z", "1970-01-01T00:00:00Z"])
alert = st.fixed_dictionaries({}, optional={
    "level": st.sampled_from(["emergency", "warning", "info"]) | wrong,
    "title": text_pair | wrong, "text": text_pair | wrong,
    "expires": edge_dates | st.datetimes().map(lambda d: d.isoformat()) | wrong,
    "seconds": st.floats() | st.integers() | wrong, "id": st.text(max_size=80) | wrong})
command = st.fixed_dictionaries({"command": st.sampled_from(COMMANDS) | wrong}, optional={
    "alert": alert | wrong, "clear": wrong, "width": st.integers() | wrong})

# Near misses: valid commands whose alerts are right but for a field or two.
fair_text = st.fixed_dictionaries({"ko": st.text(min_size=1, max_size=10),
                                   "en": st.text(min_size=1, max_size=10)})
fair_alert = st.fixed_dictionaries({"title": fair_text}, optional={
    "level": st.sampled_from(["emergency", "warning", "info"]), "text": fair_text,
    "seconds": st.floats(-1, 8 * 86400) | st.integers(-5, 10**12),
    "expires": edge_dates | st.datetimes().map(lambda d: d.isoformat()),
    "id": st.text(max_size=70)})
fair_command = st.one_of(
    st.builds(lambda a: {"command": "alert", "alert": a}, fair_alert),
    st.builds(lambda w: {"command": "screenshot", "width": w}, st.integers(-10, 10**6)),
    st.sampled_from([{"command": c} for c in COMMANDS]))


def _nested(opening: bytes, closing: bytes, inner: bytes = b"1") -> st.SearchStrategy[bytes]:
    return st.integers(1, 5000).map(lambda n: opening * n + inner + closing * n)


hostile = st.one_of(
    _nested(b"[", b"]"), _nested(b'{"a":', b"}"), st.integers(1, 5000).map(lambda n: b"[" * n),
    _nested(b'{"command": "alert", "alert": {"title": ', b"}"),
    st.integers(20, 6000).map(lambda n: b"9" * n),
    st.integers(20, 6000).map(lambda n: b"1e" + b"9" * n),
    st.sampled_from([b"NaN", b"-Infinity", b"1e999999",
                     b'{"command": "screenshot", "width": 1e400}',
                     b'\xff\xfe{"command": "reload"}', b'{"command": "re\xc3load"}', b""]),
    st.binary(max_size=300),
    command.map(lambda c: json.dumps(c).encode()),
    command.map(lambda c: json.dumps(c).encode()[:-1]),
    fair_command.map(lambda c: json.dumps(c, ensure_ascii=False).encode()),
)
yaml_hostile = st.one_of(
    hostile,
    st.integers(1, 3000).map(lambda n: b"a: " + b"[" * n),
    st.integers(1, 400).map(lambda n: b"".join(b"  " * i + b"- \n" for i in range(n))),
    st.just(b"a: &a [x, x, x, x, x, x, x, x, x]\n"
            + b"".join(b"%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n"
                       % ((98 + i,) * 2 + (97 + i,) * 8) for i in range(12))),
    alert.map(lambda a: json.dumps(a).encode()),  # JSON is YAML too
    st.binary(max_size=300).map(lambda b: b"level: emergency\ntitle: " + b),
)




def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    items = node.items() if isinstance(node, dict) else \
        enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        yield from _paths(value, (*path, key))


def _with(path: tuple[Any, ...], value: Any) -> bytes:
    """The minimal deck with the field at `path` replaced (as JSON, which YAML reads too)."""
    import yaml

    data = yaml.safe_load(MINIMAL)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return json.dumps(data, ensure_ascii=False).encode()


DECK_FIELDS = [p for p in _paths(__import__("yaml").safe_load(MINIMAL)) if p]
wrong_deck = st.builds(_with, st.sampled_from(DECK_FIELDS), wrong)
wrong_manifest = st.builds(lambda files: json.dumps({"files": files}).encode(),
                           wrong | st.dictionaries(st.text(max_size=12),
                                                   wrong | st.text(min_size=64, max_size=64),
                                                   max_size=3))
server_bodies = st.one_of(yaml_hostile, wrong_deck, wrong_manifest)


@dataclass
class Message:
    """What paho hands the message callback."""

    topic: str
    payload: bytes


@pytest.fixture(scope="module")
def client() -> Iterator[tuple[FleetClient, list[Command]]]:
    got: list[Command] = []
    made = FleetClient(MqttConfig("mqtt://127.0.0.1:1", "lobby-1"), got.append)
    yield made, got


@FUZZ
@given(payload=hostile, fleet_wide=st.booleans())
def test_no_command_payload_gets_past_the_message_handler(
        client: tuple[FleetClient, list[Command]], screen: Any, tmp_path: Path, payload: bytes,
        fleet_wide: bool) -> None:
    fleet, got = client
    got.clear()
    topic = "kiosk/fleet/cmd" if fleet_wide else "kiosk/lobby-1/cmd"
    fleet._message(None, None, Message(topic, payload))  # as paho calls it, on its thread
    assert len(got) <= 1  # obeyed, or ignored (and logged): nothing else
    event("obeyed" if got else "ignored")
    for received in got:
        assert received.name in COMMANDS and received.topic == topic
        if received.alert is not None:  # what the alert handler does with it on screen
            screen.store.set(received.alert, "mqtt")
            screen.refresh()
            assert screen.shown in (received.alert, None)  # None: it had expired already
            event("alert shown" if screen.shown else "alert expired already")
            assert not screen.session.window.grab_image().isNull()  # painted
            assert AlertStore(screen.store.path).active() == screen.shown  # as stored
            screen.store.clear()
            screen.refresh()
        if received.width is not None:
            assert 64 <= received.width <= 3840


def test_a_bad_command_repeated_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    got: list[Command] = []
    fleet = FleetClient(MqttConfig("mqtt://127.0.0.1:1", "lobby-1"), got.append)
    with caplog.at_level(logging.WARNING):
        for _ in range(50):
            fleet._message(None, None, Message("kiosk/fleet/cmd", b"[" * 1100))
            fleet._message(None, None, Message("kiosk/fleet/cmd", b'{"command": "explode"}'))
    assert not got
    assert caplog.text.count("ignored a malformed command") == 2


@pytest.fixture
def screen(qtbot: QtBot, tmp_path: Path) -> Iterator[Any]:
    from kiosk.fleet.summary import PlaySummary
    from kiosk.shell.fleet_alerts import AlertScreen
    from tests.sessions import start_session

    deck = tmp_path / "slides.yaml"
    deck.write_text(MINIMAL, encoding="utf-8")
    session = start_session(qtbot, load_deck(deck), kiosk_mode=False)
    store = AlertStore(tmp_path / "alerts.json")
    yield AlertScreen(session, store, PlaySummary(session.navigator), lambda: None,
                      session.window)
    session.quit()


@FUZZ
@given(body=yaml_hostile | wrong.map(lambda v: json.dumps({"title": v}).encode()))
def test_no_alert_yaml_gets_past_the_alert_screen(screen: Any, body: bytes) -> None:
    screen.from_source(body)  # on the UI thread, as the link calls it
    shown = screen.shown
    assert (shown is None) == (screen.session.window.cover is None)
    screen.from_source(None)
    assert screen.shown is None


@pytest.fixture
def site(tmp_path: Path, qapp: object) -> Iterator[tuple[StaticHost, Fetcher]]:
    from kiosk.ops.image_check import image_errors

    root = tmp_path / "site"
    root.mkdir()
    (root / "slides.yaml").write_text(MINIMAL, encoding="utf-8")
    with static_host(root) as host:
        fetcher = Fetcher(host.base + "slides.yaml", tmp_path / "cache", validate=image_errors,
                          timeout=2)
        assert fetcher.poll().deck is not None
        yield host, fetcher


@FUZZ
@given(name=st.sampled_from(["manifest.json", "slides.yaml", "alert.yaml"]),
       body=server_bodies)
def test_no_server_body_gets_past_a_poll(site: tuple[StaticHost, Fetcher], name: str,
                                         body: bytes) -> None:
    host, fetcher = site
    good = fetcher.current()
    target = host.root / name
    target.write_bytes(body)
    try:
        result = fetcher.poll()  # on the poll thread in the kiosk: it must come back
    finally:
        if name == "slides.yaml":
            target.write_text(MINIMAL, encoding="utf-8")
        else:
            target.unlink()
    assert isinstance(result, PollResult)
    if result.error is not None:
        assert fetcher.current() == good  # the last good version stays
        assert fetcher.state.last_error == result.error
    elif result.deck is not None:
        load_deck(result.deck)  # whatever became current is a valid deck
    assert fetcher.poll().error is None  # and the source is read normally again
