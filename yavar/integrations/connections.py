"""Kept-alive HTTP(S) connections to one outside body, one per thread.

A new connection per call costs a TCP handshake on both sides, and over HTTPS a TLS handshake
too, which is most of the work of a short JSON call. Each thread keeps its connection open
between calls (http.client connections are not thread-safe, so threads never share one).

A kept connection may have been closed by the body while it sat idle. Before reuse we ask the
socket whether anything is waiting on it: a body that hung up has left an end-of-file there
(an idle HTTP connection has nothing else to say), so the connection is dropped and a fresh
one made, and the request is sent exactly once either way. What fails after that is a real
failure, retried or not by the caller's own rules.
"""

from __future__ import annotations

import http.client
import select
import ssl
import threading
import time
from urllib.parse import urlsplit

# Dropped unused after this long: well inside the keep-alive timeouts servers use (5 s and up).
IDLE_SECONDS = 4.0


class _Kept:
    __slots__ = ("conn", "last_used")

    def __init__(self, conn: http.client.HTTPConnection) -> None:
        self.conn = conn
        self.last_used = time.monotonic()


class KeptConnections:
    def __init__(
        self, url: str, *, timeout: float, context: ssl.SSLContext, proxy: str = ""
    ) -> None:
        target = urlsplit(url)
        self.https = target.scheme == "https"
        self.host = target.hostname or ""
        self.port = target.port or (443 if self.https else 80)
        self.base_path = target.path.rstrip("/")
        self.timeout = timeout
        self.context = context
        self.proxy = urlsplit(proxy) if proxy else None
        self._local = threading.local()

    def _connect(self) -> http.client.HTTPConnection:
        if self.proxy is None:
            if self.https:
                return http.client.HTTPSConnection(
                    self.host, self.port, timeout=self.timeout, context=self.context
                )
            return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        proxy_port = self.proxy.port or (443 if self.proxy.scheme == "https" else 80)
        if self.https:
            # HTTPS through the proxy: CONNECT, then TLS with the body itself.
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                self.proxy.hostname or "", proxy_port, timeout=self.timeout, context=self.context
            )
            conn.set_tunnel(self.host, self.port)
            return conn
        return http.client.HTTPConnection(
            self.proxy.hostname or "", proxy_port, timeout=self.timeout
        )

    def _target(self, path: str) -> str:
        if self.proxy is not None and not self.https:
            # A plain-HTTP proxy is asked for the absolute URL.
            return f"http://{self.host}:{self.port}{self.base_path}{path}"
        return self.base_path + path

    def _take(self) -> http.client.HTTPConnection:
        kept: _Kept | None = getattr(self._local, "kept", None)
        self._local.kept = None  # while in use; handed back only after a clean answer
        if kept is not None and _still_open(kept):
            return kept.conn
        if kept is not None:
            kept.conn.close()
        return self._connect()

    def post(
        self, path: str, body: bytes, headers: dict[str, str], *, limit: int
    ) -> tuple[int, bytes]:
        """One POST; (status, at most limit + 1 bytes of the answer). Raises OSError or
        http.client.HTTPException as the connection fails."""
        conn = self._take()
        try:
            conn.request("POST", self._target(path), body=body, headers=headers)
            response = conn.getresponse()
            raw = response.read(limit + 1)
            # Reusable only if the answer was read whole and the server keeps the connection.
            reusable = not response.will_close and response.isclosed()
        except BaseException:
            conn.close()
            raise
        if reusable:
            self._local.kept = _Kept(conn)
        else:
            conn.close()
        return response.status, raw


def _still_open(kept: _Kept) -> bool:
    if time.monotonic() - kept.last_used > IDLE_SECONDS:
        return False
    sock = kept.conn.sock
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return False
    # Readable while idle means end-of-file (the body hung up) or bytes nobody asked for.
    return not readable
