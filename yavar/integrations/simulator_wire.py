"""HTTP/1.1 as the simulators speak it, lighter than `http.server` on its own.

A simulator stands in for an outside body, whose own CPU is not ours; in the benchmarks it
shares the machine with Yavar, so what it spends per request is taken from what is measured.
`BaseHTTPRequestHandler` reads a request's headers with the `email` package's parser and sends
an answer's status line and headers in one write and its body in a second, formatting a date
for each; that was most of a simulator's ~300 µs a request. Here the headers are read line by
line into the same `http.client.HTTPMessage`, and an answer leaves in one write (one segment
for the client to wait on, not two), its date formatted once a second.
"""

from __future__ import annotations

import http.client
import time
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler

_MAX_LINE = 65536
_MAX_HEADERS = 100


class LeanRequestHandler(BaseHTTPRequestHandler):
    """`parse_request` and a one-write `send_whole`; the rest is `http.server`'s."""

    raw_requestline: bytes  # set by handle_one_request before it calls parse_request

    def parse_request(self) -> bool:
        self.command = ""
        self.request_version = self.default_request_version
        self.close_connection = True
        self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = self.requestline.split()
        # Refusals say so with a status line (http.server answers a bad request line as if
        # to HTTP/0.9, with a bare page), and end the connection.
        self.request_version = self.protocol_version
        if len(words) != 3:  # HTTP/0.9's bare "GET /path" is not spoken by any client of ours
            self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request syntax ({self.requestline!r})")
            return False
        command, path, version = words
        if version not in ("HTTP/1.0", "HTTP/1.1"):
            self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request version ({version!r})")
            return False
        self.command, self.path, self.request_version = command, path, version
        if self.path.startswith("//"):
            self.path = "/" + self.path.lstrip("/")
        headers = self._read_headers()
        if headers is None:
            return False
        self.headers = headers
        connection = headers.get("Connection", "").lower()
        # HTTP/1.1 keeps the connection unless told otherwise; 1.0 only when asked.
        self.close_connection = connection == "close" or (
            version == "HTTP/1.0" and connection != "keep-alive"
        )
        if headers.get("Expect", "").lower() == "100-continue":
            return self.handle_expect_100()
        return True

    def _read_headers(self) -> http.client.HTTPMessage | None:
        headers = http.client.HTTPMessage()
        name = ""
        for _ in range(_MAX_HEADERS + 1):
            line = self.rfile.readline(_MAX_LINE + 1)
            if len(line) > _MAX_LINE:
                self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long")
                return None
            if line in (b"\r\n", b"\n", b""):
                return headers
            text = line.decode("iso-8859-1").rstrip("\r\n")
            if text[:1] in (" ", "\t") and name:  # an obsolete folded line: part of the last
                value = headers[name] + " " + text.strip()
                del headers[name]
                headers[name] = value
                continue
            name, colon, value = text.partition(":")
            if not colon or not name or name != name.strip():
                self.send_error(HTTPStatus.BAD_REQUEST, "Bad header line")
                return None
            headers[name] = value.strip()
        self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers")
        return None

    def send_whole(self, status: int, data: bytes, headers: dict[str, str]) -> None:
        """The status line, `headers`, Content-Length and `data`, in one write."""
        self.log_request(status)
        phrase = self.responses.get(status, ("",))[0]
        head = [
            f"{self.protocol_version} {status} {phrase}",
            f"Server: {self.server_version}",
            f"Date: {_date_now()}",
        ]
        head += [f"{name}: {value}" for name, value in headers.items()]
        head.append(f"Content-Length: {len(data)}")
        if self.close_connection:
            head.append("Connection: close")
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data)


_date: tuple[int, str] = (0, "")


def _date_now() -> str:
    global _date
    second = int(time.time())
    if _date[0] != second:
        _date = (second, formatdate(second, usegmt=True))
    return _date[1]
