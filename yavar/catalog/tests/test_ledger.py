import datetime as dt

import pytest

from tests.people_factory import person_data
from yavar.catalog.enums import CatalogErrorCode, SubjectType
from yavar.catalog.models import ServiceCard, ServiceDelivery
from yavar.catalog.selectors import live_figures
from yavar.catalog.services import delivery_record
from yavar.core.errors import ApplicationError
from yavar.core.jalali import JalaliDate
from yavar.people import services as people

pytestmark = pytest.mark.django_db
SERVICE = "19071059100"


@pytest.fixture
def card(db):
    return ServiceCard.objects.get_or_create(service_id=SERVICE, defaults={"title": "t"})[0]


def jdate(y, m, d):
    return JalaliDate(y, m, d).to_gregorian()


def test_each_delivery_is_counted_once_per_recipient_per_period(card, personas):
    a = people.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    b = people.person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(first_name="لیلا"),
        confirmed_not_duplicate=True,
    )
    # a: Farvardin and Mehr 1404; b: Mehr 1404; a again in 1403. Each delivery has its own
    # cause (here a coverage record), as a module's session or admission would be.
    for person, day in (
        (a, jdate(1404, 1, 10)),
        (a, jdate(1404, 7, 2)),
        (b, jdate(1404, 7, 5)),
        (a, jdate(1403, 12, 1)),
    ):
        cause = people.coverage_start(
            actor=personas.tehran_expert,
            programme=SERVICE,
            org_unit=personas.tehran_county,
            start_date=day,
            person=person,
        )
        delivery_record(
            service_id=SERVICE,
            subject_type=SubjectType.PERSON,
            subject_id=person.pk,
            org_unit=personas.tehran_county,
            delivered_on=day,
            kind="session",
            source=cause,
        )
    figures = live_figures(service_id=SERVICE, year=1404)
    assert figures.total == 2
    assert figures.months[0] == 1 and figures.months[6] == 2
    assert figures.seasons == [1, 0, 2, 0]
    assert figures.previous_year_total == 1


def test_the_same_cause_never_counts_twice(card, personas):
    person = people.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    for _ in range(2):
        delivery_record(
            service_id=SERVICE,
            subject_type=SubjectType.PERSON,
            subject_id=person.pk,
            org_unit=personas.tehran_county,
            delivered_on=dt.date(2025, 4, 1),
            kind="admission",
            source=person,
        )
    assert ServiceDelivery.objects.count() == 1


def test_ledger_rows_carry_province_and_jalali_keys(card, personas):
    person = people.person_create(
        actor=personas.tehran_expert, org_unit=personas.tehran_county, data=person_data()
    )
    row = delivery_record(
        service_id=SERVICE,
        subject_type=SubjectType.PERSON,
        subject_id=person.pk,
        org_unit=personas.safe_house,
        delivered_on=dt.date(2025, 3, 21),
        kind="admission",
        source=person,
    )
    assert row.province == personas.tehran
    assert (row.jalali_year, row.jalali_season, row.jalali_month) == (1404, 1, 1)
    tehran_only = live_figures(service_id=SERVICE, year=1404, province_id=personas.isfahan.pk)
    assert tehran_only.total == 0


def test_unknown_service_is_refused(personas):
    with pytest.raises(ApplicationError) as err:
        delivery_record(
            service_id="19999999999",
            subject_type=SubjectType.BODY,
            subject_id=1,
            org_unit=personas.tehran,
            delivered_on=dt.date(2025, 1, 1),
            kind="x",
            source=personas.tehran,
        )
    assert err.value.code == CatalogErrorCode.UNKNOWN_SERVICE
