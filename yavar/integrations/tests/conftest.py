"""A civil registry simulator on a free port, and settings pointing the real client at it.
Timeouts and backoff are tiny so failure tests stay fast."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from yavar.integrations.civil_registry import CivilRegistry, get_civil_registry
from yavar.integrations.civil_registry.simulator import CivilRegistrySimulator, RegistryRecord
from yavar.integrations.simulator import serve_in_thread

USERNAME, PASSWORD = "yavar-test", "registry-secret"

# Valid national codes (check digit included).
CODE = "0012345679"
OTHER_CODE = "2720000019"

ZAHRA = RegistryRecord(
    national_code=CODE,
    first_name="فاطمه‌زهرا",
    last_name="نیک‌نام",
    father_name="علی",
    birth_date=date(1988, 6, 1),
    gender="female",
)


@dataclass
class Registry:
    simulator: CivilRegistrySimulator
    url: str
    settings: Any

    def configure(self, **overrides: Any) -> None:
        base = {
            "url": self.url,
            "username": USERNAME,
            "password": PASSWORD,
            "timeout": 0.5,
            "retries": 2,
            "backoff": 0.01,
        }
        self.settings.YAVAR_INTEGRATIONS = {"civil_registry": {**base, **overrides}}

    def client(self, **overrides: Any) -> CivilRegistry:
        self.configure(**overrides)
        return get_civil_registry()


@pytest.fixture
def registry(settings: Any) -> Iterator[Registry]:
    simulator = CivilRegistrySimulator(username=USERNAME, password=PASSWORD)
    simulator.add_record(ZAHRA)
    with serve_in_thread(simulator) as url:
        registry = Registry(simulator, url, settings)
        registry.configure()
        yield registry
