import pytest

from yavar.integrations.bank_gateway.testing import running_bank


@pytest.fixture
def bank(settings):
    """The Shaparak-style bank simulator on a free port, with the settings pointing at it."""
    with running_bank(settings) as harness:
        yield harness
