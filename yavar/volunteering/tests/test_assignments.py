"""Assignments: the clearance gate for children's programmes and safe houses, who may place a
volunteer in a confidential centre, the ledger row, and that no public page names the house."""

import datetime as dt

import pytest
from django.utils import timezone

from yavar.catalog.models import ServiceDelivery
from yavar.core.errors import ApplicationError
from yavar.orgunits import services as orgunits
from yavar.orgunits.enums import CentreType, UnitKind
from yavar.volunteering import assignments, services
from yavar.volunteering.enums import VolunteerErrorCode
from yavar.volunteering.models import Assignment, Clearance

from .conftest import apply, jalali, make_active, prove_mobile

pytestmark = pytest.mark.django_db
# Read at each use: a module-level date goes stale when a run crosses local midnight.
TODAY = timezone.localdate
CHILDREN = "19041060106"


def assign(actor, volunteer, centre, programme="general", **kw):
    return assignments.assignment_create(
        actor=actor,
        volunteer=volunteer,
        centre=centre,
        programme=programme,
        task="کمک در کلاس",
        starts_on=TODAY() - dt.timedelta(days=5),
        ends_on=TODAY() + dt.timedelta(days=30),
        **kw,
    )


def clear(actor, volunteer):
    return services.clearance_record(
        actor=actor,
        volunteer=volunteer,
        reference="PCN-12345",
        issued_on=TODAY() - dt.timedelta(days=10),
        expires_on=TODAY() + dt.timedelta(days=180),
    )


def refused(code, fn, *args, **kw):
    with pytest.raises(ApplicationError) as error:
        fn(*args, **kw)
    assert error.value.code == code


def test_a_general_assignment_writes_one_ledger_row(personas, registry):
    v = make_active(apply(personas), personas.tehran_expert, registry)
    a = assign(personas.tehran_expert, v, personas.tehran_office)
    row = ServiceDelivery.objects.get(source_id=str(a.pk))
    assert row.service_id == "19071058105" and row.kind == "volunteer_assignment"
    assert row.org_unit_id == personas.tehran_office.pk


def test_childrens_programme_needs_a_valid_clearance(personas, registry, login):
    v = make_active(apply(personas), personas.tehran_expert, registry)
    expert = personas.tehran_expert
    refused(VolunteerErrorCode.NO_CLEARANCE, assign, expert, v, personas.tehran_office, CHILDREN)
    refused(
        VolunteerErrorCode.NO_CLEARANCE,
        assign,
        expert,
        v,
        personas.tehran_office,
        with_children=True,
    )
    # A lapsed certificate does not count.
    Clearance.objects.create(
        volunteer=v,
        reference="OLD",
        issued_on=TODAY() - dt.timedelta(days=400),
        expires_on=TODAY() - dt.timedelta(days=1),
    )
    refused(VolunteerErrorCode.NO_CLEARANCE, assign, expert, v, personas.tehran_office, CHILDREN)
    client = login(expert)
    client.post(
        f"/volunteers/{v.pk}/do/clear/",
        {
            "reference": "PCN-777",
            "issued_on": jalali(TODAY() - dt.timedelta(days=3)),
            "expires_on": jalali(TODAY() + dt.timedelta(days=200)),
        },
    )
    assert v.clearances.count() == 2
    client.post(
        f"/volunteers/{v.pk}/do/assign/",
        {
            "centre": personas.tehran_office.pk,
            "programme": CHILDREN,
            "task": "کلاس نقاشی کودکان",
            "starts_on": jalali(TODAY()),
            "ends_on": jalali(TODAY() + dt.timedelta(days=60)),
        },
    )
    assert Assignment.objects.filter(volunteer=v, programme=CHILDREN).count() == 1


def test_an_unwilling_volunteer_is_not_put_with_children(personas, registry):
    v = make_active(apply(personas, willing_children=False), personas.tehran_expert, registry)
    clear(personas.tehran_expert, v)
    refused(
        VolunteerErrorCode.NOT_WILLING,
        assign,
        personas.tehran_expert,
        v,
        personas.tehran_office,
        CHILDREN,
    )


def test_an_applicant_not_yet_accepted_cannot_be_assigned(personas):
    v = apply(personas)
    refused(
        VolunteerErrorCode.NOT_ACTIVE, assign, personas.tehran_expert, v, personas.tehran_office
    )


def test_a_clearance_that_is_already_expired_is_refused(personas):
    v = apply(personas)
    refused(
        VolunteerErrorCode.CLEARANCE_EXPIRED,
        services.clearance_record,
        actor=personas.tehran_expert,
        volunteer=v,
        reference="X",
        issued_on=TODAY() - dt.timedelta(days=400),
        expires_on=TODAY() - dt.timedelta(days=2),
    )


def test_safe_house_needs_clearance_and_a_user_whose_scope_reaches_inside(
    personas, registry, supervisor
):
    v = make_active(apply(personas), personas.tehran_expert, registry)
    house = personas.safe_house
    refused(VolunteerErrorCode.NO_CLEARANCE, assign, supervisor, v, house)
    clear(personas.tehran_expert, v)
    # The provincial expert's scope stops at the safe house's door.
    refused(VolunteerErrorCode.CENTRE_NOT_ALLOWED, assign, personas.tehran_expert, v, house)
    a = assign(supervisor, v, house, "19071059101")
    assert a.centre == house
    assert ServiceDelivery.objects.filter(source_id=str(a.pk)).exists()


def test_another_provinces_centre_is_refused(personas, registry):
    v = make_active(apply(personas), personas.tehran_expert, registry)
    isfahan_centre = orgunits.orgunit_create(
        actor=None,
        kind=UnitKind.CENTRE,
        parent=personas.isfahan_county,
        code="I-SC",
        name_fa="مرکز اصفهان",
        centre_type=CentreType.SERVICE_CENTRE,
    )
    refused(
        VolunteerErrorCode.CENTRE_NOT_ALLOWED, assign, personas.tehran_expert, v, isfahan_centre
    )


def test_the_safe_house_is_never_named_to_the_volunteer_or_an_outside_expert(
    personas, registry, supervisor, client, sms, login
):
    v = make_active(apply(personas, mobile="09125550000"), personas.tehran_expert, registry)
    clear(personas.tehran_expert, v)
    assign(supervisor, v, personas.safe_house)
    name = personas.safe_house.name_fa
    prove_mobile(client, sms, "/volunteers/me/", "09125550000")
    mine = client.get("/volunteers/me/").content.decode()
    assert 'data-testid="me-volunteer"' in mine
    assert name not in mine and "MARKER-SAFEHOUSE" not in mine
    assert personas.tehran.name_fa in mine
    expert_page = login(personas.tehran_expert).get(f"/volunteers/{v.pk}/").content.decode()
    assert name not in expert_page and "MARKER-SAFEHOUSE" not in expert_page


def test_ending_an_assignment_needs_a_reason_and_keeps_the_row(personas, registry, login):
    v = make_active(apply(personas), personas.tehran_expert, registry)
    a = assign(personas.tehran_expert, v, personas.tehran_office)
    client = login(personas.tehran_expert)
    client.post(f"/volunteers/assignments/{a.pk}/end/", {"reason": ""})
    assert Assignment.objects.get(pk=a.pk).status == "active"
    client.post(f"/volunteers/assignments/{a.pk}/end/", {"reason": "پایان دوره"})
    a.refresh_from_db()
    assert a.status == "ended" and a.end_reason == "پایان دوره" and a.ended_on == TODAY()
