"""Volunteers through the real services, the civil registry and SMS simulators over HTTP, and
a supervisor who is both provincial expert and safe-house focal point in Tehran."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.personas import make_user
from yavar.accounts import services as accounts
from yavar.accounts.roles import Role
from yavar.core.jalali import JalaliDate
from yavar.core.validators import complete_national_code
from yavar.integrations.civil_registry.simulator import CivilRegistrySimulator, RegistryRecord
from yavar.integrations.simulator import serve_in_thread
from yavar.integrations.sms.testing import running_sms
from yavar.volunteering import services
from yavar.volunteering.models import Volunteer

_serial = iter(range(100_000, 999_999))


def jalali(day: dt.date) -> str:
    return JalaliDate.from_gregorian(day).isoformat()


def new_code() -> str:
    return complete_national_code(f"0{next(_serial):06d}45")


def apply(
    personas: Any, *, province: Any = None, county: Any = None, **overrides: Any
) -> Volunteer:
    data: dict[str, Any] = {
        "mobile": "09127654321",
        "national_code": new_code(),
        "first_name": "زهرا",
        "last_name": "کریمی",
        "father_name": "حسن",
        "birth_date": dt.date(1990, 5, 1),
        "gender": "female",
        "province": province or personas.tehran,
        "county": county or personas.tehran_county,
        "skills": ["counselling", "childcare"],
        "availability": ["sat_morning"],
        "willing_children": True,
        "willing_safe_house": True,
        "motivation": "کمک به دیگران",
    }
    data.update(overrides)
    return services.volunteer_apply(**data)


class Registry:
    def __init__(self, simulator: CivilRegistrySimulator) -> None:
        self.simulator = simulator

    def knows(self, volunteer: Volunteer, **differences: Any) -> None:
        """The registry holds this volunteer, with any differences given."""
        values = {
            "national_code": volunteer.national_code,
            "first_name": volunteer.first_name,
            "last_name": volunteer.last_name,
            "father_name": volunteer.father_name,
            "birth_date": volunteer.birth_date,
            "gender": volunteer.gender,
            **differences,
        }
        self.simulator.add_record(RegistryRecord(**values))


@pytest.fixture
def registry(settings: Any) -> Iterator[Registry]:
    simulator = CivilRegistrySimulator(username="u", password="p")
    with serve_in_thread(simulator) as url:
        bodies = dict(getattr(settings, "YAVAR_INTEGRATIONS", {}))
        bodies["civil_registry"] = {
            "url": url,
            "username": "u",
            "password": "p",
            "timeout": 0.5,
            "retries": 1,
            "backoff": 0.01,
        }
        settings.YAVAR_INTEGRATIONS = bodies
        yield Registry(simulator)


@pytest.fixture
def sms(settings: Any) -> Iterator[Any]:
    with running_sms(settings) as harness:
        yield harness


def last_code(sms: Any) -> str:
    match = re.search(r"(\d{6})", sms.simulator.outbox()[-1].text)
    assert match, sms.simulator.outbox()[-1].text
    return match.group(1)


def prove_mobile(client: Any, sms: Any, path: str, mobile: str) -> None:
    client.post(path, {"step": "send", "mobile": mobile})
    response = client.post(path, {"step": "confirm", "code": last_code(sms)})
    assert response.status_code == 200


def make_active(volunteer: Volunteer, actor: Any, registry: Registry) -> Volunteer:
    registry.knows(volunteer)
    services.volunteer_check_identity(actor=actor, volunteer=volunteer)
    return services.volunteer_decide(actor=actor, volunteer=volunteer, step="accept")


@pytest.fixture
def supervisor(personas: Any) -> Any:
    """Tehran's provincial expert who is also the province's safe-house focal point: the one
    kind of user whose scope reaches inside a safe house and who manages volunteers."""
    user = make_user("tehran_both", Role.PROVINCIAL_EXPERT, personas.tehran)
    accounts.membership_grant(
        actor=None, user=user, role=Role.SAFEHOUSE_FOCAL_POINT, org_unit=personas.tehran
    )
    return type(user).objects.get(pk=user.pk)
