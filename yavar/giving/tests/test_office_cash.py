"""Cash, POS, deposit slips and ATM transfers recorded by office staff: paid at once with a
ledger row, an audit record and an SMS receipt; one reference counts once per channel; mistakes
are voided with a reason, never deleted, and never once the money is spent; another province's
entries answer 404."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.personas import make_user
from yavar.accounts.roles import Role
from yavar.audit.models import AuditEvent
from yavar.catalog.models import ServiceDelivery
from yavar.catalog.selectors import live_figures
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.persian import to_persian_digits
from yavar.giving import office
from yavar.giving.allocations import allocation_decide, allocation_propose, balance
from yavar.giving.enums import SERVICE_ID, Channel, DonationStatus, OfficeErrorCode
from yavar.giving.models import Cause, Donation
from yavar.integrations.sms.testing import running_sms
from yavar.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def cause(db):
    return Cause.objects.create(code="children", area="children", title="کودکان بی‌سرپرست")


@pytest.fixture
def sms(settings):
    with running_sms(settings) as harness:
        yield harness


def record(personas, cause, **kw):
    values = {
        "actor": personas.tehran_expert,
        "channel": Channel.IN_PERSON,
        "reference": "RB-1001",
        "amount_rials": 2_000_000,
        "cause": cause,
        "office": personas.tehran_office,
        "received_on": timezone.localdate(),
        **kw,
    }
    return office.in_person_record(**values)


def test_cash_at_the_office_is_paid_at_once_with_ledger_audit_and_sms(
    personas, cause, sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        donation = record(personas, cause, reference="  ۱۲۳۴ ", donor_mobile="09121112233")
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID and donation.paid_at is not None
    assert donation.external_reference == "1234"  # Persian digits and spaces normalised
    assert donation.province == personas.tehran and donation.office == personas.tehran_office
    assert donation.recorded_by == personas.tehran_expert and len(donation.tracking_code) == 12
    ledger = ServiceDelivery.objects.get(source_id=str(donation.pk), kind="cash_donation")
    assert ledger.subject_id == "09121112233" and ledger.province == personas.tehran
    assert AuditEvent.objects.filter(action="donation.in_person", object_id=str(donation.pk))
    texts = [m.text for m in sms.simulator.outbox()]
    assert len(texts) == 1 and to_persian_digits(donation.tracking_code) in texts[0]
    assert "۲٬۰۰۰٬۰۰۰" in texts[0]


def test_each_channel_keeps_its_own_references(personas, cause):
    for channel in (Channel.IN_PERSON, Channel.POS, Channel.ATM, Channel.BANK_DEPOSIT):
        record(personas, cause, channel=channel, reference="555")
    assert Donation.objects.filter(external_reference="555").count() == 4


def test_the_same_reference_twice_on_one_channel_is_refused(personas, cause):
    record(personas, cause, channel=Channel.POS, reference="T-77")
    with pytest.raises(ApplicationError) as refused:
        record(personas, cause, channel=Channel.POS, reference="t-77 ")
    assert refused.value.code == OfficeErrorCode.DUPLICATE_REFERENCE
    assert Donation.objects.count() == 1 and ServiceDelivery.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"received_on": timezone.localdate() + dt.timedelta(days=1)}, OfficeErrorCode.FUTURE_DATE),
        ({"reference": "   "}, OfficeErrorCode.REFERENCE_REQUIRED),
        ({"channel": Channel.WEB}, OfficeErrorCode.NOT_IN_PERSON),
        ({"amount_rials": 5_000}, "amount_too_small"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(personas, cause, change, code):
    with pytest.raises(ApplicationError) as refused:
        record(personas, cause, **change)
    assert refused.value.code == code
    assert not Donation.objects.exists() and not ServiceDelivery.objects.exists()


def test_an_office_outside_ones_scope_is_refused_as_not_found(personas, cause):
    with pytest.raises(ApplicationError) as refused:
        record(personas, cause, actor=personas.isfahan_worker)  # a Tehran office
    assert refused.value.code == ErrorCode.NOT_FOUND
    with pytest.raises(ApplicationError):
        record(personas, cause, actor=personas.auditor, office=personas.isfahan_county)


def test_a_void_needs_a_reason_frees_the_reference_and_happens_once(personas, cause):
    donation = record(personas, cause, reference="RB-9")
    with pytest.raises(ApplicationError) as refused:
        office.in_person_void(actor=personas.tehran_expert, donation=donation, reason="  ")
    assert refused.value.code == OfficeErrorCode.REASON_REQUIRED
    office.in_person_void(actor=personas.tehran_expert, donation=donation, reason="wrong amount")
    donation.refresh_from_db()
    assert donation.status == DonationStatus.VOIDED and donation.void_reason == "wrong amount"
    assert balance(cause) == 0
    # Its ledger row stays, withdrawn: the service's live figures stop counting the donor.
    row = ServiceDelivery.objects.get(source_id=str(donation.pk), kind="cash_donation")
    assert row.withdrawn_at is not None and row.withdrawn_reason == "void: wrong amount"
    figures = live_figures(service_id=SERVICE_ID, year=row.jalali_year)
    assert figures.total == 0
    with pytest.raises(ApplicationError) as again:
        office.in_person_void(actor=personas.tehran_expert, donation=donation, reason="again")
    assert again.value.code == OfficeErrorCode.ALREADY_VOIDED
    corrected = record(personas, cause, reference="RB-9", amount_rials=3_000_000)
    assert corrected.status == DonationStatus.PAID
    assert Donation.objects.filter(external_reference="RB-9").count() == 2  # nothing deleted
    assert AuditEvent.objects.filter(action="donation.void", object_id=str(donation.pk)).exists()


def test_money_already_spent_by_an_allocation_cannot_be_voided(personas, cause):
    hq = OrgUnit.objects.get(code="HQ")
    finance = make_user("finance", Role.FINANCE_OFFICER, hq)
    head = make_user("head", Role.HEAD_OF_ORGANIZATION, hq)
    donation = record(personas, cause, amount_rials=1_000_000)
    allocation = allocation_propose(
        actor=finance, cause=cause, amount_rials=400_000, purpose="school bags"
    )
    allocation_decide(actor=head, allocation=allocation, approve=True)
    with pytest.raises(ApplicationError) as refused:
        office.in_person_void(actor=personas.tehran_expert, donation=donation, reason="mistake")
    assert refused.value.code == OfficeErrorCode.ALREADY_SPENT
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID and balance(cause) == 600_000


def test_only_in_person_entries_are_voided_here(personas, cause):
    online = Donation.objects.create(
        tracking_code="100000000001",
        cause=cause,
        amount_rials=500_000,
        status=DonationStatus.PAID,
        office=personas.tehran_office,
        paid_at=timezone.now(),
    )
    with pytest.raises(ApplicationError) as refused:
        office.in_person_void(actor=personas.tehran_expert, donation=online, reason="no")
    assert refused.value.code == OfficeErrorCode.NOT_IN_PERSON


def test_another_province_cannot_void_or_see(personas, cause, login):
    donation = record(personas, cause)
    with pytest.raises(ApplicationError) as refused:
        office.in_person_void(actor=personas.isfahan_worker, donation=donation, reason="x")
    assert refused.value.code == ErrorCode.NOT_FOUND
    client = login(personas.isfahan_worker)
    assert client.get(f"/giving/office/donations/{donation.pk}/").status_code == 404
    void = client.post(f"/giving/office/donations/{donation.pk}/void/", {"reason": "x"})
    assert void.status_code == 404
    listing = client.get("/giving/office/donations/").content.decode()
    assert "RB-1001" not in listing
    client.logout()
    own = login(personas.tehran_expert).get("/giving/office/donations/").content.decode()
    assert "RB-1001" in own
    assert Donation.objects.get(pk=donation.pk).status == DonationStatus.PAID


def test_anonymous_is_sent_to_login_and_the_auditor_is_refused(personas, client, login):
    for url in ("/giving/office/", "/giving/office/donations/new/", "/giving/office/goods/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert login(personas.auditor).get("/giving/office/").status_code == 403


def test_staff_record_through_the_page_and_see_the_receipt(personas, cause, login):
    client = login(personas.tehran_expert)
    assert client.get("/giving/office/").status_code == 200
    form = {
        "channel": Channel.BANK_DEPOSIT,
        "reference": "SLIP-42",
        "amount": "۱٬۵۰۰٬۰۰۰",
        "cause": cause.pk,
        "office": personas.tehran_office.pk,
        "received_on": "۱۴۰۳/۰۱/۱۵",
        "donor_name": "خیر نیک‌اندیش",
    }
    response = client.post("/giving/office/donations/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    donation = Donation.objects.get(external_reference="SLIP-42")
    assert donation.amount_rials == 1_500_000 and donation.paid_at.date() == dt.date(2024, 4, 3)
    page = client.get(response["Location"]).content.decode()
    assert "SLIP-42" in page and "۱٬۵۰۰٬۰۰۰" in page
    receipt = client.get(f"/giving/receipt/{donation.tracking_code}.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    again = client.post("/giving/office/donations/new/", form)
    assert again.status_code == 200
    assert "قبلاً" in again.content.decode() or "already" in again.content.decode()
    assert Donation.objects.filter(external_reference="SLIP-42").count() == 1


def test_the_form_refuses_a_future_date_and_an_office_outside_scope(personas, cause, login):
    client = login(personas.tehran_expert)
    form = {
        "channel": Channel.IN_PERSON,
        "reference": "1",
        "amount": "500000",
        "cause": cause.pk,
        "office": personas.isfahan_county.pk,
        "received_on": "۱۴۹۹/۰۱/۰۱",
    }
    response = client.post("/giving/office/donations/new/", form)
    assert response.status_code == 200 and not Donation.objects.exists()
    errors = response.context["form"].errors
    assert "office" in errors and "received_on" in errors


def test_the_list_filters_by_channel_status_and_reference(personas, cause, login):
    record(personas, cause, channel=Channel.POS, reference="P-1")
    cash = record(personas, cause, channel=Channel.IN_PERSON, reference="C-1")
    office.in_person_void(actor=personas.tehran_expert, donation=cash, reason="typo")
    client = login(personas.tehran_expert)
    page = client.get("/giving/office/donations/", {"channel": "pos"}).content.decode()
    assert "P-1<" in page and "C-1<" not in page
    page = client.get("/giving/office/donations/", {"status": "voided"}).content.decode()
    assert "C-1<" in page and "P-1<" not in page
    page = client.get("/giving/office/donations/", {"q": "p-1"}).content.decode()
    assert "P-1<" in page and "C-1<" not in page
