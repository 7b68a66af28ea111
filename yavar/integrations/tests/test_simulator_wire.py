"""The simulators' own HTTP/1.1 (integrations.simulator_wire), spoken to byte by byte over a
socket: what a request's headers say is read as http.server would read it, odd requests get
http.server's answers, and an answer leaves whole, in one write."""

import base64
import json
import socket
from urllib.parse import urlsplit

import pytest

from yavar.integrations import simulator_wire

from .conftest import CODE, PASSWORD, USERNAME

_AUTH = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode())


def _exchange(url, raw, *, answers=1):
    """Send `raw` on one connection; the bytes that come back until `answers` answers are in,
    or the server hangs up."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(raw)
        received = b""
        while received.count(b"HTTP/1.") < answers or not _complete(received, answers):
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    return received


def _complete(received, answers):
    """Every one of `answers` answers has its whole body (by its Content-Length)."""
    rest = received
    for _ in range(answers):
        head, sep, rest = rest.partition(b"\r\n\r\n")
        if not sep:
            return False
        length = next(
            (
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ),
            0,
        )
        if len(rest) < length:
            return False
        rest = rest[length:]
    return True


def _split(answer):
    head, _, body = answer.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = {
        name.lower(): value.strip() for name, _, value in (ln.partition(":") for ln in lines)
    }
    return status, headers, body


def _inquiry(body, *, extra=b""):
    return (
        b"POST /v1/identity/inquiry HTTP/1.1\r\nHost: sim\r\nContent-Type: application/json\r\n"
        + b"Authorization: Basic "
        + _AUTH
        + b"\r\n"
        + extra
        + b"Content-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )


def test_an_answer_carries_its_length_date_and_body_and_the_connection_stays_open(registry):
    body = json.dumps({"national_code": CODE}).encode()
    received = _exchange(registry.url, _inquiry(body) * 2, answers=2)
    first, _, second = received.partition(b"HTTP/1.1 200 OK\r\n")[2].partition(b"HTTP/1.1 ")
    assert received.startswith(b"HTTP/1.1 200 OK\r\n") and second.startswith(b"200 OK")
    _, headers, payload = _split(b"HTTP/1.1 200 OK\r\n" + first)
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert int(headers["content-length"]) == len(payload)
    assert headers["date"].endswith(" GMT") and "connection" not in headers
    assert json.loads(payload)["record"]["national_code"] == CODE


def test_headers_are_read_whatever_their_case_and_a_folded_line_is_joined(registry):
    body = json.dumps({"national_code": CODE}).encode()
    raw = _inquiry(body, extra=b"X-Note: one\r\n two\r\n").replace(
        b"Authorization:", b"authorization:"
    )
    status, _, payload = _split(_exchange(registry.url, raw))
    assert status == "HTTP/1.1 200 OK", payload


def test_connection_close_and_http_1_0_end_the_connection_after_the_answer(registry):
    for raw in (
        b"GET /_sim/health HTTP/1.1\r\nHost: sim\r\nConnection: close\r\n\r\n",
        b"GET /_sim/health HTTP/1.0\r\n\r\n",
    ):
        # Asked twice on one connection: only the first is answered, and it says so.
        received = _exchange(registry.url, raw * 2, answers=2)
        assert received.count(b"HTTP/1.") == 1
        status, headers, payload = _split(received)
        assert status.endswith("200 OK") and headers["connection"] == "close"
        assert json.loads(payload)["ok"] is True


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"GET /_sim/health\r\n\r\n", 400),  # no version
        (b"GET /_sim/health HTTP/2.0\r\n\r\n", 400),
        (b"GET /_sim/health HTTP/1.1\r\nno colon here\r\n\r\n", 400),
        (b"GET /_sim/health HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n", 431),
        (b"GET /_sim/health HTTP/1.1\r\n" + b"X-Many: 1\r\n" * 101 + b"\r\n", 431),
    ],
)
def test_a_malformed_request_is_refused_as_http_server_refuses_it(registry, raw, status):
    answer = _exchange(registry.url, raw)
    assert answer.startswith(f"HTTP/1.1 {status} ".encode()), answer[:80]


def test_the_date_is_formatted_once_a_second(monkeypatch):
    calls = []
    monkeypatch.setattr(simulator_wire, "_date", (0, ""))
    monkeypatch.setattr(simulator_wire.time, "time", lambda: 1_700_000_000.5)
    real = simulator_wire.formatdate
    monkeypatch.setattr(
        simulator_wire, "formatdate", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    assert (
        simulator_wire._date_now() == simulator_wire._date_now() == "Tue, 14 Nov 2023 22:13:20 GMT"
    )
    assert len(calls) == 1


def test_an_answer_leaves_in_one_write(registry, monkeypatch):
    import socketserver

    writes = []
    real = socketserver._SocketWriter.write
    monkeypatch.setattr(
        socketserver._SocketWriter,
        "write",
        lambda self, b: writes.append(bytes(b)) or real(self, b),
    )
    _exchange(registry.url, b"GET /_sim/health HTTP/1.1\r\nHost: sim\r\n\r\n")
    assert len(writes) == 1
    assert writes[0].startswith(b"HTTP/1.1 200 OK\r\n") and writes[0].endswith(b"}")
