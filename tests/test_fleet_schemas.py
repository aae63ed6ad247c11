"""docs/fleet-*.schema.json say what the kiosk really sends and accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from kiosk.deck import load_deck
from kiosk.fleet.alerts import Alert
from kiosk.fleet.mqtt import MqttConfig, parse_command
from kiosk.fleet.options import FleetOptions
from kiosk.shell.fleet_link import FleetLink
from tests.decks import MINIMAL
from tests.sessions import start_session

DOCS = Path(__file__).resolve().parents[1] / "docs"
TYPES: dict[str, Any] = {"object": dict, "array": list, "string": str, "boolean": bool,
                         "null": type(None), "integer": int, "number": (int, float)}

pytestmark = pytest.mark.usefixtures("gc_on_main_thread")


def schema(name: str) -> dict[str, Any]:
    return json.loads((DOCS / f"fleet-{name}.schema.json").read_text(encoding="utf-8"))


def problems(value: Any, node: dict[str, Any], root: dict[str, Any], at: str = "$") -> list[str]:
    """The part of JSON Schema these documents use: enough to hold them to the payloads."""
    if "$ref" in node:
        ref = node["$ref"]
        if ref.startswith("#/$defs/"):
            return problems(value, root["$defs"][ref.split("/")[-1]], root, at)
        other = json.loads((DOCS / ref).read_text(encoding="utf-8"))
        return problems(value, other, other, at)
    found: list[str] = []
    if "type" in node:
        kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
        if not any(isinstance(value, TYPES[k]) and not (k in ("integer", "number") and
                                                         isinstance(value, bool))
                   for k in kinds):
            return [f"{at}: {value!r} is not {kinds}"]
    if "enum" in node and value not in node["enum"]:
        found.append(f"{at}: {value!r} not in {node['enum']}")
    if "const" in node and value != node["const"]:
        found.append(f"{at}: {value!r} is not {node['const']!r}")
    if isinstance(value, int | float) and not isinstance(value, bool) and \
            not node.get("minimum", value) <= value <= node.get("maximum", value):
        found.append(f"{at}: {value} out of range")
    for key in ("oneOf", "anyOf"):
        if key in node:
            passing = [o for o in node[key] if not problems(value, o, root, at)]
            if (key == "oneOf" and len(passing) != 1) or not passing:
                found.append(f"{at}: matches {len(passing)} of {key}")
    if isinstance(value, dict):
        found += [f"{at}: missing {k}" for k in node.get("required", []) if k not in value]
        props = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        for k, v in value.items():
            if k in props:
                found += problems(v, props[k], root, f"{at}.{k}")
            elif extra is False:
                found.append(f"{at}: unexpected {k}")
            elif isinstance(extra, dict):
                found += problems(v, extra, root, f"{at}.{k}")
    if isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            found += problems(item, node["items"], root, f"{at}[{i}]")
    return found


def check(value: Any, name: str) -> list[str]:
    root = schema(name)
    return problems(value, root, root)


def test_the_alert_schema_is_current() -> None:
    generated = Alert.model_json_schema()
    committed = schema("alert")
    assert {k: v for k, v in committed.items() if k not in ("$schema", "title")} == \
        {k: v for k, v in generated.items() if k != "title"}


@pytest.fixture
def link(qtbot: QtBot, tmp_path: Path) -> FleetLink:
    deck = tmp_path / "slides.yaml"
    deck.write_text(MINIMAL, encoding="utf-8")
    loaded = load_deck(deck)
    session = start_session(qtbot, loaded, kiosk_mode=False)
    made = FleetLink(session, FleetOptions(None, None, tmp_path / "state"), None)
    yield made
    made.stop()
    session.quit()


def test_status_and_plays_match_their_schemas(link: FleetLink) -> None:
    link.handle(parse_command("t", json.dumps({"command": "alert", "alert": {
        "title": {"ko": "점검", "en": "Maintenance"}, "level": "info"}}).encode()))
    link.nav.next("autoplay")
    assert check(link.status(), "status") == []
    assert check({**link.status(), "bogus": 1}, "status") == ["$: unexpected bogus"]
    summary = {"id": "lobby-1", **link.summary.take()}
    assert summary["alerts"] and check(summary, "plays") == []


def test_the_last_will_matches_the_status_schema() -> None:
    from kiosk.fleet.mqtt import FleetClient

    client = FleetClient(MqttConfig("mqtt://127.0.0.1:1", "lobby-1"), lambda c: None)
    assert check(json.loads(client._offline()), "status") == []  # noqa: SLF001


@pytest.mark.parametrize("payload", [
    {"command": "reload"}, {"command": "blank"}, {"command": "unblank"},
    {"command": "screenshot"}, {"command": "screenshot", "width": 320},
    {"command": "alert", "clear": True},
    {"command": "alert", "alert": {"title": {"ko": "화재", "en": "Fire"}}},
    {"command": "alert", "alert": {"level": "warning", "title": {"ko": "가", "en": "A"},
                                   "text": {"ko": "나", "en": "B"}, "seconds": 600}},
    {"command": "alert", "alert": {"title": {"ko": "가", "en": "A"}, "id": "x",
                                   "expires": "2026-12-01T09:00:00+09:00"}},
])
def test_every_valid_command_is_accepted_by_both(payload: dict[str, Any]) -> None:
    assert check(payload, "command") == []
    assert parse_command("kiosk/lobby-1/cmd", json.dumps(payload).encode()).name == \
        payload["command"]


@pytest.mark.parametrize("payload", [
    {"command": "explode"}, {"command": "screenshot", "width": 5},
    {"command": "alert"}, {"command": "alert", "alert": {"title": "no languages"}},
    {"command": "alert", "alert": {"title": {"ko": "가", "en": "A"}, "level": "doom"}},
])
def test_every_invalid_command_is_refused_by_both(payload: dict[str, Any]) -> None:
    assert check(payload, "command") != []
    with pytest.raises(ValueError):
        parse_command("kiosk/lobby-1/cmd", json.dumps(payload).encode())
