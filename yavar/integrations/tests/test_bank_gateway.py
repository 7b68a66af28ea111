"""The payment gateway client against its simulator: the payment's life, refusals, faults."""

from datetime import timedelta

import pytest
from django.utils import translation

from yavar.core.errors import ApplicationError, ErrorCode
from yavar.integrations.bank_gateway import (
    BankErrorCode,
    BankGatewayError,
    CallbackStatus,
    OrderStatus,
    PaymentStateUnknown,
    ReverseStatus,
    VerifyStatus,
    get_bank_gateway,
)
from yavar.integrations.bank_gateway.config import config
from yavar.integrations.bank_gateway.testing import running_bank
from yavar.integrations.enums import InquiryMode
from yavar.integrations.errors import (
    IntegrationError,
    IntegrationErrorCode,
    IntegrationUnavailable,
)
from yavar.integrations.models import InquiryLog
from yavar.integrations.simulator import unused_port

pytestmark = pytest.mark.django_db

CALLBACK = "http://127.0.0.1:8000/giving/callback/"
AMOUNT = 500_000
MOBILE = "09121234567"


@pytest.fixture
def bank(settings):
    with running_bank(settings) as harness:
        yield harness


def token_for(order_id, amount=AMOUNT, **given):
    return get_bank_gateway().request_token(
        order_id=order_id, amount_rials=amount, callback_url=CALLBACK, **given
    )


# --- a payment's life -----------------------------------------------------------------------


def test_paid_order_verifies_once_then_answers_already_verified_with_the_same_data(bank):
    token = token_for("D-1001", mobile=MOBILE)
    payment = bank.simulator.pay(token)
    assert payment.fields["status"] == "OK" and payment.deliveries == 1

    first = get_bank_gateway().verify(token=token, order_id="D-1001")
    assert first.status == VerifyStatus.VERIFIED and first.paid
    assert first.amount_rials == AMOUNT
    assert first.reference == payment.fields["reference"] and len(first.reference) == 12
    assert first.card_mask == "603799******1235" and first.trace

    again = get_bank_gateway().verify(token=token, order_id="D-1001")
    assert again.status == VerifyStatus.ALREADY_VERIFIED and again.paid
    assert (again.reference, again.amount_rials, again.card_mask, again.trace) == (
        first.reference,
        first.amount_rials,
        first.card_mask,
        first.trace,
    )


def test_cancelled_payment_is_not_paid(bank):
    token = token_for("D-1002")
    payment = bank.simulator.pay(token, outcome=CallbackStatus.CANCELED)
    assert payment.fields["status"] == "CANCELED" and payment.fields["reference"] == ""
    result = get_bank_gateway().verify(token=token, order_id="D-1002")
    assert result.status == VerifyStatus.NOT_PAID and not result.paid
    assert result.reference == ""
    assert get_bank_gateway().inquire(order_id="D-1002").status == OrderStatus.CANCELED


def test_declined_card_is_not_paid_and_inquiry_calls_it_cancelled(bank):
    token = token_for("D-1003")
    assert bank.simulator.pay(token, outcome=CallbackStatus.FAILED).fields["status"] == "FAILED"
    assert get_bank_gateway().verify(token=token, order_id="D-1003").status == "NOT_PAID"
    assert get_bank_gateway().inquire(order_id="D-1003").status == OrderStatus.CANCELED


def test_unpaid_token_is_not_paid_and_pending(bank):
    token = token_for("D-1004")
    assert get_bank_gateway().verify(token=token, order_id="D-1004").status == "NOT_PAID"
    state = get_bank_gateway().inquire(order_id="D-1004")
    assert (state.status, state.token, state.amount_rials) == ("PENDING", token, AMOUNT)
    assert not state.paid


def test_token_presented_with_another_order_is_unknown(bank):
    token = token_for("D-1005")
    bank.simulator.pay(token)
    result = get_bank_gateway().verify(token=token, order_id="D-9999")
    assert result.status == VerifyStatus.UNKNOWN_TOKEN and not result.paid
    assert InquiryLog.objects.get(operation="verify").outcome == "not_found"
    assert bank.simulator.transaction(token).status == "PAID_UNVERIFIED"


def test_paid_unverified_order_can_be_reversed_and_reversing_again_answers_the_same(bank):
    token = token_for("D-1006")
    bank.simulator.pay(token)
    result = get_bank_gateway().reverse(token=token, order_id="D-1006")
    assert result.status == ReverseStatus.REVERSED
    assert result.amount_rials == AMOUNT and len(result.reference) == 12
    assert get_bank_gateway().verify(token=token, order_id="D-1006").status == "REVERSED"
    assert get_bank_gateway().reverse(token=token, order_id="D-1006").status == "REVERSED"
    assert get_bank_gateway().inquire(order_id="D-1006").status == OrderStatus.REVERSED


def test_verified_order_can_be_reversed_within_the_window_only(bank):
    first, second = token_for("D-1007"), token_for("D-1008")
    for token, order in ((first, "D-1007"), (second, "D-1008")):
        bank.simulator.pay(token)
        get_bank_gateway().verify(token=token, order_id=order)
    assert get_bank_gateway().reverse(token=first, order_id="D-1007").status == "REVERSED"

    bank.simulator.reverse_window = timedelta(0)
    with pytest.raises(BankGatewayError) as refused:
        get_bank_gateway().reverse(token=second, order_id="D-1008")
    assert refused.value.code == BankErrorCode.REVERSE_WINDOW_PASSED
    assert refused.value.http_status == 409
    assert bank.simulator.transaction(second).status == "VERIFIED"


def test_unpaid_or_unknown_orders_have_nothing_to_reverse(bank):
    token = token_for("D-1009")
    assert get_bank_gateway().reverse(token=token, order_id="D-1009").status == "NOT_PAID"
    assert get_bank_gateway().reverse(token=token, order_id="D-0000").status == "UNKNOWN_TOKEN"


def test_inquiry_finds_an_order_paid_by_a_donor_who_never_came_back(bank):
    token = token_for("D-1010")
    payment = bank.simulator.pay(token, redirect=False)
    assert payment.deliveries == 0  # no callback: only inquiry can find it

    state = get_bank_gateway(mode=InquiryMode.BATCH).inquire(order_id="D-1010")
    assert state.status == OrderStatus.PAID_UNVERIFIED and state.paid
    assert (state.token, state.amount_rials) == (token, AMOUNT)
    assert state.reference == payment.fields["reference"]

    assert get_bank_gateway().verify(token=state.token, order_id="D-1010").paid
    assert get_bank_gateway().inquire(order_id="D-1010").status == OrderStatus.VERIFIED
    assert InquiryLog.objects.filter(mode="batch").count() == 1


def test_inquiry_about_an_order_the_bank_never_saw_is_unknown(bank):
    state = get_bank_gateway().inquire(order_id="D-404")
    assert state.status == OrderStatus.UNKNOWN and state.token == "" and not state.paid
    assert InquiryLog.objects.get().outcome == "not_found"


def test_payment_url_is_the_banks_page_for_the_token(bank):
    token = token_for("D-1011")
    assert get_bank_gateway().payment_url(token) == f"{bank.url}/ipg/v1/pay/{token}"


# --- refusals -------------------------------------------------------------------------------


def test_amount_below_the_minimum_is_refused_before_anything_is_sent(bank):
    with pytest.raises(BankGatewayError) as refused, translation.override("en"):
        token_for("D-2001", amount=9_999)
    assert refused.value.code == BankErrorCode.AMOUNT_BELOW_MINIMUM
    assert refused.value.http_status == 400
    with translation.override("en"):
        assert str(refused.value.message) == "The bank accepts payments of 10,000 rials or more."
    assert bank.simulator.requests_seen == 0 and not InquiryLog.objects.exists()
    for wrong in (0, -50_000):
        with pytest.raises(BankGatewayError):
            token_for("D-2001", amount=wrong)
    with pytest.raises(TypeError):
        token_for("D-2001", amount=50_000.0)


def test_amount_the_bank_itself_refuses_gets_the_same_code(bank):
    bank.simulator.min_amount_rials = 1_000_000
    with pytest.raises(BankGatewayError) as refused:
        token_for("D-2002", amount=500_000)
    assert refused.value.code == BankErrorCode.AMOUNT_BELOW_MINIMUM
    log = InquiryLog.objects.get()
    assert (log.outcome, log.error_code, log.http_status) == ("error", "amount_below_minimum", 400)


def test_duplicate_order_id_is_refused_with_a_clear_code(bank):
    first = token_for("D-2003")
    with pytest.raises(BankGatewayError) as refused:
        token_for("D-2003")
    assert isinstance(refused.value, IntegrationError)
    assert refused.value.code == BankErrorCode.DUPLICATE_ORDER
    assert refused.value.extra == {"body": "bank_gateway"}
    assert get_bank_gateway().inquire(order_id="D-2003").token == first  # the first one stands
    assert InquiryLog.objects.filter(error_code="duplicate_order").count() == 1


def test_malformed_mobile_is_refused_before_anything_is_sent(bank):
    with pytest.raises(ApplicationError) as refused:
        token_for("D-2004", mobile="0912")
    assert refused.value.code == ErrorCode.INVALID_INPUT and "mobile" in refused.value.fields
    assert bank.simulator.requests_seen == 0


def test_order_ids_and_callback_urls_from_code_are_checked(bank):
    with pytest.raises(ValueError, match="order_id"):
        token_for("سفارش ۱")
    with pytest.raises(ValueError, match="callback_url"):
        get_bank_gateway().request_token(
            order_id="D-2005", amount_rials=AMOUNT, callback_url="/giving/callback/"
        )


def test_wrong_credentials_are_refused_and_not_retried(bank):
    bank.configure(password="wrong")
    with pytest.raises(IntegrationError) as refused:
        token_for("D-2006")
    assert refused.value.code == IntegrationErrorCode.BODY_REJECTED
    assert refused.value.extra == {"body": "bank_gateway", "status": 401}
    log = InquiryLog.objects.get()
    assert (log.error_code, log.attempts, log.http_status) == ("body_rejected", 1, 401)


def test_wrong_terminal_id_is_refused(bank):
    bank.configure(terminal_id="9999999")
    with pytest.raises(IntegrationError) as refused:
        get_bank_gateway().inquire(order_id="D-2007")
    assert refused.value.code == IntegrationErrorCode.BODY_REJECTED
    assert refused.value.extra["status"] == 403


def test_api_key_is_sent_as_a_bearer_token(bank):
    bank.simulator.api_key = "ipg-key"
    bank.configure(username="", password="", api_key="ipg-key")
    assert token_for("D-2008")


# --- faults ---------------------------------------------------------------------------------


def test_body_down_is_unavailable_after_retries_for_reads(bank):
    bank.configure(url=f"http://127.0.0.1:{unused_port()}", retries=2)
    with pytest.raises(IntegrationUnavailable):
        get_bank_gateway().inquire(order_id="D-3001")
    log = InquiryLog.objects.get()
    assert (log.operation, log.error_code, log.attempts) == ("inquiry", "body_unavailable", 3)


def test_token_request_is_not_retried_since_a_retry_would_be_a_duplicate(bank):
    bank.simulator.set_faults(fail_next=1)
    with pytest.raises(IntegrationUnavailable) as down, translation.override("en"):
        token_for("D-3002")
    with translation.override("en"):
        assert "nothing was changed" in str(down.value.message)  # true: nobody has paid
    assert InquiryLog.objects.get().attempts == 1
    assert token_for("D-3003")  # the donor tries again, with a new order


def test_verify_answering_500_is_retried_then_succeeds(bank):
    token = token_for("D-3004")
    bank.simulator.pay(token)
    bank.simulator.set_faults(verify_fail_next=2)
    assert get_bank_gateway().verify(token=token, order_id="D-3004").status == "VERIFIED"
    log = InquiryLog.objects.get(operation="verify")
    assert (log.outcome, log.attempts, log.http_status) == ("ok", 3, 200)


def test_verify_whose_answer_was_lost_is_retried_and_answers_already_verified(bank):
    bank.configure(timeout=0.2)
    token = token_for("D-3005")
    bank.simulator.pay(token)
    bank.simulator.set_faults(verify_timeout_next=1, verify_delay=2)
    result = get_bank_gateway().verify(token=token, order_id="D-3005")
    # The first try was carried out at the bank, so the retry finds it done; `paid` is what
    # callers check, and it holds either way.
    assert result.status == VerifyStatus.ALREADY_VERIFIED and result.paid
    assert InquiryLog.objects.get(operation="verify").attempts == 2


def test_verify_never_answered_raises_payment_state_unknown_not_nothing_changed(bank):
    bank.configure(retries=1)
    token = token_for("D-3006")
    bank.simulator.pay(token)
    bank.simulator.set_faults(verify_fail_next=5)
    with pytest.raises(PaymentStateUnknown) as unknown, translation.override("en"):
        get_bank_gateway().verify(token=token, order_id="D-3006")
    assert isinstance(unknown.value, IntegrationUnavailable)
    assert unknown.value.code == IntegrationErrorCode.BODY_UNAVAILABLE
    assert unknown.value.http_status == 503
    with translation.override("en"):
        message = str(unknown.value.message)
    assert "not yet known whether this payment went through" in message
    assert "nothing was changed" not in message
    assert InquiryLog.objects.get(operation="verify").error_code == "body_unavailable"


def test_reverse_is_tried_once_only(bank):
    token = token_for("D-3007")
    bank.simulator.pay(token)
    bank.simulator.set_faults(fail_next=1)
    with pytest.raises(PaymentStateUnknown):
        get_bank_gateway().reverse(token=token, order_id="D-3007")
    assert InquiryLog.objects.get(operation="reverse").attempts == 1
    # Whoever retries asks first: the bank still holds the payment, so reversing is safe.
    assert get_bank_gateway().inquire(order_id="D-3007").status == "PAID_UNVERIFIED"
    assert get_bank_gateway().reverse(token=token, order_id="D-3007").status == "REVERSED"


def test_garbled_answer_is_a_bad_response(bank):
    bank.simulator.set_faults(garble=True)
    with pytest.raises(IntegrationError) as garbled:
        get_bank_gateway().inquire(order_id="D-3008")
    assert garbled.value.code == IntegrationErrorCode.BAD_RESPONSE


# --- the inquiry log ------------------------------------------------------------------------


def test_every_call_is_logged_with_field_names_only(bank):
    token = token_for("D-4001", mobile=MOBILE)
    payment = bank.simulator.pay(token)
    get_bank_gateway().verify(token=token, order_id="D-4001")
    get_bank_gateway().inquire(order_id="D-4001")
    get_bank_gateway().reverse(token=token, order_id="D-4001")
    rows = list(InquiryLog.objects.order_by("id"))
    assert [(row.body, row.operation, row.outcome) for row in rows] == [
        ("bank_gateway", "request_token", "ok"),
        ("bank_gateway", "verify", "ok"),
        ("bank_gateway", "inquiry", "ok"),
        ("bank_gateway", "reverse", "ok"),
    ]
    assert rows[0].fields_sent == [
        "amount",
        "callback_url",
        "mobile",
        "order_id",
        "terminal_id",
    ]
    assert rows[0].fields_received == ["token"]
    assert rows[1].fields_sent == ["order_id", "terminal_id", "token"]
    assert rows[1].fields_received == [
        "amount",
        "card_mask",
        "order_id",
        "reference",
        "status",
        "token",
        "trace",
    ]
    logged = " ".join(str(value) for row in InquiryLog.objects.values() for value in row.values())
    for secret in (token, "D-4001", MOBILE, str(AMOUNT), payment.fields["reference"], "603799"):
        assert secret not in logged


def test_settings_have_working_defaults_pointing_at_the_simulator(settings):
    del settings.YAVAR_INTEGRATIONS
    defaults = config()
    assert defaults.url == "http://127.0.0.1:8102" and defaults.port == 8102
    assert defaults.terminal_id and defaults.username and defaults.timeout == 10.0
