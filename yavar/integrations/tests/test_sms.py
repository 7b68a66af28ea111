"""The SMS client against its simulator: sending, the outbox, faults, and a log that never holds
a number or a text."""

import json
import urllib.request

import pytest

from yavar.core.errors import ApplicationError, ErrorCode
from yavar.integrations.errors import (
    IntegrationError,
    IntegrationErrorCode,
    IntegrationUnavailable,
)
from yavar.integrations.models import InquiryLog
from yavar.integrations.sms import get_sms
from yavar.integrations.sms.config import config
from yavar.integrations.sms.simulator import OUTBOX_LIMIT
from yavar.integrations.sms.testing import API_KEY, running_sms

pytestmark = pytest.mark.django_db

MOBILE = "09121234567"
TEXT = "کمک شما به مبلغ ۵۰۰٬۰۰۰ ریال دریافت شد. سپاس از همراهی‌تان؛ بهزیستی"


@pytest.fixture
def sms(settings):
    with running_sms(settings) as harness:
        yield harness


def send_over_http(url, body):
    assert url.startswith("http://127.0.0.1:")
    request = urllib.request.Request(  # noqa: S310 - loopback, checked
        url + "/sms/v1/send",
        json.dumps(body).encode(),
        {"Content-Type": "application/json", "Authorization": f"Bearer {API_KEY}"},
    )
    with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - checked
        return json.load(response)["id"]


def outbox_over_http(url):
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url + "/_sim/outbox", timeout=2) as response:  # noqa: S310
        return json.load(response)["messages"]


def test_sent_text_lands_in_the_outbox_with_its_id(sms):
    message_id = get_sms().send(mobile=MOBILE, text=TEXT)
    [message] = outbox_over_http(sms.url)
    assert message["id"] == message_id
    assert (message["mobile"], message["text"]) == (MOBILE, TEXT)
    assert message["at"].endswith("+00:00")


def test_mobile_numbers_are_normalised_before_sending(sms):
    get_sms().send(mobile="+98 912 123 4567", text=TEXT)
    get_sms().send(mobile="۰۹۱۲۱۲۳۴۵۶۷", text=TEXT)
    assert [message.mobile for message in sms.simulator.outbox()] == [MOBILE, MOBILE]


def test_malformed_mobile_is_refused_before_anything_is_sent(sms):
    with pytest.raises(ApplicationError) as refused:
        get_sms().send(mobile="0212345678", text=TEXT)
    assert refused.value.code == ErrorCode.INVALID_INPUT and "mobile" in refused.value.fields
    assert sms.simulator.requests_seen == 0 and not InquiryLog.objects.exists()


def test_empty_or_overlong_text_is_a_bug_in_the_caller(sms):
    with pytest.raises(ValueError, match="needs text"):
        get_sms().send(mobile=MOBILE, text="  ")
    with pytest.raises(ValueError, match="at most"):
        get_sms().send(mobile=MOBILE, text="س" * 671)
    assert sms.simulator.outbox() == []


def test_inquiry_log_has_field_names_but_never_the_number_or_the_text(sms):
    get_sms().send(mobile=MOBILE, text=TEXT)
    log = InquiryLog.objects.get()
    assert (log.body, log.operation, log.outcome, log.attempts) == ("sms", "send", "ok", 1)
    assert log.fields_sent == ["local_id", "text", "to"]
    assert log.fields_received == ["id"]
    row = json.dumps(list(InquiryLog.objects.values()), default=str, ensure_ascii=False)
    for secret in (MOBILE, "9121234567", TEXT, "ریال", "بهزیستی"):
        assert secret not in row


def test_provider_down_is_unavailable_and_logged(sms):
    sms.simulator.set_faults(down=True)
    with pytest.raises(IntegrationUnavailable):
        get_sms().send(mobile=MOBILE, text=TEXT)
    log = InquiryLog.objects.get()
    assert (log.outcome, log.error_code, log.attempts) == ("error", "body_unavailable", 3)


def test_server_error_is_retried_without_texting_the_person_twice(sms):
    sms.simulator.set_faults(fail_next=1)
    get_sms().send(mobile=MOBILE, text=TEXT)
    assert len(sms.simulator.outbox()) == 1
    assert InquiryLog.objects.get().attempts == 2


def test_a_repeated_local_id_gets_the_first_id_and_no_second_message(sms):
    # What a retry after a lost answer looks like to the provider.
    body = {"to": MOBILE, "text": TEXT, "local_id": "abc123"}
    first, second = send_over_http(sms.url, body), send_over_http(sms.url, body)
    assert first == second and len(sms.simulator.outbox()) == 1
    assert send_over_http(sms.url, {**body, "local_id": "abc124"}) != first


def test_wrong_api_key_is_refused(sms):
    sms.configure(api_key="wrong")
    with pytest.raises(IntegrationError) as refused:
        get_sms().send(mobile=MOBILE, text=TEXT)
    assert refused.value.code == IntegrationErrorCode.BODY_REJECTED
    assert refused.value.extra["status"] == 401
    assert sms.simulator.outbox() == []


def test_reset_empties_the_outbox(sms):
    get_sms().send(mobile=MOBILE, text=TEXT)
    sms.simulator.reset()
    assert outbox_over_http(sms.url) == []


def test_settings_have_working_defaults_pointing_at_the_simulator(settings):
    del settings.YAVAR_INTEGRATIONS
    defaults = config()
    assert defaults.url == "http://127.0.0.1:8103" and defaults.api_key


@pytest.mark.parametrize("limit", [3, 7])
def test_the_outbox_keeps_its_newest_texts_up_to_the_limit_the_settings_set(settings, limit):
    settings.YAVAR_SMS_SIM_OUTBOX_LIMIT = limit
    with running_sms(settings) as harness:
        sent = [get_sms().send(mobile=MOBILE, text=f"{TEXT} {n}") for n in range(10)]
        assert [m.id for m in harness.simulator.outbox()] == sent[-limit:]


def test_without_a_setting_the_outbox_keeps_the_demo_limit(settings):
    settings.YAVAR_SMS_SIM_OUTBOX_LIMIT = 0
    with running_sms(settings) as harness:
        assert harness.simulator.outbox_limit == OUTBOX_LIMIT
