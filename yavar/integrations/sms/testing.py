"""For tests of code that sends texts: the SMS simulator on a free port, and settings that
point the real client at it with tiny timeouts.

    with running_sms(settings) as sms:          # pytest-django's `settings` fixture
        ...                                     # code that calls get_sms().send(...)
        assert sms.simulator.outbox()[0].text == "..."
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..simulator import serve_in_thread
from .config import BODY
from .simulator import SmsSimulator

API_KEY = "sms-test-key"


@dataclass
class SmsHarness:
    simulator: SmsSimulator
    url: str
    settings: Any

    def configure(self, **overrides: Any) -> None:
        """Point `YAVAR_INTEGRATIONS["sms"]` at the simulator, keeping other bodies."""
        base = {"url": self.url, "api_key": API_KEY, "timeout": 1.0, "retries": 2, "backoff": 0.01}
        bodies = dict(getattr(self.settings, "YAVAR_INTEGRATIONS", {}))
        bodies[BODY] = {**base, **overrides}
        self.settings.YAVAR_INTEGRATIONS = bodies


@contextmanager
def running_sms(settings: Any) -> Iterator[SmsHarness]:
    simulator = SmsSimulator(api_key=API_KEY)
    with serve_in_thread(simulator) as url:
        harness = SmsHarness(simulator, url, settings)
        harness.configure()
        yield harness
