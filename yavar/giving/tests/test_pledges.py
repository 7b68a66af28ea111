"""Service pledges: hours promised, hours logged as given (each a ledger row), never more than
pledged nor outside the period; clients are counted on the pledge page, never named; another
province's pledges answer 404."""

import datetime as dt

import pytest
from django.utils import timezone

from yavar.audit.models import AuditEvent
from yavar.catalog.models import ServiceDelivery
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.jalali import JalaliDate
from yavar.core.persian import to_persian_digits
from yavar.core.validators import complete_national_code
from yavar.giving import pledges
from yavar.giving.benefactors import BenefactorData, benefactor_create
from yavar.giving.enums import CorrectionErrorCode, OfficeErrorCode
from yavar.giving.models import PledgeDelivery, ServicePledge

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def doctor(personas):
    return benefactor_create(
        actor=personas.tehran_expert,
        data=BenefactorData(
            kind="person",
            name="دکتر سارا مهر",
            mobile="09127778899",
            national_code=complete_national_code("003456789"),
        ),
    )


def pledge(personas, doctor, **kw):
    values = {
        "actor": personas.tehran_expert,
        "benefactor": doctor,
        "profession": "پزشک عمومی",
        "service": "ویزیت رایگان",
        "hours_pledged": 10,
        "starts_on": TODAY() - dt.timedelta(days=30),
        "ends_on": TODAY() + dt.timedelta(days=30),
        "unit": personas.tehran_county,
        **kw,
    }
    return pledges.pledge_create(**values)


def log(personas, the_pledge, hours, **kw):
    values = {
        "actor": personas.tehran_expert,
        "pledge": the_pledge,
        "delivered_on": TODAY(),
        "hours": hours,
        "centre": personas.tehran_office,
        "people_served": 3,
        **kw,
    }
    return pledges.pledge_log_delivery(**values)


def test_logged_hours_write_ledger_rows_and_never_pass_the_pledge(personas, doctor):
    the_pledge = pledge(personas, doctor)
    log(personas, the_pledge, 6)
    log(personas, the_pledge, 4)
    with pytest.raises(ApplicationError) as refused:
        log(personas, the_pledge, 1)
    assert refused.value.code == OfficeErrorCode.OVER_DELIVERY
    the_pledge.refresh_from_db()
    assert the_pledge.hours_delivered == 10 and PledgeDelivery.objects.count() == 2
    rows = ServiceDelivery.objects.filter(kind="service_pledge")
    assert rows.count() == 2 and {r.subject_id for r in rows} == {"09127778899"}
    assert {r.org_unit_id for r in rows} == {personas.tehran_office.pk}


def test_a_stale_copy_of_the_pledge_cannot_over_deliver(personas, doctor):
    first_view = pledge(personas, doctor, hours_pledged=5)
    second_view = ServicePledge.objects.get(pk=first_view.pk)
    log(personas, first_view, 4)
    with pytest.raises(ApplicationError) as refused:
        log(personas, second_view, 4)
    assert refused.value.code == OfficeErrorCode.OVER_DELIVERY
    assert ServicePledge.objects.get(pk=first_view.pk).hours_delivered == 4


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"delivered_on": TODAY() - dt.timedelta(days=60)}, OfficeErrorCode.OUTSIDE_PERIOD),
        ({"delivered_on": TODAY() + dt.timedelta(days=1)}, OfficeErrorCode.FUTURE_DATE),
        ({"hours": 0}, OfficeErrorCode.OVER_DELIVERY),
    ],
)
def test_bad_deliveries_are_refused_and_change_nothing(personas, doctor, change, code):
    the_pledge = pledge(personas, doctor)
    hours = change.pop("hours", 2)
    with pytest.raises(ApplicationError) as refused:
        log(personas, the_pledge, hours, **change)
    assert refused.value.code == code
    assert not PledgeDelivery.objects.exists() and not ServiceDelivery.objects.exists()


def test_a_centre_outside_the_pledges_unit_is_refused(personas, doctor):
    the_pledge = pledge(personas, doctor, unit=personas.tehran_office)
    with pytest.raises(ApplicationError) as refused:
        log(personas, the_pledge, 1, centre=personas.tehran_county)
    assert refused.value.code == OfficeErrorCode.NOT_A_CENTRE


def test_a_period_that_ends_before_it_starts_is_refused(personas, doctor):
    with pytest.raises(ApplicationError) as refused:
        pledge(personas, doctor, ends_on=TODAY() - dt.timedelta(days=31))
    assert refused.value.code == OfficeErrorCode.BAD_PERIOD
    assert not ServicePledge.objects.exists()


def test_another_province_cannot_record_log_or_see(personas, doctor, login):
    with pytest.raises(ApplicationError) as refused:
        pledge(personas, doctor, actor=personas.isfahan_worker)
    assert refused.value.code == ErrorCode.NOT_FOUND
    the_pledge = pledge(personas, doctor)
    with pytest.raises(ApplicationError):
        log(personas, the_pledge, 1, actor=personas.isfahan_worker)
    other = login(personas.isfahan_worker)
    assert other.get(f"/giving/office/pledges/{the_pledge.pk}/").status_code == 404
    assert "ویزیت رایگان" not in other.get("/giving/office/pledges/").content.decode()


def test_staff_pledge_and_log_hours_through_the_pages(personas, doctor, login):
    staff = login(personas.tehran_expert)
    response = staff.post(
        "/giving/office/pledges/new/",
        {
            "benefactor_code": doctor.national_code,
            "profession": "وکیل",
            "service": "مشاوره حقوقی",
            "hours_pledged": "۱۲",
            "starts_on": "۱۴۰۳/۰۱/۰۱",
            "ends_on": "۱۴۹۹/۱۲/۲۹",
            "unit": personas.tehran_county.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    the_pledge = ServicePledge.objects.get()
    url = response["Location"]
    over = staff.post(
        url,
        {"delivered_on": "۱۴۰۳/۰۲/۰۱", "hours": "۱۳", "centre": personas.tehran_office.pk},
    )
    assert over.status_code == 400 and not PledgeDelivery.objects.exists()
    ok = staff.post(
        url,
        {
            "delivered_on": "۱۴۰۳/۰۲/۰۱",
            "hours": "۵",
            "centre": personas.tehran_office.pk,
            "people_served": "۷",
        },
    )
    assert ok.status_code == 302
    the_pledge.refresh_from_db()
    assert the_pledge.hours_delivered == 5
    page = staff.get("/giving/office/pledges/").content.decode()
    assert "مشاوره حقوقی" in page and "۱۲" in page and "۵" in page
    detail = staff.get(url).content.decode()
    assert "۷" in detail  # served, counted, never named


# --- Ending a pledge early --------------------------------------------------------------------


def withdraw(personas, the_pledge, **kw):
    values = {
        "actor": personas.tehran_expert,
        "pledge": the_pledge,
        "ended_on": TODAY(),
        "reason": "مهاجرت خیر",
        **kw,
    }
    return pledges.pledge_withdraw(**values)


def test_a_pledge_ended_early_keeps_its_hours_and_takes_no_more(personas, doctor):
    the_pledge = pledge(personas, doctor)
    log(personas, the_pledge, 4, delivered_on=TODAY() - dt.timedelta(days=3))
    withdraw(personas, the_pledge, ended_on=TODAY() - dt.timedelta(days=2))
    the_pledge.refresh_from_db()
    assert the_pledge.is_withdrawn and the_pledge.withdraw_reason == "مهاجرت خیر"
    assert the_pledge.withdrawn_on == TODAY() - dt.timedelta(days=2)
    assert the_pledge.hours_delivered == 4 and the_pledge.hours_left == 0
    assert ServiceDelivery.objects.filter(kind="service_pledge").count() == 1
    event = AuditEvent.objects.get(action="pledge.withdraw", object_id=str(the_pledge.pk))
    assert event.changes["hours_delivered"]["new"] == 4
    with pytest.raises(ApplicationError) as refused:
        log(personas, the_pledge, 1, delivered_on=TODAY() - dt.timedelta(days=2))
    assert refused.value.code == CorrectionErrorCode.PLEDGE_WITHDRAWN
    with pytest.raises(ApplicationError) as refused:
        withdraw(personas, the_pledge)
    assert refused.value.code == CorrectionErrorCode.ALREADY_WITHDRAWN
    assert PledgeDelivery.objects.count() == 1
    assert the_pledge not in pledges.pledge_list(user=personas.tehran_expert, open_only=True)
    assert the_pledge in pledges.pledge_list(user=personas.tehran_expert)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"reason": "  "}, CorrectionErrorCode.REASON_MISSING),
        ({"ended_on": TODAY() - dt.timedelta(days=5)}, CorrectionErrorCode.END_BEFORE_LOGGED),
        ({"ended_on": TODAY() + dt.timedelta(days=1)}, CorrectionErrorCode.END_OUTSIDE_PERIOD),
        ({"ended_on": TODAY() - dt.timedelta(days=31)}, CorrectionErrorCode.END_OUTSIDE_PERIOD),
    ],
)
def test_bad_early_ends_are_refused_and_change_nothing(personas, doctor, change, code):
    the_pledge = pledge(personas, doctor)
    log(personas, the_pledge, 2, delivered_on=TODAY() - dt.timedelta(days=4))
    with pytest.raises(ApplicationError) as refused:
        withdraw(personas, the_pledge, **change)
    assert refused.value.code == code
    the_pledge.refresh_from_db()
    assert not the_pledge.is_withdrawn and the_pledge.hours_left == 8
    assert not AuditEvent.objects.filter(action="pledge.withdraw").exists()


def test_another_province_cannot_end_a_pledge(personas, doctor, login):
    the_pledge = pledge(personas, doctor)
    with pytest.raises(ApplicationError) as refused:
        withdraw(personas, the_pledge, actor=personas.isfahan_worker)
    assert refused.value.code == ErrorCode.NOT_FOUND
    other = login(personas.isfahan_worker)
    response = other.post(
        f"/giving/office/pledges/{the_pledge.pk}/withdraw/",
        {"withdraw-ended_on": "۱۴۰۳/۰۱/۰۱", "withdraw-reason": "x"},
    )
    assert response.status_code == 404
    the_pledge.refresh_from_db()
    assert not the_pledge.is_withdrawn


def test_ending_a_pledge_early_through_its_page(personas, doctor, login):
    the_pledge = pledge(personas, doctor)
    log(personas, the_pledge, 3, delivered_on=TODAY() - dt.timedelta(days=1))
    staff = login(personas.tehran_expert)
    url = f"/giving/office/pledges/{the_pledge.pk}/withdraw/"
    today = to_persian_digits(JalaliDate.from_gregorian(TODAY()).isoformat())
    too_early = to_persian_digits(
        JalaliDate.from_gregorian(TODAY() - dt.timedelta(days=2)).isoformat()
    )
    refused = staff.post(url, {"withdraw-ended_on": too_early, "withdraw-reason": "سفر"})
    assert refused.status_code == 400
    assert str(CorrectionErrorCode.END_BEFORE_LOGGED.label) in refused.content.decode()
    missing = staff.post(url, {"withdraw-ended_on": today, "withdraw-reason": ""})
    assert missing.status_code == 400 and "is-invalid" in missing.content.decode()
    the_pledge.refresh_from_db()
    assert not the_pledge.is_withdrawn
    done = staff.post(url, {"withdraw-ended_on": today, "withdraw-reason": "سفر طولانی"})
    assert done.status_code == 302
    page = staff.get(done["Location"]).content.decode()
    assert 'data-testid="withdrawn"' in page and "سفر طولانی" in page
    assert 'data-testid="log-hours"' not in page and 'data-testid="withdraw"' not in page
    the_pledge.refresh_from_db()
    assert the_pledge.hours_delivered == 3 and the_pledge.withdrawn_on == TODAY()


def test_the_demo_corrections_are_made_once_through_the_services():
    from tests.personas import make_user
    from yavar.accounts.roles import Role
    from yavar.giving.demo_corrections import seed_corrections
    from yavar.giving.demo_office import seed_office
    from yavar.giving.models import InKindDistribution, InKindDonation
    from yavar.orgunits import services as orgunits
    from yavar.orgunits.enums import CentreType, UnitKind
    from yavar.orgunits.models import OrgUnit

    make_user("finance.officer", Role.FINANCE_OFFICER, OrgUnit.objects.get(code="HQ"))
    orgunits.orgunit_create(
        actor=None,
        kind=UnitKind.CENTRE,
        parent=OrgUnit.objects.get(code="C2301"),
        code="T-DEMO",
        name_fa="مرکز نمونه",
        centre_type=CentreType.WELFARE_OFFICE,
        address="تهران",
    )
    seed_office()
    seed_corrections()
    seed_corrections()
    assert InKindDonation.objects.filter(cancelled_at__isnull=False).count() == 1
    assert InKindDistribution.objects.filter(reversed_at__isnull=False).count() == 1
    ended = ServicePledge.objects.get(withdrawn_on__isnull=False)
    assert ended.hours_delivered > 0 and ended.withdraw_reason
    assert AuditEvent.objects.filter(action="pledge.withdraw").count() == 1
