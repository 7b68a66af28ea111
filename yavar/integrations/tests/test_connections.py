"""Kept-alive connections: reused while the body keeps them, replaced (never resent) once it
has hung up."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator

import pytest

from yavar.integrations.connections import KeptConnections

BODY = b'{"ok": true}'
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (
    len(BODY),
    BODY,
)


class CountingServer:
    """Answers every request on a connection with ANSWER; hangs up after `per_connection`
    answers (without saying so, as a server whose keep-alive timer ran out does)."""

    def __init__(self, per_connection: int) -> None:
        self.per_connection = per_connection
        self.connections = 0
        self.requests = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            # Both closed: the socket hangs up only once its file is closed too.
            with conn, conn.makefile("rb") as reader:
                for _ in range(self.per_connection):
                    if not _read_request(reader):
                        break
                    self.requests += 1
                    conn.sendall(ANSWER)

    def close(self) -> None:
        self.listener.close()


def _read_request(reader) -> bool:
    length = 0
    line = reader.readline()
    if not line:
        return False
    while line not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
        line = reader.readline()
    reader.read(length)
    return True


@pytest.fixture
def server_of() -> Iterator:
    servers: list[CountingServer] = []

    def make(per_connection: int) -> CountingServer:
        servers.append(CountingServer(per_connection))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def connections_to(server: CountingServer) -> KeptConnections:
    return KeptConnections(
        f"http://127.0.0.1:{server.port}", timeout=2, context=ssl.create_default_context()
    )


def post(kept: KeptConnections) -> int:
    status, raw = kept.post("/x", b"{}", {"Content-Type": "application/json"}, limit=100)
    assert raw == BODY
    return status


def test_one_thread_reuses_its_connection(server_of):
    server = server_of(per_connection=100)
    kept = connections_to(server)
    assert [post(kept) for _ in range(5)] == [200] * 5
    assert (server.connections, server.requests) == (1, 5)


def test_a_connection_the_body_closed_is_replaced_and_the_request_sent_once(server_of):
    server = server_of(per_connection=1)  # hangs up after every answer
    kept = connections_to(server)
    for _ in range(3):
        post(kept)
        # Let the hang-up reach us, as an idle pause between two donations would.
        threading.Event().wait(0.05)
    assert (server.connections, server.requests) == (3, 3)


def test_threads_do_not_share_a_connection(server_of):
    server = server_of(per_connection=100)
    kept = connections_to(server)
    threads = [threading.Thread(target=lambda: [post(kept) for _ in range(3)]) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (server.connections, server.requests) == (4, 12)
