"""Benefactor accounts: a donor proves their mobile by an SMS code (through the real SMS client
and its simulator), sees only their own gifts, keeps a validated profile whose preferences
apply when they give, and staff find benefactors by code, mobile or name."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yavar.audit.models import AccessEvent
from yavar.core.errors import ApplicationError
from yavar.core.persian import to_ascii_digits
from yavar.core.validators import complete_national_code, normalize_legal_entity_id
from yavar.giving import office, services
from yavar.giving.benefactors import BenefactorData, benefactor_create
from yavar.giving.enums import Channel, DonationStatus, OfficeErrorCode
from yavar.giving.models import Benefactor, Cause, Donation
from yavar.integrations.sms.testing import running_sms

pytestmark = pytest.mark.django_db
MINE, THEIRS = "09121110000", "09351110000"
NATIONAL_CODE = complete_national_code("001234567")


def legal_id(first_ten: str) -> str:
    for digit in range(10):
        try:
            return normalize_legal_entity_id(f"{first_ten}{digit}")
        except ValidationError:
            continue
    raise AssertionError("no check digit fits")


@pytest.fixture
def cause(db):
    return Cause.objects.create(code="general", area="general", title="هر جا که نیاز است")


@pytest.fixture
def sms(settings):
    with running_sms(settings) as harness:
        yield harness


def sign_in(client, sms, mobile=MINE):
    response = client.post("/giving/me/sign-in/", {"mobile": to_persian(mobile)})
    assert response.status_code == 200 and response.context["step"] == "code"
    text = to_ascii_digits(sms.simulator.outbox()[-1].text)
    code = re.search(r"\d{6}", text).group(0)
    return client.post("/giving/me/sign-in/", {"code": code})


def to_persian(text):
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def cash(personas, cause, reference, mobile, amount=1_000_000):
    return office.in_person_record(
        actor=personas.tehran_expert,
        channel=Channel.IN_PERSON,
        reference=reference,
        amount_rials=amount,
        cause=cause,
        office=personas.tehran_office,
        received_on=timezone.localdate(),
        donor_mobile=mobile,
    )


def test_a_donor_signs_in_by_sms_code_and_sees_only_their_own_gifts(personas, cause, sms, client):
    mine = cash(personas, cause, "R-1", MINE, amount=1_230_000)
    theirs = cash(personas, cause, "R-2", THEIRS, amount=4_560_000)
    assert client.get("/giving/me/")["Location"] == "/giving/me/sign-in/"
    response = sign_in(client, sms)
    assert response.status_code == 302 and response["Location"] == "/giving/me/"
    page = client.get("/giving/me/").content.decode()
    assert to_persian(mine.tracking_code) in page and "۱٬۲۳۰٬۰۰۰" in page
    assert to_persian(theirs.tracking_code) not in page and "۴٬۵۶۰٬۰۰۰" not in page
    client.post("/giving/me/sign-out/")
    assert client.get("/giving/me/").status_code == 302


def test_a_wrong_code_signs_nobody_in(personas, sms, client):
    client.post("/giving/me/sign-in/", {"mobile": MINE})
    sent = re.search(r"\d{6}", to_ascii_digits(sms.simulator.outbox()[-1].text)).group(0)
    wrong = "000000" if sent != "000000" else "111111"
    response = client.post("/giving/me/sign-in/", {"code": wrong})
    assert response.status_code == 200 and response.context["code_form"].errors
    assert client.get("/giving/me/").status_code == 302


def test_a_bad_mobile_is_refused_without_sending_anything(sms, client):
    response = client.post("/giving/me/sign-in/", {"mobile": "12345"})
    assert response.context["mobile_form"].errors and sms.simulator.outbox() == []


def test_a_donor_keeps_a_validated_profile_under_their_proven_mobile(personas, sms, client):
    sign_in(client, sms)
    bad = {"kind": "person", "name": "مریم نیکو", "national_code": "1234567890"}
    response = client.post("/giving/me/profile/new/", bad)
    assert response.status_code == 200 and "national_code" in response.context["form"].errors
    assert not Benefactor.objects.exists()
    good = {**bad, "national_code": to_persian(NATIONAL_CODE), "wants_sms": "on", "anonymous": "on"}
    assert client.post("/giving/me/profile/new/", good).status_code == 302
    benefactor = Benefactor.objects.get()
    assert benefactor.mobile == MINE and benefactor.national_code == NATIONAL_CODE
    assert benefactor.anonymous and benefactor.wants_sms and benefactor.legal_id is None
    edit = {**good, "version": benefactor.version}
    edit.pop("wants_sms")
    assert client.post(f"/giving/me/profile/{benefactor.pk}/", edit).status_code == 302
    benefactor.refresh_from_db()
    assert not benefactor.wants_sms and benefactor.version == 2


def test_a_donor_cannot_open_a_profile_of_another_mobile(personas, sms, client):
    other = benefactor_create(
        actor=personas.tehran_expert,
        data=BenefactorData(
            kind="legal", name="شرکت نمونه", mobile=THEIRS, legal_id=legal_id("1010123456")
        ),
    )
    sign_in(client, sms)
    assert client.get(f"/giving/me/profile/{other.pk}/").status_code == 404


def test_the_same_national_code_cannot_be_registered_twice(personas):
    data = BenefactorData(kind="person", name="الف", mobile=MINE, national_code=NATIONAL_CODE)
    benefactor_create(actor=personas.tehran_expert, data=data)
    with pytest.raises(ApplicationError) as refused:
        benefactor_create(actor=None, data=data)
    assert refused.value.code == OfficeErrorCode.DUPLICATE_BENEFACTOR
    assert Benefactor.objects.count() == 1


def test_giving_after_sign_in_links_the_profile_applies_anonymity_and_skips_unwanted_sms(
    personas, cause, sms, bank, client, django_capture_on_commit_callbacks
):
    benefactor = benefactor_create(
        actor=None,
        data=BenefactorData(
            kind="person",
            name="مریم نیکو",
            mobile=MINE,
            national_code=NATIONAL_CODE,
            wants_sms=False,
            anonymous=True,
        ),
    )
    sign_in(client, sms)
    sent_before = len(sms.simulator.outbox())
    form = client.get("/giving/donate/").context["form"]
    assert form.initial["anonymous"] is True and form.initial["donor_mobile"] == MINE
    response = client.post(
        "/giving/donate/",
        {
            "cause": cause.pk,
            "amount": "50000",
            "unit": "toman",
            "donor_name": "مریم نیکو",
            "donor_mobile": MINE,
            "anonymous": "on",
        },
    )
    assert response.status_code == 302 and response["Location"].startswith(bank.url)
    donation = Donation.objects.get()
    assert donation.benefactor == benefactor and donation.anonymous and donation.donor_name == ""
    payment = bank.simulator.pay(donation.gateway_token)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/giving/callback/", payment.fields)
    assert Donation.objects.get().status == DonationStatus.PAID
    assert len(sms.simulator.outbox()) == sent_before  # the benefactor turned SMS receipts off


def test_an_unproven_mobile_on_the_donate_page_links_no_profile(personas, cause, bank):
    benefactor_create(
        actor=None,
        data=BenefactorData(kind="person", name="ب", mobile=MINE, national_code=NATIONAL_CODE),
    )
    donation = services.donation_start(cause=cause, amount_rials=500_000, donor_mobile=MINE)
    assert donation.benefactor is None


def test_staff_find_a_benefactor_and_see_their_history(personas, cause, login, client):
    company = benefactor_create(
        actor=personas.tehran_expert,
        data=BenefactorData(
            kind="legal", name="شرکت فولاد نیک", mobile=THEIRS, legal_id=legal_id("1010123456")
        ),
    )
    office.in_person_record(
        actor=personas.tehran_expert,
        channel=Channel.POS,
        reference="POS-1",
        amount_rials=7_000_000,
        cause=cause,
        office=personas.tehran_office,
        received_on=timezone.localdate(),
        benefactor=company,
    )
    assert client.get("/giving/office/benefactors/").status_code == 302  # anonymous
    staff = login(personas.isfahan_worker)
    for query in (company.legal_id, to_persian(THEIRS), "فولاد"):
        page = staff.get("/giving/office/benefactors/", {"q": query}).content.decode()
        assert "شرکت فولاد نیک" in page, query
    page = staff.get("/giving/office/benefactors/", {"q": "0000000000"}).content.decode()
    assert "شرکت فولاد نیک" not in page
    detail = staff.get(f"/giving/office/benefactors/{company.pk}/").content.decode()
    assert "۷٬۰۰۰٬۰۰۰" in detail
    assert AccessEvent.objects.filter(object_id=str(company.pk)).exists()


def test_staff_register_a_benefactor_at_the_office(personas, login):
    staff = login(personas.tehran_expert)
    form = {"kind": "legal", "name": "خیریه نمونه", "legal_id": "12345678901", "mobile": THEIRS}
    response = staff.post("/giving/office/benefactors/new/", form)
    assert response.status_code == 200 and "legal_id" in response.context["form"].errors
    form["legal_id"] = legal_id("1010123456")
    response = staff.post("/giving/office/benefactors/new/", form)
    assert response.status_code == 302
    assert Benefactor.objects.get().kind == "legal"
