"""`kiosk run URL --mqtt ...` from the command line; and none of it for a lone lobby."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.decks import MINIMAL
from tests.fleet_servers import static_host

Run = Callable[..., tuple[int, str, str]]

pytestmark = pytest.mark.usefixtures("gc_on_main_thread")


def kiosk(args: list[str], tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_STATE_DIR": str(tmp_path / "st"),
           "KIOSK_LOG_DIR": str(tmp_path / "logs")}
    return subprocess.run([sys.executable, *extra, "-m", "kiosk", "run", *args, "--windowed"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def test_a_lone_lobby_imports_none_of_it(tmp_path: Path) -> None:
    """The start-up and memory budgets hold: no fleet code, no MQTT library, without a URL or
    a broker."""
    deck = tmp_path / "slides.yaml"
    deck.write_text(MINIMAL, encoding="utf-8")
    done = kiosk([str(deck), "--exit-after", "1"], tmp_path, "-X", "importtime")
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "kiosk.shell.window" in imported  # the measurement saw the kiosk start
    assert not {name for name in imported if name.startswith(("kiosk.fleet", "paho"))}


def test_a_url_only_kiosk_loads_no_mqtt(tmp_path: Path) -> None:
    """Optional parts load only when asked: a deck URL without a broker needs no MQTT code."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "slides.yaml").write_text(MINIMAL, encoding="utf-8")
    with static_host(tmp_path / "site") as host:
        done = kiosk([host.base + "slides.yaml", "--exit-after", "2"], tmp_path,
                     "-X", "importtime")
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "kiosk.shell.fleet_link" in imported  # the measurement saw the fleet start
    assert not {name for name in imported if name.startswith(("kiosk.fleet.mqtt", "paho"))}


def test_a_url_deck_runs_then_runs_from_its_cache_with_the_server_gone(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "slides.yaml").write_text(MINIMAL, encoding="utf-8")
    with static_host(tmp_path / "site") as host:
        url = host.base + "slides.yaml"
        first = kiosk([url, "--exit-after", "2"], tmp_path)
        assert first.returncode == 0, first.stderr[-2000:]
    cached = list((tmp_path / "st" / "sources").glob("*/versions/*/slides.yaml"))
    assert len(cached) == 1 and cached[0].read_text(encoding="utf-8") == MINIMAL
    again = kiosk([url, "--exit-after", "2", "--verbose"], tmp_path)  # nothing listens now
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"starts on {cached[0]}" in again.stderr
    assert "content source unreachable" in again.stderr
    assert "bundled" not in again.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["ftp://host/slides.yaml"], "must start with http"),
    (["https:///slides.yaml"], "name a host"),
    (["--mqtt", "http://broker", "--id", "a"], "mqtt://host"),
    (["--mqtt", "mqtt://broker"], "kiosk id"),
    (["--mqtt", "mqtt://broker", "--id", "a/b"], "kiosk id"),
])
def test_bad_fleet_flags_are_refused_before_any_window(args: list[str], message: str,
                                                      run_cli: Run) -> None:
    code, _, err = run_cli("run", *args)
    assert code == 2 and message in err


def test_autostart_with_a_url_and_a_broker(run_cli: Run, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    config = tmp_path / "mqtt.yaml"
    config.write_text("url: mqtt://broker\nid: lobby-3f\n")
    code, _, _ = run_cli("install-autostart", "--deck", "https://example.org/lobby/slides.yaml",
                         "--mqtt-config", str(config))
    assert code == 0
    unit = (tmp_path / "config" / "systemd" / "user" / "yangjae-kiosk.service").read_text()
    assert f"run https://example.org/lobby/slides.yaml --mqtt-config {config}" in unit
