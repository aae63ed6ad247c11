"""One bounded HTTP GET: conditional, size-limited, redirected only within the same host.

Plain urllib with an ssl context that verifies certificates (against a deck-set CA file on city
networks). Every refusal is an exception whose text is the log line an operator reads.

One deadline bounds the whole request, from the moment it is made: the socket timeout alone
bounds each read, and a server that trickles its status line and headers a byte a second would
beat it forever. A watchdog shuts the socket down when the deadline passes, whatever phase the
request is in (connecting, headers, body).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urlsplit

CHUNK = 64 * 1024
USER_AGENT = "yangjae-kiosk"


class FetchError(Exception):
    """The server or network failed this time; trying again later may work."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message  # the failure without the address, for the status


class Refused(FetchError):
    """The content breaks a rule (another host, too large, outside the deck's folder...)."""


class NotFound(FetchError):
    pass


@dataclass(frozen=True)
class Response:
    body: bytes | None  # None: not modified since the validators given
    etag: str | None
    modified: str | None


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


class _SameHostOnly(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: HTTPMessage, newurl: str) -> urllib.request.Request | None:
        if _origin(newurl) != _origin(req.full_url):
            raise Refused(f"{req.full_url} redirects to another host ({newurl}); refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class _Watchdog:
    """Shuts down the sockets of the request under way once its deadline has passed."""

    def __init__(self) -> None:
        self.deadline = float("inf")
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def begin(self, seconds: float) -> None:
        with self._lock:
            self.expired = False
            self._sockets.clear()
            self.deadline = time.monotonic() + seconds
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            late = self.expired
        if late:
            self._shut(sock)

    def end(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        with self._lock:
            self._sockets.clear()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shut(sock)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)  # a blocked read returns at once


def _watched(base: type[http.client.HTTPConnection], watchdog: _Watchdog) -> Any:
    """A connection class whose socket the watchdog may shut down: the plain socket, as soon
    as it exists, so the TLS handshake is bounded too."""

    class Watched(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            create = getattr(self, "_create_connection")  # noqa: B009  # set by the base

            def create_watched(*args: Any, **kwargs: Any) -> socket.socket:
                sock = create(*args, **kwargs)
                watchdog.watch(sock)
                return sock

            self._create_connection = create_watched

        def connect(self) -> None:
            remaining = watchdog.deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no time left")
            wait: float | None = getattr(self, "timeout", None)
            if not isinstance(wait, (int, float)) or wait > remaining:
                self.timeout = remaining
            super().connect()

    return Watched


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self.connection = _watched(http.client.HTTPConnection, watchdog)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self.connection, req)


def _has_tls() -> bool:
    try:
        import ssl  # noqa: F401
    except ImportError:
        return False
    return True


class Getter:
    def __init__(self, *, timeout: float = 15.0, ca_file: str | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.timeout = timeout
        self.clock = clock
        self.ca_file = ca_file
        self.requests = 0  # for the bench: how much a kiosk asks of the server
        self._watchdog = _Watchdog()
        self._started = 0.0
        self._opener = self._build(ca_file)

    def set_ca_file(self, ca_file: str | None) -> None:
        if ca_file != self.ca_file:
            self._opener = self._build(ca_file)
            self.ca_file = ca_file

    @property
    def deadline(self) -> float:
        """Seconds one request may take in all, from the moment it is made."""
        return self.timeout * 4

    def _build(self, ca_file: str | None) -> urllib.request.OpenerDirector:
        plain = _HTTPHandler(self._watchdog)
        try:
            import ssl
        except ImportError:  # the one-file build leaves TLS out to stay small: http:// only
            return urllib.request.build_opener(plain, _SameHostOnly())
        try:
            context = ssl.create_default_context(cafile=ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise Refused(f"CA file {ca_file}: {exc}") from None
        secure = urllib.request.HTTPSHandler(context=context)
        watched = _watched(http.client.HTTPSConnection, self._watchdog)
        secure.https_open = lambda req: secure.do_open(  # type: ignore[method-assign]
            watched, req, context=context)
        return urllib.request.build_opener(plain, secure, _SameHostOnly())

    def get(self, url: str, limit: int, etag: str | None = None,
            modified: str | None = None) -> Response:
        scheme = urlsplit(url).scheme
        if scheme not in ("http", "https"):
            raise Refused(f"{url}: only http and https are fetched")
        if scheme == "https" and not _has_tls():
            raise Refused(f"{url}: this build has no TLS; use the Python package for https")
        headers = {"User-Agent": USER_AGENT}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        request = urllib.request.Request(url, headers=headers)
        self.requests += 1
        self._started = self.clock()
        self._watchdog.begin(self.deadline)
        try:
            with self._opener.open(request, timeout=self.timeout) as reply:
                body = self._read(url, reply, limit)
                return Response(body, reply.headers.get("ETag"),
                                reply.headers.get("Last-Modified"))
        except FetchError:
            raise
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304:
                return Response(None, etag, modified)
            raise self._failed(url, exc) from None
        except Exception as exc:
            if self._watchdog.expired:
                raise self._too_slow(url) from None
            raise self._failed(url, exc) from None
        finally:
            self._watchdog.end()

    def _too_slow(self, url: str) -> FetchError:
        reason = f"too slow (no whole answer in {self.deadline:.0f} s)"
        return FetchError(f"{url}: {reason}", reason)

    @staticmethod
    def _failed(url: str, exc: Exception) -> FetchError:
        """The exception urllib raised as the line an operator reads."""
        if isinstance(exc, urllib.error.HTTPError):
            if exc.code in (404, 410):
                return NotFound(f"{url}: not on the server ({exc.code})")
            said = f"the server answered {exc.code} {exc.reason}"
        elif isinstance(exc, urllib.error.URLError):
            if isinstance(exc.reason, FetchError):
                return exc.reason
            said = str(exc.reason)
        elif isinstance(exc, (OSError, http.client.HTTPException, ValueError)):
            said = str(exc) or type(exc).__name__  # timeouts are OSErrors
        else:  # anything else a reply can provoke
            said = f"{type(exc).__name__}: {exc}"
        return FetchError(f"{url}: {said}", said)

    def _read(self, url: str, reply: Any, limit: int) -> bytes:
        length = reply.headers.get("Content-Length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise Refused(f"{url}: {int(length)} bytes is over the limit of {limit}; refused")
        deadline = self._started + self.deadline  # a trickle must not hold the poll forever
        parts: list[bytes] = []
        size = 0
        while True:
            chunk = reply.read1(CHUNK)
            if not chunk:
                if self._watchdog.expired:
                    raise self._too_slow(url)
                break
            size += len(chunk)
            if size > limit:
                raise Refused(f"{url}: more than the limit of {limit} bytes; refused")
            if self.clock() > deadline:
                raise FetchError(f"{url}: too slow ({size} bytes in {self.deadline:.0f} s)",
                                 f"too slow ({size} bytes in {self.deadline:.0f} s)")
            parts.append(chunk)
        if length is not None and length.isdigit() and size != int(length):
            raise FetchError(f"{url}: cut short ({size} of {length} bytes)",
                             f"cut short ({size} of {length} bytes)")
        return b"".join(parts)
