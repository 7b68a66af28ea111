"""Cash donations online against the bank-gateway simulator through the real HTTP client:
the happy path and every way the callback can lie, race, or never come."""

import datetime as dt

import pytest
from django.utils import timezone

from yavar.catalog.models import ServiceDelivery
from yavar.core.errors import ApplicationError
from yavar.giving import services
from yavar.giving.enums import Channel, DonationStatus, GivingErrorCode
from yavar.giving.models import Donation
from yavar.integrations.bank_gateway.protocol import CallbackStatus
from yavar.integrations.enums import InquiryOutcome
from yavar.integrations.models import InquiryLog

pytestmark = pytest.mark.django_db
CALLBACK = "/giving/callback/"


def start(cause, amount=500_000, **kw):
    donation = services.donation_start(cause=cause, amount_rials=amount, **kw)
    url = services.donation_send_to_bank(
        donation=donation, callback_url="http://testserver" + CALLBACK
    )
    donation.refresh_from_db()
    return donation, url


def test_donor_pays_gets_a_receipt_and_an_sms(
    cause, bank, sms, client, django_capture_on_commit_callbacks
):
    donation, url = start(cause, donor_mobile="09121234567", donor_name="مهربان")
    assert url.startswith(bank.url) and donation.gateway_token in url
    payment = bank.simulator.pay(donation.gateway_token)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CALLBACK, payment.fields)
    assert response.status_code == 302
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID and len(donation.bank_reference) == 12
    page = client.get(response["Location"]).content.decode()
    assert "۵۰۰٬۰۰۰" in page
    pdf = client.get(f"/giving/receipt/{donation.tracking_code}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    texts = [m.text for m in sms.simulator.outbox()]
    assert len(texts) == 1 and "کد رهگیری" in texts[0]
    assert ServiceDelivery.objects.filter(kind="cash_donation").count() == 1


def test_a_tampered_amount_in_the_callback_changes_nothing(cause, bank, client):
    donation, _url = start(cause, amount=500_000)
    payment = bank.simulator.pay(donation.gateway_token)
    client.post(CALLBACK, {**payment.fields, "amount": "1"})
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID and donation.amount_rials == 500_000


def test_a_bank_amount_that_differs_from_ours_is_refunded_not_counted(cause, bank, client):
    donation, _url = start(cause, amount=500_000)
    bank.simulator.pay(donation.gateway_token)
    Donation.objects.filter(pk=donation.pk).update(amount_rials=5_000_000)  # our record ≠ bank's
    client.post(CALLBACK, {"order_id": donation.tracking_code, "token": donation.gateway_token})
    donation.refresh_from_db()
    assert donation.status == DonationStatus.REVERSED
    assert bank.simulator.transaction(donation.gateway_token).status == "REVERSED"
    assert not ServiceDelivery.objects.exists()


def test_replayed_and_double_callbacks_count_once(cause, bank, client):
    donation, _url = start(cause)
    payment = bank.simulator.pay(donation.gateway_token)
    for _ in range(3):
        assert client.post(CALLBACK, payment.fields).status_code == 302
    assert Donation.objects.get(pk=donation.pk).status == DonationStatus.PAID
    assert ServiceDelivery.objects.count() == 1


def test_forged_callbacks_find_nothing_and_change_nothing(cause, bank, client):
    mine, _ = start(cause)
    other, _ = start(cause)
    forged = [
        {"order_id": "000000000000", "token": mine.gateway_token, "status": "OK"},
        {"order_id": other.tracking_code, "token": mine.gateway_token, "status": "OK"},
        {"order_id": mine.tracking_code, "token": "forged-token", "status": "OK"},
    ]
    for fields in forged:
        assert client.post(CALLBACK, fields).status_code == 404
    statuses = set(Donation.objects.values_list("status", flat=True))
    assert statuses == {DonationStatus.PENDING}


def test_a_forged_cancel_does_not_close_a_donation_still_being_paid(cause, bank, client):
    donation, _ = start(cause)
    client.post(
        CALLBACK,
        {"order_id": donation.tracking_code, "token": donation.gateway_token, "status": "CANCELED"},
    )
    assert Donation.objects.get(pk=donation.pk).status == DonationStatus.PENDING
    payment = bank.simulator.pay(donation.gateway_token)
    client.post(CALLBACK, payment.fields)
    assert Donation.objects.get(pk=donation.pk).status == DonationStatus.PAID


def test_a_real_cancel_closes_the_donation(cause, bank, client):
    donation, _ = start(cause)
    payment = bank.simulator.pay(donation.gateway_token, outcome=CallbackStatus.CANCELED)
    client.post(CALLBACK, payment.fields)
    assert Donation.objects.get(pk=donation.pk).status == DonationStatus.FAILED


def test_verify_that_fails_leaves_it_pending_and_the_recheck_settles_it(cause, bank, client):
    donation, _ = start(cause)
    payment = bank.simulator.pay(donation.gateway_token)
    bank.simulator.set_faults(verify_fail_next=5)
    client.post(CALLBACK, payment.fields)
    assert Donation.objects.get(pk=donation.pk).status == DonationStatus.PENDING
    bank.simulator.set_faults(verify_fail_next=0)
    Donation.objects.filter(pk=donation.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=30)
    )
    assert services.recheck_pending()["paid"] == 1
    assert Donation.objects.get(pk=donation.pk).status == DonationStatus.PAID


def test_a_verify_that_times_out_after_the_money_moved_is_not_lost(cause, bank, client):
    donation, _ = start(cause)
    payment = bank.simulator.pay(donation.gateway_token)
    # Every try times out although the bank did verify: the money moved and nobody heard.
    bank.simulator.set_faults(verify_timeout_next=3, verify_delay=1.2)
    client.post(CALLBACK, payment.fields)
    assert Donation.objects.get(pk=donation.pk).status == DonationStatus.PENDING
    Donation.objects.filter(pk=donation.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=30)
    )
    services.recheck_pending()
    assert Donation.objects.get(pk=donation.pk).status == DonationStatus.PAID
    assert ServiceDelivery.objects.count() == 1


def test_a_donor_who_never_returns_is_settled_by_the_task_and_the_rest_expire(cause, bank):
    paid, _ = start(cause)
    unpaid, _ = start(cause)
    bank.simulator.pay(paid.gateway_token, redirect=False)
    Donation.objects.update(created_at=timezone.now() - dt.timedelta(hours=2))
    counts = services.recheck_pending()
    assert counts["paid"] == 1 and counts["expired"] == 1
    assert Donation.objects.get(pk=paid.pk).status == DonationStatus.PAID
    assert Donation.objects.get(pk=unpaid.pk).status == DonationStatus.EXPIRED
    mine = {t["order_id"]: t["status"] for t in bank.simulator.transactions()}
    assert mine[paid.tracking_code] == "VERIFIED"


def test_too_small_a_gift_is_refused_with_a_clear_message(cause):
    with pytest.raises(ApplicationError) as err:
        services.donation_start(cause=cause, amount_rials=5_000)
    assert err.value.code == GivingErrorCode.AMOUNT_TOO_SMALL
    assert not Donation.objects.exists()


def test_the_bank_being_down_charges_nothing_and_says_so(cause, bank, client):
    bank.simulator.set_faults(down=True)
    response = client.post(
        "/giving/donate/", {"cause": cause.pk, "amount": "۵۰٬۰۰۰", "unit": "toman"}
    )
    assert response.status_code == 200
    assert "بانک" in response.content.decode()
    # The bank is asked first: with no token there is no donation to leave pending, and the
    # failed call is in the inquiry log.
    assert not Donation.objects.exists()
    logged = InquiryLog.objects.get(operation="request_token")
    assert logged.outcome != InquiryOutcome.OK


def test_donate_page_sends_the_donor_to_the_bank(cause, bank, client):
    response = client.post(
        "/giving/donate/",
        {"cause": cause.pk, "amount": "۵۰٬۰۰۰", "unit": "toman", "donor_mobile": "۰۹۱۲۳۴۵۶۷۸۹"},
    )
    assert response.status_code == 302 and response["Location"].startswith(bank.url)
    donation = Donation.objects.get()
    assert donation.amount_rials == 500_000 and donation.donor_mobile == "09123456789"


def test_only_a_web_donation_is_sent_to_the_bank_page(cause, bank):
    with pytest.raises(ValueError):
        services.donation_start(
            cause=cause, amount_rials=500_000, channel=Channel.POS, callback_url="https://x/cb"
        )
    assert not Donation.objects.exists() and not bank.simulator.transactions()
    office = services.donation_start(cause=cause, amount_rials=500_000)
    with pytest.raises(ApplicationError) as err:
        services.bank_page_url(office)  # not at the bank yet: no page to send anyone to
    assert err.value.code == GivingErrorCode.UNKNOWN_DONATION
