import pytest

from yavar.giving.models import Cause
from yavar.integrations.bank_gateway.testing import running_bank
from yavar.integrations.sms.testing import running_sms


@pytest.fixture
def bank(settings):
    """The Shaparak-style bank simulator on a free port, with the settings pointing at it."""
    with running_bank(settings) as harness:
        yield harness


# The SMS simulator and a plain cause, shared by the donation tests.


@pytest.fixture
def sms(settings, bank):
    with running_sms(settings) as harness:
        yield harness


@pytest.fixture
def cause(db):
    return Cause.objects.create(code="children", area="children", title="کودکان بی‌سرپرست")
