"""Hours rules, the volunteer's own entries waiting for staff, and the certificate of service:
PDF, masked national code, public verification, and never the safe house's name."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from yavar.core.errors import ApplicationError
from yavar.volunteering import assignments, certificates, services
from yavar.volunteering.enums import VolunteerErrorCode
from yavar.volunteering.models import Certificate, HoursEntry

from .conftest import apply, jalali, make_active, prove_mobile

pytestmark = pytest.mark.django_db
# Read at each use: a module-level date goes stale when a run crosses local midnight.
TODAY = timezone.localdate
MOBILE = "09124440000"


@pytest.fixture
def placed(personas, registry):
    v = make_active(apply(personas, mobile=MOBILE), personas.tehran_expert, registry)
    a = assignments.assignment_create(
        actor=personas.tehran_expert,
        volunteer=v,
        centre=personas.tehran_office,
        programme="general",
        task="پشتیبانی",
        starts_on=TODAY() - dt.timedelta(days=10),
        ends_on=TODAY() + dt.timedelta(days=10),
    )
    return v, a


def log(personas, a, on, hours):
    return assignments.hours_log(
        actor=personas.tehran_expert, assignment=a, on=on, hours=Decimal(hours), activity="کار"
    )


def refused(code, fn, *args):
    with pytest.raises(ApplicationError) as error:
        fn(*args)
    assert error.value.code == code


def test_hours_rules(personas, placed):
    _v, a = placed
    refused(VolunteerErrorCode.HOURS_IN_FUTURE, log, personas, a, TODAY() + dt.timedelta(days=1), 2)
    refused(
        VolunteerErrorCode.HOURS_OUTSIDE_ASSIGNMENT,
        log,
        personas,
        a,
        TODAY() - dt.timedelta(days=11),
        2,
    )
    log(personas, a, TODAY(), 8)
    refused(VolunteerErrorCode.HOURS_DAY_LIMIT, log, personas, a, TODAY(), "4.5")
    log(personas, a, TODAY(), 4)
    assert HoursEntry.objects.filter(status="confirmed").count() == 2


def test_no_hours_after_an_assignment_ended(personas, placed):
    _v, a = placed
    assignments.assignment_end(
        actor=personas.tehran_expert,
        assignment=a,
        reason="پایان",
        ended_on=TODAY() - dt.timedelta(days=2),
    )
    refused(VolunteerErrorCode.HOURS_OUTSIDE_ASSIGNMENT, log, personas, a, TODAY(), 1)
    log(personas, a, TODAY() - dt.timedelta(days=3), 1)


def test_volunteer_logs_own_hours_which_wait_for_staff(personas, placed, client, sms, login):
    v, a = placed
    prove_mobile(client, sms, "/volunteers/me/", MOBILE)
    client.post(
        f"/volunteers/me/{v.pk}/hours/",
        {"assignment": a.pk, "on": jalali(TODAY()), "hours": "3", "activity": "کلاس"},
    )
    client.post(
        f"/volunteers/me/{v.pk}/hours/",
        {
            "assignment": a.pk,
            "on": jalali(TODAY() + dt.timedelta(days=1)),
            "hours": "3",
            "activity": "x",
        },
    )
    entry = HoursEntry.objects.get()
    assert entry.status == "pending" and entry.source == "volunteer"
    staff = login(personas.tehran_expert)
    assert 'data-testid="pending-hours"' in staff.get("/volunteers/").content.decode()
    staff.post(f"/volunteers/hours/{entry.pk}/decide/", {"confirm": "0", "reason": ""})
    assert HoursEntry.objects.get().status == "pending"
    staff.post(f"/volunteers/hours/{entry.pk}/decide/", {"confirm": "1"})
    assert HoursEntry.objects.get().status == "confirmed"
    refused(
        VolunteerErrorCode.HOURS_NOT_PENDING,
        lambda: assignments.hours_decide(
            actor=personas.tehran_expert, entry=entry, confirm=False, reason="x"
        ),
    )


def test_without_the_sms_proof_no_one_logs_hours(personas, placed, client):
    v, a = placed
    response = client.post(
        f"/volunteers/me/{v.pk}/hours/",
        {"assignment": a.pk, "on": jalali(TODAY()), "hours": "3", "activity": "x"},
    )
    assert response.status_code == 404
    assert not HoursEntry.objects.exists()


def test_another_province_cannot_confirm_hours(personas, placed, login):
    _v, a = placed
    entry = assignments.hours_log_by_volunteer(
        mobile=MOBILE, assignment_id=a.pk, on=TODAY(), hours=Decimal(2), activity="x"
    )
    other = login(personas.isfahan_worker)
    assert other.post(f"/volunteers/hours/{entry.pk}/decide/", {"confirm": "1"}).status_code == 404
    assert HoursEntry.objects.get().status == "pending"


def layout_text(html: str) -> str:
    """The text WeasyPrint lays out on the PDF's pages."""
    from weasyprint import HTML

    parts = []

    def walk(box):
        if getattr(box, "text", None):
            parts.append(box.text)
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in HTML(string=html).render().pages:
        walk(page._page_box)
    return " ".join(parts)


def test_certificate_pdf_and_verification_never_name_the_safe_house(
    personas, registry, supervisor, client, sms, login
):
    v = make_active(apply(personas, mobile=MOBILE), personas.tehran_expert, registry)
    services.clearance_record(
        actor=personas.tehran_expert,
        volunteer=v,
        reference="PCN-1",
        issued_on=TODAY() - dt.timedelta(days=1),
        expires_on=TODAY() + dt.timedelta(days=100),
    )
    house = assignments.assignment_create(
        actor=supervisor,
        volunteer=v,
        centre=personas.safe_house,
        programme="19071059101",
        task="کارگاه",
        starts_on=TODAY() - dt.timedelta(days=5),
        ends_on=TODAY() + dt.timedelta(days=5),
    )
    office = assignments.assignment_create(
        actor=personas.tehran_expert,
        volunteer=v,
        centre=personas.tehran_office,
        programme="general",
        task="پشتیبانی",
        starts_on=TODAY() - dt.timedelta(days=5),
        ends_on=TODAY() + dt.timedelta(days=5),
    )
    assignments.hours_log(
        actor=supervisor, assignment=house, on=TODAY(), hours=Decimal(3), activity="a"
    )
    assignments.hours_log(
        actor=personas.tehran_expert,
        assignment=office,
        on=TODAY(),
        hours=Decimal("2.5"),
        activity="b",
    )
    staff = login(personas.tehran_expert)
    response = staff.post(f"/volunteers/{v.pk}/certificate/")
    pdf = staff.get(response["Location"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    cert = Certificate.objects.get()
    assert cert.total_hours == Decimal("5.5")
    text = layout_text(certificates.certificate_html(cert, verify_url="http://x/"))
    assert personas.safe_house.name_fa not in text and "MARKER-SAFEHOUSE" not in text
    assert personas.tehran_office.name_fa in text
    assert v.national_code not in text and v.national_code[-4:] in text
    assert v.first_name in text
    # Same hours, same certificate; the volunteer downloads it too.
    staff.logout()
    prove_mobile(client, sms, "/volunteers/me/", MOBILE)
    mine = client.post(f"/volunteers/me/{v.pk}/certificate/")
    assert Certificate.objects.count() == 1
    assert client.get(mine["Location"]).content.startswith(b"%PDF")
    verify = client.get(f"/volunteers/certificate/{cert.code}/").content.decode()
    assert 'data-testid="genuine"' in verify
    assert v.initials in verify
    assert v.last_name not in verify and personas.safe_house.name_fa not in verify
    assert client.get("/volunteers/certificate/NOSUCHCODE00/").status_code == 404


def test_no_certificate_without_confirmed_hours(personas, placed):
    v, _a = placed
    with pytest.raises(ApplicationError) as error:
        certificates.certificate_issue(actor=personas.tehran_expert, volunteer=v)
    assert error.value.code == VolunteerErrorCode.NO_CONFIRMED_HOURS
