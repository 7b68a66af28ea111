"""The client against a body that is down, slow, failing or refusing us."""

import time

import pytest
from django.utils import translation

from yavar.integrations.civil_registry import IdentityStatus, get_civil_registry
from yavar.integrations.errors import (
    IntegrationError,
    IntegrationErrorCode,
    IntegrationUnavailable,
)
from yavar.integrations.models import InquiryLog
from yavar.integrations.simulator import unused_port

from .conftest import CODE, ZAHRA

pytestmark = pytest.mark.django_db


def inquire():
    return get_civil_registry().inquire(
        national_code=CODE,
        birth_date=ZAHRA.birth_date,
        first_name=ZAHRA.first_name,
        last_name=ZAHRA.last_name,
    )


def test_body_down_raises_unavailable_after_the_configured_retries(registry):
    registry.configure(url=f"http://127.0.0.1:{unused_port()}", retries=3)
    with pytest.raises(IntegrationUnavailable) as down:
        inquire()
    assert down.value.code == IntegrationErrorCode.BODY_UNAVAILABLE
    assert down.value.http_status == 503
    log = InquiryLog.objects.get()
    assert (log.outcome, log.error_code, log.attempts) == ("error", "body_unavailable", 4)
    assert log.http_status is None


def test_unavailable_message_names_the_body_and_says_nothing_changed(registry):
    registry.configure(url=f"http://127.0.0.1:{unused_port()}", retries=0)
    with pytest.raises(IntegrationUnavailable) as down, translation.override("en"):
        inquire()
    with translation.override("en"):
        assert str(down.value.message) == (
            "The civil registry system is not answering. Try again later; nothing was changed."
        )


def test_connection_dropped_without_an_answer_is_retried_then_unavailable(registry):
    registry.simulator.set_faults(down=True)
    with pytest.raises(IntegrationUnavailable):
        inquire()
    assert registry.simulator.requests_seen == 3
    assert InquiryLog.objects.get().attempts == 3


def test_server_errors_twice_then_ok_succeeds_on_the_third_attempt(registry):
    registry.simulator.set_faults(fail_next=2)
    assert inquire().status == IdentityStatus.MATCH
    log = InquiryLog.objects.get()
    assert (log.outcome, log.attempts, log.http_status) == ("ok", 3, 200)


def test_server_errors_on_every_attempt_end_unavailable(registry):
    registry.simulator.set_faults(fail_next=10)
    with pytest.raises(IntegrationUnavailable):
        inquire()
    log = InquiryLog.objects.get()
    assert (log.attempts, log.http_status) == (3, 500)


def test_slow_body_times_out_and_is_unavailable(registry):
    registry.configure(timeout=0.1, retries=1)
    registry.simulator.set_faults(delay=5)
    started = time.monotonic()
    with pytest.raises(IntegrationUnavailable):
        inquire()
    assert time.monotonic() - started < 2
    assert InquiryLog.objects.get().attempts == 2


def test_wrong_credentials_are_a_clear_refusal_and_not_retried(registry):
    registry.configure(password="wrong")
    with pytest.raises(IntegrationError) as refused, translation.override("en"):
        inquire()
    assert refused.value.code == IntegrationErrorCode.BODY_REJECTED
    assert not isinstance(refused.value, IntegrationUnavailable)
    assert refused.value.extra == {"body": "civil_registry", "status": 401}
    with translation.override("en"):
        assert "civil registry system refused" in str(refused.value.message)
    log = InquiryLog.objects.get()
    assert (log.error_code, log.attempts, log.http_status) == ("body_rejected", 1, 401)


def test_api_key_is_sent_as_a_bearer_token(registry):
    registry.simulator.api_key = "key-123"
    registry.configure(api_key="key-123", username="", password="")
    assert inquire().status == IdentityStatus.MATCH
    registry.configure(api_key="key-456")
    with pytest.raises(IntegrationError):
        inquire()


def test_an_answer_that_is_not_json_is_a_bad_response(registry):
    registry.simulator.set_faults(garble=True)
    with pytest.raises(IntegrationError) as garbled:
        inquire()
    assert garbled.value.code == IntegrationErrorCode.BAD_RESPONSE
    assert InquiryLog.objects.get().error_code == "bad_response"
