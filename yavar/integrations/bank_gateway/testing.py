"""For tests of code that takes payments (and this package's own tests): the gateway simulator
on a free port, and settings that point the real client at it with tiny timeouts.

    with running_bank(settings) as bank:        # pytest-django's `settings` fixture
        token = get_bank_gateway().request_token(...)
        payment = bank.simulator.pay(token)     # as if the donor paid on the bank's page
        client.post(callback_path, payment.fields)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..simulator import serve_in_thread
from .client import HttpBankGateway
from .config import BODY, config
from .simulator import BankGatewaySimulator

USERNAME, PASSWORD, TERMINAL_ID = "yavar-test", "gateway-secret", "7001234"


@dataclass
class BankHarness:
    simulator: BankGatewaySimulator
    url: str
    settings: Any

    def configure(self, **overrides: Any) -> None:
        """Point `YAVAR_INTEGRATIONS["bank_gateway"]` at the simulator, keeping other bodies."""
        base = {
            "url": self.url,
            "terminal_id": TERMINAL_ID,
            "username": USERNAME,
            "password": PASSWORD,
            "timeout": 1.0,
            "retries": 2,
            "backoff": 0.01,
        }
        bodies = dict(getattr(self.settings, "YAVAR_INTEGRATIONS", {}))
        bodies[BODY] = {**base, **overrides}
        self.settings.YAVAR_INTEGRATIONS = bodies

    def client(self, **overrides: Any) -> HttpBankGateway:
        self.configure(**overrides)
        return HttpBankGateway(config())


@contextmanager
def running_bank(settings: Any, **simulator_options: Any) -> Iterator[BankHarness]:
    simulator = BankGatewaySimulator(
        username=USERNAME, password=PASSWORD, terminal_id=TERMINAL_ID, **simulator_options
    )
    with serve_in_thread(simulator) as url:
        harness = BankHarness(simulator, url, settings)
        harness.configure()
        yield harness
