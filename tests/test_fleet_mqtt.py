"""Health and commands through a real mosquitto (password file, ACLs) on loopback."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.fleet.mqtt import Command, FleetClient, MqttConfig, load_config, parse_command
from tests.decks import MINIMAL
from tests.fleet_servers import Broker, Operator

pytestmark = [pytest.mark.timeout(60), pytest.mark.usefixtures("gc_on_main_thread")]


def wait_for(condition: object, seconds: float = 10.0) -> None:
    """For clients on paho's own thread, with no Qt loop to wait in: poll, bounded."""
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


def kiosk_client(broker: Broker, user: str = "lobby-1", password: str | None = None,
                 commands: list[Command] | None = None) -> FleetClient:
    config = MqttConfig(broker.url, user, username=user,
                        password=password if password is not None else broker.users[user])
    received = commands if commands is not None else []
    return FleetClient(config, received.append)


def test_status_is_retained_for_whoever_looks_later(broker: Broker, operator: Operator) -> None:
    client = kiosk_client(broker)
    client.start()
    try:
        wait_for(lambda: client.connected)
        client.publish_status({"id": "lobby-1", "state": "online", "slide": {"id": "one"}})
        wait_for(lambda: operator.on("kiosk/lobby-1/status"))
        late = Operator(broker, topic="kiosk/lobby-1/status")  # joins after the fact
        try:
            wait_for(lambda: late.on("kiosk/lobby-1/status"))
            assert late.messages[0][2] is True  # delivered as retained
            assert late.last_json("kiosk/lobby-1/status")["slide"] == {"id": "one"}  # type: ignore[index]
        finally:
            late.close()
    finally:
        client.stop()
    wait_for(lambda: (operator.last_json("kiosk/lobby-1/status") or {}).get("state") == "offline")


def test_quitting_with_a_broker_that_does_not_answer_is_quick_and_still_says_offline(
        broker: Broker, operator: Operator) -> None:
    client = kiosk_client(broker)
    client.start()
    wait_for(lambda: client.connected)
    client.publish_status({"id": "lobby-1", "state": "online"})
    wait_for(lambda: (operator.last_json("kiosk/lobby-1/status") or {}).get("state") == "online")
    broker.process.send_signal(signal.SIGSTOP)  # hung: the connection stands, nothing answers
    try:
        began = time.monotonic()
        client.stop()  # at quit, on the GUI thread
        took = time.monotonic() - began
    finally:
        broker.process.send_signal(signal.SIGCONT)
    # At most QUIT_WAIT for the message and as much for the thread; the old quit gave it 3 s.
    assert took < 2.5, f"quit waited {took:.1f} s for the broker"
    # Back, the broker has the offline word (the message, or the will if the link dropped).
    wait_for(lambda: (operator.last_json("kiosk/lobby-1/status") or {}).get("state") == "offline",
             20)


def test_commands_arrive_on_own_and_fleet_topics(broker: Broker, operator: Operator) -> None:
    got: list[Command] = []
    client = kiosk_client(broker, commands=got)
    client.start()
    try:
        wait_for(lambda: client.subscribed)
        operator.send("kiosk/lobby-1/cmd", json.dumps({"command": "blank"}))
        operator.send("kiosk/fleet/cmd", "unblank")
        operator.send("kiosk/lobby-2/cmd", "reload")  # someone else's
        operator.send("kiosk/lobby-1/cmd", "reload")  # sent last, so it arrives last
        wait_for(lambda: len(got) >= 3)
        assert [(c.name, c.topic) for c in got] == [("blank", "kiosk/lobby-1/cmd"),
                                                     ("unblank", "kiosk/fleet/cmd"),
                                                     ("reload", "kiosk/lobby-1/cmd")]
    finally:
        client.stop()


def test_a_kiosk_cannot_command_another(broker: Broker, operator: Operator) -> None:
    """The ACL lets a kiosk read commands, never send them: a stolen kiosk password is not a
    remote control for the fleet."""
    got: list[Command] = []
    victim = kiosk_client(broker, "lobby-1", commands=got)
    intruder = kiosk_client(broker, "lobby-2")
    victim.start()
    intruder.start()
    try:
        wait_for(lambda: victim.subscribed and intruder.connected)
        for topic in ("kiosk/lobby-1/cmd", "kiosk/fleet/cmd"):
            intruder._client.publish(topic, "blank", qos=1).wait_for_publish(5)  # noqa: SLF001
        # The broker handled (dropped) those before it takes the operator's, sent after them.
        operator.send("kiosk/lobby-1/cmd", "reload")
        wait_for(lambda: got)
        assert [c.name for c in got] == ["reload"]
    finally:
        victim.stop()
        intruder.stop()


@pytest.mark.parametrize("password", ["wrong", ""])
def test_wrong_credentials_are_refused_and_logged(broker: Broker, password: str,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    states: list[tuple[bool, str | None]] = []
    client = kiosk_client(broker, password=password)
    client.on_state = lambda ok, error: states.append((ok, error))
    with caplog.at_level(logging.ERROR):
        client.start()
        try:
            wait_for(lambda: states)
        finally:
            client.stop()
    assert states[0][0] is False and "refused" in (states[0][1] or "")
    assert client.connected is False
    assert "broker refused the connection" in caplog.text


def test_anonymous_clients_are_refused(broker: Broker) -> None:
    config = MqttConfig(broker.url, "lobby-1")
    states: list[tuple[bool, str | None]] = []
    client = FleetClient(config, lambda c: None, on_state=lambda ok, e: states.append((ok, e)))
    client.start()
    try:
        wait_for(lambda: states)
    finally:
        client.stop()
    assert states[0][0] is False


@pytest.mark.parametrize(("payload", "problem"), [
    (b"\xff\xfe", "utf-8"),
    (b"{", "Expecting"),
    (b'{"command": "explode"}', "expected"),
    (b'["reload"]', "expected"),
    (b'{"command": "alert", "alert": {"level": "apocalypse"}}', "not an alert"),
    (b'{"command": "alert"}', "not an alert"),
    (b'{"command": "screenshot", "width": 1000000000}', "width"),
    (b'{"command": "screenshot", "width": true}', "width"),
    (b"x" * 70000, "too long"),
])
def test_malformed_commands_are_refused(payload: bytes, problem: str) -> None:
    with pytest.raises((ValueError, UnicodeDecodeError), match=problem):
        parse_command("kiosk/lobby-1/cmd", payload)


def test_a_malformed_command_is_logged_and_the_next_one_works(
        broker: Broker, operator: Operator, caplog: pytest.LogCaptureFixture) -> None:
    got: list[Command] = []
    client = kiosk_client(broker, commands=got)
    client.start()
    try:
        wait_for(lambda: client.subscribed)
        with caplog.at_level(logging.WARNING):
            operator.send("kiosk/lobby-1/cmd", b'{"command": "explode"}')
            operator.send("kiosk/lobby-1/cmd", b"\x00\xff")
            operator.send("kiosk/lobby-1/cmd", "reload")
            wait_for(lambda: got)
        assert [c.name for c in got] == ["reload"]
        assert caplog.text.count("ignored a malformed command") == 2
    finally:
        client.stop()


def test_config_file_and_flags(tmp_path: Path) -> None:
    path = tmp_path / "mqtt.yaml"
    path.write_text("url: mqtts://broker.example:8883\nid: lobby-3f\nusername: lobby-3f\n"
                    "password: 1234\nca_file: /etc/city-ca.pem\n")
    config = load_config(path, None, None)
    assert (config.host, config.port, config.tls, config.password) == \
        ("broker.example", 8883, True, "1234")
    assert config.topic("status") == "kiosk/lobby-3f/status"
    assert load_config(path, "mqtt://u:p%40ss@other", "lobby-9").password == "1234"
    assert load_config(None, "mqtt://u:p%40ss@other", "lobby-9").password == "p@ss"
    path.write_text("url: mqtt://x\nid: a\npasword: typo\n")
    with pytest.raises(ValueError, match="unknown key"):
        load_config(path, None, None)
    with pytest.raises(ValueError, match="kiosk id"):
        load_config(None, "mqtt://x", "a/b")
    with pytest.raises(ValueError, match="kiosk id"):
        load_config(None, "mqtt://x", "fleet")  # the topic every kiosk listens to
    with pytest.raises(ValueError, match="mqtt://host"):
        load_config(None, "http://x", "a")


def test_a_running_kiosk_reports_then_its_last_will_says_offline(
        broker: Broker, operator: Operator, tmp_path: Path) -> None:
    """The real program: `kiosk run deck --mqtt-config`, then killed as a power cut would."""
    deck = tmp_path / "slides.yaml"
    deck.write_text(MINIMAL, encoding="utf-8")
    config = tmp_path / "mqtt.yaml"
    config.write_text(f"url: {broker.url}\nid: lobby-1\nusername: lobby-1\n"
                      f"password: {broker.users['lobby-1']}\nstatus_interval: 60\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_STATE_DIR": str(tmp_path),
           "KIOSK_LOG_DIR": str(tmp_path / "logs")}
    process = subprocess.Popen([sys.executable, "-m", "kiosk", "run", str(deck), "--windowed",
                                "--mqtt-config", str(config), "--exit-after", "50"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(lambda: (operator.last_json("kiosk/lobby-1/status") or {}).get("state")
                 == "online" or process.poll() is not None, 30)
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        status = operator.last_json("kiosk/lobby-1/status")
        assert status is not None
        assert status["slide"] == {"id": "one", "index": 0} and status["lang"] == "both"
        assert status["source"]["state"] == "local"  # type: ignore[index]
        operator.send("kiosk/lobby-1/cmd", b"[" * 1100)  # once enough to deafen it for good
        operator.send("kiosk/lobby-1/cmd", "blank")
        wait_for(lambda: (operator.last_json("kiosk/lobby-1/status") or {}).get("blank") is True)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        wait_for(lambda: (operator.last_json("kiosk/lobby-1/status") or {}).get("state")
                 == "offline", 20)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        if process.stderr:
            process.stderr.close()


def test_paho_thread_is_not_the_callers(broker: Broker) -> None:
    """Commands arrive on paho's thread: the Qt link must marshal them (it does, by signal)."""
    threads: list[threading.Thread] = []
    config = MqttConfig(broker.url, "lobby-1", username="lobby-1",
                        password=broker.users["lobby-1"])
    client = FleetClient(config, lambda c: threads.append(threading.current_thread()))
    client.start()
    try:
        wait_for(lambda: client.subscribed)
        op = Operator(broker)
        op.send("kiosk/lobby-1/cmd", "reload")
        wait_for(lambda: threads)
        op.close()
    finally:
        client.stop()
    assert threads[0] is not threading.main_thread()


def test_mqtts_with_client_certificates_and_no_password(tmp_path: Path) -> None:
    """TLS both ways: the kiosk checks the broker against the city CA, the broker takes the
    kiosk's certificate name as its user name (so the same ACL applies), and a client without a
    certificate gets nowhere."""
    from tests.fleet_servers import make_ca_and_cert, sign, start_broker

    pki = tmp_path / "pki"
    ca, cert, key = make_ca_and_cert(pki)
    kiosk_cert, kiosk_key = sign(pki, "lobby-1", "extendedKeyUsage=clientAuth")
    operator_cert, operator_key = sign(pki, "operator", "extendedKeyUsage=clientAuth")
    secure = start_broker(tmp_path / "broker", {"operator": "unused"},
                          tls=f"cafile {ca}\ncertfile {cert}\nkeyfile {key}\n"
                              "require_certificate true\nuse_identity_as_username true\n")
    try:
        url = f"mqtts://127.0.0.1:{secure.port}"
        watching = Operator(secure, tls=(ca, operator_cert, operator_key))
        config = MqttConfig(url, "lobby-1", ca_file=str(ca), cert_file=str(kiosk_cert),
                            key_file=str(kiosk_key))
        got: list[Command] = []
        client = FleetClient(config, got.append, online=lambda: {"id": "lobby-1",
                                                                  "state": "online"})
        client.start()
        try:
            wait_for(lambda: client.subscribed)
            wait_for(lambda: watching.last_json("kiosk/lobby-1/status") is not None)
            watching.send("kiosk/lobby-1/cmd", "reload")
            wait_for(lambda: got)
        finally:
            client.stop()
            watching.close()
        states: list[tuple[bool, str | None]] = []
        bare = FleetClient(MqttConfig(url, "lobby-1", ca_file=str(ca)), lambda c: None,
                           on_state=lambda ok, error: states.append((ok, error)))
        bare.start()
        try:
            wait_for(lambda: states)
        finally:
            bare.stop()
        assert states[0][0] is False and not bare.connected
    finally:
        secure.stop()


def test_the_kiosk_comes_back_after_the_broker_does(tmp_path: Path) -> None:
    """A broker restart (or the network gone a while): paho reconnects by itself, subscribes
    again and the status is published anew, so the fleet view and commands resume."""
    from tests.fleet_servers import USERS, start_broker

    first = start_broker(tmp_path / "one", USERS)
    got: list[Command] = []
    client = FleetClient(MqttConfig(first.url, "lobby-1", username="lobby-1",
                                    password=USERS["lobby-1"]), got.append,
                         online=lambda: {"id": "lobby-1", "state": "online"})
    client.start()
    second = None
    try:
        wait_for(lambda: client.subscribed)
        first.stop()
        wait_for(lambda: not client.connected)
        second = start_broker(tmp_path / "two", USERS, port=first.port)
        watching = Operator(second)
        try:
            wait_for(lambda: watching.last_json("kiosk/lobby-1/status") is not None, 20)
            wait_for(lambda: client.subscribed)
            watching.send("kiosk/fleet/cmd", "reload")
            wait_for(lambda: got)
        finally:
            watching.close()
    finally:
        client.stop()
        if second is not None:
            second.stop()


def test_nested_brackets_do_not_deafen_the_kiosk(broker: Broker, operator: Operator) -> None:
    """About a kilobyte of `[[[[…` once made json.loads raise RecursionError on paho's thread,
    which ended it: the kiosk stayed "online" and obeyed nothing more."""
    got: list[Command] = []
    client = kiosk_client(broker, commands=got)
    client.start()
    try:
        wait_for(lambda: client.subscribed)
        operator.send("kiosk/lobby-1/cmd", b"[" * 1100)
        operator.send("kiosk/fleet/cmd", b'{"command": ' + b"[" * 3000)
        operator.send("kiosk/lobby-1/cmd", "blank")
        wait_for(lambda: got)
        assert [c.name for c in got] == ["blank"] and client.connected
    finally:
        client.stop()


class Boom(BaseException):
    """A failure nobody foresaw, of the kind that ends a thread whatever it catches."""


def test_a_dead_network_thread_is_restarted(broker: Broker, operator: Operator) -> None:
    got: list[Command] = []

    def obey(command: Command) -> None:
        if command.name == "screenshot":
            raise Boom
        got.append(command)

    config = MqttConfig(broker.url, "lobby-1", username="lobby-1",
                        password=broker.users["lobby-1"])
    client = FleetClient(config, obey)
    client.start()
    try:
        wait_for(lambda: client.subscribed)
        assert client.check() is None  # healthy: nothing to do
        operator.send("kiosk/lobby-1/cmd", "screenshot")
        wait_for(lambda: not client.alive)
        assert client.check() == "the network thread had ended"
        assert client.restarts == 1
        wait_for(lambda: client.subscribed)
        operator.send("kiosk/lobby-1/cmd", "reload")
        wait_for(lambda: got)
        assert [c.name for c in got] == ["reload"] and client.check() is None
    finally:
        client.stop()


def test_a_stalled_link_is_restarted(broker: Broker, operator: Operator) -> None:
    """A half-open link (the broker's answers stop coming, the socket stays up): a status sent
    and never acknowledged for three keep-alive periods restarts the client."""
    from tests.fleet_servers import Freezer

    now = [0.0]
    with Freezer(broker.port) as proxy:
        config = MqttConfig(f"mqtt://127.0.0.1:{proxy.port}", "lobby-1", username="lobby-1",
                            password=broker.users["lobby-1"], keepalive=600)
        got: list[Command] = []
        client = FleetClient(config, got.append, clock=lambda: now[0])
        client.start()
        try:
            wait_for(lambda: client.subscribed)
            proxy.frozen = True
            client.publish_status({"id": "lobby-1", "state": "online"})
            now[0] += 1000
            assert client.check() is None  # not yet: three keep-alives is 1800 s
            now[0] += 1000
            assert (client.check() or "").startswith("the broker acknowledged nothing")
            proxy.frozen = False
            wait_for(lambda: client.subscribed)
            operator.send("kiosk/lobby-1/cmd", "reload")
            wait_for(lambda: got)
            assert client.restarts == 1
        finally:
            client.stop()


def test_a_wrong_password_is_said_once(broker: Broker, caplog: pytest.LogCaptureFixture) -> None:
    """Each retry is refused, then disconnected: two alternating messages, each logged once
    until a connection succeeds."""
    states: list[tuple[bool, str | None]] = []
    client = kiosk_client(broker, password="wrong")
    client.on_state = lambda ok, error: states.append((ok, error))
    with caplog.at_level(logging.ERROR):
        client.start()
        try:
            wait_for(lambda: len({e for _, e in states}) >= 2
                     and sum("refused" in (e or "") for _, e in states) >= 3, 30)
        finally:
            client.stop()
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("MQTT:")]
    assert len(lines) == len(set(lines)) <= 2, lines
