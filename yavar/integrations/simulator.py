"""The simulator base: a small threaded HTTP server that behaves like an outside body, so tests
and `make run` exercise the real client code over a real socket.

Each body subclasses `Simulator` and declares its routes. Every simulator also answers a few
admin endpoints (no credentials; bind to loopback only):

    GET  /_sim/health   {"ok": true, "body": ...}
    POST /_sim/faults   {"down": bool, "delay": seconds, "fail_next": n, "garble": bool}
    POST /_sim/reset    clears faults and the body's loaded data

Faults: `down` drops every connection unanswered, `delay` sleeps before answering (past the
client's timeout), `fail_next` answers 500 that many times, `garble` answers 200 with non-JSON.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from http.server import ThreadingHTTPServer
from typing import Any, ClassVar, Self

from .conf import BodyConfig
from .simulator_wire import LeanRequestHandler

# The bodies `run_simulator` knows, by settings key.
SIMULATORS: dict[str, str] = {
    "civil_registry": "yavar.integrations.civil_registry.simulator.CivilRegistrySimulator",
    "bank_gateway": "yavar.integrations.bank_gateway.simulator.BankGatewaySimulator",
    "sms": "yavar.integrations.sms.simulator.SmsSimulator",
}

Answer = tuple[int, dict[str, Any]]


@dataclass
class SimRequest:
    method: str
    path: str
    headers: Message
    payload: Any


Route = Callable[[SimRequest], Answer]


@dataclass
class Faults:
    down: bool = False
    delay: float = 0.0
    fail_next: int = 0
    garble: bool = False


class BadRequest(Exception):
    """Raised by a route for a request the body would refuse with 400."""

    def __init__(self, error: str, message: str = "") -> None:
        super().__init__(error)
        self.answer: Answer = (400, {"error": error, "message": message})


@dataclass
class _Decision:
    answer: Answer | None = None  # None: drop the connection
    garble: bool = False


class Simulator:
    body: ClassVar[str]

    def __init__(self, *, username: str = "", password: str = "", api_key: str = "") -> None:
        self.username, self.password, self.api_key = username, password, api_key
        self.faults = Faults()
        # Routes run on the server's threads; one lock keeps faults and data consistent.
        self.lock = threading.RLock()
        self._stopping = threading.Event()
        self.requests_seen = 0

    @classmethod
    def from_config(cls, config: BodyConfig) -> Self:
        return cls(username=config.username, password=config.password, api_key=config.api_key)

    @classmethod
    def load_config(cls) -> BodyConfig:
        raise NotImplementedError

    # --- for subclasses ---------------------------------------------------------------------

    def routes(self) -> dict[tuple[str, str], Route]:
        """The body's own endpoints, (method, path) → handler; credentials are checked first."""
        return {}

    def admin_routes(self) -> dict[tuple[str, str], Route]:
        return {
            ("GET", "/_sim/health"): lambda request: (200, {"ok": True, "body": self.body}),
            ("POST", "/_sim/faults"): self._set_faults,
            ("POST", "/_sim/reset"): self._reset,
        }

    def reset(self) -> None:
        with self.lock:
            self.faults = Faults()

    # --- faults, from tests in the same process ---------------------------------------------

    def set_faults(self, **changes: Any) -> None:
        with self.lock:
            for name, value in changes.items():
                if not hasattr(self.faults, name):
                    raise ValueError(f"unknown fault {name!r}")
                setattr(self.faults, name, type(getattr(self.faults, name))(value))

    def _reset(self, request: SimRequest) -> Answer:
        self.reset()
        return 200, {"ok": True}

    def _set_faults(self, request: SimRequest) -> Answer:
        if not isinstance(request.payload, dict):
            raise BadRequest("invalid_payload", "send a JSON object")
        try:
            self.set_faults(**request.payload)
        except (TypeError, ValueError) as error:
            raise BadRequest("invalid_fault", str(error)) from error
        return 200, {"ok": True}

    # --- dispatch ---------------------------------------------------------------------------

    def authorised(self, headers: Message) -> bool:
        given = headers.get("Authorization", "")
        if self.api_key:
            return hmac.compare_digest(given.encode(), f"Bearer {self.api_key}".encode())
        if not self.username:
            return True
        scheme, _, encoded = given.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            pair = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            return False
        return hmac.compare_digest(pair, f"{self.username}:{self.password}".encode())

    def decide(self, request: SimRequest) -> _Decision:
        route = self.admin_routes().get((request.method, request.path))
        if route is not None:  # admin endpoints ignore faults so a test can always heal the body
            return _Decision(self._run(route, request))
        with self.lock:
            self.requests_seen += 1
            faults = Faults(**vars(self.faults))
            if faults.fail_next > 0:
                self.faults.fail_next -= 1
        if faults.down:
            return _Decision(None)
        if faults.delay:
            self._stopping.wait(faults.delay)  # wakes early when the server is stopped
        if faults.fail_next > 0:
            return _Decision((500, {"error": "simulated_failure"}))
        if faults.garble:
            return _Decision((200, {}), garble=True)
        if not self.authorised(request.headers):
            return _Decision((401, {"error": "unauthorized"}))
        route = self.routes().get((request.method, request.path))
        if route is None:
            return _Decision((404, {"error": "no_such_endpoint"}))
        return _Decision(self._run(route, request))

    @staticmethod
    def _run(route: Route, request: SimRequest) -> Answer:
        try:
            return route(request)
        except BadRequest as refusal:
            return refusal.answer

    # --- serving ----------------------------------------------------------------------------

    def make_server(self, host: str, port: int, *, log_requests: bool = False) -> SimulatorServer:
        self._stopping.clear()
        return SimulatorServer((host, port), self, log_requests=log_requests)

    def stop(self) -> None:
        self._stopping.set()


class SimulatorServer(ThreadingHTTPServer):
    # Benchmarks hit simulators with dozens of clients at once; the default backlog is 5.
    request_queue_size = 128

    def __init__(
        self, address: tuple[str, int], simulator: Simulator, *, log_requests: bool
    ) -> None:
        self.simulator = simulator
        self.log_requests = log_requests
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out and hung up is what the slow fault is for, not an error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(LeanRequestHandler):
    server: SimulatorServer
    server_version = "YavarSimulator/1"
    # Keeps connections open between requests, as real bodies do (every answer says its
    # Content-Length); clients that reuse them are spared a handshake per call.
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; on a kept connection Nagle's algorithm would hold
    # the body back until the client's delayed ACK of the headers (up to 40 ms a call).
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        simulator = self.server.simulator
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            payload = json.loads(raw) if raw else None
        except (UnicodeDecodeError, json.JSONDecodeError):
            self._send(400, json.dumps({"error": "invalid_json"}).encode())
            return
        path = self.path.split("?", 1)[0]
        decision = simulator.decide(SimRequest(method, path, self.headers, payload))
        if decision.answer is None:
            self.close_connection = True  # hang up without a word, like a dead service
            return
        status, body = decision.answer
        data = b"<html>gateway error" if decision.garble else json.dumps(body).encode()
        self._send(status, data)

    def _send(self, status: int, data: bytes) -> None:
        self.send_whole(status, data, {"Content-Type": "application/json; charset=utf-8"})

    def log_message(self, format: str, *args: Any) -> None:
        # Request lines only (never bodies), and only when serving for a person to watch.
        if self.server.log_requests:
            super().log_message(format, *args)


@contextmanager
def serve_in_thread(
    simulator: Simulator, *, host: str = "127.0.0.1", port: int = 0, log_requests: bool = False
) -> Iterator[str]:
    """Serve `simulator` on a background thread; yields its base URL. Port 0 picks a free one."""
    server = simulator.make_server(host, port, log_requests=log_requests)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name=f"{simulator.body}-simulator",
        daemon=True,
    )
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        simulator.stop()
        server.shutdown()
        server.server_close()
        thread.join()


def unused_port() -> int:
    """A port nothing listens on (for "the body is down" tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
