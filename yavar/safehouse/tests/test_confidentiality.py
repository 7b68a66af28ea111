"""Confidentiality, as every other role sees it: marker strings are seeded into a survivor's
name, contact detail, safety plan and the house's address, then every page and every API
endpoint is requested as each role outside the house. No marker may appear anywhere."""

import datetime as dt
import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.personas import SAFE_HOUSE_ADDRESS, SAFE_HOUSE_NAME, make_user
from yavar.accounts.roles import Role
from yavar.audit.models import AccessEvent, AuditEvent
from yavar.core.jalali import JalaliDate
from yavar.orgunits.models import OrgUnit
from yavar.safehouse import selectors, services
from yavar.safehouse.models import Case

from .conftest import SURVIVOR_NAME, high_risk

pytestmark = pytest.mark.django_db

MARKERS = (SURVIVOR_NAME, "MARKERCONTACT", "MARKERPLAN", "MARKER-SAFEHOUSE-ADDRESS")
assert "MARKER-SAFEHOUSE-ADDRESS" in SAFE_HOUSE_ADDRESS


def _patterns(resolver: URLResolver, prefix: str = ""):  # type: ignore[no-untyped-def]
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def every_url(ids: dict[str, str]) -> list[str]:
    """Each route of the site with its parameters filled from the seeded records."""
    urls = []
    for route in _patterns(get_resolver()):
        if route.startswith(("system-admin/", "static/")) or "(?P" in route:
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        candidates = [route]
        for name in names:
            value = ids.get(name, "1")
            candidates = [
                c.replace(f"<int:{name}>", value)
                .replace(f"<str:{name}>", value)
                .replace(f"<{name}>", value)
                for c in candidates
            ]
        urls += ["/" + c for c in candidates]
    return sorted(set(urls))


@pytest.fixture
def seeded(personas, house, case):
    staff = personas.safehouse_staff
    services.case_record_intake(
        actor=staff,
        case=case,
        violence_types=["physical"],
        perpetrator="husband",
        risk_answers=high_risk(),
        children=1,
    )
    services.case_decide(actor=staff, case=case, decision="admit", reason="خطر")
    services.case_admit(actor=staff, case=case, children_with_her=1)
    services.safety_plan_save(actor=staff, case=case, plan="MARKERPLAN")
    return case


# Every role that works outside this house, plus the personas and the anonymous public.
OUTSIDER_ROLES = [
    (Role.FINANCE_OFFICER, "HQ"),
    (Role.HEAD_OF_ORGANIZATION, "HQ"),
    (Role.SYSTEM_ADMIN, "HQ"),
    (Role.SAFEHOUSE_FOCAL_POINT, "P10"),
    (Role.COUNTY_WORKER, "C2301"),
]
OUTSIDERS = (
    "national_expert",
    "tehran_expert",
    "isfahan_worker",
    "auditor",
    "anonymous",
    *(f"{role.value}@{unit}" for role, unit in OUTSIDER_ROLES),
)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_no_page_or_endpoint_reveals_the_survivor_to_another_role(
    caplog, who, personas, seeded, client, login
):
    if "@" in who:
        role, unit = who.split("@")
        login(make_user(f"outsider-{role}", Role(role), OrgUnit.objects.get(code=unit)))
    elif who != "anonymous":
        login(getattr(personas, who))
    case = Case.objects.get(pk=seeded.pk)
    ids = {
        "pk": str(case.pk),
        "person_id": str(case.person_id),
        "code": personas.safe_house.code,
        "service_id": "19071059101",
        "household_id": "1",
        "kind": "people.person",
        "action": "intake",
    }
    pages = [
        *every_url(ids),
        f"/people/{case.person_id}/",
        f"/safehouse/{case.pk}/",
        f"/orgunits/{personas.safe_house.code}/",
        "/orgunits/?q=خانه",
        "/people/?q=ARKERNAM",
        "/audit/",
        "/audit/?log=reads",
    ]
    api = [
        "/api/v1/me",
        "/api/v1/orgunits?limit=500",
        f"/api/v1/orgunits/{personas.safe_house.code}",
        "/api/v1/people?q=ARKERNAM",
        f"/api/v1/people/{case.person_id}",
        "/api/v1/catalog/services/19071059101",
        "/api/v1/imports/batches",
        "/api/v1/giving/figures",
        "/api/v1/volunteers/certificates/UNKNOWN",
    ]
    leaks = []
    for url in pages + api:
        response = client.get(url)
        body = response.content.decode(errors="replace") if not response.streaming else ""
        if response.get("Content-Type", "").startswith("application/json"):
            # JSON escapes non-ASCII text as \\uXXXX: compare the text it carries instead.
            body = json.dumps(json.loads(body), ensure_ascii=False)
        for marker in (*MARKERS, SAFE_HOUSE_NAME):  # the house's name is confidential too
            if marker in body:
                leaks.append((url, response.status_code, marker))
    assert leaks == []
    expected = 302 if who == "anonymous" else 404  # not "forbidden": it does not exist for them
    assert client.get(f"/safehouse/{case.pk}/").status_code == expected
    # Nor in any log line written while all of that was asked.
    assert not any(marker in caplog.text for marker in MARKERS)


def test_the_house_and_its_focal_point_do_see_the_case(personas, seeded, login, client):
    login(personas.safehouse_staff)
    page = client.get(f"/safehouse/{seeded.pk}/").content.decode()
    assert SURVIVOR_NAME in page
    assert AccessEvent.objects.filter(
        object_type="safehouse.case", object_id=str(seeded.pk)
    ).exists()
    client.logout()
    login(personas.tehran_focal_point)
    assert client.get(f"/safehouse/{seeded.pk}/").status_code == 200


def test_lists_show_codes_not_names(personas, seeded, login, client):
    login(personas.safehouse_staff)
    listing = client.get("/safehouse/").content.decode()
    assert seeded.code in listing and SURVIVOR_NAME not in listing


def test_the_audit_trail_keeps_no_identity_of_a_confidential_person(personas, seeded):
    for event in AuditEvent.objects.all():
        text = f"{event.object_repr} {event.person_ref} {event.changes}"
        assert not any(marker in text for marker in MARKERS), event.action
    assert not AuditEvent.objects.filter(person_ref=seeded.person.national_code).exists()


def test_break_glass_needs_a_reason_is_logged_and_alerts_the_focal_point(
    personas, seeded, login, client
):
    other_house = OrgUnit.objects.create(
        kind="centre",
        centre_type="safe_house",
        code="T-SH2",
        name_fa="خانهٔ دیگر",
        parent=personas.tehran_county,
        path=personas.tehran_county.path + "00099999",
        confidential=True,
    )
    other_staff = make_user("otherstaff", Role.SAFEHOUSE_STAFF, other_house)
    login(other_staff)
    assert client.get(f"/safehouse/{seeded.pk}/").status_code == 404
    refused = client.post("/safehouse/break-glass/", {"case_code": seeded.code, "reason": "کوتاه"})
    assert refused.status_code == 200
    opened = client.post(
        "/safehouse/break-glass/",
        {"case_code": seeded.code, "reason": "انتقال فوری بیمار به بیمارستان"},
    )
    assert opened.status_code == 302
    assert client.get(f"/safehouse/{seeded.pk}/").status_code == 200
    assert AccessEvent.objects.filter(reason="break_glass", object_id=str(seeded.pk)).exists()
    alerts = selectors.break_glass_alerts(user=personas.tehran_focal_point)
    assert [a.case_id for a in alerts] == [seeded.pk]
    # Read only: an emergency grant never allows changes.
    assert client.post(f"/safehouse/{seeded.pk}/close/").status_code == 404


def test_hq_sees_only_suppressed_aggregates(personas, seeded, login, client):
    login(personas.national_expert)
    year = JalaliDate.from_gregorian(seeded.admitted_on).year
    page = client.get("/safehouse/figures/", {"year": year}).content.decode()
    assert "&lt; ۵" in page
    assert SURVIVOR_NAME not in page
    export = client.get("/safehouse/figures.xlsx", {"year": year})
    assert export.status_code == 200 and export.content[:2] == b"PK"
    assert client.get("/safehouse/").status_code == 404


def test_overdue_referrals_show_for_the_supervisor(personas, seeded):
    staff = personas.safehouse_staff
    today = dt.date.today()
    services.consent_record(
        actor=staff,
        case=seeded,
        recipient="مرکز مشاوره",
        purpose="مشاوره",
        given_on=today - dt.timedelta(days=10),
        expires_on=today + dt.timedelta(days=30),
    )
    referral = services.referral_create(
        actor=staff,
        case=seeded,
        to_body="مرکز مشاوره",
        reason="مشاوره",
        due_on=today + dt.timedelta(days=1),
    )
    assert not selectors.overdue_referrals(user=personas.tehran_focal_point).exists()
    type(referral).objects.filter(pk=referral.pk).update(due_on=today - dt.timedelta(days=1))
    assert list(selectors.overdue_referrals(user=personas.tehran_focal_point)) == [referral]
