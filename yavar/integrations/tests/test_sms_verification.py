import re

import pytest
from django.contrib.sessions.backends.db import SessionStore

from yavar.core.errors import ApplicationError
from yavar.integrations.sms import verification
from yavar.integrations.sms.testing import running_sms


def _sent_code(sms) -> str:
    return re.search(r"\d{6}", sms.simulator.outbox()[-1].text).group(0)


@pytest.mark.django_db
def test_code_by_sms_proves_the_mobile(settings):
    session = SessionStore()
    with running_sms(settings) as sms:
        number = verification.send_code(session, "۰۹۱۲۱۲۳۴۵۶۷", text="code {code}")
        code = _sent_code(sms)
    assert number == "09121234567"
    assert verification.verified_mobile(session) is None
    with pytest.raises(ApplicationError):
        verification.confirm_code(session, "000000" if code != "000000" else "111111")
    persian = code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert verification.confirm_code(session, persian) == number
    assert verification.verified_mobile(session) == number
    with pytest.raises(ApplicationError):  # the code is used up
        verification.confirm_code(session, code)


@pytest.mark.django_db
def test_five_wrong_tries_burn_the_code(settings):
    session = SessionStore()
    with running_sms(settings) as sms:
        verification.send_code(session, "09121234567", text="code {code}")
        code = _sent_code(sms)
    wrong = "123456" if code != "123456" else "654321"
    for _ in range(verification.MAX_TRIES):
        with pytest.raises(ApplicationError) as error:
            verification.confirm_code(session, wrong)
        assert error.value.code == verification.VerificationErrorCode.WRONG_CODE
    with pytest.raises(ApplicationError) as error:
        verification.confirm_code(session, code)
    assert error.value.code == verification.VerificationErrorCode.EXPIRED
    assert verification.verified_mobile(session) is None


@pytest.mark.django_db
def test_resend_is_throttled_and_bad_mobile_sends_nothing(settings):
    session = SessionStore()
    with running_sms(settings) as sms:
        verification.send_code(session, "09121234567", text="code {code}")
        with pytest.raises(ApplicationError) as error:
            verification.send_code(session, "09121234567", text="code {code}")
        assert error.value.code == verification.VerificationErrorCode.TOO_SOON
        with pytest.raises(ApplicationError):
            verification.send_code(session, "12345", text="code {code}")
        assert len(sms.simulator.outbox()) == 1
