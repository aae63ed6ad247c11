"""Real servers on loopback for the fleet tests and bench: a static HTTP host and mosquitto.

The HTTP host serves a folder with ETag and Last-Modified and answers conditional requests, and
can be told to fail, trickle, or redirect. The broker is Debian's mosquitto with a password file
and ACLs, on a free port of 127.0.0.1, stopped by whoever started it.
"""

from __future__ import annotations

import atexit
import contextlib
import email.utils
import hashlib
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest


class StaticHost:
    """A folder served on 127.0.0.1 with validators; `mode` switches failures on and off."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.mode = "ok"  # ok | down (500) | slow (trickles) | reset (closes the connection)
        self.redirects: dict[str, str] = {}
        self.requests: list[tuple[str, int]] = []  # (path, status)
        host = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                host.serve(self)

        # A listen backlog like a real server's: fifty kiosks asking at once (the bench) would
        # overflow socketserver's default of 5 and be refused.
        http.server.ThreadingHTTPServer.request_queue_size = 128
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _answer(self, handler: http.server.BaseHTTPRequestHandler, status: int,
                headers: dict[str, str], body: bytes = b"") -> None:
        self.requests.append((handler.path, status))
        handler.send_response(status)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def serve(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?")[0]
        if self.mode == "reset":
            self.requests.append((path, 0))
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        if self.mode == "down":
            self._answer(handler, 503, {}, b"down for maintenance")
            return
        if path in self.redirects:
            self._answer(handler, 302, {"Location": self.redirects[path]})
            return
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_file() or self.root.resolve() not in target.parents:
            self._answer(handler, 404, {}, b"not found")
            return
        body = target.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        modified = email.utils.formatdate(target.stat().st_mtime, usegmt=True)
        if handler.headers.get("If-None-Match") == etag:
            self._answer(handler, 304, {"ETag": etag, "Last-Modified": modified})
            return
        headers = {"ETag": etag, "Last-Modified": modified,
                   "Content-Type": "application/octet-stream"}
        if self.mode == "slow":
            self.requests.append((path, 200))
            handler.send_response(200)
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            try:
                for i in range(len(body)):
                    handler.wfile.write(body[i:i + 1])
                    handler.wfile.flush()
                    time.sleep(0.05)
            except OSError:  # the client gave up waiting: what a slow server sees
                handler.close_connection = True
            return
        self._answer(handler, 200, headers, body)


@contextmanager
def static_host(root: Path) -> Iterator[StaticHost]:
    host = StaticHost(root)
    try:
        yield host
    finally:
        host.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def mosquitto_binary() -> str | None:
    return shutil.which("mosquitto") or shutil.which("mosquitto", path="/usr/sbin:/usr/bin")


ACL = """\
# Each kiosk (user name = its id) publishes only under its own topic and reads only its own and
# the fleet's command topics (patterns apply to every user); the operator reads everything and
# sends commands.
pattern write kiosk/%u/status
pattern write kiosk/%u/plays
pattern write kiosk/%u/screenshot
pattern read kiosk/%u/cmd
pattern read kiosk/fleet/cmd

user operator
topic readwrite kiosk/#
topic read $SYS/#
"""


@dataclass
class Broker:
    port: int
    folder: Path
    process: subprocess.Popen[bytes]
    users: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_broker(folder: Path, users: dict[str, str], tls: str = "",
                 port: int | None = None) -> Broker:
    """mosquitto on a free loopback port with a password file and ACLs; waits until it listens.
    `tls`: more listener settings (certificates) for an mqtts:// listener."""
    binary = mosquitto_binary()
    if binary is None:
        raise RuntimeError("mosquitto is not installed (.ci/setup installs it)")
    folder.mkdir(parents=True, exist_ok=True)
    passwords = folder / "passwd"
    passwords.write_text("")
    passwd_tool = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
    for user, password in users.items():
        subprocess.run([passwd_tool, "-b", str(passwords), user, password], check=True,
                       timeout=30, capture_output=True)
    passwords.chmod(0o600)
    (folder / "acl").write_text(ACL)
    (folder / "acl").chmod(0o600)
    port = port or free_port()
    conf = folder / "mosquitto.conf"
    # As root mosquitto would drop to its own user, which cannot read a test's private folder.
    run_as = "user root\n" if os.geteuid() == 0 else ""
    conf.write_text(f"{run_as}listener {port} 127.0.0.1\n{tls}allow_anonymous false\n"
                    f"password_file {passwords}\nacl_file {folder / 'acl'}\n"
                    "persistence false\nmax_inflight_messages 0\nsys_interval 5\n"
                    "log_dest stderr\nlog_type error\nlog_type warning\n")
    process = subprocess.Popen([binary, "-c", str(conf)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    broker = Broker(port, folder, process, dict(users))
    atexit.register(broker.stop)  # whatever happens to the test run, no broker outlives it
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"mosquitto exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return broker
        except OSError:
            time.sleep(0.02)  # polling a port that is not up yet: nothing to wait on but time
    broker.stop()
    raise RuntimeError("mosquitto did not start listening within 10 s")


class Operator:
    """Someone watching the fleet from any MQTT client: every message under kiosk/#, kept."""

    def __init__(self, broker: Broker, user: str = "operator",
                 topic: str | list[str] = "kiosk/#",
                 tls: tuple[Path, Path, Path] | None = None) -> None:
        import paho.mqtt.client as mqtt

        self.messages: list[tuple[str, bytes, bool]] = []  # (topic, payload, retained)
        self.arrivals: list[float] = []  # time.monotonic() of each message's arrival
        self.lock = threading.Lock()
        self.subscribed = threading.Event()
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2,
                             client_id=f"{user}-{time.monotonic_ns()}")
        if tls is None:
            client.username_pw_set(user, broker.users[user])
        else:  # CA, certificate, key: the certificate's name is the user name
            client.tls_set(ca_certs=str(tls[0]), certfile=str(tls[1]), keyfile=str(tls[2]))
        topics = [topic] if isinstance(topic, str) else topic
        client.on_connect = lambda c, *_: c.subscribe([(t, 1) for t in topics])
        client.on_subscribe = lambda *_: self.subscribed.set()
        client.on_message = self._message
        client.connect("127.0.0.1", broker.port, 30)
        client.loop_start()
        self.client = client
        if not self.subscribed.wait(10):
            raise RuntimeError("the operator could not subscribe")

    def _message(self, client: object, userdata: object, message: object) -> None:
        with self.lock:
            self.messages.append((message.topic, message.payload, bool(message.retain)))  # type: ignore[attr-defined]
            self.arrivals.append(time.monotonic())

    def on(self, topic: str) -> list[bytes]:
        with self.lock:
            return [payload for t, payload, _ in self.messages if t == topic and payload]

    def last_json(self, topic: str) -> dict[str, object] | None:
        import json

        found = self.on(topic)
        return json.loads(found[-1]) if found else None

    def send(self, topic: str, payload: bytes | str, qos: int = 1) -> None:
        self.client.publish(topic, payload, qos=qos).wait_for_publish(5)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class Freezer:
    """A loopback TCP relay to a port; while `frozen`, whatever comes either way is dropped and
    the sockets stay open: a half-open link, as a NAT box or a dead Wi-Fi leaves one."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.frozen = False
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                inside, _ = self.listener.accept()
            except OSError:
                return
            outside = socket.create_connection(("127.0.0.1", self.target))
            self.sockets += [inside, outside]
            for a, b in ((inside, outside), (outside, inside)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if not self.frozen:
                    sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> Freezer:
        return self

    def __exit__(self, *_: object) -> None:
        self.listener.close()
        for end in self.sockets:
            with contextlib.suppress(OSError):
                end.close()


USERS = {"operator": "op-secret", "lobby-1": "k1-secret", "lobby-2": "k2-secret"}


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    """A mosquitto of the module's own; tests import this fixture by name."""
    if mosquitto_binary() is None:
        pytest.skip("mosquitto is not installed (.ci/setup installs it)")
    started = start_broker(tmp_path_factory.mktemp("broker"), USERS)
    yield started
    started.stop()


@pytest.fixture
def operator(broker: Broker) -> Iterator[Operator]:
    watching = Operator(broker)
    for user in broker.users:  # no retained status left over from an earlier test
        watching.client.publish(f"kiosk/{user}/status", b"", qos=1,
                                retain=True).wait_for_publish(5)
    with watching.lock:
        watching.messages.clear()
    yield watching
    watching.close()


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)


def make_ca_and_cert(folder: Path) -> tuple[Path, Path, Path]:
    """A CA of our own (a city network's) and a certificate it signs for 127.0.0.1."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca = folder / "ca.key", folder / "ca.pem"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out",
             str(ca), "-days", "2", "-subj", "/CN=Test City CA")
    cert, key = sign(folder, "127.0.0.1", "subjectAltName=IP:127.0.0.1")
    return ca, cert, key


def sign(folder: Path, name: str, extension: str = "") -> tuple[Path, Path]:
    """A certificate for `name` (a server's address, or a kiosk's id) from make_ca_and_cert's CA."""
    key, csr, cert = (folder / f"{name}.{kind}" for kind in ("key", "csr", "pem"))
    ext = folder / f"{name}.cnf"
    ext.write_text(f"{extension}\nbasicConstraints=CA:FALSE\n")
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr),
             "-subj", f"/CN={name}")
    _openssl("x509", "-req", "-in", str(csr), "-CA", str(folder / "ca.pem"), "-CAkey",
             str(folder / "ca.key"), "-CAcreateserial", "-out", str(cert), "-days", "2",
             "-extfile", str(ext))
    return cert, key


@contextmanager
def tls_host(root: Path, cert: Path, key: Path) -> Iterator[StaticHost]:
    """The static host behind TLS with the given certificate."""
    import ssl

    host = StaticHost(root)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    host.server.socket = context.wrap_socket(host.server.socket, server_side=True)
    try:
        yield host
    finally:
        host.close()


@pytest.fixture
def gc_on_main_thread() -> Iterator[None]:
    """Collect garbage here, before and after the test. The servers' and paho's threads allocate
    too, and a collection they happen to trigger would destroy Qt objects that earlier tests left
    in reference cycles (windows, timers) from the wrong thread: Qt warns, or crashes."""
    import gc

    gc.collect()
    yield
    gc.collect()
