"""One bounded HTTP GET: conditional, size-limited, redirected only within the same host.

Plain urllib with an ssl context that verifies certificates (against a deck-set CA file on city
networks). Every refusal is an exception whose text is the log line an operator reads.
"""

from __future__ import annotations

import http.client
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
        self._opener = self._build(ca_file)

    def set_ca_file(self, ca_file: str | None) -> None:
        if ca_file != self.ca_file:
            self._opener = self._build(ca_file)
            self.ca_file = ca_file

    @staticmethod
    def _build(ca_file: str | None) -> urllib.request.OpenerDirector:
        try:
            import ssl
        except ImportError:  # the one-file build leaves TLS out to stay small: http:// only
            return urllib.request.build_opener(_SameHostOnly())
        try:
            context = ssl.create_default_context(cafile=ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise Refused(f"CA file {ca_file}: {exc}") from None
        return urllib.request.build_opener(urllib.request.HTTPSHandler(context=context),
                                           _SameHostOnly())

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
        try:
            with self._opener.open(request, timeout=self.timeout) as reply:
                body = self._read(url, reply, limit)
                return Response(body, reply.headers.get("ETag"),
                                reply.headers.get("Last-Modified"))
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304:
                return Response(None, etag, modified)
            if exc.code in (404, 410):
                raise NotFound(f"{url}: not on the server ({exc.code})") from None
            raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, Refused):
                raise reason from None
            raise FetchError(f"{url}: {reason}") from None
        except (OSError, http.client.HTTPException) as exc:  # timeouts are OSErrors
            raise FetchError(f"{url}: {exc or type(exc).__name__}") from None

    def _read(self, url: str, reply: Any, limit: int) -> bytes:
        length = reply.headers.get("Content-Length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise Refused(f"{url}: {int(length)} bytes is over the limit of {limit}; refused")
        deadline = self.clock() + self.timeout * 4  # a trickle must not hold the poll forever
        parts: list[bytes] = []
        size = 0
        while True:
            chunk = reply.read1(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise Refused(f"{url}: more than the limit of {limit} bytes; refused")
            if self.clock() > deadline:
                raise FetchError(f"{url}: too slow ({size} bytes in {self.timeout * 4:.0f} s)")
            parts.append(chunk)
        if length is not None and length.isdigit() and size != int(length):
            raise FetchError(f"{url}: cut short ({size} of {length} bytes)")
        return b"".join(parts)
