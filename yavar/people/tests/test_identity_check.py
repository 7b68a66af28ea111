"""A person checked against the civil registry simulator through the real HTTP client."""

import datetime as dt

import pytest

from tests.people_factory import national_code, person_data
from yavar.integrations.civil_registry.simulator import CivilRegistrySimulator, RegistryRecord
from yavar.integrations.models import InquiryLog
from yavar.integrations.simulator import serve_in_thread
from yavar.people import services
from yavar.people.enums import IdentityStatus
from yavar.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(settings):
    simulator = CivilRegistrySimulator(username="u", password="p")
    with serve_in_thread(simulator) as url:
        settings.YAVAR_INTEGRATIONS = {
            "civil_registry": {
                "url": url,
                "username": "u",
                "password": "p",
                "timeout": 0.5,
                "retries": 1,
                "backoff": 0.01,
            }
        }
        yield simulator


def register(personas, **overrides):
    return services.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(**overrides),
    )


def test_matching_person_is_marked_verified_with_the_date(personas, login, registry):
    code = national_code()
    registry.add_record(
        RegistryRecord(
            national_code=code,
            first_name="زهرا",
            last_name="کریمی",
            father_name="حسن",
            birth_date=dt.date(1990, 5, 1),
            gender="female",
        )
    )
    person = register(personas, national_code=code, first_name="زهرا", last_name="كريمي")
    client = login(personas.tehran_expert)
    response = client.post(f"/people/{person.pk}/identity-check/", follow=True)
    person = Person.objects.get(pk=person.pk)
    assert person.identity_status == IdentityStatus.VERIFIED
    assert person.identity_checked_at is not None
    assert "تأیید" in response.content.decode() or "ثبت احوال" in response.content.decode()
    log = InquiryLog.objects.get()
    assert code not in str(log.fields_sent) + str(log.fields_received)


def test_mismatch_is_flagged_with_the_differing_fields(personas, login, registry):
    code = national_code()
    registry.add_record(
        RegistryRecord(
            national_code=code,
            first_name="مریم",
            last_name="کریمی",
            father_name="حسن",
            birth_date=dt.date(1990, 5, 1),
            gender="female",
        )
    )
    person = register(personas, national_code=code, first_name="زهرا")
    client = login(personas.tehran_expert)
    client.post(f"/people/{person.pk}/identity-check/")
    person = Person.objects.get(pk=person.pk)
    assert person.identity_status == IdentityStatus.MISMATCH
    assert person.identity_mismatches == ["first_name"]


def test_registry_down_gives_a_clear_message_and_changes_nothing(personas, login, settings):
    settings.YAVAR_INTEGRATIONS = {
        "civil_registry": {
            "url": "http://127.0.0.1:9",
            "username": "u",
            "password": "p",
            "timeout": 0.2,
            "retries": 1,
            "backoff": 0.01,
        }
    }
    person = register(personas)
    client = login(personas.tehran_expert)
    response = client.post(f"/people/{person.pk}/identity-check/", follow=True)
    assert "ثبت احوال" in response.content.decode()
    assert Person.objects.get(pk=person.pk).identity_status == IdentityStatus.UNVERIFIED
