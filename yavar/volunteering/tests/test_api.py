"""/api/v1/volunteers/certificates/{code}: what the public verification page shows, for anyone
holding the code, and never a name, a national code or a safe house."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.personas import SAFE_HOUSE_ADDRESS
from yavar.volunteering import assignments, certificates, services

from .conftest import apply, make_active

pytestmark = pytest.mark.django_db
# Read at each use: a module-level date goes stale when a run crosses local midnight.
TODAY = timezone.localdate


@pytest.fixture
def certificate(personas, registry, supervisor):
    """3 hours in the Tehran safe house and 2.5 at the Tehran office, certified."""
    v = make_active(apply(personas, mobile="09124440001"), personas.tehran_expert, registry)
    services.clearance_record(
        actor=personas.tehran_expert,
        volunteer=v,
        reference="PCN-7",
        issued_on=TODAY() - dt.timedelta(days=1),
        expires_on=TODAY() + dt.timedelta(days=100),
    )
    for actor, centre, programme, hours in (
        (supervisor, personas.safe_house, "19071059101", "3"),
        (personas.tehran_expert, personas.tehran_office, "general", "2.5"),
    ):
        assignment = assignments.assignment_create(
            actor=actor,
            volunteer=v,
            centre=centre,
            programme=programme,
            task="کارگاه",
            starts_on=TODAY() - dt.timedelta(days=5),
            ends_on=TODAY() + dt.timedelta(days=5),
        )
        assignments.hours_log(
            actor=actor, assignment=assignment, on=TODAY(), hours=Decimal(hours), activity="a"
        )
    return certificates.certificate_issue(actor=personas.tehran_expert, volunteer=v)


def test_a_certificate_is_verified_by_its_code(certificate, client):
    for code in (certificate.code, certificate.code.lower(), f" {certificate.code} "):
        response = client.get(f"/api/v1/volunteers/certificates/{code}")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["code"] == certificate.code and body["genuine"] is True
        assert body["volunteer_initials"] == certificate.volunteer.initials
        assert Decimal(str(body["total_hours"])) == Decimal("5.5")
        assert body["issued_on"] == timezone.localdate(certificate.created_at).isoformat()


def test_the_verification_names_no_one_and_no_safe_house(certificate, client, personas):
    response = client.get(f"/api/v1/volunteers/certificates/{certificate.code}")
    raw = response.content.decode()
    decoded = json.dumps(response.json(), ensure_ascii=False)
    v = certificate.volunteer
    secrets = (
        v.first_name,
        v.last_name,
        v.national_code,
        v.mobile,
        personas.safe_house.name_fa,
        personas.safe_house.code,
        SAFE_HOUSE_ADDRESS,
        "MARKER-SAFEHOUSE",
    )
    for secret in secrets:
        assert secret not in raw and secret not in decoded, secret


@pytest.mark.parametrize("code", ["NOSUCHCODE00", "x", "۱۲۳"])
def test_an_unknown_code_is_a_404_in_the_stable_shape(certificate, client, code):
    response = client.get(f"/api/v1/volunteers/certificates/{code}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found" and response.json()["message"]
