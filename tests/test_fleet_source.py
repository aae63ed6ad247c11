"""The deck from a URL: real HTTP servers on loopback, a fake clock for hours of outage."""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.deck import load_deck
from kiosk.fleet.schedule import BACKOFF_MAX
from kiosk.fleet.source import Fetcher
from kiosk.ops.image_check import image_errors
from tests.decks import MINIMAL
from tests.fleet_servers import StaticHost, free_port, static_host

ROOT = Path(__file__).resolve().parents[1]
PNG = (ROOT / "assets" / "kiosk.png").read_bytes()
WITH_IMAGE = MINIMAL.replace("    points:\n      - {ko: 가, en: A}\n",
                             "    points:\n      - {ko: 가, en: A}\n    image: img/logo.png\n")
NEW = WITH_IMAGE.replace("{ko: 첫 번째, en: First}", "{ko: 새 문장, en: New words}")

pytestmark = pytest.mark.usefixtures("gc_on_main_thread")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def publish(folder: Path, deck: str, files: dict[str, bytes] | None = None,
            manifest: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "slides.yaml").write_text(deck, encoding="utf-8")
    for name, data in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    if manifest:
        names = ["slides.yaml", *(files or {})]
        (folder / "manifest.json").write_text(json.dumps({"files": {
            n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in names}}))


def with_source(settings: str) -> str:
    """The deck with a `deck.source` block (flow style)."""
    title = "  title: {ko: 안내, en: Welcome}\n"
    return WITH_IMAGE.replace(title, f"{title}  source: {settings}\n")


def statement(deck_file: Path) -> str:
    return load_deck(deck_file).deck.slides[0].statement.en  # type: ignore[union-attr]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[StaticHost]:
    publish(tmp_path / "site" / "lobby", WITH_IMAGE, {"img/logo.png": PNG})
    with static_host(tmp_path / "site") as host:
        yield host


@pytest.fixture
def fetcher(site: StaticHost, tmp_path: Path, qapp: object) -> Fetcher:
    return Fetcher(site.base + "lobby/slides.yaml", tmp_path / "cache", validate=image_errors,
                   wall=FakeClock(), timeout=2)


def test_first_fetch_brings_the_deck_and_its_images(fetcher: Fetcher) -> None:
    assert fetcher.current() is None
    result = fetcher.poll()
    assert result.error is None and result.deck is not None
    assert result.deck == fetcher.current()
    assert (result.deck.parent / "img" / "logo.png").read_bytes() == PNG
    assert statement(result.deck) == "First"
    assert fetcher.state.online is True and fetcher.state.version == result.deck.parent.name


def test_unchanged_source_is_asked_conditionally(fetcher: Fetcher, site: StaticHost) -> None:
    fetcher.poll()
    site.requests.clear()
    assert fetcher.poll().deck is None
    statuses = {path: status for path, status in site.requests}
    assert statuses["/lobby/slides.yaml"] == 304
    assert statuses["/lobby/img/logo.png"] == 304


def test_a_changed_image_alone_makes_a_new_version(fetcher: Fetcher, site: StaticHost) -> None:
    first = fetcher.poll().deck
    other = (ROOT / "tests" / "fixtures" / "outside").glob("**/*.png")
    replacement = next(iter(other), None)
    assert replacement is not None
    (site.root / "lobby" / "img" / "logo.png").write_bytes(replacement.read_bytes())
    second = fetcher.poll().deck
    assert second is not None and second != first
    assert (second.parent / "img" / "logo.png").read_bytes() == replacement.read_bytes()


def test_an_invalid_deck_never_becomes_current(fetcher: Fetcher, site: StaticHost,
                                               caplog: pytest.LogCaptureFixture) -> None:
    good = fetcher.poll().deck
    (site.root / "lobby" / "slides.yaml").write_text(NEW.replace("layout: bullets",
                                                                 "layout: bulets"))
    with caplog.at_level(logging.ERROR):
        result = fetcher.poll()
    assert result.deck is None and "unknown layout 'bulets'" in (result.error or "")
    assert fetcher.current() == good and statement(good) == "First"
    assert "the last good one stays" in caplog.text
    assert not list(fetcher.cache.glob("staging-*"))


def test_a_half_uploaded_version_is_never_current(fetcher: Fetcher, site: StaticHost) -> None:
    good = fetcher.poll().deck
    # The new deck is up but its new image is not yet, then only half of it.
    deck = NEW.replace("img/logo.png", "img/new.png")
    (site.root / "lobby" / "slides.yaml").write_text(deck)
    result = fetcher.poll()
    assert result.deck is None and "not complete" in (result.error or "")
    assert fetcher.current() == good
    (site.root / "lobby" / "img" / "new.png").write_bytes(PNG[: len(PNG) // 2])
    result = fetcher.poll()
    assert result.deck is None and "cut short" in (result.error or "")
    assert fetcher.current() == good
    (site.root / "lobby" / "img" / "new.png").write_bytes(PNG)
    done = fetcher.poll().deck
    assert done is not None and statement(done) == "New words"


def test_manifest_refuses_a_mismatch_and_spares_requests(fetcher: Fetcher,
                                                          site: StaticHost) -> None:
    lobby = site.root / "lobby"
    publish(lobby, WITH_IMAGE, {"img/logo.png": PNG}, manifest=True)
    good = fetcher.poll().deck
    assert good is not None
    site.requests.clear()
    assert fetcher.poll().deck is None
    assert [p for p, _ in site.requests if "alert" not in p] == ["/lobby/manifest.json"]
    # The manifest of the next version is up before its files: refused until they match.
    manifest = json.loads((lobby / "manifest.json").read_text())
    manifest["files"]["slides.yaml"] = hashlib.sha256(NEW.encode()).hexdigest()
    (lobby / "manifest.json").write_text(json.dumps(manifest))
    result = fetcher.poll()
    assert "does not match manifest.json" in (result.error or "") and fetcher.current() == good
    site.requests.clear()
    (lobby / "slides.yaml").write_text(NEW)
    done = fetcher.poll().deck
    assert done is not None and statement(done) == "New words"
    assert "/lobby/img/logo.png" not in [p for p, _ in site.requests]  # same SHA: not fetched


@pytest.mark.parametrize(("name", "expected"), [
    ("../secret.png", "escapes the deck's folder"),
    ("/etc/passwd", "escapes the deck's folder"),
    ("%2e%2e/secret.png", "escapes the deck's folder"),
])
def test_a_path_escaping_the_folder_is_refused(fetcher: Fetcher, site: StaticHost, name: str,
                                               expected: str,
                                               caplog: pytest.LogCaptureFixture) -> None:
    (site.root / "lobby" / "slides.yaml").write_text(WITH_IMAGE.replace("img/logo.png",
                                                                        f"'{name}'"))
    (site.root / "secret.png").write_bytes(PNG)
    with caplog.at_level(logging.ERROR):
        result = fetcher.poll()
    assert expected in (result.error or "") and fetcher.current() is None
    assert expected in caplog.text
    assert "/secret.png" not in [p for p, _ in site.requests]


def test_a_file_over_the_size_limit_is_refused(fetcher: Fetcher, site: StaticHost) -> None:
    deck = with_source("{max_file_mb: 0.001}")
    publish(site.root / "lobby", deck)
    fetcher.poll()  # the limit comes from the deck: the first version is small enough
    assert fetcher.settings.max_file_mb == 0.001
    (site.root / "lobby" / "img" / "logo.png").write_bytes(PNG * 4)
    result = fetcher.poll()
    assert "over the limit" in (result.error or "")


def test_a_redirect_to_another_host_is_refused(fetcher: Fetcher, site: StaticHost,
                                               tmp_path: Path) -> None:
    publish(tmp_path / "elsewhere", WITH_IMAGE, {"img/logo.png": PNG})
    with static_host(tmp_path / "elsewhere") as other:
        other_url = other.base.replace("127.0.0.1", "localhost") + "slides.yaml"
        site.redirects["/lobby/slides.yaml"] = other_url
        result = fetcher.poll()
        assert "redirects to another host" in (result.error or "")
        assert other.requests == []
    site.redirects["/lobby/slides.yaml"] = "/moved/slides.yaml"
    publish(site.root / "moved", WITH_IMAGE, {"img/logo.png": PNG})
    assert fetcher.poll().error is None  # the same host may move its files around


def test_server_down_at_boot_shows_the_cached_version(fetcher: Fetcher, site: StaticHost,
                                                      tmp_path: Path) -> None:
    good = fetcher.poll().deck
    site.close()
    again = Fetcher(fetcher.url, fetcher.cache, wall=FakeClock(), timeout=2)
    assert again.current() == good  # what the kiosk shows before asking the network
    result = again.poll()
    assert result.deck is None and result.error
    assert again.current() == good and again.state.online is False
    assert again.state.as_dict()["state"] == "offline"


def test_hours_of_outage_back_off_then_recover(fetcher: Fetcher, site: StaticHost) -> None:
    wall = fetcher.wall
    assert isinstance(wall, FakeClock)
    good = fetcher.poll().deck
    interval = fetcher.settings.interval
    site.mode = "down"
    delays = []
    while wall.now < 1_800_000_000.0 + 6 * 3600:  # six hours of the server answering 503
        result = fetcher.poll()
        assert result.deck is None and "503" in (result.error or "")
        delays.append(fetcher.next_delay())
        wall.now += delays[-1]
    assert delays[0] < 20 and max(delays) <= BACKOFF_MAX
    assert delays[1] > delays[0] or delays[2] > delays[1]  # it backs off...
    assert len(delays) < 6 * 3600 / (BACKOFF_MAX / 2) + 10  # ...to a few polls an hour
    assert fetcher.current() == good and fetcher.state.online is False
    assert fetcher.state.last_success is not None and fetcher.state.failures == len(delays)
    site.mode = "ok"
    assert fetcher.poll().error is None and fetcher.state.failures == 0
    assert interval * 0.95 <= fetcher.next_delay() <= interval * 1.05


def test_jitter_spreads_a_fleet(site: StaticHost, tmp_path: Path) -> None:
    import random

    delays = {round(Fetcher(site.base + "lobby/slides.yaml", tmp_path / str(i),
                            rand=random.Random(i).random).next_delay(), 1) for i in range(20)}
    assert len(delays) > 10 and max(delays) - min(delays) > 10


def test_a_trickling_server_is_given_up_on(fetcher: Fetcher, site: StaticHost) -> None:
    site.mode = "slow"
    fetcher.getter.timeout = 0.1
    started = time.monotonic()
    result = fetcher.poll()
    assert "too slow" in (result.error or "") and fetcher.current() is None
    assert time.monotonic() - started < 10


def test_a_dropped_connection_is_an_outage(fetcher: Fetcher, site: StaticHost) -> None:
    site.mode = "reset"
    result = fetcher.poll()
    assert result.error and fetcher.state.online is False


def test_first_fetch_from_python_http_server(tmp_path: Path, qapp: object) -> None:
    """The plainest static host there is: `python -m http.server`."""
    publish(tmp_path / "www", WITH_IMAGE, {"img/logo.png": PNG})
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                               "127.0.0.1", "--directory", str(tmp_path / "www")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        fetcher = Fetcher(f"http://127.0.0.1:{port}/slides.yaml", tmp_path / "cache",
                          validate=image_errors, timeout=2)
        deadline = time.monotonic() + 10
        result = fetcher.poll()
        while result.error and time.monotonic() < deadline:  # until the server listens
            time.sleep(0.05)
            result = fetcher.poll()
        assert result.deck is not None and statement(result.deck) == "First"
        assert fetcher.poll().deck is None  # If-Modified-Since: nothing new
    finally:
        server.terminate()
        server.wait(timeout=5)


def test_alert_yaml_beside_the_deck(fetcher: Fetcher, site: StaticHost) -> None:
    assert fetcher.poll().alert_changed is False
    (site.root / "lobby" / "alert.yaml").write_text("level: emergency\n")
    result = fetcher.poll()
    assert result.alert_changed and result.alert == b"level: emergency\n"
    assert fetcher.cached_alert() == b"level: emergency\n"
    assert fetcher.poll().alert_changed is False
    (site.root / "lobby" / "alert.yaml").unlink()
    result = fetcher.poll()
    assert result.alert_changed and result.alert is None and fetcher.cached_alert() is None


def test_https_verifies_against_the_system_or_the_deck_set_ca(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A city network's own CA: unknown to the system store, so refused, until the kiosk is told
    (SSL_CERT_FILE for the very first fetch, then the deck's `source.ca_file`)."""
    from tests.fleet_servers import make_ca_and_cert, tls_host

    ca, cert, key = make_ca_and_cert(tmp_path / "pki")
    deck = with_source(f"{{ca_file: '{ca}'}}")
    publish(tmp_path / "secure", deck, {"img/logo.png": PNG})
    with tls_host(tmp_path / "secure", cert, key) as host:
        url = host.base.replace("http://", "https://") + "slides.yaml"
        fetcher = Fetcher(url, tmp_path / "cache", timeout=2)
        result = fetcher.poll()
        assert "CERTIFICATE_VERIFY_FAILED" in (result.error or "") and fetcher.current() is None
        monkeypatch.setenv("SSL_CERT_FILE", str(ca))
        first = Fetcher(url, tmp_path / "cache", timeout=2)
        assert first.poll().deck is not None
        monkeypatch.delenv("SSL_CERT_FILE")
        later = Fetcher(url, tmp_path / "cache", timeout=2)  # a restart: the deck's CA now
        assert later.getter.ca_file == str(ca)
        (tmp_path / "secure" / "slides.yaml").write_text(deck.replace("First", "Secure"))
        done = later.poll().deck
        assert done is not None and statement(done) == "Secure"


class Trickler:
    """A server that sends its status line and headers a byte at a time, each byte well within
    the client's per-read timeout, for as long as `seconds`."""

    def __init__(self, pause: float, seconds: float) -> None:
        import socket
        import threading

        self.pause = pause
        self.seconds = seconds
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        try:
            connection, _ = self.listener.accept()
        except OSError:
            return
        head = b"HTTP/1.1 200 OK\r\n" + b"X-Padding: " + b"." * 10_000
        started = time.monotonic()
        with connection:
            for i in range(len(head)):
                if self.done.wait(self.pause) or time.monotonic() - started > self.seconds:
                    return
                try:
                    connection.sendall(head[i:i + 1])
                except OSError:
                    return

    def close(self) -> None:
        self.done.set()
        self.listener.close()


def test_a_server_trickling_its_headers_is_given_up_on() -> None:
    """The per-read timeout (0.5 s) never fires for a byte every 0.1 s; the request's own
    deadline (four times the timeout, from the moment it is made) does."""
    from kiosk.fleet.http import FetchError, Getter

    server = Trickler(pause=0.1, seconds=60)
    try:
        getter = Getter(timeout=0.5)
        started = time.monotonic()
        with pytest.raises(FetchError, match="too slow"):
            getter.get(f"http://127.0.0.1:{server.port}/slides.yaml", 1000)
        assert time.monotonic() - started < getter.deadline + 10  # not the trickle's 60 s
    finally:
        server.close()


def test_one_poll_may_ask_with_a_shorter_timeout(tmp_path: Path, qapp: object) -> None:
    """The first start's poll: the fetcher is asked for a short one, not changed from outside."""
    server = Trickler(pause=0.1, seconds=60)
    try:
        fetcher = Fetcher(f"http://127.0.0.1:{server.port}/slides.yaml", tmp_path / "cache",
                          timeout=15)
        started = time.monotonic()
        result = fetcher.poll(timeout=0.25)
        # The short timeout's deadline (1 s), not the fetcher's own (60 s).
        assert "too slow" in (result.error or "") and time.monotonic() - started < 15
        assert fetcher.getter.timeout == 15
    finally:
        server.close()


def test_an_outage_names_the_deck_not_alert_yaml(fetcher: Fetcher, site: StaticHost,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    """alert.yaml is asked first; a server that is down is still the deck's server."""
    assert fetcher.poll().error is None
    for mode in ("down", "reset"):
        site.mode = mode
        result = fetcher.poll()
        assert result.error is not None and "alert.yaml" not in result.error
        assert result.error.startswith(fetcher.url)
    site.close()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            error = fetcher.poll().error
            assert error is not None and "alert.yaml" not in error
    assert caplog.text.count("content source unreachable") == 1  # once, not every retry


def test_image_checks_on_the_poll_thread_touch_nothing_shared(
        fetcher: Fetcher, site: StaticHost, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking a new version's images on the poll thread neither swaps Qt's process-wide
    message handler nor redirects file descriptor 2 (both lose the UI thread's messages), nor
    fills the window's picture store (with staging paths never freed: a leak per version)."""
    import os
    import threading

    import PySide6.QtCore

    from kiosk.render import pictures

    calls: list[str] = []
    real_dup2, real_handler = os.dup2, PySide6.QtCore.qInstallMessageHandler
    real_check = pictures.PictureStore.check

    def dup2(*args: int) -> None:
        calls.append("dup2")
        real_dup2(*args)

    def handler(*args: object) -> object:
        calls.append("qInstallMessageHandler")
        return real_handler(*args)  # type: ignore[arg-type]

    def check(self: pictures.PictureStore, path: Path) -> str | None:
        calls.append(f"picture store {path}")
        return real_check(self, path)

    monkeypatch.setattr(os, "dup2", dup2)
    monkeypatch.setattr(PySide6.QtCore, "qInstallMessageHandler", handler)
    monkeypatch.setattr(pictures.PictureStore, "check", check)
    results = []
    worker = threading.Thread(target=lambda: results.append(fetcher.poll()))
    worker.start()
    worker.join(30)
    assert results and results[0].deck is not None and results[0].error is None
    middle = len(PNG) // 2  # a damaged byte inside, its end intact: only decoding tells
    (site.root / "lobby" / "img" / "logo.png").write_bytes(
        PNG[:middle] + bytes([PNG[middle] ^ 0xFF]) + PNG[middle + 1:])
    worker = threading.Thread(target=lambda: results.append(fetcher.poll()))
    worker.start()
    worker.join(30)
    assert "damaged or cut short" in (results[1].error or "")  # the check still works
    assert calls == []
